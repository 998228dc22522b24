"""The weights that turn a finding into a cost: an estimate in currency of the revenue it put at stake.

Costs rank what to talk about first. The estimates reuse the engine's own formulas where there
is one (lead decay, competitor risk, churn) and otherwise rough, documented weights
(WIN_BY_PHASE, TRUST_TO_CLOSE, UTILITY_VALUE); they rank, they do not account.
Scores and grades live elsewhere (sim/scores.py).
"""

from __future__ import annotations

WIN_BY_PHASE = (0.08, 0.15, 0.25, 0.35, 0.47)
"""Rough chance that a worked project in phase 1-5 is eventually signed. Phase 5 is CALIBRATION C3
(≈ 47 % of forecast deals are won); earlier phases are ranking weights, not measurements."""
TRUST_TO_CLOSE = 0.4
"""A point of trust adds 0.4 to the chance a proposal is accepted in principle (sim.closing)."""
LEAD_PROMPT_HOURS = 5 / 60
"""The reference reply: within five minutes, the benchmark of the lead-response studies (C2)."""
UTILITY_VALUE = 0.5
"""Yearly deal value of one unit of the rep's negotiation utility: the default issues span a 25 %
discount, free work, ×1.5 volume and two more contract years, so the whole 0-1 range is worth
well over half a year's contract."""
CONCESSION_STEP = 0.05
"""What one concession step is worth, as a share of the deal (a step of the default discount grid)."""
CHURN_PER_SATISFACTION = 0.5
"""Churn chance at renewal rises 0.5 per point of satisfaction lost (sim.clients._renew)."""
ONBOARDING_NEGLECT = 0.08
"""Satisfaction a new client loses per week without a check-in (sim.clients.weekly)."""
UNBRIEFED_HANDOFF = 0.15
"""Satisfaction a hand-off without a briefing costs against one with it (−0.1 against +0.05)."""
NEWS_TRUST = 0.1
"""Trust a timely reaction to news earns (sim.actions._news_reaction)."""
WEEKS_PER_YEAR = 52
NON_DECIDER_HOURS = 6.0
"""Hours on a phase 3+ project before reaching its decider beyond which time is being wasted."""
VALUE_LEFT_THRESHOLD = 0.1
"""Joint utility left on the table beyond which an agreement is called inefficient."""
REFERRAL_SHARE = 0.85
"""A referred account's potential is the referrer's × U(0.5, 1.2) (sim.clients._referral): 0.85 on average."""
INTRO_CHANCE_PER_POINT = 0.12
"""An introduction succeeds with 0.25 + 0.12 × strength; mistreatment costs the sharer two points."""
CLIENT_MISTREATED = 0.15
"""Satisfaction a referring client loses when its contact is mistreated."""
DEFAULT_PRESSURE = 0.4
"""Competitor pressure assumed where the log cannot tell (leads draw it from U(0.2, 0.6))."""
