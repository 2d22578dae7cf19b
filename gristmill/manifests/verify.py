"""`gristmill manifest verify`: recompute every checksum a run's manifest records and validate the document."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rich.console import Console, ConsoleOptions, RenderableType
from rich.text import Text

from gristmill.files import file_digests
from gristmill.manifests.spdx import Manifest, ManifestError, annotation_key
from gristmill.report import table

OK, MISMATCH, MISSING, UNSUPPORTED = "ok", "mismatch", "missing", "unsupported"


@dataclass
class Check:
    """One file named in the manifest and how its recorded checksums compare with the file on disk."""

    element: str  # the SPDX id of the file or package
    file_name: str
    status: str
    algorithm: str = ""
    expected: str = ""
    actual: str = ""


@dataclass
class VerifyReport:
    """Every checksum checked and every validation message; `ok` only when there is nothing wrong."""

    manifest: Path
    checks: list[Check] = field(default_factory=list)
    invalid: list[str] = field(default_factory=list)  # spdx-tools validation messages (or why it cannot be read)

    @property
    def problems(self) -> list[Check]:
        return [c for c in self.checks if c.status != OK]

    @property
    def ok(self) -> bool:
        return not self.problems and not self.invalid

    def as_dict(self) -> dict[str, Any]:
        return {"manifest": str(self.manifest), "ok": self.ok, "files_checked": len(self.checks),
                "problems": [vars(c) for c in self.problems], "invalid": self.invalid}

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[RenderableType]:
        if self.problems:
            yield table("Checksum problems", ["file", "problem", "recorded", "on disk"],
                        [[c.file_name, f"{c.algorithm} {c.status}".strip(), c.expected[:12], c.actual[:12]]
                         for c in self.problems], numeric_from=99)
        if self.invalid:
            yield table("SPDX validation", ["problem"], [[m] for m in self.invalid], numeric_from=99)
        yield self._summary()

    def _summary(self) -> Text:
        good = len(self.checks) - len(self.problems)
        if self.ok:
            return Text(f"✓ {self.manifest}: {good} files match their checksums; the SPDX 2.3 document is valid",
                        style="bold green")
        parts = [f"{len(self.problems)} of {len(self.checks)} files do not match"] if self.checks else []
        if self.invalid:
            parts.append(f"{len(self.invalid)} SPDX problem{'s' if len(self.invalid) > 1 else ''}")
        return Text(f"✗ {self.manifest}: {'; '.join(parts)}", style="bold red")


def _check(manifest: Manifest, element: str, file_name: str, checksums: list[Any]) -> Check:
    path = manifest.resolve(file_name)
    if not path.is_file():
        return Check(element, file_name, MISSING)
    wanted = {c.algorithm.name.lower(): c.value.lower() for c in checksums}
    if not wanted:
        return Check(element, file_name, UNSUPPORTED, expected="(no checksum recorded)")
    known = {name: value for name, value in wanted.items() if name in hashlib.algorithms_available}
    if not known:
        return Check(element, file_name, UNSUPPORTED, ", ".join(wanted))
    actual = file_digests(path, known)
    for name, value in known.items():
        if actual[name] != value:
            return Check(element, file_name, MISMATCH, name, value, actual[name])
    return Check(element, file_name, OK, ", ".join(known))


def verify(run_dir: str | Path) -> VerifyReport:
    """Recompute the checksum of every file and file package in a run's manifest and validate the document."""
    report = VerifyReport(Path(run_dir) / "manifest.spdx.json")
    try:
        manifest = Manifest.load(run_dir)
    except ManifestError as exc:
        report.invalid.append(str(exc))
        return report
    report.invalid = manifest.validate()
    for element in manifest.document.files:
        report.checks.append(_check(manifest, element.spdx_id, element.name, element.checksums))
    for package in manifest.document.packages:
        if package.file_name and package.checksums:
            report.checks.append(_check(manifest, package.spdx_id, package.file_name, package.checksums))
    return report


def _role(spdx_id: str) -> str:
    return spdx_id.removeprefix("SPDXRef-").split("-", 1)[0].lower()


@dataclass
class ManifestSummary:
    """What a manifest records, for people: packages with license and checksum, relationships, annotations."""

    manifest: Manifest

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[RenderableType]:
        doc = self.manifest.document
        info = doc.creation_info
        yield Text.assemble((info.name, "bold"), f"  {info.spdx_version}  created {info.created:%Y-%m-%d %H:%M}Z  ",
                            (", ".join(c.name for c in info.creators), "dim"))
        elements: list[Any] = [*doc.packages, *doc.files]
        sha256 = {e.spdx_id: c.value for e in elements for c in e.checksums if c.algorithm.name == "SHA256"}
        files_in = {r.spdx_element_id: 0 for r in doc.relationships}
        for r in doc.relationships:
            if r.relationship_type.name == "CONTAINS":
                files_in[r.spdx_element_id] += 1
        yield table("Packages", ["role", "name", "license", "files", "sha256"],
                    [[_role(p.spdx_id), p.name, str(p.license_concluded), files_in.get(p.spdx_id, 0),
                      sha256.get(p.spdx_id, "")[:16]] for p in doc.packages], numeric_from=3)
        kinds: dict[str, int] = {}
        for r in doc.relationships:
            kinds[r.relationship_type.name] = kinds.get(r.relationship_type.name, 0) + 1
        yield table("Relationships", ["type", "count"], [[k, n] for k, n in sorted(kinds.items())])
        keys = [(a.spdx_id, annotation_key(a) or a.annotation_comment[:40]) for a in doc.annotations]
        yield table("Annotations", ["element", "key"], [[e, k] for e, k in keys], numeric_from=99)

