"""The headless demo quarter that `dealcraft play` runs where no window can open:
the scenario's team, every seat played by its built-in strategy, and the resulting scores."""

from __future__ import annotations

import textwrap

from dealcraft.summary import print_summary
from sim.debrief import findings
from sim.run import run as run_scenario
from sim.scenario import Scenario


def run(scenario: Scenario, seed: int = 1) -> int:
    meta = scenario.meta
    print(f"{meta.title} ({meta.difficulty})")
    briefing = " ".join(meta.briefing.split()) or meta.description
    if len(briefing) > 600:
        briefing = briefing[:600].rsplit(" ", 1)[0] + " …"
    print(textwrap.fill(briefing, width=100), end="\n\n")
    result = run_scenario(scenario, seed, quarters=1)
    print_summary(result)
    seat = scenario.team.reps[0]
    found = findings(result.log.records, scenario, seat.id)[:3]
    if found:
        print(f"What {seat.name}'s quarter teaches (the three costliest moments):")
        for finding in found:
            print(textwrap.fill(f"- {finding.message}", width=100, subsequent_indent="  "))
            print(textwrap.fill(f"  why: {finding.principle}", width=100, subsequent_indent="  "))
        print()
    print("Replay with another seed: dealcraft play --demo --seed N · compare strategies: dealcraft run --help")
    return 0


def window_or_demo(scenario: Scenario, seed: int = 1) -> int:
    """The game window (game/); where it cannot open, the headless demo stands in, and says so."""
    try:
        from game.app import WindowUnavailable  # noqa: PLC0415  (pygame only when playing)
        from game.app import main as game_main  # noqa: PLC0415
    except ImportError:
        print("The game window is not available in this build; running the headless demo quarter instead.\n")
        return run(scenario, seed)
    try:
        return game_main(scenario, seed)
    except WindowUnavailable as exc:
        print(f"{str(exc).capitalize()}; running the headless demo quarter instead.\n")
        return run(scenario, seed)
