"""Byte-level scans of string columns: which rows `normalize` must touch, and word counts for stats.

Each kernel is one compiled pass over a column's UTF-8 bytes and offsets (`hashing.string_buffers`).

`row_flags`, for normalize: every Polars string expression rewrites every row it is given, and most rows of a
corpus are already clean, so normalize first flags the rows that need work and runs its expressions on those
alone. The flags may over-approximate (a flagged row the expressions leave unchanged costs only time); they
must never miss, and tests compare them with the expressions row by row.

A row needs Unicode work when it holds a character that is invisible, an odd space, part of a mojibake pair,
or one the Unicode form could change: a character the form changes on its own, a combining mark (canonical
reordering), or the second half of a canonical composition (`COMPOSING_STARTERS`, for NFC and NFKC). If no
character of a row is any of these, the form leaves the row as it is. A row needs whitespace work when it holds
a carriage return, a space or tab before a newline or at the very end, a run of blank lines, leading or
trailing White_Space (with `strip`), or two spaces in a row (with `collapse_spaces`).

Characters above ASCII are classified in Python, once per distinct character a corpus uses (`CharTable`): a
table indexed by code point, filled in as the kernel reports characters it has not seen yet.

`word_counts`, for stats: runs of non-White_Space characters, as the regex `\\S+` counts them.
"""

from __future__ import annotations

import re
import unicodedata

import numpy as np
from numba import njit

KNOWN, UNICODE, MOJI_LEAD, MOJI_TAIL = 1, 2, 4, 8  # character classes (bits of the table)
PENDING = 128  # reported to Python, not classified yet
NEEDS_UNICODE, NEEDS_SPACE, UNKNOWN = 1, 2, 4  # row flags

# Starters (combining class 0) that are the second character of a canonical composition (Unicode 14: Indic
# two-part vowels, Hangul medial vowels and final consonants, ...). Characters unassigned in the running
# Python's Unicode data count as changeable, so later additions are covered.
COMPOSING_STARTERS = (
    (0x09BE, 0x09BE), (0x09D7, 0x09D7), (0x0B3E, 0x0B3E), (0x0B56, 0x0B57), (0x0BBE, 0x0BBE), (0x0BD7, 0x0BD7),
    (0x0CC2, 0x0CC2), (0x0CD5, 0x0CD6), (0x0D3E, 0x0D3E), (0x0D57, 0x0D57), (0x0DCF, 0x0DCF), (0x0DDF, 0x0DDF),
    (0x0FB5, 0x0FB5), (0x0FB7, 0x0FB7), (0x102E, 0x102E), (0x1161, 0x1175), (0x11A8, 0x11C2), (0x1B35, 0x1B35),
    (0x11127, 0x11127), (0x1133E, 0x1133E), (0x11357, 0x11357), (0x114B0, 0x114B0), (0x114BA, 0x114BA),
    (0x114BD, 0x114BD), (0x115AF, 0x115AF), (0x11930, 0x11930),
)


class CharTable:
    """Classes of the code points seen so far, for one Unicode form and one set of `normalize` patterns."""

    def __init__(self, form: str, unicode_patterns: str, mojibake_lead: str, mojibake_tail: str) -> None:
        self.form = form
        self.unicode = re.compile(unicode_patterns)
        self.lead = re.compile(mojibake_lead)
        self.tail = re.compile(mojibake_tail)
        self.classes = np.zeros(0x110000, dtype=np.uint8)

    def learn(self, code_points: np.ndarray) -> None:
        for cp in code_points.tolist():
            self.classes[cp] = self.classify(cp)

    def classify(self, cp: int) -> int:
        char, bits = chr(cp), KNOWN
        if (self.unicode.match(char) or unicodedata.combining(char) or unicodedata.category(char) == "Cn"
                or unicodedata.normalize(self.form, char) != char  # type: ignore[arg-type]
                or (self.form in ("NFC", "NFKC") and any(lo <= cp <= hi for lo, hi in COMPOSING_STARTERS))):
            bits |= UNICODE
        if self.lead.match(char):
            bits |= MOJI_LEAD
        if self.tail.match(char):
            bits |= MOJI_TAIL
        return bits


@njit(cache=True, inline="always")
def _decode(data: np.ndarray, p: int) -> int:
    """The code point whose UTF-8 encoding starts at byte p (a lead byte of valid UTF-8)."""
    b = np.int64(data[p])
    if b < 0x80:
        return int(b)
    if b < 0xE0:
        return int(((b & 0x1F) << 6) | (np.int64(data[p + 1]) & 0x3F))
    if b < 0xF0:
        return int(((b & 0x0F) << 12) | ((np.int64(data[p + 1]) & 0x3F) << 6) | (np.int64(data[p + 2]) & 0x3F))
    return int(((b & 0x07) << 18) | ((np.int64(data[p + 1]) & 0x3F) << 12) | ((np.int64(data[p + 2]) & 0x3F) << 6)
            | (np.int64(data[p + 3]) & 0x3F))


@njit(cache=True, inline="always")
def _is_space(cp: int) -> bool:
    """Unicode White_Space: what Polars' strip_chars and the regex `\\s` treat as whitespace."""
    if cp < 0x80:
        return cp == 32 or 9 <= cp <= 13
    return (cp == 0x85 or cp == 0xA0 or cp == 0x1680 or 0x2000 <= cp <= 0x200A or cp == 0x2028 or cp == 0x2029
            or cp == 0x202F or cp == 0x205F or cp == 0x3000)


@njit(cache=True, inline="always")
def _edge_flags(data: np.ndarray, start: int, end: int, strip: bool) -> int:
    """Whitespace work at the ends of a row: a space or tab at the very end, White_Space at either end."""
    last = end - 1
    while data[last] & 0xC0 == 0x80:  # back to the lead byte of the last character
        last -= 1
    last_cp = _decode(data, last)
    if last_cp == 32 or last_cp == 9:
        return NEEDS_SPACE
    if strip and (_is_space(_decode(data, start)) or _is_space(last_cp)):
        return NEEDS_SPACE
    return 0


@njit(cache=True, inline="always")
def _follows_lead(data: np.ndarray, start: int, p: int, classes: np.ndarray) -> bool:
    """Whether the character before byte p (in the same row) is a mojibake lead."""
    if p == start:
        return False
    q = p - 1
    while q > start and data[q] & 0xC0 == 0x80:
        q -= 1
    return data[q] >= 0x80 and (classes[_decode(data, q)] & MOJI_LEAD) != 0


@njit(cache=True, inline="always")
def _newline_flags(data: np.ndarray, start: int, p: int, blank_run: int) -> int:
    """Whitespace work at the newline at byte p: a space or tab before it, or the end of a blank-line run."""
    if p > start and (data[p - 1] == 32 or data[p - 1] == 9):
        return NEEDS_SPACE
    run = 1
    while run < blank_run and p - run >= start and data[p - run] == 10:
        run += 1
    return NEEDS_SPACE if run >= blank_run else 0


@njit(cache=True, nogil=True)
def row_flags(data: np.ndarray, offsets: np.ndarray, classes: np.ndarray, mojibake: bool, strip: bool,
              collapse: bool, blank_run: int) -> tuple[np.ndarray, np.ndarray]:
    """Per row, NEEDS_UNICODE | NEEDS_SPACE | UNKNOWN; and the unclassified code points met (each once).

    A row flagged UNKNOWN holds a character the table does not know yet (marked PENDING in `classes` until
    `CharTable.learn` classifies it): classify those and call again. Printable ASCII, nearly every byte of most
    corpora, costs one comparison; the rest is looked at closely.
    """
    n = len(offsets) - 1
    flags = np.zeros(n, dtype=np.uint8)
    unknown = np.empty(16, dtype=np.int64)
    n_unknown = 0
    for row in range(n):
        start, end = offsets[row], offsets[row + 1]
        if start == end:
            continue
        flag = _edge_flags(data, start, end, strip)
        for p in range(start, end):
            b = data[p]
            if 14 <= b < 0x80:
                if collapse and b == 32 and p > start and data[p - 1] == 32:
                    flag |= NEEDS_SPACE
            elif b == 10:
                flag |= _newline_flags(data, start, p, blank_run)
            elif b == 13:
                flag |= NEEDS_SPACE
            elif b >= 0xC0:  # the lead byte of a character above ASCII (continuation bytes are skipped)
                cp = _decode(data, p)
                cls = classes[cp]
                if cls & KNOWN == 0:
                    flag |= UNKNOWN
                    if cls != PENDING:  # report each character once
                        classes[cp] = PENDING
                        if n_unknown == len(unknown):
                            unknown = np.concatenate((unknown, np.empty(n_unknown, dtype=np.int64)))
                        unknown[n_unknown] = cp
                        n_unknown += 1
                elif cls & UNICODE or (mojibake and cls & MOJI_TAIL and _follows_lead(data, start, p, classes)):
                    flag |= NEEDS_UNICODE
        flags[row] = flag
    return flags, unknown[:n_unknown]


@njit(cache=True, nogil=True)
def word_counts(data: np.ndarray, offsets: np.ndarray) -> np.ndarray:
    """Per row, the number of maximal runs of non-White_Space characters (Polars' `count_matches(r"\\S+")`)."""
    n = len(offsets) - 1
    counts = np.zeros(n, dtype=np.int32)
    for row in range(n):
        words, inside = 0, False
        for p in range(offsets[row], offsets[row + 1]):
            b = data[p]
            if 0x80 <= b < 0xC0:  # continuation byte: its character was decided at the lead byte
                continue
            space = (b == 32 or 9 <= b <= 13) if b < 0x80 else _is_space(_decode(data, p))
            if not space and not inside:
                words += 1
            inside = not space
        counts[row] = words
    return counts
