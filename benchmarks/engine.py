"""Engine efficiency and the reference quarter, measured side by side in one run (issue 8).

    python benchmarks/engine.py [--quarters N]

Prints: events per second of a full quarter of the reference scenario
(benchmarks/scenarios/reference.toml: 10 reps, 500 accounts) against bare SimPy's rate for
plain timeouts in the same process; the median wall time per quarter, with and without
building the world (a batch pays both); and where a quarter's time goes: the strategies'
decisions (timed around every `next_action`) against everything else.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import simpy

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

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
    return 0


if __name__ == "__main__":
    sys.exit(main())
