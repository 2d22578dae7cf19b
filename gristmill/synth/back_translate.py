"""Back-translation: paraphrase instructions (and inputs) by a round trip through pivot languages.

Each source row and pivot gives one candidate: every chosen field is translated into the pivot language and
back into English by the model. A candidate is kept only inside a similarity band: ROUGE-L against the
original at or above `max_similarity` means the round trip changed (almost) nothing, a copy; below
`min_similarity` it drifted into a different task. Outputs are kept as they are, since the task did not
change. Kept rows carry `origin=back_translation`, `parent_id` (the source row's id), the source row's
license, the pivot and the similarity.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from gristmill.llm.client import Request, SynthClient
from gristmill.rouge import rouge_l
from gristmill.synth.config import BackTranslationConfig

ORIGIN = "back_translation"
StepFn = Callable[[str, int, int], None]
TRANSLATE = ("Translate the following text into {language}. Keep its meaning, names, numbers, code and "
             "formatting. Reply with the translation only.\n\n{text}")


def translate_request(text: str, language: str, cfg: BackTranslationConfig) -> Request:
    return Request.user(TRANSLATE.format(language=language, text=text), **cfg.sampling.params())


def clean_translation(text: str) -> str:
    """The translation without a chat model's wrapping quotes or a 'Translation:' label."""
    text = re.sub(r"^\s*(?:translation|here is the translation)[^:\n]*:\s*", "", text.strip(), flags=re.I)
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'“”":
        text = text[1:-1]
    return text.strip()


def band_reason(similarities: list[float], low: float, high: float) -> str | None:
    """Why a paraphrase falls outside [low, high): a copy, or a different task (None: keep it)."""
    if any(s >= high for s in similarities):
        return "copy"
    if any(s < low for s in similarities):
        return "drift"
    return None


@dataclass
class Candidate:
    row: int
    pivot: str
    texts: dict[str, str] = field(default_factory=dict)
    similarities: dict[str, float] = field(default_factory=dict)
    reason: str | None = None


class BackTranslation:
    """Round trips for every (row, field, pivot), two batched passes through the client."""

    def __init__(self, client: SynthClient, cfg: BackTranslationConfig, progress: StepFn | None = None) -> None:
        self.client, self.cfg = client, cfg
        self.progress = progress or (lambda phase, done, total: None)
        self.filtered: list[dict[str, Any]] = []

    def _round_trip(self, sources: list[str]) -> list[list[str | None]]:
        """[pivot][source] → English text after the round trip (None when a request failed)."""
        pivots = self.cfg.pivots
        forward = self.client.complete([translate_request(s, p, self.cfg) for p in pivots for s in sources])
        self.progress("translate", len(forward), 2 * len(forward))
        back_requests = [translate_request(clean_translation(a.text), "English", self.cfg)
                         for a in forward if a.ok]
        back = iter(self.client.complete(back_requests))
        self.progress("translate", 2 * len(forward), 2 * len(forward))
        flat = [clean_translation(b.text) if a.ok and (b := next(back)).ok else None for a in forward]
        return [flat[i * len(sources):(i + 1) * len(sources)] for i in range(len(pivots))]

    def candidates(self, rows: pl.DataFrame) -> list[Candidate]:
        columns = {f: rows[f].to_list() for f in self.cfg.fields}
        slots = [(r, f) for r in range(rows.height) for f in self.cfg.fields if columns[f][r].strip()]
        trips = self._round_trip([columns[f][r] for r, f in slots])
        out: dict[tuple[int, str], Candidate] = {}
        for pivot, texts in zip(self.cfg.pivots, trips, strict=True):
            for (r, f), text in zip(slots, texts, strict=True):
                candidate = out.setdefault((r, pivot), Candidate(r, pivot))
                if text is None:
                    candidate.reason = "request_failed"
                    continue
                candidate.texts[f] = text
                candidate.similarities[f] = rouge_l(columns[f][r], text)
        for candidate in out.values():
            if candidate.reason is None:
                sims = list(candidate.similarities.values())
                candidate.reason = band_reason(sims, self.cfg.min_similarity, self.cfg.max_similarity)
        return list(out.values())

    def run(self, rows: pl.DataFrame, carry: list[str] | None = None) -> list[dict[str, Any]]:
        """Kept paraphrases as row dicts; the others go to `filtered` with their reason."""
        seen: set[tuple[str, ...]] = set()
        records = []
        for c in self.candidates(rows):
            source = rows.row(c.row, named=True)
            record = {"instruction": source["instruction"], "input": source["input"], "output": source["output"],
                      **c.texts, "parent_id": source["id"], "license": source.get("license"), "pivot": c.pivot,
                      "similarity": min(c.similarities.values(), default=None)}
            record.update({name: source[name] for name in carry or []})
            content = (record["instruction"], record["input"], record["output"])
            if c.reason is None and content in seen:
                c.reason = "duplicate"  # two pivots gave the same paraphrase
            if c.reason is None:
                seen.add(content)
                records.append(record)
            else:
                self.filtered.append({**record, "reason": c.reason})
        return records

    def filtered_frame(self) -> pl.DataFrame:
        schema = {"parent_id": pl.String, "pivot": pl.String, "reason": pl.String, "similarity": pl.Float64,
                  "instruction": pl.String, "input": pl.String}
        return pl.from_dicts(self.filtered, schema=schema)
