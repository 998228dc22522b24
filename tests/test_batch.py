"""Batch experiments (sim.batch): arms, common random numbers, streaming parts, resume, failures."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest

import sim.batch.worker as worker
from sim.batch import (
    Experiment,
    ExperimentError,
    StoreError,
    load_results,
    parse_sweep,
    replication_seed,
    run_experiment,
    summarise_folder,
)
from sim.batch.rows import SEAT_METRICS, TEAM_METRICS
from sim.run import run
from sim.scenario import load_scenario
from sim.scenario.shipped import resolve


@pytest.fixture(scope="module")
def onboarding():
    return load_scenario(resolve("onboarding"))


def small(scenario, runs=3, **kw) -> Experiment:
    kw.setdefault("strategies", ("phase-aware", "farmer"))
    return Experiment(scenario, runs=runs, seed=11, **kw)


# ---------------------------------------------------------------- definition


def test_replication_seeds_are_spawned_from_the_base_seed_and_stable():
    children = np.random.SeedSequence(5).spawn(4)
    for i, child in enumerate(children):
        assert replication_seed(5, i) == int(child.generate_state(1, np.uint64)[0] >> np.uint64(1))
    seeds = [replication_seed(5, i) for i in range(200)]
    assert len(set(seeds)) == 200
    assert all(0 <= s < 2**63 for s in seeds)
    assert replication_seed(6, 0) != replication_seed(5, 0)


def test_arms_are_strategies_times_swept_values(onboarding):
    exp = Experiment(onboarding, ("phase-aware", "spray:attempts=2"), 2,
                     sweep=(parse_sweep("lead_delay=0,4"), parse_sweep("cadence=1,2")))
    assert [a.spec for a in exp.arms] == [
        "phase-aware:lead_delay=0,cadence=1", "phase-aware:lead_delay=0,cadence=2",
        "phase-aware:lead_delay=4,cadence=1", "phase-aware:lead_delay=4,cadence=2",
        "spray:attempts=2,lead_delay=0,cadence=1", "spray:attempts=2,lead_delay=0,cadence=2",
        "spray:attempts=2,lead_delay=4,cadence=1", "spray:attempts=2,lead_delay=4,cadence=2",
    ]
    assert [a.index for a in exp.arms] == list(range(8))
    assert exp.total == 16


@pytest.mark.parametrize("kw, words", [
    ({"strategies": ("nonsense",)}, "unknown strategy 'nonsense'"),
    ({"strategies": ("phase-aware:speed=3",)}, "no parameter 'speed'"),
    ({"strategies": ("phase-aware",), "sweep": (("attempts", ("x",)),)}, "expects a int"),
    ({"strategies": ("phase-aware:cadence=2",), "sweep": (("cadence", ("1",)),)}, "already sets 'cadence'"),
    ({"strategies": ("phase-aware", "phase-aware")}, "same strategy spec"),
    ({"strategies": ()}, "at least one strategy"),
    ({"strategies": ("phase-aware",), "seat": "middle"}, "seat must be one of"),
])
def test_bad_experiments_say_why(onboarding, kw, words):
    with pytest.raises(ExperimentError, match=words):
        Experiment(onboarding, runs=2, **kw)


@pytest.mark.parametrize("text", ["lead_delay", "=1,2", "lead_delay=", "lead_delay=1,,2", "lead_delay=1,1"])
def test_bad_sweeps_say_why(text):
    with pytest.raises(ExperimentError, match="--param"):
        parse_sweep(text)


def test_declared_columns_cover_every_metric(onboarding):
    overall = run(onboarding, 3).overall
    rep = next(iter(overall["reps"].values()))
    team_scalars = {k for k, v in overall["team"].items() if not isinstance(v, list)}
    rep_scalars = {k for k, v in rep.items() if not isinstance(v, list)}
    assert team_scalars == set(TEAM_METRICS), "a team metric was added or removed: update sim/batch/rows.py"
    assert rep_scalars == set(SEAT_METRICS), "a rep metric was added or removed: update sim/batch/rows.py"


# ---------------------------------------------------------------- common random numbers


def test_every_arm_of_a_replication_plays_the_same_seed(onboarding, tmp_path):
    exp = small(onboarding, runs=3)
    outcome = run_experiment(exp, tmp_path, workers=1)
    assert outcome.complete and not outcome.failures
    frame = load_results(tmp_path)
    assert list(frame["run_id"]) == list(range(6))
    per_replication = frame.groupby("replication")["seed"].agg(["nunique", "first"])
    assert (per_replication["nunique"] == 1).all()
    assert per_replication["first"].nunique() == 3
    assert list(per_replication["first"]) == [replication_seed(11, i) for i in range(3)]
    # the row is what a plain run of that seed and strategy gives
    row = frame.iloc[3]
    direct = run(onboarding, int(row["seed"]), strategy=row["strategy"]).overall
    assert row["team_revenue"] == direct["team"]["revenue"]
    assert row["seat_quota_attainment"] == direct["reps"]["you"]["quota_attainment"]


def test_trainee_seat_leaves_the_other_seats_to_the_scenario(onboarding, tmp_path):
    exp = small(onboarding, runs=1, strategies=("random",), seat="trainee")
    run_experiment(exp, tmp_path, workers=1)
    row = load_results(tmp_path).iloc[0]
    seed = replication_seed(11, 0)
    direct = run(onboarding, seed, seats={"you": "random"}).overall
    assert row["team_revenue"] == direct["team"]["revenue"]
    assert row["seat_revenue"] == direct["reps"]["you"]["revenue"]
    assert row["seat_overall"] == direct["scores"]["you"]["overall"]


# ---------------------------------------------------------------- streaming and resume


def test_each_chunk_is_a_part_file_and_the_manifest_records_the_definition(onboarding, tmp_path):
    exp = small(onboarding, runs=3, sweep=(("lead_delay", ("0.05", "2")),))
    outcome = run_experiment(exp, tmp_path, workers=1, chunk=5)
    parts = sorted((tmp_path / "runs").glob("part-*.parquet"))
    assert [p.name for p in parts] == ["part-00000.parquet", "part-00001.parquet", "part-00002.parquet"]
    assert [pq.read_metadata(p).num_rows for p in parts] == [5, 5, 2]
    assert outcome.parts_written == 3
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    assert manifest["definition"]["arms"] == [a.spec for a in exp.arms]
    assert manifest["runs"] == 3 and manifest["format"] == "parquet"
    frame = pd.read_parquet(tmp_path / "runs")
    assert len(frame) == 12
    assert set(frame["param_lead_delay"]) == {0.05, 2.0}


def test_an_interrupted_batch_resumes_without_duplicates(onboarding, tmp_path):
    exp = small(onboarding, runs=3)
    calls = []

    def stop_after_two_chunks(done, total):
        calls.append(done)
        if len(calls) == 3:  # the initial call, then two written chunks
            raise KeyboardInterrupt

    first = run_experiment(exp, tmp_path, workers=1, chunk=2, progress=stop_after_two_chunks)
    assert first.interrupted and first.finished == 4 and not first.complete
    second = run_experiment(exp, tmp_path, workers=1, chunk=2)
    assert second.already_done == 4 and second.played == 2 and second.complete and not second.interrupted
    frame = load_results(tmp_path)
    ids = pd.concat([pd.read_parquet(p) for p in (tmp_path / "runs").glob("part-*.parquet")])["run_id"]
    assert sorted(ids) == list(range(6))  # every run once, none twice
    whole = tmp_path / "whole"
    run_experiment(exp, whole, workers=1)
    assert frame.drop(columns="elapsed").equals(load_results(whole).drop(columns="elapsed"))
    third = run_experiment(exp, tmp_path, workers=1)
    assert third.played == 0 and third.parts_written == 0


def test_more_runs_extend_a_batch_but_another_experiment_is_refused(onboarding, tmp_path):
    run_experiment(small(onboarding, runs=2), tmp_path, workers=1)
    extended = run_experiment(small(onboarding, runs=3), tmp_path, workers=1)
    assert extended.already_done == 4 and extended.played == 2
    with pytest.raises(StoreError, match="differs in: arms, strategies"):
        run_experiment(small(onboarding, runs=3, strategies=("phase-aware", "spray")), tmp_path, workers=1)
    with pytest.raises(StoreError, match="differs in: seat"):
        run_experiment(small(onboarding, runs=3, seat="trainee"), tmp_path, workers=1)
    with pytest.raises(StoreError, match="at least as many"):
        run_experiment(small(onboarding, runs=1), tmp_path, workers=1)
    with pytest.raises(StoreError, match="parquet results"):
        run_experiment(small(onboarding, runs=3), tmp_path, workers=1, fmt="csv")


def test_csv_on_request_reads_back_with_the_same_values(onboarding, tmp_path):
    exp = small(onboarding, runs=2)
    run_experiment(exp, tmp_path / "csv", workers=1, fmt="csv")
    run_experiment(exp, tmp_path / "pq", workers=1)
    names = sorted(p.name for p in (tmp_path / "csv" / "runs").iterdir())
    assert names and all(n.startswith("part-") and n.endswith(".csv") for n in names)
    a = load_results(tmp_path / "csv").drop(columns="elapsed")
    b = load_results(tmp_path / "pq").drop(columns="elapsed")
    pd.testing.assert_frame_equal(a, b, check_dtype=False)


# ---------------------------------------------------------------- failures


def test_a_failing_run_is_recorded_and_the_batch_goes_on(onboarding, tmp_path, monkeypatch):
    exp = small(onboarding, runs=3)
    bad_seed = replication_seed(11, 1)
    real = worker.play_one

    def flaky(scenario, seed, spec, *rest):
        if seed == bad_seed and spec == "farmer":
            raise ZeroDivisionError("the model divided by zero")
        return real(scenario, seed, spec, *rest)

    monkeypatch.setattr(worker, "play_one", flaky)
    outcome = run_experiment(exp, tmp_path, workers=1)
    assert outcome.complete
    assert [(f["run_id"], f["seed"], f["strategy"]) for f in outcome.failures] == [(3, bad_seed, "farmer")]
    assert outcome.failures[0]["error"] == "ZeroDivisionError: the model divided by zero"
    frame = load_results(tmp_path)
    assert frame["error"].notna().sum() == 1
    failed = frame[frame["error"].notna()].iloc[0]
    assert np.isnan(failed["team_revenue"]) and failed["seed"] == bad_seed
    summary, _ = summarise_folder(tmp_path, charts=False)
    assert summary.failed == 1
    assert summary.line("team_revenue", 1).value.n == 2
    assert summary.line("team_revenue", 1).difference.n == 2  # the pair of the failed replication is left out
    # a later run of the same command does not retry it silently: it is a result
    again = run_experiment(exp, tmp_path, workers=1)
    assert again.played == 0 and len(again.failures) == 1


def test_a_chunk_collects_garbage_in_larger_batches_and_leaves_the_process_as_it_found_it(onboarding, monkeypatch):
    import gc

    seen = []
    monkeypatch.setattr(worker, "play_one", lambda *args: seen.append(gc.get_threshold()) or {})
    monkeypatch.setattr(worker, "COLLECT_EVERY", 2)
    collections = []
    monkeypatch.setattr(gc, "collect", lambda *args: collections.append(len(seen)) or 0)
    before = gc.get_threshold()
    chunk = worker.Chunk(tuple((i, i, i, 0, "phase-aware", ()) for i in range(5)), "team", "", None)
    rows = worker.play_chunk(chunk, onboarding)
    assert [r["error"] for r in rows] == [None] * 5
    assert seen == [(worker.GC_YOUNG_THRESHOLD, *before[1:])] * 5
    assert collections == [2, 4]  # every COLLECT_EVERY runs (not after the chunk: that would cost every round trip)
    assert gc.get_threshold() == before


def test_a_metric_no_run_has_gets_no_empty_chart(tmp_path):
    from sim.batch.charts import write_charts
    from sim.batch.summary import summarise

    frame = pd.DataFrame({"run_id": [0, 1, 2, 3], "replication": [0, 0, 1, 1], "arm": [0, 1, 0, 1],
                          "strategy": ["phase-aware", "spray"] * 2, "error": [None] * 4,
                          "team_revenue": [10.0, 0.0, 12.0, 1.0],
                          "seat_quota_attainment": [float("nan")] * 4})  # e.g. a scenario with no quota
    summary = summarise(frame, ["team_revenue", "seat_quota_attainment"])
    paths = write_charts(summary, tmp_path)
    assert [p.name for p in paths] == ["chart-team_revenue.png"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["chart-team_revenue.png"]


def test_chunks_played_side_by_side_leave_the_gc_settings_as_they_found_them(onboarding, monkeypatch):
    """A Dask worker with several threads plays chunks at once: only the last one out restores.
    (Saving and restoring per chunk left the raised threshold behind when the first chunk in left first.)"""
    import gc
    import threading

    before = gc.get_threshold()
    arrived: list[str] = []
    go = {name: threading.Event() for name in ("a", "b")}
    both_in = threading.Barrier(3)

    def hold(*args):
        arrived.append(threading.current_thread().name)
        both_in.wait(timeout=10)
        go[threading.current_thread().name].wait(timeout=10)
        return {}

    monkeypatch.setattr(worker, "play_one", hold)
    chunk = worker.Chunk(((0, 0, 0, 0, "phase-aware", ()),), "team", "", None)
    threads = {name: threading.Thread(target=worker.play_chunk, args=(chunk, onboarding), name=name) for name in go}
    for t in threads.values():
        t.start()
    both_in.wait(timeout=10)
    assert gc.get_threshold()[0] == worker.GC_YOUNG_THRESHOLD
    for name in arrived:  # the first chunk in leaves first
        go[name].set()
        threads[name].join(timeout=10)
    assert gc.get_threshold() == before
