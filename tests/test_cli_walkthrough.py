"""Problems found walking through the CLI as a trainer and as an analyst (docs/trainer-guide.md,
docs/batch.md), each with the fix's test: bad input is one `error:` line and exit code 2, no
traceback, nothing overwritten, and the output says what to do next."""

from __future__ import annotations

import json
import re

import pytest
from cli_fixtures import dealcraft


def one_error(err: str) -> bool:
    return err.startswith("error: ") and err.count("\n") == 1 and "Traceback" not in err


@pytest.fixture
def log(tmp_path, capsys):
    """An event log of one quarter of the onboarding scenario."""
    path = tmp_path / "q.jsonl"
    code, _, err = dealcraft(capsys, "run", "onboarding", "--seed", "2", "--events", str(path))
    assert code == 0, err
    return path


# ---------------------------------------------------------------- event logs (score, debrief)


def test_a_broken_event_log_line_is_named_by_its_number(capsys, tmp_path, log):
    lines = log.read_text(encoding="utf-8").splitlines()
    broken = tmp_path / "broken.jsonl"
    broken.write_text("\n".join(lines[:4] + [lines[4][:20]] + lines[5:]) + "\n", encoding="utf-8")
    for command in ("score", "debrief"):
        code, _, err = dealcraft(capsys, command, str(broken))
        assert code == 2 and one_error(err)
        assert f"{broken}:5: not a JSON line" in err  # was always ':1:'


def test_an_event_log_that_is_a_folder(capsys, tmp_path):
    code, _, err = dealcraft(capsys, "score", str(tmp_path))
    assert code == 2 and one_error(err)
    assert "is a folder, not an event log" in err and "Errno" not in err


@pytest.mark.parametrize("args, words", [
    (["--luck", "-2"], "--luck must be zero or positive"),
    (["--top", "-1"], "--top must be zero or positive"),
])
def test_debrief_refuses_negative_counts(capsys, log, args, words):
    code, out, err = dealcraft(capsys, "debrief", str(log), *args)
    assert code == 2 and one_error(err) and words in err  # --luck -2 was a traceback
    assert out == ""


def test_debrief_compare_plays_as_many_quarters_as_the_log(capsys, tmp_path):
    two = tmp_path / "two.jsonl"
    assert dealcraft(capsys, "run", "onboarding", "--quarters", "2", "--events", str(two))[0] == 0
    code, out, err = dealcraft(capsys, "debrief", str(two), "--compare", "--top", "0")
    assert code == 0, err
    rows = {line.split()[0]: line.split()[2] for line in out.splitlines() if "revenue" in line and "grade" in line}
    # the log's seat played phase-aware (the scenario's strategy): replayed over the same two quarters, the same revenue
    assert rows["you"] == rows["phase-aware"]


def test_debrief_json_keeps_the_comparisons_asked_for(capsys, log):
    code, out, err = dealcraft(capsys, "debrief", str(log), "--json", "--compare", "--luck", "2")
    assert code == 0, err
    document = json.loads(out)
    # --compare and --luck were silently left out of the JSON
    assert document["same_quarter"]["seed"] == 2 and len(document["same_quarter"]["rows"]) == 6
    assert "built-in strategies" in document["same_quarter"]["standing"]
    assert document["luck"]["seeds"] == [3, 4] and "percentile" in document["luck"]["text"]
    code, out, _ = dealcraft(capsys, "debrief", str(log), "--json")
    assert code == 0 and set(json.loads(out)) == {"rep", "phase_accuracy", "findings"}


def test_debrief_says_moment_in_the_singular(capsys, log):
    code, out, _ = dealcraft(capsys, "debrief", str(log))
    assert code == 0
    assert "(1 moments" not in out


def test_a_log_is_read_from_another_folder_with_its_scenario_beside_it(capsys, tmp_path, monkeypatch, valid_text):
    work = tmp_path / "work"
    work.mkdir()
    (work / "mine.toml").write_text(valid_text, encoding="utf-8")
    monkeypatch.chdir(work)
    assert dealcraft(capsys, "run", "mine.toml", "--events", "q.jsonl")[0] == 0  # the log names 'mine.toml'
    monkeypatch.chdir(tmp_path)
    for command in ("score", "debrief"):
        code, out, err = dealcraft(capsys, command, "work/q.jsonl")
        assert code == 0, err  # was 'error: mine.toml: file not found'
        assert "Test quarter" in out


def test_a_log_does_not_reach_beyond_its_folder(capsys, tmp_path, monkeypatch, valid_text):
    (tmp_path / "mine.toml").write_text(valid_text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "logs").mkdir()
    assert dealcraft(capsys, "run", "mine.toml", "--events", "logs/q.jsonl")[0] == 0
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    code, _, err = dealcraft(capsys, "score", "../logs/q.jsonl")  # mine.toml is beside neither the log nor here
    assert code == 2 and one_error(err)


# ---------------------------------------------------------------- run, play


def test_run_refuses_to_write_the_event_log_over_its_scenario(capsys, tmp_path, valid_text):
    scenario = tmp_path / "mine.toml"
    scenario.write_text(valid_text, encoding="utf-8")
    code, out, err = dealcraft(capsys, "run", str(scenario), "--events", str(scenario))
    assert code == 2 and one_error(err) and "is the scenario being played" in err
    assert out == ""  # refused before playing
    assert scenario.read_text(encoding="utf-8") == valid_text  # was overwritten by the event log


def test_run_refuses_to_write_the_event_log_over_another_scenario(capsys, tmp_path, valid_text):
    other = tmp_path / "other.toml"
    other.write_text(valid_text, encoding="utf-8")
    code, _, err = dealcraft(capsys, "run", "onboarding", "--events", str(other))
    assert code == 2 and one_error(err) and ".jsonl" in err
    assert other.read_text(encoding="utf-8") == valid_text


@pytest.mark.parametrize("target, words", [
    ("{tmp}", "is a folder"),
    ("{tmp}/no/such/e.jsonl", "does not exist"),
    ("{tmp}/afile/e.jsonl", "is not a folder"),
    ("", "give a file name"),
])
def test_run_checks_the_event_log_path_before_playing(capsys, tmp_path, target, words):
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    code, out, err = dealcraft(capsys, "run", "onboarding", "--events", target.format(tmp=tmp_path))
    assert code == 2 and one_error(err) and words in err
    assert out == ""  # the quarter was played before the error


def test_run_says_what_to_do_next(capsys, tmp_path):
    code, out, _ = dealcraft(capsys, "run", "onboarding")
    assert code == 0 and "dealcraft debrief" in out
    log = tmp_path / "my log.jsonl"
    code, out, _ = dealcraft(capsys, "run", "onboarding", "--events", str(log))
    assert code == 0 and f"dealcraft debrief '{log}'" in out  # quoted: can be pasted into a shell


def test_play_refuses_a_negative_seed(capsys):
    code, out, err = dealcraft(capsys, "play", "--demo", "--seed", "-1")
    assert code == 2 and one_error(err) and "--seed" in err  # was a numpy traceback
    assert out == ""


@pytest.mark.parametrize("command", ["validate", "run", "score", "debrief", "batch", "calibrate", "new"])
def test_a_name_too_long_for_the_file_system_is_one_error(capsys, command):
    code, _, err = dealcraft(capsys, command, "x" * 5000)
    assert code == 2 and one_error(err)


def test_an_event_log_name_too_long_is_one_error(capsys):
    code, out, err = dealcraft(capsys, "run", "onboarding", "--events", "x" * 5000)
    assert code == 2 and one_error(err) and out == ""


def test_validate_an_unknown_bare_name_says_where_it_looked(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, err = dealcraft(capsys, "validate", "atlantis")
    assert code == 2 and one_error(err)
    assert "no file or shipped scenario named 'atlantis'" in err and "dealcraft scenarios" in err  # as run says


# ---------------------------------------------------------------- new


@pytest.mark.parametrize("name", ["", " ", "folder/", ".toml", "folder/.toml"])
def test_new_refuses_a_name_that_is_not_a_file(capsys, tmp_path, monkeypatch, name):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "folder").mkdir()
    code, out, err = dealcraft(capsys, "new", name)
    assert code == 2 and one_error(err) and "does not name a file" in err
    assert not list(tmp_path.rglob("*.toml"))  # wrote '.toml' or 'folder/.toml', hidden files


def test_new_keeps_an_upper_case_suffix(capsys, tmp_path):
    code, out, _ = dealcraft(capsys, "new", str(tmp_path / "Q3.TOML"))
    assert code == 0
    assert [p.name for p in tmp_path.iterdir()] == ["Q3.TOML"]  # was Q3.TOML.toml
    assert dealcraft(capsys, "validate", str(tmp_path / "Q3.TOML"))[0] == 0


def test_new_hint_can_be_pasted_into_a_shell(capsys, tmp_path):
    code, out, _ = dealcraft(capsys, "new", str(tmp_path / "my territory"))
    assert code == 0
    assert f"dealcraft validate '{tmp_path / 'my territory.toml'}'" in out


def test_new_under_a_file_says_it_is_a_file(capsys, tmp_path):
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    code, _, err = dealcraft(capsys, "new", str(tmp_path / "afile" / "x"))
    assert code == 2 and one_error(err) and "is a file, not a folder" in err  # said 'does not exist'


# ---------------------------------------------------------------- batch, calibrate


@pytest.mark.parametrize("command", ["batch", "calibrate"])
@pytest.mark.parametrize("where", ["afile", "afile/sub"])
def test_out_that_is_a_file_is_refused_before_playing(capsys, tmp_path, command, where):
    (tmp_path / "afile").write_text("keep me", encoding="utf-8")
    code, out, err = dealcraft(capsys, command, "onboarding", "--runs", "1", "--workers", "1",
                               "--out", str(tmp_path / where))
    assert code == 2 and one_error(err) and "is a file, not a folder" in err  # was 'File exists'
    assert out == ""
    assert (tmp_path / "afile").read_text(encoding="utf-8") == "keep me"


@pytest.mark.parametrize("command", ["batch", "calibrate"])
def test_a_huge_number_of_workers_is_refused(capsys, monkeypatch, command):
    monkeypatch.setattr("os.cpu_count", lambda: 2)
    code, out, err = dealcraft(capsys, command, "onboarding", "--runs", "1", "--workers", "99999")
    assert code == 2 and one_error(err) and "--workers 8" in err  # was a pool of 99999 spawned processes
    assert out == ""


@pytest.mark.parametrize("command", ["batch", "calibrate"])
def test_out_that_holds_other_files_is_refused(capsys, tmp_path, command):
    (tmp_path / "summary.csv").write_text("someone's figures", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("keep me", encoding="utf-8")
    code, out, err = dealcraft(capsys, command, "onboarding", "--runs", "1", "--workers", "1", "--out", str(tmp_path))
    assert code == 2 and one_error(err) and "holds other files (notes.txt, summary.csv)" in err
    assert out == ""  # the summary.csv there was overwritten, charts and a manifest scattered among the files
    assert (tmp_path / "summary.csv").read_text(encoding="utf-8") == "someone's figures"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt", "summary.csv"]


def test_out_of_a_batch_killed_before_its_manifest_is_accepted(capsys, tmp_path):
    out = tmp_path / "b"
    (out / "runs").mkdir(parents=True)
    (out / ".lock").touch()
    (out / "checksums.jsonl").touch()
    (out / ".manifest.json.k3x9.tmp").touch()  # its atomic write was killed half-way
    (out / ".DS_Store").touch()  # and a file manager looked in
    code, _, err = dealcraft(capsys, "batch", "onboarding", "--strategy", "spray", "--runs", "1", "--workers", "1",
                             "--quarters", "1", "--out", str(out))
    assert code == 0, err


def test_batch_of_one_run_reads_well(capsys, tmp_path):
    code, out, err = dealcraft(capsys, "batch", "onboarding", "--strategy", "spray", "--runs", "1", "--workers", "1",
                               "--quarters", "1", "--out", str(tmp_path / "b"))
    assert code == 0, err
    assert "1 arm × 1 run = 1 run," in out and "1 run played, in-process (1 worker)" in out  # '1 runs', 'on in-process'


def test_calibrate_refuses_a_scenario_without_a_quota(capsys, tmp_path, valid_text):
    scenario = tmp_path / "noquota.toml"
    scenario.write_text(valid_text.replace("quota = 150000", "quota = 0").replace("team_revenue = 300000",
                                                                                     "team_revenue = 0"),
                        encoding="utf-8")
    assert dealcraft(capsys, "validate", str(scenario))[0] == 0
    code, out, err = dealcraft(capsys, "calibrate", str(scenario), "--runs", "1", "--workers", "1")
    assert code == 2 and one_error(err) and "no quota" in err  # was an empty table and 'verdict: unknown'
    assert out == ""


def test_calibrate_with_few_seeds_warns_and_says_where_the_runs_are(capsys, tmp_path):
    out_dir = tmp_path / "cal"
    code, out, err = dealcraft(capsys, "calibrate", "onboarding", "--runs", "1", "--workers", "1", "--out", str(out_dir))
    assert code == 0
    assert "1 seed each" in out and "1 seeds" not in out
    assert err.startswith("warning: 1 seed per strategy: too few") and err.count("\n") == 1
    assert f"runs kept in {out_dir}" in out
    code, out, err = dealcraft(capsys, "calibrate", "onboarding", "--runs", "1", "--workers", "1", "--json")
    assert code == 0 and err == "" and json.loads(out)["runs"] == 1  # JSON stays clean


# ---------------------------------------------------------------- score


def test_score_prints_amounts_without_an_exponent(capsys, tmp_path, valid_text):
    scenario = tmp_path / "starter.toml"
    scenario.write_text(valid_text, encoding="utf-8")
    events = tmp_path / "q.jsonl"
    assert dealcraft(capsys, "run", str(scenario), "--seed", "2", "--events", str(events))[0] == 0
    code, out, _ = dealcraft(capsys, "score", str(events))
    assert code == 0
    net = next(line for line in out.splitlines() if "net result" in line)
    assert "e+0" not in net and "," in net  # was '4.298e+04 · 4'
    revenue = next(line for line in out.splitlines() if line.strip("│ ").startswith("revenue"))
    assert re.search(r"\d+% · \d", revenue)  # quota attainment as a percentage, not 1.174 (read as money)


# ---------------------------------------------------------------- scenarios


def test_scenarios_in_a_missing_folder_says_where_it_looked(capsys, monkeypatch, tmp_path):
    monkeypatch.setenv("DEALCRAFT_SCENARIOS", str(tmp_path / "nowhere"))
    code, out, _ = dealcraft(capsys, "scenarios")
    assert code == 2
    assert f"no scenarios found in {tmp_path / 'nowhere'} (no such folder)" in out and "DEALCRAFT_SCENARIOS" in out
    assert "┏" not in out  # no empty table


def test_scenarios_counts_one_problem_in_the_singular(capsys, monkeypatch, tmp_path):
    (tmp_path / "broken.toml").write_text("", encoding="utf-8")
    monkeypatch.setenv("DEALCRAFT_SCENARIOS", str(tmp_path))
    monkeypatch.setenv("COLUMNS", "300")
    code, out, _ = dealcraft(capsys, "scenarios")
    assert code == 2 and "invalid (1 problem)" in out
