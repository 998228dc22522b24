"""Where chunks run: in this process, in a local process pool, or on a Dask cluster.

Each executor takes an iterator of chunks and yields their rows as chunks finish (in any
order), keeping only a few chunks in flight so that memory stays flat however long the batch.
`close(cancel=True)` drops what has not finished: the caller keeps what it has written.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool

from sim.batch.experiment import ExperimentError
from sim.batch.worker import Chunk, init_process, play_chunk
from sim.scenario.schema import Scenario

IN_FLIGHT_PER_WORKER = 2
"""Chunks queued per worker: enough to keep it busy while the parent writes a part."""


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
        self.pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                                        initializer=init_process, initargs=(scenario,))
        self.pending: set[Future] = set()

    def describe(self) -> str:
        return f"local process pool ({self.workers} workers)"

    def map(self, chunks: Iterable[Chunk]) -> Iterator[list[dict]]:
        source = iter(chunks)
        limit = self.workers * IN_FLIGHT_PER_WORKER
        exhausted = False
        while True:
            while not exhausted and len(self.pending) < limit:
                chunk = next(source, None)
                if chunk is None:
                    exhausted = True
                else:
                    self.pending.add(self.pool.submit(play_chunk, chunk))
            if not self.pending:
                return
            done, self.pending = wait(self.pending, return_when=FIRST_COMPLETED)
            for future in done:
                try:
                    rows = future.result()
                except BrokenProcessPool as exc:  # a worker killed (out of memory?): runs never raise here
                    raise ExecutorError(f"a worker process died ({exc}); the finished chunks are kept: "
                                        "run the same command again to resume") from None
                yield rows

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
        self.scenario = self.client.scatter(scenario, broadcast=True)
        self.pending: list = []
        self._count = 0

    def describe(self) -> str:
        where = "local Dask cluster" if self.cluster is not None else f"Dask scheduler {self.address}"
        return f"{where} ({self.workers} worker thread{'s' if self.workers > 1 else ''})"

    def map(self, chunks: Iterable[Chunk]) -> Iterator[list[dict]]:
        from dask.distributed import as_completed

        source = iter(chunks)
        limit = self.workers * IN_FLIGHT_PER_WORKER
        first = [self._submit(c) for c in _take(source, limit)]
        if not first:
            return
        self.pending = list(first)
        queue = as_completed(first)
        for future in queue:
            self.pending.remove(future)
            try:
                rows = future.result()
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
        return self.client.submit(play_chunk, chunk, self.scenario, key=f"dealcraft-chunk-{first}-{self._count}",
                                  pure=False)

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
