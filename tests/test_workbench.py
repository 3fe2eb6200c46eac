"""The reviewer's workbench (issue #15): users and tokens, the one audited write path, revision
conflicts, decisions that survive re-extraction, the forms' CSRF and same-origin checks, the
audit export, and search parity inputs. The real seed article and the real Moura reports."""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from conflictkb.api.app import create_app
from conflictkb.assemble import Pipeline, default_pipeline
from conflictkb.cli import app as cli_app
from conflictkb.errors import ConflictError, InputError, NotFoundError
from conflictkb.ingest import ingest_paths
from conflictkb.model import Document, Event, ReviewStatus, Span
from conflictkb.settings import Settings
from conflictkb.store import Store
from conflictkb.store.workbench import User

from .conftest import REPORTS, SEED

ANA = User("ana", "reviewer")


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return default_pipeline()


@pytest.fixture()
def store(tmp_path: Path, pipeline: Pipeline) -> Store:
    s = Store(str(tmp_path / "kb.sqlite"))
    ingest_paths(s, [SEED], pipeline=pipeline)
    return s


def _claim(rec: dict[str, Any], **want: Any) -> dict[str, Any]:
    return next(c for c in rec["claims"] if all(c.get(k) == v for k, v in want.items()))


def _moura_deaths(rec: dict[str, Any]) -> tuple[int, int, int]:
    e = rec["estimates"]["deaths"]
    return e["low"], e["best"], e["high"]


class ChangedExtractor:
    """A new extractor version: every claim quotes two more characters of its sentence (so
    every span and claim id changes) and one claim is no longer found."""

    def __init__(self, base: Pipeline, drop_text: str) -> None:
        self.base, self.drop_text = base, drop_text

    def run(self, doc: Document) -> Event:
        ev = self.base.run(doc)
        for part in [ev, *ev.incidents]:
            kept = []
            for c in part.claims:
                if c.text == self.drop_text:
                    continue
                end = min(c.span.end + 2, len(doc.text))
                kept.append(replace(c, span=Span(c.span.start, end), text=doc.text[c.span.start:end],
                                    extractor_version=c.extractor_version + "+test"))  # fmt: skip
            part.claims = kept
        return ev


def test_every_decision_survives_a_new_extractor(store: Store, pipeline: Pipeline) -> None:
    rec = store.get_record("moura-massacre")
    hrw = _claim(rec, property="deaths", claimant="Human Rights Watch", origin="infobox")
    un = _claim(rec, property="deaths", min=500, origin="infobox")
    gov = _claim(rec, property="deaths", min=203, origin="infobox")
    narrative = next(c for c in rec["claims"] if c["origin"] == "narrative")
    store.review_claim(hrw["id"], ReviewStatus.REJECTED, reviewer=ANA, comment="double count")
    store.review_claim(un["id"], ReviewStatus.EDITED, min=450, max=450, claimant="MINUSMA",
                       reviewer=ANA)  # fmt: skip
    store.review_claim(gov["id"], ReviewStatus.CONFIRMED, reviewer=ANA)
    store.review_claim(narrative["id"], ReviewStatus.CONFIRMED, reviewer=ANA)
    actor = next(a for a in rec["actors"] if a["role"] == "combatant" and a["side"] == 2)
    store.assign_actor("moura-massacre", actor["name"], side=1, role="perpetrator", user=ANA)
    before = store.get_record("moura-massacre")

    report = ingest_paths(store, [SEED], pipeline=ChangedExtractor(pipeline, narrative["text"]),  # type: ignore[arg-type]
                          reextract=True)  # fmt: skip
    assert [o.status for o in report.ingested] == ["re-extracted"]
    after = store.get_record("moura-massacre")
    old_ids = {c["id"] for c in before["claims"]}
    assert old_ids.isdisjoint({c["id"] for c in after["claims"]})  # every claim id changed
    assert all(c["extractor_version"].endswith("+test") for c in after["claims"])
    by_text = {c["text"][:-2]: c for c in after["claims"]}
    assert by_text[hrw["text"]]["review_status"] == "rejected"
    edited = by_text[un["text"]]
    assert (edited["review_status"], edited["min"], edited["claimant"]) == (
        "edited",
        450,
        "MINUSMA",
    )
    assert by_text[gov["text"]]["review_status"] == "confirmed"
    assert _moura_deaths(after) == _moura_deaths(before)  # the estimates keep the decisions
    moved = next(a for a in after["actors"] if a["name"] == actor["name"])
    assert (moved["side"], moved["role"]) == (1, "perpetrator")
    orphans = after["orphaned_reviews"]  # the claim the new extractor no longer finds
    assert [(o["claim_id"], o["status"], o["reviewer"]) for o in orphans] == [
        (narrative["id"], "confirmed", "ana")]  # fmt: skip
    page = TestClient(create_app(Settings(db=store.url), store)).get("/events/moura-massacre").text
    assert "Orphaned review decisions" in page and "was not found again" in page


def test_edits_change_estimates_and_are_audited(store: Store) -> None:
    rec = store.get_record("moura-massacre")
    un = _claim(rec, property="deaths", min=500, origin="infobox")
    out = store.review_claim(un["id"], ReviewStatus.REJECTED, reviewer=ANA, comment="why not")
    assert _moura_deaths(out)[2] <= _moura_deaths(rec)[2] - 200  # the UN's 500 no longer counts
    entry = store.audit_log("moura-massacre")[-1]
    assert (entry["user"], entry["role"], entry["action"], entry["target"]) == (
        "ana", "reviewer", "claim-rejected", un["id"])  # fmt: skip
    assert (
        entry["before"]["review_status"] == "auto" and entry["after"]["review_status"] == "rejected"
    )
    assert entry["before"]["min"] == 500 and entry["comment"] == "why not"


def test_a_stale_decision_is_refused_and_nothing_is_written(store: Store) -> None:
    rec = store.get_record("moura-massacre")
    hrw = _claim(rec, property="deaths", claimant="Human Rights Watch", origin="infobox")
    base = store.revisions([hrw["id"]])[hrw["id"]]
    assert base == 0
    store.review_claim(hrw["id"], ReviewStatus.CONFIRMED, reviewer=ANA, base=base)
    with pytest.raises(ConflictError, match="ana .*reload"):  # a second reviewer, same page
        store.review_claim(hrw["id"], ReviewStatus.REJECTED, reviewer=User("ben", "reviewer"),
                           base=base)  # fmt: skip
    assert [e["user"] for e in store.audit_log("moura-massacre")] == ["ana"]
    assert _claim(store.get_record("moura-massacre"), id=hrw["id"])["review_status"] == "confirmed"


def test_bad_decisions_are_refused(store: Store) -> None:
    rec = store.get_record("moura-massacre")
    cid = rec["claims"][0]["id"]
    with pytest.raises(NotFoundError, match="reload"):
        store.review_claim("0" * 16, ReviewStatus.CONFIRMED, reviewer=ANA)
    for kwargs in ({"min": 10, "max": 5}, {"side": 7}, {"claimant": "x" * 300}, {}):
        with pytest.raises(InputError):
            store.review_claim(cid, ReviewStatus.EDITED, reviewer=ANA, **kwargs)  # type: ignore[arg-type]
    with pytest.raises(InputError, match="role"):
        store.assign_actor("moura-massacre", rec["actors"][0]["name"], role="hero", user=ANA)
    assert store.audit_log() == []


def test_tokens_roles_and_the_json_api(store: Store) -> None:
    token = store.add_user("ana", "reviewer")
    with pytest.raises(InputError, match="exists"):
        store.add_user("ana", "admin")
    client = TestClient(create_app(Settings(db=store.url), store))
    cid = _claim(store.get_record("moura-massacre"), min=500, origin="infobox")["id"]
    high = store.get_record("moura-massacre")["estimates"]["deaths"]["high"]
    body = {"status": "edited", "min": 480, "max": 480, "comment": "<script>alert(1)</script>"}
    assert client.post(f"/api/claims/{cid}/review", json=body).status_code == 401
    forged = client.post(f"/api/claims/{cid}/review", json=body,
                         headers={"Authorization": "Bearer ckb_forged"})  # fmt: skip
    assert forged.status_code == 401 and forged.json()["error"]["code"] == "CKB401"
    auth = {"Authorization": f"Bearer {token}"}
    ok = client.post(f"/api/claims/{cid}/review", json=body, headers=auth)
    assert ok.status_code == 200 and ok.json()["estimates"]["deaths"]["high"] == high - 20
    stale = client.post(f"/api/claims/{cid}/review", json={**body, "base": 0}, headers=auth)
    assert stale.status_code == 409 and stale.json()["error"]["code"] == "CKB409"
    upload = client.post("/api/documents", content=b"text", headers=auth)
    assert upload.status_code == 403  # a reviewer cannot upload
    huge = client.post(f"/api/claims/{cid}/review", content=b"{" + b" " * 70000 + b"}",
                       headers={**auth, "content-type": "application/json"})  # fmt: skip
    assert huge.status_code == 413
    gone = client.post("/api/events/no-such-event/actors", json={"actor": "x"}, headers=auth)
    assert gone.status_code == 404
    entries = client.get("/api/events/moura-massacre/audit").json()
    assert [e["action"] for e in entries] == ["claim-edited"]
    assert entries[0]["after"]["min"] == 480
    store.remove_user("ana")
    assert client.post(f"/api/claims/{cid}/review", json=body, headers=auth).status_code == 401


def _signed_in(client: TestClient, token: str) -> str:
    assert client.post("/login", data={"token": token}, follow_redirects=False).status_code == 303
    page = client.get("/events/moura-massacre").text
    found = re.search(r'name="csrf" value="([0-9a-f]{64})"', page)
    assert found, "the signed-in page has forms"
    return found.group(1)


def test_forms_need_a_session_a_csrf_token_and_our_origin(store: Store) -> None:
    client = TestClient(create_app(Settings(db=store.url), store))
    anonymous = client.get("/events/moura-massacre").text
    assert 'name="csrf"' not in anonymous and "Reject" not in anonymous  # read-only
    cid = _claim(store.get_record("moura-massacre"), min=500, origin="infobox")["id"]
    url = f"/ui/claims/{cid}?event=moura-massacre"
    assert client.post(url, data={"action": "reject", "csrf": "x"}).status_code == 401
    csrf = _signed_in(client, store.add_user("ana", "reviewer"))
    assert client.post(url, data={"action": "reject", "csrf": "0" * 64}).status_code == 401
    other_site = client.post(url, data={"action": "reject", "csrf": csrf},
                             headers={"Origin": "https://evil.example"})  # fmt: skip
    assert other_site.status_code == 401 and "another origin" in other_site.text
    assert store.audit_log() == []
    payload = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    done = client.post(url, data={"action": "reject", "csrf": csrf, "comment": payload,
                                  "base": "0"}, follow_redirects=False)  # fmt: skip
    assert done.status_code == 303 and done.headers["location"].startswith("/events/moura-massacre")
    audit_page = client.get("/events/moura-massacre/audit").text
    assert payload not in audit_page and "&lt;script&gt;" in audit_page
    again = client.post(url, data={"action": "confirm", "csrf": csrf, "base": "0"})
    assert again.status_code == 409 and "reload" in again.text  # the second decision: a conflict


def test_audit_export_csv_and_jsonl(store: Store, tmp_path: Path) -> None:
    rec = store.get_record("moura-massacre")
    cid = _claim(rec, min=500, origin="infobox")["id"]
    store.review_claim(cid, ReviewStatus.REJECTED, reviewer=ANA, comment="=HYPERLINK(1)")
    db = ["--db", store.url.removeprefix("sqlite:///")]
    runner = CliRunner()
    out = runner.invoke(cli_app, [*db, "audit", "moura-massacre", "--format", "csv"])
    assert out.exit_code == 0, out.output
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    assert [r["action"] for r in rows] == ["claim-rejected"]
    assert rows[0]["comment"] == "'=HYPERLINK(1)"  # no formula in a spreadsheet
    assert json.loads(rows[0]["before"])["min"] == 500
    lines = runner.invoke(cli_app, [*db, "audit", "--format", "jsonl"]).stdout.splitlines()
    assert json.loads(lines[0])["target"] == cid
    added = runner.invoke(cli_app, [*db, "user", "add", "cleo", "--role", "admin"])
    assert added.exit_code == 0 and store.user_for_token(added.stdout.strip()) == User(
        "cleo", "admin"
    )


def test_merge_and_split_are_audited(store: Store, pipeline: Pipeline) -> None:
    ingest_paths(store, [REPORTS / "sahel-roundup-2022-06-20.md"], pipeline=pipeline)
    other = next(e["id"] for e in store.list_events() if e["id"] != "moura-massacre")
    merged = store.merge_events("moura-massacre", other, user=ANA, comment="same massacre")
    doc = next(
        d["sha256"] for d in merged["documents"] if d["sha256"] != merged["documents"][0]["sha256"]
    )
    new_id, _ = store.split_document("moura-massacre", doc, user=ANA)
    actions = [(e["action"], e["user"]) for e in store.audit_log("moura-massacre")]
    assert actions == [("merge", "ana"), ("split", "ana")]
    first = store.audit_log("moura-massacre")[0]
    assert first["before"]["other"]["event"] == other and len(first["after"]["documents"]) == 2
    assert new_id in {e["id"] for e in store.list_events()}


def test_reading_can_require_a_token(store: Store) -> None:
    token = store.add_user("ana", "reviewer")
    client = TestClient(create_app(Settings(db=store.url, read_token_required=True), store))
    assert client.get("/api/events").status_code == 401
    assert (
        client.get("/events/moura-massacre", follow_redirects=False).headers["location"] == "/login"
    )
    assert client.get("/login").status_code == 200 and client.get("/docs").status_code == 200
    ok = client.get("/api/events", headers={"Authorization": f"Bearer {token}"})
    assert ok.status_code == 200 and ok.json()["total"] == 1
    _signed_in(client, token)  # the session cookie opens the pages
    assert client.get("/map").status_code == 200


def test_every_endpoint_documents_its_response(store: Store) -> None:
    spec = TestClient(create_app(Settings(db=store.url), store)).get("/openapi.json").json()
    undocumented = []
    for path, methods in spec["paths"].items():
        for method, op in methods.items():
            ok = op["responses"].get("200") or op["responses"].get("201")
            content = (ok or {}).get("content", {})
            schema = content.get("application/json", {}).get("schema")
            binary = any(m != "application/json" for m in content)
            named = schema and ("$ref" in schema or "$ref" in schema.get("items", {}))
            if not binary and not named:
                undocumented.append(f"{method.upper()} {path}")
    assert undocumented == []
    assert "ErrorOut" in spec["components"]["schemas"]
    review = spec["paths"]["/api/claims/{claim_id}/review"]["post"]["responses"]
    assert {"200", "401", "404", "409"} <= set(review)


def test_the_reaction_timeline_sorts_and_sets_background_apart(store: Store) -> None:
    from conflictkb.api.data import reaction_timeline

    rec = store.get_record("moura-massacre")
    view = reaction_timeline(rec)
    days = [t["day"] for t in view["items"]]
    assert days == sorted(days) and len(days) >= 3
    start = rec["start_date"]
    assert all(t["day"].isoformat() < start for t in view["background"])
    assert all(t["day"].isoformat() >= start for t in view["current"])
    assert {t["lane"] for t in view["current"]} >= {"reaction"}  # reports and inquiries after
    assert all(20 <= t["x"] <= 980 for t in view["items"])
