"""The headless demo quarter `dealcraft play` runs where no window can open."""

from __future__ import annotations

from sim.scenario import Scenario


def run(scenario: Scenario, seed: int = 1) -> int:
    meta = scenario.meta
    print(f"{meta.title} — {meta.difficulty}\n\n{meta.briefing.strip()}\n")
    return 0


def window_or_demo(scenario: Scenario, seed: int = 1) -> int:
    return run(scenario, seed)
