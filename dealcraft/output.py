"""Terminal output shared by the commands: problems to stderr, one per line."""

from __future__ import annotations

import sys
from pathlib import Path

from sim.scenario import Problem, Scenario, ScenarioError, load_scenario
from sim.scenario.shipped import resolve


def report_problems(problems: list[Problem]) -> None:
    for problem in problems:
        print(f"error: {problem}", file=sys.stderr)


def load_or_report(name: str) -> tuple[Path, Scenario | None]:
    """Load a scenario by file or shipped name; on failure print every problem and return None."""
    path = resolve(name)
    if not path.exists() and path.suffix != ".toml" and "/" not in name:
        print(f"error: no file or shipped scenario named '{name}' (see: dealcraft scenarios)", file=sys.stderr)
        return path, None
    try:
        return path, load_scenario(path)
    except ScenarioError as exc:
        report_problems(exc.problems)
        return path, None
