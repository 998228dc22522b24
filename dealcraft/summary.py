"""A readable summary of a run for the terminal (rich tables; plain text when piped)."""

from __future__ import annotations

import sys

from rich.console import Console
from rich.table import Table

from sim.run import RunResult


def _money(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value / 1e6:.2f}M" if abs(value) >= 1e6 else f"{value / 1e3:.0f}k"


def _grade(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}"


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}"


def print_summary(result: RunResult, console: Console | None = None) -> None:
    console = console or Console(width=None if sys.stdout.isatty() else 120)
    scenario = result.scenario
    currency = scenario.meta.currency
    names = {r.id: r.name for r in scenario.team.reps}
    strategies = {r.id: result.world.controllers[r.id].name for r in scenario.team.reps}
    for number, quarter in enumerate(result.quarters, start=1):
        team = quarter["team"]
        table = Table(title=f"{scenario.meta.title} — quarter {number}, seed {result.seed}, amounts in {currency}",
                      title_justify="left", caption="n.d.: no decision · cycle: median days to sign · "
                      "lead: median calendar hours to first reply · grade: overall 1-5 against the team average", caption_justify="left")
        for column in ("rep", "strategy", "revenue", "quota", "quota %", "margin", "won", "lost", "n.d.",
                       "cycle", "lead", "hours", "grade"):
            table.add_column(column, justify="left" if column in ("rep", "strategy") else "right",
                             no_wrap=column != "rep")
        for rep_id, m in quarter["reps"].items():
            table.add_row(names[rep_id], strategies[rep_id], _money(m["revenue"]), _money(m["quota"]),
                          _pct(m["quota_attainment"]), _pct(m["margin_rate"]), str(m["won"]), str(m["lost"]),
                          str(m["no_decision"]), "—" if m["cycle_days_median"] is None else f"{m['cycle_days_median']:.0f}",
                          "—" if m["lead_response_hours_median"] is None else f"{m['lead_response_hours_median']:.1f}",
                          f"{m['hours']:.0f}", _grade(quarter["scores"][rep_id]["overall"]))
        table.add_row("team", "", _money(team["revenue"]), _money(team["quota"]),
                      _pct(team["quota_attainment"]), _pct(team["margin_rate"]), str(team["won"]), str(team["lost"]),
                      str(team["no_decision"]), "", "", f"{team['hours']:.0f}", "", style="bold")
        console.print(table)
        pipeline = " · ".join(f"phase {i + 1}: {n}" for i, n in enumerate(team["pipeline_by_phase"]))
        console.print(f"open pipeline at the end of the quarter (true phases): {pipeline}\n")
