"""Read + normalize + exact dedup throughput on many short rows: gristmill vs plain pandas and plain Polars.

    python benchmarks/curate_throughput.py --rows 1000000

Each contender runs in its own subprocess so its peak memory (max RSS) and CPU seconds are its own (CPU
seconds include the child's start-up and imports; wall seconds time the work alone, modules imported first),
`--repeat` times after the input file is flushed to disk; the fastest run of each is reported. `--tmp /dev/shm`
puts the input and every contender's output in memory, so the virtual disk's write-back does not time one
contender's run with another's files. gristmill streams in batches and accounts for every row; the anchors are
what a user would otherwise write by hand (read the whole file, normalize, drop duplicates), which neither
quarantines bad lines nor records why rows went.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

WORDS = ("the of and to in is you that it he was for on are as with his they at be this have from or one had by "  # noqa: SIM905
         "word but not what all were we when your can said there use an each which she do how their if will up "
         "other about out many then them these so some her would make like him into time has look two more write "
         "go see number no way could people my than first water been call who oil its now find long down day did "
         "get come made may part café naïve résumé").split()


def make_rows(path: Path, rows: int, seed: int = 0) -> None:
    """Short SFT rows; ~10% exact duplicates, ~5% that differ only by whitespace or Unicode form."""
    rng = random.Random(seed)
    with open(path, "w", encoding="utf-8") as handle:
        previous: list[str] = []
        for _i in range(rows):
            roll = rng.random()
            if previous and roll < 0.10:
                line = rng.choice(previous)
            else:
                instruction = " ".join(rng.choices(WORDS, k=rng.randint(4, 12)))
                output = " ".join(rng.choices(WORDS, k=rng.randint(4, 24)))
                if roll < 0.15:
                    output = "  " + output.replace("é", "e\u0301") + " \r\n"
                line = json.dumps({"instruction": instruction, "input": "", "output": output}, ensure_ascii=False)
                if len(previous) < 5000:
                    previous.append(line)
                elif rng.random() < 0.01:
                    previous[rng.randrange(5000)] = line
            handle.write(line + "\n")


def run_gristmill(path: str, out: str) -> dict[str, object]:
    from gristmill.curate import ExactDedup, Normalize, Pipeline

    result = Pipeline([Normalize(), ExactDedup()]).run(path, output=out)
    return {"kept": result.stats["kept"], "rejected": result.stats["rejected"]}


def run_pandas(path: str, out: str) -> dict[str, object]:
    import pandas as pd

    frame = pd.read_json(path, lines=True)
    for column in ("instruction", "input", "output"):
        frame[column] = frame[column].str.normalize("NFC").str.strip()
    kept = frame.drop_duplicates(subset=["instruction", "input", "output"])
    kept.to_parquet(Path(out) / "kept.parquet")
    return {"kept": len(kept), "rejected": len(frame) - len(kept)}


def run_polars(path: str, out: str) -> dict[str, object]:
    import polars as pl

    frame = pl.read_ndjson(path)
    frame = frame.with_columns(pl.col(c).str.normalize("NFC").str.strip_chars() for c in ("instruction", "input",
                                                                                          "output"))
    kept = frame.unique(subset=["instruction", "input", "output"], keep="first", maintain_order=True)
    kept.write_parquet(Path(out) / "kept.parquet")
    return {"kept": kept.height, "rejected": frame.height - kept.height}


CONTENDERS = {"gristmill": run_gristmill, "polars (hand-written)": run_polars, "pandas (hand-written)": run_pandas}
IMPORTS = {"gristmill": ["gristmill.curate"], "polars (hand-written)": ["polars"],
           "pandas (hand-written)": ["pandas", "pyarrow.parquet"]}  # imported before the clock starts


def child(name: str, path: str) -> None:
    import importlib

    for module in IMPORTS[name]:
        importlib.import_module(module)
    with tempfile.TemporaryDirectory() as out:
        started = time.perf_counter()
        counts = CONTENDERS[name](path, out)
        seconds = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_SELF)
    print(json.dumps({"seconds": seconds, "cpu_seconds": usage.ru_utime + usage.ru_stime,
                      "peak_mib": usage.ru_maxrss / 1024, **counts}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--only", choices=list(CONTENDERS), action="append")
    parser.add_argument("--repeat", type=int, default=3, help="runs per contender; the fastest is reported")
    parser.add_argument("--tmp", help="folder for the input and outputs (default: the system's temp folder)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--path", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.path)
        return
    with tempfile.TemporaryDirectory(dir=args.tmp) as tmp:
        path = Path(tmp) / "rows.jsonl"
        make_rows(path, args.rows)
        size_mb = path.stat().st_size / 1e6
        print(f"{args.rows:,} rows, {size_mb:.0f} MB JSONL")
        print(f"{'contender':<24}{'seconds':>9}{'rows/s':>12}{'CPU s':>8}{'peak MiB':>10}{'kept':>10}{'rejected':>10}")
        os.sync()  # the file's pages are written back before timing, not during the first contender's run
        for name in args.only or CONTENDERS:
            runs = []
            for _ in range(args.repeat):
                proc = subprocess.run([sys.executable, __file__, "--child", name, "--path", str(path)],
                                      capture_output=True, text=True, check=True, env={**os.environ, "TMPDIR": tmp})
                runs.append(json.loads(proc.stdout.strip().splitlines()[-1]))
            r = min(runs, key=lambda run: run["seconds"])
            print(f"{name:<24}{r['seconds']:>9.2f}{args.rows / r['seconds']:>12,.0f}{r['cpu_seconds']:>8.1f}"
                  f"{r['peak_mib']:>10,.0f}"
                  f"{r['kept']:>10,}{r['rejected']:>10,}")


if __name__ == "__main__":
    main()
