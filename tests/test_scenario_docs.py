"""docs/scenarios.md stays true: its reference is generated from the code, its example loads,
and the error messages it shows are the ones `dealcraft validate` prints today."""

from __future__ import annotations

import inspect
import re
import typing
from pathlib import Path

import pytest
from pydantic import BaseModel

from sim.scenario import load_text, schema
from sim.scenario.reference import COMMAND, extract, render_reference, sections

DOC = Path(__file__).resolve().parents[1] / "docs" / "scenarios.md"


def _doc() -> str:
    return DOC.read_text(encoding="utf-8")


def _worked_example() -> str:
    match = re.search(r"^## Worked example\b.*?^```toml\n(.*?)^```$", _doc(), re.S | re.M)
    assert match, "docs/scenarios.md has no ```toml block under a '## Worked example' heading"
    return match.group(1)


def _schema_models() -> list[type[BaseModel]]:
    """Every model defined in schema.py that has fields (the `Model` base has none)."""
    return [
        cls for _, cls in inspect.getmembers(schema, inspect.isclass)
        if issubclass(cls, BaseModel) and cls.__module__ == schema.__name__ and cls.model_fields
    ]


def test_generated_reference_is_current() -> None:
    assert extract(_doc()) == render_reference(), (
        f"docs/scenarios.md is out of date with sim/scenario/schema.py or sim/effects.py; run: {COMMAND}"
    )


def test_every_model_has_a_section() -> None:
    rendered = render_reference()
    documented = {s.model for s in sections()}
    for model in _schema_models():
        if model in documented:
            continue
        # a distribution has no section in the walk: each kind is documented once, under its tag
        kind = model.model_fields.get("kind")
        assert kind is not None and f"#### `{typing.get_args(kind.annotation)[0]}`" in rendered, (
            f"{model.__name__} is not documented in the rendered reference"
        )


@pytest.mark.parametrize("model", _schema_models(), ids=lambda m: m.__name__)
def test_every_field_is_in_the_reference(model: type[BaseModel]) -> None:
    rendered = render_reference()
    for name, field in model.model_fields.items():
        key = field.alias or name
        rows = [line for line in rendered.splitlines() if line.startswith(f"| `{key}` |")]
        assert rows, f"{model.__name__}.{name} has no row `{key}` in the rendered reference"
        if field.description:
            meaning = " ".join(field.description.split()).replace("|", "\\|")
            assert any(row.rstrip(" |").endswith(meaning) for row in rows), (
                f"{model.__name__}.{name}: its description is missing from the reference"
            )


def test_worked_example_validates() -> None:
    scenario = load_text(_worked_example(), "docs/scenarios.md worked example")
    assert scenario.accounts.listed and scenario.campaigns and scenario.events
    assert scenario.effects.actions, "the worked example should show an effects override"


def _mistakes() -> list[tuple[str, list[str], list[str], list[str]]]:
    """(title, removed lines, added lines, documented output) for each common mistake."""
    doc = _doc()
    part = doc[doc.index("## Common mistakes"):]
    found = []
    for title, body in re.findall(r"^### (.+?)\n(.*?)(?=^### |\Z)", part, re.S | re.M):
        diff = re.search(r"^```diff\n(.*?)^```$", body, re.S | re.M)
        console = re.search(r"^```console\n\$ dealcraft validate harbourline.toml\n(.*?)^```$", body, re.S | re.M)
        assert diff and console, f"mistake '{title}' needs a ```diff block and a ```console block"
        lines = diff.group(1).splitlines()
        removed = [line[1:] for line in lines if line.startswith("-")]
        added = [line[1:] for line in lines if line.startswith("+")]
        found.append((title, removed, added, console.group(1).splitlines()))
    return found


def test_the_doc_shows_some_mistakes() -> None:
    assert len(_mistakes()) >= 4


@pytest.mark.parametrize("mistake", _mistakes(), ids=lambda m: m[0])
def test_common_mistake_messages_are_real(mistake, tmp_path, monkeypatch, capsys) -> None:
    from dealcraft.cli import main

    title, removed, added, expected = mistake
    lines = _worked_example().splitlines()
    at = next((i for i in range(len(lines)) if lines[i:i + len(removed)] == removed), None)
    assert removed and at is not None, f"'{title}': the removed lines are not in the worked example"
    (tmp_path / "harbourline.toml").write_text("\n".join([*lines[:at], *added, *lines[at + len(removed):]]) + "\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["validate", "harbourline.toml"]) == 2
    out, err = capsys.readouterr()
    assert err.splitlines() + out.splitlines() == expected, (
        f"'{title}': `dealcraft validate` now prints something else; paste its real output into docs/scenarios.md"
    )
