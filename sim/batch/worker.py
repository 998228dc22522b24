"""What a worker does with a chunk of runs: play each, flatten it to a row, never let one failure
stop the others. Top-level functions and plain data only, so the same code runs in-process,
in a spawned process pool and on a Dask worker.
"""

from __future__ import annotations

import signal
import time
from dataclasses import dataclass

from sim.batch.rows import metric_values
from sim.run import run
from sim.scenario.schema import Scenario

_scenario: Scenario | None = None
"""The scenario of this worker process, set once by `init_process` (saves sending it per chunk)."""


@dataclass(frozen=True)
class Chunk:
    """Runs to play as one task: (run_id, replication, seed, arm, spec, swept params) each."""

    runs: tuple[tuple[int, int, int, int, str, tuple[tuple[str, object], ...]], ...]
    seat: str
    trainee: str
    quarters: int | None


def init_process(scenario: Scenario) -> None:
    """Process-pool initializer: keep the scenario; leave Ctrl-C to the parent, which stops cleanly."""
    global _scenario
    _scenario = scenario
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def play_one(scenario: Scenario, seed: int, spec: str, seat: str, trainee: str, quarters: int | None) -> dict:
    if seat == "trainee":
        result = run(scenario, seed, quarters=quarters, seats={trainee: spec})
    else:
        result = run(scenario, seed, strategy=spec, quarters=quarters)
    return metric_values(result.overall, trainee)


def play_chunk(chunk: Chunk, scenario: Scenario | None = None) -> list[dict]:
    """One row per run of the chunk; a run that raises gets its error message and no metrics."""
    scenario = scenario if scenario is not None else _scenario
    if scenario is None:
        raise RuntimeError("play_chunk needs a scenario (init_process was not called)")
    rows = []
    for run_id, replication, seed, arm, spec, params in chunk.runs:
        row = {"run_id": run_id, "replication": replication, "seed": seed, "arm": arm, "strategy": spec, **dict(params)}
        started = time.perf_counter()
        try:
            row.update(play_one(scenario, seed, spec, chunk.seat, chunk.trainee, chunk.quarters))
            row["error"] = None
        except Exception as exc:  # one run's failure is data: the batch goes on
            row["error"] = f"{type(exc).__name__}: {exc}"
        row["elapsed"] = time.perf_counter() - started
        rows.append(row)
    return rows
