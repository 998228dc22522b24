"""Accounting invariants of a World, checked every simulated week when asked to.

Turned on by `World(check_invariants=True)` or by the environment variable `DEALCRAFT_CHECK=1`
(the test suite sets it, so every World built in a test is checked). A broken rule raises
`InvariantError` naming the rule, the week and the ids involved: a bookkeeping bug then shows up
in the week it happens rather than as a strange score at the end of the quarter.

The rules:

- **money**: every account's contract value equals the sum of the deal terms recorded for it
  (the `deal_won` value plus each `cross_sold` value, over what it was worth at the start), and
  it holds the services those records sold; no account is won twice.
- **state**: an account is in exactly one state, and it is the one its recorded history leads to
  (prospect → negotiating → client / lost / no decision, client → churned); an open negotiation
  table, a capacity request and an owner's book each name an account at most once and agree
  with its status.
- **hours**: no rep has spent more than its hours this week; the manager's hours are never negative.
- **capacity**: scarce capacity is never negative and never more has been sold than existed.
- **leads**: every inbound lead that arrived is accounted for — answered, lost or expired
  before an answer, or still pending — and exists exactly once.
- **log**: event times never go backwards.

The checker reads the event log incrementally (a cursor), so checking every week costs the
week's new records plus one pass over the accounts, not the whole history again.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sim.world import World

ENV_FLAG = "DEALCRAFT_CHECK"
EPS = 1e-6
MONEY_EPS = 0.02
"""Deal values are rounded to cents when recorded: sums may differ by rounding, never by more."""

STATUSES = ("prospect", "negotiating", "client", "lost", "no_decision", "churned")
TRANSITIONS = {
    "negotiation_opened": ({"prospect"}, "negotiating"),
    "deal_won": ({"negotiating", "prospect"}, "client"),
    "deal_lost": ({"prospect", "negotiating"}, "lost"),
    "deal_no_decision": ({"prospect", "negotiating"}, "no_decision"),
    "churned": ({"client"}, "churned"),
}
"""Event kind -> (states it may leave, state it enters)."""


def enabled_by_env() -> bool:
    return os.environ.get(ENV_FLAG, "").strip().lower() not in ("", "0", "false", "no", "off")


class InvariantError(AssertionError):
    """An accounting rule broken: `rule`, `week`, `ids` and a message saying what disagrees."""

    def __init__(self, rule: str, week: int, ids: list[str], detail: str, t: float) -> None:
        # every field in args: SimPy re-raises a process's exception as type(exc)(*exc.args)
        super().__init__(rule, week, list(ids), detail, t)
        self.rule = rule
        self.week = week
        self.ids = list(ids)
        self.detail = detail
        self.t = t

    def __str__(self) -> str:
        shown = ", ".join(self.ids[:10]) + (f" (+{len(self.ids) - 10} more)" if len(self.ids) > 10 else "")
        return f"invariant '{self.rule}' broken in week {self.week} (t={self.t:g} h) [{shown}]: {self.detail}"


@dataclass
class _Ledger:
    """What the event log says about one account."""

    state: str | None = None
    won: int = 0
    money: float = 0.0
    services: list[str] = field(default_factory=list)


class Invariants:
    def __init__(self, world: World) -> None:
        self.world = world
        self.cursor = 0
        self.last_t = -math.inf
        self.ledger: dict[str, _Ledger] = {}
        self.leads: set[str] = set()
        self.referrals: set[str] = set()
        self.capacity_sold = 0.0
        self.checks = 0
        # what the territory holds when the world is built (clients signed before play), before anything happens
        self.start_value = {a.id: a.acv for a in world.accounts.values()}
        self.start_sold = {a.id: list(a.sold) for a in world.accounts.values()}

    # ------------------------------------------------------------------ driving

    def check(self, week: int | None = None) -> None:
        """Check every rule now; raise InvariantError on the first one broken."""
        world = self.world
        week = world.clock.week_of(world.env.now) if week is None else week
        self._read_log(week)
        self._money(week)
        self._states(week)
        self._hours(week)
        self._capacity(week)
        self._leads(week)
        self.checks += 1

    def _fail(self, rule: str, week: int, ids: list[str], detail: str) -> None:
        raise InvariantError(rule, week, ids, detail, self.world.env.now)

    # ------------------------------------------------------------------ the log, incrementally

    def _read_log(self, week: int) -> None:
        records = self.world.log.records
        for index in range(self.cursor, len(records)):
            r = records[index]
            t = r["t"]
            if t < self.last_t - EPS:
                self._fail("log", week, [r.get("account") or r["kind"]],
                           f"record {index} ({r['kind']}) at t={t} comes after t={self.last_t}")
            self.last_t = max(self.last_t, t)
            kind = r["kind"]
            account = r.get("account")
            if kind == "hidden_phase":
                self._entry(account).state = r["status"]
            elif kind in ("lead_arrived", "account_added"):
                if account in self.ledger and self.ledger[account].state is not None:
                    self._fail("leads" if kind == "lead_arrived" else "state", week, [account],
                               "an account id arrived twice")
                self._entry(account).state = "prospect"
                if kind == "lead_arrived":
                    self.leads.add(account)
            elif kind == "referral":
                self.referrals.add(account)
            elif kind in TRANSITIONS:
                entry = self._entry(account)
                allowed, new = TRANSITIONS[kind]
                if entry.state not in allowed:
                    self._fail("state", week, [account], f"'{kind}' recorded while the account was {entry.state}; "
                               f"it may only leave {', '.join(sorted(allowed))}")
                entry.state = new
                if kind == "deal_won":
                    entry.won += 1
                    entry.money += float(r["acv"])
                    entry.services.extend(r.get("services") or [])
                    if self.world.capacity is not None:
                        self.capacity_sold += float(r.get("capacity") or 0.0)
            elif kind == "cross_sold":
                entry = self._entry(account)
                entry.money += float(r["acv"])
                entry.services.append(r["service"])
        self.cursor = len(records)

    def _entry(self, account: str) -> _Ledger:
        entry = self.ledger.get(account)
        if entry is None:
            entry = self.ledger[account] = _Ledger()
        return entry

    # ------------------------------------------------------------------ the rules

    def _money(self, week: int) -> None:
        start = self.start_value
        for account_id, entry in self.ledger.items():
            if entry.won > 1:
                self._fail("money", week, [account_id], f"won {entry.won} times")
            account = self.world.accounts.get(account_id)
            if account is None:
                self._fail("money", week, [account_id], "the log records it but the world has no such account")
            expected = start.get(account_id, 0.0) + entry.money
            if abs(account.acv - expected) > MONEY_EPS + 1e-9 * abs(expected):
                self._fail("money", week, [account_id], f"contract value {account.acv:.2f} but the recorded deal terms "
                           f"sum to {expected:.2f}")
            if entry.services:
                expected_sold = (self.start_sold.get(account_id, []) if entry.won == 0 else []) + entry.services
                if sorted(account.sold) != sorted(expected_sold):
                    self._fail("money", week, [account_id], f"holds services {sorted(account.sold)} but the records "
                               f"sold {sorted(expected_sold)}")
        for account in self.world.accounts.values():
            if account.acv < -EPS:
                self._fail("money", week, [account.id], f"negative contract value {account.acv}")

    def _states(self, week: int) -> None:
        world = self.world
        wrong = [a.id for a in world.accounts.values() if a.status not in STATUSES]
        if wrong:
            self._fail("state", week, wrong, f"unknown status {world.accounts[wrong[0]].status!r}")
        for account in world.accounts.values():
            entry = self.ledger.get(account.id)
            if entry is None or entry.state is None:
                self._fail("state", week, [account.id], "an account the log never introduced")
            if entry.state != account.status:
                self._fail("state", week, [account.id], f"status is {account.status} but its recorded history "
                           f"leads to {entry.state}")
            if account.status in ("client", "churned") and account.client_since is None:
                self._fail("state", week, [account.id], f"{account.status} without a date it became a client")
        for account_id in world.open_tables:
            status = world.accounts[account_id].status
            if status != "negotiating":
                self._fail("state", week, [account_id], f"a negotiation table is open but the account is {status}")
        waiting = [r.account for r in world.capacity_requests]
        doubles = sorted({a for a in waiting if waiting.count(a) > 1})
        if doubles:
            self._fail("state", week, doubles, "waits for capacity twice")
        both = sorted(set(waiting) & set(world.open_tables))
        if both:
            self._fail("state", week, both, "at the negotiation table and waiting for capacity at once")
        for account_id in waiting:
            status = world.accounts[account_id].status
            if status not in ("prospect", "negotiating"):
                self._fail("state", week, [account_id], f"waits for capacity but the account is {status}")
        seen: dict[str, str] = {}
        for rep_id, owned in world.owned.items():
            for account_id in owned:
                if account_id in seen:
                    self._fail("state", week, [account_id], f"in the books of both {seen[account_id]} and {rep_id}")
                seen[account_id] = rep_id
                owner = world.accounts[account_id].owner
                if owner != rep_id:
                    self._fail("state", week, [account_id], f"in the books of {rep_id} but owned by {owner}")
        unbooked = sorted(a.id for a in world.accounts.values() if a.owner is not None and a.id not in seen)
        if unbooked:
            self._fail("state", week, unbooked, "owned by a rep but in nobody's books")

    def _hours(self, week: int) -> None:
        world = self.world
        for rep in world.reps.values():
            if rep.hours_used_week < -EPS or rep.hours_used_week > rep.hours_per_week + EPS:
                self._fail("hours", week, [rep.id], f"{rep.hours_used_week:g} hours spent this week, "
                           f"above its {rep.hours_per_week:g}")
            if rep.hours_used_total < rep.hours_used_week - EPS:
                self._fail("hours", week, [rep.id], "more hours this week than in the whole run")
        if world.manager_hours_left < -EPS:
            self._fail("hours", week, ["manager"], f"manager hours left {world.manager_hours_left:g} (negative)")

    def _capacity(self, week: int) -> None:
        world = self.world
        if world.capacity is None:
            return
        spec = world.scenario.capacity
        level = world.capacity.level
        if level < -EPS:
            self._fail("capacity", week, [spec.name], f"level {level:g} is negative")
        weeks_elapsed = world.clock.week_of(world.env.now)
        ceiling = spec.total + spec.added_per_week * weeks_elapsed
        if level > ceiling + EPS:
            self._fail("capacity", week, [spec.name], f"level {level:g} above the {ceiling:g} that ever existed")
        if self.capacity_sold > ceiling + EPS:
            self._fail("capacity", week, [spec.name], f"{self.capacity_sold:g} sold, more than the {ceiling:g} "
                       "that ever existed")

    def _leads(self, week: int) -> None:
        world = self.world
        inbound = {a.id for a in world.accounts.values() if a.source == "inbound"}
        # inbound leads and referrals share the world's counter of new prospects
        if len(self.leads) + len(self.referrals) != world.lead_counter or inbound != self.leads:
            missing = sorted(self.leads ^ inbound)
            self._fail("leads", week, missing, f"{world.lead_counter} new prospects counted, {len(self.leads)} lead "
                       f"arrivals and {len(self.referrals)} referrals recorded, {len(inbound)} inbound accounts")
        answered = lost = pending = 0
        for lead in self.leads:
            account = world.accounts[lead]
            if account.contact_attempts > 0:
                answered += 1
            elif account.is_open:
                pending += 1
            else:
                lost += 1
        if answered + lost + pending != len(self.leads):
            self._fail("leads", week, [], f"{len(self.leads)} arrived but {answered} answered + {lost} lost or "
                       f"expired + {pending} pending")

    def lead_counts(self) -> dict[str, int]:
        """Arrived, answered, lost or expired before an answer, and pending (for reports and tests)."""
        counts = {"arrived": len(self.leads), "answered": 0, "lost": 0, "pending": 0}
        for lead in self.leads:
            account = self.world.accounts[lead]
            key = "answered" if account.contact_attempts > 0 else "pending" if account.is_open else "lost"
            counts[key] += 1
        return counts
