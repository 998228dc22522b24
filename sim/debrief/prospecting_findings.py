"""Findings about openings handed to the rep: inbound leads answered late, shared contacts mistreated.

A campaign's lead loses its chance to qualify within minutes, and a colleague's or client's
introduction is their credibility on loan: both are lost by how the rep first treats them.
"""

from __future__ import annotations

from sim.debrief.cost_weights import (
    CHURN_PER_SATISFACTION,
    CLIENT_MISTREATED,
    INTRO_CHANCE_PER_POINT,
    LEAD_PROMPT_HOURS,
)
from sim.debrief.rep_review import RepReview
from sim.debrief.wording import duration
from sim.leads import qualify_chance


def slow_leads(review: RepReview) -> None:
    """A lead's first contact later than the target (calendar hours), or never."""
    target = review.scenario.targets.lead_response_hours
    reference = min(LEAD_PROMPT_HOURS, target)
    for _, lead in review.mine("lead_arrived"):
        account = lead["account"]
        quality = lead.get("quality") or "warm"
        first = next((r for r in review.records if r["kind"] == "contact_attempt" and r["account"] == account), None)
        campaign = next((c.name for c in review.scenario.campaigns if c.id == lead.get("campaign")), None)
        name = review.book.name(account) + (f" from {campaign}" if campaign else "")
        if first is not None:
            waited = first["waited_calendar_hours"]
            if waited is None:
                waited = review.clock.calendar_hours(lead["t"], first["t"])
            if waited <= target:
                continue
            fact = (f"the {quality} inbound lead {name} waited {duration(waited)} before first contact "
                    f"(target {duration(target)}); first contact {review.clock.label(first['t'])} by {first['channel']}")
            evidence = (lead, first)
        else:
            closed = next((r for r in review.records if r["account"] == account and r["t"] >= lead["t"]
                           and r["kind"] in ("deal_lost", "deal_no_decision")), None)
            until = closed["t"] if closed else review.end
            waited = review.clock.calendar_hours(lead["t"], until)
            if waited <= target:
                continue
            fact = (f"the {quality} inbound lead {name} was never contacted; it waited {duration(waited)} "
                    + (f"until it was lost ({closed['why']})" if closed else "to the end of the log"))
            evidence = (lead,) + ((closed,) if closed else ())
        lost = qualify_chance(quality, reference) - qualify_chance(quality, waited)
        value = review.book.value(account)
        fact += (f": a reply within {duration(reference)} had a {qualify_chance(quality, reference):.1%} chance to "
                 f"qualify it, at this delay {qualify_chance(quality, waited):.2%}")
        review.add(lead["t"], account, "slow_lead_response", fact, value * lost, evidence)


def shared_contacts(review: RepReview) -> None:
    """`shared_contact_mistreated`: what the sharer (a colleague's relationship, a client's goodwill) lost."""
    for _, r in review.mine("shared_contact_mistreated"):
        account = r["account"]
        if r.get("via_kind") == "client":
            sharer = review.book.name(r["sharer"])
            cost = review.acv(r["sharer"], r["t"]) * CHURN_PER_SATISFACTION * CLIENT_MISTREATED
            who = f"the client {sharer}, who lost satisfaction and stopped recommending us"
        else:
            sharer = review.book.rep_name(r["sharer"])
            cost = review.book.value(account) * INTRO_CHANCE_PER_POINT * 2
            who = f"your colleague {sharer}, whose relationship there dropped two points"
        review.add(r["t"], account, "shared_contact_mistreated",
                   f"{review.book.name(account)}, introduced by {sharer}, was annoyed past the point of no return; "
                   f"the cost falls on {who}", cost, [r])
