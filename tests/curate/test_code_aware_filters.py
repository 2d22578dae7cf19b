"""quality and toxicity on code answers (issue 24): code is not truncated prose, repetition or abuse."""

from __future__ import annotations

import polars as pl
import pytest

from gristmill.curate import Pipeline, Quality, Toxicity

GCD = "def gcd(a, b):\n    while b:\n        a, b = b, a % b\n    return a"
PRINTS = "print('Header')\n" + "print('-' * 20)\n" * 6 + "print('Footer')"
TABLE = "<table>\n" + "  <tr><td>cell one</td><td>cell two</td></tr>\n" * 5 + "</table>"


def reasons(outputs: list[str], **options: object) -> list[str | None]:
    frame = pl.DataFrame({"instruction": ["Write it."] * len(outputs), "input": [""] * len(outputs),
                          "output": outputs})
    result = Pipeline([Quality(**options)], kind="sft").run(frame)
    out = pl.concat([result.kept, result.rejected], how="diagonal_relaxed").sort("source_line")
    return out.get_column("drop_reason").to_list()


def test_code_answers_are_not_truncated_or_repetitive() -> None:
    assert reasons([GCD, PRINTS, TABLE, "echo 'GCD:' $a"]) == [None, None, None, None]


def test_prose_is_still_checked() -> None:
    repeated = "This answer repeats itself.\n" * 5
    assert reasons(["I went to the", repeated, GCD + "\nThis is because of the"]) == [
        "quality:truncated", "quality:repetition", "quality:truncated"]


def scored(texts: list[str], **options: object) -> list[str | None]:
    pytest.importorskip("profanity_check")
    result = Pipeline([Toxicity(threshold=0.7, **options)], kind="text").run(pl.DataFrame({"text": texts}))
    out = pl.concat([result.kept, result.rejected], how="diagonal_relaxed").sort("source_line")
    return out.get_column("drop_reason").to_list()


def test_shell_commands_are_not_toxic_but_abuse_in_a_code_string_is() -> None:
    texts = ["du -sh /home", "```python\nprint(\"you are a stupid idiot\")\n```"]
    assert scored(texts) == [None, "toxicity"]
    assert scored(texts, on_code="all") == ["toxicity", "toxicity"]


def test_polars_reads_the_code_line_pattern_as_python_does() -> None:
    from gristmill.curate.code_spans import CODE_LINE, CODE_LINE_PATTERN

    lines = [line for text in (GCD, PRINTS, TABLE, "echo 'GCD:' $a", "I went to the", "s[::-1]", "$ ls -la",
                               "Hello (world)", "  {id: 1, name: 'John'},", "# heading", "return a", "x = 1;",
                               "Name: John Doe", "@app.route('/')", "He said: yes.", "for i in range(3):")
             for line in text.split("\n")]
    assert pl.Series(lines).str.contains(CODE_LINE_PATTERN).to_list() == [bool(CODE_LINE.search(x)) for x in lines]
