"""normalize: Unicode NFC, whitespace clean-up and mojibake repair (ftfy), on every text field."""

from __future__ import annotations

from typing import Literal

import numpy as np
import polars as pl

from gristmill.config import Section
from gristmill.curate.base import Pass
from gristmill.records import map_turns

# A UTF-8 lead byte read as Latin-1/cp1252 followed by a continuation byte read the same way: the
# fingerprint of mojibake ("CafÃ©", "donâ€™t"). Only rows that match go through ftfy, which is slow.
MOJIBAKE_LEAD = r"[\u00c2-\u00f4]"
MOJIBAKE_TAIL = r"[\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u2122]"
MOJIBAKE = MOJIBAKE_LEAD + MOJIBAKE_TAIL
INVISIBLE = r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]"  # zero-width characters, BOM, soft hyphen
ODD_SPACES = r"[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]"  # become plain spaces


class NormalizeConfig(Section):
    unicode_form: Literal["NFC", "NFKC", "NFD", "NFKD"] = "NFC"
    fix_mojibake: bool = True
    strip: bool = True
    collapse_spaces: bool = False  # off by default: runs of spaces are meaningful in code
    max_blank_lines: int = 2


def fix_mojibake(texts: pl.Series) -> pl.Series:
    """ftfy's encoding repair, run only on the rows that look like mojibake (ftfy costs ~50 µs a text)."""
    import ftfy

    suspect = texts.str.contains(MOJIBAKE).fill_null(False)
    if not suspect.any():
        return texts
    fixed = pl.Series([ftfy.fix_encoding(t) for t in texts.filter(suspect)], dtype=pl.String)
    return texts.scatter(suspect.arg_true(), fixed)


class Normalize(Pass):
    """Make equal texts equal bytes: the step exact dedup depends on."""

    name = "normalize"
    Config = NormalizeConfig
    modifies_text = True

    def clean_unicode(self, text: pl.Expr) -> pl.Expr:
        """For rows with non-ASCII characters: mojibake, invisible characters, odd spaces, Unicode form."""
        if self.cfg.fix_mojibake:
            text = text.map_batches(fix_mojibake, return_dtype=pl.String)
        text = text.str.replace_all(INVISIBLE, "").str.replace_all(ODD_SPACES, " ")
        return text.str.normalize(self.cfg.unicode_form)

    def clean_whitespace(self, text: pl.Expr) -> pl.Expr:
        """Line endings, trailing spaces, runs of blank lines, surrounding whitespace."""
        cfg = self.cfg
        text = text.str.replace_all("\r\n?", "\n")
        if cfg.collapse_spaces:
            text = text.str.replace_all(" {2,}", " ")
        text = text.str.replace_all("(?m)[ \t]+$", "")  # trailing spaces on each line
        text = text.str.replace_all(f"\n{{{cfg.max_blank_lines + 2},}}", "\n" * (cfg.max_blank_lines + 1))
        return text.str.strip_chars() if cfg.strip else text

    def setup(self, kind: str) -> None:
        super().setup(kind)
        from gristmill.curate._text_kernels import CharTable

        self.chars = CharTable(self.cfg.unicode_form, f"{INVISIBLE}|{ODD_SPACES}", MOJIBAKE_LEAD, MOJIBAKE_TAIL)

    def row_flags(self, texts: pl.Series) -> np.ndarray:
        """NEEDS_UNICODE / NEEDS_SPACE per row, from one pass over the bytes (see `_text_kernels`)."""
        from gristmill.curate import _text_kernels as kernels
        from gristmill.hashing import string_buffers

        cfg = self.cfg
        data, offsets = string_buffers(texts)
        while True:
            flags, unknown = kernels.row_flags(data, offsets, self.chars.classes, cfg.fix_mojibake, cfg.strip,
                                               cfg.collapse_spaces, cfg.max_blank_lines + 2)
            if not len(unknown):
                return flags
            self.chars.learn(unknown)

    @staticmethod
    def _on_subset(texts: pl.Series, todo: np.ndarray, clean: pl.Expr) -> pl.Series:
        rows = np.flatnonzero(todo)
        if not len(rows):
            return texts
        cleaned = texts.gather(rows).to_frame().select(clean).to_series()
        return texts.clone().scatter(rows, cleaned)  # scatter writes in place: leave the caller's series alone

    def normalize(self, texts: pl.Series) -> pl.Series:
        from gristmill.curate._text_kernels import NEEDS_SPACE, NEEDS_UNICODE

        column = pl.col(texts.name)
        flags = self.row_flags(texts)
        # Unicode work first: it can turn odd spaces into plain ones that the whitespace step then trims.
        texts = self._on_subset(texts, flags & NEEDS_UNICODE, self.clean_unicode(column))
        return self._on_subset(texts, flags & (NEEDS_UNICODE | NEEDS_SPACE), self.clean_whitespace(column))

    def apply(self, frame: pl.DataFrame) -> pl.DataFrame:
        return frame.with_columns(map_turns(frame.get_column(f), self.normalize) for f in self.fields)
