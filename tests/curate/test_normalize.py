r"""The byte-level scans of `_text_kernels`, held equal to the Polars expressions they stand in for: normalize
touches only the rows its scan flags (same result as its expressions on every row), word counts equal
`count_matches(r"\S+")`, and the curation stats built from them equal Polars' own figures."""

from __future__ import annotations

import random
import unicodedata

import numpy as np
import polars as pl
import pytest

from gristmill.curate import Normalize, Pipeline
from gristmill.curate._text_kernels import COMPOSING_STARTERS, NEEDS_SPACE, NEEDS_UNICODE, word_counts
from gristmill.hashing import string_buffers

# Characters that exercise every rule: ASCII letters and whitespace, precomposed and combining accents,
# composition exclusions and singletons, compatibility characters, Hangul jamo and syllables, Indic two-part
# vowels, invisible characters, odd spaces, mojibake halves, White_Space outside ASCII, CJK and emoji.
POOL = list("ab Z.\t\n\r") + [chr(c) for c in (
    0xE9, 0xC5, 0x301, 0x308, 0x327, 0x323, 0x212B, 0x2126, 0x958, 0xFB01, 0xFF21, 0xFF9E, 0xFF8A, 0x2460,
    0x1100, 0x1161, 0x11A8, 0xAC00, 0xAC01, 0x9C7, 0x9BE, 0xB47, 0xB56, 0x200B, 0xFEFF, 0xAD, 0xA0, 0x2009,
    0x3000, 0x1680, 0x85, 0x2028, 0xC3, 0xA9, 0xE2, 0x20AC, 0x2122, 0x4E2D, 0x1F600, 0x1D15E, 0x2F800, 0x378)]


def texts(n: int, seed: int) -> list[str | None]:
    rng = random.Random(seed)
    out: list[str | None] = [None, "", " ", "\n", "\r", "a\n\n\n\nb", "a\n\n\nb", "x  y", "end\t", "\u00a0lead"]
    while len(out) < n:
        out.append("".join(rng.choices(POOL, k=rng.randint(1, 12))))
    return out


def everywhere(norm: Normalize, column: pl.Series) -> pl.Series:
    """The reference: normalize's expressions on every row, no flags."""
    expr = norm.clean_whitespace(norm.clean_unicode(pl.col(column.name)))
    return column.to_frame().select(expr).to_series()


@pytest.mark.parametrize("options", [
    {}, {"unicode_form": "NFKC"}, {"unicode_form": "NFD"}, {"unicode_form": "NFKD"},
    {"strip": False}, {"collapse_spaces": True, "max_blank_lines": 0}, {"fix_mojibake": False},
])
def test_flagged_rows_give_the_same_result_as_every_row(options: dict[str, object]) -> None:
    norm = Normalize(**options)
    norm.setup("text")
    column = pl.Series("text", texts(4000, seed=len(str(options))), dtype=pl.String)
    assert norm.normalize(column).to_list() == everywhere(norm, column).to_list()


def test_unflagged_rows_are_left_as_they_are_and_clean_rows_are_not_flagged() -> None:
    norm = Normalize()
    norm.setup("text")
    column = pl.Series("text", texts(4000, seed=7), dtype=pl.String)
    flags = norm.row_flags(column)
    changed = np.array(everywhere(norm, column).ne_missing(column).to_list())
    assert not (changed & (flags == 0)).any()
    clean = pl.Series("text", ["plain ascii", "café naïve", "中文 😀", "Line one\nline two", "tab\tinside"])
    assert norm.row_flags(clean).tolist() == [0, 0, 0, 0, 0]
    odd = pl.Series("text", ["Cafe\u0301", " lead", "a\u200bb", "donâ€™t", "x \ny"])
    assert norm.row_flags(odd).tolist() == [NEEDS_UNICODE, NEEDS_SPACE, NEEDS_UNICODE, NEEDS_UNICODE, NEEDS_SPACE]


def test_composing_starters_are_the_second_halves_of_canonical_compositions() -> None:
    """Starters that compose with what precedes them: the list the scan relies on, recomputed."""
    listed = {cp for lo, hi in COMPOSING_STARTERS for cp in range(lo, hi + 1)}
    chars = [chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000]
    decomposed = unicodedata.normalize("NFD", "\x00".join(chars)).split("\x00")
    seconds = {ord(c) for d in decomposed if len(d) > 1 for c in d[1:] if not unicodedata.combining(c)}
    if unicodedata.unidata_version == "14.0.0":
        assert seconds == listed
    else:  # characters assigned later count as changeable when Python does not know them
        assert listed <= seconds


def test_word_counts_equal_polars_count_matches() -> None:
    column = pl.Series("text", texts(4000, seed=11), dtype=pl.String)
    expected = column.str.count_matches(r"\S+").fill_null(0).to_list()
    assert word_counts(*string_buffers(column)).tolist() == expected


def test_length_stats_and_histograms_equal_polars_on_the_kept_rows() -> None:
    rng = random.Random(3)
    outputs = [" ".join(rng.choices(["a", "bb", "ccc", "naïve", "中文"], k=rng.randint(0, 40))) for _ in range(500)]
    frame = pl.DataFrame({"text": outputs})
    result = Pipeline([Normalize()], kind="text", batch_rows=64).run(frame)
    kept = result.kept.get_column("text")
    chars = kept.str.len_chars()
    assert result.stats["lengths"]["text"] == {
        "chars_p5": chars.quantile(0.05, "nearest"), "chars_p50": chars.quantile(0.5, "nearest"),
        "chars_p95": chars.quantile(0.95, "nearest"), "chars_max": chars.max(),
        "words_p50": kept.str.count_matches(r"\S+").median()}
    histogram = result.stats["length_histograms"]["text"]
    assert histogram["after"][:3] == [(chars < 16).sum(), ((chars >= 16) & (chars < 32)).sum(),
                                      ((chars >= 32) & (chars < 64)).sum()]
    assert sum(histogram["before"]) == 500
