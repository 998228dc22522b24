"""Long runs: a 20-quarter campaign keeps its books every week, and memory grows only with what it must keep.

Both are `slow` (about a minute together): `pytest -m slow tests/test_soak.py`.
"""

from __future__ import annotations

import gc
import tracemalloc

import pytest
from conftest import VALID_TEXT

from sim.run import run, with_quarters
from sim.scenario import load_scenario, load_text
from sim.scenario.shipped import resolve, shipped_files
from sim.world import World

QUARTERS = 20


def campaigns():
    yield "starter", load_text(VALID_TEXT, "starter.toml")
    for path in shipped_files():
        yield path.stem, load_scenario(path)


@pytest.mark.slow
@pytest.mark.parametrize("name", ["starter", *[p.stem for p in shipped_files()]])
def test_a_twenty_quarter_campaign_keeps_its_books_every_week(name):
    scenario = dict(campaigns())[name]
    result = run(scenario, 2026, quarters=QUARTERS)
    world = result.world
    assert world.invariants is not None  # tests/conftest.py: DEALCRAFT_CHECK=1
    assert world.invariants.checks == scenario.calendar.weeks * QUARTERS + 1
    assert len(result.quarters) == QUARTERS
    # the quarters add up to the campaign: money is neither lost nor counted twice across quarter ends
    by_quarter = sum(q["team"]["revenue"] for q in result.quarters)
    assert by_quarter == pytest.approx(result.overall["team"]["revenue"], abs=0.05)
    won = sum(q["team"]["won"] for q in result.quarters)
    assert won == result.overall["team"]["won"] == len(result.log.of_kind("deal_won"))
    counts = world.invariants.lead_counts()
    assert counts["arrived"] == len(result.log.of_kind("lead_arrived"))


def _deep_size(records: list[dict]) -> int:
    import sys

    seen: set[int] = set()

    def size(obj) -> int:
        if id(obj) in seen:
            return 0
        seen.add(id(obj))
        n = sys.getsizeof(obj)
        if isinstance(obj, dict):
            n += sum(size(k) + size(v) for k, v in obj.items())
        elif isinstance(obj, list | tuple | set):
            n += sum(size(v) for v in obj)
        return n

    return size(records)


@pytest.mark.slow
def test_memory_grows_with_the_event_log_not_with_the_number_of_quarters():
    """Traced memory after 5 and after 20 quarters of one campaign.

    What a campaign must keep grows with what happened: the event log (the record of play, which
    scores, debrief and replay read), the accounts that arrived, their signals and the reps'
    histories. All of these grow with the number of events, so the bound is per event: the 15
    later quarters may cost no more per new log record than the first 5 did (fixed costs included
    there), and the growth is at most 4 × the deep size of the new log records themselves (the
    log is ~40 % of it; accounts, signals and histories the rest). A leak — a cache keyed by
    time, views never dropped, a list of every past state — breaks the first bound as quarters add up.
    """
    scenario = with_quarters(load_scenario(resolve("onboarding")), QUARTERS)
    gc.collect()
    tracemalloc.start()
    try:
        base = tracemalloc.get_traced_memory()[0]
        world = World(scenario, 11)
        seen = {}
        for quarter in range(1, QUARTERS + 1):
            end = quarter * world.quarter_end
            while world.env.now < end:  # news stops `advance` early: go on to the quarter's end
                world.advance(end)
            if quarter in (5, QUARTERS):
                gc.collect()
                seen[quarter] = (tracemalloc.get_traced_memory()[0] - base, len(world.log.records),
                                 _deep_size(world.log.records))
    finally:
        tracemalloc.stop()
    (mem5, records5, log5), (mem20, records20, log20) = seen[5], seen[QUARTERS]
    assert world.finished and records20 > 3 * records5  # the campaign kept happening
    per_record_early = mem5 / records5
    per_record_late = (mem20 - mem5) / (records20 - records5)
    assert per_record_late <= per_record_early, (per_record_early, per_record_late)
    assert mem20 - mem5 <= 4 * (log20 - log5), (mem20 - mem5, log20 - log5)
