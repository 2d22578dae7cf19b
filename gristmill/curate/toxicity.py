"""toxicity: score text fields with a backend from `scorers` and drop (or only tag) toxic rows.

Per row the pass adds one `tox_<category>` column per category the backend reports: the highest score over
the fields scored (a row is as toxic as its worst field). With `action: drop` a live row whose deciding score
(`category`, or the highest over all categories) reaches `threshold` gets `drop_reason` "toxicity"; with
`action: tag` only the columns are added.

Code is not prose: `du -sh /home` or `kill -9 $pid` score as insults and threats on a text classifier. With
`on_code: prose` (the default) fenced blocks, inline code and code lines are scored by what is prose in them,
their comments and string literals, so abuse written into code is still found.
"""

from __future__ import annotations

import time
from typing import Any, Literal

import numpy as np
import polars as pl
from pydantic import Field
from rich.console import RenderableType

from gristmill.config import Section
from gristmill.curate.base import LIVE, Pass, drop_where
from gristmill.curate.code_spans import without_code
from gristmill.errors import ConfigError
from gristmill.scorers import Scorer, ScorerConfig, make_scorer

PREFIX = "tox_"
SLICE_BATCHES = 16  # the scorer's batches handed to it at a time, progress told after each such slice


class ToxicityConfig(ScorerConfig):
    """The scorer (`gristmill.scorers.ScorerConfig`) plus what the pass does with its scores."""

    threshold: float = Field(default=0.8, ge=0, le=1)
    category: str | None = None  # the score that decides; default: the highest of all categories
    action: Literal["drop", "tag"] = "drop"
    fields: list[str] | None = None  # default: every text field of the kind
    on_code: Literal["prose", "all"] = "prose"  # prose: code is scored by its comments and strings only


class Toxicity(Pass):
    """Score every live row's text fields; drop (or tag) rows at or above the threshold."""

    name = "toxicity"
    Config = ToxicityConfig
    holds_model = True  # one scorer (a detoxify model) per process
    tallied = ("texts", "flagged", "seconds", "categories")

    def __init__(self, cfg: Section | None = None, scorer: Scorer | None = None, **options: Any) -> None:
        super().__init__(cfg, **options)
        self._scorer = scorer
        self.texts = 0
        self.flagged = 0
        self.seconds = 0.0
        self.categories: list[str] = []

    @property
    def scorer(self) -> Scorer:
        if self._scorer is None:
            self._scorer = make_scorer(self.cfg)
        return self._scorer

    def setup(self, kind: str) -> None:
        super().setup(kind)
        self.restrict_fields(self.cfg.fields)

    def row_scores(self, frame: pl.DataFrame) -> dict[str, np.ndarray]:
        """Per category, the highest score over the scored fields of each live row (NaN for other rows)."""
        live = frame.select(LIVE).to_series().to_numpy()
        rows = np.flatnonzero(live)
        best: dict[str, np.ndarray] = {}
        self.work_given("texts scored", rows.shape[0] * len(self.fields))
        step = self.cfg.batch_size * SLICE_BATCHES  # the scorer's own batches stay as they were
        for field in self.fields:
            texts = frame.select(self.text(field)).to_series().fill_null("").gather(rows).to_list()
            if self.cfg.on_code == "prose":
                texts = [without_code(t) for t in texts]
            self.texts += len(texts)
            for start in range(0, max(len(texts), 1), step):  # an empty batch too: it names the categories
                part = rows[start:start + step]
                for category, values in self.scorer.score(texts[start:start + step]).items():
                    column = best.setdefault(category, np.full(frame.height, np.nan))
                    column[part] = np.fmax(column[part], values)
                self.work_done("texts scored", part.shape[0])
        return best

    def apply(self, frame: pl.DataFrame) -> pl.DataFrame:
        started = time.perf_counter()
        scores = self.row_scores(frame)
        self.categories = sorted(scores)
        if self.cfg.category is not None and self.cfg.category not in scores:
            raise ConfigError([f"toxicity.category: {self.cfg.category!r} is not a category of backend "
                               f"{self.cfg.backend} (it reports {self.categories})"])
        frame = frame.with_columns(pl.Series(PREFIX + c, v, dtype=pl.Float64, nan_to_null=True)
                                   for c, v in scores.items())
        deciding = [self.cfg.category] if self.cfg.category else self.categories
        toxic = pl.max_horizontal(pl.col(PREFIX + c) for c in deciding) >= self.cfg.threshold if deciding else None
        if toxic is not None:
            self.flagged += int(frame.select((LIVE & toxic).fill_null(False).sum()).item())
            if self.cfg.action == "drop":
                frame = frame.with_columns(drop_where(toxic, self.name))
        self.seconds += time.perf_counter() - started
        return frame

    def summary(self) -> dict[str, Any]:
        retries = getattr(self._scorer, "retries", None)
        return {"backend": self.cfg.backend, "action": self.cfg.action, "threshold": self.cfg.threshold,
                "categories": self.categories, "texts_scored": self.texts, "flagged_rows": self.flagged,
                "texts_per_second": round(self.texts / self.seconds, 1) if self.seconds else None,
                **({"retries": dict(retries)} if retries else {})}

    def report(self) -> RenderableType | None:
        from gristmill.report import table

        verb = "dropped" if self.cfg.action == "drop" else "tagged"
        return table("Toxicity", ["", "value"],
                     [["backend", self.cfg.backend], ["threshold", f"{self.cfg.threshold:g}"],
                      ["texts scored", self.texts], [f"rows {verb}", self.flagged],
                      ["categories", ", ".join(self.categories)]])
