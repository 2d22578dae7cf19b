from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from manifest_runs import SftRun, run_cli
from spdx_tools.spdx.parser.json.json_parser import parse_from_file
from spdx_tools.spdx.validation.document_validator import validate_full_spdx_document

from gristmill.manifests import Manifest, ManifestError
from gristmill.manifests.verify import MISMATCH, MISSING, verify

OUTPUTS = ["./curate/kept.parquet", "./curate/rejected.parquet", "./curate/quarantine.jsonl", "./curate/stats.json",
           "./lineage.parquet", "./config.resolved.yaml"]


def _digest(path: Path, algorithm: str) -> str:
    return hashlib.new(algorithm, path.read_bytes()).hexdigest()


def _related(manifest: Manifest, spdx_id: str, kind: str) -> set[str]:
    return {r.related_spdx_element_id for r in manifest.document.relationships
            if r.spdx_element_id == spdx_id and r.relationship_type.name == kind}


def test_manifest_of_a_real_run_validates_and_every_checksum_is_correct(sft_run: SftRun) -> None:
    path = sft_run.root / "manifest.spdx.json"
    assert validate_full_spdx_document(parse_from_file(str(path))) == []  # spdx-tools alone, not through us
    manifest = Manifest.load(sft_run.root)
    packages = {p.name: p for p in manifest.document.packages}
    assert list(packages) == ["codegen", "roleplay", "extras", *OUTPUTS]
    for name in OUTPUTS:
        on_disk = sft_run.root / name
        assert {c.algorithm.name: c.value for c in packages[name].checksums} == {
            "SHA1": _digest(on_disk, "sha1"), "SHA256": _digest(on_disk, "sha256")}
    files = {f.name: f for f in manifest.document.files}
    assert sorted(files) == ["../data/extras.jsonl", "../data/gpteacher_codegen_sample.jsonl",
                             "../data/gpteacher_roleplay_sample.jsonl"]
    for name, element in files.items():
        assert {c.algorithm.name: c.value for c in element.checksums} == {
            "SHA1": _digest(sft_run.root / name, "sha1"), "SHA256": _digest(sft_run.root / name, "sha256")}


def test_manifest_records_sources_relationships_and_counts(sft_run: SftRun) -> None:
    manifest = Manifest.load(sft_run.root)
    codegen, kept = manifest.package("codegen"), manifest.package("./curate/kept.parquet")
    assert (codegen.download_location, str(codegen.license_declared)) == ("https://github.com/teknium1/GPTeacher",
                                                                          "MIT")
    assert _related(manifest, codegen.spdx_id, "CONTAINS") == {manifest.document.files[0].spdx_id}
    assert _related(manifest, kept.spdx_id, "DESCENDANT_OF") == {"SPDXRef-Source-codegen", "SPDXRef-Source-roleplay"}
    assert _related(manifest, manifest.package("./curate/quarantine.jsonl").spdx_id, "DESCENDANT_OF") == {
        "SPDXRef-Source-extras"}
    assert _related(manifest, manifest.package("./lineage.parquet").spdx_id, "GENERATED_FROM") == {
        "SPDXRef-Output-curate-kept.parquet", "SPDXRef-Output-curate-rejected.parquet",
        "SPDXRef-Output-curate-quarantine.jsonl"}
    assert _related(manifest, "SPDXRef-DOCUMENT", "DESCRIBES") == {manifest.package(n).spdx_id for n in OUTPUTS}
    stats = json.loads((sft_run.root / "curate" / "stats.json").read_text())
    assert manifest.annotation("curate.passes") == stats["passes"]
    assert manifest.annotation("curate.totals")["drop_reasons"] == {
        "quality:short_output": 125, "exact_dedup": 3, "quarantine": 2}
    assert manifest.annotation("curate.config") == sft_run.config.model_dump(mode="json")
    assert manifest.annotation("rows", "SPDXRef-Source-extras") == {
        "rows_in": 5, "kept": 0, "rejected": 5, "quarantined": 2}


def test_verify_passes_on_an_untouched_run(sft_run: SftRun) -> None:
    report = verify(sft_run.root)
    assert report.ok
    assert (len(report.checks), report.problems, report.invalid) == (9, [], [])


def test_verify_catches_a_modified_output(sft_run: SftRun, capsys: pytest.CaptureFixture[str]) -> None:
    kept = sft_run.root / "curate" / "kept.parquet"
    recorded = _digest(kept, "sha1")
    kept.write_bytes(kept.read_bytes() + b"\0")
    report = verify(sft_run.root)
    assert [(c.file_name, c.status, c.algorithm, c.expected, c.actual) for c in report.problems] == [
        ("./curate/kept.parquet", MISMATCH, "sha1", recorded, _digest(kept, "sha1"))]
    code, out, _ = run_cli(["manifest", "verify", str(sft_run.root)], capsys)
    assert code == 1
    assert f"./curate/kept.parquet │ sha1 mismatch │ {recorded[:12]} │ {_digest(kept, 'sha1')[:12]}" in out
    assert "1 of 9 files do not match" in out


def test_verify_catches_a_modified_input_and_a_missing_output(sft_run: SftRun) -> None:
    sft_run.codegen.write_text(sft_run.codegen.read_text().replace("Java", "Kotlin", 1))
    (sft_run.root / "curate" / "rejected.parquet").unlink()
    report = verify(sft_run.root)
    assert sorted((c.file_name, c.status) for c in report.problems) == [
        ("../data/gpteacher_codegen_sample.jsonl", MISMATCH), ("./curate/rejected.parquet", MISSING)]
    assert not report.ok


def test_verify_reports_a_damaged_manifest(sft_run: SftRun, capsys: pytest.CaptureFixture[str]) -> None:
    path = sft_run.root / "manifest.spdx.json"
    document = json.loads(path.read_text())
    document["packages"][0]["SPDXID"] = "not an id"
    path.write_text(json.dumps(document))
    report = verify(sft_run.root)
    assert report.invalid[0].startswith('spdx_id must only contain letters, numbers, "." and "-"')
    path.write_text("{not json")
    code, out, _ = run_cli(["manifest", "verify", "--json", str(sft_run.root)], capsys)
    assert code == 1
    assert json.loads(out)["invalid"][0].startswith(f"{path}: not valid JSON")


def test_later_stages_extend_the_manifest_and_it_still_validates(sft_run: SftRun, tmp_path: Path) -> None:
    model = tmp_path / "models" / "base.gguf"
    model.parent.mkdir()
    model.write_bytes(b"GGUF" + bytes(100))
    adapter = sft_run.root / "train" / "adapter"
    adapter.mkdir(parents=True)
    (adapter / "adapter_config.json").write_text('{"r": 16}')
    (adapter / "adapter_model.safetensors").write_bytes(bytes(64))

    manifest = Manifest.load(sft_run.root)
    generator = manifest.add_package("generator gpt-4o-mini", download_location="https://api.openai.com/v1",
                                     comment="synthetic rows: self_instruct")
    base = manifest.add_package("SmolLM2-135M-Instruct", [model], license="Apache-2.0",
                                download_location="https://huggingface.co/HuggingFaceTB/SmolLM2-135M-Instruct")
    kept = manifest.package("./curate/kept.parquet").spdx_id
    ids = manifest.add_stage_outputs("train", [adapter], derived_from=[kept, generator], descendant_of=[base],
                                     annotations={"config": {"lora_r": 16}})
    manifest.annotate(ids[1], "eval.results", {"exact_match": 0.41, "rouge_l": 0.52})
    manifest.save()

    again = Manifest.load(sft_run.root)
    assert again.validate() == []
    assert [again.package(i).name for i in ids] == ["./train/adapter/adapter_config.json",
                                                   "./train/adapter/adapter_model.safetensors"]
    assert _related(again, ids[1], "DESCENDANT_OF") == {base}
    assert _related(again, ids[1], "GENERATED_FROM") == {kept, generator}
    assert again.annotation("eval.results", ids[1]) == {"exact_match": 0.41, "rouge_l": 0.52}
    assert again.annotation("train.config") == {"lora_r": 16}
    assert [f.name for f in again.document.files][-1] == "../models/base.gguf"
    report = verify(sft_run.root)
    assert (report.ok, len(report.checks)) == (True, 12)


def test_adding_an_output_again_replaces_it(sft_run: SftRun) -> None:
    adapter = sft_run.root / "train" / "adapter.safetensors"
    adapter.parent.mkdir()
    adapter.write_bytes(b"one")
    manifest = Manifest.load(sft_run.root)
    first = manifest.add_stage_outputs("train", [adapter], derived_from=["SPDXRef-Output-curate-kept.parquet"])
    adapter.write_bytes(b"two")
    second = manifest.add_stage_outputs("train", [adapter], derived_from=["SPDXRef-Output-curate-kept.parquet"])
    manifest.save()
    assert first == second
    assert [p.name for p in manifest.document.packages].count("./train/adapter.safetensors") == 1
    assert len(_related(manifest, first[0], "GENERATED_FROM")) == 1
    assert verify(sft_run.root).ok


def test_invalid_manifest_is_never_written(sft_run: SftRun) -> None:
    path = sft_run.root / "manifest.spdx.json"
    before = path.read_bytes()
    manifest = Manifest.load(sft_run.root)
    manifest.add_stage_outputs("eval", [sft_run.root / "config.resolved.yaml"], derived_from=["SPDXRef-Nowhere"])
    with pytest.raises(ManifestError, match=r"the SPDX document is invalid \(1 problem\):\n  - did not find the "
                                            r"referenced spdx_id \"SPDXRef-Nowhere\""):
        manifest.save()
    assert path.read_bytes() == before


def test_manifest_show_lists_packages(sft_run: SftRun, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(["manifest", "show", str(sft_run.root)], capsys)
    assert code == 0
    assert "source │ codegen" in out
    assert "GENERATED_FROM │" in out
