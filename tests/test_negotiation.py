"""Negotiation: utilities, frontier and Nash point by hand; tactics; the protocol; the engine's table."""

from __future__ import annotations

import numpy as np
import pytest
from sim_fixtures import engage, human_world, scenario

from sim import closing
from sim.interface import Action
from sim.negotiation import (
    DEFAULT_ISSUES,
    Issue,
    Move,
    Negotiator,
    Plan,
    Preferences,
    Session,
    TimeDependent,
    analyse,
    negotiate,
    outcome_space,
    random_weights,
)
from sim.negotiation.analysis import nash_point, pareto_mask
from sim.negotiation.table import terms_from

GIVE = Issue("service", "Extra service", "rep", 0, 1, 2)
TAKE = Issue("term", "Longer term", "buyer", 0, 1, 2)
TWO = (GIVE, TAKE)


def prefs(side, weights, batna=0.0, issues=TWO):
    return Preferences(issues, weights, side, batna=batna)


def test_linear_additive_utilities_by_hand():
    rep, buyer = prefs("rep", (0.25, 0.75)), prefs("buyer", (0.75, 0.25))
    # (service given?, term committed?)
    assert rep.utility((0, 0)) == pytest.approx(0.25)
    assert rep.utility((1, 1)) == pytest.approx(0.75)
    assert rep.utility((0, 1)) == pytest.approx(1.0)
    assert buyer.utility((1, 0)) == pytest.approx(1.0)
    assert buyer.utility((1, 1)) == pytest.approx(0.75)
    assert buyer.utility((0, 0)) == pytest.approx(0.25)


def test_weights_are_normalised_and_validated():
    assert prefs("rep", (1, 3)).utility((1, 1)) == pytest.approx(0.75)
    with pytest.raises(ValueError):
        prefs("rep", (0, 0))
    with pytest.raises(ValueError):
        prefs("seller", (1, 1))


def test_pareto_frontier_and_nash_point_by_hand():
    rep, buyer = prefs("rep", (0.25, 0.75)), prefs("buyer", (0.75, 0.25))
    space = outcome_space(TWO)
    u_r, u_b = rep.utilities(space), buyer.utilities(space)
    frontier = {tuple(o) for o in space[pareto_mask(u_r, u_b)]}
    assert frontier == {(0, 1), (1, 1), (1, 0)}  # (0, 0) is dominated by the trade (1, 1)
    assert tuple(space[nash_point(space, u_r, u_b, 0.0, 0.0)]) == (1, 1)
    # the Nash point maximises the product of gains over the BATNAs
    assert tuple(space[nash_point(space, u_r, u_b, 0.5, 0.0)]) in {(1, 1), (0, 1)}


def test_analysis_of_an_agreement_by_hand():
    rep, buyer = prefs("rep", (0.25, 0.75), batna=0.2), prefs("buyer", (0.75, 0.25), batna=0.2)
    result = analyse(TWO, rep, buyer, [], "agreement", 3, (0, 0))
    assert result.joint_value == pytest.approx(0.5)
    assert result.value_left == pytest.approx(1.0)  # (1, 1) gives both 0.75
    assert result.share_claimed == pytest.approx(0.5)
    assert result.concessions_given == 0 and result.commitments_obtained == 0
    trade = analyse(TWO, rep, buyer, [], "agreement", 3, (1, 1))
    assert trade.value_left == pytest.approx(0.0)
    assert trade.give_take_balance == pytest.approx(0.0)


def test_a_package_creates_more_joint_value_than_conceding_one_issue_at_a_time():
    issues = (Issue("discount", "Discount", "rep", 0, 20, 5, "%"), Issue("support", "Support", "rep", 0, 4, 5),
              Issue("term", "Term", "buyer", 12, 36, 5, "months"), Issue("volume", "Volume", "buyer", 1, 2, 5))
    rep = Preferences(issues, (0.1, 0.1, 0.4, 0.4), "rep", batna=0.3)
    buyer = Preferences(issues, (0.4, 0.4, 0.1, 0.1), "buyer", batna=0.3)

    class ConcedeOnly(Negotiator):
        """Gives one step of discount or support each round, asks nothing back."""

        def target(self, view, time):
            return 1.0

        def respond(self, view):
            if view.my_last is None:
                return Move("offer", (0, 0, 0, 0))
            if view.standing is not None and view.preferences.utility(view.standing) >= view.preferences.batna + 0.4:
                return Move("accept")
            issue = "discount" if view.my_last[0] <= view.my_last[1] else "support"
            return Move("concede", issue=issue)

    joint = {}
    for name, tactic in (("concessions", ConcedeOnly()), ("packages", TimeDependent(1.0))):
        result = negotiate(rep, buyer, tactic, TimeDependent(1.0), issues=issues, max_rounds=10, seed=3, hazard=0.0)
        assert result.end_reason == "agreement", name
        joint[name] = result.analysis.joint_value
    assert joint["packages"] > joint["concessions"] + 0.1


@pytest.mark.parametrize("rep_tactic, buyer_tactic", [("boulware", "conceder"), ("conceder", "tit_for_tat"),
                                                      ("tit_for_tat", "boulware"), ("linear", "linear")])
def test_an_automated_negotiator_never_accepts_below_its_batna(rep_tactic, buyer_tactic):
    for seed in range(40):
        rng = np.random.default_rng(seed)
        rep = Preferences(DEFAULT_ISSUES, random_weights(DEFAULT_ISSUES, rng), "rep", batna=float(rng.uniform(0, 0.7)))
        buyer = Preferences(DEFAULT_ISSUES, random_weights(DEFAULT_ISSUES, rng), "buyer", batna=float(rng.uniform(0, 0.7)))
        result = negotiate(rep, buyer, rep_tactic, buyer_tactic, seed=seed)
        if result.agreement is not None:
            assert rep.utility(result.agreement) >= rep.batna - 1e-9
            assert buyer.utility(result.agreement) >= buyer.batna - 1e-9


def test_a_negotiation_replays_identically_from_its_seed():
    rng = np.random.default_rng(5)
    rep = Preferences(DEFAULT_ISSUES, random_weights(DEFAULT_ISSUES, rng), "rep", batna=0.3)
    buyer = Preferences(DEFAULT_ISSUES, random_weights(DEFAULT_ISSUES, rng), "buyer", batna=0.4)
    first = negotiate(rep, buyer, "tit_for_tat", "boulware", seed=11)
    again = negotiate(rep, buyer, "tit_for_tat", "boulware", seed=11)
    assert first.history == again.history and first.analysis == again.analysis


def test_scripted_moves_replay_identically():
    def play():
        rng = np.random.default_rng(1)
        rep = Preferences(DEFAULT_ISSUES, random_weights(DEFAULT_ISSUES, rng), "rep", batna=0.3)
        buyer_prefs = Preferences(DEFAULT_ISSUES, random_weights(DEFAULT_ISSUES, rng), "buyer", batna=0.3)
        from sim.negotiation import play_round

        session = Session(DEFAULT_ISSUES, rep, buyer_prefs, 8, np.random.default_rng(9))
        buyer = TimeDependent(0.5)
        session.prepare(Plan((0,) * 8, (0, 0, 0, 0, 2, 2, 1, 1), 0.3))
        for move in (Move("offer", (0, 0, 0, 0, 2, 2, 1, 1)), Move("silence"), Move("concede", issue="discount"),
                     Move("escalate"), Move("offer", (2, 1, 0, 0, 1, 1, 1, 1))):
            if not session.ended:
                play_round(session, move, buyer, session.rng, 0.8)
        return session.history

    assert play() == play()


def test_boulware_gets_more_when_it_deals_but_deals_less_often_c5():
    outcomes = {}
    for tactic in ("boulware", "conceder"):
        utilities, deals = [], 0
        for seed in range(120):
            rng = np.random.default_rng(seed)
            rep = Preferences(DEFAULT_ISSUES, random_weights(DEFAULT_ISSUES, rng), "rep", batna=float(rng.uniform(0.2, 0.5)))
            buyer = Preferences(DEFAULT_ISSUES, random_weights(DEFAULT_ISSUES, rng), "buyer", batna=float(rng.uniform(0.2, 0.5)))
            result = negotiate(rep, buyer, tactic, "linear", seed=seed)
            if result.agreement is not None:
                deals += 1
                utilities.append(result.analysis.rep_utility)
        outcomes[tactic] = (float(np.mean(utilities)), deals)
    assert outcomes["boulware"][0] > outcomes["conceder"][0] + 0.05
    assert outcomes["boulware"][1] < outcomes["conceder"][1]


def test_time_dependent_target_follows_faratin():
    view = Session(TWO, prefs("rep", (1, 1), batna=0.2), prefs("buyer", (1, 1)), 10, np.random.default_rng(0)).view("rep")
    boulware, conceder = TimeDependent(0.5), TimeDependent(2.0)
    assert boulware.target(view, 0.0) == pytest.approx(1.0)
    assert boulware.target(view, 1.0) == pytest.approx(0.2)
    assert boulware.target(view, 0.5) == pytest.approx(1 - 0.8 * 0.5 ** 2)
    assert conceder.target(view, 0.5) == pytest.approx(1 - 0.8 * 0.5 ** 0.5)
    assert boulware.target(view, 0.5) > conceder.target(view, 0.5)


def test_protocol_rules():
    session = Session(TWO, prefs("rep", (1, 1)), prefs("buyer", (1, 1)), 2, np.random.default_rng(0))
    with pytest.raises(ValueError, match="no offer to accept"):
        session.apply("rep", Move("accept"))
    with pytest.raises(ValueError, match="make an offer before conceding"):
        session.apply("rep", Move("concede", issue="service"))
    session.apply("rep", Move("offer", (0, 1)))
    with pytest.raises(ValueError, match="concede on one of your own issues"):
        session.apply("rep", Move("concede", issue="term"))
    session.apply("rep", Move("escalate"))
    with pytest.raises(ValueError, match="once per negotiation"):
        session.apply("rep", Move("escalate"))
    with pytest.raises(ValueError, match="buyer moves are"):
        session.apply("buyer", Move("silence"))
    session.apply("rep", Move("concede", issue="service"))
    assert session.offers["rep"] == (1, 1)
    session.apply("buyer", Move("offer", (1, 0)))
    session.apply("rep", Move("silence"))
    session.apply("buyer", Move("offer", (1, 0)))
    assert session.ended and session.end_reason == "deadline"


def test_every_round_risks_the_competitor_closing_or_the_project_being_shelved():
    ends = {"buyer_batna": 0, "no_decision": 0}
    for seed in range(200):
        rep = prefs("rep", (1, 1), batna=0.0)
        buyer = prefs("buyer", (1, 1), batna=0.0)
        session = Session(TWO, rep, buyer, 50, np.random.default_rng(seed), hazard=0.1, stall_hazard=0.1)
        from sim.negotiation import play_round

        play_round(session, Move("offer", (0, 1)), TimeDependent(0.01), session.rng)
        if session.ended:
            ends[session.end_reason] += 1
            assert session.rounds_played == 1
    assert 8 <= ends["buyer_batna"] <= 40 and 8 <= ends["no_decision"] <= 40  # about 20 each


def test_a_package_offer_is_recognised_as_such():
    session = Session(TWO, prefs("rep", (1, 1)), prefs("buyer", (1, 1)), 5, np.random.default_rng(0))
    session.apply("rep", Move("offer", (0, 0)))
    session.apply("buyer", Move("offer", (1, 0)))
    session.apply("rep", Move("offer", (1, 1)))  # "the service, if you commit to the term"
    assert session.history[-1].kind == "package"


# ---------------------------------------------------------------- the table in the engine


@pytest.fixture(autouse=True)
def no_table_risks(monkeypatch):
    """The per-round risks (competitor closes, project shelved) are tested on their own; off here."""
    from sim.negotiation import table

    monkeypatch.setattr(table, "COMPETITOR_HAZARD", 0.0)
    monkeypatch.setattr(table, "COMPETITOR_HAZARD_PRESSURE", 0.0)
    monkeypatch.setattr(table, "STALL_HAZARD", 0.0)


def _to_the_table(world, account_id="bolt"):
    account = world.accounts[account_id]
    engage(world, account_id, decider=True)
    account.phase, account.trust = 5, 1.0
    for _ in range(20):
        world.submit("you", Action("proposal", account_id, person="bolt-ceo"))
        stop = world.advance(world.env.now + 5)
        if f"negotiation:{account_id}" in stop.reasons or account.status == "negotiating":
            return stop
    raise AssertionError("the proposal was never accepted")


def test_a_proposal_accepted_in_principle_opens_the_table_and_asks_the_trainee_to_prepare():
    world = human_world(scenario(effects={"actions": {"proposal": {"hours": 1}}}))
    _to_the_table(world)
    assert world.accounts["bolt"].status == "negotiating"
    assert world.view("you").negotiation("bolt") is not None
    ideal = (0, 0, 0, 0, 2, 2, 1, 1)
    world.submit_plan("you", "bolt", Plan(start=ideal, ideal=ideal, batna=0.3))
    world.submit_move("you", "bolt", Move("offer", ideal))
    world.advance(world.env.now + 1)
    prepared = [r for r in world.log if r["kind"] == "negotiation_prepared"][0]
    assert prepared["prepared"] is True and prepared["batna"] == 0.3
    assert prepared["start"]["contract_length"] == "36 months"
    round_one = [r for r in world.log if r["kind"] == "negotiation_round"][0]
    assert round_one["rep_move"] == "offer"


def test_walking_away_loses_the_deal():
    world = human_world()
    _to_the_table(world)
    world.submit_move("you", "bolt", Move("walk_away"))
    world.advance(world.env.now + 20)
    assert world.accounts["bolt"].status == "lost"
    ended = [r for r in world.log if r["kind"] == "negotiation_ended"][0]
    assert ended["end_reason"] == "walk_away"
    prepared = [r for r in world.log if r["kind"] == "negotiation_prepared"][0]
    assert prepared["prepared"] is False  # the trainee never prepared: recorded for the debrief


def test_the_bad_cop_takes_the_manager_once():
    world = human_world()
    _to_the_table(world)
    world.submit_plan("you", "bolt", Plan((0, 0, 0, 0, 2, 2, 1, 1), (0, 0, 0, 0, 2, 2, 1, 1), 0.2))
    world.submit_move("you", "bolt", Move("offer", (0, 0, 0, 0, 2, 2, 1, 1)))
    world.submit_move("you", "bolt", Move("escalate"))
    hours = world.manager_hours_left
    world.advance(world.env.now + 40)
    joined = [r for r in world.log if r["kind"] == "manager_joined" and r.get("action") == "bad_cop"]
    assert len(joined) == 1 and world.manager_hours_left <= hours - 1


def test_agreed_terms_feed_revenue_margin_contract_and_reference():
    world = human_world()
    account = world.accounts["acme"]
    base = closing.deal_terms(world, account, 0.0)
    index = {issue.id: i for i, issue in enumerate(DEFAULT_ISSUES)}
    agreement = [0] * 8
    agreement[index["discount"]] = 2  # 10 %
    agreement[index["contract_length"]] = 2  # 36 months
    agreement[index["volume"]] = 2  # 1.5 x
    agreement[index["reference"]] = 1
    agreement[index["sign_this_quarter"]] = 1
    terms = terms_from(world, account, DEFAULT_ISSUES, tuple(agreement))
    assert terms["acv"] == pytest.approx(base["acv"] * 0.9 * 1.5)
    assert terms["margin_rate"] < base["margin_rate"]
    assert terms["contract_months"] == 36 and terms["reference"] is True and terms["slips"] is False
    closing.sign(world, world.reps["you"], account, {**terms, "slips": False})
    assert account.reference and account.renewal_at == pytest.approx(world.env.now + 3 * 52 * 40)


def test_a_discount_above_the_limit_needs_the_manager_first():
    world = human_world(scenario(negotiation={"max_discount": 0.1}))
    _to_the_table(world)
    index = {issue.id: i for i, issue in enumerate(DEFAULT_ISSUES)}
    generous = [0, 0, 0, 0, 2, 2, 1, 1]
    generous[index["discount"]] = 4  # 20 %
    world.submit_plan("you", "bolt", Plan((0, 0, 0, 0, 2, 2, 1, 1), (0, 0, 0, 0, 2, 2, 1, 1), 0.2))
    world.submit_move("you", "bolt", Move("offer", tuple(generous)))
    world.advance(world.env.now + 20)
    refused = [r for r in world.log if r["kind"] == "negotiation_move_refused"]
    assert refused and "needs the manager" in refused[0]["reason"]
    assert [r for r in world.log if r["kind"] == "negotiation_round"][0]["rep_move"] == "silence"


def test_a_strategy_repeating_a_refused_move_cannot_stall_the_world():
    from sim.interface import QueueController

    class AlwaysAccept(QueueController):
        def prepare_negotiation(self, view, account):
            return None

        def negotiation_move(self, view, account):
            return Move("accept")  # refused while there is no buyer offer yet

    scn = scenario()
    world = human_world(scn)
    world.controllers["you"] = AlwaysAccept(interactive=False)
    engage(world, "bolt", decider=True)
    world.accounts["bolt"].phase, world.accounts["bolt"].trust = 5, 1.0
    from sim import closing as closing_module

    closing_module.table.open_table(world, world.reps["you"], world.accounts["bolt"])
    world.advance(world.clock.week_hours * 4)
    assert world.accounts["bolt"].status != "negotiating"


def test_an_opening_that_already_concedes_counts_as_unconditional():
    rep, buyer = prefs("rep", (0.5, 0.5)), prefs("buyer", (0.5, 0.5))
    from sim.negotiation.protocol import Step

    history = [Step(1, "rep", "offer", (1, 1), 0.5, 0.5), Step(1, "buyer", "offer", (1, 0), 0.0, 1.0),
               Step(2, "rep", "accept", (1, 0), 0.0, 1.0)]
    assert analyse(TWO, rep, buyer, history, "agreement", 2, (1, 0)).unconditional_concessions == 1


def test_the_frontier_from_the_reps_cached_order_is_the_same_frontier():
    """analyse() sorts by the rep's utilities once per run; the frontier must not change for it."""
    from sim.negotiation.analysis import pareto_mask_grouped, rep_groups

    rng = np.random.default_rng(7)
    for _ in range(500):
        n = int(rng.integers(1, 60))
        u_rep, u_buyer = rng.integers(0, 6, n) / 5, rng.integers(0, 6, n) / 5  # many ties on both sides
        assert (pareto_mask(u_rep, u_buyer) == pareto_mask_grouped(rep_groups(u_rep), u_buyer)).all()
