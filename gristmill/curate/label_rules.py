"""label_rules: tool-assisted labeling. Regex and keyword rules write a label column; the first match wins."""

from __future__ import annotations

import re

import polars as pl
from pydantic import Field, model_validator

from gristmill.config import Section
from gristmill.curate.base import Pass


class Rule(Section):
    label: str
    regex: str | None = None
    keywords: list[str] = Field(default_factory=list)
    fields: list[str] | None = None  # which text fields to look in; default: all of the kind

    @model_validator(mode="after")
    def _one_matcher(self) -> Rule:
        if (self.regex is None) == (not self.keywords):
            raise ValueError("a rule needs exactly one of `regex` or `keywords`")
        if self.regex is not None:
            try:
                re.compile(self.regex)
            except re.error as exc:
                raise ValueError(f"invalid regex {self.regex!r}: {exc}") from None
        return self


class LabelRulesConfig(Section):
    column: str = "label"
    rules: list[Rule] = Field(min_length=1)
    default: str | None = None  # label for rows no rule matches
    overwrite: bool = False  # replace an existing column's values (otherwise only fill its nulls)


class LabelRules(Pass):
    name = "label_rules"
    Config = LabelRulesConfig

    def matches(self, rule: Rule) -> pl.Expr:
        fields = rule.fields or list(self.fields)
        if rule.regex is not None:
            pattern = rule.regex
        else:
            pattern = "(?i)\\b(" + "|".join(re.escape(k) for k in rule.keywords) + ")\\b"
        return pl.any_horizontal(self.text(f).str.contains(pattern) for f in fields)

    def apply(self, frame: pl.DataFrame) -> pl.DataFrame:
        cfg = self.cfg
        label: pl.Expr = pl.lit(cfg.default, pl.String)
        for rule in reversed(cfg.rules):  # built inside out, so the first rule is checked first
            label = pl.when(self.matches(rule)).then(pl.lit(rule.label)).otherwise(label)
        if cfg.column in frame.columns and not cfg.overwrite:
            label = pl.col(cfg.column).cast(pl.String).fill_null(label)
        return frame.with_columns(label.alias(cfg.column))

    def label_columns(self) -> list[str]:
        return [self.cfg.column]
