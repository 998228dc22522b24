"""The World: a validated scenario become a SimPy environment with reps, accounts and a market.

It owns the shared resources (the manager as a Resource, scarce capacity as a Container),
runs one process per rep, one per lead campaign, one for news and a weekly clock, and
writes everything to the event log. The game and batch runs drive it through `advance`.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

import numpy as np
import simpy

from sim import actions, clients, closing, market
from sim.accounts import OPEN_STATUSES, Account
from sim.calendar import Clock
from sim.interface import (
    AccountView,
    Action,
    ActionOption,
    Controller,
    PersonView,
    QueueController,
    RepView,
    Signal,
)
from sim.leads import START_PHASE
from sim.log import EventLog
from sim.negotiation import Analysis, Move, Plan, Session
from sim.reps import Rep
from sim.rng import Streams
from sim.scenario.schema import Scenario
from sim.signals import draw_signal
from sim.strategies import make_controller
from sim.tables import Tables
from sim.territory import build_accounts, buying_group, company_name, draw, pick

BIG = 1e12
TEAM_MEETING_HOURS = 1.0


@dataclass
class Stop:
    """Why `advance` returned: the time reached and the decision points met on the way."""

    t: float
    reasons: list[str] = field(default_factory=list)


class World:
    def __init__(
        self,
        scenario: Scenario,
        seed: int,
        controllers: dict[str, Controller] | None = None,
        source: str | None = None,
        check_invariants: bool | None = None,
    ) -> None:
        self.scenario = scenario
        self.seed = seed
        self.env = simpy.Environment()
        self.clock = Clock.from_spec(scenario.calendar)
        self.streams = Streams(seed)
        self.tables = Tables(scenario.effects)
        self.log = EventLog()
        self.quarter_end = self.clock.quarter_hours
        self.horizon = self.clock.quarter_hours * scenario.calendar.quarters
        self.reps: dict[str, Rep] = {}
        for spec in scenario.team.reps:
            self.reps[spec.id] = Rep(
                spec.id, spec.name, spec.profile, spec.skills.technical, spec.skills.behavioural, spec.aptitude,
                spec.motivation, spec.hours_per_week, spec.quota, spec.margin_target, spec.strategy,
                contacts={(c.account, c.person): c.strength for c in spec.contacts},
            )
        self.accounts: dict[str, Account] = {}
        self.owned: dict[str, list[str]] = {r: [] for r in self.reps}
        self.owned_seq: dict[str, int] = {}
        """Account id -> when it joined its owner's list: sorts a set of ids in `owned` order."""
        self._seq = 0
        self.dirty: dict[str, set[str]] = {r: set() for r in self.reps}
        """Rep id -> accounts whose view for that rep may have changed since the rep last asked."""
        self.versions: dict[str, int] = {}
        """Account id -> count of visible changes; with `rep_versions`, what keys the view cache."""
        self.rep_versions: dict[tuple[str, str], int] = {}
        """(rep, account) -> count of changes only that rep sees (its recorded phase, its signals)."""
        self.contacts_at: dict[str, list[str]] = {}
        """Account id -> reps who know someone there (for introductions)."""
        self.referrers_of: dict[str, list[tuple[str, int]]] = {}
        """Account id -> (account that can refer you to it, strength), from the accounts' networks."""
        for account in build_accounts(scenario, self.streams):
            self.add_account(account, log=False)
        for rep in self.reps.values():
            for account_id in sorted({acc for acc, _ in rep.contacts}):
                self.contacts_at.setdefault(account_id, []).append(rep.id)
        for account in self.accounts.values():
            for target, strength in account.network:
                self.referrers_of.setdefault(target, []).append((account.id, strength))
        self.controllers: dict[str, Controller] = {}
        for rep in self.reps.values():
            given = (controllers or {}).get(rep.id)
            self.controllers[rep.id] = given if given is not None else make_controller(rep.strategy, self.streams.get("strategy", rep.id))
        self.services = {s.id: s for s in scenario.catalog.services}
        self.manager = simpy.Resource(self.env, capacity=1)
        self.manager_hours_left = scenario.team.manager.hours_per_week
        self.capacity = (
            simpy.Container(self.env, capacity=BIG, init=scenario.capacity.total) if scenario.capacity else None
        )
        self.capacity_requests: list[closing.CapacityRequest] = []
        self.signals: dict[tuple[str, str], list[Signal]] = {}
        self.history: dict[str, list[dict]] = {r: [] for r in self.reps}
        self.news: dict[str, list[market.NewsItem]] = {}
        self.wake: dict[str, simpy.Event | None] = {r: None for r in self.reps}
        self.stop_reasons: list[str] = []
        self.open_tables: dict[str, Session] = {}
        """Open negotiations by account id."""
        self.negotiations: dict[str, Analysis] = {}
        """Analyses of finished negotiations by account id."""
        self.negotiation_waits: dict[str, simpy.Event] = {}
        self._views: dict[tuple[str, str], tuple[tuple, AccountView]] = {}
        self._people: dict[str, tuple[tuple, tuple[PersonView, ...]]] = {}
        self._info: dict[str, tuple[tuple, tuple]] = {}
        self._persons: dict[tuple[str, str, bool, bool], PersonView] = {}
        self.lead_counter = 0
        self._rep_week: dict[str, int] = {r: 1 for r in self.reps}
        self._week_at, self._week = 0.0, 1
        self._lead_turn = 0
        clients.setup_existing(self)
        from sim.invariants import Invariants, enabled_by_env  # debug checks (sim/invariants.py), off by default
        self.invariants = Invariants(self) if (enabled_by_env() if check_invariants is None else check_invariants) else None
        self.log.add(0.0, "run_started", seed=seed, scenario=scenario.meta.title, source=source,
                     reps=list(self.reps), accounts=len(self.accounts),
                     strategies={r: getattr(c, "name", "?") for r, c in self.controllers.items()})
        for account in self.accounts.values():
            self.log.add(0.0, "hidden_phase", account.owner, account.id, phase=account.phase, status=account.status,
                         name=account.name, potential=account.potential, hidden=True)
        self.env.process(self._weekly())
        for rep in self.reps.values():
            self.env.process(self._rep_loop(rep))
        for campaign in scenario.campaigns:
            self.env.process(self._campaign(campaign))
        self.env.process(market.news_process(self))

    @staticmethod
    def streams_for(seed: int) -> Streams:
        return Streams(seed)

    # ------------------------------------------------------------------ driving

    @property
    def interactive(self) -> set[str]:
        return {r for r, c in self.controllers.items() if getattr(c, "interactive", False)}

    def advance(self, until: str | float = "week") -> Stop:
        """Run to the next decision point: 'day', 'week', 'quarter', 'end' or a time in hours.

        Stops early when a decision point concerns an interactive rep (a lead for them,
        news on their accounts, a negotiation round) so the trainee can respond.
        """
        now = self.env.now
        if until == "day":
            target = self.clock.next_day_start(now)
        elif until == "week":
            target = self.clock.next_week_start(now)
        elif until == "quarter":
            target = self.clock.next_quarter_start(now)
        elif until == "end":
            target = self.horizon
        else:
            target = float(until)
        target = min(target, self.horizon)
        self.stop_reasons = []
        while self.env.peek() < target and not self.stop_reasons:
            self.env.step()
        if not self.stop_reasons and self.env.now < target:
            self.env.run(until=target)
        return Stop(self.env.now, list(self.stop_reasons))

    def run(self) -> EventLog:
        """Run every quarter to the end (AI controllers; interactive ones idle)."""
        while self.env.now < self.horizon:
            self.advance("end")
        if self.invariants is not None:
            self.invariants.check()
        self.log.add(self.env.now, "run_ended")
        return self.log

    @property
    def finished(self) -> bool:
        return self.env.now >= self.horizon

    def decision_point(self, reason: str, rep: str | None = None) -> None:
        if rep is None or getattr(self.controllers.get(rep), "interactive", False):
            self.stop_reasons.append(reason)
        if rep is not None:
            self.poke(rep)

    def poke(self, rep: str) -> None:
        event = self.wake.get(rep)
        if event is not None and not event.triggered:
            event.succeed()

    def submit(self, rep_id: str, action: Action, first: bool = False) -> None:
        """Queue an action for an interactive rep; `first` puts it before everything still queued
        (a lead's call cannot wait for the week's plan), after the action in progress."""
        agenda = self._queue(rep_id).agenda
        if first:
            agenda.appendleft(action)
        else:
            agenda.append(action)
        self.poke(rep_id)

    def submit_plan(self, rep_id: str, account_id: str, plan: Plan) -> None:
        """The trainee's preparation for a negotiation: starting point, ideal outcome, BATNA."""
        self._queue(rep_id).plans[account_id] = plan
        self._wake_table(account_id)

    def submit_move(self, rep_id: str, account_id: str, move: Move) -> None:
        """The trainee's move at the negotiation table of an account."""
        self._queue(rep_id).moves.setdefault(account_id, deque()).append(move)
        self._wake_table(account_id)

    def _queue(self, rep_id: str) -> QueueController:
        controller = self.controllers[rep_id]
        if not isinstance(controller, QueueController):
            raise ValueError(f"rep {rep_id} is played by a strategy, not interactively")
        return controller

    def _wake_table(self, account_id: str) -> None:
        event = self.negotiation_waits.get(account_id)
        if event is not None and not event.triggered:
            event.succeed()

    def view(self, rep_id: str) -> RepView:
        return RepView(self, rep_id)

    # ------------------------------------------------------------------ processes

    def _rep_loop(self, rep: Rep):
        controller = self.controllers[rep.id]
        view = self.view(rep.id)
        refused = 0
        while True:
            self._roll_week(rep)
            action = controller.next_action(view)
            if action is None or refused > 20:
                refused = 0
                self.wake[rep.id] = self.env.event()
                yield self.wake[rep.id] | self.env.timeout(self.clock.next_day_start(self.env.now) - self.env.now)
                self.wake[rep.id] = None
                continue
            problem = actions.check(self, rep, action)
            if problem:
                refused += 1
                self.log.add(self.env.now, "action_refused", rep.id, action.account, action=action.name, reason=problem)
                self._remember(rep.id, action, problem)
                continue
            refused = 0
            yield from actions.perform(self, rep, action)

    def _roll_week(self, rep: Rep) -> None:
        now = self.env.now
        if now != self._week_at:  # asked ~10,000 times a quarter, mostly at the same instant
            self._week_at, self._week = now, self.clock.week_of(now)
        week = self._week
        if week != self._rep_week[rep.id]:
            self._rep_week[rep.id] = week
            rep.hours_used_week = 0.0

    def hours_left(self, rep_id: str) -> float:
        rep = self.reps[rep_id]
        self._roll_week(rep)
        return rep.hours_left_week

    def _weekly(self):
        while True:
            week = self.clock.week_of(self.env.now)
            if self.invariants is not None:
                self.invariants.check(week)
            self.manager_hours_left = self.scenario.team.manager.hours_per_week
            if week > 1:
                market.weekly(self)
                clients.weekly(self)
                for rep in self.reps.values():
                    actions.weekly_motivation(self, rep)
            if self.scenario.team.manager.team_meeting:
                self.env.process(self._team_meeting())
            else:
                closing.team_meeting(self)
            if (week - 1) % self.clock.weeks == 0:  # from the week number: time itself may be a hair off
                self.log.add(self.env.now, "quarter_started", quarter=(week - 1) // self.clock.weeks + 1)
            self.log.add(self.env.now, "week_started", week=week)
            if week >= self.clock.weeks * self.scenario.calendar.quarters:
                return  # the last week played: with day lengths not exact in binary, one more start could
                # land a hair before the horizon and open a week that is never played
            yield self.env.timeout(self.clock.week_start(week + 1) - self.env.now)

    def _team_meeting(self):
        """Monday's team meeting holds the manager for an hour and arbitrates scarce capacity."""
        with self.manager.request() as request:
            yield request
            self.manager_hours_left = max(0.0, self.manager_hours_left - TEAM_MEETING_HOURS)
            closing.team_meeting(self)
            self.log.add(self.env.now, "team_meeting", None, None, pending_capacity=len(self.capacity_requests))
            yield self.env.timeout(TEAM_MEETING_HOURS)

    def _campaign(self, campaign):
        rng = self.streams.get("leads", campaign.id)
        start = self.clock.week_start(campaign.start_week)
        end = self.clock.week_start(campaign.end_week + 1) if campaign.end_week else self.horizon
        rate = campaign.leads_per_week / self.clock.week_hours
        if self.env.now < start:
            yield self.env.timeout(start - self.env.now)
        while True:
            gap = float(rng.exponential(1.0 / rate))
            if self.env.now + gap >= end:
                return
            yield self.env.timeout(gap)
            self._new_lead(campaign, rng)

    def _new_lead(self, campaign, rng: np.random.Generator) -> None:
        self.lead_counter += 1
        ident = f"lead-{self.lead_counter:04d}"
        quality = pick(dict(campaign.quality), rng)
        announced = pick(dict(campaign.announced_quality), rng) if campaign.announced_quality else quality
        size = pick(dict(campaign.sizes), rng)
        low, high = START_PHASE[quality]
        sectors = campaign.sectors or (self.scenario.accounts.generated.sectors if self.scenario.accounts.generated else {"services": 1.0})
        decider = bool(rng.random() < campaign.decider_share)
        people = buying_group(ident, size, rng, decider=True)
        contact = people[0] if decider else people[min(1, len(people) - 1)]
        hunters = [r.id for r in self.reps.values() if r.profile == "hunter"] or list(self.reps)
        owner = hunters[self._lead_turn % len(hunters)]
        self._lead_turn += 1
        account = Account(
            id=ident, name=company_name(rng), sector=pick(dict(sectors), rng), size=size,
            potential=round(max(1000.0, draw(campaign.potential, rng)), -2),
            services=list(campaign.services) or [s.id for s in self.scenario.catalog.services if s.kind == "core"],
            phase=int(rng.integers(low, high + 1)), status="prospect", owner=owner, trust=0.3,
            competitor_pressure=float(rng.uniform(0.2, 0.6)), people=people, rng=self.streams.get("account", ident),
            source="inbound", created_at=self.env.now, lead_quality=quality,
        )
        account.known_people.add(contact.id)
        account.lead_contact = contact.id
        account.announced_quality = announced
        self.add_account(account)
        self.log.add(self.env.now, "lead_arrived", owner, ident, campaign=campaign.id, announced=announced,
                     quality=quality, decider=decider, phase=account.phase, name=account.name,
                     potential=account.potential)
        self.decision_point(f"lead:{ident}", owner)

    def add_account(self, account: Account, log: bool = True) -> None:
        self.accounts[account.id] = account
        object.__setattr__(account, "_sink", self.changed)
        if account.owner is not None:
            self._own(account.owner, account.id)
        if log and account.source != "inbound":
            self.log.add(self.env.now, "account_added", account.owner, account.id, source=account.source,
                         phase=account.phase, name=account.name, potential=account.potential)

    def transfer(self, account: Account, new_owner: str) -> None:
        if account.owner is not None and account.id in self.owned.get(account.owner, []):
            self.owned[account.owner].remove(account.id)
            self.dirty.setdefault(account.owner, set()).add(account.id)
        account.owner = new_owner
        self._own(new_owner, account.id)

    def _own(self, rep_id: str, account_id: str) -> None:
        self.owned.setdefault(rep_id, []).append(account_id)
        self._seq += 1
        self.owned_seq[account_id] = self._seq
        self.dirty.setdefault(rep_id, set()).add(account_id)

    def changed(self, account: Account, name: str) -> None:
        """A visible field of `account` changed: its owner's view is stale (and, when its status
        changed, the introductions it offers to the accounts in its network)."""
        self.versions[account.id] = self.versions.get(account.id, 0) + 1
        dirty = self.dirty.get(account.owner)
        if dirty is not None:
            dirty.add(account.id)
        if name == "status":
            for target, _ in account.network:
                other = self.accounts.get(target)
                if other is not None:
                    self.changed(other, "introductions")

    def _rep_changed(self, rep_id: str, account_id: str) -> None:
        key = (rep_id, account_id)
        self.rep_versions[key] = self.rep_versions.get(key, 0) + 1
        self.dirty.setdefault(rep_id, set()).add(account_id)

    def changes(self, rep_id: str) -> list[str]:
        """Accounts whose view for `rep_id` may have changed since the last call, in `owned` order."""
        dirty = self.dirty.get(rep_id)
        if not dirty:
            return []
        seq = self.owned_seq
        out = sorted(dirty, key=lambda a: seq.get(a, 0))
        dirty.clear()
        return out

    # ------------------------------------------------------------------ rep-side records

    def record_phase(self, rep_id: str, account_id: str, phase: int) -> None:
        if not 1 <= int(phase) <= 5:
            raise ValueError("a phase is 1 to 5")
        rep = self.reps[rep_id]
        if rep.recorded.get(account_id) != phase:
            rep.recorded[account_id] = int(phase)
            self._rep_changed(rep_id, account_id)
            account = self.accounts[account_id]
            self.log.add(self.env.now, "phase_recorded", rep_id, account_id, recorded=int(phase), true=account.phase)

    def record_forecast(self, rep_id: str, account_id: str, probability: float) -> None:
        p = float(min(1.0, max(0.0, probability)))
        self.reps[rep_id].forecasts[account_id] = p
        self.log.add(self.env.now, "forecast", rep_id, account_id, probability=round(p, 4))

    def _remember(self, rep_id: str, action: Action, result: str) -> None:
        self.history[rep_id].append({"t": self.env.now, "action": action.name, "account": action.account, "result": result})

    def add_signal(self, rep_id: str, account: Account, action: str) -> None:
        if account.frozen_until > self.env.now:
            signal = Signal(self.env.now, None, "Everything is on hold until further notice.", action)
        else:
            suggests, text = draw_signal(account.phase, self.tables.phase(account.phase).signal_noise, account.rng)
            signal = Signal(self.env.now, suggests, text, action)
        self.signals.setdefault((rep_id, account.id), []).append(signal)
        self._rep_changed(rep_id, account.id)
        self.log.add(self.env.now, "signal", rep_id, account.id, suggests=signal.suggests, text=signal.text,
                     true=account.phase)

    # ------------------------------------------------------------------ what a rep sees

    def account_view(self, rep_id: str, account_id: str) -> AccountView:
        """A rep's view of an account, rebuilt only when something the rep can see has changed.

        Every visible change bumps a version (`changed`, `_rep_changed`); only the reaction
        window of news depends on the clock itself, so it joins the key when there is news.
        """
        news = self.news.get(account_id)
        key = (rep_id, account_id)
        stamp = (self.versions.get(account_id, 0), self.rep_versions.get(key, 0),
                 None if not news else tuple(n.open_until > self.env.now for n in news))
        cached = self._views.get(key)
        if cached is not None and cached[0] == stamp:
            return cached[1]
        a = self.accounts[account_id]
        intros = tuple(actions.introductions(self, rep_id, a)) if not a.engaged else ()
        view = self._build_view(rep_id, a, intros)
        self._views[key] = (stamp, view)
        return view

    def _build_view(self, rep_id: str, a: Account, intros: tuple) -> AccountView:
        account_id = a.id
        known = a.known_people
        researched = a.info[0] > 0 or a.engaged
        key = (researched, len(known))  # known_people only grows
        cached = self._people.get(account_id)
        if cached is not None and cached[0] == key:
            people = cached[1]
        else:
            people = tuple(self._person(account_id, p, researched or p.id in known, p.id in known)
                           for p in a.people if researched or p.id in known)
            self._people[account_id] = (key, people)
        items = self.news.get(account_id)
        if items:
            now = self.env.now
            news = tuple(n.headline for n in items)
            pending = any(n.open_until > now and not n.reacted for n in items)
            until = max((n.open_until for n in items if not n.reacted), default=None)
        else:
            news, pending, until = (), False, None
        raw = tuple(a.info)
        rounded = self._info.get(account_id)
        if rounded is None or rounded[0] != raw:  # round(x, 3) is slow; info changes only when worked on
            rounded = (raw, tuple(round(x, 3) for x in raw))
            self._info[account_id] = rounded
        return AccountView.fast({
            "id": account_id, "name": a.name, "sector": a.sector, "size": a.size, "potential": a.potential,
            "status": a.status, "owner": a.owner, "source": a.source, "engaged": a.engaged,
            "decider_met": a.decider_reached, "people": people, "info": rounded[1],
            "last_contact": a.last_contact, "created_at": a.created_at,
            "recorded_phase": self.reps[rep_id].recorded.get(account_id),
            "signals": tuple(self.signals.get((rep_id, account_id), ())),
            "lead_quality_announced": a.announced_quality,
            "lead_waiting": a.source == "inbound" and a.contact_attempts == 0 and a.status in OPEN_STATUSES,
            "contact_attempts": a.contact_attempts, "news": news, "client_since": a.client_since,
            "news_pending": pending, "news_until": until,
            "sold": tuple(a.sold), "acv": a.acv, "commitments": a.commitments,
            "introductions": intros,
        })

    def _person(self, account_id: str, p, role_known: bool, met: bool) -> PersonView:
        key = (account_id, p.id, role_known, met)  # person ids are only unique within an account
        view = self._persons.get(key)
        if view is None:
            view = self._persons[key] = PersonView(p.id, p.name, p.role if role_known else "unknown", p.title, met)
        return view

    def options(self, rep_id: str, account_id: str | None) -> list[ActionOption]:
        out = []
        for name, spec in self.tables.actions.items():
            probe = Action(name, account_id)
            if actions.check(self, self.reps[rep_id], probe, probe_only=True) is None:
                out.append(ActionOption(name, spec.hours, spec.channel, spec.description))
        return out

