"""Terminal output shared by the commands: problems to stderr, one per line."""

from __future__ import annotations

import sys

from sim.scenario import Problem


def report_problems(problems: list[Problem]) -> None:
    for problem in problems:
        print(f"error: {problem}", file=sys.stderr)
