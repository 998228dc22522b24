"""Problems found in a scenario file, phrased for the trainer who must fix them.

One Problem per fault, each naming the file, the line where known, the field path
(`team.reps[2].motivation`), what was expected and what was given.
"""

from __future__ import annotations

import difflib
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


def _model_at(root: type[BaseModel], path: Path) -> type[BaseModel] | None:
    """The model class that owns the last key of `path`, to suggest spellings of unknown keys."""
    model: Any = root
    for part in path[:-1]:
        if isinstance(part, int):
            continue
        if not (isinstance(model, type) and issubclass(model, BaseModel)):
            return None
        field = next((f for n, f in model.model_fields.items() if (f.alias or n) == part), None)
        if field is None:
            return None
        model = _inner_model(field.annotation)
        if model is None:
            return None
    return model if isinstance(model, type) and issubclass(model, BaseModel) else None


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
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
        path: Path = tuple(p for p in err["loc"] if not (isinstance(p, str) and p in _TAGS))
        line = lines.line_of(path)
        kind = err["type"]
        if kind == "extra_forbidden":
            key = str(path[-1]) if path else "?"
            model = _model_at(root, path)
            known = [f.alias or n for n, f in model.model_fields.items()] if model else []
            close = difflib.get_close_matches(key, known, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            allowed = f"; allowed keys: {', '.join(known)}" if known and not close else ""
            message = f"unknown key '{key}'{hint}{allowed}"
        elif kind == "value_error":
            message = str(err["ctx"]["error"]) if "ctx" in err else err["msg"]
        elif kind == "missing":
            model = _model_at(root, path)
            field = next((f for n, f in model.model_fields.items() if (f.alias or n) == path[-1]), None) if model else None
            is_table = field is not None and _inner_model(field.annotation) is not None
            message = f"missing required {'section' if is_table else 'key'} '{path[-1]}'"
        else:
            message = f"expected {_expected(err)}, got {_shown(err['input'])}"
        problems.append(Problem(file, message, path, line))
    return problems


_TAGS = {"fixed", "uniform", "normal", "lognormal"}
"""Discriminator tags pydantic inserts in error locations; a trainer never wrote them."""
