from __future__ import annotations

import io
import json
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import numpy as np
import polars as pl
import pytest
from rich.console import Console

from gristmill.curate import Pipeline
from gristmill.curate.toxicity import Toxicity
from gristmill.errors import ConfigError
from gristmill.scorers import (
    DetoxifyScorer,
    HFScorer,
    OpenAIModerationScorer,
    PerspectiveScorer,
    RetryPolicy,
    ScorerError,
)

TEXTS = ["you are a fucking idiot", "have a nice day", "I disagree with your edit, please cite sources."]
FAST_RETRIES = RetryPolicy(max_retries=3, backoff_s=0.01, backoff_max_s=0.05, timeout_s=5.0)


def texts_frame(texts: list[str]) -> pl.DataFrame:
    return pl.DataFrame({"text": texts})


# --------------------------------------------------------------------------------------------- profanity_check


def test_profanity_check_drops_rows_at_the_threshold() -> None:
    from profanity_check import predict_prob

    toxicity = Toxicity(backend="profanity_check", threshold=0.8)
    result = Pipeline([toxicity], kind="text").run(texts_frame(TEXTS))
    assert result.rejected.get_column("text").to_list() == [TEXTS[0]]
    assert result.rejected.get_column("drop_reason").to_list() == ["toxicity"]
    frame = pl.concat([result.rejected, result.kept], how="diagonal_relaxed").sort("source_line")
    np.testing.assert_allclose(frame.get_column("tox_profanity").to_numpy(), predict_prob(TEXTS))
    assert toxicity.summary()["flagged_rows"] == 1
    assert toxicity.summary()["categories"] == ["profanity"]


def test_profanity_check_on_real_talk_page_comments() -> None:
    """150 labelled Wikipedia talk comments (20 toxic): how well the score ranks them, what 0.8 drops."""
    from sklearn.metrics import roc_auc_score

    rows = [json.loads(line) for line in (Path(__file__).parents[1] / "data" / "wikipedia_talk_sample.jsonl")
            .read_text(encoding="utf-8").splitlines()]
    frame = pl.DataFrame({"text": [r["text"] for r in rows], "toxic": [r["toxic"] for r in rows]})
    result = Pipeline([Toxicity(backend="profanity_check", threshold=0.8)], kind="text").run(frame)
    scored = pl.concat([result.kept, result.rejected], how="diagonal_relaxed").sort("source_line")
    assert round(roc_auc_score(scored.get_column("toxic"), scored.get_column("tox_profanity")), 4) == 0.9819
    assert result.rejected.get_column("toxic").value_counts().sort("toxic").rows() == [(False, 1), (True, 10)]


def test_tag_only_adds_columns_and_a_row_scores_as_its_worst_field() -> None:
    frame = pl.DataFrame({"instruction": ["Say something.", "Say something."],
                          "input": ["", ""], "output": ["have a nice day", "this is shit"]})
    toxicity = Toxicity(backend="profanity_check", action="tag")
    result = Pipeline([toxicity], kind="sft").run(frame)
    assert result.rejected.height == 0
    scores = result.kept.get_column("tox_profanity").to_list()
    assert scores[0] < 0.2 and scores[1] > 0.99
    assert toxicity.summary()["flagged_rows"] == 1


def test_unknown_category_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match=r"'toxicity' is not a category of backend profanity_check"):
        Pipeline([Toxicity(category="toxicity")], kind="text").run(texts_frame(TEXTS))


def test_report_renders() -> None:
    toxicity = Toxicity(backend="profanity_check")
    Pipeline([toxicity], kind="text").run(texts_frame(TEXTS))
    out = io.StringIO()
    Console(file=out, width=100, color_system=None).print(toxicity.report())
    lines = [[cell for cell in line.split() if cell not in "│┃"] for line in out.getvalue().splitlines()]
    assert ["backend", "profanity_check"] in lines
    assert ["rows", "dropped", "1"] in lines


# --------------------------------------------------------------------------------------------- local models


@pytest.fixture(scope="module")
def tiny_bert(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Any]:
    """A tiny BERT classifier with a word-level vocabulary, saved the Hugging Face way."""
    torch = pytest.importorskip("torch")
    transformers = pytest.importorskip("transformers")
    folder = tmp_path_factory.mktemp("tiny_bert")
    words = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "you", "are", "a", "idiot", "have", "nice", "day", "i",
             "disagree", "with", "your", "edit", ",", "please", "cite", "sources", ".", "fucking"]
    (folder / "vocab.txt").write_text("\n".join(words) + "\n")
    tokenizer = transformers.BertTokenizer(str(folder / "vocab.txt"))
    config = transformers.BertConfig(vocab_size=len(words), hidden_size=16, num_hidden_layers=1,
                                     num_attention_heads=2, intermediate_size=32, max_position_embeddings=64,
                                     num_labels=6)
    torch.manual_seed(0)
    model = transformers.BertForSequenceClassification(config).eval()
    tokenizer.save_pretrained(folder)
    config.save_pretrained(folder)
    return folder, model


def direct_logits(model: Any, folder: Path, texts: list[str]) -> np.ndarray:
    import torch
    import transformers

    tokenizer = transformers.BertTokenizer.from_pretrained(folder)
    with torch.no_grad():
        return model(**tokenizer(texts, return_tensors="pt", padding=True)).logits.numpy()


DETOXIFY_CLASSES = ["toxic", "severe_toxic", "obscene", "threat", "insult", "identity_hate"]


def detoxify_checkpoint(model: Any, folder: Path, path: Path) -> str:
    """A checkpoint in the format detoxify's `load_checkpoint` reads: its training config and a state dict."""
    import torch

    arch = {"model_type": str(folder), "model_name": "BertForSequenceClassification",
            "tokenizer_name": "BertTokenizer", "num_classes": len(DETOXIFY_CLASSES)}
    torch.save({"config": {"arch": {"args": arch}, "dataset": {"args": {"classes": DETOXIFY_CLASSES}}},
                "state_dict": model.state_dict()}, path)
    return str(path)


def test_detoxify_loads_a_local_checkpoint_with_its_own_code(tiny_bert: tuple[Path, Any], tmp_path: Path) -> None:
    folder, model = tiny_bert
    checkpoint = detoxify_checkpoint(model, folder, tmp_path / "tiny.ckpt")
    scorer = DetoxifyScorer(checkpoint=checkpoint, config_path=str(folder), device="cpu", batch_size=2)
    scores = scorer.score(TEXTS)
    assert list(scores) == ["toxicity", "severe_toxicity", "obscene", "threat", "insult", "identity_attack"]
    expected = 1 / (1 + np.exp(-direct_logits(model, folder, TEXTS)))
    np.testing.assert_allclose(np.stack(list(scores.values()), axis=1), expected, rtol=1e-5)


def test_detoxify_backend_through_the_pass(tiny_bert: tuple[Path, Any], tmp_path: Path) -> None:
    folder, model = tiny_bert
    checkpoint = detoxify_checkpoint(model, folder, tmp_path / "tiny.ckpt")
    toxicity = Toxicity(backend="detoxify", checkpoint=checkpoint, config_path=str(folder), device="cpu",
                        category="insult", threshold=0.0)
    result = Pipeline([toxicity], kind="text").run(texts_frame(TEXTS))
    assert result.rejected.height == 3  # threshold 0: every score reaches it
    assert [c for c in result.rejected.columns if c.startswith("tox_")] == [
        "tox_toxicity", "tox_severe_toxicity", "tox_obscene", "tox_threat", "tox_insult", "tox_identity_attack"]


def test_hf_backend_softmax_over_labels(tiny_bert: tuple[Path, Any], tmp_path: Path) -> None:
    import transformers

    folder, _ = tiny_bert
    config = transformers.BertConfig.from_pretrained(folder, num_labels=2, id2label={0: "neutral", 1: "toxic"},
                                                     label2id={"neutral": 0, "toxic": 1})
    model = transformers.BertForSequenceClassification(config).eval()
    model.save_pretrained(tmp_path)
    transformers.BertTokenizer.from_pretrained(folder).save_pretrained(tmp_path)
    scores = HFScorer(str(tmp_path), device="cpu", batch_size=2).score(TEXTS)
    logits = direct_logits(model, folder, TEXTS)
    softmax = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    assert list(scores) == ["neutral", "toxic"]
    np.testing.assert_allclose(scores["toxic"], softmax[:, 1], rtol=1e-5)


# --------------------------------------------------------------------------------------------- HTTP APIs

Reply = tuple[int, dict[str, str], dict[str, Any]]


@pytest.fixture
def server() -> Iterator[Callable[[Callable[[str, dict[str, list[str]], dict[str, Any]], Reply]], str]]:
    """Start a real HTTP server on loopback whose replies come from `handler(path, query, body)`."""
    servers: list[ThreadingHTTPServer] = []

    def start(handler: Callable[[str, dict[str, list[str]], dict[str, Any]], Reply]) -> str:
        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                url = urlparse(self.path)
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                status, headers, payload = handler(url.path, parse_qs(url.query), body)
                data = json.dumps(payload).encode()
                self.send_response(status)
                for name, value in {"Content-Type": "application/json", **headers}.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: Any) -> None:
                pass

        httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        servers.append(httpd)
        return f"http://127.0.0.1:{httpd.server_address[1]}"

    yield start
    for httpd in servers:
        httpd.shutdown()
        httpd.server_close()


def moderation_result(text: str) -> dict[str, Any]:
    harassment = 0.9 if "idiot" in text else 0.01
    return {"flagged": harassment > 0.5, "categories": {"harassment": harassment > 0.5, "violence": False},
            "category_scores": {"harassment": harassment, "violence": 0.02, "self-harm": 0.0}}


def test_openai_moderation_retries_429_and_500(server: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[str, list[str]]] = []
    replies = iter([(429, {"Retry-After": "0"}), (500, {})])

    def handler(path: str, query: dict[str, list[str]], body: dict[str, Any]) -> Reply:
        calls.append((path, body["input"]))
        status, headers = next(replies, (200, {}))
        if status != 200:
            return status, headers, {"error": {"message": "slow down", "type": "rate_limit"}}
        results = [moderation_result(text) for text in body["input"]]
        return 200, {}, {"id": "modr-1", "model": body["model"], "results": results}

    monkeypatch.setenv("TEST_MODERATION_KEY", "sk-test")
    base = server(handler)
    scorer = OpenAIModerationScorer(base_url=f"{base}/v1", api_key_env="TEST_MODERATION_KEY", batch_size=2,
                                    policy=FAST_RETRIES)
    scores = scorer.score(TEXTS)
    assert calls[0] == ("/v1/moderations", TEXTS[:2])
    assert [c[1] for c in calls] == [TEXTS[:2], TEXTS[:2], TEXTS[:2], TEXTS[2:]]
    assert scorer.retries == {"http_429": 1, "http_500": 1}
    assert scores["harassment"].tolist() == [0.9, 0.01, 0.01]
    assert scores["violence"].tolist() == [0.02, 0.02, 0.02]
    assert scores["self_harm"].tolist() == [0.0, 0.0, 0.0]


def test_openai_moderation_stops_on_a_refused_key(server: Any) -> None:
    base = server(lambda path, query, body: (401, {}, {"error": {"message": "bad key"}}))
    scorer = OpenAIModerationScorer(base_url=f"{base}/v1", api_key_env=None, policy=FAST_RETRIES)
    with pytest.raises(ScorerError, match="refused the request"):
        scorer.score(["hello"])


def test_openai_moderation_gives_up_after_max_retries(server: Any) -> None:
    calls: list[int] = []

    def handler(path: str, query: dict[str, list[str]], body: dict[str, Any]) -> Reply:
        calls.append(1)
        return 503, {}, {"error": {"message": "overloaded"}}

    scorer = OpenAIModerationScorer(base_url=f"{server(handler)}/v1", api_key_env=None, policy=FAST_RETRIES)
    with pytest.raises(ScorerError, match=r"failed after 4 attempt\(s\): HTTP 503"):
        scorer.score(["hello"])
    assert len(calls) == 4


def test_perspective_speaks_comments_analyze_with_retries(server: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[tuple[str, str, dict[str, Any]]] = []
    replies = iter([(429, {"Retry-After": "0"})])

    def handler(path: str, query: dict[str, list[str]], body: dict[str, Any]) -> Reply:
        seen.append((path, query["key"][0], body))
        status, headers = next(replies, (200, {}))
        if status != 200:
            return status, headers, {"error": {"code": 429, "message": "Quota exceeded"}}
        value = 0.95 if "idiot" in body["comment"]["text"] else 0.05
        return 200, {}, {"attributeScores": {a: {"summaryScore": {"value": value, "type": "PROBABILITY"}}
                                             for a in body["requestedAttributes"]}, "languages": ["en"]}

    monkeypatch.setenv("TEST_PERSPECTIVE_KEY", "pk-test")
    scorer = PerspectiveScorer(attributes=["TOXICITY", "INSULT"], base_url=server(handler),
                               api_key_env="TEST_PERSPECTIVE_KEY", requests_per_second=None, policy=FAST_RETRIES)
    toxicity = Toxicity(backend="perspective", threshold=0.9, scorer=scorer)
    result = Pipeline([toxicity], kind="text").run(texts_frame(TEXTS))
    assert result.rejected.get_column("text").to_list() == [TEXTS[0]]
    assert result.kept.get_column("tox_insult").to_list() == [0.05, 0.05]
    assert len(seen) == 4 and {s[0] for s in seen} == {"/v1alpha1/comments:analyze"}
    assert {s[1] for s in seen} == {"pk-test"}
    assert seen[0][2] == {"comment": {"text": TEXTS[0]}, "languages": ["en"], "doNotStore": True,
                          "requestedAttributes": {"TOXICITY": {}, "INSULT": {}}}
    assert toxicity.summary()["retries"] == {"http_429": 1}


def test_api_key_env_must_be_set(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PERSPECTIVE_API_KEY", raising=False)
    with pytest.raises(ConfigError, match="PERSPECTIVE_API_KEY is not set"):
        PerspectiveScorer()


def test_scores_slice_by_slice_and_progress_counts_the_texts() -> None:
    """The pass hands the scorer 16 of its batches at a time and says how far it is after each slice; the
    scores are those of one call over every text."""
    from profanity_check import predict_prob

    texts = [TEXTS[i % 3] + f" ({i})" for i in range(40)]
    reports: list[tuple[str, int, int | None]] = []
    result = Pipeline([Toxicity(backend="profanity_check", action="tag", batch_size=1)], kind="text").run(
        texts_frame(texts), phase_progress=lambda what, done, total: reports.append((what, done, total)))
    np.testing.assert_allclose(result.kept.sort("source_line").get_column("tox_profanity").to_numpy(),
                               predict_prob(texts))
    assert reports == [("toxicity: texts scored", done, 40) for done in (0, 16, 32, 40)]
