"""License audit: which licenses the curated rows carry, flags for mixes that cannot ship, rules that fail a run.

Rules come from the `licenses:` config section. `forbid` lists ids that fail the run wherever they appear;
`commercial: true` also fails on non-commercial licenses (CC-BY-NC-*, ...) and on unknown terms (NOASSERTION,
NONE, any LicenseRef-) unless `allow` clears them. An expression passes when it can be satisfied without a
failing id: `MIT OR CC-BY-NC-4.0` passes (take MIT), `MIT AND CC-BY-NC-4.0` does not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import polars as pl
from rich.console import Console, ConsoleOptions, RenderableType
from rich.text import Text

from gristmill.config import CurateConfig, LicensesConfig
from gristmill.errors import GristmillError
from gristmill.report import table

NON_COMMERCIAL = re.compile(r"(?i)(^|-)NC(-|$)|noncommercial")
SHARE_ALIKE = re.compile(r"(?i)(^|-)SA(-|$)|^A?GPL-|^LGPL-|^ODbL-|^MPL-|^EPL-")
UNKNOWN = ("NOASSERTION", "NONE")
LICENSE_REF = re.compile(r"^LicenseRef-[A-Za-z0-9.\-]+$")


class LicenseError(GristmillError):
    """The curated rows carry a license the run's `licenses:` rules do not accept."""


def _licensing() -> Any:
    from spdx_tools.common.spdx_licensing import spdx_licensing

    return spdx_licensing


def symbols(expression: str) -> list[str]:
    """License ids named in an expression (`MIT OR Apache-2.0` → MIT, Apache-2.0)."""
    if expression in UNKNOWN:
        return [expression]
    return [s.key for s in _licensing().license_symbols(expression)]


def unknown_symbol_problem(symbol: str) -> str | None:
    """Why an id is neither on the SPDX license list nor a LicenseRef, or None when it is fine."""
    if symbol in UNKNOWN or LICENSE_REF.match(symbol):
        return None
    if _licensing().validate(symbol).invalid_symbols:
        return (f"{symbol!r} is not on the SPDX license list (https://spdx.org/licenses/); for a license with no "
                f"SPDX id write LicenseRef-{re.sub(r'[^A-Za-z0-9.-]', '-', symbol)}")
    return None


def expression_problem(expression: str) -> str | None:
    """Why a declared license expression cannot go into an SPDX manifest, or None."""
    if expression in UNKNOWN:
        return None
    info = _licensing().validate(expression)
    if info.errors and not info.invalid_symbols:
        return f"{expression!r} is not a valid license expression ({info.errors[0]})"
    bad = [p for p in (unknown_symbol_problem(s) for s in symbols(expression)) if p]
    return bad[0] if bad else None


def license_problems(cfg: CurateConfig) -> list[str]:
    """Every problem with the declared licenses, source URLs and license rules of a config, together."""
    from spdx_tools.spdx.validation.uri_validators import validate_download_location

    problems = []
    for index, spec in enumerate(cfg.inputs):
        why = expression_problem(spec.license)
        if why:
            problems.append(f"inputs[{index}].license: {why}")
        if spec.url is not None and validate_download_location(spec.url):
            problems.append(f"inputs[{index}].url: {spec.url!r} is not a URL (https://..., git+https://...)")
    rules = cfg.licenses
    for key in ("forbid", "allow"):
        for index, symbol in enumerate(getattr(rules, key)):
            why = unknown_symbol_problem(symbol)
            if why:
                problems.append(f"licenses.{key}[{index}]: {why}")
    problems += [f"licenses.texts.{ref}: keys must be LicenseRef- ids" for ref in rules.texts
                 if not LICENSE_REF.match(ref)]
    return problems


# ----------------------------------------------------------------------------------------------- rules


def flags(symbol: str) -> list[str]:
    """What a reviewer should know about one license id."""
    out = []
    if NON_COMMERCIAL.search(symbol):
        out.append("non-commercial")
    if symbol in UNKNOWN or symbol.startswith("LicenseRef-"):
        out.append("unknown terms")
    if SHARE_ALIKE.search(symbol):
        out.append("share-alike")
    return out


def symbol_failure(symbol: str, rules: LicensesConfig) -> str | None:
    """Why one license id fails the rules, or None."""
    if symbol in rules.allow:
        return None
    if symbol in rules.forbid:
        return "listed in licenses.forbid"
    if rules.commercial and "non-commercial" in flags(symbol):
        return "non-commercial, and licenses.commercial is true"
    if rules.commercial and "unknown terms" in flags(symbol):
        return "unknown terms, and licenses.commercial is true (list it in licenses.allow once cleared)"
    return None


def expression_failure(expression: str, rules: LicensesConfig) -> str | None:
    """Why an expression fails the rules: OR passes when any choice passes, AND when every part does."""
    if expression in UNKNOWN:
        return symbol_failure(expression, rules)
    return _node_failure(_licensing().parse(expression), rules)


def _node_failure(node: Any, rules: LicensesConfig) -> str | None:
    from license_expression import AND, OR

    if isinstance(node, OR | AND):
        reasons = [_node_failure(arg, rules) for arg in node.args]
        if isinstance(node, OR):
            return None if any(r is None for r in reasons) else reasons[0]
        return next((r for r in reasons if r is not None), None)
    symbol = getattr(node, "license_symbol", node)  # `X WITH exception` is judged on X
    return symbol_failure(symbol.key, rules)


# ----------------------------------------------------------------------------------------------- audit


@dataclass
class LicenseCount:
    license: str
    rows: int
    sources: dict[str, int]
    flags: list[str]
    failure: str | None = None


@dataclass
class LicenseAudit:
    """Licenses of the kept rows with row counts per source; `failures` are those the rules reject."""

    counts: list[LicenseCount]
    rules: dict[str, Any] = field(default_factory=dict)

    @property
    def failures(self) -> list[LicenseCount]:
        return [c for c in self.counts if c.failure]

    @property
    def warnings(self) -> list[str]:
        """Mixes a reviewer must look at before shipping, whether or not a rule fails them."""
        out = []
        for c in self.counts:
            if "non-commercial" in c.flags:
                out.append(f"{c.license} ({c.rows:,} rows) restricts the whole dataset to non-commercial use")
            if "unknown terms" in c.flags:
                out.append(f"{c.license} ({c.rows:,} rows): terms unknown to gristmill; check them before shipping")
            if "share-alike" in c.flags and len(self.counts) > 1:
                out.append(f"{c.license} ({c.rows:,} rows) is share-alike: a dataset mixing it with other "
                           "licenses may have to be shared under its terms")
        return out

    def as_dict(self) -> dict[str, Any]:
        return {"licenses": [vars(c) for c in self.counts], "rules": self.rules,
                "failed": [c.license for c in self.failures], "warnings": self.warnings}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> LicenseAudit:
        return cls([LicenseCount(**c) for c in data["licenses"]], data.get("rules", {}))

    def error(self) -> LicenseError | None:
        """A LicenseError naming each failing license and the sources its rows came from, or None."""
        if not self.failures:
            return None
        lines = [f"  - {c.license}: {c.failure}; {c.rows:,} kept rows from "
                 + ", ".join(f"{s} ({n:,})" for s, n in c.sources.items()) for c in self.failures]
        return LicenseError("license audit failed:\n" + "\n".join(lines) + "\nDrop those inputs, declare their "
                            "correct license, or change the `licenses:` rules of the config.")

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Any:
        total = max(sum(c.rows for c in self.counts), 1)
        rows: list[list[Any]] = [
            [c.license, ", ".join(f"{s} ({n:,})" for s, n in c.sources.items()), ", ".join(c.flags) or "-",
             c.rows, f"{100 * c.rows / total:.1f}%"]
            for c in self.counts]
        yield table("Licenses of kept rows", ["license", "sources", "notes", "rows", "share"], rows, numeric_from=3)
        for warning in self.warnings:
            yield Text(f"! {warning}", style="yellow")
        yield self._verdict()

    def _verdict(self) -> RenderableType:
        if not self.failures:
            return Text("✓ license rules pass", style="green")
        return Text("✗ license rules fail: " + "; ".join(f"{c.license} ({c.failure})" for c in self.failures),
                    style="bold red")


def audit_licenses(kept: pl.LazyFrame, rules: LicensesConfig) -> LicenseAudit:
    """Count kept rows per license and source, and judge each license against the rules."""
    if "license" not in kept.collect_schema().names():  # no row was kept
        return LicenseAudit([], rules.model_dump(mode="json"))
    counts = (kept.group_by("license", "source").len().sort("len", "source", descending=[True, False]).collect())
    by_license: dict[str, dict[str, int]] = {}
    for license_id, source, rows in counts.iter_rows():
        by_license.setdefault(license_id, {})[source] = rows
    found = [
        LicenseCount(license_id, sum(sources.values()), sources,
                     sorted({f for s in symbols(license_id) for f in flags(s)}),
                     expression_failure(license_id, rules))
        for license_id, sources in by_license.items()]
    found.sort(key=lambda c: (-c.rows, c.license))
    return LicenseAudit(found, rules.model_dump(mode="json"))
