"""Claimants as written, and the party each speaks for (``claimant_norm``)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from conflictkb.assemble import infobox_pipeline
from conflictkb.extract.registry import load_registry
from conflictkb.ingest import ingest_paths
from conflictkb.readers import read_document
from conflictkb.resolve.claimants import normalise_claimant
from conflictkb.store import SCHEMA_VERSION, EventFilter, Store

REGISTRY = load_registry()


@pytest.mark.parametrize(
    ("written", "country", "party"),
    [
        ("SOHR", None, "Syrian Observatory for Human Rights"),
        ("the Syrian Observatory", None, "Syrian Observatory for Human Rights"),
        ("US-based Human Rights Watch", None, "Human Rights Watch"),
        ("Russian", None, "Russia"),  # infobox "(Russian claim)"
        ("Russian Ministry of Defence", None, "Russia"),
        ("Russian military", "UA", "Russia"),  # the state's forces speak for the state
        ("Azerbaijani sources", None, "Azerbaijan"),
        ("Ukraine (first battle)", None, "Ukraine"),
        ("Nigerian army", None, "Nigerian government"),
        ("Colombian army", None, "Colombia"),  # no registry entry: the country's name
        ("government", "SY", "Syrian government"),  # bare: the event country's state
        ("the Army", "SY", "Syrian government"),
        ("Local officials", "UA", "Local officials"),  # not a state's voice: as written
        ("Arayik Harutyunyan", "AZ", "Arayik Harutyunyan"),
        ("opposition", "SY", "opposition"),
    ],
)
def test_normalise_claimant(written: str, country: str | None, party: str) -> None:
    assert normalise_claimant(written, REGISTRY, country) == party


def test_claims_carry_both_forms(corpus_dir: Path) -> None:
    # Siege of Mariupol: infobox figures "(per Ukraine)", "(per Russia)", "(per UN)" ...
    event = infobox_pipeline().run(
        read_document(corpus_dir / "ukraine__articles__siege_of_mariupol.txt")
    )
    attributed = [c for c in event.claims if c.claimant]
    assert attributed and all(c.claimant_norm for c in attributed)
    assert {"Russia", "Ukraine"} <= {c.claimant_norm for c in attributed}
    assert all(c.claimant_norm is None for c in event.claims if not c.claimant)


def test_store_migrates_and_keeps_claimant_norm(tmp_path: Path, seed_path: Path) -> None:
    db = tmp_path / "kb.sqlite"
    store = Store(str(db))
    ingest_paths(store, [seed_path], pipeline=infobox_pipeline())
    con = sqlite3.connect(db)
    rows = con.execute("SELECT claimant, claimant_norm FROM claims WHERE claimant IS NOT NULL")
    assert ("Human Rights Watch", "Human Rights Watch") in set(rows.fetchall())
    # A store made before the column existed (schema 4) gains it on opening.
    con.execute("DROP INDEX ix_claims_claimant_norm")
    con.execute("ALTER TABLE claims DROP COLUMN claimant_norm")
    con.execute("DELETE FROM schema_migrations WHERE version = 5")
    con.commit()
    con.close()
    assert Store(str(db)).schema_version() == SCHEMA_VERSION  # opening applied migration 5
    con = sqlite3.connect(db)
    assert "claimant_norm" in {r[1] for r in con.execute("PRAGMA table_info(claims)")}
    assert con.execute("SELECT name FROM schema_migrations WHERE version = 5").fetchone() == (
        "claimant_norm",
    )


def test_events_by_claimant(tmp_path: Path) -> None:
    samples = Path(__file__).resolve().parent.parent / "src" / "conflictkb" / "data" / "samples"
    store = Store(str(tmp_path / "kb.sqlite"))
    ingest_paths(store, [samples], pipeline=infobox_pipeline())
    # The 2019 Turkish offensive's infobox writes "(per SOHR)": found by the party's name
    ids = {r["id"] for r in store.list_events(EventFilter(claimant="Syrian Observatory"))}
    assert "2019-turkish-offensive-into-north-eastern-syria" in ids
    for event_id in ids:
        claims = store.get_record(event_id)["claims"]
        assert any("syrian observatory" in (c["claimant_norm"] or "").lower() for c in claims)
    hrw = {r["id"] for r in store.list_events(EventFilter(claimant="human rights watch"))}
    assert hrw == {"moura-massacre"}


def test_a_restatement_by_the_same_party_corroborates() -> None:
    from conflictkb.assemble.merge import link_corroborations
    from conflictkb.model import Claim, ClaimOrigin, Span

    def claim(origin: ClaimOrigin, who: str, start: int) -> Claim:
        c = Claim("deaths", 690, 690, "690 killed", Span(start, start + 10), origin, "test", "1",
                  claimant=who)  # fmt: skip
        c.claimant_norm = normalise_claimant(who, REGISTRY)
        return c

    infobox = claim(ClaimOrigin.INFOBOX, "SOHR", 0)
    body = claim(ClaimOrigin.NARRATIVE, "the Syrian Observatory", 100)
    other = claim(ClaimOrigin.NARRATIVE, "Turkey", 200)
    assert link_corroborations([infobox, body, other]) == 1
    assert body.corroborates == infobox.id and other.corroborates is None
