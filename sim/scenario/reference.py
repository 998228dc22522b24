"""Render the scenario format reference in docs/scenarios.md from the pydantic models.

The tables are produced by walking `Scenario.model_fields`, never by listing fields
here, so a field added to schema.py shows up in the reference the next time this
runs, and tests/test_scenario_docs.py fails until it has run: the reference cannot
drift from the code. The default effect tables come from sim/effects.py the same way.

    python -m sim.scenario.reference            # rewrite the generated part of docs/scenarios.md
    python -m sim.scenario.reference --check    # exit 1 when it is out of date (for CI)
"""

from __future__ import annotations

import argparse
import ast
import dataclasses
import functools
import inspect
import operator
import re
import sys
import textwrap
import types
import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from sim import effects
from sim.files import atomic_write_text
from sim.scenario import schema

START = "<!-- reference:start -->"
END = "<!-- reference:end -->"
DOC = Path(__file__).resolve().parents[2] / "docs" / "scenarios.md"
COMMAND = "python -m sim.scenario.reference"

_CONSTRAINTS = ("gt", "ge", "lt", "le", "min_length", "max_length", "pattern")


# ---------------------------------------------------------------- reading types


def _unwrap(tp: Any) -> tuple[Any, dict[str, Any]]:
    """Strip Optional and Annotated layers; keep the constraints they carry.

    `None` is dropped because TOML has no null: an optional key is simply left out.
    """
    found: dict[str, Any] = {}
    while True:
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            tp, *extras = typing.get_args(tp)
            for extra in extras:
                for item in extra.metadata if isinstance(extra, FieldInfo) else [extra]:
                    found.update(_constraints([item]))
        elif origin in (typing.Union, types.UnionType) and type(None) in typing.get_args(tp):
            rest = tuple(a for a in typing.get_args(tp) if a is not type(None))
            tp = functools.reduce(operator.or_, rest)
        else:
            return tp, found


def _constraints(metadata: list[Any]) -> dict[str, Any]:
    """ge/gt/le/lt/lengths/pattern from annotated-types or pydantic metadata objects."""
    return {
        name: getattr(item, name)
        for item in metadata
        for name in _CONSTRAINTS
        if getattr(item, name, None) is not None
    }


def _is_model(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, BaseModel)


def _variants(tp: Any) -> tuple[type[BaseModel], ...]:
    """Members of a union of models (a table chosen by its `kind`), else ()."""
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        args = typing.get_args(tp)
        if all(_is_model(a) for a in args):
            return args
    return ()


ID_PATTERN = _unwrap(schema.Id)[1]["pattern"]
"""Strings with this pattern are shown as "id"; the intro of docs/scenarios.md explains the rule once."""

DISTRIBUTIONS = _variants(_unwrap(schema.Distribution)[0])
"""The distribution kinds, documented once in their own section and referred to as "distribution"."""


# ---------------------------------------------------------------- sections


@dataclass(frozen=True)
class Section:
    """One table of the reference: a model and where it sits in the file."""

    path: str
    """Dotted path, `[]` after a list of tables, `.NAME` for a table of tables ("team.reps[]")."""
    model: type[BaseModel]
    about: str
    """Description of the field that leads here, so each table says what it is for."""
    header: str = ""
    """The TOML header that opens it ("[[team.reps]]"), empty at the top level."""
    inside_list: str = ""
    """The `[[...]]` header it belongs to when it sits inside an item of a list."""
    names: tuple[str, ...] = ()
    """Allowed NAMEs when the path ends in `.NAME` and the keys are a fixed set."""

    @property
    def anchor(self) -> str:
        return "ref-" + (re.sub(r"[^a-z0-9]+", "-", self.path.lower()).strip("-") or "top-level")


def sections(root: type[BaseModel] = schema.Scenario) -> list[Section]:
    """Every table of the file in the order a trainer writes it, found by walking the models."""
    out = [Section("", root, _doc(root))]

    def visit(model: type[BaseModel], path: list[str], toml: list[str], inside_list: str) -> None:
        for name, field in model.model_fields.items():
            key = field.alias or name
            tp, _ = _unwrap(field.annotation)
            origin, args = typing.get_origin(tp), typing.get_args(tp)
            names: tuple[str, ...] = ()
            if origin is list and _is_model(_unwrap(args[0])[0]):
                inner, step, header = _unwrap(args[0])[0], f"{key}[]", "[[{}]]"
            elif origin is dict and _is_model(_unwrap(args[1])[0]):
                inner, step, header = _unwrap(args[1])[0], f"{key}.NAME", "[{}]"
                names = _literal_values(_unwrap(args[0])[0])
            elif _is_model(tp) and tp not in DISTRIBUTIONS:
                inner, step, header = tp, key, "[{}]"
            else:
                continue
            here, dotted = [*path, step], [*toml, key + (".NAME" if step.endswith(".NAME") else "")]
            written = header.format(".".join(dotted))
            out.append(Section(".".join(here), inner, field.description or "", written, inside_list, names))
            visit(inner, here, dotted, written if header.startswith("[[") else inside_list)

    visit(root, [], [], "")
    return out


def _doc(model: type[BaseModel]) -> str:
    """The model's own docstring (not one inherited from the base class)."""
    return " ".join((model.__dict__.get("__doc__") or "").split())


def _literal_values(tp: Any) -> tuple[str, ...]:
    return tuple(str(v) for v in typing.get_args(tp)) if typing.get_origin(tp) is typing.Literal else ()


# ---------------------------------------------------------------- cells


def _num(value: float) -> str:
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return str(value)


_PLURAL = {"number": "numbers", "whole number": "whole numbers", "text": "texts", "id": "ids",
           "true/false": "true/false values", "table": "tables", "distribution": "distributions"}


def type_text(tp: Any, constraints: dict[str, Any] | None = None) -> str:
    """A type as a trainer reads it: "number", "list of ids", "one of: a, b", "distribution"..."""
    tp, inner = _unwrap(tp)
    constraints = {**inner, **(constraints or {})}
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if tp is bool:
        return "true/false"
    if tp is int:
        return "whole number"
    if tp is float:
        return "number"
    if tp is str:
        return "id" if constraints.get("pattern") == ID_PATTERN else "text"
    if origin is typing.Literal and len(args) == 1:
        return f'exactly "{args[0]}"' if isinstance(args[0], str) else f"exactly {args[0]}"
    if origin is typing.Literal:
        return "one of: " + ", ".join(map(str, args))
    if _variants(tp):
        return "distribution"
    if tp in DISTRIBUTIONS:
        return f"distribution, kind {_literal_values(tp.model_fields['kind'].annotation)[0]} only"
    if _is_model(tp):
        return "table"
    if origin is list:
        item = type_text(args[0])
        return "list of " + (_PLURAL.get(item) or f"({item})")
    if origin is dict:
        keys = "/".join(_literal_values(_unwrap(args[0])[0])) or f"any {'id' if type_text(args[0]) == 'id' else 'name'}"
        return f"table: {keys} = {type_text(args[1])}"
    return getattr(tp, "__name__", str(tp))


def range_text(tp: Any, constraints: dict[str, Any]) -> str:
    """Allowed values: numeric bounds, lengths, pattern; "each ..." for the items of a list or table."""
    tp, inner = _unwrap(tp)
    constraints = {**inner, **constraints}
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    parts = []
    lo = ("≥", constraints["ge"]) if "ge" in constraints else (">", constraints["gt"]) if "gt" in constraints else None
    hi = ("≤", constraints["le"]) if "le" in constraints else ("<", constraints["lt"]) if "lt" in constraints else None
    if lo and hi and lo[0] == "≥" and hi[0] == "≤":
        parts.append(f"{_num(lo[1])} to {_num(hi[1])}")
    elif lo or hi:
        parts.append(", ".join(f"{bound[0]} {_num(bound[1])}" for bound in (lo, hi) if bound))
    unit = "characters" if tp is str else "items"
    least, most = constraints.get("min_length"), constraints.get("max_length")
    if least is not None and least == most:
        parts.append(f"exactly {least} {unit}")
    elif least is not None and most is not None:
        parts.append(f"{least}–{most} {unit}")
    elif least is not None:
        parts.append(f"at least {least} {unit if least > 1 else unit[:-1]}")
    elif most is not None:
        parts.append(f"at most {most} {unit}")
    pattern = constraints.get("pattern")
    if pattern and pattern != ID_PATTERN:
        parts.append(f"`{pattern}`")
    items = args[0] if origin is list else args[1] if origin is dict else None
    if items is not None and not _is_model(_unwrap(items)[0]):
        each = range_text(items, {})
        if each:
            parts.append(f"each {each}")
    return "; ".join(parts)


def toml_value(value: Any) -> str:
    """A default as it would be written in the file."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return _num(value)
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, list | tuple):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, BaseModel):
        value = value.model_dump(by_alias=True, exclude_none=True)
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{k} = {toml_value(v)}" for k, v in value.items()) + " }" if value else "{}"
    return str(value)


def default_text(field: FieldInfo) -> str:
    """What the key is when left out; a whole section left out takes "its defaults", shown in its own table."""
    if field.is_required():
        return "**required**"
    value = field.get_default(call_default_factory=True)
    if value is None:
        return "not set"
    if isinstance(value, BaseModel) and type(value) not in DISTRIBUTIONS:
        return "its defaults"
    return f"`{toml_value(value)}`"


def _cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def _link(field: FieldInfo, by_model: dict[type[BaseModel], Section]) -> str:
    """Where a field's table is described: its own section, or the distributions."""
    tp, _ = _unwrap(field.annotation)
    for arg in (tp, *typing.get_args(tp)):
        arg = _unwrap(arg)[0]
        if _variants(arg) or arg in DISTRIBUTIONS:
            return " (see [distributions](#ref-distributions))"
        if arg in by_model:
            return f" (see [{by_model[arg].path}](#{by_model[arg].anchor}))"
    return ""


def field_rows(model: type[BaseModel], by_model: dict[type[BaseModel], Section] | None = None) -> list[str]:
    """The Markdown table of one model: key, type, default, range, unit, meaning."""
    rows = ["| key | type | required / default | range | unit | meaning |", "|---|---|---|---|---|---|"]
    for name, field in model.model_fields.items():
        constraints = _constraints(field.metadata)
        extra = field.json_schema_extra if isinstance(field.json_schema_extra, dict) else {}
        cells = [
            f"`{field.alias or name}`",
            type_text(field.annotation, constraints) + _link(field, by_model or {}),
            default_text(field),
            range_text(field.annotation, constraints),
            str(extra.get("unit", "")),
            field.description or "",
        ]
        rows.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    return rows


# ---------------------------------------------------------------- effect tables


def _attribute_docs(cls: type) -> dict[str, str]:
    """Docstrings written under dataclass attributes, which Python drops at runtime."""
    body = ast.parse(textwrap.dedent(inspect.getsource(cls))).body[0].body  # type: ignore[attr-defined]
    return {
        stmt.target.id: " ".join(nxt.value.value.split())
        for stmt, nxt in zip(body, body[1:], strict=False)
        if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name)
        and isinstance(nxt, ast.Expr) and isinstance(nxt.value, ast.Constant) and isinstance(nxt.value.value, str)
    }


def _effect_cell(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else ""
    if isinstance(value, tuple):
        return " · ".join(_num(float(v)) for v in value) if value else "—"
    if isinstance(value, float | int):
        return _num(float(value))
    return _cell(value)


def effect_table(key: str, table: dict[str, Any], labels: dict[str, str] | None = None,
                 unused: dict[str, tuple[frozenset[str], str]] | None = None) -> list[str]:
    """A dict of dataclasses as a table: one row per entry, one column per dataclass field, then a legend.
    A field in `unused` for an entry shows "—" (the model never reads it there)."""
    spec = type(next(iter(table.values())))
    names = [f.name for f in dataclasses.fields(spec)]
    heads = [key, *(["phase"] if labels else []), *(n.replace("_", " ") for n in names)]
    rows = ["| " + " | ".join(heads) + " |", "|" + "---|" * len(heads)]
    for entry, value in table.items():
        cells = [f"`{entry}`", *([_cell(labels.get(entry, ""))] if labels else [])]
        skip = (unused or {}).get(entry, (frozenset(), ""))[0]
        cells += ["—" if n in skip else _effect_cell(getattr(value, n)) for n in names]
        rows.append("| " + " | ".join(cells) + " |")
    docs = _attribute_docs(spec)
    return [*rows, "", *(f"- **{n.replace('_', ' ')}**: {docs[n]}" for n in names if n in docs)]


# ---------------------------------------------------------------- the document


def render_reference() -> str:
    """The generated part of docs/scenarios.md: one table per section, distributions, effect defaults."""
    found = sections()
    by_model = {s.model: s for s in found}
    out = [f"<!-- Generated from sim/scenario/schema.py and sim/effects.py by `{COMMAND}`; do not edit by hand. -->", ""]
    for s in found:
        out += [f'<a id="{s.anchor}"></a>', "", f"### {f'`{s.path}`' if s.path else 'Top level'}", ""]
        about = [s.about or _doc(s.model)]
        if s.header:
            where = f"Written as `{s.header}`"
            if s.inside_list:
                key = s.path.rsplit(".", 1)[-1].removesuffix("[]")
                inline = "[{ ... }, ...]" if s.header.startswith("[[") else "{ ... }"
                where += f" after its `{s.inside_list}`, or inline there as `{key} = {inline}`"
            about.append(where + ".")
        if s.names:
            about.append(f"NAME is one of: {', '.join(s.names)}.")
        if s.path and _doc(s.model) and _doc(s.model) not in about:
            about.append(_doc(s.model))
        out += [" ".join(a for a in about if a), "", *field_rows(s.model, by_model), ""]

    out += ['<a id="ref-distributions"></a>', "", "### Distributions", ""]
    out += [f"A distribution is a small table whose `kind` says how values are drawn{_distribution_example()}.", ""]
    for variant in DISTRIBUTIONS:
        kind = _literal_values(variant.model_fields["kind"].annotation)[0]
        out += [f"#### `{kind}`", "", *field_rows(variant), ""]

    overridable = ", ".join(f"`{k}`" for k in schema.ActionOverride.model_fields)
    out += ['<a id="ref-default-actions"></a>', "", "### Default actions", "",
            f"What each action costs and does unless `[effects.actions.NAME]` overrides {overridable}. "
            "`advance` gives the chance for phases 1 · 2 · 3 · 4 · 5. A — marks a field the action never reads "
            "(client and team actions fit no phase; see the list below the table); overriding it is refused "
            "rather than silently changing nothing.", "",
            *effect_table("action", effects.ACTIONS, unused=effects.NO_EFFECT), "",
            "Fields an action never reads, and why:", "",
            *(f"- `{name}`: {', '.join(f'`{f}`' for f in sorted(fields))} — {why}."
              for name, (fields, why) in effects.NO_EFFECT.items()), ""]
    overridable = ", ".join(f"`{k}`" for k in schema.PhaseOverride.model_fields)
    out += ['<a id="ref-default-phases"></a>', "", "### Default phases", "",
            f"How an account behaves in each hidden phase unless `[effects.phases.NAME]` overrides {overridable}.",
            "", *effect_table("NAME", effects.PHASE_DEFAULTS, effects.PHASE_LABELS), ""]
    return "\n".join(out).rstrip("\n") + "\n"


def _distribution_example() -> str:
    """The first distribution default in the schema, so the example is real, valid data."""
    for s in sections():
        for field in s.model.model_fields.values():
            value = field.get_default(call_default_factory=True)
            if type(value) in DISTRIBUTIONS:
                return f", for example `{toml_value(value)}`"
    return ""


def extract(doc: str) -> str:
    """The generated part of a document: the text between the two markers."""
    start, end = _bounds(doc)
    return doc[start:end]


def splice(doc: str, generated: str) -> str:
    """The document with its generated part replaced."""
    start, end = _bounds(doc)
    return doc[:start] + generated + doc[end:]


def _bounds(doc: str) -> tuple[int, int]:
    if doc.count(START) != 1 or doc.count(END) != 1 or doc.index(START) > doc.index(END):
        raise ValueError(f"expected one line '{START}' followed later by one line '{END}'")
    return doc.index(START) + len(START) + 1, doc.index(END)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog=COMMAND, description="Regenerate the format reference in docs/scenarios.md.")
    parser.add_argument("doc", nargs="?", type=Path, default=DOC, help=f"Markdown file with the markers (default: {DOC})")
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 when the file is out of date")
    args = parser.parse_args(argv)
    try:
        text = args.doc.read_text(encoding="utf-8")
        updated = splice(text, render_reference())
    except OSError as exc:
        print(f"error: cannot read {args.doc}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    except ValueError as exc:
        print(f"error: {args.doc}: {exc}", file=sys.stderr)
        return 2
    if updated == text:
        print(f"{args.doc}: up to date")
        return 0
    if args.check:
        print(f"{args.doc}: reference out of date; run: {COMMAND}", file=sys.stderr)
        return 1
    atomic_write_text(args.doc, updated)
    print(f"updated {args.doc}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
