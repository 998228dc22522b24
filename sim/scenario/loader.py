"""Read a scenario file into a validated Scenario, or report every problem with it.

The file is treated as data from an untrusted author: size-capped, decoded strictly
as UTF-8, parsed with tomllib (which executes nothing), then validated. Nothing here
raises anything but ScenarioError for a bad file.
"""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path as FsPath

from pydantic import ValidationError

from sim.scenario.problems import Problem, ScenarioError, _shown, from_validation_error
from sim.scenario.references import check_references
from sim.scenario.schema import SCHEMA_VERSION, Scenario
from sim.scenario.toml_lines import LineIndex

MAX_BYTES = 1024 * 1024
"""Scenario files above 1 MiB are refused: a real one is a few kB, a huge one is a mistake or an attack."""

MAX_DEPTH = 32
"""Values nested deeper than this are refused: a real scenario nests five levels, a deep one is an attack."""

_TOML_POSITION = re.compile(r"^(?P<msg>.*?)\s*\(at line (?P<line>\d+), column (?P<col>\d+)\)\s*$", re.S)
_HINTS = {
    "Invalid value": " (text needs double quotes, e.g. name = \"Acme\"; true/false and numbers do not)",
    "Cannot overwrite a value": " (this key is set twice)",
}
_TOML_END = re.compile(r"^(?P<msg>.*?)\s*\(at end of document\)\s*$", re.S)


def read_text(path: FsPath, max_bytes: int = MAX_BYTES) -> str:
    """The file's text, or ScenarioError naming why it cannot be read as a text scenario."""
    name = str(path)
    try:
        if path.is_dir():
            raise ScenarioError([Problem(name, "is a folder, not a scenario file")])
        size = path.stat().st_size
        if size > max_bytes:
            raise ScenarioError([Problem(name, f"file is {size:,} bytes, over the {max_bytes:,}-byte limit for a scenario")])
        with path.open("rb") as handle:
            raw = handle.read(max_bytes + 1)
    except FileNotFoundError:
        raise ScenarioError([Problem(name, "file not found")]) from None
    except PermissionError:
        raise ScenarioError([Problem(name, "permission denied: cannot read this file")]) from None
    except OSError as exc:
        raise ScenarioError([Problem(name, f"cannot read file: {exc.strerror or exc}")]) from None
    except ValueError:
        raise ScenarioError([Problem(name, "not a usable file name (it contains a NUL character)")]) from None
    if len(raw) > max_bytes:
        raise ScenarioError([Problem(name, f"file is over the {max_bytes:,}-byte limit for a scenario")])
    return decode(name, raw)


def decode(name: str, raw: bytes) -> str:
    if b"\x00" in raw:
        line = raw[: raw.index(b"\x00")].count(b"\n") + 1
        raise ScenarioError([Problem(name, "binary data (a NUL byte): a scenario is a UTF-8 text file", line=line)])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise ScenarioError(
            [Problem(name, f"not UTF-8 text (byte 0x{raw[exc.start]:02x}); save the file as UTF-8", line=line, column=column)]
        ) from None
    return text.removeprefix("\ufeff")


def parse(name: str, text: str) -> dict:
    """TOML text to a dict; a syntax error becomes a Problem with line and column."""
    if not text.strip() or all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()):
        raise ScenarioError([Problem(name, "file is empty: a scenario needs at least `schema = 1`, [meta], [team], [catalog] and [accounts]")])
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        if m := _TOML_POSITION.match(message):
            raise ScenarioError(
                [Problem(name, f"TOML syntax error: {m['msg']}{_HINTS.get(m['msg'], '')}", line=int(m["line"]), column=int(m["col"]))]
            ) from None
        if m := _TOML_END.match(message):
            raise ScenarioError([Problem(name, f"TOML syntax error at the end of the file: {m['msg']}", line=max(1, len(text.splitlines())))]) from None
        raise ScenarioError([Problem(name, f"TOML syntax error: {message}")]) from None
    except RecursionError:
        raise ScenarioError([Problem(name, "values are nested too deeply (thousands of levels of [ ] or { })")]) from None
    except ValueError:
        # tomllib lets Python's int() refuse integers of thousands of digits
        raise ScenarioError([_long_number(name, text)]) from None
    if (path := _too_deep(data)) is not None:
        message = f"values are nested too deeply (more than {MAX_DEPTH} levels of [ ] or {{ }})"
        raise ScenarioError([Problem(name, message, path[:4], LineIndex(text).line_of(path))])
    return data


def _long_number(name: str, text: str) -> Problem:
    limit = sys.get_int_max_str_digits() or 4300
    m = re.search(rf"[0-9][0-9_]{{{limit},}}", text)
    line = text.count("\n", 0, m.start()) + 1 if m else None
    column = m.start() - (text.rfind("\n", 0, m.start()) + 1) + 1 if m else None
    return Problem(name, f"TOML syntax error: a number is too long (over {limit} digits)", line=line, column=column)


def _too_deep(data: dict) -> tuple | None:
    """Path of the first value nested more than MAX_DEPTH levels deep, or None."""
    stack: list[tuple[tuple, object]] = [((), data)]
    while stack:
        path, node = stack.pop()
        if len(path) > MAX_DEPTH:
            return path
        if isinstance(node, dict):
            stack.extend(((*path, k), v) for k, v in node.items())
        elif isinstance(node, list):
            stack.extend(((*path, i), v) for i, v in enumerate(node))
    return None


def validate(name: str, data: dict, text: str = "") -> Scenario:
    """Validate parsed data; every schema and reference problem is reported together."""
    lines = LineIndex(text)
    problems: list[Problem] = []
    version = data.get("schema")
    if version is not None and (type(version) is not int or version != SCHEMA_VERSION):
        message = (
            f"this file uses schema {version}, this Dealcraft reads schema {SCHEMA_VERSION}"
            if type(version) is int
            else f"expected the format version as a whole number, `schema = {SCHEMA_VERSION}`, got {_shown(version)}"
        )
        raise ScenarioError([Problem(name, message, ("schema",), lines.line_of(("schema",)))])
    scenario = None
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as exc:
        problems.extend(from_validation_error(name, exc, lines, Scenario))
    for path, message in [*check_references(data), *_check_strategies(data), *_check_effects(data)]:
        problems.append(Problem(name, message, path, lines.line_of(path)))
    if problems or scenario is None:
        raise ScenarioError(sorted(problems, key=lambda p: (p.line or 0, p.field)))
    return scenario


def _check_effects(data: dict) -> list[tuple[tuple, str]]:
    """An override of a field the action never reads would silently change nothing (sim.effects.NO_EFFECT)."""
    from sim.effects import NO_EFFECT

    effects = data.get("effects")
    actions = effects.get("actions") if isinstance(effects, dict) else None
    found = []
    for name, override in (actions.items() if isinstance(actions, dict) else ()):
        ignored, why = NO_EFFECT.get(name, (frozenset(), ""))
        if isinstance(override, dict):
            found += [(("effects", "actions", name, key), f"has no effect on {name}: {why}; remove it")
                      for key in override if key in ignored]
    return found


def _check_strategies(data: dict) -> list[tuple[tuple, str]]:
    """Each rep's strategy must name a built-in with valid parameters."""
    from sim.strategies import StrategyError, make_controller

    found = []
    reps = data.get("team", {}).get("reps", []) if isinstance(data.get("team"), dict) else []
    for i, rep in enumerate(reps if isinstance(reps, list) else []):
        spec = rep.get("strategy") if isinstance(rep, dict) else None
        if isinstance(spec, str):
            try:
                make_controller(spec, None)
            except StrategyError as exc:
                found.append((("team", "reps", i, "strategy"), str(exc)))
    return found


def load_text(text: str, name: str = "<scenario>") -> Scenario:
    text = text.removeprefix("\ufeff")
    return validate(name, parse(name, text), text)


def load_scenario(path: str | FsPath) -> Scenario:
    """Load and validate a scenario file; raises ScenarioError listing every problem."""
    path = FsPath(path)
    text = read_text(path)
    return validate(str(path), parse(str(path), text), text)


def check_file(path: str | FsPath) -> list[Problem]:
    """Every problem in a file (empty when it is a valid scenario)."""
    try:
        load_scenario(path)
    except ScenarioError as exc:
        return exc.problems
    return []
