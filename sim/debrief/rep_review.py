"""One rep's debrief in the making: the log, rebuilt once, that every rule reads, and the findings filed."""

from __future__ import annotations

from collections.abc import Iterable

from sim.calendar import Clock
from sim.debrief.account_book import AccountBook
from sim.debrief.account_states import replay_states
from sim.debrief.principles import PRINCIPLES, Finding
from sim.scenario import schema as sc
from sim.tables import Tables


class RepReview:
    """What the rules share, so the book and the account states are rebuilt once per rep, not per rule."""

    def __init__(self, records: list[dict], scenario: sc.Scenario, rep: str) -> None:
        self.records = records
        self.scenario = scenario
        self.rep = rep
        self.clock = Clock.from_spec(scenario.calendar)
        self.tables = Tables(scenario.effects)
        self.book = AccountBook(scenario, records)
        self.before, self.after = replay_states(records, self.book)
        self.end = records[-1]["t"] if records else 0.0
        self.cost_per_hour = scenario.targets.cost_per_hour
        self.found: list[Finding] = []

    def add(self, t: float, account: str | None, kind: str, message: str, cost: float,
            evidence: Iterable[dict]) -> None:
        """Date the message with the clock label and file the finding (cost rounded to cents, never negative)."""
        when = self.clock.label(t)
        self.found.append(Finding(round(t, 4), when, self.rep, account, kind, f"{when}: {message}", PRINCIPLES[kind],
                                  round(max(0.0, cost), 2), tuple(evidence)))

    def mine(self, kind: str) -> list[tuple[int, dict]]:
        return [(i, r) for i, r in enumerate(self.records) if r["kind"] == kind and r.get("rep") == self.rep]

    def acv(self, account: str, at: float) -> float:
        """Contract value of a client at time `at`: signed value plus cross-sales, else its potential."""
        acv = 0.0
        for r in self.records:
            if r["t"] > at:
                break
            if r["account"] == account and r["kind"] in ("deal_won", "cross_sold"):
                acv = r["acv"] if r["kind"] == "deal_won" else acv + r["acv"]
        return acv or self.book.value(account)
