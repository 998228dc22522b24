"""`dealcraft validate FILE...`: check scenario files and report every problem."""

from __future__ import annotations

import argparse

from dealcraft.output import report_problems, unknown_name
from sim.scenario import check_file, load_scenario
from sim.scenario.shipped import resolve


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "validate",
        help="check scenario files and report every problem",
        description="Check scenario files. Each problem is printed as FILE:LINE: FIELD: MESSAGE. "
        "Exit code 0 when every file is valid, 2 otherwise.",
    )
    parser.add_argument("files", nargs="+", metavar="FILE", help="scenario files (.toml) or names of shipped scenarios")
    parser.add_argument("-q", "--quiet", action="store_true", help="print nothing for valid files")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    failed = 0
    for name in args.files:
        path = resolve(name)
        if unknown_name(name, path):
            failed += 1
            continue
        problems = check_file(path)
        if problems:
            failed += 1
            report_problems(problems)
            print(f"{path}: {len(problems)} problem{'s' if len(problems) > 1 else ''}")
        elif not args.quiet:
            scenario = load_scenario(path)
            print(f"{path}: ok — {scenario.meta.title} ({scenario.meta.difficulty})")
    if len(args.files) > 1 and not args.quiet:
        print(f"{len(args.files) - failed} of {len(args.files)} files valid")
    return 2 if failed else 0
