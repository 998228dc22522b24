"""The negotiation table inside the engine: a proposal accepted in principle opens it.

Builds the buyer of an account (private weights, a BATNA from the competitor's offer, a
tactic), runs the rounds as a SimPy process — each round costs calendar time, the bad cop
takes the manager — and turns the outcome into deal terms or a loss.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.negotiation.analysis import analyse
from sim.negotiation.issues import DEFAULT_ISSUES, Issue, Outcome, describe
from sim.negotiation.preferences import Preferences, random_weights
from sim.negotiation.protocol import Move, Session
from sim.negotiation.runner import play_round
from sim.negotiation.tactics import Negotiator, TimeDependent, TitForTat

if TYPE_CHECKING:
    from sim.accounts import Account
    from sim.reps import Rep
    from sim.world import World

REP_WEIGHTS = {
    "discount": 0.28, "payment_days": 0.07, "cost": 0.1, "price_protection": 0.05, "contract_months": 0.2,
    "volume": 0.18, "upsell": 0.15, "reference": 0.07, "sign_this_quarter": 0.05, "none": 0.08,
}
"""What the company values, by an issue's effect: discount costs margin most; a longer, bigger contract pays most."""
REP_BATNA = 0.25
COMPETITOR_HAZARD = 0.06
COMPETITOR_HAZARD_PRESSURE = 0.08
"""Chance per round that the competitor closes first: base, plus this much times the account's competitor pressure."""
STALL_HAZARD = 0.08
"""Chance per round that the buyer's organisation shelves the project (status quo wins)."""
CAPITAL_COST = 0.08
"""Yearly cost of money, for payment terms beyond 30 days."""
SLIP_WEEKS = 2
"""A buyer who would not commit to sign this quarter signs this much later."""


def issues_of(world: World) -> tuple[Issue, ...]:
    custom = world.scenario.negotiation.issues
    if not custom:
        return DEFAULT_ISSUES
    return tuple(Issue(i.id, i.name, i.side, i.low, i.high, i.steps, i.unit, i.resolved_effect, i.unit_cost, i.unit_value)
                 for i in custom)


def rep_preferences(issues: tuple[Issue, ...], batna: float = REP_BATNA) -> Preferences:
    weights = tuple(REP_WEIGHTS[i.effect] for i in issues)
    return Preferences(issues, weights, "rep", batna=batna)


def buyer_for(world: World, account: Account, issues: tuple[Issue, ...], rng: np.random.Generator) -> tuple[Preferences, Negotiator]:
    """Buyers differ per account: their weights, their alternative, their tactic."""
    settings = world.scenario.negotiation
    strength = settings.competitor_offer * (1.1 + 0.8 * account.competitor_pressure)
    differentiation = 0.15 * account.trust + 0.03 * sum(account.info) + 0.03 * account.commitments
    batna = float(np.clip(strength - differentiation + rng.normal(0, 0.05), 0.05, 0.85))
    preferences = Preferences(issues, random_weights(issues, rng), "buyer", batna=batna)
    kind = settings.buyer_tactic
    if kind == "mixed":
        kind = ("boulware", "linear", "conceder", "tit_for_tat")[int(rng.choice(4, p=[0.35, 0.2, 0.25, 0.2]))]
    if kind == "tit_for_tat":
        return preferences, TitForTat()
    low, high = settings.buyer_beta.low, settings.buyer_beta.high
    beta = {"boulware": (low, min(1.0, high)), "conceder": (max(1.0, low), high), "linear": (1.0, 1.0)}[kind]
    return preferences, TimeDependent(float(rng.uniform(*beta)) if beta[1] > beta[0] else beta[0])


def open_table(world: World, rep: Rep, account: Account) -> None:
    world.env.process(_table(world, rep, account))


def _table(world: World, rep: Rep, account: Account):
    from sim import closing

    env = world.env
    settings = world.scenario.negotiation
    rng = world.streams.get("negotiation", account.id)
    issues = issues_of(world)
    buyer_prefs, buyer = buyer_for(world, account, issues, rng)
    hazard = COMPETITOR_HAZARD + COMPETITOR_HAZARD_PRESSURE * account.competitor_pressure
    session = Session(issues, rep_preferences(issues), buyer_prefs, settings.max_rounds, rng, hazard=hazard,
                      stall_hazard=STALL_HAZARD)
    world.open_tables[account.id] = session
    controller = world.controllers[rep.id]
    plan = yield from _wait_for(world, rep, account, lambda: controller.prepare_negotiation(session.view("rep"), account.id))
    if plan is None:
        plan = TimeDependent(1.0).prepare(session.view("rep"))
        prepared = False
    else:
        prepared = True
    session.rep = rep_preferences(issues, plan.batna)
    session.prepare(plan)
    world.log.add(env.now, "negotiation_prepared", rep.id, account.id, prepared=prepared,
                  start=describe(issues, plan.start), ideal=describe(issues, plan.ideal), batna=round(plan.batna, 4),
                  buyer_tactic=buyer.name, buyer_batna=round(buyer_prefs.batna, 4))
    while not session.ended:
        move = yield from _wait_for(world, rep, account, lambda: controller.negotiation_move(session.view("rep"), account.id))
        if move is None:
            move = Move("silence")
        if move.kind == "escalate" and not session.escalated:
            move = yield from _bad_cop(world, rep, account, move)
        problem = _discount_needs_manager(world, session, move)
        played = len(session.history)
        try:
            if problem:
                raise ValueError(problem)
            play_round(session, move, buyer, rng, world.scenario.team.manager.bad_cop)
        except ValueError as exc:
            # a refused move costs the round: the buyer hears nothing new (and a strategy cannot loop on it)
            world.log.add(env.now, "negotiation_move_refused", rep.id, account.id, move=move.kind, reason=str(exc))
            del session.history[played:]
            move = Move("silence")
            play_round(session, move, buyer, rng, world.scenario.team.manager.bad_cop)
        steps = {step.side: step for step in session.history[played:]}
        rep_step, buyer_step = steps.get("rep"), steps.get("buyer")
        world.log.add(env.now, "negotiation_round", rep.id, account.id, round=session.history[-1].round,
                      rep_move=rep_step.kind if rep_step else move.kind, rep_offer=_shown(issues, rep_step.offer if rep_step else None),
                      buyer_move=buyer_step.kind if buyer_step else None,
                      buyer_offer=_shown(issues, buyer_step.offer if buyer_step and buyer_step.kind != "accept" else None))
        if not session.ended:
            yield env.timeout(settings.hours_per_round)
    rounds = session.rounds_played
    analysis = analyse(issues, session.rep, buyer_prefs, session.history, session.end_reason, rounds, session.agreement)
    world.negotiations[account.id] = analysis
    world.log.add(env.now, "negotiation_ended", rep.id, account.id, **analysis.as_dict(),
                  agreement_terms=_shown(issues, session.agreement))
    del world.open_tables[account.id]
    if session.agreement is not None:
        terms = terms_from(world, account, issues, session.agreement)
        if terms.pop("slips"):
            world.log.add(env.now, "signature_slips", rep.id, account.id, weeks=SLIP_WEEKS)
            yield env.timeout(SLIP_WEEKS * world.clock.week_hours)
            if account.status != "negotiating":
                return
        closing.win(world, rep, account, terms)
    elif session.end_reason == "walk_away":
        closing.close_lost(world, account, "lost", "we walked away from the table")
    elif session.end_reason == "buyer_batna":
        closing.close_lost(world, account, "lost", "the buyer took the competitor's offer")
    elif session.end_reason == "no_decision":
        closing.close_lost(world, account, "no_decision", "the buyer shelved the project")
    else:
        closing.close_lost(world, account, "no_decision", "the deadline passed without a decision")


def _wait_for(world: World, rep: Rep, account: Account, ask):
    """Ask the controller; an interactive rep gets a decision point and one round of time to answer."""
    answer = ask()
    if answer is not None or not getattr(world.controllers[rep.id], "interactive", False):
        return answer
    event = world.env.event()
    world.negotiation_waits[account.id] = event
    world.decision_point(f"negotiation:{account.id}", rep.id)
    yield event | world.env.timeout(world.scenario.negotiation.hours_per_round)
    world.negotiation_waits.pop(account.id, None)
    return ask()


def _discount_needs_manager(world: World, session: Session, move: Move) -> str | None:
    """A discount beyond `negotiation.max_discount` needs the manager at the table (the bad cop first)."""
    if move.kind not in ("offer", "concede") or session.escalated:
        return None
    limit = world.scenario.negotiation.max_discount
    offer = move.offer if move.kind == "offer" else None
    for i, issue in enumerate(session.issues):
        if issue.effect != "discount":
            continue
        index = offer[i] if offer is not None else (
            (session.offers["rep"] or session.plan.start)[i] + (1 if move.issue == issue.id else 0))
        if index < issue.steps and issue.amount(index) > limit + 1e-9:
            return f"a discount above {limit:.0%} needs the manager: escalate first"
    return None


def _bad_cop(world: World, rep: Rep, account: Account, move: Move):
    """The manager as bad cop: only when the manager is free, once per negotiation."""
    if world.manager_hours_left < 1.0:
        world.log.add(world.env.now, "manager_unavailable", rep.id, account.id, action="bad_cop")
        return Move("silence")
    request = world.manager.request()
    result = yield request | world.env.timeout(2.0)
    if request not in result or world.manager_hours_left < 1.0:  # the hours may have gone while we waited
        if request in result:
            world.manager.release(request)
        else:
            request.cancel()
        world.log.add(world.env.now, "manager_unavailable", rep.id, account.id, action="bad_cop")
        return Move("silence")
    world.manager_hours_left -= 1.0
    yield world.env.timeout(1.0)
    world.manager.release(request)
    world.log.add(world.env.now, "manager_joined", rep.id, account.id, action="bad_cop")
    return move


def _shown(issues: tuple[Issue, ...], outcome: Outcome | None) -> dict | None:
    return describe(issues, outcome) if outcome is not None else None


def terms_from(world: World, account: Account, issues: tuple[Issue, ...], agreement: Outcome) -> dict:
    """Deal terms from an agreement: price and margin, contract length, a reference, when it signs."""
    from sim.closing import deal_terms

    agreed = {issue.effect: issue.amount(index) for issue, index in zip(issues, agreement, strict=True)}
    discount = float(agreed.get("discount", 0.0))
    terms = deal_terms(world, account, discount)
    acv = terms["acv"] * float(agreed.get("volume", 1.0))
    costs = 0.0
    for issue, index in zip(issues, agreement, strict=True):
        if issue.effect == "cost":
            costs += issue.amount(index) * issue.unit_cost
        elif issue.effect == "upsell":
            acv += issue.amount(index) * issue.unit_value
    costs += acv * max(0.0, agreed.get("payment_days", 30.0) - 30.0) / 360.0 * CAPITAL_COST
    costs += acv * agreed.get("price_protection", 0.0) / 12.0 * 0.01
    terms["acv"] = round(acv, 2)
    terms["margin_rate"] = round(terms["margin_rate"] - costs / max(1.0, acv), 4)
    terms["contract_months"] = int(agreed.get("contract_months", 12))
    terms["reference"] = agreed.get("reference", 0.0) >= 0.5
    terms["slips"] = "sign_this_quarter" in agreed and agreed["sign_this_quarter"] < 0.5
    terms["negotiated"] = describe(issues, agreement)
    return terms
