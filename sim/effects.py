"""Default effect tables: what each action costs and does, and how each hidden phase behaves.

Kept as plain data in one place so that a scenario can override any entry
(`[effects.actions.NAME]`, `[effects.phases.NAME]`) and docs can list them.
Phases are numbered 1-5; the tuples below are indexed by phase - 1.
"""

from __future__ import annotations

from dataclasses import dataclass

PHASES: tuple[str, ...] = ("latent", "recognised", "interest", "external", "internal")
"""Hidden project phases, in order (DESIGN §3.1 step 3)."""

PHASE_LABELS: dict[str, str] = {
    "latent": "1 · latent need, not identified",
    "recognised": "2 · need recognised",
    "interest": "3 · interest in a solution (consulting vendors)",
    "external": "4 · external initiatives (meetings, quote request)",
    "internal": "5 · internal initiatives (budget, feasibility study)",
}

CHANNELS: tuple[str, ...] = ("desk", "email", "phone", "video", "face_to_face", "internal")


@dataclass(frozen=True)
class ActionSpec:
    """One action a rep can spend hours on, and its effect model."""

    hours: float
    channel: str
    fits: tuple[int, ...]
    """Phases (1-5) where this is the right action."""
    advance: tuple[float, float, float, float, float]
    """Chance, per phase the account is in, to move it one phase up."""
    info: float = 0.0
    """Information gained (0-1 of one depth level) when it fits."""
    trust: float = 0.0
    """Trust change when it fits."""
    annoyance: float = 0.0
    """Annoyance added when done outside `fits`."""
    needs_decider: bool = False
    needs_manager: bool = False
    target: str = "prospect"
    """Who it is for: 'prospect', 'client', 'any' (open or client account) or 'team' (no account)."""
    description: str = ""


ACTIONS: dict[str, ActionSpec] = {
    "research": ActionSpec(1.0, "desk", (1, 2, 3, 4, 5), (0, 0, 0, 0, 0), info=0.5,
                           target="any", description="CRM and web research: sector, size, potential, who decides."),
    "email": ActionSpec(0.25, "email", (1, 2), (0.04, 0.05, 0.02, 0.0, 0.0), info=0.05, trust=0.01,
                        annoyance=0.02, description="A written touch: cheap, weak, easy to ignore."),
    "call": ActionSpec(0.5, "phone", (1, 2, 3), (0.10, 0.12, 0.06, 0.02, 0.0), info=0.15, trust=0.03,
                       annoyance=0.03, description="A phone conversation: qualifies and keeps the cadence."),
    "meeting": ActionSpec(2.0, "face_to_face", (2, 3, 4), (0.05, 0.22, 0.18, 0.08, 0.02), info=0.35, trust=0.08,
                          annoyance=0.05, description="A face-to-face meeting: builds trust and moves interest."),
    "discovery_necessary": ActionSpec(1.5, "video", (2, 3), (0.0, 0.15, 0.10, 0.0, 0.0), info=1.0, trust=0.03,
                                      annoyance=0.04, description="Discovery of the necessary information: scope, timing."),
    "discovery_essential": ActionSpec(2.0, "face_to_face", (3, 4), (0.0, 0.05, 0.15, 0.10, 0.0), info=1.0,
                                      trust=0.04, annoyance=0.04,
                                      description="Discovery of the essential information: criteria, budget, decider."),
    "discovery_useful": ActionSpec(2.0, "face_to_face", (3, 4), (0.0, 0.0, 0.10, 0.12, 0.0), info=1.0, trust=0.05,
                                   annoyance=0.03, description="Discovery of the useful information: people, history, rivals."),
    "discovery_business": ActionSpec(3.0, "face_to_face", (4, 5), (0.0, 0.0, 0.05, 0.15, 0.08), info=1.0,
                                     trust=0.06, annoyance=0.03, needs_decider=True,
                                     description="Business-level discovery with the decider: strategy, stakes."),
    "site_visit": ActionSpec(6.0, "face_to_face", (4, 5), (0.0, 0.0, 0.05, 0.25, 0.10), info=0.3, trust=0.12,
                             annoyance=0.08, description="Site visit or demo: the proof step."),
    "proposal": ActionSpec(4.0, "email", (5,), (0, 0, 0, 0, 0), info=0.0, trust=0.02, annoyance=0.15,
                           needs_decider=True, description="A written proposal; a proposal too early annoys."),
    "conditional_proposal": ActionSpec(4.0, "face_to_face", (4, 5), (0, 0, 0, 0, 0), info=0.1,
                                       trust=0.05, annoyance=0.12, needs_decider=True,
                                       description="A proposal 'on condition that...': banks partial commitments."),
    "follow_up": ActionSpec(0.5, "phone", (3, 4, 5), (0.02, 0.04, 0.05, 0.05, 0.03), info=0.05, trust=0.02,
                            annoyance=0.04, description="A short follow-up that keeps the cadence in later phases."),
    "introduction_request": ActionSpec(0.5, "phone", (1, 2), (0, 0, 0, 0, 0), info=0.0, trust=0.0,
                                       target="prospect",
                                       description="Ask a colleague or a client for a warm introduction."),
    "accompanied_meeting": ActionSpec(3.0, "face_to_face", (3, 4, 5), (0.05, 0.15, 0.25, 0.15, 0.08), info=0.4,
                                      trust=0.12, annoyance=0.04, needs_manager=True,
                                      description="A meeting with the manager at your side."),
    "news_reaction": ActionSpec(1.0, "phone", (1, 2, 3, 4, 5), (0, 0, 0, 0, 0), info=0.1, trust=0.10,
                                target="any", description="React to news at the account: merger, freeze, price cut."),
    "client_checkin": ActionSpec(1.0, "video", (), (0, 0, 0, 0, 0), info=0.1, trust=0.08, target="client",
                                 description="Reassure then satisfy a client; neglected clients churn."),
    "cross_sell": ActionSpec(2.0, "face_to_face", (), (0, 0, 0, 0, 0), info=0.1, trust=0.02, annoyance=0.05,
                             target="client", description="Offer a further service to a satisfied client."),
    "internal_coordination": ActionSpec(1.0, "internal", (), (0, 0, 0, 0, 0), target="team",
                                        description="Hand-offs, capacity requests, the weekly team meeting."),
}


_PROSPECT_MODEL = frozenset({"advance", "info", "trust", "annoyance"})
NO_EFFECT: dict[str, tuple[frozenset[str], str]] = {
    "research": (frozenset({"advance", "trust", "annoyance"}),
                 "research is desk work: it only adds information (`info`)"),
    "proposal": (frozenset({"advance"}), "a proposal opens a negotiation, or not, instead of moving the phase"),
    "conditional_proposal": (frozenset({"advance"}),
                             "it banks a commitment and may open a negotiation instead of moving the phase"),
    "introduction_request": (_PROSPECT_MODEL,
                             "its outcome depends on the introducer's relationship (strength), not on the effect table"),
    "news_reaction": (_PROSPECT_MODEL, "a reaction to news has its own effect: trust, and a shorter freeze"),
    "client_checkin": (frozenset({"fits"}) | _PROSPECT_MODEL,
                       "client actions change the client's satisfaction, not a prospect's phase"),
    "cross_sell": (frozenset({"fits"}) | _PROSPECT_MODEL,
                   "client actions change the client's satisfaction, not a prospect's phase"),
    "internal_coordination": (frozenset({"fits"}) | _PROSPECT_MODEL, "team work touches no account"),
}
"""Effect-table fields an action never reads (sim/actions.py), and why: overriding one would
silently change nothing, so the scenario loader refuses it and the reference shows "—". (`channel`
is never among them: every action records its channel in the log, which the debrief quotes.)"""


@dataclass(frozen=True)
class PhaseSpec:
    """How an account behaves while in one hidden phase."""

    cadence_hours: float
    """Expected working hours between contacts; neglect beyond it cools the account."""
    cooling_per_week: float
    """Trust lost per week of neglect beyond the cadence."""
    competitor_risk_per_week: float
    """Chance per neglected week that a competitor takes the account (phase 3 and up)."""
    stall_per_week: float
    """Chance per week that the project stalls into no decision."""
    signal_noise: float
    """Chance that a signal points to a neighbouring phase instead (prospects are fickle)."""


PHASE_DEFAULTS: dict[str, PhaseSpec] = {
    "latent": PhaseSpec(40.0, 0.02, 0.0, 0.0, 0.35),
    "recognised": PhaseSpec(24.0, 0.03, 0.0, 0.005, 0.30),
    "interest": PhaseSpec(16.0, 0.05, 0.04, 0.01, 0.25),
    "external": PhaseSpec(12.0, 0.06, 0.06, 0.015, 0.20),
    "internal": PhaseSpec(8.0, 0.08, 0.08, 0.02, 0.15),
}
