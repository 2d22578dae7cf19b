from __future__ import annotations

import polars as pl
import pytest
from fake_openai import FakeOpenAI, client_options

from gristmill.config import validate
from gristmill.llm.cache import ResponseCache
from gristmill.llm.client import ClientConfig, SynthClient
from gristmill.rouge import rouge_l
from gristmill.synth.back_translate import BackTranslation, band_reason, clean_translation
from gristmill.synth.config import BackTranslationConfig
from gristmill.synth.rows import synthetic_frame


@pytest.mark.parametrize(("similarities", "reason"), [
    ([0.714], None),
    ([0.3], None),  # the lower bound is inside the band
    ([0.9], "copy"),  # the upper bound is not
    ([1.0], "copy"),
    ([0.29], "drift"),
    ([0.5, 0.95], "copy"),  # every field must be inside the band
    ([0.5, 0.1], "drift"),
    ([], None),
])
def test_band_keeps_paraphrases_and_drops_copies_and_different_tasks(similarities: list[float],
                                                                     reason: str | None) -> None:
    assert band_reason(similarities, 0.3, 0.9) == reason


def test_clean_translation_strips_labels_and_quotes() -> None:
    assert clean_translation('Translation: "Écris un poème."') == "Écris un poème."
    assert clean_translation("  Here is the translation:\nHola  ") == "Hola"
    assert clean_translation("It's fine") == "It's fine"


ROWS = pl.DataFrame({
    "id": ["r1", "r2", "r3", "r4"],
    "instruction": ["Write a short poem about the sea.", "Summarize Hamlet briefly please.",
                    "UNRELATED task about cooking pasta.", "Give me a list of three fruits."],
    "input": ["", "", "", "Tell me more."],
    "output": ["Waves...", "The article...", "Boil water...", "Apple, pear, plum."],
    "license": ["MIT", "MIT", "CC-BY-4.0", "Apache-2.0"],
})


def test_back_translation_keeps_in_band_paraphrases_with_parent_links(api_key: str) -> None:
    cfg = BackTranslationConfig(pivots=["French", "German"], fields=["instruction", "input"])
    with FakeOpenAI() as server:
        client = SynthClient(validate(ClientConfig, client_options(server.url)), cache=ResponseCache(None))
        method = BackTranslation(client, cfg)
        records = method.run(ROWS)
    frame = synthetic_frame(records, origin="back_translation", license="NOASSERTION", generator=client.generator,
                            extra={"pivot": pl.String(), "similarity": pl.Float64()})
    assert frame.select("parent_id", "instruction", "input", "output", "license", "pivot").rows() == [
        ("r1", "compose one brief poem about this sea.", "", "Waves...", "MIT", "French"),
        ("r4", "provide me one enumerate from three fruits.", "inform me more.", "Apple, pear, plum.", "Apache-2.0",
         "French"),
    ]
    assert frame["similarity"].to_list() == [
        rouge_l("Write a short poem about the sea.", "compose one brief poem about this sea."),
        min(rouge_l("Give me a list of three fruits.", "provide me one enumerate from three fruits."),
            rouge_l("Tell me more.", "inform me more.")),
    ]
    assert set(frame["origin"]) == {"back_translation"} and set(frame["generator"]) == {"fake-model"}
    dropped = method.filtered_frame().select("parent_id", "pivot", "reason").rows()
    assert sorted(dropped) == [("r1", "German", "duplicate"), ("r2", "French", "copy"), ("r2", "German", "copy"),
                               ("r3", "French", "drift"), ("r3", "German", "drift"),
                               ("r4", "German", "duplicate")]
    # 5 non-empty fields x 2 pivots x (there and back)
    assert client.stats.requests == 20
