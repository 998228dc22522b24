"""Findings about the negotiating table: preparation, concessions without return, the walk-away, value left.

A negotiation is judged against the benchmarks the table itself computes (the Nash point, the
Pareto frontier, our walk-away), so a deal that looks won can still teach a lesson.
"""

from __future__ import annotations

from sim.debrief.cost_weights import CONCESSION_STEP, UTILITY_VALUE, VALUE_LEFT_THRESHOLD
from sim.debrief.rep_review import RepReview
from sim.debrief.wording import plural
from sim.negotiation.issues import DEFAULT_ISSUES
from sim.negotiation.table import REP_BATNA


def negotiations(review: RepReview) -> None:
    """Per negotiation: unprepared, concessions without commitments, below the walk-away, value left."""
    prepared: dict[str, dict] = {}
    for i, r in enumerate(review.records):
        if r.get("rep") != review.rep:
            continue
        if r["kind"] == "negotiation_prepared":
            prepared[r["account"]] = r
        elif r["kind"] == "negotiation_ended":
            _one_negotiation(review, i, r, prepared.pop(r["account"], None))
    for _, r in review.mine("deal_won"):
        if r.get("negotiated") is None and r.get("discount", 0) > 0 and not _committed(r):
            _discount_for_nothing(review, r, None, None)


def _committed(won: dict) -> bool:
    return won.get("contract_months", 12) > 12 or bool(won.get("reference"))


def _one_negotiation(review: RepReview, index: int, ended: dict, prep: dict | None) -> None:
    account = ended["account"]
    won = next((r for r in review.records[index:] if r["kind"] == "deal_won" and r["account"] == account), None)
    value = won["acv"] / max(0.01, 1 - won["discount"]) if won else review.book.value(account)
    name = review.book.name(account)
    nash_rep = (ended.get("nash_utilities") or [0.0, 0.0])[0]
    if prep is not None and not prep.get("prepared", True):
        got = ended["rep_utility"] if ended.get("rep_utility") is not None else prep.get("batna", REP_BATNA)
        gap = max(0.05, nash_rep - got)
        outcome = f"the table ended in {ended['end_reason'].replace('_', ' ')}"
        if ended.get("rep_utility") is not None:
            outcome += f" with {ended['rep_utility']:.2f} of utility for us against {nash_rep:.2f} at the Nash point"
        review.add(prep["t"], account, "unprepared_negotiation",
                   f"you sat down to negotiate with {name} without a prepared start, ideal or walk-away; {outcome}",
                   value * UTILITY_VALUE * gap, [prep, ended])
    commitments = ended.get("commitments_obtained")
    discount = won["discount"] if won else 0.0
    unconditional = ended.get("unconditional_concessions", 0) or 0
    no_return = discount > 0 and commitments is not None and commitments <= 0
    if unconditional > 0 or no_return:
        _discount_for_nothing(review, won, ended, value if won is None else None)
    if ended.get("rep_utility") is not None and ended["rep_utility"] < REP_BATNA:
        stated = f" (your stated walk-away was {prep['batna']:.2f})" if prep else ""
        review.add(ended["t"], account, "below_batna",
                   f"you agreed with {name} on terms worth {ended['rep_utility']:.2f} to us, below our walk-away "
                   f"of {REP_BATNA:.2f}{stated}: walking away would have been better",
                   value * UTILITY_VALUE * (REP_BATNA - ended["rep_utility"]), [r for r in (prep, ended) if r])
    left = ended.get("value_left")
    if left is not None and left > VALUE_LEFT_THRESHOLD:
        review.add(ended["t"], account, "value_left_on_table",
                   f"the agreement with {name} left {left:.2f} of joint utility on the table: terms better for "
                   f"both sides existed (ours {ended['rep_utility']:.2f}, theirs {ended['buyer_utility']:.2f}; "
                   f"Nash point {nash_rep:.2f} / {(ended.get('nash_utilities') or [0, 0])[1]:.2f})",
                   value * UTILITY_VALUE * left / 2, [ended])


def _terms(review: RepReview, terms: dict[str, str]) -> str:
    """Agreed terms in the order of the issues (a JSON round trip sorts the keys)."""
    issues = [(i.id, i.name) for i in review.scenario.negotiation.issues] or [(i.id, i.name) for i in DEFAULT_ISSUES]
    order = {ident: n for n, (ident, _) in enumerate(issues)}
    names = dict(issues)
    keys = sorted(terms, key=lambda k: (order.get(k, len(order)), k))
    return ", ".join(f"{names.get(k, k).lower()} {terms[k]}" for k in keys)


def _discount_for_nothing(review: RepReview, won: dict | None, ended: dict | None, value: float | None) -> None:
    """A discount granted with no commitment in return, or concessions made without asking back."""
    record = won if won is not None else ended
    account = record["account"]
    name = review.book.name(account)
    facts, cost = [], 0.0
    if won is not None and won.get("discount", 0) > 0:
        committed = (ended["commitments_obtained"] > 0) if ended is not None and ended.get(
            "commitments_obtained") is not None else _committed(won)
        if not committed:
            list_value = won["acv"] / max(0.01, 1 - won["discount"])
            facts.append(f"{name} signed with a {won['discount']:.0%} discount and no commitment in return "
                         f"({review.book.money(list_value * won['discount'])} a year given for nothing)")
            cost = list_value * won["discount"]
    unconditional = (ended or {}).get("unconditional_concessions", 0) or 0
    if unconditional:
        deal = value if value is not None else won["acv"] / max(0.01, 1 - won["discount"])
        terms = (ended or {}).get("agreement_terms")
        shown = f" (final terms: {_terms(review, terms)})" if terms else ""
        facts.append(f"at the table with {name} you made {plural(unconditional, 'concession')} without asking "
                     f"anything back{shown}")
        cost = max(cost, unconditional * CONCESSION_STEP * deal)
    if not facts:
        return
    t = ended["t"] if ended is not None else won["t"]
    review.add(t, account, "unconditional_concession", "; ".join(facts), cost,
               [r for r in (ended, won) if r is not None])
