"""A real HTTP server on loopback that speaks the OpenAI chat-completions API, for the synthesis tests.

Answers are computed from the request (so every run gets the same answer for the same request), and a
`faults(key, attempt)` script decides which attempts fail and how: 429 with Retry-After, 500/503, a reply
slower than the client's timeout, a body that is not JSON, JSON without choices, empty content. The server
counts every request it sees, the successful answers per request, and the largest number in flight at once.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
import threading
import time
from collections import Counter
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

TEST_KEY_ENV = "GRISTMILL_TEST_OPENAI_KEY"
Fault = str | None  # None, "429", "500", "503", "slow", "drop", "not_json", "no_choices", "empty", "401"
FaultScript = Callable[[str, int], Fault]

WORDS = ("river", "mountain", "quantum", "ledger", "violin", "harvest", "orbit", "lantern", "glacier",
         "pepper", "circuit", "meadow", "canyon", "falcon", "compass", "marble", "thunder", "velvet",
         "saddle", "anchor", "ember", "tundra", "willow", "beacon", "prairie", "cobalt", "saffron", "basalt",
         "crimson", "harbor", "juniper", "kettle", "lagoon", "magnet", "nectar", "oyster", "pebble", "quarry",
         "raven", "summit", "timber", "umbrella", "vortex", "walnut", "yonder", "zephyr", "almond", "bramble",
         "cedar", "dune")
VERBS = ("Explain", "Describe", "Summarize", "Compare", "Classify", "Rewrite", "Suggest", "Evaluate",
         "Outline", "Predict")
SYNONYMS = {"write": "compose", "give": "provide", "list": "enumerate", "short": "brief", "explain": "clarify",
            "describe": "depict", "make": "create", "find": "locate", "tell": "inform", "show": "display",
            "a": "one", "the": "this", "that": "which", "function": "routine", "program": "application",
            "given": "provided", "simple": "basic", "create": "build", "design": "devise", "of": "from",
            "in": "within", "for": "regarding", "and": "plus", "to": "toward", "an": "one", "takes": "accepts"}


def request_key(body: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()


def _rng(text: str) -> random.Random:
    return random.Random(int(hashlib.sha256(text.encode()).hexdigest()[:16], 16))


def _tasks(prompt: str) -> str:
    """New numbered tasks after the prompt's last number, plus one of each kind the filters must drop."""
    rng = _rng(prompt)
    numbers = [int(n) for n in re.findall(r"^(\d+)\.", prompt, flags=re.M)]
    start = max(numbers, default=0) + 1
    lines = [f"{rng.choice(VERBS)} the {' '.join(rng.sample(WORDS, 7))} in two sentences."]
    lines += [f"{rng.choice(VERBS)} how {' '.join(rng.sample(WORDS, 6))} relate to each other." for _ in range(3)]
    lines += ["Draw a picture of the " + " ".join(rng.sample(WORDS, 3)) + ".", "Be brief."]
    lines += [re.search(r"^1\. (.*)$", prompt, flags=re.M).group(1)]  # type: ignore[union-attr]  # a copy
    return " " + "\n".join(f"{start + i}. {line}" if i else line for i, line in enumerate(lines))


def _translate(prompt: str) -> str:
    text = prompt.split("\n\n", 1)[1]
    to_english = "into English" in prompt
    if not to_english:
        language = re.search(r"into (\w+)", prompt).group(1)  # type: ignore[union-attr]
        return f"[{language}] {text}"
    text = re.sub(r"^\[\w+\] ", "", text)
    if "UNRELATED" in text:
        return "The weather in the mountains changes quickly in spring."
    return " ".join(SYNONYMS.get(w.lower(), w) for w in text.split(" "))


def answer_text(body: dict[str, Any]) -> str:
    """The deterministic answer to a chat request (the last user message decides what kind of task it is)."""
    prompt = body["messages"][-1]["content"]
    if "Come up with a series of" in prompt:
        return _tasks(prompt)
    if "classification task with finite output labels" in prompt:
        return "Yes" if _rng(prompt).random() < 0.3 else "No"
    if prompt.startswith("Translate the following text"):
        return _translate(prompt)
    if "Class label:" in prompt:
        label, given = _rng(prompt).choice(["Positive", "Negative"]), _rng(prompt + "i").choice(WORDS)
        return f"Class label: {label}\nInput: {given}"
    if "Come up with examples" in prompt:
        rng = _rng(prompt)
        return f"Input: {' '.join(rng.sample(WORDS, 4))}\nOutput: {' '.join(rng.sample(WORDS, 9))}."
    return "echo: " + prompt[-60:]


def no_faults(key: str, attempt: int) -> Fault:
    return None


class FakeOpenAI:
    """`with FakeOpenAI(...) as server:` serves on http://127.0.0.1:<port>/v1 from a background thread."""

    def __init__(self, faults: FaultScript = no_faults, slow_s: float = 1.0, delay_s: float = 0.0,
                 api_key: str | None = None, retry_after: str = "0.01",
                 answer: Callable[[dict[str, Any]], str] = answer_text) -> None:
        self.faults, self.slow_s, self.delay_s = faults, slow_s, delay_s
        self.api_key, self.retry_after, self.answer = api_key, retry_after, answer
        self.lock = threading.Lock()
        self.requests = 0
        self.attempts: Counter[str] = Counter()
        self.answered: Counter[str] = Counter()
        self.times: dict[str, list[float]] = {}
        self.prompts: list[str] = []
        self.in_flight = 0
        self.max_in_flight = 0
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"

    def __enter__(self) -> FakeOpenAI:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def begin(self, body: dict[str, Any]) -> tuple[str, int]:
        key = request_key(body)
        with self.lock:
            self.requests += 1
            attempt = self.attempts[key]
            self.attempts[key] += 1
            self.times.setdefault(key, []).append(time.monotonic())
            self.prompts.append(body["messages"][-1]["content"])
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
        return key, attempt

    def end(self, key: str, ok: bool) -> None:
        with self.lock:
            self.in_flight -= 1
            self.answered[key] += ok

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                key, attempt = server.begin(body)
                ok = False
                try:
                    ok = server.respond(self, body, server.fault_for(self, key, attempt))
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (timeout); that attempt is simply lost
                finally:
                    server.end(key, ok)

        return Handler

    def fault_for(self, handler: BaseHTTPRequestHandler, key: str, attempt: int) -> Fault:
        if self.api_key is not None and handler.headers.get("Authorization") != f"Bearer {self.api_key}":
            return "401"
        return self.faults(key, attempt)

    def respond(self, handler: BaseHTTPRequestHandler, body: dict[str, Any], fault: Fault) -> bool:
        time.sleep(self.slow_s if fault == "slow" else self.delay_s)
        if fault == "drop":  # hang up without an answer: the client sees a broken connection
            handler.close_connection = True
            handler.connection.shutdown(2)
            return False
        if fault in ("echo_key_500", "echo_key_401"):  # a careless endpoint quotes the credentials it got
            got = handler.headers.get("Authorization", "")
            _send(handler, int(fault[-3:]), json.dumps({"error": {"message": f"rejected {got} (header: {got})"}}))
            return False
        if fault in ("429", "500", "503", "401"):
            headers = {"Retry-After": self.retry_after} if fault == "429" else {}
            _send(handler, int(fault), json.dumps({"error": {"message": f"fault {fault}"}}), headers)
            return False
        text = self.answer(body)
        payload: Any = {"id": "x", "object": "chat.completion", "model": body["model"],
                        "choices": [{"index": 0, "finish_reason": "stop",
                                     "message": {"role": "assistant", "content": text}}],
                        "usage": {"prompt_tokens": len(json.dumps(body["messages"])) // 4,
                                  "completion_tokens": len(text) // 4}}
        if fault == "no_choices":
            payload["choices"] = []
        elif fault == "empty":
            payload["choices"][0]["message"]["content"] = ""
        raw = "<html>502 Bad Gateway</html>" if fault == "not_json" else json.dumps(payload)
        _send(handler, 200, raw)
        return fault is None  # a slow answer arrives after the client gave up


def _send(handler: BaseHTTPRequestHandler, status: int, raw: str, headers: dict[str, str] | None = None) -> None:
    data = raw.encode()
    handler.send_response(status)
    handler.send_header("Content-Type", "application/json")
    handler.send_header("Content-Length", str(len(data)))
    for name, value in (headers or {}).items():
        handler.send_header(name, value)
    handler.end_headers()
    handler.wfile.write(data)


def client_options(url: str, **overrides: object) -> dict[str, object]:
    """Client settings for the loopback server: short timeouts and backoff so faults cost milliseconds."""
    options: dict[str, object] = {"backend": "openai", "model": "fake-model", "base_url": url,
                                  "api_key_env": TEST_KEY_ENV, "concurrency": 4, "timeout_s": 0.5,
                                  "max_retries": 4, "backoff_s": 0.01, "backoff_max_s": 0.05}
    options.update(overrides)
    return options
