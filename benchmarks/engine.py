"""Engine efficiency and the reference quarter, measured side by side in one run (issue 8).

    python benchmarks/engine.py [--quarters N]

Prints: events per second of a full quarter of the reference scenario
(benchmarks/scenarios/reference.toml: 10 reps, 500 accounts) against bare SimPy's rate for
plain timeouts in the same process, and the median wall time per quarter.
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


def quarter(scenario, seed: int) -> tuple[int, float]:
    """(events processed, wall seconds) for one quarter played by the built-in strategies."""
    world = World(scenario, seed)
    events = 0
    start = time.perf_counter()
    while world.env.peek() < world.horizon:
        world.env.step()
        events += 1
    return events, time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quarters", type=int, default=5, help="quarters to time (default 5)")
    args = parser.parse_args()
    scenario = load_scenario(REFERENCE)
    bare = bare_simpy_rate()
    runs = [quarter(scenario, seed) for seed in range(args.quarters)]
    events = sum(e for e, _ in runs)
    seconds = sum(s for _, s in runs)
    rate = events / seconds
    print(f"bare SimPy timeouts        {bare:12,.0f} events/s")
    print(f"engine, reference quarter  {rate:12,.0f} events/s   ratio {rate / bare:.4f} (target >= 0.30)")
    print(f"median wall time / quarter {statistics.median(s for _, s in runs) * 1000:12,.0f} ms      (target <= 50 ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
