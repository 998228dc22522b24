"""What an experiment is: a scenario, arms (strategies × swept parameter values) and replications.

Replications use common random numbers: replication i gets one seed, derived from the base
seed by `SeedSequence(base).spawn`, and every arm of that replication plays that seed, so
differences between arms are paired. Seeds depend only on (base, i), so adding replications
later never changes the seeds of the earlier ones.
"""

from __future__ import annotations

import hashlib
import itertools
import json
from collections.abc import Iterator
from dataclasses import dataclass, field

import numpy as np

from sim import __version__
from sim.scenario.schema import Scenario
from sim.strategies import StrategyError, make_controller, parse_spec

SEATS = ("all", "trainee")
"""Where the arm's strategy plays: every rep (like `dealcraft run --strategy`), or only the trainee's seat."""


class ExperimentError(ValueError):
    """An experiment that cannot be run as defined; the message says why."""


def replication_seed(base: int, replication: int) -> int:
    """The seed of replication `replication`: a 63-bit integer, stable for a given base seed."""
    child = np.random.SeedSequence(int(base), spawn_key=(int(replication),))
    return int(child.generate_state(1, np.uint64)[0] >> np.uint64(1))


def parse_sweep(text: str) -> tuple[str, tuple[str, ...]]:
    """'lead_delay=0,1,2' -> ('lead_delay', ('0', '1', '2'))."""
    key, eq, values = text.partition("=")
    key = key.strip()
    items = tuple(v.strip() for v in values.split(","))
    if not eq or not key or not all(items):
        raise ExperimentError(f"bad --param '{text}': write key=value1,value2,...")
    if len(set(items)) != len(items):
        raise ExperimentError(f"--param '{text}' repeats a value")
    return key, items


@dataclass(frozen=True)
class Arm:
    """One strategy spec with its swept parameter values; `index` orders arms (0 is the default baseline)."""

    index: int
    spec: str
    swept: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class RunSpec:
    run_id: int
    replication: int
    seed: int
    arm: int
    spec: str


@dataclass(frozen=True)
class Experiment:
    """Scenario × arms × `runs` replications from base `seed`; `seat` is 'all' or 'trainee'."""

    scenario: Scenario
    strategies: tuple[str, ...]
    runs: int
    seed: int = 1
    sweep: tuple[tuple[str, tuple[str, ...]], ...] = ()
    seat: str = "all"
    quarters: int | None = None
    source: str = ""
    arms: tuple[Arm, ...] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        if not self.strategies:
            raise ExperimentError("give at least one strategy")
        if self.runs < 1:
            raise ExperimentError("the number of runs must be at least 1")
        if self.seed < 0:
            raise ExperimentError("the seed must be zero or positive")
        if self.seat not in SEATS:
            raise ExperimentError(f"seat must be one of {', '.join(SEATS)}, not '{self.seat}'")
        if self.quarters is not None and not 1 <= self.quarters <= 20:
            raise ExperimentError("quarters must be between 1 and 20")
        keys = [key for key, _ in self.sweep]
        if len(set(keys)) != len(keys):
            raise ExperimentError("a parameter is swept twice; give each --param once with all its values")
        object.__setattr__(self, "arms", tuple(self._expand()))
        specs = [arm.spec for arm in self.arms]
        if len(set(specs)) != len(specs):
            raise ExperimentError("two arms are the same strategy spec; give each strategy once")

    def _expand(self) -> Iterator[Arm]:
        keys = [key for key, _ in self.sweep]
        combos = list(itertools.product(*(values for _, values in self.sweep)))
        index = 0
        for strategy in self.strategies:
            try:
                name, fixed = parse_spec(strategy)
            except StrategyError as exc:
                raise ExperimentError(str(exc)) from None
            for key in keys:
                if key in fixed:
                    raise ExperimentError(f"'{strategy}' already sets '{key}', which --param sweeps")
            for combo in combos:
                params = {**fixed, **dict(zip(keys, combo, strict=True))}
                spec = name + (":" + ",".join(f"{k}={v}" for k, v in params.items()) if params else "")
                try:
                    make_controller(spec, None)
                except StrategyError as exc:
                    raise ExperimentError(str(exc)) from None
                yield Arm(index, spec, tuple(zip(keys, combo, strict=True)))
                index += 1

    @property
    def total(self) -> int:
        return self.runs * len(self.arms)

    @property
    def trainee(self) -> str:
        """The trainee's seat: the scenario's first rep."""
        return self.scenario.team.reps[0].id

    def plan(self, start: int = 0) -> Iterator[RunSpec]:
        """Every run, replication by replication (all arms of a replication together)."""
        n = len(self.arms)
        for replication in range(start, self.runs):
            seed = replication_seed(self.seed, replication)
            for arm in self.arms:
                yield RunSpec(replication * n + arm.index, replication, seed, arm.index, arm.spec)

    def scenario_fingerprint(self) -> str:
        """A hash of the validated scenario: comments and layout of the file do not change it."""
        text = self.scenario.model_dump_json()
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def definition(self) -> dict:
        """What makes results comparable: everything but the number of runs (which may grow)."""
        return {
            "model_version": __version__,
            "scenario": {"title": self.scenario.meta.title, "fingerprint": self.scenario_fingerprint()},
            "strategies": list(self.strategies),
            "sweep": {key: list(values) for key, values in self.sweep},
            "arms": [arm.spec for arm in self.arms],
            "seed": self.seed,
            "seat": self.seat,
            "trainee": self.trainee,
            "quarters": self.quarters or self.scenario.calendar.quarters,
        }

    def key(self) -> str:
        """Eight hex digits naming the definition (the default output folder uses it)."""
        text = json.dumps(self.definition(), sort_keys=True)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]
