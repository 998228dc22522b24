"""Where chunks run: in this process, in a local process pool, or on a Dask cluster.

Each executor takes an iterator of chunks and yields their rows as chunks finish (in any
order), keeping only a few chunks in flight so that memory stays flat however long the batch.
`close(cancel=True)` drops what has not finished: the caller keeps what it has written.

A worker process that dies (killed, out of memory) does not stop the batch. The process pool
starts a new pool and plays the chunks that were in flight again, one at a time, so that a chunk
that kills its worker is found; such a chunk is split into single runs, each played up to
MAX_ATTEMPTS times before it is recorded as a lost run (a row whose error starts 'WorkerLost', which
the next resume plays again). Dask reschedules a task whose worker died by itself (up to its
`distributed.scheduler.allowed-failures`), then reports KilledWorker: those runs become lost rows too.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool

from sim.batch.experiment import ExperimentError
from sim.batch.worker import Chunk, init_process, lost_rows, play_chunk
from sim.scenario.schema import Scenario

IN_FLIGHT_PER_WORKER = 2
"""Chunks queued per worker: enough to keep it busy while the parent writes a part."""

MAX_ATTEMPTS = 3
"""Times a run whose worker process died is played alone before it is recorded as lost."""


class ExecutorError(ExperimentError):
    """An executor that cannot start (Dask missing, a scheduler out of reach); the message says why."""


class Serial:
    """Every chunk in this process, one after the other (`workers=1`): simplest to debug and profile."""

    workers = 1

    def __init__(self, scenario: Scenario) -> None:
        self.scenario = scenario

    def describe(self) -> str:
        return "in-process (1 worker)"

    def map(self, chunks: Iterable[Chunk]) -> Iterator[list[dict]]:
        for chunk in chunks:
            yield play_chunk(chunk, self.scenario)

    def close(self, cancel: bool = False) -> None:
        pass


class ProcessPool:
    """A local pool of `workers` processes started with 'spawn' (no state inherited by fork)."""

    def __init__(self, scenario: Scenario, workers: int) -> None:
        self.workers = workers
        self.scenario = scenario
        self.pool = self._start()
        self.pending: set[Future] = set()
        self.restarts = 0
        """How many times a worker process died and the pool was started again."""

    def _start(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(max_workers=self.workers, mp_context=multiprocessing.get_context("spawn"),
                                   initializer=init_process, initargs=(self.scenario,))

    def describe(self) -> str:
        return f"local process pool ({self.workers} workers)"

    def map(self, chunks: Iterable[Chunk]) -> Iterator[list[dict]]:
        source = iter(chunks)
        full = self.workers * IN_FLIGHT_PER_WORKER
        exhausted = False
        suspects: deque[Chunk] = deque()  # in flight when a worker died: played again one at a time
        attempts: dict[Chunk, int] = {}
        of: dict[Future, Chunk] = {}
        while True:
            limit = 1 if suspects else full
            while len(self.pending) < limit:
                if suspects:
                    chunk = suspects.popleft()
                elif not exhausted and (chunk := next(source, None)) is not None:
                    pass
                else:
                    exhausted = exhausted or not suspects
                    break
                future = self._submit(chunk)
                of[future] = chunk
                self.pending.add(future)
            if not self.pending:
                return
            done, self.pending = wait(self.pending, return_when=FIRST_COMPLETED)
            lost: list[Chunk] = []
            for future in done:
                chunk = of.pop(future)
                try:
                    rows = future.result()
                except BrokenProcessPool:  # a worker died (killed, out of memory): runs never raise here
                    lost.append(chunk)
                    continue
                yield rows
            if not lost:
                continue
            # every chunk still in flight went down with the pool: start a new one and play them again
            lost += [of.pop(f) for f in self.pending]
            self.pending = set()
            self._restart()
            if len(lost) > 1:
                suspects.extend(lost)
                continue
            (chunk,) = lost  # alone in flight: this chunk kills its worker
            if len(chunk.runs) > 1:  # find the run: play each alone
                suspects.extendleft(reversed([Chunk((run,), chunk.seat, chunk.trainee, chunk.quarters)
                                              for run in chunk.runs]))
                continue
            attempts[chunk] = attempts.get(chunk, 0) + 1
            if attempts[chunk] >= MAX_ATTEMPTS:
                yield lost_rows(chunk, f"the worker process died {MAX_ATTEMPTS} times playing this run")
            else:
                suspects.appendleft(chunk)

    def _submit(self, chunk: Chunk) -> Future:
        try:
            return self.pool.submit(play_chunk, chunk)
        except BrokenProcessPool:  # it broke since the last wait: start again
            self._restart()
            return self.pool.submit(play_chunk, chunk)

    def _restart(self) -> None:
        self.restarts += 1
        self.pool.shutdown(wait=False, cancel_futures=True)
        self.pool = self._start()

    def close(self, cancel: bool = False) -> None:
        if cancel:
            for future in self.pending:
                future.cancel()
            processes = list(getattr(self.pool, "_processes", {}).values())
            self.pool.shutdown(wait=False, cancel_futures=True)
            for process in processes:  # a chunk half-played is lost anyway: do not wait for it
                process.terminate()
            for process in processes:
                process.join(timeout=5)
        else:
            self.pool.shutdown(wait=True)


class Dask:
    """Chunks as tasks on a Dask distributed cluster: an existing scheduler ('tcp://host:port') or a
    LocalCluster ('local') of `workers` single-threaded processes. The scenario is scattered once."""

    def __init__(self, scenario: Scenario, scheduler: str, workers: int | None = None) -> None:
        try:
            from dask.distributed import Client, LocalCluster
        except ImportError:
            raise ExecutorError("running on Dask needs the 'cluster' extra: pip install 'dealcraft[cluster]'") from None
        self.cluster = None
        self.address = scheduler
        if scheduler == "local":
            import logging

            # the worker processes inherit an ignored SIGINT: Ctrl-C reaches this process only, which
            # cancels and closes the cluster cleanly instead of every worker printing a traceback
            main = threading.current_thread() is threading.main_thread()
            previous = signal.signal(signal.SIGINT, signal.SIG_IGN) if main else None
            try:
                self.cluster = LocalCluster(n_workers=workers or os.cpu_count() or 1, threads_per_worker=1,
                                            processes=True, dashboard_address=None, silence_logs=logging.ERROR)
            finally:
                if main:
                    signal.signal(signal.SIGINT, previous)
            self.client = Client(self.cluster)
        else:
            try:
                self.client = Client(scheduler, timeout="15s")
            except (OSError, TimeoutError, ValueError) as exc:
                raise ExecutorError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from None
        self.workers = max(1, sum(self.client.nthreads().values()))
        self._scenario = scenario
        self.scenario = self.client.scatter(scenario, broadcast=True)
        self.pending: list = []
        self._count = 0

    def describe(self) -> str:
        where = "local Dask cluster" if self.cluster is not None else f"Dask scheduler {self.address}"
        return f"{where} ({self.workers} worker thread{'s' if self.workers > 1 else ''})"

    def map(self, chunks: Iterable[Chunk]) -> Iterator[list[dict]]:
        from concurrent.futures import CancelledError

        import distributed.client as dask_client
        from dask.distributed import as_completed
        from distributed import KilledWorker

        cancelled = (CancelledError, getattr(dask_client, "FutureCancelledError", CancelledError))
        attempts: dict[Chunk, int] = {}

        source = iter(chunks)
        limit = self.workers * IN_FLIGHT_PER_WORKER
        self._chunks: dict[str, Chunk] = {}
        first = [self._submit(c) for c in _take(source, limit)]
        if not first:
            return
        self.pending = list(first)
        queue = as_completed(first)
        for future in queue:
            self.pending.remove(future)
            chunk = self._chunks.pop(future.key)
            try:
                rows = future.result()
            except KilledWorker as exc:  # the scheduler retried it on other workers; each died playing it
                rows = lost_rows(chunk, f"Dask workers died playing this chunk ({exc})")
            except cancelled as exc:  # every worker holding the scattered scenario died: scatter it again
                attempts[chunk] = attempts.get(chunk, 0) + 1
                if attempts[chunk] >= MAX_ATTEMPTS:
                    rows = lost_rows(chunk, f"cancelled on the Dask cluster {MAX_ATTEMPTS} times ({exc})")
                else:
                    self.scenario = self.client.scatter(self._scenario, broadcast=True)
                    new = self._submit(chunk)
                    self.pending.append(new)
                    queue.add(new)
                    continue
            except Exception as exc:  # play_chunk records failing runs itself: this is the cluster failing
                message = (f"a task failed on the Dask cluster ({type(exc).__name__}: {exc}); is the same version "
                           "of dealcraft installed on every worker? The finished chunks are kept")
                raise ExecutorError(message) from None
            future.release()
            for chunk in _take(source, 1):
                new = self._submit(chunk)
                self.pending.append(new)
                queue.add(new)
            yield rows

    def _submit(self, chunk: Chunk):
        self._count += 1
        first = chunk.runs[0][0] if chunk.runs else "empty"
        future = self.client.submit(play_chunk, chunk, self.scenario, key=f"dealcraft-chunk-{first}-{self._count}",
                                    pure=False)
        self._chunks[future.key] = chunk
        return future

    def close(self, cancel: bool = False) -> None:
        try:
            if cancel and self.pending:
                self.client.cancel(self.pending)
            self.client.close()
        finally:
            if self.cluster is not None:
                self.cluster.close()


def _take(source: Iterator[Chunk], n: int) -> list[Chunk]:
    out = []
    for _ in range(n):
        chunk = next(source, None)
        if chunk is None:
            break
        out.append(chunk)
    return out


def make_executor(scenario: Scenario, workers: int | None = None, scheduler: str | None = None):
    """Serial for one worker, Dask when a scheduler is named, else a process pool sized to the machine."""
    if workers is not None and workers < 1:
        raise ExecutorError("workers must be at least 1")
    if scheduler:
        if scheduler != "local" and "://" not in scheduler:
            raise ExecutorError(f"scheduler must be 'local' or an address such as tcp://host:8786, not '{scheduler}'")
        return Dask(scenario, scheduler, workers)
    workers = workers or os.cpu_count() or 1
    return Serial(scenario) if workers == 1 else ProcessPool(scenario, workers)
