"""Multi-turn chat (kind `chat`): read whole, curated turn by turn, rendered as the model's template renders it,
and learned on every assistant turn."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest

from gristmill.chat import TEMPLATES, conversation, has_generation_marks, render_conversation
from gristmill.records import map_turns, turn_contents
from gristmill.tables import read_table

DATA = Path(__file__).resolve().parent / "data"
CONVERSATION = [
    {"role": "system", "content": "You are terse."},
    {"role": "user", "content": "Name a prime number."},
    {"role": "assistant", "content": "Seven."},
    {"role": "user", "content": "And an even one?"},
    {"role": "assistant", "content": "Two, the only one."},
    {"role": "user", "content": "Thanks!"},
    {"role": "assistant", "content": "You're welcome."},
]
# chatml with transformers' generation marks around what the assistant says (end marker included).
CHATML_MARKED = ("{% for m in messages %}{% if m['role'] == 'assistant' %}<|im_start|>assistant\n"
                 "{% generation %}{{ m['content'] }}<|im_end|>\n{% endgeneration %}"
                 "{% else %}<|im_start|>{{ m['role'] }}\n{{ m['content'] }}<|im_end|>\n{% endif %}{% endfor %}"
                 "{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}")


@pytest.fixture(scope="module")
def tokenizer():  # type: ignore[no-untyped-def]
    pytest.importorskip("transformers")
    from gristmill.models import load_tokenizer

    return load_tokenizer("embedded")  # SmolLM2's own tokenizer and chat template


def masked_text(tokenizer, ids: list[int], mask: list[int]) -> list[str]:  # type: ignore[no-untyped-def]
    """The text of each run of masked tokens."""
    runs, current = [], []
    for token, on in zip(ids, mask, strict=True):
        if on:
            current.append(token)
        elif current:
            runs.append(tokenizer.decode(current))
            current = []
    return runs + ([tokenizer.decode(current)] if current else [])


def test_ids_are_apply_chat_templates_and_the_mask_is_exactly_the_assistant_turns(tokenizer) -> None:  # type: ignore[no-untyped-def]
    assert not has_generation_marks(tokenizer)  # SmolLM2's template: the fallback path
    ids, mask = render_conversation(tokenizer, CONVERSATION)
    assert ids == list(tokenizer.apply_chat_template(CONVERSATION, tokenize=True, return_dict=True)["input_ids"])
    assert masked_text(tokenizer, ids, mask) == [f"{t['content']}<|im_end|>\n" for t in CONVERSATION
                                                 if t["role"] == "assistant"]


def test_the_generation_marks_path_and_the_fallback_agree(tokenizer) -> None:  # type: ignore[no-untyped-def]
    original = tokenizer.chat_template
    try:
        tokenizer.chat_template = CHATML_MARKED
        assert has_generation_marks(tokenizer)
        marked = render_conversation(tokenizer, CONVERSATION)  # transformers' return_assistant_tokens_mask
        tokenizer.chat_template = TEMPLATES["chatml"]
        assert render_conversation(tokenizer, CONVERSATION) == marked
    finally:
        tokenizer.chat_template = original


def test_a_template_that_rewrites_earlier_turns_is_refused(tokenizer) -> None:  # type: ignore[no-untyped-def]
    from gristmill.errors import ConfigError

    original = tokenizer.chat_template
    try:  # shows only the last assistant turn in full, as some reasoning models' templates do
        tokenizer.chat_template = ("{% for m in messages %}{{ m['role'] }}: {% if loop.last or m['role'] != "
                                   "'assistant' %}{{ m['content'] }}{% else %}...{% endif %}\n{% endfor %}")
        with pytest.raises(ConfigError, match="generation"):
            render_conversation(tokenizer, CONVERSATION)
    finally:
        tokenizer.chat_template = original


def test_chat_examples_learn_every_assistant_turn(tokenizer) -> None:  # type: ignore[no-untyped-def]
    from gristmill.train.data import IGNORE, chat_examples, shifted_labels

    row = {"messages": [dict(t, name=None) for t in CONVERSATION[1:]]}  # a table gives each turn every key
    (example,) = chat_examples([row], tokenizer, max_len=512, system="You are terse.")
    ids, mask = render_conversation(tokenizer, conversation(CONVERSATION))
    assert example.ids == ids
    labels = shifted_labels(example)
    learned = [ids[t + 1] for t in range(len(ids) - 1) if labels[t] != IGNORE]
    assert learned == [token for token, on in zip(ids, mask, strict=True) if on]
    (short,) = chat_examples([row], tokenizer, max_len=20, system="You are terse.")
    assert short.ids == ids[:20]


def test_sharegpt_and_openai_files_are_read_as_chat(tmp_path: Path) -> None:
    table = read_table(DATA / "hh_rlhf_chat_sample.jsonl")
    assert table.kind == "chat" and table.frame.height == 40 and not table.quarantined
    first = table.frame.get_column("messages").to_list()[0]
    raw = json.loads((DATA / "hh_rlhf_chat_sample.jsonl").read_text().splitlines()[0])["conversations"]
    assert [(t["role"], t["content"]) for t in first] == [
        ("user" if t["from"] == "human" else "assistant", t["value"]) for t in raw]
    bad = tmp_path / "chat.jsonl"
    bad.write_text("\n".join(json.dumps({"messages": m}) for m in [
        [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "hello"}],
        [{"role": "user", "content": "only a question"}],
        [],
        [{"role": "user", "content": "q"}, {"role": "assistant", "content": None}],
        [{"role": "wizard", "content": "q"}, {"role": "assistant", "content": "a"}],
    ]) + "\n")
    table = read_table(bad)
    assert table.frame.height == 1
    assert [(q.line, q.reason.split(": ", 1)[1]) for q in table.quarantined] == [
        (2, "a conversation that does not end on an assistant turn"), (3, "a conversation with no turns"),
        (4, "a turn without content (content must be a string)"),
        (5, "a turn whose role is not one of system, user, assistant, tool")]


def test_turns_are_rewritten_in_place() -> None:
    turns = pl.Series("messages", [[{"role": "user", "content": "a b"}, {"role": "assistant", "content": "c"}],
                                   [], None, [{"role": "user", "content": "d"}]])
    contents, rows = turn_contents(turns)
    assert contents.to_list() == ["a b", "c", "d"] and rows.tolist() == [0, 0, 3]
    upper = map_turns(turns, lambda s: s.str.to_uppercase())
    assert upper.to_list() == [[{"role": "user", "content": "A B"}, {"role": "assistant", "content": "C"}],
                               [], None, [{"role": "user", "content": "D"}]]


def test_curation_sees_every_turn(tmp_path: Path) -> None:
    from gristmill.curate import build_passes
    from gristmill.curate.pipeline import Pipeline

    rows = [
        [{"from": "human", "value": "My email is jane.roe@example.org, call me."},
         {"from": "gpt", "value": "Noted."}, {"from": "human", "value": "Thanks"}, {"from": "gpt", "value": "Sure."}],
        [{"from": "human", "value": "My email is jane.roe@example.org, call me."},
         {"from": "gpt", "value": "Noted."}, {"from": "human", "value": "Thanks"}, {"from": "gpt", "value": "Sure."}],
        [{"from": "human", "value": "What  is\u00a0 two plus two?"}, {"from": "gpt", "value": "Four."}],
    ]
    path = tmp_path / "chats.jsonl"
    path.write_text("".join(json.dumps({"conversations": r}) + "\n" for r in rows))
    pipeline = Pipeline(build_passes([{"normalize": {}}, {"exact_dedup": {}}, {"pii": {"keep_reserved": "nowhere"}}]))
    result = pipeline.run(str(path), output=tmp_path / "out")
    kept = pl.read_parquet(tmp_path / "out" / "kept.parquet")
    assert kept.height == 2 and result.stats["kind"] == "chat"
    turns = kept.get_column("messages").to_list()
    assert turns[0][0]["content"] == "My email is <EMAIL_ADDRESS>, call me." and turns[0][3]["content"] == "Sure."
    normalize = build_passes([{"normalize": {}}])[0]
    normalize.setup("text")
    as_text = normalize.apply(pl.DataFrame({"text": ["What  is\u00a0 two plus two?"]})).item()
    assert turns[1][0]["content"] == as_text == "What  is  two plus two?"  # as in a text field
    rejected = pl.read_parquet(tmp_path / "out" / "rejected.parquet")
    assert rejected.get_column("drop_reason").to_list() == ["exact_dedup"]
    assert "jane.roe" not in json.dumps(rejected.get_column("messages").to_list())
