"""Low / best / high estimates derived from claims. The rule is written in docs/estimates.md.

In short, per property:

1. Use only claims that count: parsed, not rejected by a reviewer, not a restatement
   (corroboration) of another claim, not superseded by a later figure of the same party in
   another document. Where a document's infobox states figures for a property, those (and any
   a reviewer confirmed or edited) are the ones used from that document; its running text then
   corroborates. Other documents' figures still count.
2. Put each claim in a *scope*: its side and its effective victim category (stated category;
   if unknown, combatants for sides 1-2 and civilians for side 3).
3. Per scope: each claim is an interval [lo, hi] (lo = min or 0 when only a maximum is given;
   hi = max, or min when open-ended). low = smallest lo, high = largest hi, best = the lower
   median of the claims' point values (midpoint of the interval, rounded down; the lower
   bound for open-ended claims). Duplicate figures from one claimant count once (claimants
   compared by the party they speak for, ``claimant_norm``).
4. Totals: the sum over sided scopes. Unsided scopes (typical of running text) are added only
   when the property has no sided claim at all; otherwise they are shown, not summed (they
   would count the same dead twice). Unsided combatants are two groups, state forces and the
   others ("one soldier and four militants" is 5). An unsided figure of unknown victims ("12
   people") and figures of known groups are not added: the unknown one is the total when it
   is at least their sum, else the known groups are summed.
5. A breakdown ("(including 3 soldiers)", note ``BREAKDOWN``) is shown, never summed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from ..extract.vocab import state_forces
from ..model import BREAKDOWN, Claim, ClaimOrigin, Estimate, ReviewStatus, VictimCategory

__all__ = ["ESTIMATED_PROPERTIES", "compute_estimates", "effective_category"]

ESTIMATED_PROPERTIES = ("deaths", "injured", "captured", "missing", "displaced", "strength")

Scope = tuple[int | None, str]


def effective_category(claim: Claim) -> str:
    if claim.property == "strength":
        return "all"
    if claim.category_norm is not VictimCategory.UNKNOWN:
        return claim.category_norm.value
    if claim.side in (1, 2):
        return VictimCategory.COMBATANTS.value
    if claim.side == 3:
        return VictimCategory.CIVILIANS.value
    return VictimCategory.UNKNOWN.value


def _interval(c: Claim) -> tuple[int, int, int]:
    lo = c.min if c.min is not None else 0
    hi = c.max if c.max is not None else lo
    point = lo if c.max is None else (lo + hi) // 2
    return lo, hi, point


def _scope_estimate(claims: list[Claim]) -> dict[str, object]:
    seen: set[tuple[str | None, int | None, int | None]] = set()
    intervals: list[tuple[int, int, int]] = []
    claimants: list[str] = []
    for c in claims:
        key = (c.party, c.min, c.max)
        if key in seen:
            continue
        seen.add(key)
        intervals.append(_interval(c))
        if c.party and c.party not in claimants:
            claimants.append(c.party)
    points = sorted(p for _, _, p in intervals)
    return {
        "low": min(lo for lo, _, _ in intervals),
        "best": points[(len(points) - 1) // 2],
        "high": max(hi for _, hi, _ in intervals),
        "claims": len(intervals),
        "claimants": claimants,
    }


def _usable(claims: Iterable[Claim]) -> list[Claim]:
    """Counting claims; where an infobox states a property, its figures (and the figures a
    reviewer confirmed or edited) are the ones summed: running text is then corroboration."""
    usable = [c for c in claims if c.counts and not (c.min is None and c.max is None)
              and c.property in ESTIMATED_PROPERTIES and c.note != BREAKDOWN]  # fmt: skip
    boxed = {(c.document_id, c.property) for c in usable if c.origin is ClaimOrigin.INFOBOX}
    reviewed = (ReviewStatus.CONFIRMED, ReviewStatus.EDITED)
    return [c for c in usable if (c.document_id, c.property) not in boxed
            or c.origin is ClaimOrigin.INFOBOX or c.review_status in reviewed]  # fmt: skip


def _category(c: Claim) -> str:
    """The scope category; unsided combatants are split into state forces and the others,
    so "one soldier and four militants" are two groups (summed), not two estimates of one."""
    cat = effective_category(c)
    if c.side is None and cat == VictimCategory.COMBATANTS.value and c.category:
        return "combatants: state forces" if state_forces(c.category) else (
            "combatants: others")  # fmt: skip
    return cat


def compute_estimates(claims: Iterable[Claim]) -> dict[str, Estimate]:
    """Estimates for every property that has at least one counting claim."""
    by_prop: dict[str, dict[Scope, list[Claim]]] = defaultdict(lambda: defaultdict(list))
    for c in _usable(claims):
        by_prop[c.property][(c.side, _category(c))].append(c)
    out: dict[str, Estimate] = {}
    for prop in ESTIMATED_PROPERTIES:
        if prop in by_prop:
            out[prop] = _total(by_prop[prop])
    return out


def _total(scopes: dict[Scope, list[Claim]]) -> Estimate:
    details: list[dict[str, object]] = []
    any_sided = any(side is not None for (side, _cat) in scopes)
    ests = {k: _scope_estimate(v) for k, v in scopes.items()}
    known = sum(int(e["best"]) for (side, cat), e in ests.items()  # type: ignore[call-overload]
                if side is None and cat != VictimCategory.UNKNOWN.value)  # fmt: skip
    unknown = ests.get((None, VictimCategory.UNKNOWN.value))
    total_is_unknown = unknown is not None and known and int(unknown["best"]) >= known  # type: ignore[call-overload]
    low = best = high = 0
    for side, cat in sorted(scopes, key=lambda k: (k[0] or 9, k[1])):
        est = ests[(side, cat)]
        included = side is not None or not any_sided
        if side is None and included and unknown is not None and known:
            # "12 people (including 3 soldiers)": the unknown figure is the total when it is
            # at least the sum of the known groups; else the known groups are summed.
            included = (cat == VictimCategory.UNKNOWN.value) == bool(total_is_unknown)
        details.append({"side": side, "category": cat, "included": included, **est})
        if included:
            low += int(est["low"])  # type: ignore[call-overload]
            best += int(est["best"])  # type: ignore[call-overload]
            high += int(est["high"])  # type: ignore[call-overload]
    return Estimate(low=low, best=best, high=high, scopes=details)
