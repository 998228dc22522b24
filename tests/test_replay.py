"""Replays (record, save, load, re-run byte for byte) and skill against luck (fingerprint, percentile)."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

import pytest

from sim.interface import Action, QueueController
from sim.replay import (
    MAX_BYTES,
    Recorder,
    ReplayError,
    fingerprint,
    load_replay,
    luck_percentile,
    percentile,
    replay,
    save_replay,
    scenario_sha256,
)
from sim.run import run
from sim.scenario import load_scenario
from sim.strategies import make_controller
from sim.world import World
from tests.sim_fixtures import scenario as crafted

ROOT = Path(__file__).resolve().parents[1]


@lru_cache(maxsize=1)
def onboarding():
    return load_scenario(ROOT / "scenarios" / "onboarding.toml")


class _TraineeView:
    """The trainee's screen: reads the world, but every record goes through the Recorder."""

    def __init__(self, world: World, recorder: Recorder) -> None:
        self._view, self._recorder = world.view(recorder.rep), recorder

    def __getattr__(self, name):
        return getattr(self._view, name)

    def record_phase(self, account, phase):
        self._recorder.record_phase(account, phase)

    def forecast(self, account, probability):
        self._recorder.forecast(account, probability)


def play_scripted(scn, seed: int) -> tuple[World, Recorder]:
    """A scripted trainee: a phase-aware 'brain' decides, the Recorder submits. Advances in a mix of
    two-hour steps and whole days; answers negotiation decision points with a plan, then moves."""
    world = World(scn, seed, {"you": QueueController()})
    recorder = Recorder(world, "you")
    brain = make_controller("phase-aware", None)
    view = _TraineeView(world, recorder)
    planned: set[str] = set()
    step = 0
    while not world.finished:
        step += 1
        stop = recorder.advance("day" if step % 7 == 0 else world.env.now + 2)
        for reason in stop.reasons:
            if reason.startswith("negotiation:"):
                account = reason.split(":", 1)[1]
                table = world.view("you").negotiation(account)
                if table is None:
                    continue
                if account not in planned:
                    planned.add(account)
                    recorder.submit_plan(account, brain.prepare_negotiation(table, account))
                else:
                    recorder.submit_move(account, brain.negotiation_move(table, account))
        # One action at a time, when the rep is free (as the game's calendar would offer).
        if world.wake["you"] is not None and not world.controllers["you"].agenda:
            action = brain.next_action(view)
            if action is not None:
                recorder.submit(action)
    recorder.finish()
    return world, recorder


@lru_cache(maxsize=1)
def recorded():
    world, recorder = play_scripted(onboarding(), 1)
    return world.log.to_jsonl(), recorder.data()


# ---------------------------------------------------------------------- replaying


def test_a_recorded_quarter_replays_to_a_byte_identical_event_log(tmp_path):
    original, data = recorded()
    types = {d["type"] for d in data["decisions"]}
    assert {"action", "plan", "move", "phase", "forecast"} <= types, "the script must reach the negotiation table"
    assert any(d["stop"] > 0 for d in data["decisions"]), "some decisions are taken at a decision point"
    path = tmp_path / "quarter.replay.json"
    save_replay(path, data)
    loaded = load_replay(path)
    assert loaded == data
    result = replay(onboarding(), loaded)
    assert result.log.to_jsonl() == original
    assert result.overall["reps"]["you"]["revenue"] > 0
    assert result.log.records[-1]["kind"] == "run_ended"


def test_the_decision_point_position_matters_and_divergence_is_caught():
    original, data = recorded()
    flattened = json.loads(json.dumps(data))
    for d in flattened["decisions"]:
        d["stop"] = 0
    with pytest.raises(ReplayError, match="diverged"):
        replay(onboarding(), flattened)
    del flattened["log_sha256"]
    assert replay(onboarding(), flattened).log.to_jsonl() != original


def test_a_short_recording_on_a_crafted_scenario_replays_identically():
    scn = crafted()
    world = World(scn, 3, {"you": QueueController()})
    recorder = Recorder(world, "you")
    for week in range(3):
        recorder.submit(Action("research", "acme"))
        recorder.submit(Action("call", "acme", person="acme-ceo"))
        recorder.submit(Action("meeting", "bolt", person="bolt-ceo"))
        recorder.record_phase("acme", 2 + week % 2)
        recorder.advance("week")
    recorder.forecast("bolt", 0.3)
    recorder.finish()
    data = recorder.data()
    assert data["seats"] == {"ann": "phase-aware:lead_delay=0.05,attempts=3,cadence=1.0,discount=0.0,manager=true"}
    assert replay(scn, data).log.to_jsonl() == world.log.to_jsonl()


def test_a_replay_on_another_scenario_is_refused():
    _, data = recorded()
    changed = onboarding().model_copy(update={"meta": onboarding().meta.model_copy(update={"title": "Other"})})
    assert scenario_sha256(changed) != data["scenario_sha256"]
    with pytest.raises(ReplayError, match="another version of the scenario"):
        replay(changed, data)


def test_the_recorder_wraps_only_a_fresh_world_and_an_interactive_rep():
    scn = crafted()
    with pytest.raises(ValueError, match="strategy"):
        Recorder(World(scn, 1, {"you": QueueController()}), "ann")
    world = World(scn, 1, {"you": QueueController()})
    world.advance("day")
    with pytest.raises(ValueError, match="before it advances"):
        Recorder(world, "you")
    with pytest.raises(ValueError, match="one interactive rep"):
        Recorder(World(scn, 1, {"you": QueueController(), "ann": QueueController()}), "you")


# ---------------------------------------------------------------------- the file

GOOD = {
    "format": "dealcraft-replay", "version": 1, "scenario_sha256": "0" * 64, "scenario_title": "T", "seed": 1,
    "rep": "you", "quarters": 1,
    "decisions": [{"t": 0.0, "stop": 0, "type": "action", "name": "call", "account": "acme"}],
}


def _with(**changes):
    data = json.loads(json.dumps(GOOD))
    for key, value in changes.items():
        if value is None:
            data.pop(key)
        else:
            data[key] = value
    return data


def _decision(**fields):
    return _with(decisions=[{"t": 0.0, "type": "action", "name": "call", **fields}])


BAD_FILES = [
    (b"{not json", r"not valid JSON \(line 1"),
    (b"\xff\xfe{}", r"not UTF-8"),
    (b"[1, 2]", r"a replay is a JSON object"),
    (b'{"t": NaN}', r"NaN is not a number"),
    (b'{"format": "dealcraft-replay", "format": "x"}', r"appears twice"),
    (b"[" * 100000 + b"]" * 100000, r"nested too deeply|not valid JSON"),
    (json.dumps(_with(format="savegame")).encode(), r"not a Dealcraft replay \(format is 'savegame'"),
    (json.dumps(_with(version=2)).encode(), r"replay version 2 is not supported"),
    (json.dumps(_with(seed=None, rep=None)).encode(), r"missing fields seed, rep"),
    (json.dumps(_with(extra=1)).encode(), r"unknown field extra"),
    (json.dumps(_with(scenario_sha256="abc")).encode(), r"scenario_sha256 must be 64"),
    (json.dumps(_with(seed=-1)).encode(), r"seed must be a whole number"),
    (json.dumps(_with(seed=True)).encode(), r"seed must be a whole number"),
    (json.dumps(_with(quarters=0)).encode(), r"quarters must be"),
    (json.dumps(_with(decisions={})).encode(), r"decisions must be a list"),
    (json.dumps(_with(decisions=[{"t": 0, "type": "teleport"}])).encode(),
     r"decision 1: unknown type 'teleport' \(expected one of action, plan, move, phase, forecast\)"),
    (json.dumps(_with(decisions=[{"type": "action", "name": "call"}])).encode(), r"decision 1: missing field t"),
    (json.dumps(_decision(t=-1)).encode(), r"t must be a time"),
    (json.dumps(_decision(t="soon")).encode(), r"t must be a time"),
    (json.dumps(_decision(stop=-1)).encode(), r"stop must be a whole number"),
    (json.dumps(_decision(colour="red")).encode(), r"unknown field colour for a action"),
    (json.dumps(_decision(account=3)).encode(), r"account must be text"),
    (json.dumps(_with(decisions=[{"t": 0, "type": "plan", "account": "a"}])).encode(),
     r"a plan needs start, ideal, batna"),
    (json.dumps(_with(decisions=[{"t": 0, "type": "plan", "account": "a", "start": [0, -1], "ideal": [0],
                                  "batna": 0.3}])).encode(), r"start must be a list of value indices"),
    (json.dumps(_with(decisions=[{"t": 0, "type": "move", "account": "a", "kind": "bribe"}])).encode(),
     r"kind 'bribe' is not a rep's move"),
    (json.dumps(_with(decisions=[{"t": 0, "type": "phase", "account": "a", "phase": 6}])).encode(),
     r"phase must be 1 to 5"),
    (json.dumps(_with(decisions=[{"t": 0, "type": "forecast", "account": "a", "probability": 1.5}])).encode(),
     r"probability must be a number from 0 to 1"),
    (json.dumps(_with(decisions=[{"t": 5, "type": "action", "name": "call"},
                                 {"t": 1, "type": "action", "name": "call"}])).encode(), r"decision 2: out of order"),
    (json.dumps(_with(seats={"you": "spray"})).encode(), r"seats must not include the recorded rep"),
]


@pytest.mark.parametrize(("content", "message"), BAD_FILES)
def test_a_bad_replay_file_gives_one_clear_replay_error(tmp_path, content, message):
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    with pytest.raises(ReplayError, match=message) as caught:
        load_replay(path)
    assert str(caught.value).startswith(str(path))


def test_a_missing_or_oversized_replay_file_is_refused(tmp_path):
    with pytest.raises(ReplayError, match="cannot read the file"):
        load_replay(tmp_path / "nowhere.json")
    big = tmp_path / "big.json"
    with open(big, "wb") as handle:
        handle.truncate(MAX_BYTES + 1)
    with pytest.raises(ReplayError, match="too big for a replay"):
        load_replay(big)


def test_save_refuses_a_bad_replay_and_writes_nothing(tmp_path):
    path = tmp_path / "r.json"
    with pytest.raises(ReplayError, match="unknown type"):
        save_replay(path, _with(decisions=[{"t": 0, "type": "nap"}]))
    assert not path.exists()
    save_replay(path, GOOD)
    assert load_replay(path) == GOOD
    assert [p.name for p in tmp_path.iterdir()] == ["r.json"], "no temporary file left behind"


def test_a_plan_that_does_not_fit_the_issues_is_a_replay_error():
    scn = crafted()
    data = _with(scenario_sha256=scenario_sha256(scn), decisions=[
        {"t": 0.0, "type": "plan", "account": "acme", "start": [0, 0], "ideal": [0, 0], "batna": 0.3}])
    with pytest.raises(ReplayError, match="does not fit the scenario's 8 negotiation issues"):
        replay(scn, data)


# ---------------------------------------------------------------------- skill against luck


def _log(*rows):
    return [{"rep": None, "account": None, **row} for row in rows]


CRAFTED_LOG = _log(
    {"t": 0.0, "kind": "hidden_phase", "rep": "you", "account": "a", "phase": 2, "status": "prospect"},
    {"t": 0.0, "kind": "hidden_phase", "rep": "you", "account": "b", "phase": 1, "status": "prospect"},
    {"t": 0.0, "kind": "hidden_phase", "rep": "ann", "account": "c", "phase": 1, "status": "prospect"},
    {"t": 6.0, "kind": "engaged", "rep": "you", "account": "a"},
    {"t": 6.0, "kind": "action", "rep": "you", "account": "a", "action": "call", "hours": 0.5, "phase": 2},
    {"t": 7.0, "kind": "action", "rep": "ann", "account": "c", "action": "accompanied_meeting", "hours": 3, "phase": 1},
    # a lead answered 2 h after it arrived, one never answered, one answered 0.5 h after a meeting in progress
    {"t": 10.0, "kind": "lead_arrived", "rep": "you", "account": "lead-1", "phase": 2},
    {"t": 12.5, "kind": "action", "rep": "you", "account": "lead-1", "action": "call", "hours": 0.5, "phase": 2},
    {"t": 20.0, "kind": "lead_arrived", "rep": "you", "account": "lead-2", "phase": 2},
    {"t": 53.0, "kind": "lead_arrived", "rep": "you", "account": "lead-3", "phase": 2},
    {"t": 54.0, "kind": "action", "rep": "you", "account": "a", "action": "meeting", "hours": 2, "phase": 2},
    {"t": 55.0, "kind": "action", "rep": "you", "account": "lead-3", "action": "call", "hours": 0.5, "phase": 2},
    {"t": 78.0, "kind": "action", "rep": "you", "account": "a", "action": "accompanied_meeting", "hours": 3, "phase": 2},
    {"t": 80.0, "kind": "negotiation_prepared", "rep": "you", "account": "a", "start": {"discount": "10%"}},
    {"t": 90.0, "kind": "negotiation_prepared", "rep": "you", "account": "lead-1", "start": {"discount": "20%"}},
    {"t": 100.0, "kind": "run_ended"},
)


def test_fingerprint_reads_how_the_rep_played_from_a_crafted_log():
    # leads: 2 h, a week (never answered), 0.5 h after the meeting ended -> median 2;
    # gaps on 'a' (phase 2, cadence 24 h): 48 h and 24 h -> median 1.5 cadences; 3 of 5 prospects
    # worked -> 1.5 / 0.6 = 2.5, less the slack 0.4; opening discounts 10 % and 20 %; an accompanied meeting.
    spec = fingerprint(CRAFTED_LOG, "you")
    assert spec == "phase-aware:lead_delay=2,cadence=2.1,discount=0.15,manager=true"
    assert make_controller(spec, None).params.cadence == 2.1
    # Ann's accompanied meeting is hers; she worked her one prospect but never engaged it (no gaps: the usual
    # cadence), and had no leads or negotiations (the defaults).
    assert fingerprint(CRAFTED_LOG, "ann") == "phase-aware:lead_delay=0.05,cadence=1,discount=0,manager=true"
    # A rep who owns prospects and never works them keeps nothing in cadence.
    idle = [r for r in CRAFTED_LOG if r["kind"] == "hidden_phase" or r["kind"] == "run_ended"]
    assert "cadence=4," in fingerprint(idle, "you")
    assert fingerprint([], "you") == "phase-aware:lead_delay=0.05,cadence=1,discount=0,manager=false"


def test_fingerprint_of_a_built_in_gives_back_about_its_own_cadence():
    def cadence(spec: str) -> float:
        records = run(onboarding(), 1, seats={"you": spec}).log.records
        return float(re.search(r"cadence=([\d.]+)", fingerprint(records, "you", onboarding())).group(1))

    slow, usual = cadence("phase-aware:cadence=2"), cadence("phase-aware")
    assert abs(slow - 2.0) < 0.35 and abs(usual - 1.0) < 0.35
    assert slow > usual


def test_luck_percentile_is_within_0_and_100_and_grows_with_the_result():
    scn, seeds = onboarding(), [1, 2, 3]
    calls = []
    first = luck_percentile(scn, "you", 0.0, seeds, records=run(scn, 4).log.records,
                            progress=lambda done, total: calls.append((done, total)))
    assert calls == [(1, 3), (2, 3), (3, 3)]  # one step per seed's quarter, for a progress bar
    assert first["policy"].startswith("phase-aware:lead_delay=")
    values = first["values"]
    assert len(values) == 3 and first["min"] <= first["median"] <= first["max"]
    actuals = [-1.0, *sorted(values), (values[0] + values[1]) / 2, 1e9]
    found = [luck_percentile(scn, "you", a, seeds, policy=first["policy"])["percentile"] for a in sorted(actuals)]
    assert all(0 <= p <= 100 for p in found)
    assert found == sorted(found)
    assert found[0] == 0 and found[-1] == 100
    assert "percentile of your own play" in first["text"]


def test_percentile_counts_ties_half():
    assert percentile(5, [1, 5, 9, 9]) == 37.5
    assert percentile(0, [1]) == 0 and percentile(2, [1]) == 100
    with pytest.raises(ValueError):
        percentile(1, [])


def test_an_action_submitted_first_jumps_the_queue_and_replays_identically():
    """A lead's call made 'now' goes before the rest of the plan, and a replay keeps it there."""
    from tests.sim_fixtures import scenario

    scn = scenario()
    world = World(scn, 5, {"you": QueueController()})
    recorder = Recorder(world, "you")
    for _ in range(3):
        recorder.submit(Action("research", "acme"))
    recorder.submit(Action("call", "bolt"), first=True)
    recorder.finish()
    done = [h["action"] for h in world.history["you"]]
    assert done[0] == "call" and done[1:4] == ["research"] * 3
    assert [d.get("first") for d in recorder.decisions if d["type"] == "action"] == [None, None, None, True]
    again = replay(scn, recorder.data())
    assert again.log.to_jsonl() == world.log.to_jsonl()


def test_a_fingerprinted_style_is_always_a_strategy_that_can_play():
    """A lead answered 12,000 working hours late (a long calendar) gave lead_delay=12000, above the
    parameter's range, and `debrief --luck` crashed replaying it."""
    from sim.strategies import make_controller

    records = [{"t": 0.0, "kind": "lead_arrived", "account": "a", "rep": "you"},
               {"t": 12000.5, "kind": "action", "account": "a", "rep": "you", "action": "call", "hours": 0.5}]
    spec = fingerprint(records, "you")
    assert "lead_delay=10000," in spec
    make_controller(spec, None)
