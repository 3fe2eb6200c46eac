"""Merging narrative claims with infobox claims: a restatement corroborates, it does not add.

A narrative claim *restates* an infobox claim when the property is the same, the figure is the
same (its lower bound equals the infobox figure's, and its upper bound is equal or open), and
the claimants are compatible (they speak for the same party, ``claimant_norm``; or are equal
once case and accents are ignored; or either is unattributed).
It then gets ``corroborates = <infobox claim id>`` and is not counted again in the estimates.
"""

from __future__ import annotations

from ..model import Claim, ClaimOrigin, Event
from ..resolve.claimants import same_claimant

__all__ = ["link_corroborations", "merge_step"]


def _restates(n: Claim, i: Claim) -> bool:
    if n.property != i.property or not (n.parsed and i.parsed) or n.min is None:
        return False
    same_figure = n.min == i.min and (n.max is None or n.max == i.max)
    unattributed = n.claimant is None or i.claimant is None
    return same_figure and (unattributed or same_claimant(n, i))


def link_corroborations(claims: list[Claim]) -> int:
    """Mark narrative restatements of infobox claims; return how many were linked."""
    infobox = [c for c in claims if c.origin is ClaimOrigin.INFOBOX]
    linked = 0
    for n in claims:
        if n.origin is not ClaimOrigin.NARRATIVE or n.corroborates:
            continue
        match = next((i for i in infobox if _restates(n, i)), None)
        if match is not None:
            n.corroborates = match.id
            if n.claimant and match.claimant is None:
                n.note = (n.note + "; " if n.note else "") + f"names the claimant: {n.claimant}"
            linked += 1
    return linked


def merge_step(doc: object, event: Event) -> None:
    """Pipeline step: link corroborations once every extractor has run."""
    link_corroborations(event.claims)
