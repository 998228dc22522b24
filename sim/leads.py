"""Inbound leads: Poisson arrivals per campaign, and how fast they go cold.

The odds that a contact attempt qualifies a lead (a real conversation) fall with the
calendar time since the lead came in: odds(d) = odds0 · g(d), with
g(d) = A·e^(-d/τ1) + B·e^(-d/τ2) + C. The four constants are fitted, over the default quality mix
and with the saturation of p = odds/(1+odds), so that the model reproduces CALIBRATION C1
(odds within 1 h ≈ 7× hour 2, ≈ 60× after 24 h) and C2 (5 min vs 30 min ≈ 21×);
benchmarks/calibration.py measures it through the engine.
"""

from __future__ import annotations

import math

DECAY_FAST_HOURS = 0.05244
DECAY_SLOW_HOURS = 4.102
DECAY_SLOW_WEIGHT = 0.01002
DECAY_FLOOR = 0.000914
DECAY_FAST_WEIGHT = 1.0 - DECAY_SLOW_WEIGHT - DECAY_FLOOR

BASE_ODDS = {"hot": 0.6, "warm": 0.25, "cold": 0.08}
"""Odds that an immediate attempt qualifies a lead, by its true quality (37%, 20%, 7% at once).
Kept low enough that odds stay near-proportional to g(d), as in the field data."""

START_PHASE = {"hot": (3, 4), "warm": (2, 3), "cold": (1, 2)}
"""Hidden phase range of a new lead's project, by true quality."""


def decay(calendar_hours: float) -> float:
    """g(d): 1 at once, falling steeply within minutes and to ~1/850 after a day."""
    d = max(0.0, calendar_hours)
    return (DECAY_FAST_WEIGHT * math.exp(-d / DECAY_FAST_HOURS)
            + DECAY_SLOW_WEIGHT * math.exp(-d / DECAY_SLOW_HOURS) + DECAY_FLOOR)


def qualify_chance(quality: str, calendar_hours: float, multiplier: float = 1.0) -> float:
    odds = BASE_ODDS[quality] * decay(calendar_hours) * multiplier
    return odds / (1.0 + odds)
