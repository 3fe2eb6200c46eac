"""The workbench in a real browser (issue #15): Debian's chromium driven by Playwright, a real
uvicorn server on loopback, the real Moura article and reports. No request leaves 127.0.0.1."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conflictkb.store import Store

from .serving import serving
from .test_browser import CHROMIUM, OUT, REPORTS, ROOT

SAMPLES = ROOT / "src" / "conflictkb" / "data" / "samples"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed"),
]


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    db = str(tmp_path_factory.mktemp("bench") / "kb.sqlite")
    env = {**os.environ, "CONFLICTKB_DB": db}
    cli = [sys.executable, "-m", "conflictkb"]
    subprocess.run([*cli, "ingest", str(SAMPLES), str(REPORTS)], check=True, env=env,
                   capture_output=True, timeout=600)  # fmt: skip
    token = subprocess.run([*cli, "user", "add", "ana", "--role", "reviewer"], check=True,
                           env=env, capture_output=True, text=True).stdout.strip()  # fmt: skip
    with Store(db) as store:  # the HRW report split off: the reviewer merges it back
        rec = store.get_record("moura-massacre")
        hrw = next(d["sha256"] for d in rec["documents"] if d["source"] == "Human Rights Watch")
        split_id, _ = store.split_document("moura-massacre", hrw, user="setup")
    with serving(env) as url:
        yield {"url": url, "token": token, "split": split_id}


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    OUT.mkdir(exist_ok=True)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM,
                              args=["--no-sandbox", "--headless", "--disable-gpu",
                                    "--disable-background-networking"])  # fmt: skip
        yield b
        b.close()


def _csp_violation(message: str) -> bool:
    """A CSP violation, except Redoc's "powered by" logo from its CDN, which the policy is
    meant to block (the documentation renders without it)."""
    return "Content Security Policy" in message and "cdn.redoc.ly" not in message


def _page(browser: Any, blocked: list[str], errors: list[str]) -> Any:
    """A page that may talk to loopback only (everything else is aborted and recorded)."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})

    def route(r: Any) -> None:
        if r.request.url.startswith(("http://127.0.0.1", "data:", "blob:")):
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if _csp_violation(m.text) else None)
    return page


def _deaths(page: Any) -> str:
    return str(page.locator("section.claims h3:has-text('deaths') .estimate").first.inner_text())


def _row(page: Any, claim: dict[str, Any]) -> Any:
    return page.locator(f"#row-{claim['id']}")


def test_reviewer_rejects_edits_merges_and_finds_the_audit(
    browser: Any, served: dict[str, str]
) -> None:
    url, blocked, errors = served["url"], [], []
    page = _page(browser, blocked, errors)
    rec = page.request.get(f"{url}/api/events/moura-massacre").json()
    hrw = next(c for c in rec["claims"] if c["origin"] == "infobox" and c["min"] == 300)
    un = next(c for c in rec["claims"] if c["origin"] == "infobox" and c["min"] == 500)

    # without a token: read-only, and the endpoints refuse
    page.goto(f"{url}/events/moura-massacre")
    assert page.locator("form.review, #merge-form, form.actor-form, form.split").count() == 0
    refused = page.request.post(f"{url}/api/claims/{hrw['id']}/review", data={"status": "rejected"})
    assert refused.status == 401
    form_refused = page.request.post(f"{url}/ui/claims/{hrw['id']}",
                                     form={"action": "reject", "csrf": "x"})  # fmt: skip
    assert form_refused.status == 401

    page.goto(f"{url}/login")
    page.fill("#token", served["token"])
    page.click("#signin")
    page.wait_for_selector(".done")
    assert "ana (reviewer)" in page.locator("header").inner_text()

    page.goto(f"{url}/events/moura-massacre")
    before = _deaths(page)
    _row(page, hrw).locator("input[name=comment]").fill("<script>alert('x')</script>")
    _row(page, hrw).locator("button.reject").click()
    page.wait_for_selector(".done")
    assert "rejected" in _row(page, hrw).locator(".status").inner_text()
    after_reject = _deaths(page)
    assert after_reject != before

    row = _row(page, un)
    row.locator("summary").click()
    row.locator("input[name=min]").fill("450")
    row.locator("input[name=max]").fill("450")
    row.locator("button.edit").click()
    page.wait_for_selector(".done")
    assert "edited" in _row(page, un).locator(".status").inner_text()
    assert _deaths(page) != after_reject
    page.screenshot(path=str(OUT / "workbench-reviewed.png"), full_page=False)

    assert page.locator("table.documents tbody tr").count() == 2
    page.fill("#merge-other", served["split"])
    page.click("#merge-submit")
    page.wait_for_selector(".done")
    assert page.locator("table.documents tbody tr").count() == 3

    page.click("#audit-link")
    page.wait_for_selector("#audit")
    actions = [r.get_attribute("data-action") for r in page.locator("tr.audit-row").all()]
    assert {"claim-rejected", "claim-edited", "merge"} <= set(actions)
    assert page.locator("#audit").inner_text().count("ana") >= 3
    assert page.evaluate("document.title").startswith("Audit log")  # the payload stayed text
    assert errors == [] and blocked == []
    page.close()


def test_docs_and_the_map_of_all_events_render_offline(
    browser: Any, served: dict[str, str]
) -> None:
    url, blocked, errors = served["url"], [], []
    page = _page(browser, blocked, errors)
    page.goto(f"{url}/docs")
    page.wait_for_selector(".swagger-ui .opblock", timeout=20000)
    assert page.locator(".swagger-ui .opblock").count() >= 15
    assert "/api/claims/{claim_id}/review" in page.locator(".swagger-ui").inner_text()
    page.screenshot(path=str(OUT / "api-docs.png"))
    page.goto(f"{url}/redoc")
    page.wait_for_selector("#redoc h1", timeout=20000)
    assert "conflictkb" in page.locator("#redoc h1").first.inner_text()

    page.goto(f"{url}/map")
    page.wait_for_selector("#allmap[data-ready]", timeout=20000)
    shown = int(page.locator("#allmap").get_attribute("data-ready") or 0)
    assert shown >= 10  # the sample corpus: every event placed on a point
    markers = page.locator(".leaflet-marker-icon.marker-cluster, .leaflet-interactive")
    assert markers.count() >= 3
    assert page.locator("#legend li").count() >= 2  # colours by event type
    page.screenshot(path=str(OUT / "map-all-events.png"))
    page.goto(f"{url}/map?country=ML")  # the same facets as the list, in the URL
    page.wait_for_selector("#allmap[data-ready]", timeout=20000)
    mali = page.request.get(f"{url}/api/map?country=ML").json()
    assert all(e[2] > 10 and e[3] < 0 for e in mali["events"])  # all in Mali (lat, lon)
    assert page.locator("#allmap").get_attribute("data-ready") == str(mali["shown"])
    assert 1 <= mali["shown"] < shown
    page.goto(f"{url}/timeline")
    assert page.locator("svg.timeline-svg rect.bar").count() >= 8
    page.goto(f"{url}/events/moura-massacre")
    assert page.locator("svg.timeline-svg circle.dot").count() >= 1
    assert errors == [] and blocked == []
    page.close()
