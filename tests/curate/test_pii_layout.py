"""Other mentions of a found name as scripts other than Latin write them, and names by where they stand (a list
of people, a signature): methods that hold whatever the text's wording."""

from __future__ import annotations

import importlib.util

import polars as pl
import pytest

from gristmill.curate import Pipeline
from gristmill.curate.code_spans import code_regions
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


def test_a_signature_after_its_delimiter_is_a_name_in_any_script() -> None:
    out = redact(["Your password was reset; ring me on 415-555-0199 if it fails.\n-- Фиаз Гаде, IT support",
                  "Your password was reset; ring me on 415-555-0199 if it fails.\n-- 김민서, IT support",
                  "Your password was reset; ring me on 415-555-0199 if it fails.\n-- Nihal Dua, IT support"])
    assert "Фиаз Гаде" not in out[0] and "김민서" not in out[1] and "Nihal Dua" not in out[2], out
    assert all(text.endswith(", IT support") for text in out)


def test_a_signature_delimiter_alone_under_prose_is_no_sql_comment() -> None:
    prose = "Thanks for the report.\n-- Ann Lee, support"
    sql = "SELECT name FROM users;\n-- Ann Lee wrote this query\nSELECT 1;"
    assert code_regions(prose, tables=False) == []
    assert code_regions(sql, tables=False) == [(0, len(sql))]


def test_entries_shaped_like_a_found_name_in_a_list_of_people_are_names() -> None:
    out = redact(["Phone tree, ring the next one down:\nJan Kowalski - +48 512 345 678\nMarta Nowak - +48 601 222 333\n"
                  "Зоряна - +48 698 111 444\nיהונתן - +48 501 999 888"])
    for name in ("Зоряна", "יהונתן"):
        assert name not in out[0], out[0]


def test_lines_of_another_shape_or_with_common_words_are_no_entries() -> None:
    text = ("Missed calls\nJan Kowalski  +48 512 345 678  09:41\nUnknown  +48 601 222 333  10:02\n"
            "Office: +48 698 111 444")
    out = redact([text])
    assert "Unknown" in out[0] and "Office:" in out[0], out[0]


def test_the_last_sentence_of_an_unspaced_message_is_its_signature() -> None:
    out = redact(["日曜日まで留守にします。私の携帯090-3547-7501に電話してください。よろしくお願いします。小川 翔太"])
    assert "小川" not in out[0] and "よろしくお願いします。" in out[0], out[0]



def test_a_tables_name_column_is_a_record_of_people_in_any_language() -> None:
    # the header is the word for a name (or "who"); a private name under it goes, a famous one in a table of
    # public knowledge stays, and so do a config table's lower-case keys under "Name"
    texts = ["Who | Brings | Paid\nІрена Бабко | salad | yes\nКостянтин Журавель | drinks | no",
             "ФИО | Комната | Ночей\nЕвфросиния Вадимовна Зиновьева | 12 | 3\nКозлов Мариан Авдеевич | 15 | 2",
             "| Name | Born | Known for |\n|---|---|---|\n| Marie Curie | 1867 | Radium |\n"
             "| Albert Einstein | 1879 | Relativity |",
             "| Name | Type | Default |\n|---|---|---|\n| timeout | int | 30 |\n| retries | int | 3 |",
             "Name, Age, Job\nAlice, 30, Engineer\nBob, 45, Doctor\nDana Whitfield, 38, Nurse"]  # example data
    out = redact(texts)
    assert out[0] == "Who | Brings | Paid\n<PERSON> | salad | yes\n<PERSON> | drinks | no"
    assert out[1] == "ФИО | Комната | Ночей\n<PERSON> | 12 | 3\n<PERSON> | 15 | 2"  # the header is no one
    assert "Marie Curie" in out[2] and "Albert Einstein" in out[2]
    assert out[3:] == texts[3:]


def test_a_dialogues_speakers_in_another_script_are_names_and_the_pronoun_is_not() -> None:
    texts = ["הילה: אל תחכו לי, תתחילו לאכול\nאני: בסדר, רק אל תשכחו את הלחם"]
    assert redact(texts) == ["<PERSON>: אל תחכו לי, תתחילו לאכול\nאני: בסדר, רק אל תשכחו את הלחם"]


def test_the_items_of_a_list_beside_a_name_are_names_and_its_other_items_are_not() -> None:
    # the Arabic list's first two items are cued (السيد, "Mr"), the third is a name by its place; "and the
    # neighbours" (وجيران, "and" joined) is no one, and neither are lower-case items or a list with no person
    texts = ["المدعوون إلى العشاء: السيد كريم حداد، السيد سامي نصر، قانت، وجيران الطابق الثاني.",
             "周末烧烤名单：杨想、王俊、明，还有楼下的两家邻居。每人带一样吃的。",
             "Ingredients: flour, sugar, Butter, eggs."]
    out = redact(texts)
    assert out[0] == "المدعوون إلى العشاء: السيد <PERSON>، السيد <PERSON>، <PERSON>، وجيران الطابق الثاني."
    assert out[1] == "周末烧烤名单：<PERSON>、<PERSON>、<PERSON>，还有楼下的两家邻居。每人带一样吃的。"
    assert "flour, sugar" in out[2] and "eggs" in out[2]


def test_a_table_of_names_no_recognizer_reads_is_found_by_its_column_and_a_cells_part_is_the_whole_cell() -> None:
    # no recognizer finds a Thai name, so the table alone says who is listed; jieba takes only the given name of
    # 杨红霞, and the cell is the whole name
    texts = ["ชื่อ | ห้อง | คืน\nเฉลิมรัตน์ บุญบำรุง | 12 | 3\nธีร์ธวันาย สันตะวงศ์ | 15 | 2"]
    if importlib.util.find_spec("jieba"):
        texts.append("姓名 | 房间 | 入住天数\n杨兵 | 302 | 3\n杨红霞 | 305 | 2")
    assert redact(texts) == ["ชื่อ | ห้อง | คืน\n<PERSON> | 12 | 3\n<PERSON> | 15 | 2",
                             "姓名 | 房间 | 入住天数\n<PERSON> | 302 | 3\n<PERSON> | 305 | 2"][:len(texts)]


def test_a_name_alone_on_a_messages_last_line_after_a_sentence_is_its_signature() -> None:
    texts = ["שלום רב,\nתודה על המתנה היפה לחתונה, נהנינו ממנה מאוד.\nגאיה נחמני",
             "Thanks again for the lovely evening.\nSee you soon"]  # no name: lower-case words
    assert redact(texts) == ["שלום רב,\nתודה על המתנה היפה לחתונה, נהנינו ממנה מאוד.\n<PERSON>", texts[1]]
