"""Terminal output shared by the commands: problems to stderr, one per line."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from sim.log import read_jsonl
from sim.scenario import Problem, Scenario, ScenarioError, load_scenario
from sim.scenario.shipped import resolve, scenarios_dir


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


MAX_LOG_BYTES = 512 * 1024 * 1024


def read_event_log(path: Path) -> list[dict] | None:
    """The records of an event log written by `dealcraft run --events`; None after printing why not."""
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


def source_allowed(source: str, log: Path | None) -> bool:
    """A scenario path read from a log is data: it may name a shipped scenario, or a .toml file in
    the current folder or the log's folder (or below), never a file elsewhere (../../, /etc/...)."""
    if not isinstance(source, str) or not source or "\x00" in source:
        return False
    path = Path(source)
    if not path.suffix and "/" not in source and os.sep not in source:
        return True  # a shipped name ('colocation'): looked up in the shipped folder (or the current one)
    if path.suffix != ".toml":
        return False
    target = (Path.cwd() / path).resolve()
    folders = [Path.cwd().resolve(), scenarios_dir().resolve()]
    if log is not None:
        folders.append(log.resolve().parent)
    return any(target.is_relative_to(folder) for folder in folders)


def scenario_of_log(records: list[dict], override: str | None, log: Path | None = None) -> Scenario | None:
    """The scenario a log was played on: `override`, else the one the log names; None after printing why."""
    started = next((r for r in records if r["kind"] == "run_started"), {})
    source = override or started.get("source")
    if not source:
        print("error: the log does not name its scenario; pass --scenario FILE", file=sys.stderr)
        return None
    if not override and not source_allowed(source, log):
        print(f"error: the log names its scenario as {str(source)[:200]!r}, outside this folder and the log's; "
              "pass --scenario FILE to choose it", file=sys.stderr)
        return None
    _, scenario = load_or_report(source)
    if scenario is None:
        return None
    reps = {r.id for r in scenario.team.reps}
    if started.get("reps") and set(started["reps"]) != reps:
        print(f"error: the log's reps ({', '.join(started['reps'])}) are not the scenario's ({', '.join(sorted(reps))})",
              file=sys.stderr)
        return None
    return scenario
