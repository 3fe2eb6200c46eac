"""The REST API and the web pages, in process (issue #5)."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from conflictkb.api.app import create_app
from conflictkb.assemble import infobox_pipeline
from conflictkb.ingest import ingest_paths
from conflictkb.settings import Settings
from conflictkb.store import Store

SAMPLES = Path(__file__).resolve().parent.parent / "src" / "conflictkb" / "data" / "samples"
EVIL = b"""= <script>alert('t')</script> massacre =

Infobox
- Conflict: <img src=x onerror=alert(1)>
- Place: Moura, Mali
- Casualties3: 300 civilians killed (per <b onmouseover=alert(2)>HRW</b>)
- Date: 2022-03-27

Attackers killed 12 people. <a href="javascript:alert(3)">link</a> <script>document.title='pwned'</script>
"""


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    folder = tmp_path_factory.mktemp("api")
    (folder / "evil.txt").write_bytes(EVIL)
    store = Store(str(folder / "kb.sqlite"))
    ingest_paths(store, [SAMPLES, folder / "evil.txt"], pipeline=infobox_pipeline())
    return TestClient(
        create_app(
            Settings(db=str(folder / "kb.sqlite"), api_token="s3cret", upload_limit=20000), store
        )
    )


def test_openapi_and_list(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert "/api/events" in spec["paths"] and "/api/events/{event_id}" in spec["paths"]
    data = client.get("/api/events", params={"limit": 3}).json()
    assert data["total"] == len(list(SAMPLES.glob("*.txt"))) + 1 and len(data["events"]) == 3
    page2 = client.get("/api/events", params={"limit": 3, "offset": 3}).json()["events"]
    assert {e["id"] for e in page2}.isdisjoint({e["id"] for e in data["events"]})
    # the keys of the pages beside: the same second page by seeking, and back
    seek = client.get("/api/events", params={"limit": 3, "after": data["next"]}).json()
    assert [e["id"] for e in seek["events"]] == [e["id"] for e in page2]
    back = client.get("/api/events", params={"limit": 3, "before": seek["previous"]}).json()
    assert back["events"] == data["events"] and back["previous"] is None
    last = client.get("/api/events", params={"limit": 3, "before": data["last"]}).json()
    assert last["next"] is None and len(last["events"]) == (data["total"] - 1) % 3 + 1
    html = client.get("/", params={"limit": 3, "after": data["next"]}).text
    assert 'rel="prev"' in html and 'rel="next"' in html and "Last page" in html
    bad = client.get("/api/events", params={"after": "garbage"})
    assert bad.status_code == 400 and "page key" in bad.json()["error"]["message"]


@pytest.mark.parametrize(
    ("params", "expect"),
    [
        ({"q": "walkie-talkie"}, ["moura-massacre"]),
        ({"country": "ML"}, None),
        ({"actor": "wagner"}, None),
        ({"date_from": "2022-03-01", "date_to": "2022-03-31", "country": "ML"}, None),
        ({"min_deaths": 5000}, None),
        ({"claimant": "Human Rights Watch"}, ["moura-massacre"]),
    ],
)
def test_filters(client: TestClient, params: dict[str, str], expect: list[str] | None) -> None:
    events = client.get("/api/events", params=params).json()["events"]
    assert events
    if expect:
        assert [e["id"] for e in events] == expect
    if "min_deaths" in params:
        assert all(e["deaths_best"] >= 5000 for e in events)


def test_event_claims_document(client: TestClient) -> None:
    rec = client.get("/api/events/moura-massacre").json()
    assert rec["title"] == "Moura massacre"
    claims = client.get("/api/events/moura-massacre/claims").json()
    doc = client.get(f"/api/documents/{rec['document']['sha256']}").json()
    for c in claims:
        assert doc["text"][c["span"][0] : c["span"][1]] == c["text"]


def test_one_error_shape(client: TestClient) -> None:
    for url in (
        "/api/events/nope",
        "/api/documents/nope",
        "/api/events?limit=0",
        "/api/export?format=xlsx",
        "/nowhere",
    ):
        r = client.get(url)
        assert r.status_code >= 400
        body = r.json()
        assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}, url


def test_export_formats(client: TestClient) -> None:
    ged = client.get("/api/export", params={"format": "ucdp-ged"})
    assert ged.status_code == 200 and ged.text.splitlines()[0].startswith("id,relid,year")
    assert len(client.get("/api/export", params={"format": "jsonl"}).text.splitlines()) >= 11


def test_upload_needs_token_and_limit(client: TestClient) -> None:
    body = (SAMPLES / "moura_massacre.txt").read_bytes()
    assert client.post("/api/documents", content=body).status_code == 401
    bad = client.post("/api/documents", content=body, headers={"Authorization": "Bearer nope"})
    assert bad.status_code == 401 and "token" in bad.json()["error"]["message"]
    big = client.post(
        "/api/documents", content=b"x" * 30000, headers={"Authorization": "Bearer s3cret"}
    )
    assert big.status_code == 413
    ok = client.post("/api/documents", content=body, headers={"Authorization": "Bearer s3cret"})
    assert ok.status_code == 201 and ok.json()["status"] == "duplicate"


def test_pages_and_security_headers(client: TestClient) -> None:
    page = client.get("/events/moura-massacre")
    assert page.status_code == 200
    csp = page.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    html = page.text
    assert 'class="nomap"' in html and 'id="map"' not in html  # not geocoded here: no pin
    assert "Human Rights Watch" in html and "low 505" in html
    assert client.get("/").status_code == 200 and "Moura massacre" in client.get("/").text


def test_untrusted_text_is_escaped(client: TestClient) -> None:
    events = client.get("/api/events", params={"q": "pwned"}).json()["events"]
    assert len(events) == 1
    for url in (f"/events/{events[0]['id']}", "/", "/?q=%3Cscript%3E"):
        html = client.get(url).text
        assert "<script>alert" not in html and "<script>document" not in html
        assert "<img src=x" not in html and "<b onmouseover" not in html
        assert 'href="javascript:' not in html
        assert "&lt;script&gt;" in html or url.startswith("/?q")
        scripts = [line for line in html.splitlines() if "<script" in line]
        assert all('src="/static/' in line for line in scripts)  # no inline script at all


def test_page_templates_read_dicts_as_jinja_does() -> None:
    """The pages' environment reads ``x.y`` of a dict without an exception (issue 17), with the
    values Jinja's own rule gives: dict methods stay methods, a missing key is undefined."""
    from jinja2 import Environment

    from conflictkb.api.jinja import PageEnvironment

    source = "{{ r.name }}|{{ r.items()|list|length }}|{{ r.missing is defined }}|{{ o.real }}"
    data = {"r": {"name": "Moura massacre", "items": "shadowed"}, "o": 3}
    fast, plain = (
        env.from_string(source).render(**data) for env in (PageEnvironment(), Environment())
    )
    assert fast == plain == "Moura massacre|2|False|3"
