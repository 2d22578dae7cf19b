"""The run's SPDX 2.3 manifest (`manifest.spdx.json`), built and validated with spdx-tools (DESIGN §7).

What it holds:
- a package per input source (declared license, where it came from) that CONTAINS a file element per input
  file (SHA-1 and SHA-256);
- a package per output file (SHA-256 and SHA-1), which the document DESCRIBES, related to what it came from
  with GENERATED_FROM (made from) and DESCENDANT_OF (a modified version of);
- other packages later stages add (a synthetic-data generator, a base model with its files);
- annotations with machine-readable JSON: the resolved config, per-pass counts, eval results.

File names are relative to the run directory (SPDX forbids absolute ones), so `manifest verify` finds every
file from the manifest alone. Every `save()` validates the whole document first; an invalid manifest is
never written. Later stages extend it:

    manifest = Manifest.load(run_dir)
    base = manifest.add_package("SmolLM2-135M-Instruct", files=[gguf], license="Apache-2.0",
                                download_location="https://huggingface.co/HuggingFaceTB/SmolLM2-135M-Instruct")
    manifest.add_stage_outputs("train", [run_dir / "train" / "adapter"], derived_from=[kept], descendant_of=[base])
    manifest.save()
"""

from __future__ import annotations

import json
import os
import re
import uuid
from collections.abc import Iterable, Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gristmill import __version__
from gristmill.errors import GristmillError
from gristmill.files import atomic_path, file_digests, files_below
from gristmill.manifests.hashing import ALGORITHMS, verification_code

if TYPE_CHECKING:
    from spdx_tools.spdx.model import Document, File, Package

MANIFEST = "manifest.spdx.json"
DOCUMENT_ID = "SPDXRef-DOCUMENT"
UNKNOWN = ("NOASSERTION", "NONE")
SOURCE, OUTPUT, PACKAGE, FILE = "Source", "Output", "Package", "File"
DEFAULT_REF_TEXT = ("The text of this license was not given to gristmill (set licenses.texts in the config); "
                    "see the documentation of the source that declares it.")


class ManifestError(GristmillError):
    """A manifest that cannot be read, or one that spdx-tools finds invalid."""


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None, microsecond=0)  # SPDX dates: UTC, whole seconds


def _tool() -> Any:
    from spdx_tools.spdx.model import Actor, ActorType

    return Actor(ActorType.TOOL, f"gristmill-{__version__}")


def license_value(expression: str | None) -> Any:
    """An SPDX license field from an expression string (NOASSERTION and NONE are their own types)."""
    from spdx_tools.common.spdx_licensing import spdx_licensing
    from spdx_tools.spdx.model import SpdxNoAssertion, SpdxNone

    if expression is None or expression == "NOASSERTION":
        return SpdxNoAssertion()
    if expression == "NONE":
        return SpdxNone()
    return spdx_licensing.parse(expression)


def combined_license(expressions: Iterable[str]) -> str:
    """What a file holding rows under each of `expressions` is under: all of them (AND), NOASSERTION if any is."""
    unique = sorted(set(expressions))
    if not unique or any(e in UNKNOWN for e in unique):
        return "NOASSERTION"
    return " AND ".join(f"({e})" if " " in e else e for e in unique)


def _checksums(path: Path) -> list[Any]:
    from spdx_tools.spdx.model import Checksum, ChecksumAlgorithm

    return [Checksum(ChecksumAlgorithm[name.upper()], value) for name, value in file_digests(path, ALGORITHMS).items()]


class Manifest:
    """An SPDX document of one run directory: add sources, outputs and packages, annotate, `save()`."""

    def __init__(self, run_dir: str | Path, document: Document) -> None:
        self.run_dir = Path(run_dir)
        self.document = document
        self.license_texts: dict[str, str] = {}  # LicenseRef-… → text, for the extracted licensing info

    @property
    def path(self) -> Path:
        return self.run_dir / MANIFEST

    @classmethod
    def new(cls, run_dir: str | Path, name: str | None = None) -> Manifest:
        """An empty manifest for a run (nothing is written until `save`)."""
        from spdx_tools.spdx.model import CreationInfo, Document

        run_dir = Path(run_dir)
        name = name or f"gristmill-run-{run_dir.resolve().name}"
        info = CreationInfo(
            "SPDX-2.3", DOCUMENT_ID, name, f"https://spdx.org/spdxdocs/{name}-{uuid.uuid4()}", [_tool()], _now(),
            creator_comment="Written by gristmill. File names are relative to the run directory.",
        )
        return cls(run_dir, Document(info))

    @classmethod
    def load(cls, run_dir: str | Path) -> Manifest:
        """Read a run's manifest back (to extend it, or to verify it)."""
        from spdx_tools.spdx.parser.error import SPDXParsingError
        from spdx_tools.spdx.parser.json.json_parser import parse_from_file

        path = Path(run_dir) / MANIFEST
        if not path.exists():
            raise ManifestError(f"{path}: no manifest (run the curate stage first)")
        try:
            document = parse_from_file(str(path))
        except SPDXParsingError as exc:
            problems = "; ".join(exc.get_messages()[:5])
            raise ManifestError(f"{path}: not a valid SPDX document ({problems})") from None
        except ValueError as exc:  # json.JSONDecodeError
            raise ManifestError(f"{path}: not valid JSON ({exc})") from None
        return cls(run_dir, document)

    # ------------------------------------------------------------------------------------------- naming

    def _ids(self) -> set[str]:
        doc = self.document
        return {p.spdx_id for p in doc.packages} | {f.spdx_id for f in doc.files}

    def _new_id(self, prefix: str, name: str) -> str:
        base = f"SPDXRef-{prefix}-" + (re.sub(r"[^A-Za-z0-9.]+", "-", name).strip("-") or "x")
        taken, spdx_id, n = self._ids(), base, 2
        while spdx_id in taken:
            spdx_id, n = f"{base}-{n}", n + 1
        return spdx_id

    def file_name(self, path: str | Path) -> str:
        """How a file is named in the manifest: relative to the run directory, `./` inside it."""
        rel = Path(os.path.relpath(Path(path).resolve(), self.run_dir.resolve())).as_posix()
        return rel if rel.startswith("../") else f"./{rel}"

    def resolve(self, file_name: str) -> Path:
        """The file a manifest name points at."""
        return self.run_dir / file_name

    # ------------------------------------------------------------------------------------------- elements

    def package(self, key: str) -> Package:
        """A package by SPDX id, name or file name."""
        for p in self.document.packages:
            if key in (p.spdx_id, p.name, p.file_name):
                return p
        raise ManifestError(f"{self.path}: no package {key!r}")

    def _existing(self, prefix: str, name: str) -> str | None:
        for p in self.document.packages:
            if p.spdx_id.startswith(f"SPDXRef-{prefix}-") and name in (p.name, p.file_name):
                return p.spdx_id
        return None

    def _drop(self, spdx_id: str) -> None:
        """Remove an element with its contained files, relationships and annotations (before re-adding it)."""
        from spdx_tools.spdx.model import RelationshipType

        doc = self.document
        gone = {spdx_id} | {r.related_spdx_element_id for r in doc.relationships
                            if r.spdx_element_id == spdx_id and r.relationship_type == RelationshipType.CONTAINS}
        doc.packages = [p for p in doc.packages if p.spdx_id not in gone]
        doc.files = [f for f in doc.files if f.spdx_id not in gone]
        doc.relationships = [r for r in doc.relationships
                             if r.spdx_element_id not in gone and r.related_spdx_element_id not in gone]
        doc.annotations = [a for a in doc.annotations if a.spdx_id not in gone]

    def _declare_refs(self, expression: str | None) -> None:
        """Add extracted licensing info for every LicenseRef- an expression uses (SPDX requires it)."""
        from spdx_tools.spdx.model import ExtractedLicensingInfo

        declared = {e.license_id for e in self.document.extracted_licensing_info}
        for ref in sorted(set(re.findall(r"LicenseRef-[A-Za-z0-9.\-]+", expression or "")) - declared):
            self.document.extracted_licensing_info.append(ExtractedLicensingInfo(
                ref, self.license_texts.get(ref, DEFAULT_REF_TEXT), ref.removeprefix("LicenseRef-")))

    def _add_files(self, owner: str, paths: Sequence[Path], license: str) -> list[File]:
        from spdx_tools.spdx.model import File, Relationship, RelationshipType

        added = []
        for path in paths:
            name = self.file_name(path)
            element = File(name, self._new_id(FILE, name), _checksums(path), license_concluded=license_value(license),
                           comment=f"read from {Path(path).resolve()}")
            self.document.files.append(element)
            self.document.relationships.append(Relationship(owner, RelationshipType.CONTAINS, element.spdx_id))
            added.append(element)
        return added

    def add_package(self, name: str, files: Iterable[str | Path] = (), *, license: str = "NOASSERTION",
                    download_location: str | None = None, version: str | None = None, comment: str | None = None,
                    purpose: str = "OTHER", prefix: str = PACKAGE) -> str:
        """A package for something the run used (a data source, a base model, a generator endpoint).

        Its files, if any, become file elements with checksums that it CONTAINS. Adding a package with the
        same name again replaces it. Returns its SPDX id, for relationships.
        """
        from spdx_tools.spdx.model import Package, PackagePurpose, PackageVerificationCode, SpdxNoAssertion

        old = self._existing(prefix, name)
        if old:
            self._drop(old)
        spdx_id = old or self._new_id(prefix, name)
        paths = [p for f in files for p in files_below(f)]
        self._declare_refs(license)
        package = Package(spdx_id, name, download_location or SpdxNoAssertion(), version=version,
                          files_analyzed=bool(paths), license_concluded=license_value(license),
                          license_declared=license_value(license), copyright_text=SpdxNoAssertion(),
                          comment=comment, primary_package_purpose=PackagePurpose[purpose])
        self.document.packages.append(package)
        added = self._add_files(spdx_id, paths, license)
        if added:
            sha1s = [c.value for f in added for c in f.checksums if c.algorithm.name == "SHA1"]
            package.verification_code = PackageVerificationCode(verification_code(sha1s))
        return spdx_id

    def add_source(self, name: str, files: Iterable[str | Path], license: str, origin: str = "human",
                   url: str | None = None, rows: dict[str, Any] | None = None) -> str:
        """A package for one input source: its declared license, where it came from, its files' checksums."""
        files = list(files)
        where = ", ".join(self.file_name(f) for f in files) or "an in-memory frame"
        spdx_id = self.add_package(name, files, license=license, download_location=url, prefix=SOURCE,
                                   comment=f"gristmill input source; origin {origin}; read from {where}")
        if rows is not None:
            self.annotate(spdx_id, "rows", rows)
        return spdx_id

    def add_output(self, path: str | Path, stage: str, license: str | None = None, derived_from: Iterable[str] = (),
                   descendant_of: Iterable[str] = ()) -> str:
        """A package for one output file (replacing an older entry for the same file)."""
        from spdx_tools.spdx.model import Package, PackagePurpose, Relationship, RelationshipType, SpdxNoAssertion

        name = self.file_name(path)
        old = self._existing(OUTPUT, name)
        if old:
            self._drop(old)
        spdx_id = old or self._new_id(OUTPUT, name.removeprefix("./"))
        self._declare_refs(license)
        self.document.packages.append(Package(
            spdx_id, name, SpdxNoAssertion(), file_name=name, files_analyzed=False, checksums=_checksums(Path(path)),
            license_concluded=license_value(license), license_declared=SpdxNoAssertion(),
            copyright_text=SpdxNoAssertion(), comment=f"output of the gristmill {stage} stage",
            primary_package_purpose=PackagePurpose.FILE, built_date=_now()))
        relations = [(DOCUMENT_ID, RelationshipType.DESCRIBES, spdx_id)]
        relations += [(spdx_id, RelationshipType.GENERATED_FROM, other) for other in derived_from]
        relations += [(spdx_id, RelationshipType.DESCENDANT_OF, other) for other in descendant_of]
        self.document.relationships += [Relationship(a, kind, b) for a, kind, b in relations]
        return spdx_id

    def add_stage_outputs(self, stage: str, files: Iterable[str | Path], derived_from: Iterable[str] = (),
                          descendant_of: Iterable[str] = (), annotations: dict[str, Any] | None = None,
                          license: str | None = None) -> list[str]:
        """Output packages for a stage's files (a folder adds each file in it), and `{stage}.{key}` annotations."""
        derived_from, descendant_of = list(derived_from), list(descendant_of)
        ids = [self.add_output(p, stage, license, derived_from, descendant_of) for f in files for p in files_below(f)]
        for key, value in (annotations or {}).items():
            self.annotate(DOCUMENT_ID, f"{stage}.{key}", value)
        return ids

    # ------------------------------------------------------------------------------------------- annotations

    def annotate(self, spdx_id: str, key: str, value: Any) -> None:
        """Attach `{"gristmill": key, "value": value}` to an element, replacing an older value of the key."""
        from spdx_tools.spdx.model import Annotation, AnnotationType

        self.document.annotations = [a for a in self.document.annotations
                                     if not (a.spdx_id == spdx_id and annotation_key(a) == key)]
        comment = json.dumps({"gristmill": key, "value": value}, sort_keys=True, default=str)
        self.document.annotations.append(Annotation(spdx_id, AnnotationType.OTHER, _tool(), _now(), comment))

    def annotation(self, key: str, spdx_id: str = DOCUMENT_ID) -> Any:
        """The value annotated under `key` on an element; ManifestError when there is none."""
        for a in self.document.annotations:
            if a.spdx_id == spdx_id and annotation_key(a) == key:
                return json.loads(a.annotation_comment)["value"]
        raise ManifestError(f"{self.path}: no annotation {key!r} on {spdx_id}")

    # ------------------------------------------------------------------------------------------- saving

    def validate(self) -> list[str]:
        """spdx-tools' validation messages for the whole document (empty when valid)."""
        from spdx_tools.spdx.validation.document_validator import validate_full_spdx_document

        return [m.validation_message for m in validate_full_spdx_document(self.document)]

    def save(self) -> Path:
        """Validate, then write the manifest atomically; ManifestError listing the problems when invalid."""
        from spdx_tools.spdx.writer.json.json_writer import write_document_to_stream

        problems = self.validate()
        if problems:
            listed = "\n".join(f"  - {p}" for p in problems[:20])
            count = f"{len(problems)} problem{'s' if len(problems) > 1 else ''}"
            raise ManifestError(f"{self.path}: the SPDX document is invalid ({count}):\n{listed}")
        with atomic_path(self.path) as tmp, open(tmp, "w", encoding="utf-8") as handle:
            write_document_to_stream(self.document, handle, validate=False)
        return self.path


def annotation_key(annotation: Any) -> str | None:
    try:
        return json.loads(annotation.annotation_comment).get("gristmill")
    except (ValueError, AttributeError):
        return None
