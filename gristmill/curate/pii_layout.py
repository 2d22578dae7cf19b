"""Names by where they stand in a text, whatever the words of its language: what a text's layout says, where no
cue of its language does and the English model cannot read it.

- **Entries of a list of people**: lines of the same shape as one that begins with a name acted on and holds a
  contact (a phone tree's "Aleks - 555 0134" under "Jan Kowalski - 555 0199"; a call log's "さゆり (mobile) ...").
- **A table's name column**: the cells under a header that is the word for a name, a full name or "who" in one
  of many languages (Name, Who, ФИО, Όνομα, 姓名, 名前, 이름, ชื่อ, नाम, الاسم, שם, სახელი): a guest list, a
  sign-up sheet, a CSV export of people.
- **A signature**: the name after a signature's delimiter ("-- Дмитрий Бирюков, IT support"), the short last line
  of a message after a closing, a blank line or a sentence's end ("...נהנינו ממנה מאוד.\nגאיה נחמני"), the
  short last sentence of a message in a script written without spaces between sentences ("...よろしく。小川 翔太").

A run of words is taken for a name only when every word starts as a name does (`capitalized`: a capital, or a
letter of a script without capitals) and none is common in public text of its script's languages.
"""

from __future__ import annotations

import functools

import regex

from gristmill.curate.code_spans import lines_with_offsets, table_runs
from gristmill.curate.pii_context import (
    FUNCTION_WORD,
    KNOWN_NAME,
    NON_NAMES,
    PUBLIC_CONTEXT,
    capitalized,
    name_word_frequency,
)

LAYOUT_COMMON = 4.5  # Zipf frequency from which a word at a name's place is taken for a common word, not a name
_LETTERS = r"[\p{L}\p{M}\u200c\u200d]"
_WORD = rf"{_LETTERS}(?:[{_LETTERS[1:-1]}.'’-]*{_LETTERS})?\.?"
_NAME_RUN = rf"{_WORD}(?:[ \t]{_WORD}){{0,3}}"  # one space between a name's words; two or a tab end it
_ITEM_HEAD = r"[ \t]*(?:[-*•>·]|\d{1,2}[.)])?[ \t]*"
# a list's entry: the name at the start of a line, then a separator (a dash, a bracket, a colon, a comma, a bar,
# two spaces or a tab) before the rest of the entry
LIST_ENTRY = regex.compile(rf"(?m)^{_ITEM_HEAD}({_NAME_RUN})(?=[ \t]*[-–—:,(|/]|[ \t]{{2}}|\t)")
SIGNATURE_DELIMITER = regex.compile(rf"(?m)^[ \t]*(?:--|—|–)[ \t]*({_NAME_RUN})[ \t]*(?:,|$)")
LAST_LINE = regex.compile(rf"(?:\n[ \t]*\n|[,!.。।][ \t]*\n)[ \t]*({_NAME_RUN})[ \t]*\s*\Z")
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


# A column's header that names people: "name" (and "full name", "first/last name", "who", "guest") in the
# languages of the pass's other cues, and a few more
NAME_HEADER = regex.compile(
    r"(?i)(?:(?:full|first|last|given|family|guest'?s?|contact|customer|patient|student|employee|participant)[ _]?)?"
    r"(?:name|names)|who|guests?|attendees?|participants?|"
    r"nom(?: complet)?|prénom|nombre(?: completo)?|nome(?: completo)?|naam|imię(?: i nazwisko)?|jméno|név|nimi|navn|"
    r"namn|ad(?:ı)?(?:,? soyad(?:ı)?)?|isim|nama(?: lengkap)?|tên|họ(?: và)? tên|"
    r"имя|фио|ім'я|ім’я|піб|име|име и презиме|όνομα|ονοματεπώνυμο|"
    r"姓名|名前|氏名|お名前|이름|성명|ชื่อ(?:-?นามสกุล)?|"
    r"नाम|नाव|पूरा नाम|নাম|નામ|ନାମ|නම|பெயர்|الاسم|اسم|نام(?: و نام خانوادگی)?|שם(?: מלא)?|"
    r"სახელი(?: და გვარი)?|სახელი, გვარი|անուն(?: ազգանուն)?")
_DELIMITER_ROW = regex.compile(r"[\s|:+-]*")
# The names that documentation and examples use for no one (as RFC 2606 domains are for no one's site): a table
# that lists them is example data, no record of people, and stays as code does
PLACEHOLDER_NAMES = frozenset((
    "Alice", "Bob", "Carol", "Charlie", "Dave", "David", "Eve", "Mallory", "Trent", "Frank", "Grace", "Heidi",
    "Foo", "Bar", "Baz", "John", "Jane", "John Doe", "Jane Doe", "John Smith", "Jane Smith", "Joe Bloggs",
    "Max Mustermann", "Erika Mustermann", "Jean Dupont", "Juan Pérez", "Mario Rossi", "Jan Kowalski", "Jan Jansen",
    "Иван Иванов", "Петр Петров", "山田 太郎", "山田太郎", "张三", "李四", "王五", "홍길동", "Fulano de Tal"))


@functools.lru_cache(maxsize=64)  # the pass asks for one text's tables in turn (what is code, headers, names)
def name_tables(text: str) -> tuple[tuple[tuple[int, int], tuple[tuple[int, int], ...]], ...]:
    """The tables with a name column (a run of rows with the same number of bars, tabs or commas, whose first
    row is the header): each as its header row's span and the spans of the column's cells, without their padding;
    empty cells, cells with digits and all lower-case ones (`retries` of a config table) left out. A table that
    lists a placeholder name (John Doe, Alice, 张三) is example data and has none."""
    if "\n" not in text:
        return ()
    spans = lines_with_offsets(text)
    lines = [text[s:e] for s, e in spans]
    tables = []
    for first, last in table_runs(lines):
        sep = next((c for c in "|\t," if lines[first].count(c) and all(
            lines[i].count(c) == lines[first].count(c) for i in range(first, last))), None)
        header = [cell.strip() for cell in lines[first].split(sep)] if sep else []
        column = next((i for i, cell in enumerate(header) if NAME_HEADER.fullmatch(cell)), None)
        if sep is None or column is None:
            continue
        cells = []
        for row in range(first + 1, last):
            if _DELIMITER_ROW.fullmatch(lines[row]):
                continue
            at = spans[row][0] + sum(len(cell) + 1 for cell in lines[row].split(sep)[:column])
            cell = lines[row].split(sep)[column]
            value = cell.strip()
            if value and not value.islower() and not any(c.isdigit() for c in value) and len(value.split()) <= 6:
                start = at + cell.index(value)
                cells.append((start, start + len(value)))
        if not any(text[s:e] in PLACEHOLDER_NAMES for s, e in cells):
            tables.append((spans[first], tuple(cells)))
    return tuple(tables)


def in_name_table_header(text: str, start: int) -> bool:
    """Whether `start` is in the header row of a table with a name column ("ФИО | Комната | Ночей")."""
    return any(s <= start < e for (s, e), _ in name_tables(text))


def table_names(text: str, language: str) -> list[tuple[int, int]]:
    """The names of a table's name column that are private people's: outside a text that reads as public
    knowledge (a table of laureates, "Known for"), a full name (two words or more, or a word of two to four
    letters of a script written without spaces, as Chinese names are), or one word that public text does not
    use commonly (a table of baby names' "Sophia | wisdom" stays)."""
    if PUBLIC_CONTEXT.search(text):
        return []
    return [(s, e) for _, cells in name_tables(text) for s, e in cells
            if len(text[s:e].split()) > 1 or (_UNSPACED.match(text, s) and e - s <= 4)  # 杨兵: a full name
            or name_word_frequency(text[s:e].strip(".,'’-"), language) < KNOWN_NAME]


# a list after a colon, to the end of its sentence or line, and its items (commas of any script)
_LIST_TAIL = regex.compile(r":[ \t]*([^\n.!?。！？]+)")
_ITEM_SEPARATOR = regex.compile(r"[ \t]*[,،、;؛][ \t]*")
_UNSPACED = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Thai}]")
_AND_CLITICS = "وו"  # "and" joined to the next word in Arabic and Hebrew ("وجيران", "and the neighbours")


def leading_name(text: str, start: int, end: int, language: str) -> tuple[int, int] | None:
    """The name that a list's item text[start:end] begins with: its first words, up to four, while each starts as
    a name does and is no function word (a common given name is as common as many words: أحمد, Іван), a word of a
    script written without spaces four letters at most; None when the first one cannot be a name's ("my two
    cousins", "还有楼下的两家邻居", "وجيران": "and neighbours", a common word with "and" joined; a field's label,
    "Tel:"; an acronym, "ID")."""
    words: list[tuple[int, int]] = []
    for m in regex.finditer(r"\S+", text[start:end]):
        word = m.group().strip(".'’-")
        if len(words) == 4 or not word or not capitalized(word) or any(c.isdigit() for c in word) \
                or word.endswith(":") or (word.isupper() and len(word) <= 5) \
                or word in NON_NAMES or (_UNSPACED.match(word) and len(word) > 4) \
                or name_word_frequency(word, language) >= FUNCTION_WORD \
                or (word[0] in _AND_CLITICS and name_word_frequency(word[1:], language) >= KNOWN_NAME):
            break
        words.append(m.span())
    return (start + words[0][0], start + words[-1][1]) if words else None


def list_siblings(text: str, people: list[tuple[int, int]], language: str) -> list[tuple[int, int]]:
    """Names that are items of a list after a colon (three items or more) beside an item that is a name acted
    on: "Invited so far: <name>, <name>, עדיאל, my two cousins and ..."."""
    found = []
    for m in _LIST_TAIL.finditer(text):
        at, items = m.start(1), []
        for piece in _ITEM_SEPARATOR.split(m.group(1)):
            items.append((at, at + len(piece)))
            at += len(piece)
            at += len(sep.group()) if (sep := _ITEM_SEPARATOR.match(text, at)) else 0
        named = [any(s < item_end and item_start < e for s, e in people) for item_start, item_end in items]
        if len(items) < 3 or not any(named):
            continue
        found += [span for (item_start, item_end), is_named in zip(items, named, strict=True)
                  if not is_named and (span := leading_name(text, item_start, item_end, language))]
    return found


def signature_names(text: str, language: str) -> list[tuple[int, int]]:
    """The name of a message's signature: after a signature's delimiter, alone on the last line after a closing,
    a blank line or a sentence's end, or the last sentence of a text written without spaces between sentences."""
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
    found += [(s, e, "a table's name column") for s, e in table_names(text, language)]
    found += [(s, e, "an item of a list of people") for s, e in list_siblings(text, people, language)]
    return found
