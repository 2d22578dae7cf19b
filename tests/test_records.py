from __future__ import annotations

import polars as pl
import pytest
import xxhash

from gristmill.errors import SchemaError
from gristmill.records import detect_kind, row_ids, to_canonical


@pytest.mark.parametrize(
    ("columns", "kind"),
    [
        (["instruction", "input", "output"], "sft"),  # Alpaca
        (["instruction", "context", "response", "category"], "sft"),  # Dolly
        (["prompt", "response"], "sft"),
        (["messages"], "chat"),
        (["conversations", "id"], "chat"),  # ShareGPT
        (["prompt", "chosen", "rejected"], "preference"),
        (["chosen", "rejected"], "preference"),  # hh-rlhf dialogue strings
        (["text"], "text"),
        (["content", "meta"], "text"),
        (["foo", "bar"], None),
    ],
)
def test_detect_kind(columns: list[str], kind: str | None) -> None:
    assert detect_kind(columns) == kind


def test_dolly_aliases_map_to_canonical_columns() -> None:
    frame = pl.DataFrame({"instruction": ["Q"], "context": ["C"], "response": ["A"], "category": ["qa"]})
    out = to_canonical(frame, "sft")
    assert out.select("instruction", "input", "output", "category").row(0) == ("Q", "C", "A", "qa")


def test_prompt_response_gets_empty_input() -> None:
    out = to_canonical(pl.DataFrame({"prompt": ["Q"], "response": ["A"]}), "sft")
    assert out.select("instruction", "input", "output").row(0) == ("Q", "", "A")


def test_conversations_stay_whole_as_kind_chat() -> None:
    """Chat `messages` were once flattened into one user turn with the earlier turns after the question."""
    messages = [[
        {"role": "system", "content": "Be brief."},
        {"role": "user", "content": "Hi"},
        {"role": "assistant", "content": "Hello"},
        {"role": "user", "content": "2+2?"},
        {"role": "assistant", "content": "4"},
    ]]
    frame = pl.DataFrame({"messages": messages})
    assert detect_kind(frame.columns) == "chat"
    assert to_canonical(frame, "chat").get_column("messages").to_list() == messages
    with pytest.raises(SchemaError, match="use kind: chat"):
        to_canonical(frame, "sft")


def test_hh_rlhf_dialogues_split_at_last_assistant_turn() -> None:
    prefix = "\n\nHuman: hi\n\nAssistant: hello\n\nHuman: how are you?\n\nAssistant:"
    frame = pl.DataFrame({"chosen": [prefix + " fine, thanks"], "rejected": [prefix + " go away"]})
    out = to_canonical(frame, "preference")
    assert out.select("prompt", "chosen", "rejected").row(0) == (prefix, "fine, thanks", "go away")


def test_preference_message_lists_keep_final_assistant_turns() -> None:
    chosen = [[{"role": "user", "content": "Q"}, {"role": "assistant", "content": "good"}]]
    rejected = [[{"role": "user", "content": "Q"}, {"role": "assistant", "content": "bad"}]]
    out = to_canonical(pl.DataFrame({"chosen": chosen, "rejected": rejected}), "preference")
    assert out.select("prompt", "chosen", "rejected").row(0) == ("Q", "good", "bad")


def test_explicit_field_mapping_wins_and_unknown_column_is_an_error() -> None:
    frame = pl.DataFrame({"q": ["Q"], "a": ["A"]})
    out = to_canonical(frame, "sft", fields={"instruction": "q", "output": "a"})
    assert out.select("instruction", "output").row(0) == ("Q", "A")
    with pytest.raises(SchemaError, match="'nope' is not a column"):
        to_canonical(frame, "sft", fields={"instruction": "nope"})


def test_missing_required_column_names_what_kind_expects() -> None:
    with pytest.raises(SchemaError, match=r"missing field 'output' \(kind=sft expects instruction, input, output"):
        to_canonical(pl.DataFrame({"instruction": ["Q"]}), "sft")


def test_row_ids_are_xxh64_of_kind_and_fields() -> None:
    frame = pl.DataFrame({"instruction": ["Q", "Q"], "input": ["", ""], "output": ["A", "A"]})
    expected = xxhash.xxh64_hexdigest(b"sft\x1eQ\x1f\x1fA")
    ids = row_ids(frame, "sft")
    assert ids.to_list() == [expected, expected]  # same content, same id, on every machine
    assert expected == "169ffa61bc5d96d4"  # pinned: ids must never change across versions


def test_xxh64_kernel_equals_xxhash_on_every_length_class() -> None:
    from gristmill.hashing import xxh64_series

    texts = ["", "a", "abc", "abcd", "abcdefg", "é", "日本語テキスト", *("xyz" * n for n in range(2, 40))]
    expected = [xxhash.xxh64_intdigest(t.encode()) for t in texts]
    assert xxh64_series(pl.Series(texts)).tolist() == expected
    assert xxh64_series(pl.Series(texts), seed=7).tolist() == [xxhash.xxh64_intdigest(t.encode(), 7) for t in texts]
