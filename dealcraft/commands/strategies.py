"""`dealcraft strategies`: the built-in strategies and their parameters."""

from __future__ import annotations

import argparse
from dataclasses import fields

from sim.strategies import BUILTINS
from sim.strategies.base import PARAM_HELP


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "strategies",
        help="list the built-in strategies and their parameters",
        description="List the built-in strategies for AI reps. Configure one as 'name:key=value,...', "
        "e.g. 'phase-aware:lead_delay=0.5,cadence=1.5', wherever a strategy is asked for "
        "(dealcraft run --strategy, dealcraft batch --strategy, a rep's `strategy` in a scenario).",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    for name, policy in BUILTINS.items():
        doc = (policy.__doc__ or "").strip().splitlines()[0]
        print(f"{name}: {doc}")
        defaults = policy._parse({}) if name not in ("spray", "closer") else policy(None).params
        for field in fields(defaults):
            value = getattr(defaults, field.name)
            print(f"    {field.name + '=' + str(value):<18} {PARAM_HELP.get(field.name, '')}")
        print()
    print("example: dealcraft run onboarding --strategy phase-aware:lead_delay=0.5,manager=false")
    return 0
