"""A rep's state. Effectiveness follows the seed's formula: (skills + aptitude) × motivation."""

from __future__ import annotations

from dataclasses import dataclass, field

REFERENCE_EFFECTIVENESS = 0.7
"""Effectiveness of an average rep (skills 0.5, aptitude 0.5, motivation 0.7): multiplier 1."""


@dataclass
class Rep:
    id: str
    name: str
    profile: str
    technical: float
    behavioural: float
    aptitude: float
    motivation: float
    hours_per_week: float
    quota: float
    margin_target: float
    strategy: str
    contacts: dict[tuple[str, str], int] = field(default_factory=dict)
    """(account id, person id) -> relationship strength 1-5."""
    hours_used_week: float = 0.0
    hours_used_total: float = 0.0
    busy_weeks: int = 0
    recorded: dict[str, int] = field(default_factory=dict)
    """The phase this rep believes each account is in (its own record, scored later)."""
    forecasts: dict[str, float] = field(default_factory=dict)

    @property
    def effectiveness(self) -> float:
        skills = (self.technical + self.behavioural) / 2
        return (skills + self.aptitude) * self.motivation

    @property
    def multiplier(self) -> float:
        """Scales the chance that a fitting action works; 1.0 for an average rep."""
        return min(2.0, max(0.3, self.effectiveness / REFERENCE_EFFECTIVENESS))

    @property
    def hours_left_week(self) -> float:
        return max(0.0, self.hours_per_week - self.hours_used_week)

    def adjust_motivation(self, delta: float) -> None:
        self.motivation = min(1.0, max(0.05, self.motivation + delta))
