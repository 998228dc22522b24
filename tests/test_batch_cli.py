"""`dealcraft batch` and `dealcraft calibrate`: output, files, exit codes, one clear line per bad input."""

from __future__ import annotations

import json

import pytest
from cli_fixtures import dealcraft

import sim.batch.worker as worker
from sim.batch import load_results


def test_batch_prints_the_summary_and_writes_the_files(capsys, tmp_path):
    out = tmp_path / "cmp"
    code, text, err = dealcraft(capsys, "batch", "onboarding", "--strategy", "phase-aware", "--strategy", "spray",
                                "--runs", "2", "--workers", "1", "--out", str(out))
    assert code == 0, err
    assert err == ""  # no progress bar when stderr is not a terminal
    assert "2 arms × 2 runs = 4 runs" in text
    assert "team_quota_attainment" in text and "baseline" in text and "spray" in text
    assert str(out / "runs") in text
    assert len(load_results(out)) == 4
    assert {p.name for p in out.glob("chart-*.png")} >= {"chart-team_revenue.png", "chart-team_quota_attainment.png"}
    assert (out / "summary.csv").exists()
    # the same command again: nothing left to play
    code, text, _ = dealcraft(capsys, "batch", "onboarding", "--strategy", "phase-aware", "--strategy", "spray",
                              "--runs", "2", "--workers", "1", "--out", str(out))
    assert code == 0 and "0 runs played, 4 already in the folder" in text


def test_batch_default_folder_is_named_after_the_experiment(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    args = ("batch", "onboarding", "--strategy", "farmer", "--param", "cadence=1,2", "--runs", "1", "--workers", "1",
            "--seat", "trainee", "--csv", "--baseline", "farmer:cadence=2")
    code, text, err = dealcraft(capsys, *args)
    assert code == 0, err
    folders = list((tmp_path / "batches").iterdir())
    assert len(folders) == 1 and folders[0].name.startswith("onboarding-")
    assert list((folders[0] / "runs").glob("*.csv"))
    assert "seat_overall" in text and "baseline 'farmer:cadence=2'" in text
    manifest = json.loads((folders[0] / "manifest.json").read_text())
    assert manifest["definition"]["seat"] == "trainee"


def test_batch_reports_failed_runs_and_exits_1(capsys, tmp_path, monkeypatch):
    def broken(scenario, seed, spec, *rest):
        raise RuntimeError("injected")

    monkeypatch.setattr(worker, "play_one", broken)
    code, text, err = dealcraft(capsys, "batch", "onboarding", "--strategy", "random", "--runs", "2", "--workers", "1",
                                "--out", str(tmp_path / "x"))
    assert code == 1
    assert "2 run(s) failed" in err and "RuntimeError: injected" in err and "seed" in err
    assert "Traceback" not in text + err


@pytest.mark.parametrize("args, words", [
    (("--strategy", "nonsense"), "unknown strategy 'nonsense'"),
    (("--strategy", "phase-aware:speed=3"), "no parameter 'speed'"),
    (("--param", "lead_delay"), "bad --param 'lead_delay'"),
    (("--param", "attempts=two"), "expects a int"),
    (("--param", "cadence=1,0"), "'cadence' of 'phase-aware' must be above 0 and at most 100, got 0"),
    (("--strategy", "spray:cadence=2", "--param", "cadence=1,3"), "already sets 'cadence'"),
    (("--runs", "0"), "at least 1"),
    (("--chunk", "0"), "--chunk must be at least 1"),
    (("--workers", "0"), "--workers must be at least 1"),
    (("--baseline", "closer"), "--baseline 'closer' is not an arm"),
    (("--scheduler", "nowhere"), "tcp://host:8786"),
])
def test_batch_bad_input_is_one_line_and_exit_2(capsys, tmp_path, args, words):
    local = () if "--scheduler" in args or "--workers" in args else ("--workers", "1")
    code, _, err = dealcraft(capsys, "batch", "onboarding", "--runs", "1", "--strategy", "phase-aware",
                             "--out", str(tmp_path / "o"), *local, *args)
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and words in lines[0], err


def test_batch_unknown_scenario_exits_2(capsys):
    code, _, err = dealcraft(capsys, "batch", "atlantis", "--runs", "1")
    assert code == 2
    assert err.strip() == "error: no file or shipped scenario named 'atlantis' (see: dealcraft scenarios)"


def test_batch_refuses_a_folder_of_another_experiment(capsys, tmp_path):
    out = str(tmp_path / "o")
    assert dealcraft(capsys, "batch", "onboarding", "--strategy", "farmer", "--runs", "1", "--workers", "1",
                     "--out", out)[0] == 0
    code, _, err = dealcraft(capsys, "batch", "onboarding", "--strategy", "closer", "--runs", "1", "--workers", "1",
                             "--out", out)
    assert code == 2
    assert err.count("\n") == 1 and "holds another experiment" in err and "strategies" in err


def test_calibrate_reports_the_spread_and_a_verdict(capsys):
    code, text, err = dealcraft(capsys, "calibrate", "onboarding", "--runs", "2", "--workers", "1", "--json")
    assert code == 0, err
    report = json.loads(text)
    assert [s["strategy"] for s in report["strategies"]] == ["phase-aware", "spray", "closer", "farmer", "random"]
    assert all(s["n"] == 2 and s["p10"] <= s["p50"] <= s["p90"] for s in report["strategies"])
    assert report["quota"] == 28000 and report["label"] and report["verdicts"]


def test_calibrate_table(capsys):
    code, text, _ = dealcraft(capsys, "calibrate", "onboarding", "--runs", "2", "--workers", "1")
    assert code == 0
    assert "phase-aware (good play)" in text and "random (floor)" in text and "verdict:" in text and "luck" in text


def test_calibrate_bad_input(capsys):
    assert dealcraft(capsys, "calibrate", "atlantis")[0] == 2
    code, _, err = dealcraft(capsys, "calibrate", "onboarding", "--runs", "0")
    assert code == 2 and err.startswith("error: ") and err.count("\n") == 1
