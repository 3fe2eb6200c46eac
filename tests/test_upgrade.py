"""Upgrades (issue #16): a store written at migration 1 by the first released code (a fixture:
tests/fixtures/stores/NOTICE.md) migrates to every later schema with every row intact, and
works at the end: records, search, reviews re-applied on a rebuild."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from conflictkb.model import ReviewStatus
from conflictkb.store import SCHEMA_VERSION, EventFilter, Store
from conflictkb.store.schema import MIGRATIONS

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "stores" / "schema1.sqlite"
KEYS = {"documents": "id", "events": "id", "event_documents": "event_id, document_id",
        "claims": "id", "actors": "event_id, seq", "reviews": "claim_id, status, min, max, "
        "reviewer, comment, decided_at"}  # fmt: skip


def _rows(path: Path) -> dict[str, set[tuple[object, ...]]]:
    with sqlite3.connect(path) as conn:
        return {t: set(conn.execute(f"SELECT {cols} FROM {t}")) for t, cols in KEYS.items()}


@pytest.fixture()
def old(tmp_path: Path) -> Path:
    path = tmp_path / "old.sqlite"
    shutil.copy(FIXTURE, path)
    return path


@pytest.mark.parametrize("upto", [version for version, _, _ in MIGRATIONS])
def test_each_migration_keeps_every_row(old: Path, upto: int) -> None:
    before = _rows(old)
    assert before["reviews"] and len(before["claims"]) == 31
    store = Store(str(old), migrate=False)
    assert store.schema_version() == 1
    store.migrate(upto=upto)
    assert store.schema_version() == upto
    store.close()
    after = _rows(old)
    for table, rows in before.items():
        assert rows <= after[table], f"migration {upto} lost rows of {table}"


def test_a_schema_1_store_works_after_the_upgrade(old: Path) -> None:
    store = Store(str(old))
    assert store.schema_version() == SCHEMA_VERSION
    assert {e["id"] for e in store.list_events()} == {
        "moura-massacre", "battle-of-idlib-2015", "battle-of-shusha-2020"}  # fmt: skip
    assert [e["id"] for e in store.list_events(EventFilter(q="walkie-talkie"))] == [
        "moura-massacre"
    ]
    rec = store.get_record("moura-massacre")
    un = next(c for c in rec["claims"] if c["claimant"] == "UN")
    assert (un["review_status"], un["min"]) == ("edited", 450)
    other = next(c for c in rec["claims"] if c["review_status"] == "auto")
    again = store.review_claim(other["id"], ReviewStatus.CONFIRMED, reviewer="ben")  # a rebuild
    decided = {c["id"]: (c["review_status"], c["min"]) for c in again["claims"]}
    assert decided[un["id"]] == ("edited", 450) and decided[other["id"]][0] == "confirmed"
    hrw = next(c for c in again["claims"] if c["claimant"] == "Human Rights Watch")
    assert hrw["review_status"] == "confirmed"
    assert [e["user"] for e in store.audit_log("moura-massacre")] == ["ben"]


def test_migration_12_puts_each_search_row_under_its_events_rowid(tmp_path: Path) -> None:
    """A store indexed before migration 12 (search rows numbered on their own, one of them
    for an event no longer stored) is searched right after the upgrade."""
    from conflictkb.assemble import infobox_pipeline
    from conflictkb.ingest import ingest_paths

    path = tmp_path / "kb.sqlite"
    store = Store(str(path))
    samples = Path(__file__).resolve().parent.parent / "src" / "conflictkb" / "data" / "samples"
    ingest_paths(store, [samples], pipeline=infobox_pipeline())
    with store.engine.begin() as conn:  # back to schema 11: rowids that are not the events'
        conn.exec_driver_sql("CREATE TEMP TABLE old AS SELECT event_id, name, body FROM events_fts")
        conn.exec_driver_sql("DELETE FROM events_fts")
        conn.exec_driver_sql("INSERT INTO events_fts (rowid, event_id, name, body) "
                             "SELECT 1000 + rowid, event_id, name, body FROM old")  # fmt: skip
        conn.exec_driver_sql("INSERT INTO events_fts (event_id, name, body) "
                             "VALUES ('gone', 'Gone', 'walkie-talkie')")  # fmt: skip
        conn.exec_driver_sql("DELETE FROM schema_migrations WHERE version = 12")
    store.close()
    again = Store(str(path))
    assert again.schema_version() == SCHEMA_VERSION
    assert [e["id"] for e in again.list_events(EventFilter(q="walkie-talkie"))] == [
        "moura-massacre"
    ]
    assert again.count_events(EventFilter(q="walkie-talkie")) == 1
    with again.engine.connect() as conn:
        aligned = conn.exec_driver_sql(
            "SELECT count(*) FROM events_fts f JOIN events e ON e.rowid = f.rowid AND e.id = f.event_id"
        ).scalar()
    assert aligned == again.stats()["events"] == len(list(samples.glob("*.txt")))
