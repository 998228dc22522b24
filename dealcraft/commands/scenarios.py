"""`dealcraft scenarios`: the scenarios shipped with Dealcraft."""

from __future__ import annotations

import argparse
import os
import sys

from rich.console import Console
from rich.table import Table

from sim.scenario import ScenarioError, load_scenario
from sim.scenario.shipped import scenarios_dir, shipped_files


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "scenarios",
        help="list the shipped scenarios",
        description="List the scenarios shipped with Dealcraft with their title and difficulty. "
        "Pass a NAME from the list to 'play', 'run', 'batch', 'calibrate' or 'validate'.",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    files = shipped_files()
    if not files:  # not an empty table: where it looked, and why it may have found nothing
        folder = scenarios_dir()
        why = "" if folder.is_dir() else f" ({'not a folder' if folder.exists() else 'no such folder'})"
        source = "; DEALCRAFT_SCENARIOS points there" if os.environ.get("DEALCRAFT_SCENARIOS") else ""
        print(f"no scenarios found in {folder}{why}{source}")
        return 2
    table = Table(title=f"Scenarios in {scenarios_dir()}", title_justify="left")
    for column in ("name", "title", "difficulty", "language"):
        table.add_column(column, no_wrap=True)
    table.add_column("description", ratio=1)
    broken = 0
    for path in files:
        try:
            scenario = load_scenario(path)
        except ScenarioError as exc:
            broken += 1
            table.add_row(path.stem, f"[red]invalid ({len(exc.problems)} problem{'s' if len(exc.problems) > 1 else ''})[/red]", "", "", "dealcraft validate " + str(path))
            continue
        meta = scenario.meta
        table.add_row(path.stem, meta.title, meta.difficulty, meta.language, meta.description)
    Console(width=None if sys.stdout.isatty() else 140).print(table)
    return 2 if broken else 0
