"""Strategies keep their own copies of views and are told what changed (sim.strategies.book).

The danger of such a cache is a change the world forgets to report: the strategy would act
on a stale view. These tests compare the book with freshly built views at every decision of
whole quarters, and check the due queue's ordering rules on a crafted sequence.
"""

from __future__ import annotations

import pytest

from sim.run import run
from sim.scenario.shipped import shipped_files
from sim.strategies import builtins
from sim.strategies.book import DueQueue

SHIPPED = {path.stem: path for path in shipped_files()}


class _Checked:
    """Wraps a strategy's sync: after it, every owned account's book view must equal a fresh one."""

    def __init__(self, monkeypatch) -> None:
        self.decisions = 0
        original = builtins.PhaseAware.sync

        def sync(policy, view):
            original(policy, view)
            self.decisions += 1
            world = view._world
            owned = world.owned.get(view.rep_id, [])
            assert list(policy.book.views) == owned, "the book lost the owned order"
            for account_id in owned:
                fresh = world._build_view(view.rep_id, world.accounts[account_id],
                                          view.account(account_id).introductions)
                cached = policy.book.views[account_id]
                stale = {f for f in fresh.__dict__ if f not in ("news_pending",) and getattr(fresh, f) != getattr(cached, f)}
                assert not stale, f"{view.rep_id}'s view of {account_id} at t={view.now} is stale in {sorted(stale)}"

        monkeypatch.setattr(builtins.PhaseAware, "sync", sync)


@pytest.mark.parametrize("name", sorted(SHIPPED))
@pytest.mark.parametrize("strategy", ["phase-aware", "spray", "farmer"])
def test_the_book_never_holds_a_stale_view(monkeypatch, name, strategy):
    from sim.scenario import load_scenario

    checked = _Checked(monkeypatch)
    run(load_scenario(SHIPPED[name]), seed=3, strategy=strategy, quarters=1)
    assert checked.decisions > 100


def test_due_queue_releases_by_time_and_hands_out_by_rank():
    queue = DueQueue()
    queue.put("late", 10.0, (1, "late"))
    queue.put("best", 5.0, (0, "best"))
    queue.put("worst", 1.0, (9, "worst"))
    assert queue.ready(0.5) == []
    assert queue.ready(5.0) == ["best", "worst"]  # both due: best rank first, not earliest due
    queue.put("best", 20.0, (0, "best"))  # acted on: due again later
    assert queue.ready(10.0) == ["late", "worst"]
    queue.discard("late")
    assert "late" not in queue
    assert queue.ready(30.0) == ["best", "worst"]


def test_due_queue_releases_a_hair_early_so_the_exact_test_decides():
    queue = DueQueue()
    due = 0.1 + 0.2  # 0.30000000000000004
    queue.put("a", due, (0, "a"))
    assert queue.ready(0.3) == ["a"]
