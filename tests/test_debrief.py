"""The debrief (issue 5): one crafted situation per finding kind, a clean twin without it, ranking,
the belief timeline, and a saved log debriefed exactly like a live one."""

from __future__ import annotations

import numpy as np
import pytest
from sim_fixtures import do, engage, human_world, scenario

from sim import clients, closing
from sim.debrief import PRINCIPLES, Finding, belief_timeline, findings, phase_accuracy
from sim.interface import Action
from sim.log import read_jsonl
from sim.negotiation import Move, Plan
from sim.run import run
from sim.scenario import load_scenario

ALWAYS = [1.0, 1.0, 1.0, 1.0, 1.0]
IDEAL = (0, 0, 0, 0, 2, 2, 1, 1)
"""No concession, every commitment: the rep's ideal outcome on the built-in issues."""
PREPARED = Plan(IDEAL, IDEAL, 0.3)


def debrief(world, rep="you"):
    return findings(world.log.records, world.scenario, rep)


def of_kind(world, kind, rep="you"):
    return [f for f in debrief(world, rep) if f.kind == kind]


def one(world, kind, account, rep="you") -> Finding:
    """The single finding of `kind` on `account`, checked for the shape every finding must have."""
    found = [f for f in of_kind(world, kind, rep) if f.account == account]
    assert len(found) == 1, found
    f = found[0]
    assert f.rep == rep and f.cost > 0
    assert f.when == world.clock.label(f.t) and f.message.startswith(f.when + ": ")
    assert f.principle == PRINCIPLES[kind]
    assert f.evidence and all(record in world.log.records for record in f.evidence)
    return f


def records_of(world, kind, account=None):
    return [r for r in world.log if r["kind"] == kind and (account is None or r["account"] == account)]


# ---------------------------------------------------------------- inbound leads

LEADS = [{"id": "web", "name": "Web form", "leads_per_week": 3, "end_week": 1, "quality": {"hot": 1.0}}]


def _leads_world(answer_after: float | None):
    """Leads in week 1; each answered `answer_after` working hours after it arrives (None: never)."""
    world = human_world(scenario(campaigns=LEADS), seed=3)
    arrived = []
    while world.env.now < 2 * world.clock.week_hours:
        stop = world.advance("week")
        for reason in stop.reasons:
            if reason.startswith("lead:"):
                arrived.append((world.env.now, reason.split(":", 1)[1]))
        due = [lead for t, lead in arrived if answer_after is not None and world.env.now >= t + answer_after]
        for lead in due:
            world.submit(world.accounts[lead].owner, Action("call", lead))
            arrived = [(t, a) for t, a in arrived if a != lead]
    assert records_of(world, "lead_arrived")
    return world


def test_a_lead_answered_the_next_day_is_a_dated_slow_response_with_its_qualification_odds():
    world = human_world(scenario(campaigns=LEADS), seed=3)
    stop = world.advance("week")
    lead = next(r.split(":", 1)[1] for r in stop.reasons if r.startswith("lead:"))
    arrived = world.env.now
    world.advance(arrived + world.clock.hours_per_day)  # a working day later: 24 calendar hours
    world.submit(world.accounts[lead].owner, Action("call", lead))
    world.advance(world.env.now + 1)
    attempt = records_of(world, "contact_attempt", lead)[0]
    assert attempt["waited_calendar_hours"] >= 24
    f = one(world, "slow_lead_response", lead, rep=world.accounts[lead].owner)
    assert f.t == pytest.approx(arrived, abs=1e-3)
    assert f"waited {attempt['waited_calendar_hours']:.0f} h before first contact" in f.message
    assert "hot inbound lead" in f.message and "Web form" in f.message
    assert records_of(world, "lead_arrived", lead)[0] in f.evidence and attempt in f.evidence


def test_a_lead_never_called_is_a_finding_and_leads_answered_at_once_are_not():
    never = _leads_world(None)
    leads = records_of(never, "lead_arrived")
    found = of_kind(never, "slow_lead_response", leads[0]["rep"])
    assert found and all("never contacted" in f.message for f in found)
    prompt = _leads_world(0.0)
    assert all(r["waited_calendar_hours"] < 0.1 for r in records_of(prompt, "contact_attempt"))
    for rep in ("you", "ann"):
        assert not of_kind(prompt, "slow_lead_response", rep)


# ---------------------------------------------------------------- cadence


def test_neglect_beyond_the_cadence_is_one_finding_per_account():
    world = human_world()
    engage(world, "bolt")
    world.advance(world.clock.week_hours * 3 + 1)
    cooled = records_of(world, "account_cooled", "bolt")
    assert len(cooled) >= 2
    f = one(world, "broken_cadence", "bolt")
    assert f.t == cooled[0]["t"]
    assert f"Bolt went {len(cooled)} weeks past its contact cadence" in f.message and "16 h expected in phase 3" in f.message


def test_the_longest_silence_is_reported_with_the_phase_whose_cadence_it_broke():
    from dataclasses import replace

    world = human_world()
    tables = world.tables
    tables.phases[:] = [replace(p, stall_per_week=0.0, competitor_risk_per_week=0.0) for p in tables.phases]
    engage(world, "bolt")
    world.advance(world.clock.week_hours * 3 + 1)  # long silences in phase 3 (16 h cadence)
    do(world, "you", Action("follow_up", "bolt", person="bolt-ops"))
    bolt = world.accounts["bolt"]
    bolt.phase = 5  # the project moves on; a later, shorter silence breaks phase 5's 8 h cadence
    world.log.add(world.env.now, "phase_changed", None, "bolt", phase=5, cause="market", hidden=True)
    world.advance(world.env.now + world.clock.week_hours + 1)
    cooled = records_of(world, "account_cooled", "bolt")
    worst = max(cooled, key=lambda r: r["gap_hours"])
    assert worst["cadence_hours"] == 16 and cooled[-1]["cadence_hours"] == 8
    f = one(world, "broken_cadence", "bolt")
    assert "16 h expected in phase 3, interest in a solution" in f.message


def test_keeping_the_cadence_gives_no_cadence_finding():
    world = human_world()
    engage(world, "bolt")
    for _ in range(10):
        do(world, "you", Action("follow_up", "bolt", person="bolt-ops"))
        world.advance("day")
    assert not of_kind(world, "broken_cadence")


# ---------------------------------------------------------------- action-phase fit


def test_misfit_actions_are_grouped_per_account_naming_the_action_and_the_true_phase():
    world = human_world()
    engage(world, "acme", decider=True)
    do(world, "you", Action("proposal", "acme", person="acme-ceo"), Action("proposal", "acme", person="acme-ceo"))
    f = one(world, "misfit_action", "acme")
    assert "proposal at Acme, whose project was in phase 2 (need recognised); it fits phase(s) 5" in f.message
    assert "2 misfit actions" in f.message and len(f.evidence) == 2
    assert f.cost > 2 * 4 * world.scenario.targets.cost_per_hour  # the hours, plus the annoyance's toll


def test_the_right_action_for_the_phase_gives_no_misfit_finding():
    world = human_world()
    engage(world, "acme")
    do(world, "you", Action("meeting", "acme", person="acme-it"), Action("call", "acme", person="acme-it"))
    assert not of_kind(world, "misfit_action")


# ---------------------------------------------------------------- the decider


def _meetings(person):
    world = human_world(scenario(effects={"actions": {"meeting": {"advance": ALWAYS}}}))
    engage(world, "bolt", decider=False)
    world.accounts["bolt"].trust = 1.0
    do(world, "you", *[Action("meeting", "bolt", person=person)] * 4)
    return world


def test_time_with_a_non_decider_past_phase_3_is_a_finding():
    world = _meetings("bolt-ops")
    blocked = records_of(world, "decider_needed", "bolt")
    assert blocked
    f = one(world, "non_decider", "bolt")
    assert f"{len(blocked)} advance" in f.message and "past phase 3 blocked for want of the decider" in f.message
    assert "8.0 h spent in phase 3+ before reaching the decider" in f.message


def test_meeting_the_decider_gives_no_non_decider_finding():
    world = _meetings("bolt-ceo")
    assert records_of(world, "decider_reached", "bolt") and not records_of(world, "decider_needed")
    assert not of_kind(world, "non_decider")


# ---------------------------------------------------------------- give and take


def _signed(discount, **terms):
    world = human_world()
    account = world.accounts["acme"]
    engage(world, "acme", decider=True)
    closing.sign(world, world.reps["you"], account, {**closing.deal_terms(world, account, discount), **terms})
    return world


def test_a_discount_without_a_commitment_is_a_finding_costing_the_discount():
    world = _signed(0.1)
    won = records_of(world, "deal_won", "acme")[0]
    f = one(world, "unconditional_concession", "acme")
    assert "Acme signed with a 10% discount and no commitment in return" in f.message
    assert f.cost == pytest.approx(won["acv"] / 0.9 * 0.1, abs=0.01)


def test_a_discount_traded_for_a_longer_contract_is_not_a_finding():
    assert not of_kind(_signed(0.1, contract_months=36), "unconditional_concession")
    assert not of_kind(_signed(0.0), "unconditional_concession")


# ---------------------------------------------------------------- the negotiation table


@pytest.fixture
def no_table_risks(monkeypatch):
    """No competitor closing and no shelving between rounds: the test decides how the table ends."""
    from sim.negotiation import table

    monkeypatch.setattr(table, "COMPETITOR_HAZARD", 0.0)
    monkeypatch.setattr(table, "COMPETITOR_HAZARD_PRESSURE", 0.0)
    monkeypatch.setattr(table, "STALL_HAZARD", 0.0)


def _at_the_table():
    world = human_world(scenario(effects={"actions": {"proposal": {"hours": 1}}}))
    account = world.accounts["bolt"]
    engage(world, "bolt", decider=True)
    account.phase, account.trust = 5, 1.0
    for _ in range(20):
        world.submit("you", Action("proposal", "bolt", person="bolt-ceo"))
        world.advance(world.env.now + 5)
        if account.status == "negotiating":
            return world
    raise AssertionError("the proposal was never accepted")


def _negotiate(world, *moves, plan=PREPARED):
    if plan is not None:
        world.submit_plan("you", "bolt", plan)
    for move in moves:
        world.submit_move("you", "bolt", move)
    world.advance(world.env.now + 200)
    return records_of(world, "negotiation_ended", "bolt")[0]


def test_an_unprepared_negotiation_is_a_finding(no_table_risks):
    world = _at_the_table()
    ended = _negotiate(world, Move("walk_away"), plan=None)
    f = one(world, "unprepared_negotiation", "bolt")
    assert "without a prepared start, ideal or walk-away" in f.message and "walk away" in f.message
    assert ended in f.evidence


def test_a_prepared_negotiation_is_not_an_unprepared_finding(no_table_risks):
    world = _at_the_table()
    _negotiate(world, Move("walk_away"))
    assert records_of(world, "negotiation_prepared")[0]["prepared"] is True
    assert not of_kind(world, "unprepared_negotiation")


def test_concessions_made_without_asking_anything_back_are_a_finding(no_table_risks):
    world = _at_the_table()
    ended = _negotiate(world, Move("offer", IDEAL), *[Move("concede", issue="discount")] * 3, Move("walk_away"))
    assert ended["unconditional_concessions"] >= 1
    f = one(world, "unconditional_concession", "bolt")
    assert f"you made {ended['unconditional_concessions']} concession" in f.message
    assert "without asking anything back" in f.message


def test_a_deal_worth_less_than_walking_away_is_a_finding(no_table_risks):
    world = _at_the_table()
    giveaway = (5, 3, 3, 2, 0, 0, 0, 0)  # every concession, no commitment: the buyer's dream
    ended = _negotiate(world, Move("offer", giveaway), plan=Plan(giveaway, giveaway, 0.0))
    assert ended["agreement"] == list(giveaway) and ended["rep_utility"] < 0.25
    f = one(world, "below_batna", "bolt")
    assert f"worth {ended['rep_utility']:.2f} to us, below our walk-away of 0.25" in f.message
    assert "your stated walk-away was 0.00" in f.message
    assert one(world, "unconditional_concession", "bolt")  # 25 % off for no commitment, too


def test_an_agreement_inside_the_frontier_leaves_value_on_the_table():
    scn = scenario()
    base = [{"t": 0.0, "kind": "hidden_phase", "rep": "you", "account": "acme", "phase": 5, "status": "prospect",
             "hidden": True},
            {"t": 100.0, "kind": "negotiation_opened", "rep": "you", "account": "acme"}]
    ended = {"t": 148.0, "kind": "negotiation_ended", "rep": "you", "account": "acme", "end_reason": "agreement",
             "rounds": 3, "agreement": [1, 0, 0, 0, 1, 0, 0, 1], "rep_utility": 0.5, "buyer_utility": 0.4,
             "joint_value": 0.9, "value_left": 0.3, "share_claimed": 0.6, "concessions_given": 0.2,
             "commitments_obtained": 1.5, "give_take_balance": 1.3, "unconditional_concessions": 0,
             "first_offers": {"rep": None, "buyer": None}, "nash": [1, 0, 0, 0, 2, 1, 0, 1],
             "nash_utilities": [0.66, 0.54], "agreement_terms": None}
    f = [x for x in findings(base + [ended], scn, "you") if x.kind == "value_left_on_table"]
    assert len(f) == 1 and f[0].account == "acme" and f[0].cost > 0
    assert f[0].message.startswith("week 4, day 4, 13:00: the agreement with Acme left 0.30 of joint utility")
    efficient = {**ended, "value_left": 0.0}
    assert not [x for x in findings(base + [efficient], scn, "you") if x.kind == "value_left_on_table"]


# ---------------------------------------------------------------- new clients


def test_a_new_client_left_alone_and_handed_off_unbriefed_is_a_finding():
    world = _signed(0.0)
    world.advance(world.clock.week_hours * 3 + 1)
    neglected = [r for r in records_of(world, "client_neglected", "acme") if r["rep"] == "you"]
    assert neglected and records_of(world, "handoff", "acme")[0]["briefed"] is False
    f = one(world, "neglected_new_client", "acme")
    assert f"new client Acme: {len(neglected)} onboarding week" in f.message
    assert "handed to Ann without a briefing" in f.message


def test_a_new_client_reassured_and_handed_off_with_a_briefing_is_not_a_finding():
    world = _signed(0.0)
    do(world, "you", Action("internal_coordination"))
    for _ in range(3):
        do(world, "you", Action("client_checkin", "acme"))
        world.advance("week")
    assert records_of(world, "handoff", "acme")[0]["briefed"] is True
    assert not of_kind(world, "neglected_new_client")


# ---------------------------------------------------------------- news

NEWS = [{"id": "merger", "week": 1, "day": 2, "kind": "merger", "headline": "Acme merges with Zenith",
         "accounts": ["acme"], "effect": "freeze", "duration_weeks": 2, "reaction_hours": 8}]


def test_news_on_your_account_left_without_a_reaction_is_a_finding():
    world = human_world(scenario(events=NEWS))
    engage(world, "acme")
    world.advance("week")
    world.advance("week")
    f = one(world, "missed_news", "acme")
    assert f.when == "week 1, day 2, 10:00"
    assert 'news "Acme merges with Zenith" touched Acme; you did not react within 8.0 h' in f.message
    assert not of_kind(world, "missed_news", rep="ann")  # not Ann's account


def test_a_fast_reaction_to_news_is_not_a_finding():
    world = human_world(scenario(events=NEWS))
    engage(world, "acme")
    world.advance("week")
    do(world, "you", Action("news_reaction", "acme"))
    assert records_of(world, "news_reacted", "acme")
    assert not of_kind(world, "missed_news")


# ---------------------------------------------------------------- shared contacts


def _introduced(then: Action):
    world = human_world(scenario(effects={"actions": {"proposal": {"annoyance": 0.7}}}))
    for _ in range(10):
        do(world, "you", Action("introduction_request", "acme", via="ann"))
        if world.accounts["acme"].engaged:
            break
    do(world, "you", then)
    return world


def test_mistreating_a_colleague_s_contact_is_a_finding():
    world = _introduced(Action("proposal", "acme", person="acme-ceo"))
    f = one(world, "shared_contact_mistreated", "acme")
    assert "Acme, introduced by Ann" in f.message and "your colleague Ann" in f.message
    assert one(world, "misfit_action", "acme")  # the proposal to a phase-2 account did it


def test_treating_a_shared_contact_well_is_not_a_finding():
    world = _introduced(Action("meeting", "acme", person="acme-ceo"))
    assert world.accounts["acme"].engaged
    assert not of_kind(world, "shared_contact_mistreated")


# ---------------------------------------------------------------- churn


def _renewal(satisfaction, want):
    for seed in range(50):
        world = human_world(seed=seed)
        client = world.accounts["acme"]
        client.status, client.satisfaction, client.acv = "client", satisfaction, 30000.0
        client.rng = np.random.default_rng(seed)
        clients._renew(world, client)
        if client.status == want:
            return world
    raise AssertionError("no seed gave that renewal")


def test_a_client_that_churns_is_a_finding_costing_its_contract():
    world = _renewal(0.1, "churned")
    f = one(world, "churn", "acme")
    assert f.cost == pytest.approx(30000.0)
    assert "Acme did not renew (satisfaction 0.10), taking EUR 30,000 a year with it" in f.message


def test_a_client_that_renews_is_not_a_churn_finding():
    assert not of_kind(_renewal(0.9, "client"), "churn")


# ---------------------------------------------------------------- ranking, the belief timeline, saved logs


def test_findings_are_ranked_by_cost():
    world = _signed(0.2)  # a discount for nothing
    engage(world, "bolt")
    do(world, "you", Action("email", "bolt", person="bolt-ops"))  # a misfit: an email in phase 3
    world.advance(world.clock.week_hours * 3 + 1)  # onboarding neglect, hand-off unbriefed, bolt cooled
    found = debrief(world)
    assert {"unconditional_concession", "misfit_action", "neglected_new_client", "broken_cadence"} <= {
        f.kind for f in found}
    costs = [f.cost for f in found]
    assert costs == sorted(costs, reverse=True)
    assert found[0].kind == "unconditional_concession"  # 20 % of the contract beats an email's annoyance


def test_belief_timeline_sets_recorded_phases_against_the_truth():
    records = [
        {"t": 0.0, "kind": "hidden_phase", "rep": "you", "account": "acme", "phase": 2, "status": "prospect"},
        {"t": 0.0, "kind": "hidden_phase", "rep": "ann", "account": "bolt", "phase": 3, "status": "prospect"},
        {"t": 1.0, "kind": "phase_recorded", "rep": "you", "account": "acme", "recorded": 1, "true": 2},
        {"t": 2.0, "kind": "phase_changed", "rep": "you", "account": "acme", "phase": 3, "cause": "meeting"},
        {"t": 3.0, "kind": "phase_recorded", "rep": "ann", "account": "acme", "recorded": 4, "true": 3},
        {"t": 4.0, "kind": "phase_recorded", "rep": "you", "account": "acme", "recorded": 3, "true": 3},
        {"t": 5.0, "kind": "phase_recorded", "rep": "you", "account": "bolt", "recorded": 2, "true": 3},
        {"t": 6.0, "kind": "phase_changed", "rep": None, "account": "bolt", "phase": 1, "cause": "owners"},
    ]
    assert belief_timeline(records, "you") == {
        "acme": [(0.0, None, 2), (1.0, 1, 2), (2.0, 1, 3), (4.0, 3, 3)],
        "bolt": [(0.0, None, 3), (5.0, 2, 3), (6.0, 2, 1)],
    }
    assert phase_accuracy(records, "you") == pytest.approx(1 / 3)
    assert phase_accuracy(records, "ann") == 0.0
    assert phase_accuracy(records, "nobody") is None


def test_belief_timeline_of_an_engine_run_follows_the_log():
    world = human_world()
    engage(world, "acme")
    world.record_phase("you", "acme", 1)
    world.advance(2.0)
    world.accounts["acme"].phase = 3  # the truth moved unseen: the next recording logs it beside the belief
    world.record_phase("you", "acme", 3)
    timeline = belief_timeline(world.log.records, "you")
    assert timeline["acme"] == [(0.0, 1, 2), (2.0, 3, 3)]
    assert timeline["bolt"] == [(0.0, None, 3)]  # owned, never classified
    assert "ann" not in str(timeline) and phase_accuracy(world.log.records, "you") == 0.5


def test_a_played_quarter_debriefs_every_rep_and_a_saved_log_gives_the_same_findings():
    scn = load_scenario("scenarios/onboarding.toml")
    result = run(scn, 1)
    saved = read_jsonl(result.log.to_jsonl())
    total = 0
    for rep in scn.team.reps:
        found = findings(result.log.records, scn, rep.id)
        assert isinstance(found, list) and all(isinstance(f, Finding) for f in found)
        assert all(f.rep == rep.id and f.cost >= 0 and f.message.startswith(f.when) for f in found)
        assert [f.cost for f in found] == sorted((f.cost for f in found), reverse=True)
        assert findings(saved, scn, rep.id) == found
        assert belief_timeline(saved, rep.id) == belief_timeline(result.log.records, rep.id)
        total += len(found)
    assert total > 0
