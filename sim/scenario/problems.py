"""Problems found in a scenario file, phrased for the trainer who must fix them.

One Problem per fault, each naming the file, the line where known, the field path
(`team.reps[2].motivation`), what was expected and what was given.
"""

from __future__ import annotations

import difflib
import re
import types
import typing
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError

from sim.scenario.toml_lines import LineIndex, Path


@dataclass(frozen=True)
class Problem:
    file: str
    message: str
    path: Path = ()
    line: int | None = None
    column: int | None = None

    @property
    def field(self) -> str:
        return format_path(self.path)

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        field = f" {self.field}:" if self.path else ""
        return f"{where}:{field} {self.message}"


class ScenarioError(Exception):
    """A scenario file could not be loaded; `problems` lists every reason."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def format_path(path: Path) -> str:
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _model_at(root: type[BaseModel], loc: tuple) -> type[BaseModel] | None:
    """The model class that owns the last key of pydantic's `loc`, to suggest spellings of unknown keys.

    `loc` is pydantic's own location: list indexes, dict keys and the `kind` tag of a
    distribution appear in it, and pick the list item, dict value or union member.
    """
    annotation: Any = root
    for part in loc[:-1]:
        annotation = _unwrap(annotation)
        origin = typing.get_origin(annotation)
        if origin is list:
            annotation = typing.get_args(annotation)[0]
        elif origin is dict:
            annotation = typing.get_args(annotation)[1]
        elif origin in (typing.Union, types.UnionType):
            annotation = next((m for m in typing.get_args(annotation) if _is_model(m) and part == _tag(m)), None)
        elif _is_model(annotation):
            field = next((f for n, f in annotation.model_fields.items() if (f.alias or n) == part), None)
            annotation = field.annotation if field is not None else None
        else:
            return None
        if annotation is None:
            return None
    annotation = _unwrap(annotation)
    return annotation if _is_model(annotation) else None


def _unwrap(annotation: Any) -> Any:
    """`X | None` and `Annotated[X, ...]` to X."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
            continue
        if origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(args) == 1:
                annotation = args[0]
                continue
        return annotation


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def _tag(model: type[BaseModel]) -> Any:
    field = model.model_fields.get("kind")
    args = typing.get_args(field.annotation) if field is not None else ()
    return args[0] if len(args) == 1 else None


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    if _is_model(annotation):
        return annotation
    for arg in typing.get_args(annotation):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def _expected(error: dict) -> str:
    kind = error["type"]
    ctx = error.get("ctx", {})
    messages = {
        "missing": "a value (this key is required)",
        "int_type": "a whole number",
        "int_parsing": "a whole number",
        "int_from_float": "a whole number",
        "float_type": "a number",
        "float_parsing": "a number",
        "string_type": "text in quotes",
        "bool_type": "true or false",
        "list_type": "a list [ ... ]",
        "dict_type": "a table { ... }",
        "model_type": "a table { ... }",
        "model_attributes_type": "a table { ... }",
        "greater_than": f"a number above {ctx.get('gt')}",
        "greater_than_equal": f"a number of at least {ctx.get('ge')}",
        "less_than": f"a number below {ctx.get('lt')}",
        "less_than_equal": f"a number of at most {ctx.get('le')}",
        "string_too_short": f"text of at least {ctx.get('min_length')} character(s)",
        "string_too_long": f"text of at most {ctx.get('max_length')} characters",
        "too_short": f"at least {ctx.get('min_length')} item(s)",
        "too_long": f"at most {ctx.get('max_length')} item(s)",
        "string_pattern_mismatch": "an identifier of lower-case letters, digits, '-' or '_'"
        if "a-z0-9" in str(ctx.get("pattern", ""))
        else f"text matching {ctx.get('pattern')}",
        "literal_error": f"one of {ctx.get('expected')}",
        "union_tag_invalid": f"'kind' to be one of {ctx.get('expected_tags')}",
        "union_tag_not_found": "a 'kind' key (fixed, uniform, normal or lognormal)",
        "finite_number": "a finite number",
    }
    return messages.get(kind, error["msg"][0].lower() + error["msg"][1:])


def from_validation_error(
    file: str, error: ValidationError, lines: LineIndex, root: type[BaseModel]
) -> list[Problem]:
    """One Problem per pydantic error, with line, expectation and the value given."""
    problems = []
    for err in error.errors(include_url=False):
        loc = tuple(p for p in err["loc"] if p != "[key]")
        path: Path = tuple(p for p in loc if not (isinstance(p, str) and p in _TAGS))
        kind = err["type"]
        if kind == "union_tag_invalid":
            path = (*path, "kind")
        line = lines.line_of(path)
        if kind == "extra_forbidden":
            key = str(path[-1]) if path else "?"
            model = _model_at(root, loc)
            known = [f.alias or n for n, f in model.model_fields.items()] if model else []
            close = difflib.get_close_matches(key, known, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            allowed = f"; allowed keys: {', '.join(known)}" if known and not close else ""
            message = f"unknown key '{key}'{hint}{allowed}"
        elif kind == "value_error":
            message = str(err["ctx"]["error"]) if "ctx" in err else err["msg"]
        elif kind == "missing":
            model = _model_at(root, loc)
            field = next((f for n, f in model.model_fields.items() if (f.alias or n) == path[-1]), None) if model else None
            is_table = field is not None and _inner_model(field.annotation) is not None
            message = f"missing required {'section' if is_table else 'key'} '{path[-1]}'"
        elif kind == "union_tag_invalid":
            given = err["input"].get("kind") if isinstance(err["input"], dict) else err.get("ctx", {}).get("tag")
            message = f"expected {_expected(err)}, got {_shown(given)}"
        else:
            message = f"expected {_expected(err)}, got {_shown(err['input'])}"
            if kind == "literal_error" and isinstance(err["input"], str):
                choices = re.findall(r"'([^']*)'", str(err.get("ctx", {}).get("expected", "")))
                close = difflib.get_close_matches(err["input"], choices, n=1)
                if close:
                    message += f" (did you mean '{close[0]}'?)"
        problems.append(Problem(file, message, path, line))
    return problems


_TAGS = {"fixed", "uniform", "normal", "lognormal"}
"""Discriminator tags pydantic inserts in error locations; a trainer never wrote them."""
