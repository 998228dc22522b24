"""`dealcraft run SCENARIO`: play a scenario headless with built-in strategies and print the metrics."""

from __future__ import annotations

import argparse
import json
import shlex
import sys

from dealcraft.output import load_or_report, output_file_problem
from dealcraft.summary import print_summary
from sim.files import atomic_write_text
from sim.run import run as run_scenario
from sim.strategies import StrategyError, make_controller


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "run",
        help="play a scenario headless with strategies and print the metrics",
        description="Play SCENARIO with every rep driven by a built-in strategy and print what happened: "
        "revenue against quota, deals won, lost and undecided, cycle times, lead response and pipeline per rep.",
    )
    parser.add_argument("scenario", metavar="SCENARIO", help="scenario file or shipped scenario name")
    parser.add_argument("--strategy", metavar="NAME", help="strategy for every rep, 'name:key=value,...' "
                        "(default: each rep's strategy from the scenario)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the run (default: 1)")
    parser.add_argument("--quarters", type=int, metavar="Q", help="quarters to play (default: the scenario's)")
    parser.add_argument("--json", action="store_true", help="print one JSON document of the metrics instead")
    parser.add_argument("--events", metavar="FILE", help="write the event log to FILE as JSON lines")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    path, scenario = load_or_report(args.scenario)
    if scenario is None:
        return 2
    if args.quarters is not None and not 1 <= args.quarters <= 20:
        print("error: --quarters must be between 1 and 20", file=sys.stderr)
        return 2
    if args.seed < 0:
        print("error: --seed must be zero or positive", file=sys.stderr)
        return 2
    if args.events is not None and (problem := output_file_problem(args.events, path)):
        print(f"error: --events {problem}", file=sys.stderr)
        return 2
    try:
        specs = [args.strategy] if args.strategy else sorted({r.strategy for r in scenario.team.reps})
        for spec in specs:
            make_controller(spec, None)
    except StrategyError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    result = run_scenario(scenario, args.seed, strategy=args.strategy, quarters=args.quarters, source=str(path))
    if args.events:
        try:
            atomic_write_text(args.events, result.log.to_jsonl())
        except OSError as exc:
            print(f"error: cannot write {args.events}: {exc.strerror or exc}", file=sys.stderr)
            return 2
    if args.json:
        document = {"scenario": str(path), "seed": args.seed, "strategy": args.strategy,
                    "quarters": result.quarters, "overall": result.overall}
        print(json.dumps(document, indent=2, sort_keys=True))
    else:
        print_summary(result)
        if args.events:
            log = shlex.quote(args.events)
            print(f"event log: {args.events} ({len(result.log)} events); next: dealcraft debrief {log} "
                  f"(the moments that cost most) or dealcraft score {log}")
        else:
            print("next: add --events FILE to keep the event log, then: dealcraft debrief FILE")
    return 0
