"""Other mentions of a found name as scripts other than Latin write them, and names by where they stand:
methods that hold whatever the text's wording."""

from __future__ import annotations

import polars as pl
import pytest

from gristmill.curate import Pipeline
from gristmill.curate.pii import PII
from gristmill.curate.pii_scripts import affixed_mentions

pytest.importorskip("presidio_analyzer")


def redact(texts: list[str]) -> list[str]:
    result = Pipeline([PII(entities=["ALL"])], kind="text").run(pl.DataFrame({"text": texts}))
    return pl.concat([result.kept, result.rejected], how="diagonal_relaxed").sort("source_line") \
        .get_column("text").to_list()


def test_affixed_mentions_of_a_name_in_scripts_that_join_words_to_it() -> None:
    # Ukrainian inflects (the whole word); Bengali joins a case ending and Arabic a conjunction (the name's
    # letters); Japanese writes no spaces; a title and a common word have no other mentions
    assert affixed_mentions("Тетяна прийшла. Я бачив Тетяну.", "Тетяна") == [(0, 6), (24, 30)]
    assert affixed_mentions("রহিম এসেছে। রহিমের বাড়ি", "রহিম") == [(0, 4), (12, 16)]
    assert affixed_mentions("أمين جاء وأمين", "أمين") == [(0, 4), (10, 14)]
    assert affixed_mentions("翔太さんに翔太が", "翔太") == [(0, 2), (5, 7)]
    assert affixed_mentions("श्री राम श्रीमती", "श्री") == []
    assert affixed_mentions("в городе и в", "и") == []


def test_another_mention_of_a_found_name_with_a_case_ending_or_a_joined_word() -> None:
    out = redact(["আমার বন্ধু রহিম কাল এসেছিল। রহিমের বাড়ি অনেক দূরে।",  # Bengali: "Rahim's house"
                  "صديقي أمين جاء أمس، وسافرنا مع أمين ولأمين بيت جميل."])  # Arabic: "and for Amin"
    assert "রহিম" not in out[0] and "أمين" not in out[1], out
    assert "বাড়ি অনেক দূরে" in out[0]
