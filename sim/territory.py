"""Turn the scenario's account section into Account states: listed ones as written,
generated ones drawn from the scenario's distributions with their own seed.

Buying groups grow with company size (CALIBRATION C6: 6-10 stakeholders at enterprise size).
"""

from __future__ import annotations

import threading
from bisect import bisect_right
from functools import lru_cache

import numpy as np

from sim.accounts import Account, Person
from sim.rng import Streams
from sim.scenario import schema as sc

GROUP_SIZE = {"smb": (2, 4), "mid": (4, 6), "enterprise": (6, 10)}
"""Stakeholders in the buying group, inclusive range per company size."""

ROLE_TITLES = {
    "decider": ("CEO", "CFO", "COO", "Managing director", "VP operations"),
    "influencer": ("IT director", "Head of procurement", "Chief architect", "Finance controller"),
    "user": ("Operations manager", "Team lead", "Project manager", "Analyst"),
    "gatekeeper": ("Executive assistant", "Procurement officer", "Office manager"),
}
FIRST = ("Alex", "Sam", "Nora", "Hugo", "Lea", "Omar", "Ines", "Marc", "Yuki", "Chloe", "Ravi", "Eva",
         "Jonas", "Amira", "Paul", "Zoe", "Karim", "Lina", "Tom", "Sofia")
LAST = ("Martin", "Bernard", "Dubois", "Moreau", "Laurent", "Garcia", "Nguyen", "Schmidt", "Rossi", "Kowalski",
        "Okafor", "Silva", "Haddad", "Novak", "Jensen", "Costa", "Meyer", "Fontaine")
COMPANY = ("Acme", "Borealis", "Cobalt", "Delta", "Evergreen", "Fulcrum", "Granite", "Helix", "Ion", "Juniper",
           "Keystone", "Lumen", "Meridian", "Nimbus", "Orion", "Pioneer", "Quartz", "Redwood", "Summit", "Tidal",
           "Umbra", "Vertex", "Willow", "Zenith")
SUFFIX = ("Group", "Industries", "Partners", "Systems", "Holdings", "Labs", "Logistics", "Foods", "Works", "& Co")


def draw(dist: sc.Fixed | sc.Uniform | sc.Normal | sc.LogNormal, rng: np.random.Generator) -> float:
    if isinstance(dist, sc.Fixed):
        return float(dist.value)
    if isinstance(dist, sc.Uniform):
        return float(rng.uniform(dist.low, dist.high))
    if isinstance(dist, sc.Normal):
        value = float(rng.normal(dist.mean, dist.sd))
        if dist.min is not None:
            value = max(dist.min, value)
        if dist.max is not None:
            value = min(dist.max, value)
        return value
    return float(dist.median * np.exp(rng.normal(0.0, dist.sigma)))


def pick(weights: dict[str, float], rng: np.random.Generator) -> str:
    """One key drawn with probability proportional to its weight.

    Draws exactly as `rng.choice(len(keys), p=p / p.sum())` does (one uniform against the
    normalised cumulative weights), without its argument checks, which dominated the cost.
    """
    keys, cdf = _cdf(tuple(weights.items()))
    return keys[bisect_right(cdf, rng.random())]


@lru_cache(maxsize=256)
def _cdf(items: tuple[tuple[str, float], ...]) -> tuple[tuple[str, ...], list[float]]:
    p = np.array([w for _, w in items], dtype=float)
    cdf = (p / p.sum()).cumsum()
    cdf /= cdf[-1]
    return tuple(k for k, _ in items), cdf.tolist()


def buying_group(account_id: str, size: str, rng: np.random.Generator, decider: bool = True) -> list[Person]:
    low, high = GROUP_SIZE[size]
    count = int(rng.integers(low, high + 1))
    roles = ["decider" if decider else "influencer", "influencer", "user", "gatekeeper"]
    roles += [("influencer", "user")[i % 2] for i in range(max(0, count - len(roles)))]
    people = []
    for i, role in enumerate(roles[:count]):
        name = f"{FIRST[int(rng.integers(len(FIRST)))]} {LAST[int(rng.integers(len(LAST)))]}"
        title = ROLE_TITLES[role][int(rng.integers(len(ROLE_TITLES[role])))]
        people.append(Person(f"{account_id}-p{i + 1}", name, role, title))
    return people


def company_name(rng: np.random.Generator) -> str:
    return f"{COMPANY[int(rng.integers(len(COMPANY)))]} {SUFFIX[int(rng.integers(len(SUFFIX)))]}"


def build_accounts(scenario: sc.Scenario, streams: Streams) -> list[Account]:
    core = [s.id for s in scenario.catalog.services if s.kind == "core"] or [scenario.catalog.services[0].id]
    accounts = []
    for spec in scenario.accounts.listed:
        rng = streams.get("account", spec.id)
        people = [Person(p.id, p.name, p.role, p.title) for p in spec.people] or buying_group(spec.id, spec.size, rng)
        accounts.append(Account(
            id=spec.id, name=spec.name, sector=spec.sector, size=spec.size, potential=spec.potential,
            services=list(spec.services) or core, phase=spec.phase, status=spec.status, owner=spec.owner,
            trust=spec.trust, competitor_pressure=spec.competitor_pressure, people=people, rng=rng,
            network=[(link.account, link.strength) for link in spec.network], notes=spec.notes,
        ))
    gen = scenario.accounts.generated
    if gen is not None:
        for fields, people in _generated(gen, tuple(r.id for r in scenario.team.reps), frozenset(a.id for a in accounts)):
            ident = fields["id"]
            accounts.append(Account(**fields, services=list(core), people=list(people),
                                    rng=streams.get("account", ident)))
    return accounts


_GENERATED: dict[tuple, tuple[sc.Generated, list[tuple[dict, tuple[Person, ...]]]]] = {}
"""Generated territories by spec: they depend on the scenario's own seed, not the run's, so a
batch builds them once per process instead of once per run (about 100 us an account). Only
immutable values are kept (Person is frozen); each run builds its own Account objects."""
_GENERATED_LOCK = threading.Lock()
"""The game plays same-seed comparisons on a worker thread while the trainee's world exists."""


def _generated(gen: sc.Generated, reps: tuple[str, ...], taken: frozenset[str]):
    key = (id(gen), reps, taken)
    with _GENERATED_LOCK:
        hit = _GENERATED.get(key)
        if hit is not None and hit[0] is gen:
            return hit[1]
        out = _draw_generated(gen, reps, taken)
        if len(_GENERATED) >= 8:  # the spec is kept alive by its entry, so its id cannot be reused meanwhile
            _GENERATED.pop(next(iter(_GENERATED)))
        _GENERATED[key] = (gen, out)
        return out


def _draw_generated(gen: sc.Generated, reps: tuple[str, ...], taken: frozenset[str]):
    rng = np.random.Generator(np.random.PCG64(np.random.SeedSequence(gen.seed)))
    phase_p = np.array(gen.phases, dtype=float) / sum(gen.phases)
    out = []
    for i in range(gen.count):
        ident = f"g{i + 1:04d}"
        while ident in taken:
            ident += "x"
        size = pick(dict(gen.sizes), rng) if gen.sizes else "mid"
        fields = dict(
            id=ident, name=company_name(rng), sector=pick(gen.sectors, rng), size=size,
            potential=round(max(1000.0, draw(gen.potential, rng)), -2),
            phase=int(rng.choice(5, p=phase_p)) + 1, status="client" if rng.random() < gen.client_share else "prospect",
            owner=reps[i % len(reps)] if gen.owners == "round_robin" else None,
            trust=float(rng.uniform(0.05, 0.3)), competitor_pressure=float(np.clip(draw(gen.competitor_pressure, rng), 0, 1)),
        )
        out.append((fields, tuple(buying_group(ident, size, rng))))
    return out
