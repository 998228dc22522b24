"""An account's state: what is true (hidden phase, trust, annoyance) and what reps may learn.

`phase`, `trust`, `annoyance` and `satisfaction` are hidden from reps; they see signals.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

DEPTHS = ("necessary", "essential", "useful", "business")
"""The four depths of discovery (DESIGN §3.1 step 4); deeper levels differentiate a proposal."""

OPEN_STATUSES = ("prospect", "negotiating")
VISIBLE = frozenset({
    "name", "sector", "size", "potential", "status", "owner", "source", "engaged", "decider_reached", "people",
    "info", "last_contact", "created_at", "announced_quality", "contact_attempts", "client_since", "sold", "acv",
    "commitments", "known_people",
})
"""Fields a rep's view is built from: setting one tells the world the account changed (see World.changed)."""
GROUP_DRAG = 0.12
"""Each stakeholder beyond three slows progress and acceptance this much (conflicting objectives, C6)."""


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    role: str
    title: str = ""


@dataclass
class Account:
    id: str
    name: str
    sector: str
    size: str
    potential: float
    services: list[str]
    phase: int
    status: str
    owner: str | None
    trust: float
    competitor_pressure: float
    people: list[Person]
    rng: np.random.Generator
    network: list[tuple[str, int]] = field(default_factory=list)
    source: str = "territory"
    notes: str = ""
    annoyance: float = 0.0
    info: list[float] = field(default_factory=lambda: [0.0, 0.0, 0.0, 0.0])
    engaged: bool = False
    """A real conversation has taken place; before it, contacts are cold requests."""
    decider_reached: bool = False
    known_people: set[str] = field(default_factory=set)
    """People a rep of ours has spoken to (or been introduced to)."""
    last_contact: float | None = None
    first_contact_at: float | None = None
    created_at: float = 0.0
    frozen_until: float = 0.0
    commitments: int = 0
    """Partial commitments banked by conditional proposals."""
    closed_at: float | None = None
    # inbound leads
    lead_quality: str | None = None
    announced_quality: str | None = None
    lead_contact: str | None = None
    lead_cold: bool = False
    contact_attempts: int = 0
    # shared contacts: who introduced us, and whether that trust was abused already
    introduced_by: str | None = None
    introduced_via: str | None = None
    mistreated: bool = False
    # clients
    sold: list[str] = field(default_factory=list)
    acv: float = 0.0
    margin_rate: float = 0.0
    satisfaction: float = 0.0
    client_since: float | None = None
    renewal_at: float | None = None
    contract_months: int = 12
    reference: bool = False
    ambassador: bool = False
    handed_off: bool = False
    hunter: str | None = None

    def __setattr__(self, name: str, value) -> None:
        object.__setattr__(self, name, value)
        if name in VISIBLE:
            sink = self.__dict__.get("_sink")
            if sink is not None:
                sink(self, name)

    def touch(self) -> None:
        """Say that a visible field changed in place (info[i], known_people.add, sold.append)."""
        sink = self.__dict__.get("_sink")
        if sink is not None:
            sink(self, "touched")

    @property
    def group_factor(self) -> float:
        """Bigger buying groups move slower (CALIBRATION C6)."""
        return 1.0 / (1.0 + GROUP_DRAG * max(0, len(self.people) - 3))

    @property
    def decider(self) -> Person | None:
        return next((p for p in self.people if p.role == "decider"), None)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def person(self, person_id: str | None) -> Person | None:
        return next((p for p in self.people if p.id == person_id), None)
