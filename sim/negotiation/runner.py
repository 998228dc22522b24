"""Run a negotiation between two automated negotiators, away from the pipeline.

    from sim.negotiation import negotiate, Preferences, DEFAULT_ISSUES
    result = negotiate(rep_prefs, buyer_prefs, "boulware", "conceder", seed=1)
    result.analysis.share_claimed, result.analysis.value_left

The same round logic serves the engine, where each round also costs calendar time.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.negotiation.analysis import Analysis, analyse
from sim.negotiation.issues import DEFAULT_ISSUES, Issue, Outcome
from sim.negotiation.preferences import Preferences
from sim.negotiation.protocol import DEFAULT_HAZARD, SILENCE_WALK_CHANCE, Move, Plan, Session, Step
from sim.negotiation.tactics import Negotiator, make_tactic

BAD_COP_BASE = 0.04
BAD_COP_SKILL = 0.08


@dataclass(frozen=True)
class Result:
    end_reason: str
    agreement: Outcome | None
    rounds: int
    plan: Plan | None
    history: tuple[Step, ...]
    analysis: Analysis


def bad_cop_pressure(skill: float) -> float:
    """How far the manager as bad cop lowers the buyer's aspiration (utility), by skill 0-1."""
    return BAD_COP_BASE + BAD_COP_SKILL * skill


def play_round(session: Session, rep_move: Move, buyer: Negotiator, rng: np.random.Generator,
               bad_cop: float = 0.5) -> Move | None:
    """Apply the rep's move, then the buyer's answer; returns the buyer's move (None if it did not play)."""
    session.apply("rep", rep_move)
    if session.ended:
        return None
    if rep_move.kind == "silence":
        buyer.on_silence()
        if session.offers["buyer"] is not None and rng.random() < SILENCE_WALK_CHANCE:
            move = Move("walk_away")
            session.apply("buyer", move)
            return move
    elif rep_move.kind == "escalate":
        buyer.pressure(bad_cop_pressure(bad_cop))
    move = buyer.respond(session.view("buyer"))
    session.apply("buyer", move)
    if not session.ended:
        roll = rng.random()  # every round of waiting carries these risks
        if roll < session.hazard:
            session.competitor_closed()
            return Move("walk_away")
        if roll < session.hazard + session.stall_hazard:
            session.shelved()
            return Move("walk_away")
    return move


def negotiate(rep: Preferences, buyer: Preferences, rep_tactic: Negotiator | str, buyer_tactic: Negotiator | str,
              *, issues: tuple[Issue, ...] = DEFAULT_ISSUES, max_rounds: int = 8, seed: int = 0,
              bad_cop: float = 0.5, hazard: float = DEFAULT_HAZARD) -> Result:
    """Any tactic against any tactic, any preferences and BATNAs, a seed: the outcome and its analysis.

    `hazard` is the chance per round that the buyer's alternative closes first (the
    competitor signs it): the cost of holding out that makes Boulware risky.
    """
    if rep.issues != issues or buyer.issues != issues:
        raise ValueError("both preferences must be over the negotiated issues")
    rep_side = make_tactic(rep_tactic) if isinstance(rep_tactic, str) else rep_tactic
    buyer_side = make_tactic(buyer_tactic) if isinstance(buyer_tactic, str) else buyer_tactic
    rng = np.random.default_rng(np.random.SeedSequence(seed))
    session = Session(issues, rep, buyer, max_rounds, rng, hazard=hazard)
    plan = rep_side.prepare(session.view("rep"))
    session.prepare(plan)
    while not session.ended:
        play_round(session, rep_side.respond(session.view("rep")), buyer_side, rng, bad_cop)
    rounds = session.rounds_played
    return Result(session.end_reason, session.agreement, rounds, plan, tuple(session.history),
                  analyse(issues, rep, buyer, session.history, session.end_reason, rounds, session.agreement))
