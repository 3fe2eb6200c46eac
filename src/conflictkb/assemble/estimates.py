"""Low / best / high estimates derived from claims. The rule is written in docs/estimates.md.

In short, per property:

1. Use only claims that count: parsed, not rejected by a reviewer, not a restatement
   (corroboration) of another claim. Where the infobox states figures for a property, those
   (and any a reviewer confirmed or edited) are the ones used; running text then corroborates.
2. Put each claim in a *scope*: its side and its effective victim category (stated category;
   if unknown, combatants for sides 1-2 and civilians for side 3).
3. Per scope: each claim is an interval [lo, hi] (lo = min or 0 when only a maximum is given;
   hi = max, or min when open-ended). low = smallest lo, high = largest hi, best = the lower
   median of the claims' point values (midpoint of the interval, rounded down; the lower
   bound for open-ended claims). Duplicate figures from one claimant count once (claimants
   compared by the party they speak for, ``claimant_norm``).
4. Totals: the sum over sided scopes. Unsided scopes (typical of running text) are added only
   when the property has no sided claim at all; otherwise they are shown, not summed (they
   would count the same dead twice).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from ..model import Claim, ClaimOrigin, Estimate, ReviewStatus, VictimCategory

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
              and c.property in ESTIMATED_PROPERTIES]  # fmt: skip
    boxed = {c.property for c in usable if c.origin is ClaimOrigin.INFOBOX}
    reviewed = (ReviewStatus.CONFIRMED, ReviewStatus.EDITED)
    return [c for c in usable if c.property not in boxed or c.origin is ClaimOrigin.INFOBOX
            or c.review_status in reviewed]  # fmt: skip


def compute_estimates(claims: Iterable[Claim]) -> dict[str, Estimate]:
    """Estimates for every property that has at least one counting claim."""
    by_prop: dict[str, dict[Scope, list[Claim]]] = defaultdict(lambda: defaultdict(list))
    for c in _usable(claims):
        by_prop[c.property][(c.side, effective_category(c))].append(c)
    out: dict[str, Estimate] = {}
    for prop in ESTIMATED_PROPERTIES:
        if prop in by_prop:
            out[prop] = _total(by_prop[prop])
    return out


def _total(scopes: dict[Scope, list[Claim]]) -> Estimate:
    details: list[dict[str, object]] = []
    any_sided = any(side is not None for (side, _cat) in scopes)
    low = best = high = 0
    for (side, cat), claims in sorted(scopes.items(), key=lambda kv: (kv[0][0] or 9, kv[0][1])):
        est = _scope_estimate(claims)
        included = side is not None or not any_sided
        details.append({"side": side, "category": cat, "included": included, **est})
        if included:
            low += int(est["low"])  # type: ignore[call-overload]
            best += int(est["best"])  # type: ignore[call-overload]
            high += int(est["high"])  # type: ignore[call-overload]
    return Estimate(low=low, best=best, high=high, scopes=details)
