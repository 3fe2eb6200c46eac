"""The explorer in a real browser: Debian's chromium driven by Playwright (issue #5)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from .serving import serving

CHROMIUM = "/usr/bin/chromium"
ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "src" / "conflictkb" / "data" / "samples" / "moura_massacre.txt"
REPORTS = ROOT / "src" / "conflictkb" / "data" / "reports"
OUT = ROOT / "test-output"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not Path(CHROMIUM).exists(),
        reason="Debian's chromium is not installed (make test installs it)",
    ),
]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db = str(tmp_path_factory.mktemp("web") / "kb.sqlite")
    env = {**os.environ, "CONFLICTKB_DB": db}
    subprocess.run([sys.executable, "-m", "conflictkb", "ingest", str(SEED), str(REPORTS)],
                   check=True, env=env, capture_output=True, timeout=300)  # fmt: skip
    with serving(env) as url:
        yield url


def test_click_figure_highlights_its_sentence(server: str) -> None:
    from playwright.sync_api import sync_playwright

    OUT.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking"],
        )
        page = browser.new_page(viewport={"width": 1200, "height": 900})
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(f"{server}/events/moura-massacre")
        page.wait_for_selector(
            ".leaflet-marker-icon", timeout=15000
        )  # the pin, on the offline base map
        assert page.locator(".leaflet-overlay-pane path").count() > 50  # country outlines drawn
        button = page.locator('button.figure[data-claimant="Human Rights Watch"]').first
        button.click()
        active = page.locator("mark.active").first
        active.wait_for(timeout=5000)
        assert "300 civilians killed" in active.inner_text()
        assert active.is_visible()
        box = active.bounding_box()
        source = page.locator("#source").bounding_box()
        assert box is not None and source is not None
        assert source["y"] - 5 <= box["y"] <= source["y"] + source["height"]  # scrolled into view
        page.screenshot(path=str(OUT / "moura-event.png"), full_page=False)
        # Issue 14: the two reports joined the article's event, each source's text shown with
        # its own claims; a figure of the HRW report leads to the HRW text.
        assert page.locator("table.documents tbody tr").count() == 3
        assert page.locator("pre.source").count() == 3
        rec = page.request.get(f"{server}/api/events/moura-massacre").json()
        report = next(d["sha256"] for d in rec["documents"] if d["source"] == "Human Rights Watch")
        claim = next(c for c in rec["claims"] if c["document_id"] == report and c["min"] == 300)
        page.locator(f'button.figure[data-target="claim-{claim["id"]}"]').click()
        mark = page.locator("mark.active").first
        mark.wait_for(timeout=5000)
        assert "300 civilian men" in mark.inner_text() and mark.is_visible()
        assert errors == []
        browser.close()
