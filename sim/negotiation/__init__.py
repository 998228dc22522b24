"""Negotiation (donnant-donnant): protocol, preferences and tactics as separate pieces.

`negotiate` runs a stand-alone negotiation between two automated negotiators; the engine
uses the same Session and round logic when a proposal is accepted in principle.
"""

from sim.negotiation.analysis import Analysis, analyse
from sim.negotiation.issues import DEFAULT_ISSUES, Issue, describe, outcome_space
from sim.negotiation.preferences import Preferences, random_weights
from sim.negotiation.protocol import Move, NegotiationView, Plan, Session
from sim.negotiation.runner import Result, negotiate, play_round
from sim.negotiation.tactics import Negotiator, TimeDependent, TitForTat, make_tactic

__all__ = [
    "DEFAULT_ISSUES", "Analysis", "Issue", "Move", "NegotiationView", "Negotiator", "Plan", "Preferences", "Result",
    "Session", "TimeDependent", "TitForTat", "analyse", "describe", "make_tactic", "negotiate", "outcome_space",
    "play_round", "random_weights",
]
