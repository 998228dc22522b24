"""Run a scenario headless: every rep played by a strategy, metrics per quarter.

The entry point for `dealcraft run`, the demo quarter, and (later) batch workers.
"""

from __future__ import annotations

from dataclasses import dataclass

from sim import metrics, scores
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


def run(scenario: Scenario, seed: int, strategy: str | None = None, quarters: int | None = None,
        seats: dict[str, str] | None = None, controllers: dict | None = None, source: str | None = None,
        per_quarter: bool = True) -> RunResult:
    """Play the scenario with `strategy` for every rep (default: each rep's own strategy);
    `seats` gives particular reps another strategy, `controllers` another controller altogether.
    Without `per_quarter` only the overall metrics are computed (a batch row needs no more)."""
    scenario = with_quarters(scenario, quarters)
    streams = World.streams_for(seed)
    chosen = {r.id: strategy for r in scenario.team.reps} if strategy is not None else {}
    chosen.update(seats or {})
    given = {rep: make_controller(spec, streams.get("strategy", rep)) for rep, spec in chosen.items()}
    given.update(controllers or {})
    world = World(scenario, seed, given, source=source)
    world.run()
    return summarise(world, per_quarter)


def summarise(world: World, per_quarter: bool = True) -> RunResult:
    """Metrics and scores per quarter (unless not `per_quarter`) and overall, from a world that has been played."""
    scenario = world.scenario
    records = world.log.records
    span = world.clock.quarter_hours
    quarters = []
    for q in range(scenario.calendar.quarters if per_quarter else 0):
        quarter = metrics.compute(records, scenario, q * span, (q + 1) * span)
        graded = scores.score(records, scenario, q * span, (q + 1) * span, computed=quarter)
        quarter["scores"] = {r: s.as_dict() for r, s in graded.items()}
        quarters.append(quarter)
    overall = metrics.compute(records, scenario)
    overall["scores"] = {r: s.as_dict() for r, s in scores.score(records, scenario, computed=overall).items()}
    return RunResult(scenario, world.seed, world.log, quarters, overall, world)
