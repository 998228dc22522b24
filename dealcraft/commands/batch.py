"""`dealcraft batch SCENARIO`: compare strategies and parameter sweeps over many seeded quarters."""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path

from rich.console import Console
from rich.table import Table

from dealcraft.output import load_or_report, out_folder_problem, workers_problem
from dealcraft.progress import progress_bar
from sim.batch import Experiment, ExperimentError, Outcome, Summary, parse_sweep, run_experiment, summarise_folder
from sim.strategies import BUILTINS

EXIT_FAILED_RUNS = 1
EXIT_INTERRUPTED = 130


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "batch",
        help="compare strategies over many seeded quarters, with confidence intervals",
        description="Play SCENARIO many times with each strategy (and each value of swept parameters) and "
        "compare them: per arm the mean and 95% confidence interval of the headline metrics, and the "
        "difference to the baseline arm paired by seed (common random numbers: every arm of replication i "
        "plays the same seed). Results stream to OUT/runs/ as Parquet (or CSV); re-running the same command "
        "resumes an interrupted batch: it checks every part file against the manifest's checksums, plays again "
        "the runs of a damaged one and those lost with a worker process. Exit code 1 when some runs failed (they "
        "are listed), 2 for bad input or a damaged manifest, 130 on Ctrl-C.",
        epilog="example: dealcraft batch colocation --strategy phase-aware --strategy closer --runs 200 "
        "--param lead_delay=0.05,4",
    )
    parser.add_argument("scenario", metavar="SCENARIO", help="scenario file or shipped scenario name")
    parser.add_argument("--strategy", action="append", metavar="SPEC", default=None,
                        help="a strategy to compare, 'name:key=value,...'; repeat for each (default: every built-in)")
    parser.add_argument("--param", action="append", metavar="KEY=V1,V2", default=[],
                        help="sweep a strategy parameter over values: each strategy becomes one arm per value "
                        "(several --param: every combination)")
    parser.add_argument("--runs", type=int, default=30, metavar="N", help="replications per arm (default: 30)")
    parser.add_argument("--seed", type=int, default=1, metavar="S", help="base seed; replication seeds derive from it (default: 1)")
    parser.add_argument("--seat", choices=("all", "trainee"), default="all",
                        help="where the strategy plays: every rep (default) or only the trainee's seat, the others "
                        "as the scenario sets them")
    parser.add_argument("--quarters", type=int, metavar="Q", help="quarters per run (default: the scenario's)")
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--workers", type=int, metavar="K",
                       help="local processes (default: one per core; 1 plays in this process)")
    where.add_argument("--scheduler", metavar="ADDRESS",
                       help="run on Dask: tcp://HOST:PORT of a running scheduler, or 'local' for a LocalCluster "
                       "(needs the 'cluster' extra)")
    parser.add_argument("--out", metavar="DIR", help="output folder (default: batches/SCENARIO-KEY, KEY naming the "
                        "experiment, so the same command finds its folder again)")
    parser.add_argument("--csv", action="store_true", help="write the results as CSV instead of Parquet")
    parser.add_argument("--chunk", type=int, metavar="N", help="runs per task (default: chosen from the batch size, "
                        "at most 20)")
    parser.add_argument("--baseline", metavar="SPEC", help="arm the differences are measured against (default: the first)")
    parser.add_argument("--retry-failed", action="store_true",
                        help="play again the runs that failed with an error (by default a failed run is a result; "
                        "runs lost with a worker process are always played again)")
    parser.set_defaults(run=run)


def fail(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return 2


def build(args: argparse.Namespace, scenario, path: Path) -> Experiment:
    sweep = tuple(parse_sweep(text) for text in args.param)
    strategies = tuple(args.strategy) if args.strategy else tuple(BUILTINS)
    return Experiment(scenario, strategies, args.runs, args.seed, sweep=sweep, seat=args.seat,
                      quarters=args.quarters, source=str(path))


def run(args: argparse.Namespace) -> int:
    path, scenario = load_or_report(args.scenario)
    if scenario is None:
        return 2
    if args.chunk is not None and args.chunk < 1:
        return fail("--chunk must be at least 1")
    if problem := workers_problem(args.workers):
        return fail(problem)
    try:
        experiment = build(args, scenario, path)
    except ExperimentError as exc:
        return fail(str(exc))
    baseline = None
    if args.baseline is not None:
        baseline = next((arm.index for arm in experiment.arms if arm.spec == args.baseline), None)
        if baseline is None:
            return fail(f"--baseline '{args.baseline}' is not an arm; arms: {', '.join(a.spec for a in experiment.arms)}")
    out = Path(args.out) if args.out else Path("batches") / f"{path.stem}-{experiment.key()}"
    if problem := out_folder_problem(out):
        return fail(problem)
    console = Console(width=None if sys.stdout.isatty() else 140)
    arms = len(experiment.arms)
    console.print(f"{scenario.meta.title}: {arms} arm{'s' if arms > 1 else ''} × {_runs(experiment.runs)} = "
                  f"{_runs(experiment.total)}, base seed {experiment.seed}, strategy in "
                  f"{'the trainee seat' if experiment.seat == 'trainee' else 'every seat'} → {out}", highlight=False)
    try:
        with progress_bar("batch") as update:
            outcome = run_experiment(experiment, out, workers=args.workers, scheduler=args.scheduler,
                                     chunk=args.chunk, fmt="csv" if args.csv else "parquet", progress=update,
                                     retry_failed=args.retry_failed)
        summary, files = summarise_folder(out, baseline)
    except ExperimentError as exc:
        return fail(str(exc))
    print_outcome(console, outcome)
    if summary.arms:
        print_summary(console, summary, scenario.meta.currency)
    print_failures(outcome)
    console.print(f"results: {out / 'runs'} ({'CSV' if args.csv else 'Parquet'}, one row per run)", highlight=False)
    console.print(f"summary: {out / 'summary.csv'}, charts: {out}/chart-*.png", highlight=False)
    if outcome.interrupted:
        print(f"interrupted: {outcome.finished} of {outcome.total} runs kept; run the same command again to resume",
              file=sys.stderr)
        return EXIT_INTERRUPTED
    return EXIT_FAILED_RUNS if outcome.failures else 0


def print_outcome(console: Console, outcome: Outcome) -> None:
    for repair in outcome.repairs:
        print(f"warning: {repair}", file=sys.stderr)
    parts = [f"{_runs(outcome.played)} played"]
    if outcome.already_done:
        parts.append(f"{outcome.already_done} already in the folder")
    if outcome.retried:
        parts.append(f"{outcome.retried} played again after failing")
    if outcome.executor:
        parts.append(outcome.executor if outcome.executor.startswith("in") else f"on {outcome.executor}")
    parts.append(f"in {outcome.elapsed:.1f} s")
    console.print(", ".join(parts), highlight=False)


def _runs(n: int) -> str:
    return f"{n} run{'' if n == 1 else 's'}"


RATES = ("quota_attainment", "margin_rate", "conversion")


def fmt(metric: str, value: float | None, signed: bool = False) -> str:
    """A metric's value for the table; a difference (signed) of rates is in percentage points."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    sign = "+" if signed else ""
    name = metric.split("_", 1)[1]
    if name in ("revenue", "margin"):
        scale, unit = (1e6, "M") if abs(value) >= 1e6 else (1e3, "k")
        digits = 2 if unit == "M" else 1
        return f"{_nonzero(value / scale, digits):{sign},.{digits}f}{unit}"
    if name in RATES:
        if signed:
            return f"{_nonzero(value * 100, 1):+.1f} pt"
        return f"{value:.1%}"
    return f"{_nonzero(value, 2):{sign}.2f}"


def _nonzero(value: float, digits: int) -> float:
    """No '-0.0': a value that rounds to zero prints as zero."""
    return 0.0 if round(value, digits) == 0 else value


def interval(metric: str, low: float | None, high: float | None, signed: bool = False) -> str:
    if low is None or high is None:
        return "—"
    return f"[{fmt(metric, low, signed)}, {fmt(metric, high, signed)}]"


def print_summary(console: Console, summary: Summary, currency: str) -> None:
    base = dict(summary.arms)[summary.baseline]
    table = Table(title=f"Mean and 95% interval per arm; Δ: paired difference to the baseline '{base}'",
                  title_justify="left", caption=f"amounts in {currency}; pt: percentage points; * the interval of Δ excludes zero; "
                  "n: runs where the metric is defined", caption_justify="left")
    for column in ("metric", "arm", "n", "mean", "95% interval", "Δ", "95% interval of Δ"):
        table.add_column(column, justify="left" if column in ("metric", "arm") else "right")
    for metric in summary.metrics:
        for number, (arm, strategy) in enumerate(summary.arms):
            line = summary.line(metric, arm)
            v, d = line.value, line.difference
            delta, delta_ci = "baseline", ""
            if d is not None:
                significant = d.low is not None and (d.low > 0 or d.high < 0)
                delta = fmt(metric, d.mean, signed=True) + (" *" if significant else "")
                delta_ci = interval(metric, d.low, d.high, signed=True)
            table.add_row(metric if number == 0 else "", strategy, str(v.n), fmt(metric, v.mean),
                          interval(metric, v.low, v.high), delta, delta_ci,
                          end_section=number == len(summary.arms) - 1)
    console.print(table)


def print_failures(outcome: Outcome) -> None:
    if not outcome.failures:
        return
    print(f"{len(outcome.failures)} run(s) failed; each is recorded with its error and seed:", file=sys.stderr)
    for row in outcome.failures[:10]:
        print(f"  run {row['run_id']} (replication {row['replication']}, seed {row['seed']}, {row['strategy']}): "
              f"{row['error']}", file=sys.stderr)
    if len(outcome.failures) > 10:
        print(f"  … and {len(outcome.failures) - 10} more (the 'error' column of the results)", file=sys.stderr)
