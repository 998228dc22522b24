"""What a finding is: a dated moment of the quarter tied to the sales lesson it teaches.

A trainee learns from "week 3, day 2: the lead from Cobalt waited 26 h", not from a grade,
so every finding names its moment, its principle, what it put at stake and the records proving it.
"""

from __future__ import annotations

from dataclasses import dataclass

PRINCIPLES = {
    "slow_lead_response": "Inbound leads go cold within minutes: the odds of qualifying fall ~21× between 5 and "
                          "30 minutes, and ~60× after a day.",
    "broken_cadence": "Each phase has its rhythm, weekly in phase 1 to daily in phase 5: silence beyond it cools "
                      "trust and, from phase 3, hands the deal to a competitor.",
    "misfit_action": "Do what fits the buyer's phase: the wrong action wastes time and annoys, like a proposal to "
                     "someone who has not yet recognised a need.",
    "non_decider": "Beyond phase 3 only the decider moves a project: time spent with people who cannot sign is "
                   "time lost.",
    "unconditional_concession": "Give and take: never concede without getting something back, \"I can do X if "
                                "you commit to Y\".",
    "neglected_new_client": "A new client must be reassured in its first weeks and handed over with a briefing: "
                            "the first impression decides the renewal.",
    "missed_news": "News at an account is a moment: the rep who reacts within hours earns trust and shortens a "
                   "freeze.",
    "shared_contact_mistreated": "A contact someone shared is their credibility on loan: mistreat it and they "
                                 "pay for it, and stop sharing.",
    "unprepared_negotiation": "Prepare before round 1: a starting point, an ideal outcome and your walk-away "
                              "(BATNA); improvising at the table concedes by default.",
    "below_batna": "Know your walk-away: a deal worth less than no deal is a deal to refuse.",
    "value_left_on_table": "Look for trades both sides value: an agreement inside the Pareto frontier leaves "
                           "value on the table for both.",
    "churn": "Keeping a client costs far less than winning one: satisfaction at renewal decides churn.",
}
"""The sales lesson each finding kind teaches, one sentence each (DESIGN §3.5)."""


@dataclass(frozen=True)
class Finding:
    """One dated moment of the debrief: what happened, the lesson, what it cost, the records proving it."""

    t: float
    when: str
    rep: str
    account: str | None
    kind: str
    message: str
    principle: str
    cost: float
    evidence: tuple[dict, ...]
