"""Names in Japanese and Chinese, which are written without spaces: the languages' own segmenters tag them.

No regular expression can tell where a name ends in 昨日鈴木修平さんから電話がありました or 昨天华桂珍给我打电话,
and the English NER model reads neither. The segmenters made for these languages can:

- **Japanese**: MeCab with UniDic (through `fugashi` and `unidic-lite`) tags a word 固有名詞・人名 (proper noun,
  person's name), 姓 for a family name and 名 for a given name; a family name and a given name in a row, with
  or without a space between them, are one name.
- **Chinese**: jieba's part-of-speech model tags a word `nr` (a person's name), `nrfg` or `nrt` (a transliterated
  one); a word that public text uses commonly (谢谢, which the model sometimes takes for a name) is not one.

A text with kana is Japanese, one with Han characters and neither kana nor Hangul is Chinese. Both segmenters
are optional (`pip install 'gristmill[pii-cjk]'`): without them a name in such text is found only after a cue
(さん, 씨, "my name is": see `pii_scripts`), and `available()` says so for the pass's summary.
"""

from __future__ import annotations

import functools
from typing import Any

import regex

from gristmill.curate.pii_context import KNOWN_NAME, PUBLIC_CONTEXT, chinese_word_list, word_frequency

KANA = regex.compile(r"[\p{Script=Hiragana}\p{Script=Katakana}]")
HAN = regex.compile(r"\p{Script=Han}")
HANGUL = regex.compile(r"\p{Script=Hangul}")
NAME_GAP = regex.compile(r"[ \u3000・]?")  # "鈴木 修平", "鈴木　修平"; "ジョン・スミス"
CHINESE_NAME_TAGS = frozenset({"nr", "nrfg", "nrt"})
COMMON = 4.0  # Zipf frequency from which a Chinese word jieba tags as a name is a common word ("谢谢" is 5.2)


@functools.cache
def japanese_tagger() -> Any | None:
    """fugashi's MeCab tagger with UniDic (unidic-lite), or None when they are not installed."""
    try:
        import fugashi

        return fugashi.Tagger()
    except (ImportError, RuntimeError):  # fugashi without a dictionary raises RuntimeError
        return None


@functools.cache
def chinese_tagger() -> Any | None:
    """jieba's part-of-speech tokenizer, or None when jieba is not installed (set up, quiet, by
    `chinese_word_list`)."""
    if not chinese_word_list():
        return None
    import jieba.posseg

    return jieba.posseg


def available() -> dict[str, bool]:
    """Which languages' segmenters are installed: {"ja": ..., "zh": ...}."""
    return {"ja": japanese_tagger() is not None, "zh": chinese_tagger() is not None}


def language(text: str) -> str | None:
    """"ja", "zh" or None: which segmenter a text needs."""
    if KANA.search(text):
        return "ja"
    if HAN.search(text) and not HANGUL.search(text):
        return "zh"
    return None


def japanese_names(text: str) -> list[tuple[int, int]]:
    tagger = japanese_tagger()
    if tagger is None:
        return []
    spans: list[tuple[int, int]] = []
    at = 0
    for word in tagger(text):
        start = text.find(word.surface, at)
        if start < 0:  # the tagger normalized something: stop rather than guess offsets
            break
        at = start + len(word.surface)
        if word.feature.pos3 != "人名":
            continue
        if spans and NAME_GAP.fullmatch(text, spans[-1][1], start):
            spans[-1] = (spans[-1][0], at)  # a family name and a given name in a row: one name
        else:
            spans.append((start, at))
    return spans


def chinese_names(text: str) -> list[tuple[int, int]]:
    tagger = chinese_tagger()
    if tagger is None:
        return []
    spans = []
    at = 0
    for word, flag in tagger.cut(text):
        start = at
        at += len(word)
        if flag in CHINESE_NAME_TAGS and 2 <= len(word) <= 4 and HAN.match(word) and \
                word_frequency(word, "zh") < COMMON:
            spans.append((start, at))
    return spans


@functools.lru_cache(maxsize=64)  # the recognizer, the policy and its reason ask for one text's names in turn
def segmented_names(text: str) -> tuple[tuple[int, int], ...]:
    """Spans of the names a Japanese or a Chinese text's segmenter tags; () for other texts, or without it."""
    lang = language(text)
    return tuple(japanese_names(text) if lang == "ja" else chinese_names(text) if lang == "zh" else [])


def private_segmented_name(text: str, start: int, end: int) -> str | None:
    """`person: unless_public`: why a name the segmenter tagged is still taken as personal, or None: a full name
    (a Japanese family and given name; two to four Chinese characters) that public text does not use commonly
    (a Chinese one under KNOWN_NAME), in a text with no sign of public knowledge."""
    lang = language(text)
    if (start, end) not in segmented_names(text) or PUBLIC_CONTEXT.search(text):
        return None
    if lang == "ja" and len(japanese_tagger()(text[start:end])) < 2:  # type: ignore[misc]
        return None  # a family name or a given name alone is as often a place or a word
    if lang == "zh" and word_frequency(text[start:end], "zh") >= KNOWN_NAME:
        return None
    return "a full name, tagged by its language's segmenter, in a text with no sign of public knowledge"
