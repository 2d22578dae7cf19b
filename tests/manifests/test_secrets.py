"""Secrets: with a PII corpus, a pii pass and encryption on, no file of the run holds a gold PII value, and no
table is plaintext (the curate half of issue 21's secrets test; the whole run, with synthesis, weights and
evaluation, is tests/workflow/test_secrets_run.py)."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest

from gristmill.config import CurateConfig, validate
from gristmill.crypto import FileKey
from gristmill.curate.stage import run_curate
from gristmill.rundir import RunDir

PEOPLE = [("Jane Roe", "jane.roe@gmail.com", "415-555-2671", "742 Evergreen Terrace"),
          ("Arvid Lindqvist", "arvid.l@outlook.com", "+46 8 123 456 78", "Storgatan 12")]


@pytest.mark.parametrize("encrypted", [True, False])
def test_no_gold_pii_value_and_no_plaintext_table_in_a_pii_run(tmp_path: Path, encrypted: bool) -> None:
    """Encrypted or not, no file holds a gold value: kept rows are redacted, rows rejected before the pii pass
    too, and the quarantine keeps no raw text; encrypted, no data table is plaintext either."""
    rows = []
    for name, email, phone, street in PEOPLE:
        record = {"instruction": "Update my contact details.",
                  "output": f"Done. My name is {name}, email {email}, phone {phone}, address {street}."}
        rows += [json.dumps(record), json.dumps(record)]  # the second is rejected by exact_dedup before pii
    rows.append('{"instruction": "Mail ' + PEOPLE[0][1] + '", "output": ')  # unreadable: quarantined
    data = tmp_path / "data" / "people.jsonl"
    data.parent.mkdir()
    data.write_text("\n".join(rows) + "\n")
    key = tmp_path / "keys" / "k"
    key.parent.mkdir()
    key.write_text(base64.b64encode(bytes(range(32))).decode())
    key.chmod(0o600)
    cfg = validate(CurateConfig, {"inputs": [{"path": str(data), "license": "CC0-1.0"}],
                                  "passes": [{"normalize": {}}, {"exact_dedup": {}}, {"pii": {"action": "redact"}}],
                                  "output": str(tmp_path / "run")})
    run_curate(cfg, RunDir(cfg.output), key=FileKey(key) if encrypted else None)
    written = [p for p in (tmp_path / "run").rglob("*") if p.is_file()]
    assert written
    gold = [value.encode() for person in PEOPLE for value in person]
    for path in written:
        content = path.read_bytes()
        assert not any(value in content for value in gold), path
        if encrypted:
            assert b"PAR1" not in content, path  # every table is ciphertext, the lineage too
