"""Where the code is in a text: fenced blocks, inline `code`, and lines that read as code.

Instruction corpora are full of code, with and without fences. The `pii`, `quality` and `toxicity` passes
use these spans to leave code alone: a NER model sees people in identifiers, a trailing `return a` is not a
dangling article, repeated `print(...)` lines are not a degenerate answer, and `du -sh /home` is not an
insult. Comments and string literals inside code are prose again for the passes that need them
(`code_prose`): real personal data or abuse there is still found.

Detection is by line, with regular expressions only (no parser per language): a line reads as code when it
ends like a statement (`;`, `{`, `}`), opens like one (a keyword of a common language, a shell prompt or
command, a markup tag, a preprocessor line), calls something (`name(...)`), assigns (`x = y`), or is an
indented line next to other code. Fenced blocks and inline code are code whatever they hold.
"""

from __future__ import annotations

import re

FENCE = re.compile(r"(?:```|~~~)[^\n]*(?:\n.*?)?(?:```|~~~|\Z)", re.DOTALL)
INLINE = re.compile(r"(?<!`)`(\S|\S[^`\n]{0,98}\S)`(?!`)")
# Backticks also quote prose (some corpora quote whole comments or single words with them): inline code holds
# code characters (brackets, operators, paths, dotted names, flags), not only words.
INLINE_CODE = re.compile(r"[()\[\]{}<>=/\\_$#;|*]|\w\.\w|(?:^|\s)--?\w")
_KEYWORDS = (
    r"def|class|import|from\s+[\w.]+\s+import|return|yield|raise|try|except|finally|elif|else|while|for|if|"
    r"with|lambda|async|await|public|private|protected|static|final|void|int|long|float|double|char|bool|"
    r"boolean|String|string|var|let|const|function|func|fn|package|namespace|using|struct|enum|interface|"
    r"impl|trait|pub|mod|switch|case|break|continue|throw|typedef|template|"
    r"print|printf|println|echo|puts|console|System|sudo|cd|ls|du|df|cp|mv|rm|mkdir|chmod|chown|grep|cat|tail|awk|sed|"
    r"curl|wget|pip|npm|yarn|git|docker|kubectl|apt|apt-get|brew|python|python3|node|javac|gcc|"
    r"alias|ssh|scp|tar|ps|crontab|systemctl"
)
_SQL_KEYWORDS = r"(?:SELECT|INSERT|UPDATE|DELETE|CREATE|ALTER|DROP|FROM|WHERE|JOIN|GROUP|ORDER|VALUES)"
CODE_LINE = re.compile(
    r"^\s*(?:"
    rf"(?:{_KEYWORDS})(?:\s|\(|:|$|\.)"  # a statement keyword or a command
    rf"|{_SQL_KEYWORDS}(?:\s|\(|$|\.)"  # SQL, never before a colon ("FROM:" is a shipping label's)
    r"|#\s*(?:include|define|if|ifdef|ifndef|endif|pragma)\b|#!"  # preprocessor, shebang
    r"|\$\s+\S|>>>\s|@\w+"  # shell and REPL prompts, decorators
    r"|</?[A-Za-z][\w-]*(?:\s[^>]*)?/?>"  # markup
    r"|(?://|/\*|\*/|--\s|#\s|%)"  # comment lines
    r"|[@\w.\[\]'\"]+\s*(?:[-+*/%|&^]?=|:=|=>|->|<-)\s*\S"  # assignment
    r"|[\w.$]*[A-Za-z0-9_$](?:\[[^\]\n]*\])*\([^\n]*\)\s*[;,{:]?\s*$"  # a call on its own
    r"|[{}\])]"  # a line that starts with a brace or a closing bracket
    r"|[\[{]+\s*[\"']?[\w-]+[\"']?\s*[:,]"  # a dict, JSON or list literal: {"name": ..., [1, 2]
    r"|\S*[\w)\]][\[({]\S*\s*$"  # one token with an index or a call: s[::-1], f(x)
    r")"
    r"|[;{}]\s*$|[{(\[]\s*$"  # ends like a statement or an open block
    r"|[A-Za-z0-9_]\([^()\n]*\)\s*[;{:]?\s*$",  # ends with a call (an identifier is ASCII: not "淳(敬称略)")
)
# What makes a line prose again inside code: a comment's text, a string literal's text of two words or more
# (single tokens, 'Fizz', are identifiers and keys; a text classifier reads them alone as anything).
COMMENT = re.compile(r"(?:(?<![:/\w])//|(?<![\w$])#(?![!\[{(\w])|--\s|/\*|^\s*\*\s|<!--)\s?([^\n]*?)(?:\*/|-->|$)",
                     re.MULTILINE)
SIGNATURE_DASHES = re.compile(r"\s*--\s+[^\W\d_]")  # a comment line, or a signature's delimiter and name
STRING = re.compile(r"\"((?:[^\"\\\n]|\\.)+ (?:[^\"\\\n]|\\.)+)\"|'((?:[^'\\\n]|\\.)+ (?:[^'\\\n]|\\.)+)'")


def lines_with_offsets(text: str) -> list[tuple[int, int]]:
    """(start, end) of every line, the newline excluded."""
    spans, start = [], 0
    for line in text.split("\n"):
        spans.append((start, start + len(line)))
        start += len(line) + 1
    return spans


# Greek writes its question mark as a semicolon (U+037E, which NFKC folds to ";"): a line of Greek words that
# ends in one, with no other sign of code, asks a question ("... μήπως είναι κάποιου;")
_GREEK_WORD = re.compile(r"[\u0370-\u03ff\u1f00-\u1fff]{2,}")
_CODE_SIGNS = re.compile(r"[{}()\[\]=<>$#`]|\w\.\w")


def greek_question(line: str) -> bool:
    return line.rstrip().endswith((";", "\u037e")) and len(_GREEK_WORD.findall(line)) >= 2 \
        and not _CODE_SIGNS.search(line)


def code_line_flags(text: str, tables: bool = True) -> list[bool]:
    """Per line, whether it reads as code; an indented or blank line between code lines is code too; with
    `tables`, the rows of a data table (`table_runs`) as well."""
    lines = text.split("\n")
    flags = [bool(CODE_LINE.search(line)) and not greek_question(line) for line in lines]
    for start, end in table_runs(lines) if tables else []:
        flags[start:end] = [True] * (end - start)
    for i, line in enumerate(lines):  # "-- Ann Lee, IT support" under a message is its signature, no SQL comment
        if flags[i] and SIGNATURE_DASHES.match(line) and not any(
                flags[j] for j in (i - 1, i + 1) if 0 <= j < len(lines) and lines[j].strip()):
            flags[i] = False
    for i, line in enumerate(lines):
        if flags[i] or not (line.startswith(("    ", "\t")) or not line.strip()):
            continue
        before = next((flags[j] for j in range(i - 1, -1, -1) if lines[j].strip()), False)
        after = next((flags[j] for j in range(i + 1, len(lines)) if lines[j].strip()), False)
        flags[i] = before and (after or bool(line.strip()))
    return flags


def salutation(line: str, sep: str) -> bool:
    return sep == "," and line.count(",") == 1 and line.rstrip().endswith(",")


def table_runs(lines: list[str]) -> list[tuple[int, int]]:
    """Runs of 3+ lines with the same number (1+) of commas, tabs or pipes: CSV, TSV and table rows are data. A
    line whose one comma ends it is a letter's salutation or closing ("Dear Ann,", "Regards,"), no row."""
    runs = []
    for sep in (",", "\t", "|"):
        counts = [line.count(sep) if line.strip() and not salutation(line, sep) else -1 for line in lines]
        i = 0
        while i < len(lines):
            j = i
            while j < len(lines) and counts[j] >= 1 and counts[j] == counts[i]:
                j += 1
            if j - i >= 3:
                runs.append((i, j))
            i = max(j, i + 1)
    return runs


def code_regions(text: str, tables: bool = True) -> list[tuple[int, int]]:
    """Sorted, disjoint character spans of `text` that are code (`tables`: data tables' rows count as code)."""
    spans = [m.span() for m in FENCE.finditer(text)] if ("```" in text or "~~~" in text) else []
    if "`" in text:
        spans += [m.span() for m in INLINE.finditer(text)
                  if INLINE_CODE.search(m.group(1)) and not any(s <= m.start() < e for s, e in spans)]
    for (start, end), is_code in zip(lines_with_offsets(text), code_line_flags(text, tables), strict=True):
        if is_code and end > start:
            spans.append((start, end))
    return merge(spans)


def merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1] + 1:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def overlaps_any(start: int, end: int, regions: list[tuple[int, int]]) -> bool:
    return any(s < end and start < e for s, e in regions)


def code_prose(text: str, regions: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans inside code regions that are prose: comment text and string literal contents."""
    spans = []
    for start, end in regions:
        piece = text[start:end]
        for expression in (COMMENT, STRING):
            for match in expression.finditer(piece):
                group = next(g for g in range(1, (match.lastindex or 0) + 1) if match.group(g) is not None)
                if match.group(group).strip():
                    spans.append((start + match.start(group), start + match.end(group)))
    return merge(spans)


def without_code(text: str, keep_prose: bool = True) -> str:
    """`text` with its code regions cut out (a line break in their place); with `keep_prose`, the comment and
    string texts of the code stay, one per line."""
    regions = code_regions(text)
    if not regions:
        return text
    parts, at = [], 0
    for start, end in regions:
        parts.append(text[at:start])
        if keep_prose:
            parts.extend(text[s:e] + "\n" for s, e in code_prose(text, [(start, end)]))
        parts.append("\n")
        at = end
    parts.append(text[at:])
    return "".join(parts)


# The same line test for Polars expressions over single lines (quality); a test holds the two engines equal.
CODE_LINE_PATTERN = CODE_LINE.pattern
