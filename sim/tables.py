"""The effect tables in force for one scenario: the defaults with the scenario's overrides applied."""

from __future__ import annotations

from dataclasses import replace

from sim.effects import ACTIONS, PHASE_DEFAULTS, PHASES, ActionSpec, PhaseSpec
from sim.scenario.schema import Effects

CONTACT_CHANCE: dict[str, dict[str, float]] = {
    "cold": {"email": 0.02, "phone": 0.12, "video": 0.08, "face_to_face": 0.68},
    "acquaintance": {"email": 0.45, "phone": 0.56, "video": 0.58, "face_to_face": 0.8},
}
"""Chance that a first request gets a real conversation, by relation and channel (CALIBRATION C4:
a cold request in person succeeds ~34x more often than by email; with acquaintances ~0.8 in person
against ~0.55-0.6 by phone or video)."""

LEAD_CHANNEL = {"email": 0.5, "phone": 1.0, "video": 1.0, "face_to_face": 1.0}
"""How each channel scales the odds of qualifying an inbound lead (they asked to be contacted)."""


class Tables:
    def __init__(self, overrides: Effects | None = None) -> None:
        self.actions: dict[str, ActionSpec] = dict(ACTIONS)
        self.phases: list[PhaseSpec] = [PHASE_DEFAULTS[name] for name in PHASES]
        if overrides is None:
            return
        for name, override in overrides.actions.items():
            changes = {k: v for k, v in override.model_dump().items() if v is not None}
            for key in ("fits", "advance"):
                if key in changes:
                    changes[key] = tuple(changes[key])
            self.actions[name] = replace(self.actions[name], **changes)
        for name, override in overrides.phases.items():
            changes = {k: v for k, v in override.model_dump().items() if v is not None}
            index = PHASES.index(name)
            self.phases[index] = replace(self.phases[index], **changes)

    def phase(self, number: int) -> PhaseSpec:
        return self.phases[number - 1]
