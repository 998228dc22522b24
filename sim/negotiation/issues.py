"""The issues on the table: what the rep can concede and what the buyer can commit.

An outcome gives each issue one of its values (an index into its grid of `steps` values
from `low` to `high`). The rep concedes by moving a rep-side issue up (more discount,
longer payment terms); the buyer commits by moving a buyer-side issue up (longer contract,
a reference).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, lru_cache

import numpy as np


@dataclass(frozen=True)
class Issue:
    id: str
    name: str
    side: str
    """'rep': a concession the rep can make; 'buyer': a commitment the buyer can make."""
    low: float
    high: float
    steps: int
    unit: str = ""
    effect: str = "none"
    """What the agreed value does to the deal (see NegotiationIssue.effect in the scenario format)."""
    unit_cost: float = 0.0
    unit_value: float = 0.0

    @cached_property
    def values(self) -> np.ndarray:
        """The grid of values (read-only; computed once, it is asked for at every step of a table)."""
        grid = np.linspace(self.low, self.high, self.steps)
        grid.flags.writeable = False
        return grid

    def value(self, index: int) -> float:
        return float(self.values[index])

    def label(self, index: int) -> str:
        value = self.value(index)
        if self.unit == "%":
            return f"{value:g}%"
        if self.unit == "yes/no" or (not self.unit and self.steps == 2 and (self.low, self.high) == (0, 1)):
            return "yes" if value >= 0.5 else "no"
        return f"{value:g} {self.unit}".strip()

    def amount(self, index: int) -> float:
        """The value in the unit the deal uses: percentages become fractions (discount) or factors (volume)."""
        value = self.value(index)
        if self.unit == "%":
            return value / 100 if self.effect == "discount" else 1 + value / 100
        return value


DEFAULT_ISSUES: tuple[Issue, ...] = (
    Issue("discount", "Discount", "rep", 0, 25, 6, "%", "discount"),
    Issue("payment_terms", "Payment terms", "rep", 30, 90, 4, "days", "payment_days"),
    Issue("extra_services", "Free extra services", "rep", 0, 3, 4, "days of work", "cost", unit_cost=900.0),
    Issue("price_protection", "Price protection", "rep", 0, 24, 3, "months", "price_protection"),
    Issue("contract_length", "Contract length", "buyer", 12, 36, 3, "months", "contract_months"),
    Issue("volume", "Volume / scope", "buyer", 1.0, 1.5, 3, "× base", "volume"),
    Issue("reference", "Reference / case study", "buyer", 0, 1, 2, "yes/no", "reference"),
    Issue("sign_this_quarter", "Signature this quarter", "buyer", 0, 1, 2, "yes/no", "sign_this_quarter"),
)
"""Built-in issues (scenarios may replace them with `[[negotiation.issues]]`)."""

Outcome = tuple[int, ...]
"""One value index per issue, in the order of the issue list."""


@lru_cache(maxsize=32)
@lru_cache(maxsize=64)
def outcome_space(issues: tuple[Issue, ...]) -> np.ndarray:
    """Every outcome as rows of value indices (the product of the issues' grids); read-only, cached."""
    grids = np.meshgrid(*[np.arange(i.steps) for i in issues], indexing="ij")
    space = np.stack([g.ravel() for g in grids], axis=1)
    space.flags.writeable = False
    return space


def describe(issues: tuple[Issue, ...], outcome: Outcome) -> dict[str, str]:
    return {issue.id: issue.label(index) for issue, index in zip(issues, outcome, strict=True)}
