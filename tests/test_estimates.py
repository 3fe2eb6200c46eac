"""Estimates derived from claims by the rule of docs/estimates.md (issue #2)."""

from __future__ import annotations

from pathlib import Path

from conflictkb.assemble import compute_estimates, infobox_pipeline
from conflictkb.model import Claim, ClaimOrigin, ReviewStatus, Span, VictimCategory
from conflictkb.readers import read_document


def _claim(mn: int | None, mx: int | None, side: int | None = None, who: str | None = None,
           cat: VictimCategory = VictimCategory.UNKNOWN, prop: str = "deaths") -> Claim:  # fmt: skip
    return Claim(prop, mn, mx, "x", Span(0, 1), ClaimOrigin.INFOBOX, "test", "1",
                 side=side, claimant=who, category_norm=cat)  # fmt: skip


def test_seed_estimates(seed_path: Path) -> None:
    ev = infobox_pipeline().run(read_document(seed_path))
    deaths = ev.estimates["deaths"]
    # side 1: 2+, side 2: 203, civilians (side 3): 300 (HRW) vs 500 (UN) -> lower median 300.
    assert (deaths.low, deaths.best, deaths.high) == (2 + 203 + 300, 2 + 203 + 300, 2 + 203 + 500)
    civ = next(s for s in deaths.scopes if s["side"] == 3)
    assert civ["claimants"] == ["Human Rights Watch", "United Nations"]  # the parties, normalised
    assert ev.estimates["captured"].best == 51


def test_one_party_under_two_names_counts_once() -> None:
    a, b = _claim(690, 690, 1, "SOHR"), _claim(690, 690, 1, "Syrian Observatory")
    a.claimant_norm = b.claimant_norm = "Syrian Observatory for Human Rights"
    d = compute_estimates([a, b, _claim(1000, 1000, 1, "ISIL")])["deaths"]
    assert d.scopes[0]["claims"] == 2 and (d.low, d.best, d.high) == (690, 690, 1000)


def test_disagreement_kept_as_range() -> None:
    est = compute_estimates([_claim(91, 91, 1, "Armenia"), _claim(560, 560, 1, "Azerbaijan")])
    d = est["deaths"]
    assert (d.low, d.best, d.high) == (91, 91, 560)


def test_median_of_three() -> None:
    claims = [
        _claim(690, 690, 1, "SOHR"),
        _claim(655, 655, 1, "SDF"),
        _claim(1000, 1000, 1, "ISIL"),
    ]
    d = compute_estimates(claims)["deaths"]
    assert (d.low, d.best, d.high) == (655, 690, 1000)


def test_ranges_and_open_ends() -> None:
    d = compute_estimates([_claim(31, 94, 2), _claim(500, 1500, 2, "Armenia")])["deaths"]
    assert (d.low, d.best, d.high) == (31, 62, 1500)
    d = compute_estimates([_claim(300, None, 3)])["deaths"]
    assert (d.low, d.best, d.high) == (300, 300, 300)


def test_civilians_and_troops_of_one_side_add_up() -> None:
    claims = [_claim(91, 91, 1, cat=VictimCategory.COMBATANTS),
              _claim(9, 9, 1, cat=VictimCategory.CIVILIANS)]  # fmt: skip
    assert compute_estimates(claims)["deaths"].best == 100


def test_unsided_claims_do_not_double_count() -> None:
    sided = _claim(300, 300, 3, "HRW", VictimCategory.CIVILIANS)
    unsided = _claim(300, None, None, "Human Rights Watch", VictimCategory.CIVILIANS)
    d = compute_estimates([sided, unsided])["deaths"]
    assert d.best == 300
    only = compute_estimates([unsided, _claim(2, None, None, cat=VictimCategory.COMBATANTS)])
    assert only["deaths"].best == 302


def test_rejected_and_corroborating_claims_do_not_count() -> None:
    a, b = _claim(300, 300, 3, "HRW"), _claim(500, 500, 3, "UN")
    b.review_status = ReviewStatus.REJECTED
    c = _claim(300, 300, 3, "HRW")
    c.corroborates = a.id
    d = compute_estimates([a, b, c])["deaths"]
    assert (d.low, d.best, d.high) == (300, 300, 300)


def test_unparsed_and_other_properties_ignored() -> None:
    u = _claim(None, None, 1)
    u.parsed = False
    est = compute_estimates([u, _claim(14, 14, 1, prop="materiel")])
    assert est == {}
