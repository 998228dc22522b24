"""`dealcraft score EVENTS.jsonl`: rescore a saved event log."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from rich.console import Console
from rich.table import Table

from dealcraft.output import read_event_log, scenario_of_log
from sim.scores import CRITERIA, score


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "score",
        help="rescore a saved event log",
        description="Grade every rep of a saved event log (written by 'dealcraft run --events FILE') on every "
        "criterion, 1-5 against the team average. The scenario is the one named in the log, or --scenario.",
    )
    parser.add_argument("events", metavar="EVENTS.jsonl", help="event log in JSON lines")
    parser.add_argument("--scenario", metavar="FILE", help="scenario the log was played on (default: from the log)")
    parser.add_argument("--json", action="store_true", help="print the scores as JSON")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    path = Path(args.events)
    records = read_event_log(path)
    if records is None:
        return 2
    scenario = scenario_of_log(records, args.scenario, path)
    if scenario is None:
        return 2
    scores = score(records, scenario)
    if args.json:
        print(json.dumps({rep: s.as_dict() for rep, s in scores.items()}, indent=2, sort_keys=True))
        return 0
    names = {r.id: r.name for r in scenario.team.reps}
    table = Table(title=f"{scenario.meta.title} — grades 1-5 against the team average (value · grade)", title_justify="left")
    table.add_column("criterion")
    for rep in scores:
        table.add_column(names[rep], justify="right")
    for name in CRITERIA:
        cells = []
        for s in scores.values():
            c = s.criteria[name]
            cells.append("—" if c.value is None else f"{_value(c.value, CRITERIA[name][2])} · {c.grade}")
        table.add_row(name.replace("_", " "), *cells)
    table.add_row("overall", *["—" if s.overall is None else f"{s.overall:.1f}" for s in scores.values()], style="bold")
    Console(width=None if sys.stdout.isatty() else 140).print(table)
    return 0


PERCENT_UNITS = ("of quota", "margin rate", "share")
SUFFIX = {"days": " d", "hours": " h"}


def _value(value: float, unit: str = "") -> str:
    """A criterion's value in its unit: shares and quota attainment as percentages (1.174 would read as
    money), amounts in whole units with thousands separators (never 4.298e+04), else 4 digits."""
    if unit in PERCENT_UNITS:
        return f"{value:.0%}"
    if unit == "currency" or abs(value) >= 1000:
        return f"{value:,.0f}"
    return f"{value:.4g}{SUFFIX.get(unit, '')}"
