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
    if unknown_name(name, path):
        return path, None
    try:
        return path, load_scenario(path)
    except ScenarioError as exc:
        report_problems(exc.problems)
        return path, None


def unknown_name(name: str, path: Path) -> bool:
    """A bare name (no folder, no suffix) that is neither a file here nor a shipped scenario: say so."""
    try:
        if path.exists() or path.suffix == ".toml" or "/" in name or os.sep in name:
            return False
    except (OSError, ValueError):  # a name no file system accepts (too long, NUL): the loader says why
        return False
    print(f"error: no file or shipped scenario named '{name}' (see: dealcraft scenarios)", file=sys.stderr)
    return True


def output_file_problem(target: str, scenario: Path | None = None) -> str | None:
    """Why `target` cannot take a file the command is about to write, checked before any work; None if it can."""
    path = Path(target)
    if not target.strip():
        return "'': give a file name"
    try:
        return _output_file_problem(target, path, scenario)
    except (OSError, ValueError) as exc:  # a name no file system accepts (too long, NUL)
        return f"{target[:200]}: {getattr(exc, 'strerror', None) or exc}"


def _output_file_problem(target: str, path: Path, scenario: Path | None) -> str | None:
    if path.is_dir():
        return f"{target}: is a folder; give a file name"
    if not path.parent.is_dir():
        return f"{target}: folder {path.parent} does not exist" if not path.parent.exists() else \
            f"{target}: {path.parent} is not a folder"
    if path.exists():
        if scenario is not None and path.resolve() == scenario.resolve():
            return f"{target}: is the scenario being played; write the event log to another file (e.g. events.jsonl)"
        if path.suffix.lower() == ".toml":
            return f"{target}: a scenario file is there; an event log is JSON lines, write it to a .jsonl file"
    return None


WORKERS_PER_CORE = 4
"""--workers above this many per core is refused: the runs are CPU-bound, and each worker is a spawned Python."""


def workers_problem(workers: int | None) -> str | None:
    """Why `--workers` cannot be used on this machine; None if it can."""
    if workers is None:
        return None
    if workers < 1:
        return "--workers must be at least 1"
    cores = os.cpu_count() or 1
    if workers > WORKERS_PER_CORE * cores:
        return (f"--workers {workers} is more than {WORKERS_PER_CORE} per core of this machine ({cores} "
                f"core{'s' if cores > 1 else ''}): the runs are CPU-bound, so extra processes only cost memory; "
                f"use at most --workers {WORKERS_PER_CORE * cores}, or --scheduler for a cluster")
    return None


BATCH_FILES = (".lock", "checksums.jsonl", "runs", "damaged", ".*.tmp",
               ".DS_Store", "Thumbs.db", "desktop.ini", ".gitkeep")
"""What a batch writes in its folder before its manifest (sim.batch; `.NAME.<random>.tmp` from an atomic write
killed half-way), and what file managers and git leave in an empty folder: a folder without a manifest may
hold only these (a batch killed before its manifest was written), else it is someone else's folder."""


def out_folder_problem(out: Path) -> str | None:
    """Why `out` cannot be (or become) an output folder, checked before any run is played; None if it can.
    A folder that holds other files and no batch is refused: the summary and charts would land among them,
    over any file of the same name."""
    try:
        if out.is_dir() and not (out / "manifest.json").exists():
            others = sorted(p.name for p in out.iterdir() if not any(p.match(pattern) for pattern in BATCH_FILES))
            if others:
                shown = ", ".join(others[:3]) + (f" and {len(others) - 3} more" if len(others) > 3 else "")
                return (f"--out {out}: the folder holds other files ({shown}) and no batch; give a new or empty "
                        "folder, so that nothing there is overwritten")
        for folder in (out, *out.parents):
            if folder.exists():
                if not folder.is_dir():
                    return (f"--out {out}: {folder} is a file, not a folder" if folder != out
                            else f"--out {out}: is a file, not a folder; give a folder name (it is created if needed)")
                return None
    except (OSError, ValueError) as exc:
        return f"--out {str(out)[:200]}: {getattr(exc, 'strerror', None) or exc}"
    return None


MAX_LOG_BYTES = 512 * 1024 * 1024


def read_event_log(path: Path) -> list[dict] | None:
    """The records of an event log written by `dealcraft run --events`; None after printing why not."""
    if _is_folder(path):
        print(f"error: {path}: is a folder, not an event log (write one with: dealcraft run SCENARIO --events FILE)",
              file=sys.stderr)
        return None
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
        # read_jsonl decodes line by line, so exc.lineno is always 1: find the line that fails
        number = next((n for n, line in enumerate(text.splitlines(), start=1) if line.strip() and not _is_json(line)),
                      exc.lineno)
        print(f"error: {path}:{number}: not a JSON line ({exc.msg})", file=sys.stderr)
        return None
    if not records or not all(isinstance(r, dict) and {"t", "kind"} <= set(r) for r in records):
        print(f"error: {path}: not a Dealcraft event log (each line needs 't' and 'kind')", file=sys.stderr)
        return None
    return records


def _is_folder(path: Path) -> bool:
    try:
        return path.is_dir()
    except (OSError, ValueError):  # a name no file system accepts: reading it says why
        return False


def _is_json(line: str) -> bool:
    try:
        json.loads(line)
    except json.JSONDecodeError:
        return False
    return True


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


def _beside(source: str, log: Path) -> str:
    """A relative scenario path from a log read from another folder: the file beside the log (or below it),
    when there is none here. `cd work; dealcraft run x.toml --events q.jsonl`, then `cd ..; dealcraft score
    work/q.jsonl`: the log names 'x.toml', which is work/x.toml."""
    path = Path(source)
    try:
        if path.is_absolute() or path.suffix != ".toml" or path.exists():
            return source
        folder = log.resolve().parent
        candidate = (folder / path).resolve()
        if candidate.is_relative_to(folder) and candidate.is_file():
            return str(candidate)
    except (OSError, ValueError):
        pass
    return source


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
    if not override and log is not None:
        source = _beside(source, log)
    _, scenario = load_or_report(source)
    if scenario is None:
        return None
    reps = {r.id for r in scenario.team.reps}
    if started.get("reps") and set(started["reps"]) != reps:
        print(f"error: the log's reps ({', '.join(started['reps'])}) are not the scenario's ({', '.join(sorted(reps))})",
              file=sys.stderr)
        return None
    return scenario
