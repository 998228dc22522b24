"""Preferences: linear-additive utilities with private weights, a reservation value and a BATNA.

Each side values each issue on 0-1 (its best value 1, its worst 0) and weighs the issues;
u(outcome) = Σ wᵢ·vᵢ(xᵢ). The rep likes small concessions and large commitments; the
buyer the reverse. The BATNA is the utility of walking away (for a buyer, the competitor's
offer); an automated negotiator never accepts below it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from sim.negotiation.issues import Issue, Outcome, outcome_space


@dataclass(frozen=True)
class Preferences:
    issues: tuple[Issue, ...]
    weights: tuple[float, ...]
    side: str
    """'rep' or 'buyer': whose preferences these are."""
    batna: float = 0.0
    """Utility of the best alternative to a negotiated agreement, 0-1."""

    def __post_init__(self) -> None:
        if len(self.weights) != len(self.issues):
            raise ValueError("one weight per issue")
        if any(w < 0 for w in self.weights) or sum(self.weights) <= 0:
            raise ValueError("weights must be non-negative and not all zero")
        if self.side not in ("rep", "buyer"):
            raise ValueError("side is 'rep' or 'buyer'")

    @property
    def normalised(self) -> np.ndarray:
        """Weights summing to 1 (computed once: every utility needs them)."""
        cached = self.__dict__.get("_normalised")
        if cached is None:
            w = np.asarray(self.weights, dtype=float)
            cached = w / w.sum()
            cached.flags.writeable = False
            object.__setattr__(self, "_normalised", cached)
        return cached

    def issue_values(self, indices: np.ndarray) -> np.ndarray:
        """Per-issue value 0-1 for each outcome row (or one outcome)."""
        return _issue_values(self.issues, self.side, np.atleast_2d(indices))

    def space_utilities(self) -> np.ndarray:
        """Utility of every outcome of `outcome_space(self.issues)`, row for row.

        The per-issue values of the whole space depend only on the issues and the side, so
        they are computed once per run rather than at every table (they were its main cost).
        """
        return _space_values(self.issues, self.side) @ self.normalised

    def utility(self, outcome: Outcome | np.ndarray) -> float:
        return float(self.utilities(np.asarray(outcome))[0])

    def utilities(self, outcomes: np.ndarray) -> np.ndarray:
        return self.issue_values(outcomes) @ self.normalised


def _issue_values(issues: tuple[Issue, ...], side: str, indices: np.ndarray) -> np.ndarray:
    steps = np.array([i.steps - 1 for i in issues], dtype=float)
    position = indices / steps  # 0 at low, 1 at high
    rep_side = np.array([i.side == "rep" for i in issues])
    # a concession (rep side) is good for the buyer; a commitment (buyer side) is good for the rep
    good_when_high = ~rep_side if side == "rep" else rep_side
    return np.where(good_when_high, position, 1.0 - position)


@lru_cache(maxsize=64)
def _space_values(issues: tuple[Issue, ...], side: str) -> np.ndarray:
    values = _issue_values(issues, side, outcome_space(issues))
    values.flags.writeable = False
    return values


def random_weights(issues: tuple[Issue, ...], rng: np.random.Generator, concentration: float = 2.0) -> tuple[float, ...]:
    """Private weights drawn from a Dirichlet: buyers differ per account."""
    return tuple(float(w) for w in rng.dirichlet(np.full(len(issues), concentration)))
