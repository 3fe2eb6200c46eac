"""Cached answers of the pages and the JSON API (issue 17): the same bytes while what they
show is unchanged, a new answer at once after a write to it, never past the guard, and never a
signed-in reader's page."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from conflictkb.api import app as app_module
from conflictkb.api.app import create_app
from conflictkb.assemble import infobox_pipeline
from conflictkb.ingest import ingest_paths
from conflictkb.model import ReviewStatus
from conflictkb.settings import Settings
from conflictkb.store import Store

SEED = Path(__file__).resolve().parent.parent / "src" / "conflictkb" / "data" / "samples"


@pytest.fixture()
def store(tmp_path: Path) -> Store:
    store = Store(str(tmp_path / "kb.sqlite"))
    ingest_paths(store, [SEED / "moura_massacre.txt"], pipeline=infobox_pipeline())
    return store


def _counted(store: Store, monkeypatch: pytest.MonkeyPatch) -> tuple[TestClient, list[str]]:
    """A client of the app over ``store``, and a list that grows each time the app itself
    reads an event (an answer from the cache does not)."""
    calls: list[str] = []
    real = app_module.event_data
    monkeypatch.setattr(
        app_module, "event_data", lambda *a, **k: calls.append("x") or real(*a, **k)
    )
    return TestClient(create_app(Settings(db=store.url), store)), calls


Counted = tuple[TestClient, list[str]]


@pytest.fixture()
def counted(store: Store, monkeypatch: pytest.MonkeyPatch) -> Counted:
    return _counted(store, monkeypatch)


def test_repeated_reads_are_answered_from_the_cache_until_a_write(
    store: Store, counted: Counted
) -> None:
    client, calls = counted
    first = client.get("/api/events/moura-massacre")
    second = client.get("/api/events/moura-massacre")
    assert first.status_code == second.status_code == 200
    assert second.content == first.content and len(calls) == 1  # the second never reached it
    assert second.headers["content-security-policy"] == first.headers["content-security-policy"]
    assert int(second.headers["content-length"]) == len(second.content)

    claim = next(c for c in first.json()["claims"] if c["min"] == 300)
    store.review_claim(claim["id"], ReviewStatus.REJECTED, reviewer="tester")  # a commit here
    third = client.get("/api/events/moura-massacre")
    assert len(calls) == 2  # asked again at once
    mine = next(c for c in third.json()["claims"] if c["id"] == claim["id"])
    assert mine["review_status"] == "rejected"


def test_errors_are_not_kept(counted: Counted) -> None:
    client, calls = counted
    assert client.get("/api/events/nothing-here").status_code == 404
    assert client.get("/api/events/nothing-here").status_code == 404
    assert len(calls) == 2


def test_a_cached_answer_needs_a_token_where_reading_does(store: Store) -> None:
    token = store.add_user("reader", "reviewer")
    open_app = TestClient(create_app(Settings(db=store.url, read_token_required=True), store))
    auth = {"Authorization": f"Bearer {token}"}
    assert open_app.get("/api/events", headers=auth).status_code == 200
    assert open_app.get("/api/events", headers=auth).status_code == 200  # now cached
    assert open_app.get("/api/events").status_code == 401


def test_answers_are_kept_within_a_byte_budget(
    counted: Counted, monkeypatch: pytest.MonkeyPatch
) -> None:
    from conflictkb.api import answers

    client, calls = counted
    size = len(client.get("/api/events/moura-massacre").content)
    monkeypatch.setattr(answers, "BUDGET", size + 100)  # room for this answer and no other
    client.get("/api/events/moura-massacre")
    assert len(calls) == 1  # kept: it fits the budget
    client.get("/api/events", params={"limit": 2})  # another answer: the first one goes
    client.get("/api/events/moura-massacre")
    assert len(calls) == 2  # asked anew once the budget pushed it out


def test_an_event_answer_outlives_writes_to_other_events(store: Store, counted: Counted) -> None:
    client, calls = counted
    page = client.get("/events/moura-massacre")
    record = client.get("/api/events/moura-massacre")
    assert page.status_code == record.status_code == 200 and len(calls) == 2
    assert client.get("/api/events").json()["total"] == 1
    ingest_paths(store, [SEED / "syria__battle_of_markada.txt"], pipeline=infobox_pipeline())
    assert client.get("/events/moura-massacre").content == page.content
    assert client.get("/api/events/moura-massacre").content == record.content
    assert len(calls) == 2  # another event was written: these two stay
    assert client.get("/api/events").json()["total"] == 2  # the list is asked anew
    assert b"Battle of Markada" in client.get("/").content


def test_a_new_link_renews_the_event_it_points_to(
    tmp_path: Path, corpus_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Store(str(tmp_path / "kb.sqlite"))
    campaign = "2022-ukrainian-kharkiv-counteroffensive"
    ingest_paths(store, [corpus_dir / "ukraine__articles__2022_ukrainian_kharkiv_counteroffensive.txt"],
                 pipeline=infobox_pipeline())  # fmt: skip
    client, calls = _counted(store, monkeypatch)
    before = client.get(f"/api/events/{campaign}").json()["links"]
    # its "see also" names the battle, not yet in the store: a link to no event
    assert [x["event_id"] for x in before if x["name"] == "Battle of Balakliia"] == [None]
    ingest_paths(store, [corpus_dir / "ukraine__articles__battle_of_balakliia.txt"],
                 pipeline=infobox_pipeline())  # fmt: skip
    after = client.get(f"/api/events/{campaign}").json()["links"]
    found = {(x["kind"], x["direction"]) for x in after if x["event_id"] == "battle-of-balakliia"}
    assert {("see_also", "out"), ("has_part", "in")} <= found  # resolved, and a new link in
    assert b"Battle of Balakliia" in client.get(f"/events/{campaign}").content
    assert len(calls) == 3


def test_a_page_is_kept_only_for_readers_not_signed_in(store: Store, counted: Counted) -> None:
    token = store.add_user("Ada Reviewer", "reviewer")
    client, calls = counted
    anonymous = client.get("/events/moura-massacre")
    assert b"Ada Reviewer" not in anonymous.content and b"Sign in" in anonymous.content
    signed = client.get("/events/moura-massacre", headers={"Authorization": f"Bearer {token}"})
    assert b"Ada Reviewer" in signed.content and len(calls) == 2  # not the anonymous answer
    client.cookies.set("ckb_session", token)
    assert b"Ada Reviewer" in client.get("/events/moura-massacre").content
    client.cookies.clear()
    again = client.get("/events/moura-massacre")
    assert again.content == anonymous.content and len(calls) == 3  # the anonymous one, kept


def test_fold_remembers_names_not_documents() -> None:
    from conflictkb import textutil

    before = textutil._fold_short.cache_info().currsize
    assert textutil.fold("Ségou  Région") == "segou region"
    assert textutil.fold("Ségou " * 1000) == ("segou " * 1000).strip()
    assert textutil._fold_short.cache_info().currsize <= before + 1  # the long text is not kept
