"""Progress where no live display can be drawn (stderr piped to a log file): plain lines instead of silence."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from rich.console import Console

from gristmill.cli.console import LineProgress

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "data"


def lines_of(progress_every_s: float, steps: int) -> list[str]:
    buffer = io.StringIO()
    with LineProgress(Console(file=buffer, width=200), every_s=progress_every_s) as progress:
        task = progress.add_task("training", total=steps, loss="—")
        for step in range(1, steps + 1):
            progress.update(task, completed=step, loss=f"{1 / step:.2f}")
    return buffer.getvalue().splitlines()


def test_a_line_per_update_when_the_interval_is_zero() -> None:
    lines = lines_of(0, 3)
    assert [line.split("] ", 1)[1] for line in lines] == ["training 1/3 · loss 1.00", "training 2/3 · loss 0.50",
                                                          "training 3/3 · loss 0.33"]


def test_a_long_interval_still_prints_where_the_task_ended() -> None:
    assert [line.split("] ", 1)[1] for line in lines_of(3600, 5)] == ["training 5/5 · loss 0.20"]


def test_curate_piped_to_a_log_file_prints_progress_lines(tmp_path: Path) -> None:
    log = tmp_path / "log.txt"
    with open(log, "w", encoding="utf-8") as handle:
        subprocess.run([sys.executable, "-m", "gristmill", "curate", str(EXAMPLES / "gpteacher_codegen_sample.jsonl"),
                        "-o", str(tmp_path / "run")], stdout=handle, stderr=subprocess.STDOUT, check=True,
                       env={**os.environ, "GRISTMILL_PROGRESS_EVERY_S": "0"})
    text = log.read_text(encoding="utf-8")
    assert "curating 240/? · " in text and " rows/s" in text  # the sample has 240 lines


def test_minhash_dedup_prints_its_own_progress_lines(tmp_path: Path) -> None:
    """A whole-table pass says how far it is beyond the rows read: rows hashed, then bands grouped."""
    log = tmp_path / "log.txt"
    with open(log, "w", encoding="utf-8") as handle:
        subprocess.run([sys.executable, "-m", "gristmill", "curate", str(EXAMPLES / "gpteacher_codegen_sample.jsonl"),
                        "--pass", "minhash_dedup", "-o", str(tmp_path / "run")], stdout=handle,
                       stderr=subprocess.STDOUT, check=True, env={**os.environ, "GRISTMILL_PROGRESS_EVERY_S": "0"})
    lines = [line.split("] ", 1)[1] for line in log.read_text(encoding="utf-8").splitlines() if "] " in line]
    assert "minhash_dedup: rows hashed 240/?" in [line.split(" · ")[0] for line in lines]
    assert [line.split(" · ")[0] for line in lines if "bands grouped" in line] == [  # then a rate, when measurable
        f"minhash_dedup: bands grouped {band}/16" for band in range(1, 17)]  # b=16 r=8 at threshold 0.8


@pytest.mark.slow  # ~20-40 s: the run loads presidio
def test_pii_and_toxicity_print_their_own_progress_lines(tmp_path: Path) -> None:
    """Passes with slow per-row work say how far they are within each batch, with a rate, on a log file too."""
    pytest.importorskip("presidio_analyzer")
    pytest.importorskip("profanity_check")
    sample = tmp_path / "sample.jsonl"
    sample.write_text("".join((EXAMPLES / "gpteacher_codegen_sample.jsonl").read_text(encoding="utf-8")
                              .splitlines(keepends=True)[:60]), encoding="utf-8")
    log = tmp_path / "log.txt"
    with open(log, "w", encoding="utf-8") as handle:
        subprocess.run([sys.executable, "-m", "gristmill", "curate", str(sample), "--pass", "pii", "--pass",
                        "toxicity", "-o", str(tmp_path / "run")], stdout=handle, stderr=subprocess.STDOUT,
                       check=True, env={**os.environ, "GRISTMILL_PROGRESS_EVERY_S": "0"})
    lines = [line.split("] ", 1)[1] for line in log.read_text(encoding="utf-8").splitlines() if "] " in line]
    pii = [tuple(map(int, m.groups())) for line in lines if (m := re.match(r"pii: texts scanned (\d+)/(\d+)", line))]
    assert pii[0][0] == 0 and pii[-1][0] == pii[-1][1] > 64  # from none to all it was given
    assert any(0 < done < total for done, total in pii)  # and how far within the batch
    assert [line.split(" · ")[0] for line in lines if line.startswith("toxicity:")] == [
        f"toxicity: texts scored {done}/180" for done in (0, 60, 120, 180)]  # 60 rows, a field at a time
    assert re.search(r"toxicity: texts scored 180/180 · [\d,]+ texts/s$", "\n".join(lines), re.M)
