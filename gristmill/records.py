"""The data contract: kinds, canonical columns, field aliases and stable row ids (DESIGN §2).

Aliases are resolved on whole frames with Polars expressions, so reading a million rows never runs a
Python loop per row. Row ids hash the canonical text fields with xxHash64, whose values are fixed by its
specification: the same row gets the same id on every machine and every run.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

import numpy as np
import polars as pl
import pyarrow as pa

from gristmill.errors import SchemaError

Kind = Literal["sft", "chat", "preference", "text"]
KINDS: tuple[Kind, ...] = ("sft", "chat", "preference", "text")

TEXT_FIELDS: dict[str, tuple[str, ...]] = {
    "sft": ("instruction", "input", "output"),
    "chat": ("messages",),
    "preference": ("prompt", "chosen", "rejected"),
    "text": ("text",),
}
# Fields that may be absent on input and default to "" (Alpaca rows without context, say).
OPTIONAL_FIELDS: dict[str, tuple[str, ...]] = {"sft": ("input",), "chat": (), "preference": (), "text": ()}

# Fields that hold a whole conversation, a list of {role, content} turns (more keys per turn pass through).
# Passes read such a field as its turns' text joined by blank lines (`field_text`) and rewrite it turn by
# turn (`map_turns`), so every turn is deduplicated, scanned for PII and scored like any text field.
TURN_FIELDS = frozenset({"messages"})
CHAT_ROLES = ("system", "user", "assistant", "tool")

# Columns every row carries after reading. `source_file`/`source_line` trace a row to where it was read.
META_COLUMNS = ("id", "source", "license", "origin", "parent_id", "source_file", "source_line")
DROP_REASON = "drop_reason"

# Input column name -> canonical name, per kind. Checked in order; the canonical name itself wins.
ALIASES: dict[str, dict[str, tuple[str, ...]]] = {
    "sft": {
        "instruction": ("prompt", "question", "query", "instruction_text"),
        "input": ("context", "inputs"),
        "output": ("response", "answer", "completion", "target", "outputs"),
    },
    "preference": {
        "prompt": ("question", "instruction", "query"),
        "chosen": ("chosen_response", "response_chosen", "preferred"),
        "rejected": ("rejected_response", "response_rejected", "dispreferred"),
    },
    "chat": {"messages": ("conversations", "conversation")},
    "text": {"text": ("content", "document", "body")},
}

# Every canonical text field; and those with every input name that maps onto one (all must hold strings).
ALL_TEXT_FIELDS = frozenset(f for fields in TEXT_FIELDS.values() for f in fields)
TEXT_NAMES = ALL_TEXT_FIELDS | {a for kind in ALIASES.values() for aliases in kind.values() for a in aliases}

LINE = "_line"  # the line (or row) number readers attach; it becomes `source_line`

# Dialogue strings in the hh-rlhf style: "\n\nHuman: ...\n\nAssistant: ...".
HH_ASSISTANT = "\n\nAssistant:"


def empty_dialogue(column: str) -> pl.Expr:
    """True where a dialogue string (one with Human:/Assistant: turns) has no Human turn with text: there is
    nothing for a model to answer, so such a row cannot be trained on. Turns are found as `chat.HH_TURN` finds
    them (a marker starts the text or follows a blank line); tests/test_chat.py holds the two together."""
    text = pl.col(column).str.strip_chars()
    has_turns = text.str.contains(r"(?:^|\n\n)(?:Human|Assistant):")
    turns = (text.str.replace_all(r"(?:^|\n\n)Human:", "\x00H").str.replace_all(r"(?:^|\n\n)Assistant:", "\x00A")
             .str.split("\x00"))  # one piece per turn, tagged H or A
    spoken = turns.list.eval(pl.element().str.starts_with("H")
                             & (pl.element().str.slice(1).str.strip_chars().str.len_chars() > 0)).list.any()
    return has_turns & ~spoken.fill_null(False)


def text_fields(kind: str) -> tuple[str, ...]:
    return TEXT_FIELDS[kind]


def field_text(field: str) -> pl.Expr:
    """A text field as one string: itself, or for a conversation its turns' contents joined by blank lines."""
    return turns_text(field) if field in TURN_FIELDS else pl.col(field)


def turns_text(column: str, role: str | None = None) -> pl.Expr:
    """The contents of a conversation's turns (only `role`'s, when given) joined by blank lines."""
    turn = pl.element()
    turns = pl.col(column).list.eval(turn.filter(turn.struct.field("role") == role)) if role else pl.col(column)
    return turns.list.eval(pl.element().struct.field("content").fill_null("")).list.join("\n\n").alias(column)


def turn_contents(turns: pl.Series) -> tuple[pl.Series, np.ndarray]:
    """(every turn's content in row order, the row of each turn) of a conversation column."""
    contents = pl.Series(turns.name, _turns_array(turns).flatten().field("content"), dtype=pl.String)
    return contents, np.repeat(np.arange(turns.len()), turns.list.len().fill_null(0).to_numpy())


def with_turn_contents(turns: pl.Series, contents: pl.Series) -> pl.Series:
    """`turns` with each turn's content replaced by `contents` (in `turn_contents` order); roles and any other
    keys of a turn, empty conversations and nulls stay as they were."""
    array = _turns_array(turns)
    values = array.flatten()  # the turns of the non-null rows, in order
    names = [values.type.field(i).name for i in range(values.type.num_fields)]
    fields = [contents.cast(pl.String).to_arrow() if name == "content" else values.field(i)
              for i, name in enumerate(names)]
    lengths = turns.list.len().fill_null(0).to_numpy()
    offsets = pa.array(np.concatenate([[0], np.cumsum(lengths)]), pa.int64())
    rebuilt = pa.LargeListArray.from_arrays(offsets, pa.StructArray.from_arrays(fields, names=names),
                                            mask=array.is_null())
    return pl.Series(turns.name, rebuilt)


def _turns_array(turns: pl.Series) -> pa.Array:
    array = turns.to_arrow()
    return array.combine_chunks() if isinstance(array, pa.ChunkedArray) else array


def map_turns(texts: pl.Series, rewrite: Callable[[pl.Series], pl.Series]) -> pl.Series:
    """`rewrite` (strings → strings, same length) applied to a text column, or to each turn of a conversation."""
    if not isinstance(texts.dtype, pl.List):
        return rewrite(texts)
    contents, _ = turn_contents(texts)
    return with_turn_contents(texts, rewrite(contents))


def _present(columns: list[str] | set[str], kind: str) -> set[str]:
    """Canonical fields of `kind` that the columns provide directly or through an alias."""
    cols = set(columns)
    found = {f for f in TEXT_FIELDS[kind] if f in cols}
    found |= {f for f, aliases in ALIASES[kind].items() if cols.intersection(aliases)}
    return found


def detect_kind(columns: list[str]) -> Kind | None:
    """Guess the kind from column names; None when nothing fits."""
    cols = set(columns)
    if {"chosen", "rejected"} <= cols or _present(cols, "preference") == {"prompt", "chosen", "rejected"}:
        return "preference"
    if _present(cols, "chat"):
        return "chat"
    sft = _present(cols, "sft")
    if {"instruction", "output"} <= sft:
        return "sft"
    if _present(cols, "text"):
        return "text"
    return None


def expected_columns(kind: str) -> str:
    required = [f for f in TEXT_FIELDS[kind] if f not in OPTIONAL_FIELDS[kind]]
    return f"kind={kind} expects {', '.join(TEXT_FIELDS[kind])} (required: {', '.join(required)})"


def _last_turn(col: str, role: str) -> pl.Expr:
    msg = pl.element()
    return (
        pl.col(col)
        .list.eval(msg.filter(msg.struct.field("role") == role).struct.field("content"))
        .list.last()
    )


def _split_hh(frame: pl.DataFrame) -> pl.DataFrame:
    """hh-rlhf rows hold whole dialogues in chosen/rejected; the prompt is the shared prefix."""
    pattern = r"(?s)^(.*\n\nAssistant:)(.*)$"  # greedy: splits at the last assistant turn
    prompt = pl.col("chosen").str.extract(pattern, 1)
    return frame.with_columns(
        prompt=prompt,
        chosen=pl.col("chosen").str.extract(pattern, 2).str.strip_chars(),
        rejected=pl.col("rejected").str.extract(pattern, 2).str.strip_chars(),
    )


# ShareGPT's speakers as chat roles (other names pass through as they are).
SHAREGPT_ROLES = {"human": "user", "gpt": "assistant", "chatgpt": "assistant", "bard": "assistant",
                  "bing": "assistant", "model": "assistant"}


def _sharegpt_to_messages(frame: pl.DataFrame, col: str) -> pl.DataFrame:
    """ShareGPT turns (`{from, value}`) as chat messages (`{role, content}`): human → user, gpt → assistant."""
    dtype = frame.schema[col]
    assert isinstance(dtype, pl.List) and isinstance(dtype.inner, pl.Struct)
    if not {"from", "value"} <= {f.name for f in dtype.inner.fields}:
        return frame
    turn = pl.element()
    role = turn.struct.field("from").cast(pl.String).str.to_lowercase().replace(SHAREGPT_ROLES)
    return frame.with_columns(pl.col(col).list.eval(pl.struct(role=role,
                                                              content=turn.struct.field("value").cast(pl.String))))


def _is_message_list(dtype: pl.DataType) -> bool:
    return isinstance(dtype, pl.List) and isinstance(dtype.inner, pl.Struct)


def _turn_fields(dtype: pl.DataType) -> set[str] | None:
    """The keys of a conversation column's turns (None when the column is not a list of objects)."""
    if isinstance(dtype, pl.List) and isinstance(dtype.inner, pl.Struct):
        return {f.name for f in dtype.inner.fields}
    return None


def conversation_problem(column: str = "messages") -> pl.Expr:
    """Why a conversation cannot be trained on (null when it can): no turns, a turn without text or with an
    unknown role, no user turn, or not ending on an assistant turn (the answer a model learns)."""
    turn = pl.element()
    role = pl.col(column).list.eval(turn.struct.field("role").cast(pl.String))
    content = pl.col(column).list.eval(turn.struct.field("content"))
    checks = [
        (pl.col(column).list.len() == 0, "a conversation with no turns"),
        (content.list.eval(pl.element().is_null()).list.any(), "a turn without content (content must be a string)"),
        (role.list.eval(~pl.element().is_in(CHAT_ROLES) | pl.element().is_null()).list.any(),
         f"a turn whose role is not one of {', '.join(CHAT_ROLES)}"),
        (~role.list.contains("user"), "a conversation with no user turn"),
        (role.list.last() != "assistant", "a conversation that does not end on an assistant turn"),
    ]
    problem: pl.Expr = pl.lit(None, pl.String)
    for bad, reason in reversed(checks):  # built inside out: the first check that fails names the problem
        problem = pl.when(bad.fill_null(True)).then(pl.lit(f"messages: {reason}")).otherwise(problem)
    return problem


def _messages_to_preference(frame: pl.DataFrame) -> pl.DataFrame:
    """Preference rows whose chosen/rejected are message lists: keep the final assistant turns."""
    if "prompt" not in frame.columns:
        frame = frame.with_columns(prompt=_last_turn("chosen", "user"))
    return frame.with_columns(
        chosen=_last_turn("chosen", "assistant"), rejected=_last_turn("rejected", "assistant")
    )


def rename_aliases(frame: pl.DataFrame, kind: str, fields: dict[str, str] | None = None) -> pl.DataFrame:
    """Rename input columns to the canonical names of `kind` (explicit `fields` mapping first)."""
    renames: dict[str, str] = {}
    for canonical, source in (fields or {}).items():
        if source not in frame.columns:
            raise SchemaError(f"field mapping {canonical}: {source!r} is not a column (have {frame.columns})")
        renames[source] = canonical
    for canonical, aliases in ALIASES[kind].items():
        if canonical in frame.columns or canonical in renames.values():
            continue
        for alias in aliases:
            if alias in frame.columns and alias not in renames:
                renames[alias] = canonical
                break
    return frame.rename(renames)


def to_canonical(frame: pl.DataFrame, kind: str, fields: dict[str, str] | None = None,
                 strict: bool = True) -> pl.DataFrame:
    """Map one input frame onto the canonical columns of `kind`; user columns pass through.

    Required fields missing on a row become null (the reader quarantines those rows). A required column
    missing from the frame is a SchemaError when `strict` (the first batch of a file), else a null column
    (a later batch whose only rows lacking it were quarantined).
    """
    frame = rename_aliases(frame, kind, fields)
    if kind == "sft" and "output" not in frame.columns and _present(frame.columns, "chat"):
        raise SchemaError("the rows hold conversations (messages/conversations), not instruction/output: "
                          "use kind: chat (every turn kept, loss on every assistant turn)")
    if kind == "chat" and "messages" in frame.columns:
        frame = _sharegpt_to_messages(frame, "messages") if _is_message_list(frame.schema["messages"]) else frame
        turn_fields = _turn_fields(frame.schema["messages"])
        if turn_fields is not None and not {"role", "content"} <= turn_fields:
            raise SchemaError("'messages' must be a list of {role, content} (or ShareGPT's {from, value}) objects; "
                              f"its turns have {sorted(turn_fields)}")
    elif kind == "preference" and {"chosen", "rejected"} <= set(frame.columns):
        if _is_message_list(frame.schema["chosen"]):
            frame = _messages_to_preference(frame)
        elif "prompt" not in frame.columns:
            frame = _split_hh(frame)
    for name in OPTIONAL_FIELDS[kind]:
        if name not in frame.columns:
            frame = frame.with_columns(pl.lit("").alias(name))
        else:
            frame = frame.with_columns(pl.col(name).fill_null(""))
    missing = [f for f in TEXT_FIELDS[kind] if f not in frame.columns]
    if missing and not strict:
        return frame.with_columns(pl.lit(None, pl.String).alias(f) for f in missing)
    if missing:
        found = [c for c in frame.columns if c != LINE]  # the readers' line numbers are not an input column
        raise SchemaError(f"missing field {', '.join(map(repr, missing))} ({expected_columns(kind)}); "
                          f"found columns {found}")
    return frame


def wrong_type_fields(frame: pl.DataFrame, kind: str) -> list[tuple[str, pl.DataType]]:
    """Canonical fields whose column type is not text."""
    return [(f, frame.schema[f]) for f in TEXT_FIELDS[kind] if frame.schema[f] not in (pl.String, pl.Null)]


def content_key(kind: str) -> pl.Expr:
    """The canonical text fields joined with a separator that never occurs in normal text (a conversation:
    each turn as role and content, turns apart by another such separator)."""
    if kind == "chat":
        return turns_key(pl.col("messages"))
    return pl.concat_str([pl.col(f) for f in TEXT_FIELDS[kind]], separator="\x1f")


def turns_key(turns: pl.Expr) -> pl.Expr:
    """A conversation (a list of turns) as one string: each turn as role and content, turns apart."""
    turn = pl.element()
    return turns.list.eval(pl.concat_str(turn.struct.field("role"), pl.lit("\x1f"),
                                         turn.struct.field("content"))).list.join("\x1d")


def row_ids(frame: pl.DataFrame, kind: str) -> pl.Series:
    """Stable content-hash ids: xxHash64 of the kind and its text fields, as 16 hex digits.

    Exact duplicates share an id (they are the same row); `source_file` and `source_line` locate each copy.
    """
    from gristmill.hashing import to_hex, xxh64_series

    keys = frame.select(pl.concat_str([pl.lit(f"{kind}\x1e"), content_key(kind)])).to_series()
    return to_hex(xxh64_series(keys), name="id")
