"""The built-in strategies. Each is a small policy over the shared RepView."""

from __future__ import annotations

from bisect import bisect_left, insort

from sim.accounts import DEPTHS
from sim.interface import AccountView, Action, RepView
from sim.negotiation import Move
from sim.strategies.base import PLAN, Params, Policy, believed_phase
from sim.strategies.book import Book, DueQueue

RETRY_HOURS = 8.0
CLIENT_CHECKIN_WEEKS = 2.0
ONBOARDING_WEEKS = 3
BIG = 1e9
ACTIVE = ("prospect", "negotiating", "client")


class PhaseAware(Policy):
    """Classifies each account's phase from signals and applies the plan for it at its cadence.

    Keeps its accounts in a Book and its time-driven work in DueQueues, so a decision costs
    what changed since the last one rather than a pass over every account (same choices).
    """

    name = "phase-aware"
    negotiation_beta = 0.8

    def __init__(self, rng, **raw):
        super().__init__(rng, **raw)
        self.tried: dict[str, float] = {}
        self.briefed: set[str] = set()
        self.book = Book()
        self._phase: dict[str, int] = {}
        self._leads: dict[str, AccountView] = {}
        self._news: set[str] = set()
        self._clients: list[tuple[int, str]] = []
        self._unrecorded: set[str] = set()
        self._pipeline = DueQueue()
        """Engaged prospects, due at their last contact plus the cadence of their believed phase."""
        self._cold = DueQueue()
        """Prospects not yet engaged with attempts left, due once the last try is RETRY_HOURS old."""

    # ------------------------------------------------------------------ keeping the book

    def sync(self, view: RepView) -> None:
        for account_id, account in self.book.refresh(view):
            self._file(view, account_id, account)

    def _file(self, view: RepView, account_id: str, a: AccountView | None) -> None:
        self._leads.pop(account_id, None)
        self._news.discard(account_id)
        self._unrecorded.discard(account_id)
        self._pipeline.discard(account_id)
        self._cold.discard(account_id)
        self._phase.pop(account_id, None)
        order = self.book.order.get(account_id)
        entry = (order, account_id)
        i = bisect_left(self._clients, entry)
        if i < len(self._clients) and self._clients[i] == entry:
            del self._clients[i]
        if a is None or a.status not in ACTIVE:
            return
        if a.news_until is not None:
            self._news.add(account_id)
        if a.status == "client":
            insort(self._clients, entry)
        if a.status != "prospect":
            return
        phase = believed_phase(a)
        self._phase[account_id] = phase
        if a.signals and a.recorded_phase != phase:
            self._unrecorded.add(account_id)
        if a.source == "inbound" and not a.engaged and a.contact_attempts < self.params.attempts:
            self._leads[account_id] = a
        if a.engaged:
            due_at = -BIG if a.last_contact is None else a.last_contact + view.cadence_hours(phase) * self.params.cadence
            self._pipeline.put(account_id, due_at, (-phase, -a.potential, account_id))
        elif a.contact_attempts < self.params.attempts:
            self._cold.put(account_id, self.tried.get(account_id, -BIG) + RETRY_HOURS, (-a.potential, account_id))

    def mark_tried(self, view: RepView, account_id: str) -> None:
        """Remember the try (it delays the next one) and requeue the account accordingly."""
        self.tried[account_id] = view.now
        if account_id in self._cold:
            a = self.book.views[account_id]
            self._cold.put(account_id, view.now + RETRY_HOURS, (-a.potential, account_id))

    def forecast_accounts(self, view: RepView):
        for account in self.book.views.values():
            if account.status in ("prospect", "negotiating"):
                yield account, self._phase.get(account.id)

    # ------------------------------------------------------------------ deciding

    def next_action(self, view: RepView) -> Action | None:
        self.sync(view)
        self.forecast_week(view)
        if view.hours_left_week < 0.25:
            return None
        return (self.answer_leads(view) or self.react_to_news(view)
                or self.look_after_clients(view) or self.work_pipeline(view))

    def answer_leads(self, view: RepView) -> Action | None:
        if not self._leads:
            return None
        order = self.book.order
        for a in sorted(self._leads.values(), key=lambda a: (a.created_at, order[a.id])):
            if view.now - a.created_at < self.params.lead_delay:
                continue
            if a.contact_attempts and view.now - self.tried.get(a.id, -BIG) < RETRY_HOURS:
                continue
            if self.fits(view, "call"):
                self.mark_tried(view, a.id)
                return Action("call", a.id)
        return None

    def react_to_news(self, view: RepView) -> Action | None:
        if not self._news:
            return None
        views = self.book.views
        for account_id in self.book.in_order(self._news):
            until = views[account_id].news_until
            if until is None or until <= view.now:
                self._news.discard(account_id)  # stays answered or stale until new news changes the view
            elif self.fits(view, "news_reaction"):
                return Action("news_reaction", account_id)
        return None

    def clients(self) -> list[AccountView]:
        views = self.book.views
        return [views[account_id] for _, account_id in self._clients]

    def look_after_clients(self, view: RepView) -> Action | None:
        """Reassure new clients weekly, brief the farmer before the hand-off, then check in every two weeks."""
        if not self._clients:
            return None
        week = view.clock.week_hours
        now = view.now
        views = self.book.views
        for _, account_id in self._clients:
            a = views[account_id]
            new = a.client_since is not None and now - a.client_since < ONBOARDING_WEEKS * week
            gap = (1.0 if new else CLIENT_CHECKIN_WEEKS) * week
            if (a.last_contact is None or now - a.last_contact >= gap) and self.fits(view, "client_checkin"):
                return Action("client_checkin", a.id)
            if (new and view.profile == "hunter" and a.id not in self.briefed
                    and now - a.client_since >= week and self.fits(view, "internal_coordination")):
                self.briefed.add(a.id)
                return Action("internal_coordination")
        return None

    def cold_opening(self, view: RepView, a: AccountView) -> Action | None:
        if a.contact_attempts >= self.params.attempts or view.now - self.tried.get(a.id, -BIG) < RETRY_HOURS:
            return None
        if a.info[0] == 0 and self.fits(view, "research"):
            return Action("research", a.id)
        self.mark_tried(view, a.id)
        if a.introductions and self.fits(view, "introduction_request"):
            via = max(a.introductions, key=lambda x: x[2])[0]
            return Action("introduction_request", a.id, via=via)
        name = "meeting" if self.fits(view, "meeting") else "call"
        return Action(name, a.id, person=self.first_person(a)) if self.fits(view, name) else None

    def work_pipeline(self, view: RepView) -> Action | None:
        """Record changed beliefs, then the best-ranked due engaged account, then a cold opening."""
        views = self.book.views
        if self._unrecorded:
            for account_id in self.book.in_order(self._unrecorded):
                view.record_phase(account_id, self._phase[account_id])
            self._unrecorded.clear()
        now = view.now
        for account_id in self._pipeline.ready(now):
            a = views[account_id]
            phase = self._phase[account_id]
            if not self.due(view, a, phase):
                continue
            action = self.plan(view, a, phase)
            if action is not None:
                return action
        for account_id in self._cold.ready(now):
            action = self.cold_opening(view, views[account_id])
            if action is not None:
                return action
        return None

    def plan(self, view: RepView, a: AccountView, phase: int) -> Action | None:
        decider = self.first_person(a)
        if phase >= 3 and not a.decider_met:
            if decider is None:
                return Action("research", a.id) if self.fits(view, "research") and a.info[0] < 0.5 else (
                    Action("discovery_essential", a.id) if self.fits(view, "discovery_essential") else None)
            name = "accompanied_meeting" if self.params.manager and self.fits(view, "accompanied_meeting") else "meeting"
            return Action(name, a.id, person=decider) if self.fits(view, name) else None
        for name in PLAN[phase]:
            if name.startswith("discovery_") and a.info[DEPTHS.index(name.removeprefix("discovery_"))] >= 0.8:
                continue
            if name == "conditional_proposal" and a.commitments >= 2:
                continue
            if self.fits(view, name):
                return Action(name, a.id, person=decider)
        return Action("follow_up", a.id, person=decider) if self.fits(view, "follow_up") else None


class Spray(PhaseAware):
    """The same touch for every account, in rotation: no phase logic."""

    name = "spray"
    negotiation_beta = 1.0
    params_type = type("SprayParams", (Params,), {})

    def __init__(self, rng, **raw):
        raw.setdefault("lead_delay", "8")
        super().__init__(rng, **raw)
        self._rotation = DueQueue()
        """Prospects with calls left, due a week after both their last contact and the last try."""

    def _file(self, view: RepView, account_id: str, a: AccountView | None) -> None:
        """Spray needs only the leads and its rotation (no phases, news or clients)."""
        self._leads.pop(account_id, None)
        self._rotation.discard(account_id)
        if a is None or a.status != "prospect":
            return
        if a.source == "inbound" and not a.engaged and a.contact_attempts < self.params.attempts:
            self._leads[account_id] = a
        if a.contact_attempts < self.params.attempts * 3:
            self._rotate(view, a)

    def _rotate(self, view: RepView, a: AccountView) -> None:
        week = view.clock.week_hours * self.params.cadence
        contact_due = -BIG if a.last_contact is None else a.last_contact + week
        self._rotation.put(a.id, max(contact_due, self.tried.get(a.id, -BIG) + week), (a.last_contact or -BIG, a.id))

    def mark_tried(self, view: RepView, account_id: str) -> None:
        super().mark_tried(view, account_id)
        if account_id in self._rotation:
            self._rotate(view, self.book.views[account_id])

    def next_action(self, view: RepView) -> Action | None:
        self.sync(view)
        if view.hours_left_week < 0.5:
            return None
        lead = self.answer_leads(view)
        if lead:
            return lead
        week = view.clock.week_hours * self.params.cadence
        views = self.book.views
        for account_id in self._rotation.ready(view.now):
            a = views[account_id]
            if ((a.last_contact is None or view.now - a.last_contact >= week)
                    and view.now - self.tried.get(a.id, -BIG) >= week):
                self.mark_tried(view, a.id)
                return Action("call", a.id, person=self.first_person(a))
        return None


class Closer(PhaseAware):
    """Pushes proposals and discounts early: a proposal as soon as the account talks."""

    name = "closer"
    negotiation_beta = 3.0

    def __init__(self, rng, **raw):
        raw.setdefault("discount", "0.15")
        super().__init__(rng, **raw)

    def plan(self, view: RepView, a: AccountView, phase: int) -> Action | None:
        if phase >= 2 and self.fits(view, "proposal"):
            return Action("proposal", a.id, person=self.first_person(a))
        return super().plan(view, a, phase)


class Farmer(PhaseAware):
    """Looks after clients first, grows them with cross-sell, then works prospects."""

    name = "farmer"
    negotiation_beta = 1.0

    def look_after_clients(self, view: RepView) -> Action | None:
        checkin = super().look_after_clients(view)
        if checkin:
            return checkin
        week = view.clock.week_hours
        for a in self.clients():
            if a.last_contact is None or view.now - a.last_contact < week:
                continue
            offer = self.addon_for(view, a)
            if offer and self.fits(view, "cross_sell") and view.now - self.tried.get(a.id, -BIG) >= 4 * week:
                self.mark_tried(view, a.id)
                return Action("cross_sell", a.id, service=offer)
        return None

    def addon_for(self, view: RepView, a: AccountView) -> str | None:
        return next((s for s in view.addons() if s not in a.sold), None)


class RandomPolicy(Policy):
    """A floor: any available action on any owned account."""

    name = "random"

    def next_action(self, view: RepView) -> Action | None:
        if view.hours_left_week < 0.25 or self.rng.random() < 0.05:
            return None
        ids = view.account_ids()
        if not ids:
            return None
        account = ids[int(self.rng.integers(len(ids)))]
        options = view.options(account)
        if not options:
            return None
        option = options[int(self.rng.integers(len(options)))]
        service = next(iter(view.addons()), None) if option.name == "cross_sell" else None
        return Action(option.name, account, service=service)


    def negotiation_move(self, view, account: str):
        """Anything allowed at the table, at random."""
        roll = self.rng.random()
        if view.standing is not None and roll < 0.2:
            return Move("accept")
        if roll < 0.3:
            return Move("silence")
        return Move("offer", tuple(int(self.rng.integers(issue.steps)) for issue in view.issues))


BUILTINS: dict[str, type[Policy]] = {
    "phase-aware": PhaseAware,
    "spray": Spray,
    "closer": Closer,
    "farmer": Farmer,
    "random": RandomPolicy,
}
