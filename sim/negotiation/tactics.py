"""Negotiator tactics: how an automated side chooses its move from what it may see.

- TimeDependent (Faratin, Sierra & Jennings 1998): the target utility falls with time,
  u(t) = u_max − (u_max − u_res)·t^(1/β); β < 1 Boulware (firm until late), β > 1 Conceder.
- TitForTat (relative): concede, in one's own utility, what the other side conceded last round.

Both build offers the same way: among the outcomes worth at least the target, the one
closest to the other side's last offer (Faratin's similarity trade-off), which is how
packages — "X if you commit to Y" — emerge. Neither accepts below its BATNA.
"""

from __future__ import annotations

from abc import ABC, abstractmethod

import numpy as np

from sim.negotiation.issues import Outcome, outcome_space
from sim.negotiation.protocol import Move, NegotiationView, Plan

MIN_STEP = 0.01


class Negotiator(ABC):
    """An automated side. Sees a NegotiationView each turn and returns a Move."""

    name = "negotiator"

    def __init__(self) -> None:
        self._space: np.ndarray | None = None
        self._mine: np.ndarray | None = None
        self.opening: Outcome | None = None
        """A chosen first offer (else the ideal outcome)."""
        self.shift = 0.0
        """Pressure felt (silence, a bad cop): lowers the target, never below the BATNA."""
        self.extra_time = 0.0

    def _tables(self, view: NegotiationView) -> tuple[np.ndarray, np.ndarray]:
        if self._space is None:
            self._space = outcome_space(view.issues)
            self._mine = view.preferences.space_utilities()
        return self._space, self._mine

    def reservation(self, view: NegotiationView) -> float:
        return view.preferences.batna

    def prepare(self, view: NegotiationView) -> Plan:
        """Start at one's ideal outcome; walk away below the BATNA."""
        space, mine = self._tables(view)
        ideal = tuple(int(x) for x in space[int(np.argmax(mine))])
        return Plan(start=self.opening or ideal, ideal=ideal, batna=view.preferences.batna)

    def pressure(self, amount: float) -> None:
        self.shift += amount

    def on_silence(self) -> None:
        """Silence from the other side makes time feel shorter."""
        self.extra_time += 0.5

    @abstractmethod
    def target(self, view: NegotiationView, time: float) -> float:
        """Own utility aimed at, at `time` (0-1 of the rounds)."""

    def time_of(self, view: NegotiationView) -> float:
        return min(1.0, (view.round + self.extra_time) / view.max_rounds)

    def respond(self, view: NegotiationView) -> Move:
        space, mine = self._tables(view)
        prefs = view.preferences
        now = self.time_of(view)
        floor = self.reservation(view)
        aim = max(floor, self.target(view, now) - self.shift)
        standing = view.standing
        if standing is not None:
            value = prefs.utility(standing)
            next_aim = max(floor, self.target(view, min(1.0, now + 1 / view.max_rounds)) - self.shift)
            if value >= floor and value >= next_aim - 1e-9:
                return Move("accept")
            if view.round >= view.max_rounds and value < floor:
                return Move("walk_away")
        if view.side == "rep" and view.my_last is None and not view.history:
            plan = self.prepare(view)
            return Move("offer", plan.start)
        return Move("offer", self.offer_at(view, aim))

    def offer_at(self, view: NegotiationView, aim: float) -> Outcome:
        """The outcome worth at least `aim` to me that is closest to the other side's last offer."""
        space, mine = self._tables(view)
        ok = mine >= aim - 1e-9
        if not ok.any():
            ok = mine >= mine.max() - 1e-9
        candidates = space[ok]
        values = mine[ok]
        reference = view.standing
        if reference is None:
            best = np.lexsort((-values,))[0]
            return tuple(int(x) for x in candidates[best])
        steps = np.array([i.steps - 1 for i in view.issues], dtype=float)
        distance = (np.abs(candidates - np.asarray(reference)) / steps).sum(axis=1)
        # closest to their offer; then the least surplus above my aim (concede what I meant to); then index order
        order = np.lexsort((values, distance))
        return tuple(int(x) for x in candidates[order[0]])


class TimeDependent(Negotiator):
    """Faratin's time-dependent tactic: β < 1 Boulware, β = 1 linear, β > 1 Conceder."""

    def __init__(self, beta: float = 1.0) -> None:
        super().__init__()
        if beta <= 0:
            raise ValueError("beta must be positive")
        self.beta = beta
        self.name = "boulware" if beta < 1 else ("conceder" if beta > 1 else "linear")

    def target(self, view: NegotiationView, time: float) -> float:
        u_max, u_res = 1.0, self.reservation(view)
        return u_max - (u_max - u_res) * time ** (1.0 / self.beta)


class TitForTat(Negotiator):
    """Relative tit-for-tat on concessions: mirror, in my utility, what the other side gave last round."""

    name = "tit_for_tat"

    def __init__(self, minimum: float = MIN_STEP) -> None:
        super().__init__()
        self.minimum = minimum
        self.current = 1.0
        self._answered = 0

    def target(self, view: NegotiationView, time: float) -> float:
        theirs = view.offers_by("buyer" if view.side == "rep" else "rep")
        if len(theirs) >= 2 and len(theirs) > self._answered:
            self._answered = len(theirs)  # mirror each new offer once: silence earns nothing
            gained = view.preferences.utility(theirs[-1]) - view.preferences.utility(theirs[-2])
            self.current -= max(self.minimum, gained)
        return max(self.reservation(view), self.current)


def make_tactic(name: str, beta: float | None = None) -> Negotiator:
    """'boulware', 'linear', 'conceder', 'time' (with beta) or 'tit_for_tat'."""
    if name == "tit_for_tat":
        return TitForTat()
    presets = {"boulware": 0.3, "linear": 1.0, "conceder": 3.0}
    if name in presets or name == "time":
        return TimeDependent(beta if beta is not None else presets.get(name, 1.0))
    raise ValueError(f"unknown tactic '{name}'; tactics: boulware, linear, conceder, time, tit_for_tat")
