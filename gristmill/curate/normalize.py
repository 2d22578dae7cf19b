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

    def whitespace_triggers(self) -> str:
        """Rows matching this need whitespace work; the rest are left alone (most rows, in clean corpora)."""
        cfg = self.cfg
        triggers = ["\r", r"[ \t]\n", "\n" * (cfg.max_blank_lines + 2)]
        if cfg.strip:
            triggers += [r"^\s", r"\s$"]
        if cfg.collapse_spaces:
            triggers.append(" {2}")
        return "|".join(triggers)

    @staticmethod
    def _on_subset(texts: pl.Series, todo: pl.Series, clean: pl.Expr) -> pl.Series:
        if not todo.any():
            return texts
        cleaned = texts.filter(todo).to_frame().select(clean).to_series()
        return texts.scatter(todo.arg_true(), cleaned)

    def normalize(self, texts: pl.Series) -> pl.Series:
        column = pl.col(texts.name)
        # Unicode work first: it can turn odd spaces into plain ones that the whitespace step then trims.
        texts = self._on_subset(texts, texts.str.contains(r"[^\x00-\x7f]").fill_null(False),
                                self.clean_unicode(column))
        return self._on_subset(texts, texts.str.contains(self.whitespace_triggers()).fill_null(False),
                               self.clean_whitespace(column))

    def apply(self, frame: pl.DataFrame) -> pl.DataFrame:
        return frame.with_columns(self.normalize(frame.get_column(f)) for f in self.fields)
