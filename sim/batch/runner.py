"""Run an experiment into an output folder: skip what is already there, play the rest in chunks,
write each finished chunk as a part file, and stop cleanly on Ctrl-C.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sim.batch.columns import schema
from sim.batch.executors import make_executor
from sim.batch.experiment import Experiment, RunSpec
from sim.batch.rows import param_column, param_kind
from sim.batch.store import ResultStore
from sim.batch.worker import Chunk

MAX_CHUNK = 20
"""Runs per task at most: a chunk of a fast scenario then lasts a few seconds, so the per-task cost
(pickling, a round trip, a part file) is a small share, and progress still moves often."""

CHUNKS_PER_WORKER = 4
"""At least this many chunks per worker when the batch is small, so the last ones balance out."""

Progress = Callable[[int, int], None]
"""progress(runs finished, runs in the batch), called as each chunk is written."""


def default_chunk(runs: int, workers: int) -> int:
    return max(1, min(MAX_CHUNK, math.ceil(runs / (workers * CHUNKS_PER_WORKER))))


@dataclass
class Outcome:
    """What a call to `run_experiment` did; `failures` lists every failed run in the folder."""

    out: Path
    total: int
    already_done: int
    played: int = 0
    parts_written: int = 0
    failures: list[dict] = field(default_factory=list)
    repairs: list[str] = field(default_factory=list)
    """One message per damaged or unrecorded part found on resuming (moved aside and played again, or kept)."""
    retried: int = 0
    """Runs played again because they had failed (or were lost with a worker process)."""
    interrupted: bool = False
    elapsed: float = 0.0
    executor: str = ""

    @property
    def finished(self) -> int:
        return self.already_done + self.played

    @property
    def complete(self) -> bool:
        return self.finished >= self.total


def chunks_of(plan: Iterator[RunSpec], size: int, experiment: Experiment) -> Iterator[Chunk]:
    kinds = {key: param_kind(values) for key, values in experiment.sweep}
    arms = {arm.index: arm for arm in experiment.arms}
    quarters = experiment.quarters
    batch: list[tuple] = []
    for spec in plan:
        params = tuple((param_column(k), kinds[k](v)) for k, v in arms[spec.arm].swept)
        batch.append((spec.run_id, spec.replication, spec.seed, spec.arm, spec.spec, params))
        if len(batch) == size:
            yield Chunk(tuple(batch), experiment.seat, experiment.trainee, quarters)
            batch = []
    if batch:
        yield Chunk(tuple(batch), experiment.seat, experiment.trainee, quarters)


def run_experiment(experiment: Experiment, out: str | Path, *, workers: int | None = None,
                   scheduler: str | None = None, chunk: int | None = None, fmt: str = "parquet",
                   progress: Progress | None = None, retry_failed: bool = False) -> Outcome:
    """Play every run of `experiment` not yet in `out`, streaming parts to `out/runs/`.

    workers=1 plays in this process; more uses a spawned process pool (default: one per core);
    scheduler='tcp://host:port' or 'local' uses Dask. Ctrl-C returns with `interrupted=True`
    after keeping every finished chunk: calling again with the same experiment resumes.

    Resuming checks every part against the manifest's checksums and plays again the runs of a
    damaged one (`Outcome.repairs` says which), and the runs lost with a worker process. Runs that
    raised are results, played again only with `retry_failed=True` (a fixed bug, a flaky resource).
    """
    started = time.perf_counter()
    store = ResultStore(out, fmt)
    with store.lock():
        outcome = _run(experiment, store, workers, scheduler, chunk, progress, retry_failed)
    outcome.elapsed = time.perf_counter() - started
    return outcome


def _run(experiment: Experiment, store: ResultStore, workers: int | None, scheduler: str | None,
         chunk: int | None, progress: Progress | None, retry_failed: bool = False) -> Outcome:
    store.open(experiment)
    latest = store.latest_errors()
    done = store.finished_run_ids(retry_failed, latest)
    outcome = Outcome(store.out, experiment.total, len(done), repairs=list(store.repairs))
    outcome.retried = sum(1 for run_id in latest if run_id not in done and run_id < experiment.total)
    table_schema = schema(experiment)
    remaining = experiment.total - len(done)
    if progress:
        progress(outcome.finished, outcome.total)
    if remaining > 0:
        executor = make_executor(experiment.scenario, workers, scheduler)
        outcome.executor = executor.describe()
        size = chunk or default_chunk(remaining, executor.workers)
        plan = (spec for spec in experiment.plan() if spec.run_id not in done)
        number = store.next_part()
        cancel = True  # unless every chunk comes back: then the executor shuts down gently
        try:
            for rows in executor.map(chunks_of(plan, size, experiment)):
                store.write_part(number, rows, table_schema)
                number += 1
                outcome.parts_written += 1
                outcome.played += len(rows)
                if progress:
                    progress(outcome.finished, outcome.total)
            cancel = False
        except KeyboardInterrupt:
            outcome.interrupted = True
        finally:
            executor.close(cancel=cancel)
    outcome.failures = store.failures(table_schema)
    return outcome
