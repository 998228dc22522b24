"""Run every benchmark, one after the other, each in its own process (issue 8).

    python benchmarks/all.py            # about ten minutes on 2 cores
    python benchmarks/all.py --quick    # a smaller sample of each, about three minutes

Each benchmark prints figures measured side by side in the same run (ratios, not absolute
times, are what carry from one machine to another). docs/performance.md records the latest.
Run on an otherwise idle machine: the scaling ratios mean nothing while something else
is using the cores.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent

BENCHMARKS = (
    ("engine: events/s against bare SimPy, wall time per quarter", "engine.py", [], ["--quarters", "3"]),
    ("game: frame time and week advance with 500 accounts", "game.py", [], ["--reps", "3", "--weeks", "2"]),
    ("batches: workers, Dask, per-chunk cost, memory", "batch_scaling.py", [], ["--runs", "60", "--memory", "50,500"]),
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller samples (noisier figures)")
    args = parser.parse_args()
    failed = []
    for title, script, normal, quick in BENCHMARKS:
        path = HERE / script
        if not path.exists():
            print(f"\n== {title}: {script} is missing, skipped")
            continue
        print(f"\n== {title}  (python benchmarks/{script} {' '.join(quick if args.quick else normal)})", flush=True)
        started = time.perf_counter()
        code = subprocess.call([sys.executable, str(path), *(quick if args.quick else normal)])
        print(f"   ({time.perf_counter() - started:.0f} s)", flush=True)
        if code:
            failed.append(script)
    if failed:
        print(f"\nfailed: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
