"""Cached answers of the JSON API (issue 17): the same bytes while the store is unchanged, a
new answer at once after a write, and never past the guard."""

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


def test_repeated_reads_are_answered_from_the_cache_until_a_write(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    client, calls = _counted(store, monkeypatch)
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


def test_errors_are_not_kept(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    client, calls = _counted(store, monkeypatch)
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
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    from conflictkb.api import answers

    client, calls = _counted(store, monkeypatch)
    size = len(client.get("/api/events/moura-massacre").content)
    monkeypatch.setattr(answers, "BUDGET", size + 100)  # room for this answer and no other
    client.get("/api/events/moura-massacre")
    assert len(calls) == 1  # kept: it fits the budget
    client.get("/api/events", params={"limit": 2})  # another answer: the first one goes
    client.get("/api/events/moura-massacre")
    assert len(calls) == 2  # asked anew once the budget pushed it out


def test_fold_remembers_names_not_documents() -> None:
    from conflictkb import textutil

    before = textutil._fold_short.cache_info().currsize
    assert textutil.fold("Ségou  Région") == "segou region"
    assert textutil.fold("Ségou " * 1000) == ("segou " * 1000).strip()
    assert textutil._fold_short.cache_info().currsize <= before + 1  # the long text is not kept
