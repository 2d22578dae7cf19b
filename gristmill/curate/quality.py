"""quality: length bounds, empty or truncated answers, repetition, and "prefer longer answers"."""

from __future__ import annotations

import polars as pl
from pydantic import Field

from gristmill.config import Section
from gristmill.curate.base import LIVE, Filter, drop_where
from gristmill.curate.code_spans import CODE_LINE_PATTERN
from gristmill.records import turns_text

ANSWER_FIELDS = {"sft": ("output",), "preference": ("chosen", "rejected"), "text": ("text",)}
PROMPT_FIELDS = {"sft": ("instruction",), "preference": ("prompt",), "text": ()}
DANGLING_END = r"(?i)(?:[,:(\[{]|\b(?:and|or|the|a|to|of|with))\s*$"


class QualityConfig(Section):
    min_output_words: int = Field(default=1, ge=0)
    max_output_words: int | None = Field(default=None, ge=1)
    min_instruction_words: int = Field(default=1, ge=0)
    max_chars: int | None = Field(default=100_000, ge=1)  # any one text field
    drop_truncated: bool = True  # unclosed code fence, or an answer ending mid-clause
    max_duplicate_line_fraction: float = Field(default=0.3, ge=0, le=1)  # lines of 10+ chars only
    min_unique_word_ratio: float = Field(default=0.1, ge=0, le=1)  # answers of 50+ words only
    prefer_longer: bool = False  # among rows with the same prompt keep the longest answer


def prompt_texts(kind: str) -> list[pl.Expr]:
    """What a row asks (a conversation: its user turns)."""
    return [turns_text("messages", "user")] if kind == "chat" else [pl.col(f) for f in PROMPT_FIELDS[kind]]


def answer_texts(kind: str) -> list[pl.Expr]:
    """What a row answers (a conversation: its assistant turns, each one learned from)."""
    return [turns_text("messages", "assistant")] if kind == "chat" else [pl.col(f) for f in ANSWER_FIELDS[kind]]


def word_count(text: pl.Expr) -> pl.Expr:
    return text.str.count_matches(r"\S+")


def prose_lines(text: pl.Expr) -> pl.Expr:
    """The lines of a text that do not read as code (`code_spans`): repeated `print(...)` lines, table rows
    and markup are how code looks, not a degenerate answer."""
    line = pl.element()
    return text.str.split("\n").list.eval(line.filter(~line.str.contains(CODE_LINE_PATTERN)))


def duplicate_line_fraction(text: pl.Expr) -> pl.Expr:
    lines = prose_lines(text).list.eval(
        pl.element().str.strip_chars().filter(pl.element().str.strip_chars().str.len_chars() >= 10))
    return (1 - lines.list.n_unique() / lines.list.len()).fill_nan(0.0).fill_null(0.0)


def unique_word_ratio(text: pl.Expr) -> pl.Expr:
    words = prose_lines(text).list.join(" ").str.to_lowercase().str.extract_all(r"\w+")
    ratio = words.list.n_unique() / words.list.len()
    return pl.when(words.list.len() >= 50).then(ratio).otherwise(1.0)


def truncated(text: pl.Expr) -> pl.Expr:
    """An unclosed code fence, or a last line that ends mid-clause and is not code (`return a` ends a
    function, not a sentence)."""
    unclosed_fence = text.str.count_matches("```") % 2 == 1
    last_line = text.str.extract(r"([^\n]*\S)\s*$", 1)
    dangling = last_line.str.contains(DANGLING_END) & ~last_line.str.contains(CODE_LINE_PATTERN)
    return unclosed_fence | dangling.fill_null(False)


class Quality(Filter):
    name = "quality"
    Config = QualityConfig

    def needs_whole_table(self) -> bool:
        return bool(self.cfg.prefer_longer)

    def checks(self) -> dict[str, pl.Expr]:
        cfg = self.cfg
        keep: dict[str, list[pl.Expr]] = {}
        for f in prompt_texts(self.kind):
            keep.setdefault("quality:short_instruction", []).append(word_count(f) >= cfg.min_instruction_words)
        for f in answer_texts(self.kind):
            keep.setdefault("quality:short_output", []).append(word_count(f) >= cfg.min_output_words)
            if cfg.max_output_words is not None:
                keep.setdefault("quality:long_output", []).append(word_count(f) <= cfg.max_output_words)
            if cfg.drop_truncated:
                keep.setdefault("quality:truncated", []).append(~truncated(f))
            keep.setdefault("quality:repetition", []).extend([
                duplicate_line_fraction(f) <= cfg.max_duplicate_line_fraction,
                unique_word_ratio(f) >= cfg.min_unique_word_ratio,
            ])
        if cfg.max_chars is not None:
            keep["quality:too_long"] = [self.text(f).str.len_chars() <= cfg.max_chars for f in self.fields]
        return {reason: pl.all_horizontal(exprs) for reason, exprs in keep.items()}

    def apply(self, frame: pl.DataFrame) -> pl.DataFrame:
        frame = super().apply(frame)
        if self.cfg.prefer_longer and prompt_texts(self.kind):
            prompt = prompt_texts(self.kind) + ([pl.col("input")] if self.kind == "sft" else [])
            group = pl.concat_str(prompt, separator="\x1f")
            length = answer_texts(self.kind)[0].str.len_chars()
            rank = pl.when(LIVE).then(length).rank("ordinal", descending=True).over(pl.when(LIVE).then(group))
            frame = frame.with_columns(drop_where(rank > 1, "quality:shorter_answer"))
        return frame
