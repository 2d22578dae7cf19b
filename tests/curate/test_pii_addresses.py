"""Postal addresses and places (issue 24, "PII that generalizes"): addresses by their postal definitions (USPS
Publication 28's suffixes, unit designators and state codes; post boxes and address labels of other countries),
places by their personal context; public places in general-knowledge text and code stay."""

from __future__ import annotations

import polars as pl
import pytest

from gristmill.curate import Pipeline
from gristmill.curate.code_spans import code_regions
from gristmill.curate.pii import PII

pytest.importorskip("presidio_analyzer")

PLACES = ["PERSON", "STREET_ADDRESS", "LOCATION"]


def redact(texts: list[str], entities: list[str] | None = None) -> list[str]:
    result = Pipeline([PII(entities=entities)], kind="text").run(pl.DataFrame({"text": texts}))
    return pl.concat([result.kept, result.rejected], how="diagonal_relaxed").sort("source_line") \
        .get_column("text").to_list()


def test_usps_street_suffixes_and_a_us_last_line_make_an_address() -> None:
    # "Center" and "Prairie" are USPS Publication 28 suffixes (appendix C1); "VT 31095" a state code and a ZIP
    texts = ["Indirizzo: 709 Najeeb Center, Sadaqathaven, VT 31095",
             "Meet me at 7916 Akinwale Prairie, I'm on the third floor.",
             "Update it to 2145 Ülker Orchard\nBezekshire, ME 07766 please"]
    assert redact(texts) == ["Indirizzo: <STREET_ADDRESS>", "Meet me at <STREET_ADDRESS>, I'm on the third floor.",
                             "Update it to <STREET_ADDRESS> please"]


def test_unit_designators_post_boxes_and_house_number_marks_stay_with_the_address() -> None:
    texts = ["The package was left at pl. Skargi 84/23 Lot 727 instead of my flat.",
             "Please forward my post to Postfach 4521, 80331 München.",
             "J'habite au Jl. Gardujati No. 14 depuis deux ans.",
             "Return address: Casella postale 58306, 96751 Alingsås"]
    assert redact(texts) == ["The package was left at <STREET_ADDRESS> instead of my flat.",
                             "Please forward my post to <STREET_ADDRESS>.",
                             "J'habite au <STREET_ADDRESS> depuis deux ans.", "Return address: <STREET_ADDRESS>"]


def test_an_address_field_or_a_residence_cue_in_another_language_marks_a_street() -> None:
    texts = ["Anschrift: Hauptweg 12b, Kleinkleckersdorf", "Vivo en Nemetova 3c, en el segundo piso.",
             "Ich wohne in der Jurišićeva 4a, gleich neben dem Bahnhof."]
    assert redact(texts, PLACES) == ["Anschrift: <STREET_ADDRESS>", "Vivo en <STREET_ADDRESS>, en el segundo piso.",
                                     "Ich wohne in der <STREET_ADDRESS>, gleich neben dem Bahnhof."]


def test_an_upper_case_from_label_is_a_shipping_label_not_sql() -> None:
    label = "FROM: Carl Roberts, 35 Giles Groves, Port Dianamouth, L6C 5JZ\nTO: Dr Karl Thompson, PO Box 88"
    assert code_regions(label) == []
    assert code_regions("SELECT name\nFROM users;") != []
    assert redact([label]) == ["FROM: <PERSON>, <STREET_ADDRESS>\nTO: <PERSON>, <STREET_ADDRESS>"]


def test_places_in_a_personal_context_are_redacted() -> None:
    texts = ["Our family relocated from Quebec to Ottawa when I was ten.",
             "I'm originally from Leeds and now live in Hull.",
             "My grandmother was born in Lyon, France.",
             "Place of birth: Uricani\nNationality: Kenya"]
    assert redact(texts, PLACES) == ["Our family relocated from <LOCATION> to <LOCATION> when I was ten.",
                                     "I'm originally from <LOCATION> and now live in <LOCATION>.",
                                     "My grandmother was born in <LOCATION>, <LOCATION>.",
                                     "Place of birth: <LOCATION>\nNationality: <LOCATION>"]


def test_public_places_in_knowledge_text_and_addresses_in_code_stay() -> None:
    texts = ["Paris is the capital of France and lies on the Seine.",
             "The Danube flows through Vienna, Bratislava, Budapest and Belgrade before reaching the Black Sea.",
             "The treaty was signed in Versailles in 1919, and Germany lost Alsace-Lorraine to France.",
             "Canberra was chosen as Australia's capital as a compromise between Sydney and Melbourne.",
             "```python\nprint('Address: 12 Main Street, Springfield, IL 62701')\n```",
             "IP address: 10.0.0.1"]
    assert redact(texts, PLACES) == texts
