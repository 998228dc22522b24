"""Run a scenario headless: every rep played by a strategy, metrics per quarter.

The entry point for `dealcraft run`, the demo quarter, and (later) batch workers.
"""

from __future__ import annotations

from dataclasses import dataclass

from sim import metrics
from sim.log import EventLog
from sim.scenario.schema import Scenario
from sim.strategies import make_controller
from sim.world import World


@dataclass
class RunResult:
    scenario: Scenario
    seed: int
    log: EventLog
    quarters: list[dict]
    overall: dict
    world: World


def with_quarters(scenario: Scenario, quarters: int | None) -> Scenario:
    if quarters is None or quarters == scenario.calendar.quarters:
        return scenario
    calendar = scenario.calendar.model_copy(update={"quarters": quarters})
    return scenario.model_copy(update={"calendar": calendar})


def run(scenario: Scenario, seed: int, strategy: str | None = None, quarters: int | None = None) -> RunResult:
    """Play the scenario with `strategy` for every rep (default: each rep's own strategy)."""
    scenario = with_quarters(scenario, quarters)
    controllers = None
    if strategy is not None:
        world_streams = World.streams_for(seed)
        controllers = {r.id: make_controller(strategy, world_streams.get("strategy", r.id)) for r in scenario.team.reps}
    world = World(scenario, seed, controllers)
    log = world.run()
    span = world.clock.quarter_hours
    records = log.records
    per_quarter = [metrics.compute(records, scenario, q * span, (q + 1) * span) for q in range(scenario.calendar.quarters)]
    overall = metrics.compute(records, scenario)
    return RunResult(scenario, seed, log, per_quarter, overall, world)
