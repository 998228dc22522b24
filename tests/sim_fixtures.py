"""Small crafted scenarios and worlds for engine tests."""

from __future__ import annotations

import copy

from sim.interface import Action, QueueController
from sim.scenario import Scenario
from sim.world import World

BASE = {
    "schema": 1,
    "meta": {"title": "Crafted", "description": "A crafted test scenario."},
    "team": {
        "manager": {"hours_per_week": 10},
        "reps": [
            {"id": "you", "name": "You", "quota": 100000},
            {"id": "ann", "name": "Ann", "profile": "farmer", "quota": 100000,
             "contacts": [{"account": "acme", "person": "acme-ceo", "strength": 5}]},
        ],
    },
    "catalog": {"services": [
        {"id": "core", "name": "Core", "price": 50000, "margin": 0.5},
        {"id": "extra", "name": "Extra", "price": 10000, "margin": 0.6, "kind": "addon"},
    ]},
    "accounts": {"listed": [
        {"id": "acme", "name": "Acme", "sector": "retail", "size": "mid", "potential": 60000, "phase": 2,
         "owner": "you", "competitor_pressure": 0.0,
         "people": [{"id": "acme-ceo", "name": "Ada", "role": "decider"},
                    {"id": "acme-it", "name": "Ian", "role": "influencer"},
                    {"id": "acme-desk", "name": "Gus", "role": "gatekeeper"}]},
        {"id": "bolt", "name": "Bolt", "sector": "retail", "size": "smb", "potential": 30000, "phase": 3,
         "owner": "you", "competitor_pressure": 0.0,
         "people": [{"id": "bolt-ceo", "name": "Bea", "role": "decider"},
                    {"id": "bolt-ops", "name": "Oli", "role": "user"}]},
    ]},
}


def scenario(**changes) -> Scenario:
    """BASE with nested changes: scenario(effects={...}) or scenario(**{"capacity": {...}})."""
    data = copy.deepcopy(BASE)
    for key, value in changes.items():
        data[key] = value
    return Scenario.model_validate(data)


def human_world(scn: Scenario | None = None, seed: int = 1, idle_ai: bool = True) -> World:
    """A world where every rep is a QueueController, so nothing happens unless a test asks."""
    scn = scn or scenario()
    controllers = {r.id: QueueController() for r in scn.team.reps} if idle_ai else {"you": QueueController()}
    return World(scn, seed, controllers)


def do(world: World, rep: str, *actions: Action) -> None:
    """Submit actions and run until they have all been performed."""
    for action in actions:
        world.submit(rep, action)
    agenda = world.controllers[rep].agenda
    while agenda or _busy(world, rep):
        world.env.step()


def _busy(world: World, rep: str) -> bool:
    return world.wake.get(rep) is None


def engage(world: World, account_id: str, decider: bool = False) -> None:
    """Put an account in conversation without spending random draws."""
    account = world.accounts[account_id]
    account.engaged = True
    account.first_contact_at = world.env.now
    account.last_contact = world.env.now
    account.decider_reached = decider
