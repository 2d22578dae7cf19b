"""normalize: Unicode NFC, whitespace clean-up and mojibake repair (ftfy), on every text field."""

from __future__ import annotations

import polars as pl

from gristmill.config import Section
from gristmill.curate.base import Pass

# A UTF-8 lead byte read as Latin-1/cp1252 followed by a continuation byte read the same way: the
# fingerprint of mojibake ("CafÃ©", "donâ€™t"). Only rows that match go through ftfy, which is slow.
MOJIBAKE = r"[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u2122]"
INVISIBLE = r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]"  # zero-width characters, BOM, soft hyphen
ODD_SPACES = r"[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]"  # become plain spaces


class NormalizeConfig(Section):
    unicode_form: str = "NFC"
    fix_mojibake: bool = True
    strip: bool = True
    collapse_spaces: bool = False  # off by default: runs of spaces are meaningful in code
    max_blank_lines: int = 2


def _fix_encoding(texts: pl.Series) -> pl.Series:
    import ftfy

    return pl.Series([ftfy.fix_encoding(t) if t is not None else None for t in texts], dtype=pl.String)


class Normalize(Pass):
    """Make equal texts equal bytes: the step exact dedup depends on."""

    name = "normalize"
    Config = NormalizeConfig
    modifies_text = True

    def field_expr(self, field: str) -> pl.Expr:
        cfg = self.cfg
        text = pl.col(field).str.replace_all("\r\n?", "\n")
        if cfg.fix_mojibake:
            suspect = text.str.contains(MOJIBAKE)
            text = pl.when(suspect).then(text.map_batches(_fix_encoding, return_dtype=pl.String)).otherwise(text)
        text = text.str.replace_all(INVISIBLE, "").str.replace_all(ODD_SPACES, " ")
        if cfg.collapse_spaces:
            text = text.str.replace_all(" {2,}", " ")
        text = text.str.replace_all("(?m)[ \t]+$", "")  # trailing spaces on each line
        text = text.str.replace_all(f"\n{{{cfg.max_blank_lines + 2},}}", "\n" * (cfg.max_blank_lines + 1))
        if cfg.strip:
            text = text.str.strip_chars()
        return text.str.normalize(cfg.unicode_form).alias(field)

    def apply(self, frame: pl.DataFrame) -> pl.DataFrame:
        return frame.with_columns(self.field_expr(f) for f in self.fields)
