"""Benchmark: what the pii, quality and toxicity passes damage on data with no personal data and no bad rows.

    python benchmarks/curation_false_positives.py --code PATH/TO/gpteacher_codegen_instruct.jsonl \\
        --knowledge PATH/TO/hh_rlhf_harmless_test_shared.jsonl [--show 5]

Two kinds of public rows:
- code rows (instruction / input / output with code answers, CodeAlpaca-style, e.g. GPTeacher's
  `Codegen/codegen-instruct.json` as JSONL): every `pii` rewrite, every `quality` drop and every `toxicity`
  drop counts against the pass, reported per 1,000 rows (GPT-4 written code tasks hold no private data; a
  sample of the changes is printed with `--show` so that claim can be checked);
- knowledge rows (preference pairs of general questions and answers, e.g. hh-rlhf): the share of rows
  whose named people (`pii_PERSON`) were rewritten by `pii: {action: redact}`; with `--location POLICY`
  the pass also looks for places (LOCATION added to its default entities) and the share counts rows with a
  name or a place rewritten.

Every pass runs with its default options. Rows are split by a hash of their first text field: a quarter is
held out (`sha1 % 4 == 0`; never looked at while tuning the passes), the rest is development data. Both
parts are reported. Run it against another checkout (PYTHONPATH) to get the "before" figures.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from pathlib import Path
from typing import Any

import polars as pl


def load(path: Path, kind: str, limit: int | None) -> pl.DataFrame:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    rows = rows[:limit] if limit else rows
    first = "instruction" if kind == "sft" else "prompt"
    frame = pl.DataFrame(rows).drop(["id", "source"], strict=False)
    part = ["held_out" if int(hashlib.sha1(r[first].encode()).hexdigest(), 16) % 4 == 0 else "dev" for r in rows]
    return frame.with_columns(pl.Series("part", part))


def run_pass(frame: pl.DataFrame, kind: str, make: Any) -> tuple[pl.DataFrame, float]:
    from gristmill.curate import Pipeline

    started = time.perf_counter()
    result = Pipeline([make()], kind=kind).run(frame)
    seconds = time.perf_counter() - started
    out = pl.concat([result.kept, result.rejected], how="diagonal_relaxed").sort("source_line")
    return out, seconds


def per_part(flags: pl.Series, parts: pl.Series) -> dict[str, tuple[int, int]]:
    frame = pl.DataFrame({"flag": flags, "part": parts})
    out = {}
    for name in ("dev", "held_out", "all"):
        chosen = frame if name == "all" else frame.filter(pl.col("part") == name)
        out[name] = (int(chosen.get_column("flag").sum()), chosen.height)
    return out


def show(before: pl.DataFrame, after: pl.DataFrame, flags: pl.Series, fields: list[str], n: int, label: str) -> None:
    rows = flags.arg_true().head(n).to_list()
    for row in rows:
        for field in fields:
            old, new = before[row, field], after[row, field]
            if old != new:
                print(f"--- {label} row {row} {field}\n{old[:600]!r}\n+++\n{new[:600]!r}", file=sys.stderr)
        if "drop_reason" in after.columns and after[row, "drop_reason"]:
            print(f"--- {label} row {row} dropped: {after[row, 'drop_reason']}\n"
                  f"{before[row, fields[-1]][-400:]!r}", file=sys.stderr)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--code", type=Path, required=True, help="JSONL with instruction, input, output (code)")
    parser.add_argument("--knowledge", type=Path, required=True, help="JSONL with prompt, chosen, rejected")
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--show", type=int, default=0, help="print this many changed rows per pass to stderr")
    parser.add_argument("--part", choices=["dev", "held_out", "all"], default="all",
                        help="which part --show may print from (keep held_out unseen while tuning)")
    parser.add_argument("--keep-reserved", default=None, choices=["in_code", "everywhere", "nowhere"],
                        help="the pii pass's keep_reserved (default: its default)")
    parser.add_argument("--only-pii", action="store_true", help="skip quality, toxicity and the knowledge rows")
    parser.add_argument("--pii", action="store_true", help="only the pii pass, on code and knowledge rows")
    parser.add_argument("--person", default=None, choices=["contextual", "unless_public", "always", "never"],
                        help="the pii pass's person policy (default: its default)")
    parser.add_argument("--location", default=None, choices=["contextual", "unless_public", "always", "never"],
                        help="also redact places (LOCATION), with this location policy")
    args = parser.parse_args(argv)
    from functools import partial

    from gristmill.curate import PII, Quality, Toxicity

    options: dict[str, Any] = {k: v for k, v in (("keep_reserved", args.keep_reserved), ("person", args.person),
                                                 ("location", args.location)) if v}
    if args.location:
        from gristmill.curate.pii import DEFAULT_ENTITIES

        options["entities"] = [*DEFAULT_ENTITIES, "LOCATION"]
    pii = partial(PII, **options)

    lines = ["| rows | pass | part | rows changed or dropped | rows | per 1,000 rows |", "|---|---|---|---:|---:|---:|"]
    code = load(args.code, "sft", args.limit)
    fields = ["instruction", "input", "output"]
    passes: tuple[tuple[str, Any], ...] = (("pii", pii),)
    if not (args.only_pii or args.pii):
        passes += (("quality", Quality), ("toxicity", Toxicity))
    for label, make in passes:
        out, seconds = run_pass(code, "sft", make)
        if label == "pii":
            flags = out.get_column("pii_redacted").list.len() > 0
        else:
            flags = out.get_column("drop_reason").is_not_null()
        visible = flags & ((code.get_column("part") == args.part) | (args.part == "all"))
        show(code, out, visible, fields, args.show, label)
        for part, (n, total) in per_part(flags, code.get_column("part")).items():
            lines.append(f"| code | {label} | {part} | {n} | {total} | {1000 * n / total:.1f} |")
        print(f"code {label}: {seconds:.1f} s", file=sys.stderr)

    if args.only_pii:
        print("\n".join(lines))
        return
    knowledge = load(args.knowledge, "preference", args.limit)
    out, seconds = run_pass(knowledge, "preference", pii)
    print(f"knowledge pii: {seconds:.1f} s", file=sys.stderr)
    answers_named = out.get_column("pii_PERSON") > 0
    if args.location and "pii_LOCATION" in out.columns:
        answers_named = answers_named | (out.get_column("pii_LOCATION") > 0)
    visible = answers_named & ((knowledge.get_column("part") == args.part) | (args.part == "all"))
    show(knowledge, out, visible, ["prompt", "chosen", "rejected"], args.show, "knowledge pii")
    lines += ["", "| rows | pass | part | rows with a name rewritten | rows | share |", "|---|---|---|---:|---:|---:|"]
    for part, (n, total) in per_part(answers_named, knowledge.get_column("part")).items():
        entities = "PERSON, LOCATION" if args.location else "PERSON"
        lines.append(f"| knowledge | pii ({entities}) | {part} | {n} | {total} | {n / total:.3f} |")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
