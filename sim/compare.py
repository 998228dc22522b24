"""The same-seed comparison (DESIGN §3.5): what each built-in strategy achieved on the trainee's
exact quarter — same scenario, same seed, the other seats as they were — beside the trainee.

Because every draw comes from a stream keyed by concern and id (sim.rng), the quarter each
strategy meets is the trainee's own: the same leads at the same times, the same buyers, the
same news. Only what the seat does differs.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from sim import metrics
from sim.run import run
from sim.scenario.schema import Scenario
from sim.scores import RepScore
from sim.strategies import BUILTINS

YOU = "you"


def same_seed(scenario: Scenario, seed: int, rep: str, actual: Any, *, quarters: int | None = None,
              seats: Mapping[str, str] | None = None, strategies: list[str] | None = None,
              label: str = YOU, progress: Callable[[int, int], None] | None = None) -> list[dict[str, Any]]:
    """Every built-in strategy (or `strategies`) in `rep`'s seat on this scenario and seed, the other
    seats as in the scenario (or `seats`), plus the trainee's own row (`"you": True`), best revenue first.

    `actual` is the trainee's result: a metrics row (`overall["reps"][rep]`, maybe with 'overall'
    added), a RunResult, or a RepScore (revenue is then quota attainment times the quota, to 4 digits).
    Each row: {strategy, revenue, quota_attainment, overall, you}. `progress(done, total)` is called
    after each strategy's quarter (each takes as long as a quarter of play).
    """
    if rep not in {r.id for r in scenario.team.reps}:
        raise ValueError(f"the scenario has no rep '{rep}'")
    rows = [_actual_row(actual, scenario, rep, label)]
    names = strategies or list(BUILTINS)
    for done, name in enumerate(names, start=1):
        chosen = {k: v for k, v in (seats or {}).items() if k != rep}
        chosen[rep] = name
        result = run(scenario, seed, quarters=quarters, seats=chosen, per_quarter=False)
        row = result.overall["reps"][rep]
        rows.append({"strategy": name, "revenue": row["revenue"], "quota_attainment": row["quota_attainment"],
                     "overall": result.overall["scores"][rep]["overall"], "you": False})
        if progress is not None:
            progress(done, len(names))
    rows.sort(key=lambda r: (-r["revenue"], not r["you"], r["strategy"]))
    return rows


def _actual_row(actual: Any, scenario: Scenario, rep: str, label: str) -> dict[str, Any]:
    quota = metrics.quotas(scenario).get(rep) or None
    if isinstance(actual, RepScore):
        attainment = actual.quota_attainment
        value = actual.criteria["revenue"].value if "revenue" in actual.criteria else None
        revenue = round(attainment * quota, 2) if attainment is not None and quota else value
        overall = actual.overall
    else:
        if hasattr(actual, "overall") and isinstance(actual.overall, Mapping):
            found = dict(actual.overall["reps"][rep])
            found["overall"] = actual.overall.get("scores", {}).get(rep, {}).get("overall")
            actual = found
        if not isinstance(actual, Mapping):
            raise TypeError("actual must be a RepScore, a RunResult or a mapping with revenue / quota_attainment")
        revenue = actual.get("revenue")
        attainment = actual.get("quota_attainment")
        overall = actual.get("overall")
        if revenue is None and attainment is not None and quota:
            revenue = round(attainment * quota, 2)
        if attainment is None and revenue is not None and quota:
            attainment = round(revenue / quota, 4)
    if revenue is None:
        raise ValueError("the trainee's result needs a revenue or a quota attainment")
    return {"strategy": label, "revenue": float(revenue), "quota_attainment": attainment, "overall": overall,
            "you": True}


def standing(rows: list[dict[str, Any]], metric: str = "revenue") -> str:
    """One line for the debrief: 'you beat 3 of 5 built-in strategies on revenue'."""
    mine = next((r for r in rows if r.get("you")), None)
    if mine is None:
        raise ValueError("no row is marked as the trainee's")
    others = [r for r in rows if not r.get("you")]
    value = mine[metric]
    if value is None:
        return f"no {metric.replace('_', ' ')} to compare"
    present = [r[metric] for r in others if r[metric] is not None]
    beaten = sum(1 for x in present if value > x)
    tied = sum(1 for x in present if value == x)
    noun = "built-in strategy" if len(others) == 1 else "built-in strategies"
    text = f"you beat {beaten} of {len(others)} {noun} on {metric.replace('_', ' ')}"
    if tied:
        text += f" (tied with {tied})"
    return text
