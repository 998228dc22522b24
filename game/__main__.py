"""`python -m game [SCENARIO] [SEED]`: open the game window (the `dealcraft play` command does the same)."""

from __future__ import annotations

import sys

from game.app import main
from sim.scenario import load_scenario
from sim.scenario.shipped import resolve

if __name__ == "__main__":
    scenario = load_scenario(resolve(sys.argv[1])) if len(sys.argv) > 1 else None
    sys.exit(main(scenario, int(sys.argv[2]) if len(sys.argv) > 2 else 1))
