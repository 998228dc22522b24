"""The one interface through which a rep acts, used alike by the game and by strategies.

A controller sees a RepView — signals, its own history, the phases it has recorded,
the actions available now — and never the hidden phase, trust or the world itself.
An AI rep and a human rep are interchangeable: both are controllers.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from sim.negotiation.protocol import Move, NegotiationView, Plan

if TYPE_CHECKING:
    from sim.world import World


@dataclass(frozen=True)
class Action:
    name: str
    account: str | None = None
    person: str | None = None
    """Whom the action addresses (a person id of the account), when it matters."""
    via: str | None = None
    """For introduction_request: a colleague's rep id or a client account id."""
    service: str | None = None
    """For cross_sell: the service offered."""


@dataclass(frozen=True)
class Signal:
    t: float
    suggests: int | None
    text: str
    action: str


@dataclass(frozen=True)
class PersonView:
    id: str
    name: str
    role: str
    title: str
    met: bool


@dataclass(frozen=True)
class AccountView:
    """What a rep can know about an account."""

    id: str
    name: str
    sector: str
    size: str
    potential: float
    status: str
    owner: str | None
    source: str
    engaged: bool
    decider_met: bool
    people: tuple[PersonView, ...]
    info: tuple[float, float, float, float]
    last_contact: float | None
    created_at: float
    recorded_phase: int | None
    signals: tuple[Signal, ...]
    lead_quality_announced: str | None
    lead_waiting: bool
    contact_attempts: int
    news: tuple[str, ...]
    news_pending: bool
    news_until: float | None
    """Until when the unanswered news here is still worth a reaction (None: none pending or ever)."""
    client_since: float | None
    sold: tuple[str, ...]
    acv: float
    commitments: int
    introductions: tuple[tuple[str, str, int], ...]
    """(via, kind 'colleague' or 'client', strength) for each way to be introduced."""

    @classmethod
    def fast(cls, fields: dict) -> AccountView:
        """Build from a dict of every field, without the frozen dataclass's per-field setattr
        (the same object, still read-only): the world builds thousands of views a quarter."""
        view = object.__new__(cls)
        object.__setattr__(view, "__dict__", fields)
        return view


@dataclass(frozen=True)
class ActionOption:
    name: str
    hours: float
    channel: str
    description: str


class Controller(Protocol):
    """Decides a rep's next action and negotiation moves; None means 'wait for the next decision point'."""

    interactive: bool

    def next_action(self, view: RepView) -> Action | None: ...

    def prepare_negotiation(self, view: NegotiationView, account: str) -> Plan | None: ...

    def negotiation_move(self, view: NegotiationView, account: str) -> Move | None: ...


@dataclass
class QueueController:
    """A human rep: actions, plans and negotiation moves submitted through the interface, in order."""

    interactive: bool = True
    agenda: deque[Action] = field(default_factory=deque)
    plans: dict[str, Plan] = field(default_factory=dict)
    moves: dict[str, deque[Move]] = field(default_factory=dict)
    name: str = "you"

    def next_action(self, view: RepView) -> Action | None:
        return self.agenda.popleft() if self.agenda else None

    def prepare_negotiation(self, view: NegotiationView, account: str) -> Plan | None:
        return self.plans.pop(account, None)

    def negotiation_move(self, view: NegotiationView, account: str) -> Move | None:
        queue = self.moves.get(account)
        return queue.popleft() if queue else None


class RepView:
    """Read-only window on the world for one rep."""

    def __init__(self, world: World, rep_id: str) -> None:
        self._world = world
        self.rep_id = rep_id

    @property
    def now(self) -> float:
        return self._world.env.now

    @property
    def week(self) -> int:
        return self._world.clock.week_of(self.now)

    @property
    def clock(self):
        return self._world.clock

    @property
    def hours_left_week(self) -> float:
        return self._world.hours_left(self.rep_id)

    @property
    def profile(self) -> str:
        return self._world.reps[self.rep_id].profile

    def account_ids(self) -> list[str]:
        """Accounts this rep owns (open, clients and closed)."""
        return self._world.owned.get(self.rep_id, [])

    def changes(self) -> list[str]:
        """Accounts whose view may have changed since the last call, in `account_ids` order.

        For controllers that keep their own copies of views (see sim.strategies.book); calling
        it consumes the changes, so one controller per rep should use it.
        """
        return self._world.changes(self.rep_id)

    def account(self, account_id: str) -> AccountView:
        return self._world.account_view(self.rep_id, account_id)

    def accounts(self, statuses: tuple[str, ...] | None = None) -> list[AccountView]:
        """Views of this rep's accounts, only those with one of `statuses` when given (status is public)."""
        ids = self.account_ids()
        if statuses is not None:
            status = self._world.accounts
            ids = [a for a in ids if status[a].status in statuses]
        return [self.account(a) for a in ids]

    def options(self, account_id: str | None = None) -> list[ActionOption]:
        return self._world.options(self.rep_id, account_id)

    def history(self) -> list[dict]:
        """This rep's own actions and their visible results."""
        return self._world.history.get(self.rep_id, [])

    def cadence_hours(self, phase: int) -> float:
        """Expected contact cadence for a phase (public knowledge, from the effect tables)."""
        return self._world.tables.phase(phase).cadence_hours

    def action_hours(self, name: str) -> float:
        return self._world.tables.actions[name].hours

    def record_phase(self, account_id: str, phase: int) -> None:
        self._world.record_phase(self.rep_id, account_id, phase)

    def forecast(self, account_id: str, probability: float) -> None:
        self._world.record_forecast(self.rep_id, account_id, probability)

    def negotiation(self, account_id: str) -> NegotiationView | None:
        """The negotiation table at this account as this rep sees it, if one is open."""
        session = self._world.open_tables.get(account_id)
        return session.view("rep") if session is not None else None

    def addons(self) -> list[str]:
        """Services that can be cross-sold to clients."""
        return [s.id for s in self._world.scenario.catalog.services if s.kind == "addon"]

    def colleagues(self) -> list[str]:
        return [r for r in self._world.reps if r != self.rep_id]
