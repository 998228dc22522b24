"""Property tests: whatever is wrong with a file, the loader answers with problems, never a traceback.

A valid scenario is parsed to a dict, mutated at random (keys deleted, values of the wrong
type, unknown keys, duplicated items, colliding ids), written back to TOML and loaded.
Raw bytes, random text and truncations of a valid file go through decode, parse and
validate the same way. The only exception allowed out is ScenarioError, and each of its
problems must carry a message and a plausible line.
"""

from __future__ import annotations

import copy
import json
import math
import os
import re
import tomllib
from typing import Any

from conftest import VALID_TEXT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sim.scenario import Scenario, ScenarioError, load_text
from sim.scenario.loader import decode, parse, validate

NAME = "fuzz.toml"
FUZZ = settings(max_examples=200, deadline=None, derandomize=bool(os.environ.get("CI")),
                suppress_health_check=[HealthCheck.too_slow])
VALID_DATA = tomllib.loads(VALID_TEXT)

# ---------------------------------------------------------------- a tiny TOML writer

_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")


def toml_key(key: str) -> str:
    return key if _BARE_KEY.match(key) else toml_string(key)


def toml_string(text: str) -> str:
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, str):
        return toml_string(value)
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{toml_key(k)} = {toml_value(v)}" for k, v in value.items()) + " }" if value else "{}"
    raise TypeError(f"cannot write {type(value).__name__} as TOML")


def _is_table_array(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)


def dump(data: dict) -> str:
    """TOML text for `data`: tables and arrays of tables get headers, everything else is inline."""
    lines: list[str] = []

    def table(prefix: tuple[str, ...], node: dict) -> None:
        for key, value in node.items():
            if not isinstance(value, dict) and not _is_table_array(value):
                lines.append(f"{toml_key(key)} = {toml_value(value)}")
        for key, value in node.items():
            header = ".".join(toml_key(k) for k in (*prefix, key))
            if isinstance(value, dict):
                lines.extend(["", f"[{header}]"])
                table((*prefix, key), value)
            elif _is_table_array(value):
                for item in value:
                    lines.extend(["", f"[[{header}]]"])
                    table((*prefix, key), item)

    table((), data)
    return "\n".join(lines) + "\n"


def test_the_writer_round_trips_the_starter():
    assert tomllib.loads(dump(VALID_DATA)) == VALID_DATA
    assert isinstance(load_text(dump(VALID_DATA), NAME), Scenario)


def test_the_writer_handles_awkward_values():
    data = {"a b": "quote \" back \\ tab \t nl \n del \x7f é", "n": [1, 2.5, True, {"x": []}], "e": {}, "t": [{"k": {"j": 1}}]}
    assert tomllib.loads(dump(data)) == data


# ---------------------------------------------------------------- mutations

scalars = st.one_of(
    st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=30),
    st.sampled_from(["", " ", "you", "northwind", "core", "lognormal", "ünïcødé ✓", "a" * 500, "\n"]),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.sampled_from([0, -1, 10**400, -(10**400), 2**63, 1, 5, 13, 52]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.text(alphabet="abcdefghijklmnopqrstuvwxyz_-", min_size=1, max_size=12), inner, max_size=4),
    ),
    max_leaves=8,
)
MUTATIONS = ("delete", "replace", "add_key", "duplicate_item", "reuse_id", "empty")


def nodes(data: Any, path: tuple = ()) -> list[tuple]:
    """Every path in the data, the root excluded."""
    found = []
    if isinstance(data, dict):
        for key, value in data.items():
            found.append((*path, key))
            found.extend(nodes(value, (*path, key)))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found.append((*path, index))
            found.extend(nodes(value, (*path, index)))
    return found


def at(data: Any, path: tuple) -> Any:
    for part in path:
        data = data[part]
    return data


def ids_in(data: Any) -> list[str]:
    found = []
    if isinstance(data, dict):
        if isinstance(data.get("id"), str):
            found.append(data["id"])
        for value in data.values():
            found.extend(ids_in(value))
    elif isinstance(data, list):
        for value in data:
            found.extend(ids_in(value))
    return found


@st.composite
def mutated(draw: st.DrawFn) -> dict:
    data = copy.deepcopy(VALID_DATA)
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        kind = draw(st.sampled_from(MUTATIONS))
        paths = nodes(data)
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent, last = at(data, path[:-1]), path[-1]
        if kind == "delete":
            del parent[last]
        elif kind == "replace":
            parent[last] = draw(values)
        elif kind == "empty":
            parent[last] = draw(st.sampled_from(["", 0, [], {}, False]))
        elif kind == "add_key":
            target = parent if isinstance(parent, dict) else data
            key = draw(st.one_of(st.text(min_size=1, max_size=15), st.sampled_from(["motivaton", "titel", "kind", "id", "schema"])))
            target[key] = draw(values)
        elif kind == "duplicate_item":
            lists = [p for p in paths if isinstance(at(data, p), list) and at(data, p)]
            if lists:
                items = at(data, draw(st.sampled_from(lists)))
                items.append(copy.deepcopy(draw(st.sampled_from(items))))
        elif kind == "reuse_id":
            tables = [p for p in paths if isinstance(at(data, p), dict) and "id" in at(data, p)]
            existing = ids_in(data)
            if tables and existing:
                at(data, draw(st.sampled_from(tables)))["id"] = draw(st.sampled_from(existing))
    return data


def assert_problems_are_clear(error: ScenarioError, text: str | None) -> None:
    assert error.problems, "a ScenarioError must list its problems"
    line_count = max(len(text.splitlines()), 1) if text is not None else None
    for problem in error.problems:
        assert problem.file == NAME
        assert isinstance(problem.message, str) and problem.message.strip()
        assert str(problem).startswith(NAME)
        if problem.line is not None and line_count is not None:
            assert 1 <= problem.line <= line_count + 1, (problem, line_count)
        if problem.column is not None:
            assert problem.column >= 1


def load_or_problems(text: str) -> None:
    try:
        scenario = load_text(text, NAME)
    except ScenarioError as error:
        assert_problems_are_clear(error, text)
    else:
        assert isinstance(scenario, Scenario)


@FUZZ
@given(mutated())
def test_mutated_scenarios_load_or_give_problems(data):
    text = dump(data)
    assert tomllib.loads(text) is not None  # the writer made valid TOML: the loader sees real files
    load_or_problems(text)


@FUZZ
@given(mutated())
def test_mutated_data_validates_or_gives_problems_without_text(data):
    try:
        validate(NAME, data)
    except ScenarioError as error:
        assert_problems_are_clear(error, None)


@FUZZ
@given(st.data())
def test_a_single_bad_value_is_reported_at_its_path(draw):
    data = copy.deepcopy(VALID_DATA)
    paths = [p for p in nodes(data) if not isinstance(at(data, p), (dict, list))]
    path = draw.draw(st.sampled_from(paths))
    at(data, path[:-1])[path[-1]] = draw.draw(st.sampled_from([[1, 2], {"x": 1}, "ünïcødé", -(10**30), float("nan")]))
    text = dump(data)
    try:
        load_text(text, NAME)
    except ScenarioError as error:
        assert_problems_are_clear(error, text)
        # one problem is about this value or a table that holds it (a model-level rule or a reference)
        assert any(path[: len(p.path)] == p.path or p.path[: len(path)] == path for p in error.problems), (
            path,
            [str(p) for p in error.problems],
        )


# ---------------------------------------------------------------- raw input


def pipeline(raw: bytes) -> None:
    """decode, parse, validate as the loader does; only ScenarioError may come out."""
    text = None
    try:
        text = decode(NAME, raw)
        data = parse(NAME, text)
        validate(NAME, data, text)
    except ScenarioError as error:
        assert_problems_are_clear(error, text if text is not None else raw.decode("utf-8", "replace"))


@FUZZ
@given(st.binary(max_size=2000))
def test_random_bytes(raw):
    pipeline(raw)


@FUZZ
@given(st.text(max_size=2000))
def test_random_text(text):
    pipeline(text.encode("utf-8", "surrogatepass"))


@FUZZ
@given(st.text(alphabet='[]{}=,."\'#\n abc123_-', max_size=300))
def test_random_toml_like_text(text):
    pipeline(text.encode())


@FUZZ
@given(st.integers(min_value=0, max_value=len(VALID_TEXT.encode())))
def test_truncations_of_a_valid_file(cut):
    pipeline(VALID_TEXT.encode()[:cut])


@FUZZ
@given(
    st.integers(min_value=0, max_value=len(VALID_TEXT)),
    st.integers(min_value=0, max_value=40),
    st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=10),
)
def test_splices_into_a_valid_file(position, length, insert):
    pipeline((VALID_TEXT[:position] + insert + VALID_TEXT[position + length :]).encode())


@FUZZ
@given(st.integers(min_value=0, max_value=len(VALID_TEXT.encode()) - 1), st.integers(min_value=0, max_value=255))
def test_byte_flips_in_a_valid_file(position, byte):
    raw = bytearray(VALID_TEXT.encode())
    raw[position] = byte
    pipeline(bytes(raw))
