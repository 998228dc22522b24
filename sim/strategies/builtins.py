"""The built-in strategies. Each is a small policy over the shared RepView."""

from __future__ import annotations

from sim.accounts import DEPTHS
from sim.interface import AccountView, Action, RepView
from sim.negotiation import Move
from sim.strategies.base import PLAN, Params, Policy, believed_phase

RETRY_HOURS = 8.0
CLIENT_CHECKIN_WEEKS = 2.0
ONBOARDING_WEEKS = 3


class PhaseAware(Policy):
    """Classifies each account's phase from signals and applies the plan for it at its cadence."""

    name = "phase-aware"
    negotiation_beta = 0.8

    def __init__(self, rng, **raw):
        super().__init__(rng, **raw)
        self.tried: dict[str, float] = {}
        self.briefed: set[str] = set()

    def next_action(self, view: RepView) -> Action | None:
        self.forecast_week(view)
        if view.hours_left_week < 0.25:
            return None
        accounts = view.accounts(("prospect", "negotiating", "client"))
        return (self.answer_leads(view, accounts) or self.react_to_news(view, accounts)
                or self.look_after_clients(view, accounts) or self.work_pipeline(view, accounts))

    def answer_leads(self, view: RepView, accounts: list[AccountView]) -> Action | None:
        for a in sorted((a for a in accounts if a.source == "inbound" and not a.engaged and a.status == "prospect"),
                        key=lambda a: a.created_at):
            if a.contact_attempts >= self.params.attempts or view.now - a.created_at < self.params.lead_delay:
                continue
            if a.contact_attempts and view.now - self.tried.get(a.id, -1e9) < RETRY_HOURS:
                continue
            if self.fits(view, "call"):
                self.tried[a.id] = view.now
                return Action("call", a.id)
        return None

    def react_to_news(self, view: RepView, accounts: list[AccountView]) -> Action | None:
        for a in accounts:
            if a.news_pending and self.fits(view, "news_reaction"):
                return Action("news_reaction", a.id)
        return None

    def look_after_clients(self, view: RepView, accounts: list[AccountView]) -> Action | None:
        """Reassure new clients weekly, brief the farmer before the hand-off, then check in every two weeks."""
        week = view.clock.week_hours
        for a in accounts:
            if a.status != "client":
                continue
            new = a.client_since is not None and view.now - a.client_since < ONBOARDING_WEEKS * week
            gap = (1.0 if new else CLIENT_CHECKIN_WEEKS) * week
            if (a.last_contact is None or view.now - a.last_contact >= gap) and self.fits(view, "client_checkin"):
                return Action("client_checkin", a.id)
            if (new and view.profile == "hunter" and a.id not in self.briefed
                    and view.now - a.client_since >= week and self.fits(view, "internal_coordination")):
                self.briefed.add(a.id)
                return Action("internal_coordination")
        return None

    def cold_opening(self, view: RepView, a: AccountView) -> Action | None:
        if a.contact_attempts >= self.params.attempts or view.now - self.tried.get(a.id, -1e9) < RETRY_HOURS:
            return None
        if a.info[0] == 0 and self.fits(view, "research"):
            return Action("research", a.id)
        self.tried[a.id] = view.now
        if a.introductions and self.fits(view, "introduction_request"):
            via = max(a.introductions, key=lambda x: x[2])[0]
            return Action("introduction_request", a.id, via=via)
        name = "meeting" if self.fits(view, "meeting") else "call"
        return Action(name, a.id, person=self.first_person(a)) if self.fits(view, name) else None

    def work_pipeline(self, view: RepView, accounts: list[AccountView]) -> Action | None:
        open_accounts = [a for a in accounts if a.status == "prospect"]
        scored = []
        for a in open_accounts:
            phase = believed_phase(a)
            if a.signals and a.recorded_phase != phase:
                view.record_phase(a.id, phase)
            scored.append((-(phase if a.engaged else 0), -a.potential, a.id, a, phase))
        scored.sort(key=lambda x: x[:3])
        for _, _, _, a, phase in scored:
            if not a.engaged:
                continue
            if not self.due(view, a, phase):
                continue
            action = self.plan(view, a, phase)
            if action is not None:
                return action
        for _, _, _, a, _ in scored:
            if not a.engaged:
                action = self.cold_opening(view, a)
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

    def next_action(self, view: RepView) -> Action | None:
        if view.hours_left_week < 0.5:
            return None
        accounts = view.accounts(("prospect", "negotiating", "client"))
        lead = self.answer_leads(view, accounts)
        if lead:
            return lead
        week = view.clock.week_hours * self.params.cadence
        due = [a for a in accounts if a.status == "prospect"
               and (a.last_contact is None or view.now - a.last_contact >= week)
               and view.now - self.tried.get(a.id, -1e9) >= week and a.contact_attempts < self.params.attempts * 3]
        if not due:
            return None
        a = min(due, key=lambda a: (a.last_contact or -1e9, a.id))
        self.tried[a.id] = view.now
        return Action("call", a.id, person=self.first_person(a))


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

    def look_after_clients(self, view: RepView, accounts: list[AccountView]) -> Action | None:
        checkin = super().look_after_clients(view, accounts)
        if checkin:
            return checkin
        week = view.clock.week_hours
        for a in accounts:
            if a.status != "client" or a.last_contact is None or view.now - a.last_contact < week:
                continue
            offer = self.addon_for(view, a)
            if offer and self.fits(view, "cross_sell") and view.now - self.tried.get(a.id, -1e9) >= 4 * week:
                self.tried[a.id] = view.now
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
