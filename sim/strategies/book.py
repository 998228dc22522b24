"""A strategy's own copies of its accounts' views, and queues of what falls due when.

Why: a strategy asks "what should I do now?" thousands of times a quarter. Re-reading all of
its ~50 accounts each time cost more than the rest of the model together, so strategies keep
their views and refresh only the accounts the world reports as changed (`RepView.changes`),
and keep time-driven work (contact cadence, retries) in queues ordered by when it falls due.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from heapq import heappop, heappush
from typing import Any

from sim.interface import AccountView, RepView

EARLY = 1e-6
"""Queues release an account this early; the strategy's exact test then decides (no rounding drift)."""


class Book:
    """The views of the accounts a rep owns, in the order the rep acquired them."""

    def __init__(self) -> None:
        self.views: dict[str, AccountView] = {}
        self.order: dict[str, int] = {}
        self._next = 0

    def refresh(self, view: RepView) -> list[tuple[str, AccountView | None]]:
        """Re-read the accounts that changed; (id, view) for each, view None when no longer owned."""
        changed: list[tuple[str, AccountView | None]] = []
        for account_id in view.changes():
            account = view.account(account_id)
            if account.owner != view.rep_id:
                if self.views.pop(account_id, None) is not None:
                    changed.append((account_id, None))
                continue
            if account_id not in self.views:
                self._next += 1
                self.order[account_id] = self._next
            self.views[account_id] = account
            changed.append((account_id, account))
        return changed

    def in_order(self, ids) -> list[str]:
        order = self.order
        return sorted(ids, key=order.__getitem__)


class DueQueue:
    """Accounts that become actionable at a known time, handed out best-ranked first once due."""

    def __init__(self) -> None:
        self._heap: list[tuple[float, str]] = []
        self._due_at: dict[str, float] = {}
        self._rank: dict[str, Any] = {}
        self._ready: list[tuple[Any, str]] = []
        self._is_ready: set[str] = set()

    def __contains__(self, account_id: str) -> bool:
        return account_id in self._due_at

    def put(self, account_id: str, due_at: float, rank: Any) -> None:
        self.discard(account_id)
        self._due_at[account_id] = due_at
        self._rank[account_id] = rank
        heappush(self._heap, (due_at, account_id))

    def discard(self, account_id: str) -> None:
        if account_id not in self._due_at:
            return
        del self._due_at[account_id]
        rank = self._rank.pop(account_id)
        if account_id in self._is_ready:
            self._is_ready.remove(account_id)
            del self._ready[bisect_left(self._ready, (rank, account_id))]

    def ready(self, now: float) -> list[str]:
        """Ids due by `now` (and a hair before), best rank first."""
        heap = self._heap
        while heap and heap[0][0] <= now + EARLY:
            due_at, account_id = heappop(heap)
            if self._due_at.get(account_id) == due_at and account_id not in self._is_ready:
                self._is_ready.add(account_id)
                insort(self._ready, (self._rank[account_id], account_id))
        return [account_id for _, account_id in self._ready]
