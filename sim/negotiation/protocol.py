"""The protocol: alternating rounds with a deadline; what each side may do on its turn.

A round is one move by the rep, then one by the buyer. The rep opens with its prepared
starting point. Negotiators see a read-only NegotiationView, never the Session. Time is
measured in rounds; the engine gives each round its calendar time.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from sim.negotiation.issues import Issue, Outcome
from sim.negotiation.preferences import Preferences

REP_MOVES = ("offer", "concede", "accept", "silence", "escalate", "walk_away")
BUYER_MOVES = ("offer", "accept", "walk_away")
DEFAULT_HAZARD = 0.05
"""Chance per round that the buyer's alternative closes first and the buyer leaves."""
SILENCE_WALK_CHANCE = 0.08
"""Chance that a buyer met with silence loses patience and takes its alternative."""


@dataclass(frozen=True)
class Move:
    kind: str
    offer: Outcome | None = None
    issue: str | None = None
    """For 'concede': the rep-side issue moved one step towards the buyer."""


@dataclass(frozen=True)
class Plan:
    """What the rep prepares before round 1: where to start, what would be ideal, when to walk."""

    start: Outcome
    ideal: Outcome
    batna: float


@dataclass(frozen=True)
class Step:
    round: int
    side: str
    kind: str
    offer: Outcome | None
    own_utility: float | None
    other_utility: float | None


@dataclass(frozen=True)
class NegotiationView:
    """What one side may see: its own preferences, the clock in rounds, the offers so far."""

    side: str
    issues: tuple[Issue, ...]
    preferences: Preferences
    round: int
    max_rounds: int
    history: tuple[tuple[int, str, str, Outcome | None], ...]
    """(round, side, move kind, offer) for every move so far."""
    standing: Outcome | None
    """The other side's latest offer, the one an 'accept' would take."""
    my_last: Outcome | None
    escalated: bool

    @property
    def time(self) -> float:
        """Fraction of the rounds used, 0 at the start, 1 at the deadline."""
        return min(1.0, self.round / self.max_rounds)

    def offers_by(self, side: str) -> list[Outcome]:
        return [offer for _, s, _, offer in self.history if s == side and offer is not None]


@dataclass
class Session:
    issues: tuple[Issue, ...]
    rep: Preferences
    buyer: Preferences
    max_rounds: int
    rng: np.random.Generator
    plan: Plan | None = None
    hazard: float = DEFAULT_HAZARD
    stall_hazard: float = 0.0
    """Chance per round that the buyer shelves the project altogether (no decision)."""
    round: int = 1
    history: list[Step] = field(default_factory=list)
    offers: dict[str, Outcome | None] = field(default_factory=lambda: {"rep": None, "buyer": None})
    ended: bool = False
    end_reason: str | None = None
    agreement: Outcome | None = None
    escalated: bool = False
    silences: int = 0

    def prepare(self, plan: Plan) -> None:
        if self.history:
            raise ValueError("the rep prepares before round 1")
        for outcome in (plan.start, plan.ideal):
            self._check_outcome(outcome)
        self.plan = plan

    def view(self, side: str) -> NegotiationView:
        other = "buyer" if side == "rep" else "rep"
        return NegotiationView(
            side=side, issues=self.issues, preferences=self.rep if side == "rep" else self.buyer,
            round=self.round, max_rounds=self.max_rounds,
            history=tuple((s.round, s.side, s.kind, s.offer) for s in self.history),
            standing=self.offers[other], my_last=self.offers[side], escalated=self.escalated,
        )

    def _check_outcome(self, outcome: Outcome) -> None:
        if len(outcome) != len(self.issues) or any(
                not (0 <= int(x) < issue.steps) for x, issue in zip(outcome, self.issues, strict=True)):
            raise ValueError(f"an offer gives each of the {len(self.issues)} issues a value index within its steps")

    def _record(self, side: str, kind: str, offer: Outcome | None) -> None:
        mine, theirs = (self.rep, self.buyer) if side == "rep" else (self.buyer, self.rep)
        self.history.append(Step(self.round, side, kind, offer,
                                 mine.utility(offer) if offer is not None else None,
                                 theirs.utility(offer) if offer is not None else None))

    def _end(self, reason: str, agreement: Outcome | None = None) -> None:
        self.ended, self.end_reason, self.agreement = True, reason, agreement

    def apply(self, side: str, move: Move) -> None:
        """Apply one move; raises ValueError for a move the protocol does not allow."""
        if self.ended:
            raise ValueError("the negotiation is over")
        allowed = REP_MOVES if side == "rep" else BUYER_MOVES
        if move.kind not in allowed:
            raise ValueError(f"{side} moves are {', '.join(allowed)}")
        other = "buyer" if side == "rep" else "rep"
        if move.kind == "accept":
            if self.offers[other] is None:
                raise ValueError("there is no offer to accept yet")
            self._record(side, "accept", self.offers[other])
            self._end("agreement", self.offers[other])
        elif move.kind == "walk_away":
            self._record(side, "walk_away", None)
            self._end("walk_away" if side == "rep" else "buyer_batna")
        elif move.kind in ("offer", "concede"):
            offer = move.offer if move.kind == "offer" else self._conceded(move.issue)
            if offer is None:
                raise ValueError("an offer needs a value for every issue")
            offer = tuple(int(x) for x in offer)
            self._check_outcome(offer)
            kind = self._kind_of(side, offer) if move.kind == "offer" else "concede"
            self.offers[side] = offer
            self._record(side, kind, offer)
        elif move.kind == "silence":
            self.silences += 1
            self._record(side, "silence", None)
        elif move.kind == "escalate":
            if self.escalated:
                raise ValueError("the manager plays the bad cop once per negotiation")
            self.escalated = True
            self._record(side, "escalate", None)
        if side == "buyer" and not self.ended:
            self.round += 1
            if self.round > self.max_rounds:
                self._end("deadline")

    @property
    def rounds_played(self) -> int:
        return self.history[-1].round if self.history else 0

    def competitor_closed(self) -> None:
        """The buyer's alternative closed first: the buyer leaves at the end of the round just played."""
        self.history.append(Step(self.round - 1, "buyer", "competitor_closed", None, None, None))
        self._end("buyer_batna")

    def shelved(self) -> None:
        """The buyer's organisation shelves the project: no decision."""
        self.history.append(Step(self.round - 1, "buyer", "shelved", None, None, None))
        self._end("no_decision")

    def _conceded(self, issue_id: str | None) -> Outcome:
        base = self.offers["rep"] or (self.plan.start if self.plan else None)
        if base is None:
            raise ValueError("make an offer before conceding on it")
        index = next((i for i, issue in enumerate(self.issues) if issue.id == issue_id and issue.side == "rep"), None)
        if index is None:
            raise ValueError("concede on one of your own issues (a concession the rep can make)")
        moved = list(base)
        if moved[index] >= self.issues[index].steps - 1:
            raise ValueError(f"{self.issues[index].name} is already at its most generous")
        moved[index] += 1
        return tuple(moved)

    def _kind_of(self, side: str, offer: Outcome) -> str:
        """'package' when an offer gives on one side and asks on the other ("X if you commit to Y")."""
        previous = self.offers[side]
        if previous is None:
            return "offer"
        gives = asks = False
        for issue, old, new in zip(self.issues, previous, offer, strict=True):
            if new == old:
                continue
            towards_buyer = (issue.side == "rep") == (new > old)
            if side == "rep":
                gives |= towards_buyer
                asks |= not towards_buyer
            else:
                gives |= not towards_buyer
                asks |= towards_buyer
        return "package" if gives and asks else "offer"
