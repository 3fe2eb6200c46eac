"""The Dask engine on a real LocalCluster: same records as a sequential run (issue #7)."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from conflictkb.assemble import default_pipeline, infobox_pipeline
from conflictkb.cli import app
from conflictkb.cluster import PART_SCHEMA, ingest_dask
from conflictkb.ingest import ingest_paths
from conflictkb.store import Store

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "src" / "conflictkb" / "data" / "samples"
WIKI = ROOT.parent / "shared" / "data" / "wikitext"


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster:  # fmt: skip
        yield cluster.scheduler_address


def _records(store: Store) -> dict[str, Any]:
    return {r["id"]: r for r in store.iter_records()}


def _dump(path: Path) -> Path:
    if not WIKI.is_dir():
        pytest.skip("../shared/data/wikitext is not beside the repo")
    subprocess.run([sys.executable, str(ROOT / "scripts" / "make_test_dump.py"), str(path),
                    "--filler", "200", "--multistream"], check=True, capture_output=True)  # fmt: skip
    return path


def test_dask_gives_the_records_of_a_sequential_run(tmp_path: Path, scheduler: str) -> None:
    inputs = [SAMPLES, _dump(tmp_path / "d.xml.bz2")]
    one = Store(str(tmp_path / "one.sqlite"))
    ingest_paths(one, inputs, pipeline=infobox_pipeline())
    two = Store(str(tmp_path / "two.sqlite"))
    parts = tmp_path / "parts"
    report = ingest_dask(two, inputs, scheduler=scheduler, infobox_only=True,
                         partition_size=5, parts_dir=parts)  # fmt: skip
    expected = _records(one)
    assert len(report.ingested) == len(expected) > 20
    assert _records(two) == expected
    files = sorted(parts.glob("part-*.parquet"))
    assert len(files) >= 5
    table = pq.read_table(files[0])
    assert table.schema.equals(PART_SCHEMA) and table.num_rows == 5
    again = ingest_dask(two, inputs, scheduler=scheduler, infobox_only=True)
    assert again.ingested == [] and len(again.duplicates) == len(list(SAMPLES.glob("*.txt")))


def test_partitions_close_on_bytes(tmp_path: Path, scheduler: str) -> None:
    """One long article is worth many short ones: a byte budget closes a partition early."""
    store, parts = Store(str(tmp_path / "kb.sqlite")), tmp_path / "parts"
    report = ingest_dask(store, [SAMPLES], scheduler=scheduler, infobox_only=True,
                         partition_size=64, partition_bytes=1, parts_dir=parts)  # fmt: skip
    files = sorted(parts.glob("part-*.parquet"))
    assert len(files) == len(report.ingested) == len(list(SAMPLES.glob("*.txt")))
    assert {pq.read_table(f).num_rows for f in files} == {1}


def test_dask_full_pipeline_round_trips_the_event(tmp_path: Path, scheduler: str) -> None:
    seed = SAMPLES / "moura_massacre.txt"
    one = Store(str(tmp_path / "one.sqlite"))
    ingest_paths(one, [seed], pipeline=default_pipeline())
    two = Store(str(tmp_path / "two.sqlite"))
    ingest_dask(two, [seed], scheduler=scheduler)
    a, b = _records(one), _records(two)
    assert a == b
    moura = b["moura-massacre"]
    assert any(c["claimant"] and "Human Rights Watch" in c["claimant"] for c in moura["claims"])
    assert two.get_document(moura["document"]["sha256"])["text"] == seed.read_text("utf-8")


def test_bad_documents_come_back_as_errors(tmp_path: Path, scheduler: str) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"   \n")
    binary = tmp_path / "blob.txt"
    binary.write_bytes(b"\x00\x01" * 100)
    store = Store(str(tmp_path / "kb.sqlite"))
    report = ingest_dask(store, [empty, binary, SAMPLES / "moura_massacre.txt"],
                         scheduler=scheduler, infobox_only=True, skip_errors=True)  # fmt: skip
    assert [p for p, _ in report.failed] == [str(empty), str(binary)]
    assert "binary" in report.failed[1][1] and len(report.ingested) == 1


def test_cli_engine_dask(tmp_path: Path, scheduler: str) -> None:
    db = tmp_path / "kb.sqlite"
    result = CliRunner().invoke(app, ["--db", str(db), "ingest", "--engine", "dask",
                                      "--scheduler", scheduler, "--infobox-only", str(SAMPLES)])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert f"ingested {len(list(SAMPLES.glob('*.txt')))}," in result.output
    bad = CliRunner().invoke(
        app, ["--db", str(db), "ingest", "--scheduler", scheduler, str(SAMPLES)]
    )
    assert bad.exit_code != 0 and "--engine dask" in str(bad.exception)
