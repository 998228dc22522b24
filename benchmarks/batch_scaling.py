"""How batches scale: throughput with one worker vs all cores, Dask vs the process pool, the cost of
one chunk (one task), and the parent's peak memory for a small vs a ten-times larger batch.

    python benchmarks/batch_scaling.py               # a few minutes on 2 cores (memory at 100 vs 1,000 runs)
    python benchmarks/batch_scaling.py --full        # memory at 1,000 vs 10,000 runs (long: about 20 min)
    python benchmarks/batch_scaling.py --runs 80 --scenario colocation --no-dask

Prints figures and ratios (never pass/fail): a ratio near the core count for the pool, near 1 for
Dask vs pool, a per-chunk overhead that is a small share of a chunk, and a memory ratio near 1
(results stream to disk, so the parent holds only the chunks in flight).
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sim.batch import Experiment, run_experiment  # noqa: E402
from sim.batch.columns import schema  # noqa: E402
from sim.batch.executors import make_executor  # noqa: E402
from sim.batch.store import ResultStore  # noqa: E402
from sim.batch.worker import Chunk, play_chunk  # noqa: E402
from sim.scenario import load_scenario  # noqa: E402
from sim.scenario.shipped import resolve  # noqa: E402


def timed(experiment: Experiment, **kw) -> tuple[float, object]:
    with tempfile.TemporaryDirectory(prefix="dealcraft-bench-") as out:
        started = time.perf_counter()
        outcome = run_experiment(experiment, out, **kw)
        elapsed = time.perf_counter() - started
    assert outcome.complete and not outcome.failures, outcome
    return elapsed, outcome


EMPTY = Chunk((), "all", "you", None)


def startup(scenario, **kw) -> float:
    """Seconds to start the executor and get one (empty) task back from every worker."""
    started = time.perf_counter()
    executor = make_executor(scenario, **kw)
    try:
        list(executor.map([EMPTY] * executor.workers))
    finally:
        executor.close()
    return time.perf_counter() - started


def task_overhead(scenario, tasks: int = 400, **kw) -> float:
    """Seconds per task of sending a chunk out and getting its rows back, measured on empty chunks
    once the executor is up: pickling, queueing, the round trip; spread over the workers."""
    executor = make_executor(scenario, **kw)
    try:
        list(executor.map([EMPTY] * executor.workers))
        started = time.perf_counter()
        list(executor.map([EMPTY] * tasks))
        return (time.perf_counter() - started) / tasks
    finally:
        executor.close()


def _spin(loops: int) -> float:
    start = time.perf_counter()
    total = 0
    for i in range(loops):
        total += i
    return time.perf_counter() - start


def machine_ceiling(workers: int, loops: int = 10_000_000) -> float:
    """How much faster `workers` processes get through pure-Python work than one: the most any
    pool can reach on this machine. (A VM's "cores" may share a physical core or be throttled.)"""
    import multiprocessing

    alone = _spin(loops)
    with multiprocessing.get_context("spawn").Pool(workers) as pool:
        pool.map(_spin, [1000] * workers)  # started and warm
        started = time.perf_counter()
        pool.map(_spin, [loops] * workers)
        together = time.perf_counter() - started
    return workers * alone / together


def part_write_time(experiment: Experiment, rows: list[dict], repeat: int = 50) -> float:
    with tempfile.TemporaryDirectory(prefix="dealcraft-bench-") as out:
        store = ResultStore(out)
        store.open(experiment)  # the manifest and its checksum journal, as a real batch has them
        started = time.perf_counter()
        for number in range(repeat):
            store.write_part(number, rows, schema(experiment))
        return (time.perf_counter() - started) / repeat


def peak_memory(experiment: Experiment, workers: int) -> tuple[float, float]:
    """(peak Python allocations of the parent in MiB, parent max RSS growth in MiB) during the batch."""
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tracemalloc.start()
    try:
        timed(experiment, workers=workers, chunk=20)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 2**20, (rss_after - rss_before) / 1024


def peak_rss(scenario_name: str, runs: int, workers: int) -> dict:
    """Peak resident memory of a whole batch of `runs`, measured in a fresh process.

    ru_maxrss is a high-water mark, so each size gets its own process; the workers are that
    process's children, and the largest of them is reported once the pool has been reaped.
    """
    code = (
        "import json, resource, sys; sys.path.insert(0, sys.argv[1]);"
        "import batch_scaling as b;"
        "from sim.scenario import load_scenario; from sim.scenario.shipped import resolve;"
        "s = load_scenario(resolve(sys.argv[2]));"
        "e = b.Experiment(s, ('phase-aware', 'random'), max(1, int(sys.argv[3]) // 2), seed=2024);"
        "b.timed(e, workers=int(sys.argv[4]), chunk=20);"
        "print(json.dumps({'parent': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,"
        " 'worker': resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))"
    )
    import json
    import subprocess

    out = subprocess.run([sys.executable, "-c", code, str(Path(__file__).resolve().parent), scenario_name, str(runs),
                          str(workers)], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", default="onboarding", help="scenario to play (default: onboarding, the fastest)")
    parser.add_argument("--runs", type=int, default=200, help="runs per throughput measurement (default: 200; fewer make the ratios noisy)")
    parser.add_argument("--memory", default="100,1000", help="two batch sizes for the memory figure (default: 100,1000)")
    parser.add_argument("--full", action="store_true", help="memory at 1,000 vs 10,000 runs")
    parser.add_argument("--no-dask", action="store_true", help="skip the Dask measurements")
    args = parser.parse_args()
    scenario = load_scenario(resolve(args.scenario))
    cores = os.cpu_count() or 1
    quarters = scenario.calendar.quarters

    def experiment(runs: int) -> Experiment:
        return Experiment(scenario, ("phase-aware", "random"), max(1, runs // 2), seed=2024)

    exp = experiment(args.runs)
    print(f"scenario {args.scenario}, {exp.total} runs of {quarters} quarter(s), {cores} cores")

    ceiling = machine_ceiling(cores)
    print(f"machine: {cores} processes of pure Python get through {ceiling:.2f}x the work of one "
          f"(the ceiling for any pool here; ideal {cores}x)")
    serial, _ = timed(exp, workers=1)
    pool, _ = timed(exp, workers=cores)
    pool_start = startup(scenario, workers=cores)
    qps_serial, qps_pool = exp.total * quarters / serial, exp.total * quarters / pool
    print(f"throughput, 1 worker:          {qps_serial:7.1f} quarters/s ({serial:.1f} s)")
    print(f"throughput, {cores} workers (pool):  {qps_pool:7.1f} quarters/s ({pool:.1f} s, of which "
          f"{pool_start:.1f} s starting the pool)")
    print(f"  speed-up {cores} workers vs 1:      {serial / pool:5.2f}x (ideal {cores}x); "
          f"excluding pool start-up {serial / max(1e-9, pool - pool_start):5.2f}x "
          f"= {serial / max(1e-9, pool - pool_start) / ceiling:.0%} of the machine's ceiling")

    if not args.no_dask:
        try:
            dask, _ = timed(exp, scheduler="local", workers=cores)
            dask_start = startup(scenario, scheduler="local", workers=cores)
        except Exception as exc:  # the cluster extra missing: say so and go on
            print(f"dask: skipped ({exc})")
        else:
            print(f"throughput, Dask LocalCluster:  {exp.total * quarters / dask:7.1f} quarters/s ({dask:.1f} s, of "
                  f"which {dask_start:.1f} s starting the cluster)")
            print(f"  Dask vs pool: {pool / dask:5.2f}x the pool's speed; excluding start-up "
                  f"{(pool - pool_start) / max(1e-9, dask - dask_start):5.2f}x")

    # per-chunk overhead: the round trip of a task (empty chunks) plus writing its part file
    per_run = serial / exp.total
    sample = play_chunk(Chunk(tuple((i, 0, 7, 0, "phase-aware", ()) for i in range(20)), "all",
                              exp.trainee, None), scenario)
    write = part_write_time(exp, sample)
    chunk = 20 * per_run
    for name, kw in (("pool", {"workers": cores}), ("Dask", {"scheduler": "local", "workers": cores})):
        if name == "Dask" and args.no_dask:
            continue
        try:
            trip = task_overhead(scenario, **kw)
        except Exception as exc:
            print(f"per-chunk overhead ({name}): skipped ({exc})")
            continue
        total = trip + write
        print(f"per-chunk overhead ({name}): {trip * 1000:5.1f} ms round trip + {write * 1000:4.1f} ms part write "
              f"= {total / per_run:.1%} of one run, {total / chunk:.2%} of a 20-run chunk")

    sizes = (1000, 10000) if args.full else tuple(int(x) for x in args.memory.split(","))
    figures = []
    timed(experiment(20), workers=cores)  # warm-up: the first batch imports modules, which is not per-run memory
    for size in sizes:
        traced, _ = peak_memory(experiment(size), cores)  # chunks of 20 runs whatever the size
        rss = peak_rss(args.scenario, size, cores)
        figures.append((traced, rss["parent"], rss["worker"]))
        print(f"batch of {size:>6} runs: peak RSS parent {rss['parent']:6.1f} MiB, largest worker {rss['worker']:6.1f} MiB;"
              f" parent's Python allocations {traced:5.2f} MiB")
    (t0, p0, w0), (t1, p1, w1) = figures
    print(f"  peak RSS ratio {sizes[1]} vs {sizes[0]} runs: parent {p1 / p0:.2f}x, workers {w1 / w0:.2f}x, "
          f"for {sizes[1] / sizes[0]:.0f}x the runs (target <= 1.2x; Python allocations {t1 / t0:.2f}x)")


if __name__ == "__main__":
    main()
