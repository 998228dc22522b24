"""Every scenario shipped in scenarios/ validates, and `dealcraft scenarios` lists each one."""

from __future__ import annotations

from pathlib import Path

import pytest

from dealcraft.cli import main
from sim.scenario import ScenarioError, load_scenario

SCENARIOS = Path(__file__).resolve().parents[1] / "scenarios"
FILES = sorted(SCENARIOS.glob("*.toml"))
MIN_SHIPPED = 4


def test_at_least_four_scenarios_are_shipped():
    assert len(FILES) >= MIN_SHIPPED, (
        f"Dealcraft must ship at least {MIN_SHIPPED} scenarios in {SCENARIOS}; found {len(FILES)}: "
        f"{', '.join(p.name for p in FILES) or 'none'}"
    )


def test_every_shipped_scenario_validates():
    """One test over all files, so that an empty folder fails here instead of being skipped."""
    assert FILES, f"no scenario files in {SCENARIOS}"
    failures = []
    for path in FILES:
        try:
            load_scenario(path)
        except ScenarioError as exc:
            failures.extend(str(p) for p in exc.problems)
    assert not failures, "shipped scenarios with problems:\n" + "\n".join(failures)


@pytest.mark.parametrize("path", FILES or [None], ids=[p.stem for p in FILES] or ["none-shipped"])
def test_shipped_scenario(path):
    assert path is not None, f"no scenario files in {SCENARIOS}"  # fail, never skip, while the folder is empty
    try:
        scenario = load_scenario(path)
    except ScenarioError as exc:
        pytest.fail("\n".join(str(p) for p in exc.problems), pytrace=False)
    assert scenario.meta.title.strip()
    assert scenario.meta.description.strip()


def test_scenarios_command_lists_every_shipped_title(capsys, monkeypatch):
    assert FILES, f"no scenario files in {SCENARIOS}"
    monkeypatch.delenv("DEALCRAFT_SCENARIOS", raising=False)
    monkeypatch.setenv("COLUMNS", "400")
    code = main(["scenarios"])
    out = capsys.readouterr().out
    assert code == 0, out
    for path in FILES:
        scenario = load_scenario(path)
        assert path.stem in out
        assert scenario.meta.title in out
        assert scenario.meta.difficulty in out


def test_validate_accepts_every_shipped_scenario_by_name(capsys, monkeypatch):
    assert FILES, f"no scenario files in {SCENARIOS}"
    monkeypatch.delenv("DEALCRAFT_SCENARIOS", raising=False)
    monkeypatch.chdir(Path(__file__).resolve().parent)
    assert main(["validate", *(p.stem for p in FILES)]) == 0, capsys.readouterr().err
