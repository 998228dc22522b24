"""What the scenario and the log tell about each account: name, yearly value, size, pressure, roles.

A saved log names accounts but does not carry their value, so the book rebuilds it from the
scenario alone (plus the log's own records), which lets a saved log be debriefed exactly as a live one.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from sim.clients import SIZE_CHURN
from sim.debrief.cost_weights import DEFAULT_PRESSURE, REFERRAL_SHARE
from sim.rng import Streams
from sim.scenario import schema as sc
from sim.territory import build_accounts


@dataclass(frozen=True)
class KnownAccount:
    name: str
    potential: float
    size: str | None
    pressure: float
    roles: dict[str, str]


def _expected(dist: sc.Fixed | sc.Uniform | sc.Normal | sc.LogNormal) -> float:
    """The mean of a scenario distribution: the expected potential of an account nobody logged."""
    if isinstance(dist, sc.Fixed):
        return float(dist.value)
    if isinstance(dist, sc.Uniform):
        return (dist.low + dist.high) / 2
    if isinstance(dist, sc.Normal):
        return float(dist.mean)
    return float(dist.median * math.exp(dist.sigma ** 2 / 2))


class AccountBook:
    """Names, potentials, sizes and buying groups, from the scenario and from what the log records.

    Listed accounts are written in the scenario; generated ones come from the territory's own
    seed (`accounts.generated.seed`), so rebuilding them needs no run seed. Leads and referrals
    are drawn during the run: their potential is estimated from their campaign or referrer.
    """

    def __init__(self, scenario: sc.Scenario, records: list[dict]) -> None:
        self.scenario = scenario
        self.currency = scenario.meta.currency
        self.known: dict[str, KnownAccount] = {}
        for account in build_accounts(scenario, Streams(0)):
            self.known[account.id] = KnownAccount(account.name, float(account.potential), account.size,
                                                  float(account.competitor_pressure),
                                                  {p.id: p.role for p in account.people})
        values = [k.potential for k in self.known.values()]
        self.fallback = sum(values) / len(values) if values else 30000.0
        campaigns = {c.id: _expected(c.potential) for c in scenario.campaigns}
        self.estimated: dict[str, float] = {}
        self.logged_names: dict[str, str] = {}
        for r in records:
            if r["kind"] == "lead_arrived":
                self.estimated[r["account"]] = r.get("potential") or campaigns.get(r.get("campaign"), self.fallback)
            elif r["kind"] == "referral":
                self.estimated[r["account"]] = r.get("potential") or REFERRAL_SHARE * self.value(r.get("by"))
            if r["kind"] in ("lead_arrived", "referral", "account_added") and r.get("name"):
                self.logged_names[r["account"]] = r["name"]

    def name(self, account: str | None) -> str:
        if account is None:
            return "the team"
        known = self.known.get(account)
        return known.name if known else self.logged_names.get(account, account)

    def rep_name(self, rep: str | None) -> str:
        return next((r.name for r in self.scenario.team.reps if r.id == rep), rep or "nobody")

    def value(self, account: str | None) -> float:
        """Yearly potential: written or generated, else estimated from its campaign or referrer."""
        if account in self.known:
            return self.known[account].potential
        return self.estimated.get(account, self.fallback)

    def pressure(self, account: str) -> float:
        known = self.known.get(account)
        return known.pressure if known else DEFAULT_PRESSURE

    def size_factor(self, account: str) -> float:
        known = self.known.get(account)
        return SIZE_CHURN.get(known.size, 1.0) if known and known.size else 1.0

    def is_decider(self, account: str, person: str | None) -> bool:
        known = self.known.get(account)
        return bool(known and person and known.roles.get(person) == "decider")

    def money(self, amount: float) -> str:
        return f"{self.currency} {amount:,.0f}"
