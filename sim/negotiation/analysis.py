"""After a negotiation: where the deal sits against what was possible.

Both sides' utilities over the whole outcome space give the Pareto frontier and the Nash
bargaining point (the outcome maximising the product of gains over the BATNAs). An
agreement is then measured by its joint value, the value left on the table (the best joint
value among outcomes at least as good for both), the share of the surplus the rep claimed,
and the give-and-take balance: concessions given against commitments obtained.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.negotiation.issues import Issue, Outcome, outcome_space
from sim.negotiation.preferences import Preferences
from sim.negotiation.protocol import Step


@dataclass(frozen=True)
class Analysis:
    end_reason: str
    rounds: int
    agreement: Outcome | None
    rep_utility: float | None
    buyer_utility: float | None
    joint_value: float | None
    value_left: float | None
    """Joint utility an outcome better for both would have added (0 on the frontier)."""
    share_claimed: float | None
    """The rep's part of the surplus over both BATNAs, 0-1."""
    concessions_given: float | None
    """Sum over the rep's issues of how far they moved towards the buyer (0-1 each)."""
    commitments_obtained: float | None
    """Sum over the buyer's issues of how far the buyer committed (0-1 each)."""
    unconditional_concessions: int
    """Concessions made without asking anything back in the same offer."""
    first_offers: dict[str, Outcome | None]
    nash: Outcome | None
    """None when no outcome beats both BATNAs (no zone of agreement)."""
    nash_utilities: tuple[float, float] | None
    frontier: tuple[tuple[float, float], ...]
    """(rep utility, buyer utility) of each Pareto-optimal outcome, best for the rep first."""

    @property
    def give_take_balance(self) -> float | None:
        """Commitments obtained minus concessions given, in issue units (above 0: a good trade)."""
        if self.concessions_given is None:
            return None
        return round(self.commitments_obtained - self.concessions_given, 4)

    def as_dict(self) -> dict:
        return {
            "end_reason": self.end_reason, "rounds": self.rounds,
            "agreement": list(self.agreement) if self.agreement else None,
            "rep_utility": self.rep_utility, "buyer_utility": self.buyer_utility,
            "joint_value": self.joint_value, "value_left": self.value_left, "share_claimed": self.share_claimed,
            "concessions_given": self.concessions_given, "commitments_obtained": self.commitments_obtained,
            "give_take_balance": self.give_take_balance, "unconditional_concessions": self.unconditional_concessions,
            "first_offers": {k: list(v) if v else None for k, v in self.first_offers.items()},
            "nash": list(self.nash) if self.nash is not None else None,
            "nash_utilities": list(self.nash_utilities) if self.nash_utilities is not None else None,
        }


def pareto_mask(u_rep: np.ndarray, u_buyer: np.ndarray) -> np.ndarray:
    """True for outcomes no other outcome beats on one side without losing on the other."""
    order = np.lexsort((-u_buyer, -u_rep))
    ordered = u_buyer[order]
    best_before = np.concatenate(([-np.inf], np.maximum.accumulate(ordered)[:-1]))
    mask = np.zeros(len(u_rep), dtype=bool)
    mask[order] = ordered > best_before + 1e-12
    return mask


def pareto_mask_grouped(groups: tuple[np.ndarray, np.ndarray], u_buyer: np.ndarray) -> np.ndarray:
    """`pareto_mask` for a rep whose outcome order was worked out once (`rep_groups`): the same mask.

    In `pareto_mask`'s order only the first outcome of each group of equal rep utility can be
    on the frontier (the group's best for the buyer, lowest index among equals), and only if it
    beats every outcome of the groups before. The rep's preferences are the same at every
    table, so sorting by them once per run leaves a per-group maximum at each table.
    """
    order, starts = groups
    ordered = u_buyer[order]
    best = np.maximum.reduceat(ordered, starts)
    before = np.concatenate(([-np.inf], np.maximum.accumulate(best)[:-1]))
    group = np.repeat(np.arange(len(starts)), np.diff(np.append(starts, len(order))))
    is_best = ordered == best[group]
    first = np.flatnonzero(is_best)
    first = first[np.concatenate(([True], group[first][1:] != group[first][:-1]))]
    mask = np.zeros(len(order), dtype=bool)
    winners = first[best > before + 1e-12]
    mask[order[winners]] = True
    return mask


def rep_groups(u_rep: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Outcomes by falling rep utility (ties by index) and where each group of equal utility starts."""
    order = np.argsort(-u_rep, kind="stable")
    ordered = u_rep[order]
    starts = np.flatnonzero(np.concatenate(([True], ordered[1:] != ordered[:-1])))
    return order, starts


_GROUPS: dict[tuple, tuple[np.ndarray, np.ndarray]] = {}


def _rep_groups(rep: Preferences, u_rep: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    key = (rep.issues, rep.weights)
    if key not in _GROUPS:
        if len(_GROUPS) > 64:
            _GROUPS.clear()
        _GROUPS[key] = rep_groups(u_rep)
    return _GROUPS[key]


def nash_point(space: np.ndarray, u_rep: np.ndarray, u_buyer: np.ndarray, d_rep: float, d_buyer: float) -> int | None:
    """The outcome maximising the product of both gains over the BATNAs; None when no outcome beats both."""
    gains = np.clip(u_rep - d_rep, 0, None) * np.clip(u_buyer - d_buyer, 0, None)
    best = int(np.argmax(gains))
    return best if gains[best] > 0 else None


def analyse(issues: tuple[Issue, ...], rep: Preferences, buyer: Preferences, history: list[Step],
            end_reason: str, rounds: int, agreement: Outcome | None) -> Analysis:
    space = outcome_space(issues)
    u_rep, u_buyer = rep.space_utilities(), buyer.space_utilities()
    mask = pareto_mask_grouped(_rep_groups(rep, u_rep), u_buyer)
    frontier = sorted(zip(u_rep[mask].round(4).tolist(), u_buyer[mask].round(4).tolist(), strict=True), reverse=True)
    nash = nash_point(space, u_rep, u_buyer, rep.batna, buyer.batna)
    first = {side: next((s.offer for s in history if s.side == side and s.offer is not None), None) for side in ("rep", "buyer")}
    unconditional = _unconditional(issues, history)
    if agreement is None:
        return Analysis(end_reason, rounds, None, None, None, None, None, None, None, None, unconditional, first,
                        *_nash(space, u_rep, u_buyer, nash), tuple(frontier))
    ur, ub = rep.utility(agreement), buyer.utility(agreement)
    better = (u_rep >= ur - 1e-12) & (u_buyer >= ub - 1e-12)
    left = float((u_rep + u_buyer)[better].max() - (ur + ub))
    surplus_rep, surplus_buyer = max(0.0, ur - rep.batna), max(0.0, ub - buyer.batna)
    share = surplus_rep / (surplus_rep + surplus_buyer) if surplus_rep + surplus_buyer > 0 else 0.5
    given = sum(index / (issue.steps - 1) for issue, index in zip(issues, agreement, strict=True) if issue.side == "rep")
    obtained = sum(index / (issue.steps - 1) for issue, index in zip(issues, agreement, strict=True) if issue.side == "buyer")
    return Analysis(end_reason, rounds, tuple(agreement), round(ur, 4), round(ub, 4), round(ur + ub, 4),
                    round(max(0.0, left), 4), round(share, 4), round(given, 4), round(obtained, 4), unconditional, first,
                    *_nash(space, u_rep, u_buyer, nash), tuple(frontier))


def _nash(space: np.ndarray, u_rep: np.ndarray, u_buyer: np.ndarray, index: int | None) -> tuple:
    if index is None:
        return None, None
    return tuple(int(x) for x in space[index]), (round(float(u_rep[index]), 4), round(float(u_buyer[index]), 4))


def _unconditional(issues: tuple[Issue, ...], history: list[Step]) -> int:
    """Rep offers that gave a concession without asking for any commitment: an opening that already
    concedes, or a later offer that moves a concession towards the buyer and asks nothing more."""
    count = 0
    previous = None
    for step in history:
        if step.side != "rep" or step.kind not in ("offer", "package", "concede") or step.offer is None:
            continue
        pairs = list(zip(issues, previous or (0,) * len(issues), step.offer, strict=True))
        gives = any(new > old for issue, old, new in pairs if issue.side == "rep")
        asks = previous is not None and any(new > old for issue, old, new in pairs if issue.side == "buyer")
        count += gives and not asks
        previous = step.offer
    return count
