"""End-of-run metrics computed from the event log alone, so a saved log can be rescored.

Per rep and for the team, over a window of sim time (a quarter, or the whole run):
revenue and margin, won / lost / no-decision counts, cycle times, lead response,
hours used, quota attainment, and the pipeline by hidden phase at the end of the window.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable

from sim.scenario.schema import Scenario

OPEN = ("prospect", "negotiating")


def _median(values: list[float]) -> float | None:
    return round(statistics.median(values), 3) if values else None


def _mean(values: list[float]) -> float | None:
    return round(statistics.fmean(values), 3) if values else None


def compute(records: Iterable[dict], scenario: Scenario, t0: float = 0.0, t1: float = float("inf")) -> dict:
    """Metrics for records with t0 <= t < t1; state (phases, statuses) is followed from the start."""
    hours_per_day = scenario.calendar.hours_per_day
    reps = [r.id for r in scenario.team.reps]
    per: dict[str, dict[str, list | float]] = {r: defaultdict(float) for r in reps}
    lists: dict[str, dict[str, list]] = {r: defaultdict(list) for r in reps}
    phase: dict[str, int] = {}
    status: dict[str, str] = {}
    owner: dict[str, str | None] = {}
    lead_first: dict[str, float] = {}
    for r in records:
        kind, account, rep, t = r["kind"], r.get("account"), r.get("rep"), r["t"]
        if t >= t1:
            break
        if kind == "hidden_phase":
            phase[account], owner[account] = r["phase"], rep
            status[account] = r.get("status", "prospect")
        elif kind == "phase_changed":
            phase[account] = r["phase"]
        elif kind == "lead_arrived":
            phase[account], status[account], owner[account] = r["phase"], "prospect", rep
        elif kind in ("account_added", "referral"):
            phase[account], status[account], owner[account] = r.get("phase", r.get("hidden_phase", 1)), "prospect", rep
        elif kind == "negotiation_opened":
            status[account] = "negotiating"
        elif kind == "deal_won":
            status[account] = "client"
        elif kind == "deal_lost":
            status[account] = "lost"
        elif kind == "deal_no_decision":
            status[account] = "no_decision"
        elif kind == "churned":
            status[account] = "churned"
        elif kind == "handoff":
            owner[account] = r["to"]
        if t < t0 or rep not in per:
            continue
        m, lst = per[rep], lists[rep]
        if kind == "deal_won":
            m["revenue"] += r["acv"]
            m["margin"] += r["acv"] * r["margin_rate"]
            m["won"] += 1
            m["new_business"] += r["acv"]
            if r.get("cycle_hours") is not None:
                lst["cycle_days"].append(r["cycle_hours"] / hours_per_day)
            lst["discounts"].append(r["discount"])
            lst["services"].extend(r["services"])
        elif kind == "cross_sold":
            m["revenue"] += r["acv"]
            m["margin"] += r["acv"] * r["margin_rate"]
            m["cross_sell"] += r["acv"]
            lst["services"].append(r["service"])
        elif kind == "renewed":
            m["renewed_acv"] += r["acv"]
        elif kind == "churned":
            m["churned_acv"] += r["acv"]
        elif kind == "deal_lost":
            m["lost"] += 1
        elif kind == "deal_no_decision":
            m["no_decision"] += 1
        elif kind == "action":
            m["hours"] += r["hours"]
            m["actions"] += 1
            m["misfits"] += 0 if r["fit"] else 1
        elif kind == "negotiation_ended":
            m["negotiations"] += 1
            m["unconditional_concessions"] += r["unconditional_concessions"]
            if r["agreement"] is not None:
                lst["value_left"].append(r["value_left"])
                lst["share_claimed"].append(r["share_claimed"])
                lst["give_take"].append(r["give_take_balance"])
        elif kind == "lead_arrived":
            m["leads"] += 1
        elif kind == "contact_attempt" and r.get("waited_calendar_hours") is not None and account not in lead_first:
            lead_first[account] = r["waited_calendar_hours"]
            lst["lead_response_hours"].append(r["waited_calendar_hours"])
            if r["success"]:
                m["leads_qualified"] += 1
    rep_quotas = quotas(scenario)
    out_reps = {}
    for rep in reps:
        m, lst = per[rep], lists[rep]
        pipeline = [0, 0, 0, 0, 0]
        for account, st in status.items():
            if st in OPEN and owner.get(account) == rep:
                pipeline[phase.get(account, 1) - 1] += 1
        decided = m["won"] + m["lost"] + m["no_decision"]
        out_reps[rep] = {
            "revenue": round(m["revenue"], 2),
            "new_business": round(m["new_business"], 2),
            "cross_sell": round(m["cross_sell"], 2),
            "margin": round(m["margin"], 2),
            "margin_rate": round(m["margin"] / m["revenue"], 4) if m["revenue"] else None,
            "quota": rep_quotas[rep],
            "quota_attainment": round(m["revenue"] / rep_quotas[rep], 4) if rep_quotas[rep] else None,
            "won": int(m["won"]), "lost": int(m["lost"]), "no_decision": int(m["no_decision"]),
            "conversion": round(m["won"] / decided, 4) if decided else None,
            "cycle_days_mean": _mean(lst["cycle_days"]), "cycle_days_median": _median(lst["cycle_days"]),
            "services_sold": sorted(set(lst["services"])),
            "mean_discount": _mean(lst["discounts"]),
            "hours": round(m["hours"], 2), "actions": int(m["actions"]), "misfit_actions": int(m["misfits"]),
            "leads": int(m["leads"]), "leads_qualified": int(m["leads_qualified"]),
            "lead_response_hours_median": _median(lst["lead_response_hours"]),
            "renewed_acv": round(m["renewed_acv"], 2), "churned_acv": round(m["churned_acv"], 2),
            "pipeline_by_phase": pipeline,
            "negotiations": int(m["negotiations"]),
            "negotiation_value_left_mean": _mean(lst["value_left"]),
            "negotiation_share_claimed_mean": _mean(lst["share_claimed"]),
            "give_take_balance_mean": _mean(lst["give_take"]),
            "unconditional_concessions": int(m["unconditional_concessions"]),
        }
    return {"team": _team(out_reps, scenario), "reps": out_reps}


def quotas(scenario: Scenario) -> dict[str, float]:
    reps = scenario.team.reps
    team = scenario.targets.team_revenue
    unset = [r for r in reps if not r.quota]
    share = (max(0.0, team - sum(r.quota for r in reps)) / len(unset)) if unset and team else 0.0
    return {r.id: r.quota or share for r in reps}


def _team(reps: dict[str, dict], scenario: Scenario) -> dict:
    rows = list(reps.values())
    revenue = sum(r["revenue"] for r in rows)
    margin = sum(r["margin"] for r in rows)
    quota = scenario.targets.team_revenue or sum(r["quota"] for r in rows)
    won = sum(r["won"] for r in rows)
    decided = won + sum(r["lost"] + r["no_decision"] for r in rows)
    return {
        "revenue": round(revenue, 2),
        "margin": round(margin, 2),
        "margin_rate": round(margin / revenue, 4) if revenue else None,
        "quota": quota,
        "quota_attainment": round(revenue / quota, 4) if quota else None,
        "won": won, "lost": sum(r["lost"] for r in rows), "no_decision": sum(r["no_decision"] for r in rows),
        "conversion": round(won / decided, 4) if decided else None,
        "hours": round(sum(r["hours"] for r in rows), 2),
        "leads": sum(r["leads"] for r in rows),
        "pipeline_by_phase": [sum(r["pipeline_by_phase"][i] for r in rows) for i in range(5)],
    }
