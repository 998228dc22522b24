"""Scores: every criterion of DESIGN §3.5 per rep, graded 1-5 against the team average.

Computed from the event log alone (so `dealcraft score EVENTS.jsonl` can rescore a saved run).
A grade compares a rep's value with the team average in the criterion's natural unit:
one `step` better than average or more (half a step, rounded) is a 4, a step and a half a 5,
and the same below; `step` is negative where lower is better (cycle days, lead response,
value left on the table, Brier score). The overall grade is the mean of the graded criteria
weighted by the scenario's `[scoring.weights]`.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from sim import metrics
from sim.scenario.schema import Scenario

CRITERIA: dict[str, tuple[str, float, str]] = {
    # name: (what it measures, step, unit)
    "revenue": ("revenue against quota (quota attainment)", 0.15, "of quota"),
    "margin": ("margin rate", 0.03, "margin rate"),
    "cycle_time": ("median days from first contact to signature", -7.0, "days"),
    "conversion": ("deals won over deals decided", 0.10, "share"),
    "breadth": ("different services sold", 1.0, "services"),
    "net_result": ("margin minus the cost of the rep's time", 0.0, "currency"),
    "loyalty": ("client value grown: cross-sell and renewals minus churn", 0.0, "currency"),
    "lead_response": ("median calendar hours before first contact with an inbound lead", -0.5, "hours"),
    "cadence": ("share of account-weeks in cadence (no cooling)", 0.10, "share"),
    "action_fit": ("share of actions that fit the account's phase", 0.05, "share"),
    "phase_accuracy": ("share of recorded phases that were right", 0.10, "share"),
    "give_take": ("commitments obtained minus concessions given, per deal", 0.25, "issues"),
    "negotiation_efficiency": ("joint value left on the table, per deal", -0.05, "utility"),
    "forecast": ("Brier score of stated close probabilities", -0.05, "Brier"),
}
"""Currency steps (net result, loyalty) are 10 % and 5 % of the average quota: see `_step`."""


@dataclass(frozen=True)
class Criterion:
    name: str
    value: float | None
    team_average: float | None
    grade: int | None


@dataclass(frozen=True)
class RepScore:
    rep: str
    criteria: dict[str, Criterion]
    overall: float | None
    quota_attainment: float | None

    @property
    def overall_grade(self) -> int | None:
        return None if self.overall is None else int(round(self.overall))

    def as_dict(self) -> dict:
        return {"rep": self.rep, "overall": self.overall, "quota_attainment": self.quota_attainment,
                "criteria": {k: {"value": c.value, "team_average": c.team_average, "grade": c.grade}
                             for k, c in self.criteria.items()}}


def grade(value: float | None, average: float | None, step: float) -> int | None:
    """1-5: 3 within half a step of the average, 4 / 2 beyond, 5 / 1 beyond a step and a half."""
    if value is None:
        return None
    if average is None or step == 0:
        return 3
    distance = (value - average) / step
    if distance >= 1.5:
        return 5
    if distance >= 0.5:
        return 4
    if distance > -0.5:
        return 3
    if distance > -1.5:
        return 2
    return 1


def raw_values(records: list[dict], scenario: Scenario, t0: float = 0.0, t1: float = float("inf"),
               computed: dict | None = None) -> dict[str, dict[str, float | None]]:
    """Each criterion's value per rep, before grading (`computed`: metrics already computed for the window)."""
    m = computed or metrics.compute(records, scenario, t0, t1)
    cost_per_hour = scenario.targets.cost_per_hour
    extra = _process_values(records, [r.id for r in scenario.team.reps], t0, t1)
    values: dict[str, dict[str, float | None]] = {}
    for rep, row in m["reps"].items():
        e = extra[rep]
        values[rep] = {
            "revenue": row["quota_attainment"] if row["quota_attainment"] is not None else row["revenue"],
            "margin": row["margin_rate"],
            "cycle_time": row["cycle_days_median"],
            "conversion": row["conversion"],
            "breadth": float(len(row["services_sold"])),
            "net_result": round(row["margin"] - row["hours"] * cost_per_hour, 2),
            "loyalty": round(row["cross_sell"] + row["renewed_acv"] - row["churned_acv"], 2) if e["has_clients"] else None,
            "lead_response": row["lead_response_hours_median"],
            "cadence": e["cadence"],
            "action_fit": round(1 - row["misfit_actions"] / row["actions"], 4) if row["actions"] else None,
            "phase_accuracy": e["phase_accuracy"],
            "give_take": row["give_take_balance_mean"],
            "negotiation_efficiency": row["negotiation_value_left_mean"],
            "forecast": e["brier"],
        }
    return values


def _process_values(records: Iterable[dict], reps: list[str], t0: float, t1: float) -> dict[str, dict]:
    """Cadence kept, phase accuracy and the Brier score: what metrics.py does not follow."""
    out = {r: {"cooled": 0, "engaged_weeks": 0, "recorded": 0, "right": 0, "forecasts": [], "has_clients": False}
           for r in reps}
    owner: dict[str, str | None] = {}
    engaged: dict[str, bool] = defaultdict(bool)
    status: dict[str, str] = {}
    resolved: dict[str, int] = {}
    for r in records:
        kind, account, rep, t = r["kind"], r.get("account"), r.get("rep"), r["t"]
        if kind in ("hidden_phase", "lead_arrived", "referral", "account_added"):
            owner[account] = rep
            status[account] = r.get("status", "prospect")
            if status[account] == "client" and rep in out:
                out[rep]["has_clients"] = True
        elif kind == "handoff":
            owner[account] = r["to"]
            if r["to"] in out:
                out[r["to"]]["has_clients"] = True
        elif kind == "engaged":
            engaged[account] = True
        elif kind == "deal_won":
            status[account] = "client"
            resolved[account] = 1
            if rep in out:
                out[rep]["has_clients"] = True
        elif kind in ("deal_lost", "deal_no_decision"):
            status[account] = "closed"
            resolved[account] = 0
        if t >= t1:
            continue
        if kind == "week_started" and t >= t0:
            for acc, who in owner.items():
                if who in out and engaged[acc] and status.get(acc) == "prospect":
                    out[who]["engaged_weeks"] += 1
        elif t < t0 or rep not in out:
            continue
        elif kind == "account_cooled":
            out[rep]["cooled"] += 1
        elif kind == "phase_recorded":
            out[rep]["recorded"] += 1
            out[rep]["right"] += r["recorded"] == r["true"]
        elif kind == "forecast":
            out[rep]["forecasts"].append((account, r["probability"]))
    result = {}
    for rep, o in out.items():
        outcomes = [(p, resolved[a]) for a, p in o["forecasts"] if a in resolved]
        result[rep] = {
            "cadence": round(1 - min(o["cooled"], o["engaged_weeks"]) / o["engaged_weeks"], 4) if o["engaged_weeks"] else None,
            "phase_accuracy": round(o["right"] / o["recorded"], 4) if o["recorded"] else None,
            "brier": round(statistics.fmean((p - y) ** 2 for p, y in outcomes), 4) if outcomes else None,
            "has_clients": o["has_clients"],
        }
    return result


def _step(name: str, scenario: Scenario) -> float:
    step = CRITERIA[name][1]
    if step:
        return step
    quotas = [q for q in metrics.quotas(scenario).values() if q] or [50000.0]
    share = 0.10 if name == "net_result" else 0.05
    return share * statistics.fmean(quotas)


def score(records: list[dict], scenario: Scenario, t0: float = 0.0, t1: float = float("inf"),
          reps: list[str] | None = None, computed: dict | None = None) -> dict[str, RepScore]:
    """Every rep's criteria, graded against the average of the reps in `reps` (default: the whole team)."""
    computed = computed or metrics.compute(records, scenario, t0, t1)
    values = raw_values(records, scenario, t0, t1, computed)
    team = reps or list(values)
    weights = scenario.scoring.weights.model_dump()
    attainment = computed["reps"]
    scores = {}
    for rep, row in values.items():
        criteria = {}
        for name in CRITERIA:
            present = [values[r][name] for r in team if values[r][name] is not None]
            average = round(statistics.fmean(present), 4) if present else None
            criteria[name] = Criterion(name, row[name], average, grade(row[name], average, _step(name, scenario)))
        graded = [(weights[n], c.grade) for n, c in criteria.items() if c.grade is not None and weights[n] > 0]
        total = sum(w for w, _ in graded)
        overall = round(sum(w * g for w, g in graded) / total, 2) if total else None
        scores[rep] = RepScore(rep, criteria, overall, attainment[rep]["quota_attainment"])
    return scores
