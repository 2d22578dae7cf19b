"""The server on loopback, called with the `openai` client and raw HTTP: answers, mixed-adapter batches equal to
each adapter alone, tenants, hot swap under load, bad input, and logs free of keys and prompts."""

from __future__ import annotations

import json
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import openai
import pytest
from deploy_runs import KEYS

HELLO = [{"role": "user", "content": "Write a function that adds two numbers."}]


def client(server: Any, who: str = "admin") -> openai.OpenAI:
    return openai.OpenAI(base_url=f"{server.url}/v1", api_key=KEYS[who], max_retries=0)


def post(server: Any, route: str, body: Any, who: str | None = "admin") -> httpx.Response:
    headers = {"Authorization": f"Bearer {KEYS[who]}"} if who else {}
    content = body if isinstance(body, bytes) else json.dumps(body).encode()
    return httpx.post(f"{server.url}{route}", content=content, headers=headers, timeout=120)


def reference_text(base: Path, adapter_dir: Path | None, prompt_ids: list[int], max_new: int) -> str:
    """What plain transformers + peft generate greedily for one prompt alone under one adapter."""
    import torch
    from peft import PeftModel
    from transformers import AutoModelForCausalLM, AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(base)
    model = AutoModelForCausalLM.from_pretrained(base)
    if adapter_dir is not None:
        model = PeftModel.from_pretrained(model, str(adapter_dir))
    with torch.no_grad():
        out = model.eval().generate(input_ids=torch.tensor([prompt_ids]), max_new_tokens=max_new, do_sample=False,
                                    pad_token_id=tokenizer.pad_token_id, eos_token_id=tokenizer.eos_token_id)
    new = [t for t in out[0, len(prompt_ids):].tolist() if t != tokenizer.eos_token_id]
    return tokenizer.decode(new, skip_special_tokens=True)


def test_openai_client_gets_answers_plain_and_streaming(server: Any) -> None:
    api = client(server, "acme")
    plain = api.chat.completions.create(model="support-bot", messages=HELLO, max_tokens=12, temperature=0)
    assert plain.choices[0].finish_reason == "length"
    assert plain.usage.completion_tokens == 12 and plain.usage.prompt_tokens > 5
    chunks = list(api.chat.completions.create(model="support-bot", messages=HELLO, max_tokens=12, temperature=0,
                                              stream=True))
    assert chunks[0].choices[0].delta.role == "assistant"
    assert "".join(c.choices[0].delta.content or "" for c in chunks) == plain.choices[0].message.content
    assert chunks[-1].choices[0].finish_reason == "length"
    text = api.completions.create(model="tiny", prompt="def add(a, b):", max_tokens=6, temperature=0)
    streamed = api.completions.create(model="tiny", prompt="def add(a, b):", max_tokens=6, temperature=0, stream=True)
    assert "".join(c.choices[0].text for c in streamed) == text.choices[0].text != ""


def test_two_tenants_in_one_batch_each_get_their_adapter_alone(server: Any, tiny_base: Path,
                                                              adapters: dict[str, Path]) -> None:
    engine = server.built.engine
    gate = threading.Event()
    engine.call(lambda stack: gate.wait(60))  # hold the worker so both requests queue up behind it
    prompts = {"acme": "def add(a, b):", "globex": "Tell me about the weather today, please"}
    models = {"acme": "support-bot", "globex": "sales-bot"}
    batches_before = len(engine.batches)
    with ThreadPoolExecutor(2) as pool:
        futures = {who: pool.submit(client(server, who).completions.create, model=models[who], prompt=prompts[who],
                                    max_tokens=10, temperature=0) for who in prompts}
        while len(engine._jobs) < 2:
            threading.Event().wait(0.01)
        gate.set()
        answers = {who: f.result().choices[0].text for who, f in futures.items()}
    assert engine.batches[batches_before:] == [2]  # one forward pass per token for both tenants
    for who, prompt in prompts.items():
        ids = engine.encode_text(prompt)
        adapter_dir = adapters[models[who]]
        adapter_dir = adapter_dir / "train" / "adapter" if (adapter_dir / "train").exists() else adapter_dir
        assert answers[who] == reference_text(tiny_base, adapter_dir, ids, 10), who
    assert answers["acme"] != answers["globex"]


def test_a_tenant_cannot_reach_another_tenants_adapter(server: Any) -> None:
    loads_before = server.built.engine.stack.loads
    resident_before = server.built.engine.stack.resident
    theirs = post(server, "/v1/completions", {"model": "sales-bot", "prompt": "hi", "max_tokens": 2}, "acme")
    unknown = post(server, "/v1/completions", {"model": "no-such-bot", "prompt": "hi", "max_tokens": 2}, "acme")
    assert theirs.status_code == unknown.status_code == 404
    assert theirs.json()["error"]["message"].replace("sales-bot", "X") == \
        unknown.json()["error"]["message"].replace("no-such-bot", "X")
    assert server.built.engine.stack.loads == loads_before  # not even loaded to find out
    assert server.built.engine.stack.resident == resident_before
    listed = [m.id for m in client(server, "acme").models.list().data]
    assert listed == ["tiny", "legal-bot", "support-bot"]


def test_keys_are_required_and_admin_routes_take_the_admin_key(server: Any) -> None:
    body = {"model": "tiny", "prompt": "hi", "max_tokens": 2}
    assert post(server, "/v1/completions", body, who=None).status_code == 401
    wrong = httpx.post(f"{server.url}/v1/completions", json=body, headers={"Authorization": "Bearer sk-nope"})
    assert wrong.status_code == 401 and wrong.json()["error"]["code"] == "invalid_api_key"
    assert httpx.get(f"{server.url}/v1/models").status_code == 401
    unload = post(server, "/v1/unload_lora_adapter", {"lora_name": "support-bot"}, "acme")
    assert unload.status_code == 403
    assert "support-bot" in server.built.registry.names()


def test_load_and_unload_while_requests_are_in_flight_loses_none(server: Any, adapters: dict[str, Path]) -> None:
    def ask(who: str, model: str) -> tuple[str | None, int]:
        reply = client(server, who).chat.completions.create(model=model, messages=HELLO, max_tokens=24,
                                                            temperature=0)
        return reply.choices[0].finish_reason, reply.usage.completion_tokens

    swaps = [("/v1/load_lora_adapter", {"lora_name": "extra", "lora_path": str(adapters["legal-bot"])}),
             ("/v1/load_lora_adapter", {"lora_name": "sales-bot", "lora_path": str(adapters["legal-bot"]),
                                        "load_inplace": True}),
             ("/v1/unload_lora_adapter", {"lora_name": "extra"}),
             ("/v1/load_lora_adapter", {"lora_name": "sales-bot", "lora_path": str(adapters["sales-bot"]),
                                        "load_inplace": True})]
    with ThreadPoolExecutor(8) as pool:
        asked = [pool.submit(ask, who, model) for who, model in [("acme", "support-bot"), ("globex", "sales-bot"),
                                                                  ("acme", "legal-bot"), ("acme", "tiny")] * 2]
        statuses = [post(server, route, body).status_code for route, body in swaps]
        results = [f.result() for f in asked]
    assert statuses == [200, 200, 200, 200]
    assert results == [("length", 24)] * 8
    missing = post(server, "/v1/chat/completions", {"model": "extra", "messages": HELLO}, "admin")
    assert missing.status_code == 404


def test_an_evicted_adapter_is_loaded_again_on_request(server: Any) -> None:
    stack = server.built.engine.stack
    api = client(server, "admin")
    for model in ["support-bot", "sales-bot", "legal-bot", "support-bot"]:
        api.completions.create(model=model, prompt="x", max_tokens=2, temperature=0)
        assert len(stack.resident) <= 2
    loads = stack.loads
    api.completions.create(model="sales-bot", prompt="x", max_tokens=2, temperature=0)  # evicted by legal-bot
    assert stack.loads == loads + 1
    assert [name for name, _ in stack.resident] == ["support-bot", "sales-bot"]


def test_bad_inputs_get_openai_errors_and_the_server_keeps_serving(server: Any) -> None:
    cases = [
        (b'{"model": "tiny", "prompt": ', 400, "invalid_json"),
        ({"model": "tiny", "prompt": "hi", "max_tokens": 0}, 400, None),
        ({"model": "tiny", "prompt": "hi", "max_tokens": -3}, 400, None),
        ({"model": "tiny", "prompt": "word " * 3000}, 400, "context_length_exceeded"),
        ({"model": "tiny", "prompt": "hi", "max_tokens": 2000}, 400, "context_length_exceeded"),
        ({"model": "ghost", "prompt": "hi"}, 404, "model_not_found"),
        ({"prompt": "hi"}, 400, None),
    ]
    for body, status, code in cases:
        reply = post(server, "/v1/completions", body)
        assert reply.status_code == status, body
        error = reply.json()["error"]
        assert error["message"] and error["type"] and error["code"] == code, error
    assert post(server, "/v1/completions", {"model": "tiny", "prompt": "hi", "max_tokens": 0}).json()["error"][
        "param"] == "max_tokens"
    with pytest.raises(openai.BadRequestError, match="max_tokens must be at least 1"):
        client(server).chat.completions.create(model="tiny", messages=HELLO, max_tokens=0)


def test_a_client_hanging_up_mid_stream_leaves_the_others_served(server: Any, caplog: Any) -> None:
    caplog.set_level("INFO", logger="gristmill.serve")
    body = {"model": "support-bot", "prompt": "def add(a, b):", "max_tokens": 400, "temperature": 0, "stream": True}
    headers = {"Authorization": f"Bearer {KEYS['acme']}"}
    with ThreadPoolExecutor(1) as pool:
        other = pool.submit(client(server, "globex").completions.create, model="sales-bot", prompt="hello",
                            max_tokens=60, temperature=0)
        with httpx.stream("POST", f"{server.url}/v1/completions", json=body, headers=headers, timeout=60) as reply:
            lines = reply.iter_lines()
            assert next(lines).startswith("data: ")  # one piece arrived; now hang up
        assert other.result().usage.completion_tokens == 60
    after = client(server, "acme").completions.create(model="support-bot", prompt="x", max_tokens=3, temperature=0)
    assert after.usage.completion_tokens == 3
    cancelled = [r.getMessage() for r in caplog.records if "finish=cancelled" in r.getMessage()]
    assert cancelled and "completion_tokens=400" not in cancelled[0]


def test_no_key_or_prompt_in_the_logs(server: Any, caplog: Any) -> None:
    caplog.set_level("DEBUG")
    secret_prompt = "my card number is 4111-1111-1111-1111 zebra"
    api = client(server, "acme")
    api.chat.completions.create(model="support-bot", messages=[{"role": "user", "content": secret_prompt}],
                                max_tokens=3, temperature=0)
    list(api.completions.create(model="support-bot", prompt=secret_prompt, max_tokens=3, stream=True))
    post(server, "/v1/completions", {"model": "support-bot", "prompt": secret_prompt * 400}, "acme")
    post(server, "/v1/completions", {"model": "sales-bot", "prompt": secret_prompt}, "acme")
    httpx.post(f"{server.url}/v1/completions", json={"prompt": secret_prompt},
               headers={"Authorization": "Bearer sk-wrong-key-123"})
    logged = caplog.text
    assert "model=support-bot tenant=acme" in logged  # requests are logged ...
    # ... without keys or prompts (the card number whole: a client's port such as 41110 may hold its first digits)
    for secret in [*KEYS.values(), "sk-wrong-key-123", "zebra", "4111-1111"]:
        assert secret not in logged
