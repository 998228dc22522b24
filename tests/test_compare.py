"""The same-seed comparison: every built-in strategy on the trainee's exact quarter."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pytest

from sim import scores
from sim.compare import same_seed, standing
from sim.run import run
from sim.scenario import load_scenario
from sim.strategies import BUILTINS

ROOT = Path(__file__).resolve().parents[1]


@lru_cache(maxsize=1)
def onboarding():
    return load_scenario(ROOT / "scenarios" / "onboarding.toml")


@lru_cache(maxsize=1)
def trainee():
    """Stand-in for the trainee's quarter: a slow phase-aware in the 'you' seat."""
    return run(onboarding(), 2, seats={"you": "phase-aware:cadence=2,manager=false"})


def test_same_seed_gives_one_row_per_built_in_plus_the_trainee_best_first():
    result = trainee()
    rows = same_seed(onboarding(), 2, "you", result.overall["reps"]["you"])
    assert len(rows) == len(BUILTINS) + 1
    assert sorted(r["strategy"] for r in rows if not r["you"]) == sorted(BUILTINS)
    mine = [r for r in rows if r["you"]]
    assert len(mine) == 1 and mine[0]["strategy"] == "you"
    assert mine[0]["revenue"] == result.overall["reps"]["you"]["revenue"]
    revenues = [r["revenue"] for r in rows]
    assert revenues == sorted(revenues, reverse=True)
    assert set(rows[0]) == {"strategy", "revenue", "quota_attainment", "overall", "you"}
    # each row is that strategy's own run on this seed
    closer = run(onboarding(), 2, seats={"you": "closer"}).overall
    row = next(r for r in rows if r["strategy"] == "closer")
    assert row["revenue"] == closer["reps"]["you"]["revenue"]
    assert row["overall"] == closer["scores"]["you"]["overall"]


def test_same_seed_is_deterministic_and_takes_any_form_of_the_result():
    result = trainee()
    first = same_seed(onboarding(), 2, "you", result)
    assert first == same_seed(onboarding(), 2, "you", result)
    mine = next(r for r in first if r["you"])
    assert mine["overall"] == result.overall["scores"]["you"]["overall"]
    rep_score = scores.score(result.log.records, onboarding())["you"]
    from_score = same_seed(onboarding(), 2, "you", rep_score, strategies=["phase-aware"])
    mine_too = next(r for r in from_score if r["you"])
    assert mine_too["quota_attainment"] == rep_score.quota_attainment
    assert mine_too["revenue"] == pytest.approx(mine["revenue"], abs=0.0001 * 28000)


def test_same_seed_refuses_an_unknown_rep_or_an_empty_result():
    with pytest.raises(ValueError, match="no rep 'nobody'"):
        same_seed(onboarding(), 1, "nobody", {"revenue": 1.0})
    with pytest.raises(ValueError, match="revenue or a quota attainment"):
        same_seed(onboarding(), 1, "you", {"overall": 3.0}, strategies=[])


def _rows(mine, *others):
    rows = [{"strategy": f"s{i}", "revenue": r, "quota_attainment": None, "overall": None, "you": False}
            for i, r in enumerate(others)]
    return rows + [{"strategy": "you", "revenue": mine, "quota_attainment": None, "overall": None, "you": True}]


def test_standing_says_how_many_built_ins_the_trainee_beat():
    assert standing(_rows(10, 1, 2, 3, 20, 30)) == "you beat 3 of 5 built-in strategies on revenue"
    assert standing(_rows(10, 10, 2)) == "you beat 1 of 2 built-in strategies on revenue (tied with 1)"
    assert standing(_rows(0, 5)) == "you beat 0 of 1 built-in strategy on revenue"
    rows = same_seed(onboarding(), 2, "you", trainee())
    text = standing(rows)
    beaten = sum(1 for r in rows if not r["you"] and r["revenue"] < next(x for x in rows if x["you"])["revenue"])
    assert text.startswith(f"you beat {beaten} of {len(BUILTINS)} built-in strategies")
    with pytest.raises(ValueError, match="trainee"):
        standing(_rows(1, 2)[:-1])


def test_same_seed_reports_progress_after_each_strategys_quarter():
    calls = []
    rows = same_seed(onboarding(), 2, "you", trainee(), strategies=["phase-aware", "spray"],
                     progress=lambda done, total: calls.append((done, total, len(calls))))
    assert [(d, t) for d, t, _ in calls] == [(1, 2), (2, 2)] and len(rows) == 3
