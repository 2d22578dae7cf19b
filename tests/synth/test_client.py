from __future__ import annotations

import hashlib

import pytest
from fake_openai import FakeOpenAI, answer_text, client_options
from rich.console import Console

from gristmill.config import validate
from gristmill.errors import ConfigError
from gristmill.llm.backend import BudgetExhausted
from gristmill.llm.cache import ResponseCache
from gristmill.llm.client import ClientConfig, Request, SynthClient, SynthError

FIRST_FAULTS = ["429", "500", "slow", "drop", "not_json", "no_choices", "empty", None, None]


def scripted(key: str, attempt: int) -> str | None:
    """Per request: a first-attempt fault chosen by its key, a 503 on some second attempts, then success."""
    pick = int(hashlib.sha256(key.encode()).hexdigest()[:8], 16)
    if attempt == 0:
        return FIRST_FAULTS[pick % len(FIRST_FAULTS)]
    if attempt == 1 and pick % 3 == 0:
        return "503"
    return None


def requests(n: int) -> list[Request]:
    return [Request.user(f"Question number {i}: what is {i} squared?", temperature=0.0, max_tokens=32)
            for i in range(n)]


def body(request: Request, model: str = "fake-model") -> dict[str, object]:
    return {"model": model, "messages": request.messages, **request.params}


def make_client(url: str, cache: ResponseCache, **overrides: object) -> SynthClient:
    return SynthClient(validate(ClientConfig, client_options(url, **overrides)), cache=cache)


def test_every_request_is_answered_once_through_429_500_timeouts_and_malformed_answers(api_key: str) -> None:
    batch = requests(40)
    with FakeOpenAI(faults=scripted) as server:
        client = make_client(server.url, ResponseCache(None))
        answers = client.complete(batch)
    assert [a.text for a in answers] == [answer_text(body(r)) for r in batch]
    assert all(a.ok and not a.cached for a in answers)
    assert len(server.answered) == 40 and set(server.answered.values()) == {1}  # none lost, none twice
    faults = sum(scripted(k, 0) is not None for k in server.attempts) + sum(
        scripted(k, 1) is not None for k in server.attempts if scripted(k, 0) is not None)
    assert client.stats.retries == faults > 10
    assert client.stats.requests == server.requests == 40 + faults
    assert client.stats.errors == 0 and client.failures == []
    reasons = client.stats.retry_reasons
    assert set(reasons) == {"http_429", "http_500", "http_503", "timeout", "connection", "malformed"}
    assert [a.attempts for a in answers] == [attempts_needed(client_key_of(r)) for r in batch]


def attempts_needed(key: str) -> int:
    if scripted(key, 0) is None:
        return 1
    return 2 if scripted(key, 1) is None else 3


def client_key_of(request: Request) -> str:
    from fake_openai import request_key

    return request_key(body(request))


def test_the_cache_makes_a_second_run_issue_zero_requests(api_key: str, tmp_path) -> None:
    batch = requests(12)
    with FakeOpenAI(faults=scripted) as server:
        first = make_client(server.url, ResponseCache(tmp_path / "cache.sqlite")).complete(batch)
        sent = server.requests
        second_client = make_client(server.url, ResponseCache(tmp_path / "cache.sqlite"))
        second = second_client.complete(batch)
        assert server.requests == sent  # not one more request reached the server
    assert [a.text for a in second] == [a.text for a in first]
    assert all(a.cached for a in second)
    assert second_client.stats.cache_hits == 12 and second_client.stats.requests == 0


def test_an_answer_that_stays_malformed_is_recorded_as_an_error_and_not_cached(api_key: str) -> None:
    batch = requests(5)
    poison = client_key_of(batch[2])
    with FakeOpenAI(faults=lambda key, attempt: "not_json" if key == poison else None) as server:
        cache = ResponseCache(None)
        client = make_client(server.url, cache, max_malformed_retries=2)
        answers = client.complete(batch)
    assert [a.ok for a in answers] == [True, True, False, True, True]
    assert answers[2].attempts == 3 and answers[2].error.startswith("malformed: answer is not JSON")
    assert client.stats.errors == 1 and len(client.failures) == 1
    assert client.failures[0]["messages"] == batch[2].messages and client.failures[0]["attempts"] == 3
    assert len(cache) == 4 and client.key(batch[2]) not in cache


def test_identical_requests_are_sent_once(api_key: str) -> None:
    batch = requests(3) * 3
    with FakeOpenAI() as server:
        answers = make_client(server.url, ResponseCache(None)).complete(batch)
    assert server.requests == 3
    assert [a.text for a in answers] == [answer_text(body(r)) for r in batch]


def test_retry_after_header_is_honoured(api_key: str) -> None:
    with FakeOpenAI(faults=lambda key, attempt: "429" if attempt == 0 else None, retry_after="0.3") as server:
        answers = make_client(server.url, ResponseCache(None), backoff_max_s=5.0).complete(requests(2))
    assert all(a.ok and a.attempts == 2 for a in answers)
    for first, second in server.times.values():
        assert second - first >= 0.3


def test_concurrency_cap_bounds_requests_in_flight(api_key: str) -> None:
    with FakeOpenAI(delay_s=0.1) as server:
        make_client(server.url, ResponseCache(None), concurrency=3).complete(requests(12))
    assert server.max_in_flight == 3


def test_a_refused_key_stops_the_run_without_showing_the_key(api_key: str) -> None:
    with FakeOpenAI(api_key="the-right-key") as server, pytest.raises(SynthError) as caught:
        make_client(server.url, ResponseCache(None)).complete(requests(3))
    assert "HTTP 401" in str(caught.value) and api_key not in str(caught.value)


def test_a_missing_key_variable_is_a_config_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GRISTMILL_TEST_OPENAI_KEY", raising=False)
    with pytest.raises(ConfigError, match="GRISTMILL_TEST_OPENAI_KEY is not set"):
        make_client("http://127.0.0.1:9/v1", ResponseCache(None))


def test_request_budget_stops_the_run_and_a_rerun_completes_it(api_key: str, tmp_path) -> None:
    batch = requests(12)
    with FakeOpenAI(delay_s=0.02) as server:
        budgeted = make_client(server.url, ResponseCache(tmp_path / "c.sqlite"), max_requests=5, concurrency=2)
        with pytest.raises(BudgetExhausted):
            budgeted.complete(batch)
        assert budgeted.stats.requests == 5
        done = len(ResponseCache(tmp_path / "c.sqlite"))
        resumed = make_client(server.url, ResponseCache(tmp_path / "c.sqlite"))
        answers = resumed.complete(batch)
    assert done in range(1, 6)
    assert resumed.stats.cache_hits == done and resumed.stats.requests == 12 - done
    assert [a.text for a in answers] == [answer_text(body(r)) for r in batch]


def test_openai_backend_needs_a_model_name() -> None:
    with pytest.raises(ConfigError, match="backend openai needs `model:`"):
        validate(ClientConfig, {"backend": "openai"})


def test_usage_stats_render() -> None:
    from gristmill.llm.client import UsageStats

    stats = UsageStats(requests=7, answers=5, cache_hits=2, retries=2, errors=0, prompt_tokens=1234,
                       completion_tokens=56)
    stats.retry_reasons.update({"http_429": 2})
    console = Console(file=__import__("io").StringIO(), width=100, color_system=None)
    console.print(stats)
    text = console.file.getvalue()
    assert "prompt tokens" in text and "1,234" in text and "retried: http_429" in text


def test_a_slow_server_gets_fewer_requests_in_flight_and_longer_timeouts(api_key: str) -> None:
    """Every first attempt outlasts the 0.5 s timeout: concurrency halves (4 → 2 → 1) instead of resending at
    the same pace, the abandoned attempts are counted, and every request is still answered."""
    with FakeOpenAI(faults=lambda key, attempt: "slow" if attempt == 0 else None, slow_s=0.8) as server:
        client = make_client(server.url, ResponseCache(None), concurrency=4)
        answers = client.complete(requests(8))
    assert all(a.ok for a in answers)
    assert client.stats.timed_out == 8 and client.stats.lowest_concurrency == 1


def test_the_pacer_by_hand() -> None:
    """AIMD: 8 → 4 → 2 → 1 on three overloads; then +1/limit per answer: 1 → 2 → 2.5 → 2.9 → 3.24 (3 in flight).
    The timeout: 1 s until an answer was seen; after 100 tokens in 2 s (50 tokens/s), 512 tokens need
    3 × 512 / 50 = 30.72 s."""
    from gristmill.llm.pacing import Pacer

    pacer = Pacer(cap=8, timeout_s=1.0)
    assert pacer.timeout(512) == 1.0
    for _ in range(3):
        pacer.overloaded()
    assert (pacer.limit, pacer.lowest) == (1.0, 1)
    pacer.answered(100, 2.0)
    for _ in range(3):
        pacer.answered(0, 1.0)
    assert int(pacer.limit) == 3 and pacer.limit == pytest.approx(3.2448, abs=1e-4)
    assert pacer.timeout(512) == pytest.approx(30.72)
