"""ACLED, UCDP GED, GeoJSON and Parquet exports (issue #6)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from conflictkb.assemble import infobox_pipeline
from conflictkb.export import FORMATS
from conflictkb.export.acled import ACLED_COLUMNS
from conflictkb.export.fields import priogrid_gid
from conflictkb.export.ucdp import GED_COLUMNS
from conflictkb.ingest import ingest_paths
from conflictkb.store import Store

SAMPLES = Path(__file__).resolve().parent.parent / "src" / "conflictkb" / "data" / "samples"


@pytest.fixture(scope="module")
def records(tmp_path_factory: pytest.TempPathFactory) -> list[dict]:  # type: ignore[type-arg]
    store = Store(str(tmp_path_factory.mktemp("x") / "kb.sqlite"))
    ingest_paths(store, [SAMPLES], pipeline=infobox_pipeline())
    return list(store.iter_records())


def _export(fmt: str, records: list[dict]) -> bytes:  # type: ignore[type-arg]
    buf = io.BytesIO()
    assert FORMATS[fmt][0](records, buf) == len(records)
    return buf.getvalue()


def _csv(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"))))


def test_ged_columns_and_seed_row(records: list[dict]) -> None:  # type: ignore[type-arg]
    data = _export("ucdp-ged", records)
    header = data.decode().splitlines()[0].split(",")
    assert header == GED_COLUMNS and len(header) == 49
    rows = {r["id"]: r for r in _csv(data)}
    moura = rows["moura-massacre"]
    rec = next(r for r in records if r["id"] == "moura-massacre")
    est = rec["estimates"]["deaths"]
    assert (int(moura["low"]), int(moura["best"]), int(moura["high"])) == (
        est["low"], est["best"], est["high"])  # fmt: skip
    four = sum(
        int(moura[k]) for k in ("deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown")
    )
    assert four == int(moura["best"])
    assert int(moura["deaths_civilians"]) == 300 and int(moura["deaths_b"]) == 203
    assert "Human Rights Watch" in moura["source_original"] and "UN" in moura["source_original"]
    assert moura["country"] == "Mali" and moura["country_id"] == "432"
    assert moura["date_start"] == "2022-03-27" and moura["conflict_dset_id"] == ""
    for row in rows.values():
        if row["best"]:
            parts = [
                int(row[k] or 0)
                for k in ("deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown")
            ]
            assert sum(parts) == int(row["best"]) and int(row["low"]) <= int(row["best"]) <= int(
                row["high"]
            )


def test_acled_columns_and_fatalities(records: list[dict]) -> None:  # type: ignore[type-arg]
    data = _export("acled", records)
    assert data.decode().splitlines()[0].split(",") == ACLED_COLUMNS and len(ACLED_COLUMNS) == 31
    moura = next(r for r in _csv(data) if r["event_id_cnty"] == "moura-massacre")
    assert moura["fatalities"] == "505"  # most conservative: the low estimate
    assert (
        "500" in moura["notes"]
        and "(UN)" in moura["notes"]
        and "Human Rights Watch" in moura["notes"]
    )
    assert (
        moura["iso"] == "466"
        and moura["region"] == "Western Africa"
        and moura["time_precision"] == "1"
    )


def test_geojson_pins_only_resolved_places(records: list[dict]) -> None:  # type: ignore[type-arg]
    fc = json.loads(_export("geojson", records))
    assert fc["type"] == "FeatureCollection" and len(fc["features"]) == len(records)
    by_id = {f["id"]: f for f in fc["features"]}
    raqqa = by_id["battle-of-raqqa-2017"]
    assert raqqa["geometry"]["coordinates"] == [39.0167, 35.95]
    for f, r in zip(fc["features"], records, strict=True):
        has = r["place"]["lat"] is not None
        assert (f["geometry"] is not None) == has


def test_parquet_roundtrip(records: list[dict], tmp_path: Path) -> None:  # type: ignore[type-arg]
    path = tmp_path / "x.parquet"
    path.write_bytes(_export("parquet", records))
    table = pq.read_table(path)
    assert table.num_rows == len(records)
    rows = {r["id"]: r for r in table.to_pylist()}
    moura = rows["moura-massacre"]
    assert moura["deaths_best"] == 505
    assert {c["claimant"] for c in moura["claims"]} >= {"Human Rights Watch", "UN"}
    assert json.loads(moura["record"])["title"] == "Moura massacre"


def test_priogrid() -> None:
    # PRIO-GRID: 0.5-degree cells; gid 1 is the south-west corner (-90, -180).
    assert priogrid_gid(-89.9, -179.9) == 1
    assert priogrid_gid(-89.9, -179.4) == 2
    assert priogrid_gid(-89.4, -179.9) == 721
    assert (
        priogrid_gid(14.33, -4.60) == int((14.33 + 90) // 0.5) * 720 + int((-4.60 + 180) // 0.5) + 1
    )
