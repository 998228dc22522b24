"""Faults during a batch: kill -9, Ctrl-C, dying workers, damaged files — nothing finished is lost.

Every test ends by comparing the folder's rows with those of the same batch played without a
fault (elapsed times aside): a fault may cost the runs in flight, never a finished one, and the
resumed batch gives the same results. Subprocess tests poll for a condition with a timeout
rather than sleeping a fixed time, so they hold on a slow two-core machine.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from sim.batch import Experiment, StoreError, load_results, run_experiment, summarise_folder
from sim.batch.store import CHECKSUMS, DAMAGED, MANIFEST, WORKER_LOST
from sim.batch.worker import FAULT_INTERRUPT_RUN, FAULT_KILL_RUN, FAULT_ONCE_DIR, FAULT_SLOW
from sim.scenario import load_scenario
from sim.scenario.shipped import resolve

ROOT = Path(__file__).resolve().parents[1]
STRATEGIES = ("phase-aware", "spray")
RUNS = 5  # per arm: 10 runs
SEED = 3
CLI = ["batch", "onboarding", "--strategy", "phase-aware", "--strategy", "spray", "--runs", str(RUNS),
       "--seed", str(SEED)]
TIMEOUT = 120.0


@pytest.fixture(scope="module")
def onboarding():
    return load_scenario(resolve("onboarding"))


@pytest.fixture(scope="module")
def experiment(onboarding):
    return Experiment(onboarding, STRATEGIES, runs=RUNS, seed=SEED, source=str(resolve("onboarding")))


@pytest.fixture(scope="module")
def reference(experiment, tmp_path_factory) -> pd.DataFrame:
    """The rows of the batch played without any fault."""
    out = tmp_path_factory.mktemp("reference")
    outcome = run_experiment(experiment, out, workers=1, chunk=3)
    assert outcome.complete and not outcome.failures
    return rows(out)


def rows(out: Path) -> pd.DataFrame:
    return load_results(out).drop(columns="elapsed")


def child_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env.update(extra)
    return env


def dealcraft(*argv: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "dealcraft", *argv], capture_output=True, text=True,
                          env=child_env(**env), cwd=ROOT, timeout=TIMEOUT)


def start(*argv: str, **env: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "dealcraft", *argv], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=child_env(**env), cwd=ROOT, start_new_session=True)


def wait_for(condition, what: str, timeout: float = TIMEOUT) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.02)


def parts(out: Path) -> list[Path]:
    return sorted((out / "runs").glob("part-*.parquet"))


def checksums(out: Path) -> dict[str, dict]:
    return {e["part"]: e for e in map(json.loads, (out / CHECKSUMS).read_text().splitlines())}


# ---------------------------------------------------------------- kill -9 of the batch itself


def test_kill_9_of_the_batch_keeps_every_written_part_and_resume_completes_it(reference, tmp_path):
    """The batch process SIGKILLs itself as it starts run 6 (serial: the batch is the worker)."""
    out = tmp_path / "out"
    killed = dealcraft(*CLI, "--workers", "1", "--chunk", "2", "--out", str(out), **{FAULT_KILL_RUN: "6"})
    assert killed.returncode == -signal.SIGKILL
    assert [p.name for p in parts(out)] == [f"part-{i:05d}.parquet" for i in range(3)]  # runs 0-5, chunk 3 in flight
    assert sorted(checksums(out)) == [p.name for p in parts(out)]
    assert sorted(load_results(out)["run_id"]) == list(range(6))
    resumed = dealcraft(*CLI, "--workers", "1", "--chunk", "2", "--out", str(out))
    assert resumed.returncode == 0, resumed.stderr
    assert "6 already in the folder" in resumed.stdout and "4 runs played" in resumed.stdout
    pd.testing.assert_frame_equal(rows(out), reference)


def test_kill_9_from_outside_at_any_moment_loses_only_runs_in_flight(reference, tmp_path):
    """kill -9 of the whole process group (batch and pool workers) once the first part is on disk."""
    out = tmp_path / "out"
    batch = start(*CLI, "--workers", "2", "--chunk", "1", "--out", str(out))
    try:
        wait_for(lambda: parts(out) or batch.poll() is not None, "the first part file")
    finally:
        os.killpg(batch.pid, signal.SIGKILL)
        batch.communicate(timeout=TIMEOUT)
    kept = set(load_results(out)["run_id"]) if (out / MANIFEST).exists() else set()
    assert (out / MANIFEST).exists() and len(kept) >= 1
    resumed = run_experiment_again(out)
    assert resumed.already_done == len(kept) and resumed.complete and not resumed.failures
    pd.testing.assert_frame_equal(rows(out), reference)


def run_experiment_again(out: Path, **kw):
    experiment = Experiment(load_scenario(resolve("onboarding")), STRATEGIES, runs=RUNS, seed=SEED,
                            source=str(resolve("onboarding")))
    return run_experiment(experiment, out, workers=1, **kw)


def test_a_part_written_but_not_yet_recorded_is_adopted(experiment, reference, tmp_path):
    """Killed between the part's rename and its checksum's line (cut short): the part is whole, so it is kept."""
    run_experiment(experiment, tmp_path, workers=1, chunk=4)
    lines = (tmp_path / CHECKSUMS).read_text().splitlines()
    assert len(lines) == 3 and '"part-00002.parquet"' in lines[2]
    (tmp_path / CHECKSUMS).write_text("\n".join(lines[:2]) + "\n" + lines[2][:25])  # the last append cut short
    (tmp_path / "runs" / ".part-00003.parquet.abc.tmp").write_bytes(b"PAR1 half a file")  # a write cut short
    again = run_experiment(experiment, tmp_path, workers=1)
    assert again.played == 0 and again.already_done == 10
    assert len(again.repairs) == 1 and "part-00002.parquet was written but not yet recorded" in again.repairs[0]
    assert sorted(checksums(tmp_path)) == [p.name for p in parts(tmp_path)]
    assert not list((tmp_path / "runs").glob(".part-*.tmp"))
    pd.testing.assert_frame_equal(rows(tmp_path), reference)


# ---------------------------------------------------------------- damaged files


@pytest.mark.parametrize("damage", ["truncate", "flip", "empty", "garbage"])
def test_a_damaged_part_is_detected_reported_and_its_runs_played_again(experiment, reference, tmp_path, damage):
    run_experiment(experiment, tmp_path, workers=1, chunk=4)
    victim = parts(tmp_path)[1]
    data = victim.read_bytes()
    if damage == "truncate":
        victim.write_bytes(data[: len(data) // 2])
    elif damage == "flip":  # same size, one byte changed: only the checksum sees it
        middle = len(data) // 2
        victim.write_bytes(data[:middle] + bytes([data[middle] ^ 0xFF]) + data[middle + 1:])
    elif damage == "empty":
        victim.write_bytes(b"")
    else:
        victim.write_bytes(b"\x00" * len(data))
    with pytest.raises(StoreError) as caught:
        load_results(tmp_path)
    message = str(caught.value)
    assert str(victim) in message and "damaged" in message and "run the same batch command again" in message
    with pytest.raises(StoreError, match="damaged"):
        summarise_folder(tmp_path, charts=False)
    again = run_experiment(experiment, tmp_path, workers=1)
    assert again.played == 4 and again.already_done == 6 and again.complete
    assert len(again.repairs) == 1 and "is damaged" in again.repairs[0] and "played again" in again.repairs[0]
    assert (tmp_path / DAMAGED / victim.name).exists()  # kept for inspection, out of the results
    pd.testing.assert_frame_equal(rows(tmp_path), reference)


def test_the_cli_reports_a_damaged_part_in_one_line_and_repairs_it(experiment, reference, tmp_path):
    out = tmp_path / "out"
    run_experiment(experiment, out, workers=1, chunk=4)
    victim = parts(out)[0]
    victim.write_bytes(victim.read_bytes()[:100])
    result = dealcraft(*CLI, "--workers", "1", "--out", str(out))
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert len(warnings) == 1 and victim.name in warnings[0] and "damaged" in warnings[0]
    assert "Traceback" not in result.stderr
    pd.testing.assert_frame_equal(rows(out), reference)


@pytest.mark.parametrize("content", [b'{"dealcraft_batch": 1, "defini', b"\xff\xfe not json", b"[]"])
def test_a_damaged_manifest_is_one_message_and_exit_2(experiment, tmp_path, content):
    out = tmp_path / "out"
    run_experiment(experiment, out, workers=1)
    (out / MANIFEST).write_bytes(content)
    result = dealcraft(*CLI, "--workers", "1", "--out", str(out))
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and "manifest" in lines[0], result.stderr
    assert len(parts(out)) >= 1  # nothing deleted


def test_an_oversized_manifest_is_refused_without_reading_it(tmp_path, monkeypatch):
    import sim.batch.store as store

    run_experiment_again(tmp_path)
    monkeypatch.setattr(store, "MAX_MANIFEST_BYTES", 100)
    with pytest.raises(StoreError, match="over the .* limit for a manifest"):
        load_results(tmp_path)


# ---------------------------------------------------------------- dying workers


def test_a_pool_worker_killed_once_is_replaced_and_its_runs_played_again(experiment, reference, tmp_path,
                                                                        monkeypatch):
    monkeypatch.setenv(FAULT_KILL_RUN, "4")
    monkeypatch.setenv(FAULT_ONCE_DIR, str(tmp_path))
    out = tmp_path / "out"
    outcome = run_experiment(experiment, out, workers=2, chunk=2)
    assert (tmp_path / "killed-4").exists()  # the fault did happen
    assert outcome.complete and not outcome.failures
    pd.testing.assert_frame_equal(rows(out), reference)


def test_a_run_that_always_kills_its_worker_is_recorded_as_lost_and_resume_plays_it(experiment, reference,
                                                                                    tmp_path, monkeypatch):
    monkeypatch.setenv(FAULT_KILL_RUN, "7")
    outcome = run_experiment(experiment, tmp_path, workers=2, chunk=3)
    assert outcome.complete and [f["run_id"] for f in outcome.failures] == [7]
    assert outcome.failures[0]["error"].startswith(f"{WORKER_LOST}: the worker process died 3 times")
    frame = rows(tmp_path)
    others = frame[frame["run_id"] != 7].reset_index(drop=True)
    pd.testing.assert_frame_equal(others, reference[reference["run_id"] != 7].reset_index(drop=True),
                                  check_dtype=False)  # the lost row's missing counts make float columns
    monkeypatch.delenv(FAULT_KILL_RUN)  # the cause is gone (memory freed, node back)
    again = run_experiment(experiment, tmp_path, workers=1)
    assert again.retried == 1 and again.played == 1 and not again.failures
    pd.testing.assert_frame_equal(rows(tmp_path), reference)


def test_a_dask_worker_killed_mid_batch_is_rescheduled_and_the_batch_completes(experiment, reference, tmp_path,
                                                                               monkeypatch):
    pytest.importorskip("distributed")
    monkeypatch.setenv(FAULT_KILL_RUN, "5")
    monkeypatch.setenv(FAULT_ONCE_DIR, str(tmp_path))
    out = tmp_path / "out"
    outcome = run_experiment(experiment, out, scheduler="local", workers=2, chunk=2)
    assert (tmp_path / "killed-5").exists()
    assert outcome.complete and not outcome.failures
    pd.testing.assert_frame_equal(rows(out), reference)


@pytest.mark.slow
def test_a_run_that_always_kills_dask_workers_is_recorded_as_lost(experiment, reference, tmp_path, monkeypatch):
    distributed = pytest.importorskip("distributed")
    import dask

    monkeypatch.setenv(FAULT_KILL_RUN, "2")
    with dask.config.set({"distributed.scheduler.allowed-failures": 1}):
        outcome = run_experiment(experiment, tmp_path, scheduler="local", workers=2, chunk=2)
    assert distributed is not None
    lost = sorted(f["run_id"] for f in outcome.failures)
    # the chunk of run 2, and maybe a chunk queued on a worker that died with it (Dask counts it as suspect too)
    assert outcome.complete and {2, 3} <= set(lost) and len(lost) < 10
    assert all(f["error"].startswith(WORKER_LOST) for f in outcome.failures)
    frame = rows(tmp_path)
    kept = frame[~frame["run_id"].isin(lost)].reset_index(drop=True)
    pd.testing.assert_frame_equal(kept, reference[~reference["run_id"].isin(lost)].reset_index(drop=True),
                                  check_dtype=False)
    monkeypatch.delenv(FAULT_KILL_RUN)
    again = run_experiment(experiment, tmp_path, workers=1)
    assert again.retried == len(lost) and not again.failures
    pd.testing.assert_frame_equal(rows(tmp_path), reference)


# ---------------------------------------------------------------- Ctrl-C


@pytest.mark.parametrize("workers", ["1", "2"])
def test_ctrl_c_stops_cleanly_with_130_and_the_rerun_gives_the_uninterrupted_results(reference, tmp_path, workers):
    """Ctrl-C as run 4 starts: in the batch's own process (serial) or the parent of the pool's workers."""
    out = tmp_path / "out"
    stopped = dealcraft(*CLI, "--workers", workers, "--chunk", "1", "--out", str(out),
                        **{FAULT_INTERRUPT_RUN: "4", FAULT_SLOW: "0.1"})
    assert stopped.returncode == 130, stopped.stderr
    assert "interrupted:" in stopped.stderr and "run the same command again to resume" in stopped.stderr
    assert "Traceback" not in stopped.stderr
    kept = sorted(load_results(out)["run_id"])
    if workers == "1":
        assert kept == [0, 1, 2, 3]  # every run before the interrupted one, nothing after
    else:
        assert 1 <= len(kept) < 10
    assert run_experiment_again(out).already_done == len(kept)  # the same command again resumes
    pd.testing.assert_frame_equal(rows(out), reference)


def test_ctrl_c_from_outside_while_the_pool_plays(reference, tmp_path):
    """SIGINT sent to the batch process from outside, as a terminal does, once two parts are on disk."""
    out = tmp_path / "out"
    batch = start(*CLI, "--workers", "2", "--chunk", "1", "--out", str(out), **{FAULT_SLOW: "0.4"})
    try:
        wait_for(lambda: len(parts(out)) >= 2 or batch.poll() is not None, "two part files")
        batch.send_signal(signal.SIGINT)
        _, stderr = batch.communicate(timeout=TIMEOUT)
    finally:
        if batch.poll() is None:
            os.killpg(batch.pid, signal.SIGKILL)
    assert batch.returncode == 130, stderr
    assert "interrupted:" in stderr and "Traceback" not in stderr
    kept = load_results(out)
    assert 2 <= len(kept) < 10  # finished chunks kept, the batch stopped before its end
    assert run_experiment_again(out).already_done == len(kept)
    pd.testing.assert_frame_equal(rows(out), reference)


# ---------------------------------------------------------------- failed runs on resume


def test_failed_runs_are_kept_on_resume_and_played_again_with_retry_failed(experiment, reference, tmp_path,
                                                                          monkeypatch, capsys):
    import sim.batch.worker as worker
    from dealcraft.cli import main

    real = worker.play_one

    def broken(scenario, seed, spec, *rest):
        if spec == "spray":
            raise RuntimeError("a bug in spray")
        return real(scenario, seed, spec, *rest)

    monkeypatch.setattr(worker, "play_one", broken)
    first = run_experiment(experiment, tmp_path, workers=1)
    assert len(first.failures) == 5
    monkeypatch.setattr(worker, "play_one", real)  # the bug is fixed
    again = run_experiment(experiment, tmp_path, workers=1)
    assert again.played == 0 and again.retried == 0 and len(again.failures) == 5  # a failure is a result
    code = main([*CLI, "--workers", "1", "--out", str(tmp_path), "--retry-failed"])
    out = capsys.readouterr().out
    assert code == 0 and "5 runs played" in out and "5 played again after failing" in out
    pd.testing.assert_frame_equal(rows(tmp_path), reference)  # the new rows replace the failed ones
    assert not summarise_folder(tmp_path, charts=False)[0].failed
