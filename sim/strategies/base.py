"""What every built-in strategy shares: parameters, phase classification from signals, and
the plan of which action fits which believed phase."""

from __future__ import annotations

import math
from abc import ABC, abstractmethod
from dataclasses import dataclass, fields

import numpy as np

from sim.interface import AccountView, Action, RepView
from sim.negotiation import Move, NegotiationView, Negotiator, Plan, TimeDependent


class StrategyError(ValueError):
    """A strategy spec that cannot be used; the message says why."""


def parse_spec(spec: str) -> tuple[str, dict[str, str]]:
    name, _, rest = spec.strip().partition(":")
    params: dict[str, str] = {}
    for part in filter(None, (p.strip() for p in rest.split(","))):
        key, eq, value = part.partition("=")
        if not eq or not key.strip():
            raise StrategyError(f"bad parameter '{part}' in '{spec}': write key=value")
        if key.strip() in params:
            raise StrategyError(f"parameter '{key.strip()}' is given twice in '{spec}'")
        params[key.strip()] = value.strip()
    return name.strip(), params


@dataclass
class Params:
    lead_delay: float = 0.05
    """Working hours before answering an inbound lead."""
    attempts: int = 3
    """Contact attempts before giving up on an unanswered account."""
    cadence: float = 1.0
    """Multiplier on each phase's expected contact cadence (above 1: contacts less often)."""
    discount: float = 0.0
    """Discount given up front in the opening offer at the table, 0-1 (a concession with nothing asked back)."""
    manager: bool = True
    """Bring the manager to meetings where it pays."""


PARAM_RANGES: dict[str, tuple[float, float, bool]] = {
    "lead_delay": (0.0, 10_000.0, True),
    "attempts": (1, 1_000, True),
    "cadence": (0.0, 100.0, False),
    "discount": (0.0, 1.0, True),
}
"""(low, high, low included) per numeric parameter: a value outside would play nonsense (a negative
delay, a cadence of 0, a discount above 100 %) instead of an error."""


PARAM_HELP = {
    "lead_delay": "working hours before answering an inbound lead",
    "attempts": "contact attempts before giving up on an account that does not answer",
    "cadence": "multiplier on each phase's contact cadence (above 1: contacts less often)",
    "discount": "discount (0-1) given up front in the opening offer at the table",
    "manager": "bring the manager in (accompanied meetings, bad cop) where it pays",
}


PLAN = {
    1: ("call",),
    2: ("discovery_necessary", "meeting"),
    3: ("discovery_essential", "meeting", "discovery_useful"),
    4: ("site_visit", "discovery_useful", "conditional_proposal", "discovery_business"),
    5: ("proposal",),
}
"""Right actions per believed phase, tried in order of what the account still lacks."""


def believed_phase(account: AccountView, window: int = 4) -> int:
    """Classify the phase from the latest signals: the most frequent suggestion, recent ties win."""
    recent = [s.suggests for s in account.signals[-window:] if s.suggests is not None]
    if not recent:
        return account.recorded_phase or 1
    counts = {p: recent.count(p) for p in set(recent)}
    best = max(counts.values())
    return next(p for p in reversed(recent) if counts[p] == best)


def _check_range(strategy: str, key: str, value) -> None:
    if key not in PARAM_RANGES or isinstance(value, bool):
        return
    low, high, low_included = PARAM_RANGES[key]
    above_low = value >= low if low_included else value > low
    if not (math.isfinite(value) and above_low and value <= high):
        lower = f"at least {low:g}" if low_included else f"above {low:g}"
        raise StrategyError(f"parameter '{key}' of '{strategy}' must be {lower} and at most {high:g}, got {value:g}")


class Policy(ABC):
    """Base controller: builds Params from `key=value` strings and keeps a per-rep memory."""

    interactive = False
    name = "base"
    params_type = Params

    negotiation_beta = 1.0
    """Concession exponent at the table (Faratin): below 1 firm, above 1 quick to give."""

    def __init__(self, rng: np.random.Generator, **raw: str) -> None:
        self.rng = rng
        self.params = self._parse(raw)
        self._negotiators: dict[str, Negotiator] = {}

    @classmethod
    def _parse(cls, raw: dict[str, str]) -> Params:
        known = {f.name: f for f in fields(cls.params_type)}
        values = {}
        for key, text in raw.items():
            if key not in known:
                raise StrategyError(f"strategy '{cls.name}' has no parameter '{key}'; parameters: {', '.join(known)}")
            kind = type(getattr(cls.params_type(), key))
            try:
                if kind is bool:
                    if text.lower() not in ("true", "false", "yes", "no", "1", "0"):
                        raise ValueError
                    values[key] = text.lower() in ("true", "yes", "1")
                else:
                    values[key] = kind(text)
            except ValueError:
                raise StrategyError(f"parameter '{key}' of '{cls.name}' expects a {kind.__name__}, got '{text}'") from None
            _check_range(cls.name, key, values[key])
        return cls.params_type(**values)

    @abstractmethod
    def next_action(self, view: RepView) -> Action | None:
        """The rep's next action, or None to wait for the next decision point."""

    FORECAST = {3: 0.1, 4: 0.25, 5: 0.45}
    """Close probability stated per believed phase; a deal at the table gets NEGOTIATING."""
    NEGOTIATING = 0.6

    def forecast_week(self, view: RepView) -> None:
        """Once a week, state a close probability for each deal in the forecast (phase 3 and up)."""
        if getattr(self, "_forecast_week", None) == view.week:
            return
        self._forecast_week = view.week
        for account, phase in self.forecast_accounts(view):
            if account.status == "negotiating":
                view.forecast(account.id, self.NEGOTIATING)
            elif account.engaged and account.signals:
                phase = believed_phase(account) if phase is None else phase
                if phase in self.FORECAST:
                    view.forecast(account.id, self.FORECAST[phase])

    def forecast_accounts(self, view: RepView):
        """(view, believed phase or None) of the rep's open deals, in the order the rep owns them."""
        for account in view.accounts(("prospect", "negotiating")):
            yield account, None

    def negotiator(self, account: str) -> Negotiator:
        if account not in self._negotiators:
            self._negotiators[account] = TimeDependent(self.negotiation_beta)
        return self._negotiators[account]

    def prepare_negotiation(self, view: NegotiationView, account: str) -> Plan:
        """Start from the ideal outcome, with the strategy's opening discount already given."""
        negotiator = self.negotiator(account)
        plan = negotiator.prepare(view)
        start = list(plan.start)
        for i, issue in enumerate(view.issues):
            if issue.effect == "discount" and self.params.discount > 0:
                amounts = np.array([issue.amount(k) for k in range(issue.steps)])
                start[i] = int(np.clip(np.searchsorted(amounts, self.params.discount - 1e-9), 0, issue.steps - 1))
        negotiator.opening = tuple(start)
        return Plan(tuple(start), plan.ideal, plan.batna)

    def negotiation_move(self, view: NegotiationView, account: str) -> Move:
        standing = view.standing
        if (self.params.manager and not view.escalated and standing is not None
                and view.round >= max(2, view.max_rounds // 2) and view.preferences.utility(standing) < 0.5):
            return Move("escalate")
        return self.negotiator(account).respond(view)

    @staticmethod
    def fits(view: RepView, name: str) -> bool:
        return view.action_hours(name) <= view.hours_left_week + 1e-9

    def due(self, view: RepView, account: AccountView, phase: int) -> bool:
        if account.last_contact is None:
            return True
        return view.now - account.last_contact >= view.cadence_hours(phase) * self.params.cadence

    def first_person(self, account: AccountView) -> str | None:
        decider = next((p for p in account.people if p.role == "decider"), None)
        return decider.id if decider else None
