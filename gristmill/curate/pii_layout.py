"""Names by where they stand in a text, whatever the words of its language: what a text's layout says, where no
cue of its language does and the English model cannot read it.

- **Entries of a list of people**: lines of the same shape as one that begins with a name acted on and holds a
  contact (a phone tree's "Aleks - 555 0134" under "Jan Kowalski - 555 0199"; a call log's "さゆり (mobile) ...").
- **A signature**: the name after a signature's delimiter ("-- Дмитрий Бирюков, IT support"), the short last line
  of a message after a closing or a blank line, the short last sentence of a message in a script written without
  spaces between sentences ("...よろしくお願いします。小川 翔太").

A run of words is taken for a name only when every word starts as a name does (`capitalized`: a capital, or a
letter of a script without capitals) and none is common in public text of its script's languages.
"""

from __future__ import annotations

import regex

from gristmill.curate.pii_context import NON_NAMES, capitalized, name_word_frequency

LAYOUT_COMMON = 4.5  # Zipf frequency from which a word at a name's place is taken for a common word, not a name
_LETTERS = r"[\p{L}\p{M}\u200c\u200d]"
_WORD = rf"{_LETTERS}(?:[{_LETTERS[1:-1]}.'’-]*{_LETTERS})?\.?"
_NAME_RUN = rf"{_WORD}(?:[ \t]{_WORD}){{0,3}}"  # one space between a name's words; two or a tab end it
_ITEM_HEAD = r"[ \t]*(?:[-*•>·]|\d{1,2}[.)])?[ \t]*"
# a list's entry: the name at the start of a line, then a separator (a dash, a bracket, a colon, a comma, a bar,
# two spaces or a tab) before the rest of the entry
LIST_ENTRY = regex.compile(rf"(?m)^{_ITEM_HEAD}({_NAME_RUN})(?=[ \t]*[-–—:,(|/]|[ \t]{{2}}|\t)")
SIGNATURE_DELIMITER = regex.compile(rf"(?m)^[ \t]*(?:--|—|–)[ \t]*({_NAME_RUN})[ \t]*(?:,|$)")
LAST_LINE = regex.compile(rf"(?:\n[ \t]*\n|[,!][ \t]*\n)[ \t]*({_NAME_RUN})[ \t]*\s*\Z")
LAST_UNSPACED_SENTENCE = regex.compile(rf"[。！？][ \t]*({_NAME_RUN})[ \t]*\s*\Z")
CONTACTS = frozenset({"PHONE_NUMBER", "EMAIL_ADDRESS", "STREET_ADDRESS", "IBAN_CODE", "URL"})


def name_run(value: str, language: str) -> bool:
    """Whether a run of one to four words can be a name: each starts as a name does, none is common."""
    words = value.split()
    return 0 < len(words) <= 4 and all(
        capitalized(w) and not any(c.isdigit() for c in w) and w not in NON_NAMES
        and name_word_frequency(w.strip(".'’-"), language) < LAYOUT_COMMON for w in words)


def separator(text: str, at: int) -> str:
    """What separates a list entry's name at text[:at] from the rest of its line: its first mark, or a space."""
    rest = text[at:text.find("\n", at) if "\n" in text[at:] else len(text)].lstrip(" \t")
    return rest[:1] if rest[:1] in "-–—:,(|/" else " "


def list_entries(text: str, people: list[tuple[int, int]], contacts: list[tuple[str, int, int]],
                 language: str) -> list[tuple[int, int]]:
    """The names beginning lines that hold the same kind of contact after the same separator as a line that
    begins with a known name."""
    shapes = set()
    for start, end in people:
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", end) % (len(text) + 1)
        if regex.fullmatch(_ITEM_HEAD, text[line_start:start]):
            shapes |= {(separator(text, end), kind) for kind, s, _ in contacts if end <= s < line_end}
    found = []
    for m in LIST_ENTRY.finditer(text):
        line_end = text.find("\n", m.end(1)) % (len(text) + 1)
        shape = separator(text, m.end(1))
        if any((shape, kind) in shapes and m.end(1) <= s < line_end for kind, s, _ in contacts) and name_run(
                m.group(1), language):
            found.append(m.span(1))
    return found


def signature_names(text: str, language: str) -> list[tuple[int, int]]:
    """The name of a message's signature: after a signature's delimiter, alone on the last line after a closing
    or a blank line, or the last sentence of a text written without spaces between sentences."""
    found = [m.span(1) for m in SIGNATURE_DELIMITER.finditer(text)]
    for pattern in (LAST_LINE, LAST_UNSPACED_SENTENCE):
        if m := pattern.search(text):
            found.append(m.span(1))
    return [(s, e) for s, e in found if name_run(text[s:e], language)]


def layout_names(text: str, people: list[tuple[int, int]], contacts: list[tuple[str, int, int]],
                 language: str) -> list[tuple[int, int, str]]:
    """Spans of names by their place in the text, each with the reason: (start, end, reason)."""
    found = [(s, e, "an entry of a list of people") for s, e in list_entries(text, people, contacts, language)]
    found += [(s, e, "a message's signature") for s, e in signature_names(text, language)]
    return found
