"""Serial, process-pool and Dask runs of the same experiment give the same rows."""

from __future__ import annotations

import sys

import pytest

from sim.batch import ExecutorError, Experiment, load_results, run_experiment
from sim.batch.executors import Serial, make_executor
from sim.scenario import load_scenario
from sim.scenario.shipped import resolve


@pytest.fixture(scope="module")
def experiment():
    scenario = load_scenario(resolve("onboarding"))
    return Experiment(scenario, ("phase-aware", "random"), runs=3, seed=4, sweep=(("attempts", ("2", "3")),))


@pytest.fixture(scope="module")
def serial_rows(experiment, tmp_path_factory):
    out = tmp_path_factory.mktemp("serial")
    outcome = run_experiment(experiment, out, workers=1, chunk=4)
    assert outcome.complete and not outcome.failures
    return load_results(out).drop(columns="elapsed")


def test_process_pool_equals_serial(experiment, serial_rows, tmp_path):
    outcome = run_experiment(experiment, tmp_path, workers=2, chunk=3)
    assert "process pool (2 workers)" in outcome.executor
    assert outcome.parts_written == 4
    assert load_results(tmp_path).drop(columns="elapsed").equals(serial_rows)


def test_dask_local_cluster_equals_serial(experiment, serial_rows, tmp_path):
    pytest.importorskip("distributed")
    outcome = run_experiment(experiment, tmp_path, scheduler="local", workers=2, chunk=5)
    assert "Dask" in outcome.executor
    assert outcome.complete and not outcome.failures
    assert load_results(tmp_path).drop(columns="elapsed").equals(serial_rows)


def test_one_worker_plays_in_process(experiment):
    assert isinstance(make_executor(experiment.scenario, workers=1), Serial)


def test_without_dask_the_error_names_the_extra(experiment, monkeypatch):
    monkeypatch.setitem(sys.modules, "dask.distributed", None)
    with pytest.raises(ExecutorError, match=r"dealcraft\[cluster\]"):
        make_executor(experiment.scenario, scheduler="local")


def test_a_bad_scheduler_address_is_refused(experiment):
    with pytest.raises(ExecutorError, match="tcp://host:8786"):
        make_executor(experiment.scenario, scheduler="somewhere")
    with pytest.raises(ExecutorError, match="at least 1"):
        make_executor(experiment.scenario, workers=0)
