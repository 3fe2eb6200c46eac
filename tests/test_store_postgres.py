"""The same store on a real PostgreSQL server (designed for teams; issue #2)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from conflictkb.assemble import infobox_pipeline
from conflictkb.ingest import ingest_paths
from conflictkb.model import ReviewStatus
from conflictkb.store import SCHEMA_VERSION, EventFilter, Store

from .conftest import REPORTS
from .pg import pg_bin, temporary_postgres

SAMPLES = Path(__file__).resolve().parent.parent / "src" / "conflictkb" / "data" / "samples"

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        pg_bin() is None, reason="Debian's postgresql is not installed (make test installs it)"
    ),
]


@pytest.fixture(scope="module")
def pg_store() -> Iterator[Store]:
    with temporary_postgres() as url:
        store = Store(url)
        ingest_paths(store, [SAMPLES], pipeline=infobox_pipeline())
        yield store
        store.close()


def test_schema_and_ingest(pg_store: Store) -> None:
    assert pg_store.engine.dialect.name == "postgresql"
    assert pg_store.schema_version() == SCHEMA_VERSION
    stats = pg_store.stats()
    assert stats["documents"] == len(list(SAMPLES.glob("*.txt"))) == stats["events"]
    again = ingest_paths(pg_store, [SAMPLES], pipeline=infobox_pipeline())
    assert again.ingested == [] and pg_store.stats() == stats


def test_records_match_sqlite(pg_store: Store, tmp_path: Path) -> None:
    lite = Store(str(tmp_path / "kb.sqlite"))
    ingest_paths(lite, [SAMPLES], pipeline=infobox_pipeline())
    assert (
        pg_store.get_record("moura-massacre")["claims"]
        == lite.get_record("moura-massacre")["claims"]
    )
    flt = EventFilter(country="ML")
    assert [r["id"] for r in pg_store.list_events(flt)] == [r["id"] for r in lite.list_events(flt)]
    assert pg_store.count_events(EventFilter(q="Moura")) == 1


def test_review_on_postgres(pg_store: Store) -> None:
    rec = pg_store.get_record("moura-massacre")
    un = next(c for c in rec["claims"] if c["claimant"] == "UN")
    out = pg_store.review_claim(un["id"], ReviewStatus.EDITED, min=450, max=450)
    assert next(c for c in out["claims"] if c["id"] == un["id"])["min"] == 450
    assert out["estimates"]["deaths"]["high"] == rec["estimates"]["deaths"]["high"] - 50


def test_ingest_checkpoints(pg_store: Store) -> None:
    assert pg_store.checkpoint("dump:/data/enwiki.xml.bz2:123") == 0
    pg_store.set_checkpoint("dump:/data/enwiki.xml.bz2:123", 4100)
    pg_store.set_checkpoint("dump:/data/enwiki.xml.bz2:123", 9071)
    pg_store.set_checkpoint("dump:/data/other.xml.bz2:7", 12)
    assert pg_store.checkpoint("dump:/data/enwiki.xml.bz2:123") == 9071
    assert pg_store.checkpoint("dump:/data/other.xml.bz2:7") == 12


def test_merging_on_postgres(pg_store: Store, tmp_path: Path) -> None:
    """Issue 14 on PostgreSQL: the reports join the article's event, a version replaces its
    document, a user's split and merge hold, all as on SQLite."""
    from conflictkb.assemble import default_pipeline

    reports = Path(__file__).parent / "fixtures" / "reports"
    pipeline = default_pipeline()
    out = ingest_paths(pg_store, [reports / "hrw-2022-04-05-moura.md",
                                  reports / "ohchr-2022-04-20-moura.md",
                                  reports / "ohchr-2022-04-20-moura.html"], pipeline=pipeline)  # fmt: skip
    assert [o.status for o in out.ingested] == ["merged", "merged", "version"]
    rec = pg_store.get_record("moura-massacre")
    assert rec["number_of_sources"] == 3 and len(rec["documents"]) == 3
    hrw = next(d["sha256"] for d in rec["documents"] if d["source"] == "Human Rights Watch")
    new_id, _ = pg_store.split_document("moura-massacre", hrw, user="ana")
    assert pg_store.get_record("moura-massacre")["number_of_sources"] == 2
    assert pg_store.merge_events("moura-massacre", new_id, user="ben")["number_of_sources"] == 3
    assert pg_store.find_event_id(new_id) == "moura-massacre"
    assert [d["kind"] for d in pg_store.decisions("moura-massacre")] == ["merge", "split"]


SEARCHES = ["Wagner", "walkie-talkie", "Moura", "Mariupol theatre", "drone", "al-Qaeda",
            "Kyiv Oblast", "ceasefire", "the", "zzzz-no-such-word"]  # fmt: skip


def test_search_and_facets_give_the_same_events_on_both_stores(pg_store: Store,
                                                              tmp_path: Path) -> None:  # fmt: skip
    """The explorer's queries (full text over names and document text, and every facet) find
    the same events on PostgreSQL (tsvector, GIN) as on SQLite (FTS5)."""
    from fastapi.testclient import TestClient

    from conflictkb.api.app import create_app
    from conflictkb.settings import Settings

    with pg_store.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.exec_driver_sql("CREATE DATABASE parity")  # the same content on both stores
    pg = Store(pg_store.url.rsplit("/", 1)[0] + "/parity")
    lite = Store(str(tmp_path / "kb.sqlite"))
    for store in (pg, lite):
        ingest_paths(store, [SAMPLES, REPORTS], pipeline=infobox_pipeline())
        rec = store.get_record("moura-massacre")
        un = next(c for c in rec["claims"] if c["claimant"] == "UN")
        store.review_claim(un["id"], ReviewStatus.REJECTED)
    clients = [TestClient(create_app(Settings(db=s.url), s)) for s in (lite, pg)]
    queries: list[dict[str, str]] = [{"q": q} for q in SEARCHES]
    queries += [{"country": "UA"}, {"country": "SY", "q": "Raqqa"}, {"actor": "wagner"},
                {"claimant": "Human Rights Watch"}, {"date_from": "2022-01-01"},
                {"review": "unreviewed"}, {"review": "reviewed"}, {"event_type": "Battles"},
                {"q": "helicopters market"}]  # fmt: skip
    found = {}
    for params in queries:
        ids = [sorted(e["id"] for e in c.get("/api/events", params=params).json()["events"])
               for c in clients]  # fmt: skip
        assert ids[0] == ids[1], params
        found[params.get("q", str(params))] = ids[0]
    assert len(found["Wagner"]) >= 1 and found["zzzz-no-such-word"] == []
    assert found["walkie-talkie"] == ["moura-massacre"]  # a word of the article's text only
    facets = [c.get("/api/facets").json() for c in clients]
    assert facets[0] == facets[1]
    pg.close()


def test_workbench_on_postgres(pg_store: Store) -> None:
    from conflictkb.errors import ConflictError
    from conflictkb.store.workbench import User

    token = pg_store.add_user("dana", "reviewer")
    dana = pg_store.user_for_token(token)
    assert dana == User("dana", "reviewer")
    rec = pg_store.get_record("battle-of-raqqa-2017")
    claim = rec["claims"][0]
    pg_store.review_claim(claim["id"], ReviewStatus.REJECTED, reviewer=dana, base=0)
    with pytest.raises(ConflictError):
        pg_store.review_claim(claim["id"], ReviewStatus.CONFIRMED, reviewer=dana, base=0)
    actor = rec["actors"][0]["name"]
    out = pg_store.assign_actor("battle-of-raqqa-2017", actor, side=2, user=dana)
    assert next(a for a in out["actors"] if a["name"] == actor)["side"] == 2
    log = pg_store.audit_log("battle-of-raqqa-2017")
    assert [e["action"] for e in log] == ["claim-rejected", "actor"]
    assert log[0]["before"]["review_status"] == "auto" and log[0]["at"].endswith("+00:00")


def test_an_events_state_on_postgres(pg_store: Store) -> None:
    """The state that keeps one event's answers (issue 17) is one statement on PostgreSQL too:
    it changes with a review of the event, not with a write to another event."""
    from conflictkb.store.validators import event_state

    before = event_state(pg_store.engine, "moura-massacre")
    assert before is not None and event_state(pg_store.engine, "no-such-event") is None
    other = pg_store.get_record("siege-of-mariupol")["claims"][0]
    pg_store.review_claim(other["id"], ReviewStatus.CONFIRMED, reviewer="ana")
    mine = pg_store.get_record("moura-massacre")["claims"][0]
    unrelated = event_state(pg_store.engine, "moura-massacre")
    pg_store.review_claim(mine["id"], ReviewStatus.CONFIRMED, reviewer="ana")
    after = event_state(pg_store.engine, "moura-massacre")
    assert after is not None and after[3] != before[3]  # the event's own updated_at
    assert unrelated is not None and unrelated[3] == before[3]


def test_distinct_names_by_index_seeks_on_postgres(pg_store: Store) -> None:
    from sqlalchemy import select

    from conflictkb.store import query

    with pg_store.engine.connect() as conn:
        for col in query._NAME_COLUMNS.values():
            plain = {
                str(n) for (n,) in conn.execute(select(col).where(col.is_not(None)).distinct())
            }
            assert set(query._distinct(conn, col)) == plain != set()
    assert "moura-massacre" in {
        r["id"] for r in pg_store.list_events(EventFilter(claimant="rights"))
    }
