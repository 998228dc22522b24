"""`dealcraft calibrate SCENARIO`: how hard is this scenario for a trainee, and what to change."""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from dataclasses import asdict
from pathlib import Path

from rich.console import Console
from rich.table import Table

from dealcraft.output import load_or_report, out_folder_problem, workers_problem
from dealcraft.progress import progress_bar
from sim.batch import ExperimentError, load_results, run_experiment
from sim.batch import calibration as cal
from sim.metrics import quotas


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "calibrate",
        help="tell how hard a scenario is, with advice",
        description="Play every built-in strategy in the trainee's seat (the other seats as the scenario sets "
        "them) over many seeds and report the trainee's quota attainment per strategy: mean, 10th, 50th and "
        "90th percentile and how often quota is reached; the spread due to luck (phase-aware across seeds); and "
        "a verdict — too easy, too hard, too random or about right — with what to change.",
    )
    parser.add_argument("scenario", metavar="SCENARIO", help="scenario file or shipped scenario name")
    parser.add_argument("--runs", type=int, default=30, metavar="N", help="seeds per strategy (default: 30)")
    parser.add_argument("--seed", type=int, default=1, metavar="S", help="base seed (default: 1)")
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--workers", type=int, metavar="K", help="local processes (default: one per core)")
    where.add_argument("--scheduler", metavar="ADDRESS", help="Dask scheduler tcp://HOST:PORT, or 'local'")
    parser.add_argument("--out", metavar="DIR", help="keep the runs in DIR (a batch folder; default: discarded)")
    parser.add_argument("--json", action="store_true", help="print the figures and the verdict as JSON")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    path, scenario = load_or_report(args.scenario)
    if scenario is None:
        return 2
    if problem := workers_problem(args.workers):
        print(f"error: {problem}", file=sys.stderr)
        return 2
    trainee = scenario.team.reps[0]
    if not quotas(scenario).get(trainee.id):
        print(f"error: {path}: the trainee's seat ({trainee.id}, team.reps[0]) has no quota, and calibrate measures "
              "quota attainment: set its `quota`, or `team_revenue` in [targets]", file=sys.stderr)
        return 2
    if args.out and (problem := out_folder_problem(Path(args.out))):
        print(f"error: {problem}", file=sys.stderr)
        return 2
    try:
        experiment = cal.experiment(scenario, args.runs, args.seed, source=str(path))
        with tempfile.TemporaryDirectory(prefix="dealcraft-calibrate-") as scratch:
            out = Path(args.out) if args.out else Path(scratch)
            with progress_bar("calibrate") as update:
                outcome = run_experiment(experiment, out, workers=args.workers, scheduler=args.scheduler,
                                         progress=update)
            frame = load_results(out, ["strategy", "error", "seat_quota", cal.METRIC])
    except ExperimentError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if outcome.interrupted:
        print("interrupted", file=sys.stderr)
        return 130
    seat_quotas = frame["seat_quota"].dropna()
    quota = float(seat_quotas.iloc[0]) if len(seat_quotas) else float(trainee.quota or 0.0)
    result = cal.judge(cal.spreads(frame), quota, scenario.meta.currency)
    if args.json:
        document = {"scenario": str(path), "runs": args.runs, "seed": args.seed, "trainee": trainee.id,
                    "quota": quota, "label": result.label, "verdicts": result.verdicts, "advice": result.advice,
                    "luck": result.luck, "skill_gap": result.skill_gap, "suggested_quota": result.suggested_quota,
                    "strategies": [asdict(s) for s in result.spreads], "failed_runs": len(outcome.failures)}
        print(json.dumps(document, indent=2))
        return 0
    show(result, scenario, args.runs, len(outcome.failures))
    if args.runs < FEW_RUNS:
        print(f"warning: {args.runs} seed{'s' if args.runs > 1 else ''} per strategy: too few for a steady verdict; "
              f"use --runs 30 or more (100 before you ship the scenario)", file=sys.stderr)
    if args.out:
        print(f"runs kept in {args.out} (a batch folder: see docs/batch.md)")
    return 0


FEW_RUNS = 10
"""Below this many seeds per strategy, calibrate warns that the verdict is not steady."""


def show(result: cal.Calibration, scenario, runs: int, failed: int) -> None:
    console = Console(width=None if sys.stdout.isatty() else 120)
    trainee = scenario.team.reps[0]
    table = Table(title=f"{scenario.meta.title} — quota attainment in the trainee's seat ({trainee.name}) by "
                  f"strategy, {runs} seed{'s' if runs > 1 else ''} each", title_justify="left",
                  caption="p10 / p50 / p90: a bad, a typical and a good quarter; reach: share of quarters at or "
                  "above quota; luck: standard deviation across seeds", caption_justify="left")
    for column in ("strategy", "mean", "p10", "p50", "p90", "reach", "luck"):
        table.add_column(column, justify="left" if column == "strategy" else "right")
    for s in result.spreads:
        role = " (good play)" if s.strategy == cal.GOOD else " (floor)" if s.strategy in cal.FLOORS else ""
        table.add_row(s.strategy + role, f"{s.mean:.0%}", f"{s.p10:.0%}", f"{s.p50:.0%}", f"{s.p90:.0%}",
                      f"{s.reach:.0%}", f"±{s.std:.0%}")
    console.print(table)
    if failed:
        print(f"warning: {failed} run(s) failed and are left out", file=sys.stderr)
    console.print(f"luck: ±{result.luck:.0%} of quota for '{cal.GOOD}' from one quarter to the next; "
                  f"skill: good play beats the best floor strategy by {result.skill_gap:.0%} of quota on average",
                  highlight=False)
    console.print(f"[bold]verdict: {result.label}[/bold]")
    for line in result.verdicts:
        console.print(f"  {line}", highlight=False)
    for line in result.advice:
        console.print(f"  → {line}", highlight=False)
