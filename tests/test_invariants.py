"""Accounting invariants (sim/invariants.py): each rule catches a crafted break, naming rule, week and ids.

Every World built in the tests is checked every simulated week (tests/conftest.py sets
DEALCRAFT_CHECK=1); here each rule is shown to fire on purpose, in the week it is broken.
"""

from __future__ import annotations

import re

import pytest
from sim_fixtures import engage, human_world, scenario

from sim import closing
from sim.interface import Action
from sim.invariants import ENV_FLAG, InvariantError, Invariants
from sim.run import run
from sim.scenario import load_scenario
from sim.scenario.shipped import resolve
from sim.world import World


def signed_world():
    world = human_world()
    account = world.accounts["acme"]
    engage(world, "acme", decider=True)
    closing.sign(world, world.reps["you"], account, closing.deal_terms(world, account, 0.1))
    return world


def broken(world: World, hours: float | None = None) -> InvariantError:
    """Play on (through the trainee's decision points) until the next weekly check has run."""
    target = world.env.now + (hours if hours is not None else world.clock.week_hours + 1)
    with pytest.raises(InvariantError) as caught:
        while world.env.now < target:
            world.advance(target)
    return caught.value


def test_the_checks_run_every_week_in_tests_and_pass_on_a_played_quarter():
    result = run(load_scenario(resolve("inbound-software")), 3)
    checker = result.world.invariants
    assert isinstance(checker, Invariants)
    assert checker.checks == result.scenario.calendar.weeks + 1
    counts = checker.lead_counts()
    assert counts["arrived"] == len(result.log.of_kind("lead_arrived")) > 0
    assert counts["answered"] + counts["lost"] + counts["pending"] == counts["arrived"]


def test_the_flag_turns_the_checks_on_and_off(monkeypatch):
    scn = scenario()
    assert World(scn, 1, check_invariants=False).invariants is None
    monkeypatch.setenv(ENV_FLAG, "0")
    assert World(scn, 1).invariants is None
    assert World(scn, 1, check_invariants=True).invariants is not None
    monkeypatch.setenv(ENV_FLAG, "1")
    assert World(scn, 1).invariants is not None


def test_money_a_contract_value_that_differs_from_the_deal_terms():
    world = signed_world()
    won = world.log.of_kind("deal_won")[0]
    world.accounts["acme"].acv += 500.0
    error = broken(world)
    assert (error.rule, error.week, error.ids) == ("money", 1, ["acme"])
    assert f"{won['acv'] + 500:.2f}" in str(error) and f"{won['acv']:.2f}" in str(error)
    assert str(error).startswith("invariant 'money' broken in week 1 (t=0 h) [acme]")


def test_money_services_held_that_no_record_sold():
    world = signed_world()
    world.accounts["acme"].sold.append("extra")
    error = broken(world)
    assert error.rule == "money" and error.ids == ["acme"] and "extra" in error.detail


def test_state_a_status_its_history_does_not_lead_to():
    world = human_world()
    world.accounts["bolt"].status = "client"
    world.accounts["bolt"].client_since = 0.0
    error = broken(world)
    assert (error.rule, error.ids) == ("state", ["bolt"])
    assert "status is client but its recorded history leads to prospect" in error.detail


def test_state_a_closed_account_cannot_be_reopened_by_a_late_proposal():
    """The bug the invariants found: a proposal finished after the account was lost reopened it."""
    world = human_world()
    account = world.accounts["bolt"]
    engage(world, "bolt", decider=True)
    account.phase = 5
    closing.close_lost(world, account, "lost", "a competitor took it")
    answer = closing.proposal(world, world.reps["you"], account, Action("proposal", "bolt"), 1.0,
                              {"action": "proposal"})
    assert answer.startswith("too late") and account.status == "lost"
    world.advance("week")  # and the books still agree


def test_state_an_account_in_two_books():
    world = human_world()
    world.owned["ann"].append("acme")
    error = broken(world)
    assert error.rule == "state" and error.ids == ["acme"] and "both you and ann" in error.detail


def test_hours_a_rep_above_its_week():
    world = human_world()
    rep = world.reps["you"]
    rep.hours_used_week = rep.hours_per_week + 3
    error = broken(world, 1.0)
    assert (error.rule, error.ids) == ("hours", ["you"]) and "above its 40" in error.detail


def test_capacity_more_than_ever_existed():
    catalog = {"services": [{"id": "core", "name": "Racks", "price": 50000, "margin": 0.4, "capacity_use": 10}]}
    world = human_world(scenario(catalog=catalog, capacity={"name": "floor", "unit": "racks", "total": 15}))
    world.capacity.put(100)
    error = broken(world)
    assert (error.rule, error.ids) == ("capacity", ["floor"]) and "above the 15" in error.detail


def test_leads_a_lead_counted_but_never_recorded():
    campaign = [{"id": "web", "name": "Web", "leads_per_week": 40}]
    world = human_world(scenario(campaigns=campaign))
    world.advance(world.clock.week_hours - 1)
    arrived = len(world.log.of_kind("lead_arrived"))
    assert arrived > 0
    world.lead_counter += 1
    error = broken(world)
    counted, recorded = map(int, re.match(r"(\d+) new prospects counted, (\d+) lead arrivals", error.detail).groups())
    assert error.rule == "leads" and counted == recorded + 1 and recorded >= arrived


def test_leads_a_lead_recorded_but_not_in_the_territory():
    campaign = [{"id": "web", "name": "Web", "leads_per_week": 40}]
    world = human_world(scenario(campaigns=campaign))
    world.advance(world.clock.week_hours - 1)
    lead = world.log.of_kind("lead_arrived")[0]["account"]
    world.accounts[lead].source = "territory"
    error = broken(world)
    assert (error.rule, error.ids) == ("leads", [lead])


def test_log_time_never_goes_backwards():
    world = human_world()
    world.advance(10.0)
    world.log.add(10.0, "action", "you", "acme")
    world.log.add(3.0, "action", "you", "acme")
    error = broken(world)
    assert error.rule == "log" and "comes after" in error.detail


def test_the_error_survives_simpy_and_keeps_its_fields():
    world = signed_world()
    world.accounts["acme"].acv = -1.0
    error = broken(world)
    assert isinstance(error, AssertionError) and error.rule == "money" and error.week == 1 and error.t == 0.0


def test_hours_two_reps_waiting_for_the_manager_cannot_overdraw_its_hours():
    team = {"manager": {"hours_per_week": 1.5, "team_meeting": False},
            "reps": [{"id": "you", "name": "You"}, {"id": "ann", "name": "Ann"}]}
    world = human_world(scenario(team=team, effects={"actions": {"accompanied_meeting": {"hours": 1.0}}}))
    for rep, account in (("you", "acme"), ("ann", "bolt")):
        world.submit(rep, Action("accompanied_meeting", account))
    target = world.env.now + world.clock.week_hours + 1
    while world.env.now < target:  # the weekly check would raise InvariantError('hours') on an overdraw
        world.advance(target)
    assert world.manager_hours_left >= 0
