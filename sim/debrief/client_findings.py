"""Findings about keeping clients: neglected onboarding and hand-offs, and the churn they lead to.

Keeping a client is cheaper than winning one, so these costs are the contract value put at risk.
"""

from __future__ import annotations

from collections import defaultdict

from sim.debrief.cost_weights import CHURN_PER_SATISFACTION, ONBOARDING_NEGLECT, UNBRIEFED_HANDOFF
from sim.debrief.rep_review import RepReview
from sim.debrief.wording import plural


def new_clients(review: RepReview) -> None:
    """Onboarding weeks without a check-in and hand-offs without a briefing, per account."""
    per: dict[str, list[dict]] = defaultdict(list)
    for _, r in review.mine("client_neglected"):
        if r.get("onboarding"):
            per[r["account"]].append(r)
    for _, r in review.mine("handoff"):
        if not r.get("briefed", True):
            per[r["account"]].append(r)
    for account, rows in per.items():
        rows.sort(key=lambda r: r["t"])
        neglected = [r for r in rows if r["kind"] == "client_neglected"]
        unbriefed = [r for r in rows if r["kind"] == "handoff"]
        acv = review.acv(account, rows[0]["t"])
        lost = ONBOARDING_NEGLECT * len(neglected) + UNBRIEFED_HANDOFF * len(unbriefed)
        facts = []
        if neglected:
            facts.append(f"{plural(len(neglected), 'onboarding week')} without a check-in "
                         f"(satisfaction down to {neglected[-1]['satisfaction']:.2f})")
        if unbriefed:
            facts.append(f"handed to {review.book.rep_name(unbriefed[0]['to'])} without a briefing")
        review.add(rows[0]["t"], account, "neglected_new_client",
                   f"new client {review.book.name(account)}: " + "; ".join(facts),
                   acv * CHURN_PER_SATISFACTION * lost * review.book.size_factor(account), rows)


def churns(review: RepReview) -> None:
    """A client lost at renewal costs its yearly contract; the neglect before it is the evidence."""
    for _, r in review.mine("churned"):
        account = r["account"]
        neglect = [x for x in review.records if x["account"] == account and x["kind"] in ("client_neglected", "handoff")
                   and x["t"] <= r["t"]]
        weeks = sum(x["kind"] == "client_neglected" for x in neglect)
        review.add(r["t"], account, "churn",
                   f"{review.book.name(account)} did not renew (satisfaction {r['satisfaction']:.2f}), taking "
                   f"{review.book.money(r['acv'])} a year with it"
                   + (f" after {plural(weeks, 'neglected week')}" if weeks else ""),
                   r["acv"], [r, *neglect])
