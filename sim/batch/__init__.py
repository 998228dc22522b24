"""Batch experiments: compare strategies and parameter sweeps over many seeded quarters.

    from sim.batch import Experiment, run_experiment, summarise_folder
    exp = Experiment(scenario, ("phase-aware", "spray"), runs=200, seed=7)
    outcome = run_experiment(exp, "out/")          # a process pool sized to the machine
    summary, files = summarise_folder("out/")     # means, 95% intervals, paired differences, PNGs

Every arm of replication i plays the same seed (common random numbers), so arm differences are
paired. Results stream to `out/runs/part-*.parquet` as chunks finish; calling again resumes.

Names are imported on first use: a worker process unpickling `sim.batch.worker.play_chunk`
then loads the simulation only, not pandas, pyarrow or matplotlib (a faster pool start).
"""

from __future__ import annotations

import importlib
from typing import Any

_WHERE = {
    "Arm": "experiment", "Experiment": "experiment", "ExperimentError": "experiment", "RunSpec": "experiment",
    "SEATS": "experiment", "parse_sweep": "experiment", "replication_seed": "experiment",
    "ExecutorError": "executors",
    "load_results": "report", "summarise_folder": "report",
    "HEADLINE": "rows", "headline_columns": "rows",
    "Outcome": "runner", "run_experiment": "runner",
    "Estimate": "stats", "estimate": "stats", "paired": "stats", "t975": "stats",
    "StoreError": "store",
    "Summary": "summary", "summarise": "summary",
}

__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module 'sim.batch' has no attribute '{name}'")
    return getattr(importlib.import_module(f"sim.batch.{_WHERE[name]}"), name)


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_WHERE))

