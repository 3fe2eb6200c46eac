"""The SQLite store: migrations, WAL, idempotent ingest, one transaction per document (#2)."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from conflictkb.assemble import infobox_pipeline
from conflictkb.errors import InputError, NotFoundError
from conflictkb.ingest import ingest_paths
from conflictkb.model import ReviewStatus
from conflictkb.store import SCHEMA_VERSION, EventFilter, Store

from .conftest import REPORTS

SAMPLES = Path(__file__).resolve().parent.parent / "src" / "conflictkb" / "data" / "samples"


@pytest.fixture()
def store(tmp_path: Path) -> Store:
    s = Store(str(tmp_path / "kb.sqlite"))
    ingest_paths(s, [SAMPLES], pipeline=infobox_pipeline())
    return s


def test_migrations_recorded_and_wal(store: Store, tmp_path: Path) -> None:
    assert store.schema_version() == SCHEMA_VERSION
    con = sqlite3.connect(tmp_path / "kb.sqlite")
    names = [r[0] for r in con.execute("SELECT name FROM schema_migrations ORDER BY version")]
    assert names[:2] == ["initial", "fulltext"]
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert Store(str(tmp_path / "kb.sqlite")).migrate() == []  # re-opening applies nothing


def test_ingest_is_idempotent(store: Store) -> None:
    before = store.stats()
    report = ingest_paths(store, [SAMPLES], pipeline=infobox_pipeline())
    assert report.ingested == [] and len(report.duplicates) == before["documents"]
    assert store.stats() == before
    assert before["documents"] == len(list(SAMPLES.glob("*.txt")))


def test_record_roundtrip(store: Store) -> None:
    rec = store.get_record("moura-massacre")
    ev = infobox_pipeline().run(
        __import__("conflictkb").read_document(SAMPLES / "moura_massacre.txt")
    )
    from conflictkb.record import event_record

    assert rec["claims"] == event_record(ev)["claims"]
    doc = store.get_document(rec["document"]["sha256"])
    for c in rec["claims"]:
        assert doc["text"][c["span"][0] : c["span"][1]] == c["text"]


def test_filters_and_search(store: Store) -> None:
    assert [r["id"] for r in store.list_events(EventFilter(country="ML"))] == ["moura-massacre"]
    hits = store.list_events(EventFilter(q="walkie-talkie"))
    assert [r["id"] for r in hits] == ["moura-massacre"]
    assert store.count_events(EventFilter(min_deaths=500)) >= 1
    wagner = store.list_events(EventFilter(actor="wagner"))
    assert "moura-massacre" in [r["id"] for r in wagner]
    assert store.find_event_id("Moura massacre") == "moura-massacre"
    with pytest.raises(NotFoundError):
        store.find_event_id("no such event")


def test_review_decision_survives_reingest(store: Store, tmp_path: Path) -> None:
    rec = store.get_record("moura-massacre")
    un = next(c for c in rec["claims"] if c["claimant"] == "UN")
    updated = store.review_claim(un["id"], ReviewStatus.REJECTED, reviewer="tester")
    assert updated["estimates"]["deaths"]["high"] == rec["estimates"]["deaths"]["high"] - 200
    # A fresh store fed the same reviews table: re-extraction keeps the decision.
    with store.engine.begin() as conn:
        conn.exec_driver_sql("DELETE FROM event_documents")
        conn.exec_driver_sql("DELETE FROM resolution_keys")
        conn.exec_driver_sql("DELETE FROM event_parts")
        conn.exec_driver_sql("DELETE FROM claims")
        conn.exec_driver_sql("DELETE FROM events")
        conn.exec_driver_sql("DELETE FROM documents")
    ingest_paths(store, [SAMPLES / "moura_massacre.txt"], pipeline=infobox_pipeline())
    again = store.get_record("moura-massacre")
    assert next(c for c in again["claims"] if c["claimant"] == "UN")["review_status"] == "rejected"
    assert again["estimates"]["deaths"]["high"] == updated["estimates"]["deaths"]["high"]


def test_bad_document_leaves_nothing(tmp_path: Path) -> None:
    s = Store(str(tmp_path / "kb.sqlite"))
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"= T =\n\nInfobox\n- Date: 1\n- Date: 2\n\nbody")
    with pytest.raises(InputError, match="repeats the key"):
        ingest_paths(s, [bad], pipeline=infobox_pipeline())
    assert s.stats()["documents"] == 0
    report = ingest_paths(s, [bad, SAMPLES / "moura_massacre.txt"], pipeline=infobox_pipeline(),
                          skip_errors=True)  # fmt: skip
    assert len(report.failed) == 1 and len(report.ingested) == 1
    assert s.stats()["documents"] == 1


def test_corpus_ingests(tmp_path: Path, corpus_dir: Path) -> None:
    s = Store(str(tmp_path / "kb.sqlite"))
    report = ingest_paths(s, [corpus_dir], pipeline=infobox_pipeline())
    assert report.failed == [] and len(report.ingested) == len(list(corpus_dir.glob("*.txt")))
    # Issue 14: distinct articles are never merged; a battle is part_of its campaign.
    assert s.stats()["events"] == len(report.ingested)
    assert all(o.status == "ingested" for o in report.ingested)
    links = s.get_record("battle-of-balakliia")["links"]
    assert {"kind": "part_of", "event_id": "2022-ukrainian-kharkiv-counteroffensive",
            "name": "2022 Ukrainian Kharkiv counteroffensive", "origin": "infobox",
            "direction": "out"} in links  # fmt: skip
    parts = {x["event_id"] for x in s.get_record("eastern-ukraine-offensive")["links"]
             if x["kind"] == "has_part"}  # fmt: skip
    assert {"battle-of-donbas-2022", "siege-of-mariupol", "siege-of-marinka"} <= parts


def test_list_queries_walk_an_index_in_order(tmp_path: Path) -> None:
    """The explorer's list, alone and within each facet, reads its page straight from an index
    (no table scan, no sort of every matching event): EXPLAIN QUERY PLAN of each query."""
    from datetime import date

    from sqlalchemy import select

    from conflictkb.store import query
    from conflictkb.store import schema as s

    store = Store(str(tmp_path / "kb.sqlite"))
    ingest_paths(store, [SAMPLES], pipeline=infobox_pipeline())
    e = s.events.c
    filters = [EventFilter(), EventFilter(country="UA"), EventFilter(admin1="Donetsk Oblast"),
               EventFilter(event_type="Battles", review="unreviewed"),
               EventFilter(country="UA", actor="wagner"),
               EventFilter(country="ML", claimant="human rights watch"),
               EventFilter(country="SY", date_from=date(2016, 1, 1))]  # fmt: skip
    with store.engine.connect() as conn:
        for flt in filters:
            q = query._where(select(*[e[c] for c in query.LIST_COLUMNS]), flt, conn)
            q = q.order_by(e.start_date.desc().nulls_last(), e.id).limit(50)
            sql = str(q.compile(conn, compile_kwargs={"literal_binds": True}))
            plan = [r[-1] for r in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + sql)]
            assert "USING INDEX ix_events_" in plan[0], (flt, plan)
            assert not any("TEMP B-TREE" in p or p.startswith("SCAN claims") or
                           p.startswith("SCAN actors") for p in plan), (flt, plan)  # fmt: skip


def test_counts_and_facets_use_the_list_indexes_alone(tmp_path: Path) -> None:
    """The one-column indexes the list's indexes begin with are gone (migration 11, issue 17):
    counts within a facet and the facet counts still read an index, never the table."""
    from sqlalchemy import func, select

    from conflictkb.store import query
    from conflictkb.store import schema as s

    store = Store(str(tmp_path / "kb.sqlite"))
    ingest_paths(store, [SAMPLES], pipeline=infobox_pipeline())
    e = s.events.c
    with store.engine.connect() as conn:
        names = {r[0] for r in conn.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'events'")}  # fmt: skip
        assert {"ix_events_list", "ix_events_country_code_list"} <= names
        assert not names & {"ix_events_start", "ix_events_country", "ix_events_admin1",
                            "ix_events_type"}  # fmt: skip
        counts = [query._where(select(func.count()).select_from(s.events), flt, conn)
                  for flt in (EventFilter(country="UA"), EventFilter(admin1="Donetsk Oblast"),
                              EventFilter(event_type="Battles"))]  # fmt: skip
        groups = [select(col, func.count()).group_by(col)
                  for col in (e.country_code, e.admin1, e.event_type)]  # fmt: skip
        for q in counts + groups:
            sql = str(q.compile(conn, compile_kwargs={"literal_binds": True}))
            plan = " | ".join(r[-1] for r in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + sql))
            assert "COVERING INDEX ix_events_" in plan and "TEMP B-TREE" not in plan, (sql, plan)
    assert store.count_events(EventFilter(country="UA")) == len(
        store.list_events(EventFilter(country="UA", limit=1000)))  # fmt: skip


def test_a_search_with_many_hits_walks_the_list_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past MANY_HITS hits a search's page is read by walking the list's index (issue 17):
    the same pages, both ways, as fetching every hit and sorting them."""
    from sqlalchemy import event as sa_event

    from conflictkb.store import query

    store = Store(str(tmp_path / "kb.sqlite"))
    ingest_paths(store, [SAMPLES, REPORTS], pipeline=infobox_pipeline())
    flt = EventFilter(q="the", limit=2)
    plain = (
        _walk(store, flt, "after", True),
        _walk(store, replace(flt, before="end"), "before", False),
    )
    assert len(plain[0]) >= 5 and plain[0] == plain[1]
    monkeypatch.setattr(query, "MANY_HITS", 0)
    query.count_commit(store.url)  # a new state: no page from before is reused
    seen: list[tuple[str, Any]] = []

    def keep(_c: Any, _cur: Any, sql: str, params: Any, *_: Any) -> None:
        if "+events.rowid IN" in sql:
            seen.append((sql, params))

    sa_event.listen(store.engine, "before_cursor_execute", keep)
    walked = (
        _walk(store, flt, "after", True),
        _walk(store, replace(flt, before="end"), "before", False),
    )
    sa_event.remove(store.engine, "before_cursor_execute", keep)
    assert walked == plain
    assert seen  # the walk was taken
    with store.engine.connect() as conn:
        for sql, params in seen:
            plan = " | ".join(
                r[-1] for r in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + sql, params)
            )
            assert "INDEX ix_events_list" in plan and "TEMP B-TREE" not in plan, plan


def _walk(store: Store, flt: EventFilter, key: str, forward: bool) -> list[str]:
    """Every event id, page by page, following the page keys one way."""
    ids: list[str] = []
    page = store.event_page(flt)
    while True:
        ids += [r["id"] for r in page.events] if forward else [r["id"] for r in page.events][::-1]
        nxt = page.next if forward else page.previous
        if nxt is None:
            return ids if forward else ids[::-1]
        page = store.event_page(replace(flt, **{key: nxt}))


def test_pages_seek_by_key_and_give_the_list_in_order(tmp_path: Path) -> None:
    """Keyset pages: forward from the first page, backward from the last, the same events in
    the same order as one long page; each seek query reads an index in order."""
    from sqlalchemy import event as sa_event

    store = Store(str(tmp_path / "kb.sqlite"))
    ingest_paths(store, [SAMPLES, REPORTS], pipeline=infobox_pipeline())
    for flt in (EventFilter(), EventFilter(country="UA"), EventFilter(q="the")):
        whole = [r["id"] for r in store.list_events(replace(flt, limit=500))]
        assert len(whole) >= 3, flt
        flt = replace(flt, limit=2)
        assert _walk(store, flt, "after", forward=True) == whole
        last = store.event_page(replace(flt, before="end"))
        assert last.next is None and [r["id"] for r in last.events] == whole[-len(last.events) :]
        back: list[str] = [r["id"] for r in last.events]
        page = last
        while page.previous is not None:
            page = store.event_page(replace(flt, before=page.previous))
            back = [r["id"] for r in page.events] + back
        assert back == whole
    seen: list[tuple[str, Any]] = []

    def keep(_c: Any, _cur: Any, sql: str, params: Any, _ctx: Any, _many: bool) -> None:
        if sql.lstrip().upper().startswith("SELECT") and "FROM events" in sql:
            seen.append((sql, params))

    from conflictkb.store import query

    query._CACHE.clear()  # the walks above cached these pages
    sa_event.listen(store.engine, "before_cursor_execute", keep)
    key = store.event_page(EventFilter(limit=2)).next
    assert key is not None
    store.event_page(EventFilter(limit=2, after=key))
    store.event_page(EventFilter(limit=2, before=key))
    store.event_page(EventFilter(limit=2, before="end", country="UA"))
    sa_event.remove(store.engine, "before_cursor_execute", keep)
    ordered = [(sql, params) for sql, params in seen if "ORDER BY" in sql]
    assert len(ordered) >= 4, seen  # the seeks ran (a day's rest, older days, from the end)
    with store.engine.connect() as conn:
        for sql, params in ordered:
            plan = [r[-1] for r in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + sql, params)]
            assert any(
                "USING INDEX ix_events_" in p
                or "USING PRIMARY KEY" in p
                or "USING INDEX sqlite_autoindex_events" in p
                for p in plan
            ), (sql, plan)
            assert not any("TEMP B-TREE" in p for p in plan), (sql, plan)  # fmt: skip
    with pytest.raises(InputError, match="page key"):
        store.event_page(EventFilter(after="no-key-here"))


def test_reads_see_writes_at_once_here_and_within_a_second_from_elsewhere(tmp_path: Path) -> None:
    """Cached reads: a commit from this process (any store on the database) is seen by the
    next read; one from another process within GENERATION_TTL."""
    import threading
    import time

    from conflictkb.store import query

    path = str(tmp_path / "kb.sqlite")
    server, other = Store(path), Store(path)
    assert server.count_events() == 0
    ingest_paths(other, [SAMPLES / "moura_massacre.txt"], pipeline=infobox_pipeline())
    assert server.count_events() == 1  # at once: the same process
    with sqlite3.connect(path) as con:  # another process's write (no listener sees it)
        con.execute("UPDATE events SET updated_at = '2999-01-01 00:00:00', name = 'x'")
    time.sleep(query.GENERATION_TTL + 0.1)
    assert server.list_events()[0]["name"] == "x"
    ingest_paths(server, [SAMPLES], pipeline=infobox_pipeline())
    assert server.count_events() == len(list(SAMPLES.glob("*.txt")))  # at once: its commit
    calls: list[int] = []
    barrier = threading.Barrier(8)

    def slow() -> int:
        calls.append(1)
        time.sleep(0.2)
        return 42

    def read() -> None:
        barrier.wait()
        with server.engine.connect() as conn:
            assert query.cached(conn, ("test-single-flight",), slow) == 42

    threads = [threading.Thread(target=read) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert calls == [1]  # eight readers missed at once; one computed


def test_every_foreign_key_has_an_index(store: Store, tmp_path: Path) -> None:
    """Each foreign key column leads an index (or the primary key) of its table."""
    con = sqlite3.connect(tmp_path / "kb.sqlite")
    tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    missing = []
    for table in tables:
        leading = {con.execute(f"PRAGMA index_info('{ix[1]}')").fetchone()[2]
                   for ix in con.execute(f"PRAGMA index_list('{table}')")}  # fmt: skip
        pk = [
            r[1]
            for r in sorted(con.execute(f"PRAGMA table_info('{table}')"), key=lambda r: r[5])
            if r[5]
        ]
        leading |= set(pk[:1])
        for fk in con.execute(f"PRAGMA foreign_key_list('{table}')"):
            if fk[3] not in leading:
                missing.append(f"{table}.{fk[3]}")
    assert not missing, missing


def test_the_map_body_written_by_sqlite_is_the_map_points(tmp_path: Path, corpus_dir: Path) -> None:
    """The map endpoint's JSON, made by SQLite (issue 17), holds exactly :meth:`map_points`:
    the same points, rounded alike, deadliest first, for every filter and limit."""
    import json

    from conflictkb.store.query import MAP_COLUMNS

    s = Store(str(tmp_path / "kb.sqlite"))
    ingest_paths(s, [corpus_dir], pipeline=infobox_pipeline())
    for flt, limit in ((EventFilter(), 5000), (EventFilter(), 7), (EventFilter(country="UA"), 5000),
                       (EventFilter(q="offensive"), 5000), (EventFilter(country="XX"), 5000)):  # fmt: skip
        body = json.loads(s.map_json(flt, limit))
        total, points = s.map_points(flt, limit)
        assert body == {"total": total, "shown": len(points), "columns": list(MAP_COLUMNS),
                        "events": points}, (flt, limit)  # fmt: skip
    assert len(s.map_points(EventFilter(), 5000)[1]) > 10  # the corpus has points to order


def test_the_names_filters_match_are_every_distinct_name(store: Store) -> None:
    """The actor and claimant filters look names up in the distinct values of their column,
    read one index seek per value (issue 17): the same values as ``SELECT DISTINCT``."""
    from sqlalchemy import select

    from conflictkb.store import query

    with store.engine.connect() as conn:
        for col in query._NAME_COLUMNS.values():
            plain = {
                str(n) for (n,) in conn.execute(select(col).where(col.is_not(None)).distinct())
            }
            seeks = query._distinct(conn, col)
            assert len(seeks) == len(plain) > 3 and set(seeks) == plain, col
    found = {r["id"] for r in store.list_events(EventFilter(claimant="human rights", limit=500))}
    by_record = {e["id"] for e in store.list_events(EventFilter(limit=500))
                 if any("human rights" in f"{c['claimant']} {c['claimant_norm']}".lower()
                        for c in store.get_record(e["id"])["claims"])}  # fmt: skip
    assert "moura-massacre" in found and found == by_record
