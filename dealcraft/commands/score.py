"""`dealcraft score EVENTS.jsonl`: rescore a saved event log."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from rich.console import Console
from rich.table import Table

from dealcraft.output import load_or_report
from sim.log import read_jsonl
from sim.scores import CRITERIA, score

MAX_LOG_BYTES = 512 * 1024 * 1024


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


def read_log(path: Path) -> list[dict] | None:
    try:
        if path.stat().st_size > MAX_LOG_BYTES:
            print(f"error: {path}: over the {MAX_LOG_BYTES // 2**20} MiB limit for an event log", file=sys.stderr)
            return None
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        print(f"error: {path}: file not found", file=sys.stderr)
        return None
    except (OSError, UnicodeDecodeError) as exc:
        print(f"error: {path}: cannot read the event log ({exc})", file=sys.stderr)
        return None
    try:
        records = read_jsonl(text)
    except json.JSONDecodeError as exc:
        print(f"error: {path}:{exc.lineno}: not a JSON line ({exc.msg})", file=sys.stderr)
        return None
    if not records or not all(isinstance(r, dict) and {"t", "kind"} <= set(r) for r in records):
        print(f"error: {path}: not a Dealcraft event log (each line needs 't' and 'kind')", file=sys.stderr)
        return None
    return records


def run(args: argparse.Namespace) -> int:
    path = Path(args.events)
    records = read_log(path)
    if records is None:
        return 2
    started = next((r for r in records if r["kind"] == "run_started"), {})
    source = args.scenario or started.get("source")
    if not source:
        print("error: the log does not name its scenario; pass --scenario FILE", file=sys.stderr)
        return 2
    _, scenario = load_or_report(source)
    if scenario is None:
        return 2
    reps = {r.id for r in scenario.team.reps}
    if started.get("reps") and set(started["reps"]) != reps:
        print(f"error: the log's reps ({', '.join(started['reps'])}) are not the scenario's ({', '.join(sorted(reps))})",
              file=sys.stderr)
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
            cells.append("—" if c.value is None else f"{c.value:,.4g} · {c.grade}")
        table.add_row(name.replace("_", " "), *cells)
    table.add_row("overall", *["—" if s.overall is None else f"{s.overall:.1f}" for s in scores.values()], style="bold")
    Console(width=None if sys.stdout.isatty() else 140).print(table)
    return 0
