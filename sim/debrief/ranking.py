"""Every rule over one rep's log, gathered into one list ranked by what the moment cost."""

from __future__ import annotations

from collections.abc import Iterable

from sim.debrief.client_findings import churns, new_clients
from sim.debrief.negotiation_findings import negotiations
from sim.debrief.pipeline_findings import cadence, misfits, news, non_deciders
from sim.debrief.principles import Finding
from sim.debrief.prospecting_findings import shared_contacts, slow_leads
from sim.debrief.rep_review import RepReview
from sim.scenario import schema as sc

RULES = (slow_leads, cadence, misfits, non_deciders, negotiations, new_clients, news, shared_contacts, churns)
"""In filing order, which breaks ties the ranking leaves (the sort is stable): keep it when adding rules."""


def findings(records: Iterable[dict], scenario: sc.Scenario, rep_id: str) -> list[Finding]:
    """The debrief of one rep, most costly first: each a dated fact, its lesson, its cost and proof."""
    records = list(records)
    review = RepReview(records, scenario, rep_id)
    for rule in RULES:
        rule(review)
    return sorted(review.found, key=lambda f: (-f.cost, f.t, f.kind, f.account or ""))
