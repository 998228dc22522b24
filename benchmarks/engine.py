"""Engine efficiency and the reference quarter, measured side by side in one run (issue 8).

    python benchmarks/engine.py [--quarters N]

Prints: events per second of a full quarter of the reference scenario
(benchmarks/scenarios/reference.toml: 10 reps, 500 accounts) against bare SimPy's rate for
plain timeouts in the same process; the median wall time per quarter, with and without
building the world (a batch pays both); where a quarter's time goes: the strategies'
decisions (timed around every `next_action`) against everything else; and what a batch run
costs (build, play, metrics and scores, as a batch worker plays it) for the four strategies of
"10,000 replications x 4 strategies", with what that batch would take on two cores.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import simpy

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sim.batch.worker import Chunk, play_chunk  # noqa: E402
from sim.scenario import load_scenario  # noqa: E402
from sim.world import World  # noqa: E402

REFERENCE = Path(__file__).resolve().parent / "scenarios" / "reference.toml"


def bare_simpy_rate(steps: int = 200_000) -> float:
    """Events per second of ten processes doing nothing but timeouts."""
    env = simpy.Environment()

    def tick(env):
        while True:
            yield env.timeout(1)

    for _ in range(10):
        env.process(tick(env))
    start = time.perf_counter()
    for _ in range(steps):
        env.step()
    return steps / (time.perf_counter() - start)


class Timed:
    """A controller that times its strategy's decisions and otherwise is the strategy."""

    spent = 0.0

    def __init__(self, inner) -> None:
        self._inner = inner

    def __getattr__(self, name):
        return getattr(self._inner, name)

    def next_action(self, view):
        start = time.perf_counter()
        try:
            return self._inner.next_action(view)
        finally:
            Timed.spent += time.perf_counter() - start


def quarter(scenario, seed: int, timed: bool = False) -> tuple[int, float]:
    """(events processed, wall seconds) for one quarter played by the built-in strategies."""
    world = World(scenario, seed)
    if timed:
        # the rep processes pick their controller up at their first step, which is still to come
        world.controllers = {rep: Timed(c) for rep, c in world.controllers.items()}
    events = 0
    start = time.perf_counter()
    while world.env.peek() < world.horizon:
        world.env.step()
        events += 1
    return events, time.perf_counter() - start


def built_quarter(scenario, seed: int) -> float:
    """Wall seconds for building the world and playing its quarter: what a batch run pays."""
    start = time.perf_counter()
    world = World(scenario, seed)
    while world.env.peek() < world.horizon:
        world.env.step()
    return time.perf_counter() - start


BATCH_STRATEGIES = ("phase-aware", "spray", "closer", "farmer")


def batch_runs(scenario, seeds: int) -> float:
    """Median wall seconds per run when a batch worker plays `seeds` replications of each strategy."""
    runs = tuple((i, i // len(BATCH_STRATEGIES), i // len(BATCH_STRATEGIES), i % len(BATCH_STRATEGIES),
                  BATCH_STRATEGIES[i % len(BATCH_STRATEGIES)], ()) for i in range(seeds * len(BATCH_STRATEGIES)))
    rows = play_chunk(Chunk(runs, "team", scenario.team.reps[0].id, None), scenario)
    failed = [r["error"] for r in rows if r["error"]]
    if failed:
        raise SystemExit(f"a batch run failed: {failed[0]}")
    return statistics.median(r["elapsed"] for r in rows)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quarters", type=int, default=7, help="quarters to time (default 7)")
    args = parser.parse_args()
    scenario = load_scenario(REFERENCE)
    quarter(scenario, 99)  # warm-up: imports and caches are not per-quarter costs
    bare = bare_simpy_rate()
    runs = [quarter(scenario, seed) for seed in range(args.quarters)]
    built = [built_quarter(scenario, seed) for seed in range(args.quarters)]
    Timed.spent = 0.0
    timed = [quarter(scenario, seed, timed=True) for seed in range(args.quarters)]
    decisions = Timed.spent / sum(s for _, s in timed)
    per_run = batch_runs(scenario, max(1, args.quarters // 2))
    events = sum(e for e, _ in runs)
    seconds = sum(s for _, s in runs)
    rate = events / seconds
    median = statistics.median(s for _, s in runs)
    print(f"reference scenario: {len(scenario.team.reps)} reps, {events / len(runs):,.0f} events per quarter")
    print(f"bare SimPy timeouts          {bare:12,.0f} events/s")
    print(f"engine, reference quarter    {rate:12,.0f} events/s   ratio {rate / bare:.4f} (target >= 0.30)")
    print(f"median wall time / quarter   {median * 1000:12,.0f} ms      (target <= 50 ms)")
    print(f"  with building the world    {statistics.median(built) * 1000:12,.0f} ms")
    print(f"  share in the strategies' decisions {decisions:6.1%}; the model and SimPy the rest")
    print(f"  time per event             {1e6 / rate:12,.1f} us (bare SimPy {1e6 / bare:.1f} us)")
    hours = 10_000 * len(BATCH_STRATEGIES) * per_run / 2 / 3600
    print(f"batch run (build, play, metrics; {len(BATCH_STRATEGIES)} strategies) {per_run * 1000:6,.0f} ms median")
    print(f"  10,000 replications x {len(BATCH_STRATEGIES)} strategies on 2 cores: {hours:.1f} h at best "
          f"(target 20 min: 60 ms a run)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
