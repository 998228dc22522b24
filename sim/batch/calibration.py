"""How hard is a scenario? Play every built-in strategy in the trainee's seat over many seeds and
read the trainee's quota attainment: what good play reaches, what the floor strategies reach,
and how much of the spread is luck. The verdict says what a trainer can change.

Yardsticks: `phase-aware` is good play (it reads the phases and keeps the cadence); `random` and
`spray` are the floor (no phase logic). A well-set scenario lets good play reach quota in a typical
quarter (median about TARGET) while the floor falls short, and the gap between them is larger than
the luck of one quarter.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from sim.batch.experiment import Experiment
from sim.strategies import BUILTINS

GOOD = "phase-aware"
FLOORS = ("random", "spray")
TARGET = 1.1
"""Median quota attainment of good play that a calibrated scenario aims at: quota reached, with room to shine."""
TOO_HARD_REACH = 0.25
"""Good play reaching quota in fewer quarters than this is too hard."""
TOO_EASY_REACH = 0.5
"""A floor strategy reaching quota in at least this share of quarters is too easy."""
METRIC = "seat_quota_attainment"


def experiment(scenario, runs: int = 30, seed: int = 1, source: str = "") -> Experiment:
    """Every built-in in the trainee's seat, the other seats as the scenario sets them."""
    return Experiment(scenario, tuple(BUILTINS), runs, seed, seat="trainee", source=source)


@dataclass(frozen=True)
class Spread:
    strategy: str
    n: int
    mean: float
    std: float
    p10: float
    p50: float
    p90: float
    reach: float
    """Share of quarters at or above quota."""


@dataclass
class Calibration:
    spreads: list[Spread]
    quota: float
    currency: str
    verdicts: list[str] = field(default_factory=list)
    advice: list[str] = field(default_factory=list)
    label: str = "about right"
    luck: float = 0.0
    skill_gap: float = 0.0
    suggested_quota: float | None = None

    def spread(self, strategy: str) -> Spread:
        return next(s for s in self.spreads if s.strategy == strategy)


def spreads(frame: pd.DataFrame) -> list[Spread]:
    out = []
    ok = frame[frame["error"].isna()] if "error" in frame else frame
    for strategy in dict.fromkeys(frame["strategy"]):
        values = ok.loc[ok["strategy"] == strategy, METRIC].dropna().to_numpy(dtype=float)
        if values.size == 0:
            continue
        p10, p50, p90 = np.percentile(values, [10, 50, 90])
        out.append(Spread(strategy, int(values.size), float(values.mean()),
                          float(values.std(ddof=1)) if values.size > 1 else 0.0,
                          float(p10), float(p50), float(p90), float((values >= 1.0).mean())))
    return out


def nice(amount: float) -> float:
    """An amount rounded to three significant digits, as a trainer would write a quota."""
    if amount <= 0:
        return 0.0
    step = 10 ** max(0, int(np.floor(np.log10(amount))) - 2)
    return float(round(amount / step) * step)


def judge(found: list[Spread], quota: float, currency: str = "") -> Calibration:
    """The verdicts from the strategies' spreads; `quota` is the trainee's, to suggest a new one."""
    result = Calibration(found, quota, currency)
    names = {s.strategy for s in found}
    if GOOD not in names or not names & set(FLOORS):
        result.label = "unknown"
        result.verdicts.append(f"cannot judge: the batch needs '{GOOD}' and one of {', '.join(FLOORS)}")
        return result
    good = result.spread(GOOD)
    floor = max((result.spread(f) for f in FLOORS if f in names), key=lambda s: s.mean)
    result.luck = good.std
    result.skill_gap = good.mean - floor.mean
    money = (lambda v: f"{currency} {nice(v):,.0f}") if currency else (lambda v: f"{nice(v):,.0f}")
    factor = good.p50 / TARGET
    labels = []
    if floor.reach >= TOO_EASY_REACH:
        labels.append("too easy")
        result.verdicts.append(f"too easy: '{floor.strategy}', a strategy with no phase logic, reaches quota in "
                               f"{floor.reach:.0%} of quarters")
        if factor > 1.05:
            result.suggested_quota = nice(quota * factor)
            result.advice.append(f"raise the quotas by about {factor - 1:.0%} (the trainee's from {money(quota)} to "
                                 f"about {money(quota * factor)}), so that good play reaches about {TARGET:.0%} of "
                                 "quota in a typical quarter")
        else:
            result.advice.append("make the floor's life harder rather than the quota higher: fewer inbound leads, "
                                 "more competitor pressure, or buyers that punish the wrong action for the phase")
    if good.reach < TOO_HARD_REACH:
        labels.append("too hard")
        result.verdicts.append(f"too hard: even '{GOOD}' reaches quota in only {good.reach:.0%} of quarters "
                               f"(median {good.p50:.0%} of quota)")
        if good.p50 > 0.05:
            result.suggested_quota = nice(quota * factor)
            result.advice.append(f"lower the quotas by about {1 - factor:.0%} (the trainee's from {money(quota)} to "
                                 f"about {money(quota * factor)}), or give the territory more accounts or leads")
        else:
            result.advice.append("good play closes almost nothing: give the territory more accounts or leads, "
                                 "warmer contacts, or a longer quarter before touching the quotas")
    if result.skill_gap <= 0:
        labels.append("skill does not pay")
        result.verdicts.append(f"skill does not pay: '{floor.strategy}' does as well as '{GOOD}' on average "
                               f"({floor.mean:.0%} against {good.mean:.0%} of quota)")
        result.advice.append("check that the scenario rewards reading the phases: the effect overrides, a cadence "
                             "that forgives neglect, or deals that close whatever the rep does")
    elif result.luck > result.skill_gap:
        labels.append("too random")
        result.verdicts.append(f"too random: the luck of one quarter (±{result.luck:.0%} of quota for '{GOOD}') "
                               f"is larger than the gap between good play and the floor ({result.skill_gap:.0%}): "
                               "a trainee cannot tell skill from luck in one quarter")
        result.advice.append("more, smaller deals average luck out: add accounts or inbound leads, lower the deal "
                             "sizes, or play two quarters")
    if not labels:
        result.verdicts.append(f"about right: '{GOOD}' reaches quota in {good.reach:.0%} of quarters, "
                               f"'{floor.strategy}' in {floor.reach:.0%}; the gap between them ({result.skill_gap:.0%} "
                               f"of quota) is larger than the luck of one quarter (±{result.luck:.0%})")
    result.label = ", ".join(labels) or "about right"
    return result
