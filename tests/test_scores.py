"""Scores and grades (issue 5 part 2-3), the `score` and `strategies` commands."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sim_fixtures import scenario

from dealcraft.cli import main
from sim.run import run
from sim.scenario import load_scenario
from sim.scores import CRITERIA, grade, score

SHIPPED = sorted(Path(__file__).resolve().parents[1].joinpath("scenarios").glob("*.toml"))


@pytest.mark.parametrize("value, expected", [
    (10.0, 3), (10.49, 3), (10.5, 4), (11.49, 4), (11.5, 5), (30.0, 5),
    (9.51, 3), (9.5, 2), (8.51, 2), (8.5, 1), (-5.0, 1),
])
def test_grade_boundaries_for_higher_is_better(value, expected):
    assert grade(value, 10.0, 1.0) == expected


@pytest.mark.parametrize("value, expected", [(10.0, 3), (9.5, 4), (8.5, 5), (10.5, 2), (11.5, 1)])
def test_grade_boundaries_for_lower_is_better(value, expected):
    assert grade(value, 10.0, -1.0) == expected


def test_no_value_is_not_graded_and_no_team_average_is_average():
    assert grade(None, 10.0, 1.0) is None
    assert grade(4.0, None, 1.0) == 3


def _log(*records):
    base = [{"t": 0.0, "kind": "run_started", "rep": None, "account": None},
            {"t": 0.0, "kind": "hidden_phase", "rep": "you", "account": "acme", "phase": 2, "status": "prospect"},
            {"t": 0.0, "kind": "hidden_phase", "rep": "ann", "account": "bolt", "phase": 3, "status": "prospect"}]
    return base + list(records)


def _won(rep, account, acv, t=10.0, **extra):
    return {"t": t, "kind": "deal_won", "rep": rep, "account": account, "acv": acv, "margin_rate": 0.5,
            "discount": 0.0, "services": ["core"], "cycle_hours": 80.0, **extra}


def test_revenue_is_graded_on_quota_attainment_against_the_team():
    scn = scenario()  # both reps have a 100k quota
    scores = score(_log(_won("you", "acme", 130000), _won("ann", "bolt", 70000)), scn)
    you, ann = scores["you"].criteria["revenue"], scores["ann"].criteria["revenue"]
    assert you.value == pytest.approx(1.3) and ann.value == pytest.approx(0.7)
    assert you.team_average == pytest.approx(1.0)
    assert (you.grade, ann.grade) == (5, 1)  # 0.3 above = 2 steps of 0.15
    assert scores["you"].quota_attainment == pytest.approx(1.3)


def test_phase_accuracy_cadence_and_forecast_come_from_the_log():
    records = _log(
        {"t": 1.0, "kind": "engaged", "rep": "you", "account": "acme"},
        {"t": 1.0, "kind": "phase_recorded", "rep": "you", "account": "acme", "recorded": 2, "true": 2},
        {"t": 2.0, "kind": "phase_recorded", "rep": "you", "account": "acme", "recorded": 4, "true": 3},
        {"t": 3.0, "kind": "forecast", "rep": "you", "account": "acme", "probability": 0.8},
        {"t": 40.0, "kind": "week_started", "rep": None, "account": None},
        {"t": 40.0, "kind": "account_cooled", "rep": "you", "account": "acme"},
        {"t": 80.0, "kind": "week_started", "rep": None, "account": None},
        _won("you", "acme", 50000, t=90.0),
    )
    values = score(records, scenario())["you"].criteria
    assert values["phase_accuracy"].value == pytest.approx(0.5)
    assert values["cadence"].value == pytest.approx(0.5)  # cooled in one of two engaged weeks
    assert values["forecast"].value == pytest.approx((0.8 - 1) ** 2)


def test_overall_grade_weighs_criteria_with_the_scenario_weights():
    only_revenue = {k: 0.0 for k in CRITERIA} | {"revenue": 1.0}
    scn = scenario(scoring={"weights": only_revenue})
    scores = score(_log(_won("you", "acme", 130000), _won("ann", "bolt", 70000)), scn)
    assert scores["you"].overall == 5 and scores["ann"].overall == 1


def test_every_criterion_is_scored_for_a_played_quarter():
    result = run(load_scenario(SHIPPED[0]), 1)
    scores = result.overall["scores"]
    for rep in scores.values():
        assert set(rep["criteria"]) == set(CRITERIA)
        assert rep["overall"] is not None and 1 <= rep["overall"] <= 5


def test_strategies_state_weekly_forecasts():
    result = run(load_scenario(Path(__file__).resolve().parents[1] / "scenarios" / "onboarding.toml"), 2)
    forecasts = [r for r in result.log if r["kind"] == "forecast"]
    assert forecasts and all(0 <= r["probability"] <= 1 for r in forecasts)


def test_score_command_rescores_a_saved_log(tmp_path, capsys):
    events = tmp_path / "events.jsonl"
    shipped = str(Path(__file__).resolve().parents[1] / "scenarios" / "onboarding.toml")
    assert main(["run", shipped, "--seed", "4", "--events", str(events), "--json"]) == 0
    played = json.loads(capsys.readouterr().out)["overall"]["scores"]
    assert main(["score", str(events), "--json"]) == 0
    rescored = json.loads(capsys.readouterr().out)
    assert {rep: s["overall"] for rep, s in rescored.items()} == {rep: s["overall"] for rep, s in played.items()}
    assert main(["score", str(events)]) == 0
    assert "overall" in capsys.readouterr().out


@pytest.mark.parametrize("content, message", [
    ("not json\n", "not a JSON line"),
    ('{"a": 1}\n', "not a Dealcraft event log"),
    ("", "not a Dealcraft event log"),
])
def test_score_command_rejects_bad_logs(tmp_path, capsys, content, message):
    events = tmp_path / "bad.jsonl"
    events.write_text(content)
    assert main(["score", str(events)]) == 2
    assert message in capsys.readouterr().err


def test_score_command_needs_a_scenario_when_the_log_names_none(tmp_path, capsys):
    events = tmp_path / "e.jsonl"
    events.write_text('{"t": 0, "kind": "run_started", "source": null}\n')
    assert main(["score", str(events)]) == 2
    assert "--scenario" in capsys.readouterr().err


def test_strategies_command_lists_every_builtin_with_parameters(capsys):
    assert main(["strategies"]) == 0
    out = capsys.readouterr().out
    for name in ("phase-aware", "spray", "closer", "farmer", "random"):
        assert f"{name}:" in out
    for param in ("lead_delay=", "attempts=", "cadence=", "discount=", "manager="):
        assert param in out


@pytest.mark.slow
@pytest.mark.parametrize("path", SHIPPED, ids=[p.stem for p in SHIPPED])
def test_phase_aware_beats_spray_and_random_in_every_shipped_scenario(path):
    """In the trainee's seat, over 30 seeds: revenue and overall grade (common random numbers)."""
    scn = load_scenario(path)
    seat = scn.team.reps[0].id
    totals = {}
    for strategy in ("phase-aware", "spray", "random"):
        revenue = grades = 0.0
        for seed in range(30):
            result = run(scn, seed, seats={seat: strategy})
            revenue += result.overall["reps"][seat]["revenue"]
            grades += result.overall["scores"][seat]["overall"]
        totals[strategy] = (revenue / 30, grades / 30)
    for floor in ("spray", "random"):
        assert totals["phase-aware"][0] > totals[floor][0], (floor, totals)
        assert totals["phase-aware"][1] > totals[floor][1], (floor, totals)


def test_debrief_command_prints_dated_findings_and_beliefs(tmp_path, capsys):
    events = tmp_path / "events.jsonl"
    shipped = str(Path(__file__).resolve().parents[1] / "scenarios" / "inbound-software.toml")
    assert main(["run", shipped, "--seed", "2", "--events", str(events), "--json"]) == 0
    capsys.readouterr()
    assert main(["debrief", str(events), "--top", "3"]) == 0
    out = capsys.readouterr().out
    assert "1. week " in out and "why it matters:" in out and "estimated cost:" in out
    assert "Believed vs true phases" in out
    assert main(["debrief", str(events), "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    costs = [f["cost"] for f in document["findings"]]
    assert costs == sorted(costs, reverse=True)
    assert main(["debrief", str(events), "--rep", "nobody"]) == 2
    assert "no rep 'nobody'" in capsys.readouterr().err


def test_debrief_command_compares_with_the_builtins_and_measures_luck(tmp_path, capsys):
    events = tmp_path / "events.jsonl"
    shipped = str(Path(__file__).resolve().parents[1] / "scenarios" / "onboarding.toml")
    assert main(["run", shipped, "--seed", "3", "--events", str(events), "--json"]) == 0
    capsys.readouterr()
    assert main(["debrief", str(events), "--compare", "--luck", "4"]) == 0
    out = capsys.readouterr().out
    assert "Same quarter (seed 3)" in out and "built-in strategies on revenue" in out
    assert "percentile of your own play" in out
