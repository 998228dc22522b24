"""What a worker does with a chunk of runs: play each, flatten it to a row, never let one failure
stop the others. Top-level functions and plain data only, so the same code runs in-process,
in a spawned process pool and on a Dask worker.
"""

from __future__ import annotations

import gc
import os
import signal
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass

from sim.batch.rows import metric_values
from sim.run import run
from sim.scenario.schema import Scenario

_scenario: Scenario | None = None
"""The scenario of this worker process, set once by `init_process` (saves sending it per chunk)."""

FAULT_KILL_RUN = "DEALCRAFT_FAULT_KILL_RUN"
FAULT_ONCE_DIR = "DEALCRAFT_FAULT_ONCE_DIR"
FAULT_INTERRUPT_RUN = "DEALCRAFT_FAULT_INTERRUPT_RUN"
FAULT_SLOW = "DEALCRAFT_FAULT_SLOW"
"""Test-only fault injection (tests/test_batch_faults.py). The process playing a run id listed in
DEALCRAFT_FAULT_KILL_RUN ('7' or '3,7') kills itself with SIGKILL, as the out-of-memory killer would;
with DEALCRAFT_FAULT_ONCE_DIR set, only the first attempt dies (a marker file per run id there).
DEALCRAFT_FAULT_INTERRUPT_RUN sends SIGINT (Ctrl-C) to the batch as that run starts, and
DEALCRAFT_FAULT_SLOW=SECONDS makes each run last that much longer, so a test can signal a batch
from outside at a known point whatever the machine's speed. Unset, as in any real batch, this costs
three dictionary lookups per chunk."""


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
        result = run(scenario, seed, quarters=quarters, seats={trainee: spec}, per_quarter=False)
    else:
        result = run(scenario, seed, strategy=spec, quarters=quarters, per_quarter=False)
    return metric_values(result.overall, trainee)


def play_chunk(chunk: Chunk, scenario: Scenario | None = None) -> list[dict]:
    """One row per run of the chunk; a run that raises gets its error message and no metrics."""
    scenario = scenario if scenario is not None else _scenario
    if scenario is None:
        raise RuntimeError("play_chunk needs a scenario (init_process was not called)")
    with _fewer_collections():
        return _play(chunk, scenario)


GC_YOUNG_THRESHOLD = 50_000
"""Allocations between young-generation collections while a chunk plays (CPython's default: 700).

A quarter allocates a few hundred thousand short-lived objects; with the default the collector
runs over a hundred times a quarter and keeps rescanning the world's growing log: 6-10 % of a
run's time. Garbage is still collected, just in larger batches (docs/performance.md)."""


COLLECT_EVERY = 8
"""Runs between full collections while a chunk plays. A finished world is a web of reference cycles
that only the cycle collector frees; with the raised threshold its turn came rarely and a worker's
peak RSS kept growing (124 -> 177 MiB over 40 runs of the reference scenario). Collecting every 8
runs holds it at 119-129 MiB, at no cost we could measure (docs/performance.md). Not at the end of a
chunk: a full collection costs 15-30 ms, a round trip's cost many times over, and the default
threshold restored after the chunk frees what is left."""


_gc_lock = threading.Lock()
_gc_chunks = 0
_gc_before: tuple[int, ...] = ()


@contextmanager
def _fewer_collections():
    """Raise the young-generation threshold for the chunk and restore it after, so that the
    process (a pool worker, a Dask worker, or the analyst's own) is left as it was found. Counted:
    a Dask worker with several threads plays chunks side by side, and only the last one out restores."""
    global _gc_chunks, _gc_before
    with _gc_lock:
        if _gc_chunks == 0:
            _gc_before = gc.get_threshold()
            gc.set_threshold(max(_gc_before[0], GC_YOUNG_THRESHOLD), *_gc_before[1:])
        _gc_chunks += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_chunks -= 1
            if _gc_chunks == 0:
                gc.set_threshold(*_gc_before)


def _play(chunk: Chunk, scenario: Scenario) -> list[dict]:
    rows = []
    doomed, interrupt, slow = (os.environ.get(k) for k in (FAULT_KILL_RUN, FAULT_INTERRUPT_RUN, FAULT_SLOW))
    for run_id, replication, seed, arm, spec, params in chunk.runs:
        if doomed and str(run_id) in doomed.split(","):
            _injected_fault(run_id)
        if interrupt and str(run_id) in interrupt.split(","):
            # Ctrl-C reaches the batch's process: this one in-process, the parent from a pool worker
            os.kill(os.getpid() if _scenario is None else os.getppid(), signal.SIGINT)
        if slow:
            time.sleep(float(slow))
        row = {"run_id": run_id, "replication": replication, "seed": seed, "arm": arm, "strategy": spec, **dict(params)}
        started = time.perf_counter()
        try:
            row.update(play_one(scenario, seed, spec, chunk.seat, chunk.trainee, chunk.quarters))
            row["error"] = None
        except Exception as exc:  # one run's failure is data: the batch goes on
            row["error"] = f"{type(exc).__name__}: {exc}"
        row["elapsed"] = time.perf_counter() - started
        rows.append(row)
        if len(rows) % COLLECT_EVERY == 0:
            gc.collect()  # finished worlds are reference cycles: free them before too many pile up
    return rows


def lost_rows(chunk: Chunk, why: str) -> list[dict]:
    """Rows for runs lost with their worker process: no metrics, and an error the next resume plays again."""
    from sim.batch.store import WORKER_LOST

    return [{"run_id": run_id, "replication": replication, "seed": seed, "arm": arm, "strategy": spec,
             **dict(params), "error": f"{WORKER_LOST}: {why}", "elapsed": 0.0}
            for run_id, replication, seed, arm, spec, params in chunk.runs]


def _injected_fault(run_id: int) -> None:
    once = os.environ.get(FAULT_ONCE_DIR)
    if once:
        try:
            os.close(os.open(os.path.join(once, f"killed-{run_id}"), os.O_CREAT | os.O_EXCL | os.O_WRONLY))
        except FileExistsError:
            return
    if hasattr(signal, "SIGKILL"):
        os.kill(os.getpid(), signal.SIGKILL)
    os._exit(137)
