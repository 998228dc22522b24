"""Property tests: any scenario the schema accepts plays a quarter without error and keeps its books.

A hypothesis strategy builds scenario data from the schema's own ranges — calendars, teams,
catalogs with and without scarce capacity, listed and generated accounts with cross-references
that resolve, lead campaigns, news, negotiation settings and effect-table overrides — writes it
as TOML, loads it through the loader a trainer's file goes through, and plays a short quarter
with the accounting invariants on (tests/conftest.py sets DEALCRAFT_CHECK=1). Invalid scenarios
are tests/test_fuzz_mutations.py's job; here every generated file must load.

The default profile runs VALID_EXAMPLES cases per property; the `slow` tests run BIG_EXAMPLES
more (docs/reliability.md records the figures). Scenarios that validate but break on purpose
(one change no valid file has) must come back as clear problems at the changed path, from the
loader and from `dealcraft validate` (exit code 2, `error:` lines, no traceback).
"""

from __future__ import annotations

import os
import tomllib

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_fuzz_mutations import dump

from sim.effects import ACTIONS, CHANNELS, NO_EFFECT, PHASES
from sim.invariants import Invariants
from sim.run import run
from sim.scenario import Scenario, ScenarioError, load_text
from sim.strategies import BUILTINS

NAME = "generated.toml"
VALID_EXAMPLES = 40
BIG_EXAMPLES = int(os.environ.get("DEALCRAFT_FUZZ_EXAMPLES", "400"))
IN_CI = bool(os.environ.get("CI"))
"""CI replays the same cases every time (a red CI must mean a change broke something); elsewhere
the slow tests explore at random."""
"""Cases per `slow` property test; DEALCRAFT_FUZZ_EXAMPLES=5000 for a longer hunt (docs/reliability.md)."""

ids = st.from_regex(r"\A[a-z][a-z0-9_-]{0,11}\Z", fullmatch=True)
names = st.text(alphabet=st.characters(codec="utf-8", categories=["L", "N", "Zs", "P"]), min_size=1, max_size=30).filter(
    lambda s: s.strip() != ""
)
fractions = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)
money = st.floats(min_value=0.0, max_value=2e6, allow_nan=False)
weights = st.floats(min_value=0.01, max_value=10.0, allow_nan=False)
STRATEGY_SPECS = [*BUILTINS, "phase-aware:lead_delay=2", "spray:attempts=1", "closer:discount=0.3",
                  "farmer:cadence=2.0", "phase-aware:manager=false", "random:attempts=5"]


def distinct(elements, *, min_size: int, max_size: int):
    return st.lists(elements, min_size=min_size, max_size=max_size, unique=True)


@st.composite
def distribution(draw, low: float = 0.0, high: float = 5e5) -> dict:
    kind = draw(st.sampled_from(["fixed", "uniform", "normal", "lognormal"]))
    if kind == "fixed":
        return {"kind": kind, "value": draw(st.floats(min_value=low, max_value=high))}
    if kind == "uniform":
        a, b = sorted(draw(st.lists(st.floats(min_value=low, max_value=high), min_size=2, max_size=2)))
        return {"kind": kind, "low": a, "high": b}
    if kind == "normal":
        out = {"kind": kind, "mean": draw(st.floats(min_value=low, max_value=high)),
               "sd": draw(st.floats(min_value=0.0, max_value=high / 2))}
        if draw(st.booleans()):
            out["min"] = low
        return out
    return {"kind": kind, "median": draw(st.floats(min_value=max(low, 1.0), max_value=high)),
            "sigma": draw(st.floats(min_value=0.0, max_value=1.5))}


def size_mix():
    return st.dictionaries(st.sampled_from(["smb", "mid", "enterprise"]), weights, min_size=1, max_size=3)


@st.composite
def scenarios(draw) -> dict:
    """Scenario data the schema and the reference checks accept."""
    weeks = draw(st.integers(min_value=1, max_value=8))
    quarters = draw(st.integers(min_value=1, max_value=2))
    last_week = weeks * quarters
    data: dict = {
        "schema": 1,
        "meta": {"title": draw(names), "description": draw(names),
                 "difficulty": draw(st.sampled_from(["introductory", "easy", "medium", "hard", "expert"]))},
        "calendar": {"weeks": weeks, "quarters": quarters, "days_per_week": draw(st.integers(1, 7)),
                     # lengths not exact in binary too (7.3 h once hung the engine: a wait of zero hours)
                     "hours_per_day": draw(st.one_of(st.sampled_from([1.0, 4.0, 7.3, 7.5, 8.0, 12.0, 16.0]),
                                                     st.floats(min_value=0.25, max_value=16.0)))},
    }

    # catalog (and scarce capacity when a service uses it)
    service_ids = draw(distinct(ids, min_size=1, max_size=4))
    with_capacity = draw(st.booleans())
    services = []
    for i, sid in enumerate(service_ids):
        service = {"id": sid, "name": draw(names), "price": draw(money), "margin": draw(fractions),
                   "kind": "core" if i == 0 else draw(st.sampled_from(["core", "addon"]))}
        if with_capacity and draw(st.booleans()):
            service["capacity_use"] = draw(st.floats(min_value=0.0, max_value=50.0))
        services.append(service)
    data["catalog"] = {"services": services}
    if with_capacity:
        data["capacity"] = {"name": draw(names), "total": draw(st.floats(min_value=0.5, max_value=200.0)),
                            "added_per_week": draw(st.floats(min_value=0.0, max_value=10.0)),
                            "arbitration": draw(st.sampled_from(["team_meeting", "first_come"]))}

    # team
    rep_ids = draw(distinct(ids, min_size=1, max_size=4))
    reps = []
    for rid in rep_ids:
        reps.append({
            "id": rid, "name": draw(names), "profile": draw(st.sampled_from(["hunter", "farmer"])),
            "skills": {"technical": draw(fractions), "behavioural": draw(fractions)},
            "aptitude": draw(fractions), "motivation": draw(fractions),
            "hours_per_week": draw(st.sampled_from([0.5, 4.0, 20.0, 40.0, 80.0])),
            "quota": draw(money), "strategy": draw(st.sampled_from(STRATEGY_SPECS)),
        })
    data["team"] = {"manager": {"hours_per_week": draw(st.sampled_from([0.0, 0.5, 1.0, 6.0, 12.0, 60.0])),
                                "bad_cop": draw(fractions), "team_meeting": draw(st.booleans())},
                    "reps": reps}

    # accounts: listed ones with people, owners, networks; generated ones from distributions
    listed_ids = draw(distinct(ids, min_size=0, max_size=5))
    listed = []
    for aid in listed_ids:
        person_ids = draw(distinct(ids, min_size=0, max_size=4))
        people = [{"id": f"{aid}-{p}", "name": draw(names),
                   "role": draw(st.sampled_from(["decider", "influencer", "user", "gatekeeper"]))} for p in person_ids]
        account = {"id": aid, "name": draw(names), "sector": draw(st.sampled_from(["retail", "banking", "logistics"])),
                   "size": draw(st.sampled_from(["smb", "mid", "enterprise"])), "potential": draw(money),
                   "phase": draw(st.integers(1, 5)), "status": draw(st.sampled_from(["prospect", "prospect", "client"])),
                   "trust": draw(fractions), "competitor_pressure": draw(fractions), "people": people}
        if draw(st.booleans()):
            account["owner"] = draw(st.sampled_from(rep_ids))
        if draw(st.booleans()):
            account["services"] = draw(distinct(st.sampled_from(service_ids), min_size=1, max_size=len(service_ids)))
        others = [o for o in listed_ids if o != aid]
        if others and draw(st.booleans()):
            account["network"] = [{"account": o, "strength": draw(st.integers(1, 5))}
                                  for o in draw(distinct(st.sampled_from(others), min_size=1, max_size=2))]
        listed.append(account)
    accounts: dict = {"listed": listed}
    if not listed or draw(st.booleans()):
        accounts["generated"] = {
            "count": draw(st.integers(1, 25)), "seed": draw(st.integers(0, 2**31)),
            "sectors": draw(st.dictionaries(st.sampled_from(["retail", "banking", "logistics", "health"]), weights,
                                            min_size=1, max_size=3)),
            "sizes": draw(size_mix()), "potential": draw(distribution(0.0, 3e5)),
            "phases": draw(st.lists(st.floats(min_value=0.0, max_value=5.0), min_size=5, max_size=5).map(
                lambda w: w if sum(w) > 0 else [1.0, *w[1:]])),
            "client_share": draw(fractions), "competitor_pressure": draw(distribution(0.0, 1.0)),
            "owners": draw(st.sampled_from(["round_robin", "open"])),
        }
    data["accounts"] = accounts
    for rep in reps:  # contacts in listed accounts' buying groups
        known = [(a["id"], p["id"]) for a in listed for p in a["people"]]
        if known and draw(st.booleans()):
            picks = draw(distinct(st.sampled_from(known), min_size=1, max_size=min(3, len(known))))
            rep["contacts"] = [{"account": a, "person": p, "strength": draw(st.integers(1, 5))} for a, p in picks]

    # inbound campaigns and news
    campaigns = []
    for cid in draw(distinct(ids, min_size=0, max_size=2)):
        start = draw(st.integers(1, last_week))
        campaign = {"id": cid, "name": draw(names), "start_week": start,
                    "leads_per_week": draw(st.floats(min_value=0.1, max_value=30.0)),
                    "quality": draw(st.dictionaries(st.sampled_from(["hot", "warm", "cold"]), weights, min_size=1)),
                    "decider_share": draw(fractions), "sizes": draw(size_mix()),
                    "potential": draw(distribution(0.0, 2e5))}
        if draw(st.booleans()):
            campaign["end_week"] = draw(st.integers(start, last_week))
        if draw(st.booleans()):
            campaign["announced_quality"] = draw(st.dictionaries(st.sampled_from(["hot", "warm", "cold"]), weights,
                                                                 min_size=1))
        if draw(st.booleans()):
            campaign["services"] = draw(distinct(st.sampled_from(service_ids), min_size=1, max_size=len(service_ids)))
        campaigns.append(campaign)
    data["campaigns"] = campaigns
    events = []
    for eid in draw(distinct(ids, min_size=0, max_size=3)):
        event = {"id": eid, "week": draw(st.integers(1, last_week)), "day": draw(st.integers(1, 7)),
                 "kind": draw(st.sampled_from(["merger", "budget_freeze", "competitor_price_cut", "shareholder_change",
                                               "reorganisation", "expansion", "referral"])),
                 "headline": draw(names), "effect": draw(st.sampled_from(["freeze", "reset", "boost", "none"])),
                 "duration_weeks": draw(st.integers(0, 6)), "reaction_hours": draw(st.floats(min_value=0.5, max_value=40))}
        if listed_ids and draw(st.booleans()):
            event["accounts"] = draw(distinct(st.sampled_from(listed_ids), min_size=1, max_size=len(listed_ids)))
        else:
            event["sector"] = draw(st.sampled_from(["retail", "banking", "logistics", ""]))
        events.append(event)
    data["events"] = events

    # negotiation, targets, scoring, effect overrides
    low_beta = draw(st.floats(min_value=0.05, max_value=3.0))
    data["negotiation"] = {"max_rounds": draw(st.integers(1, 12)),
                           "hours_per_round": draw(st.floats(min_value=0.5, max_value=60.0)),
                           "max_discount": draw(fractions),
                           "buyer_tactic": draw(st.sampled_from(["boulware", "linear", "conceder", "tit_for_tat", "mixed"])),
                           "buyer_beta": {"kind": "uniform", "low": low_beta,
                                          "high": low_beta + draw(st.floats(min_value=0.0, max_value=3.0))},
                           "competitor_offer": draw(fractions)}
    data["targets"] = {"team_revenue": draw(money), "margin_rate": draw(fractions),
                       "cost_per_hour": draw(st.floats(min_value=0.0, max_value=500.0)),
                       "lead_response_hours": draw(st.floats(min_value=0.05, max_value=48.0))}
    data["scoring"] = {"weights": {"revenue": draw(weights), "forecast": draw(st.floats(min_value=0.0, max_value=5.0))}}
    effects: dict = {}
    for action in draw(distinct(st.sampled_from(sorted(ACTIONS)), min_size=0, max_size=3)):
        override = {}
        if draw(st.booleans()):
            override["hours"] = draw(st.floats(min_value=0.1, max_value=40.0))
        if draw(st.booleans()):
            override["channel"] = draw(st.sampled_from(list(CHANNELS)))
        if draw(st.booleans()):
            override["fits"] = draw(distinct(st.integers(1, 5), min_size=0, max_size=5))
        if draw(st.booleans()):
            override["advance"] = draw(st.lists(fractions, min_size=5, max_size=5))
        if draw(st.booleans()):
            override["trust"] = draw(st.floats(min_value=-1.0, max_value=1.0))
        ignored = NO_EFFECT.get(action, (frozenset(), ""))[0]  # overriding those is refused: it would do nothing
        effects.setdefault("actions", {})[action] = {k: v for k, v in override.items() if k not in ignored}
    for phase in draw(distinct(st.sampled_from(list(PHASES)), min_size=0, max_size=2)):
        effects.setdefault("phases", {})[phase] = {
            "cadence_hours": draw(st.floats(min_value=0.5, max_value=200.0)),
            "competitor_risk_per_week": draw(fractions), "stall_per_week": draw(fractions),
            "signal_noise": draw(fractions)}
    if effects:
        data["effects"] = effects
    return data


def load_generated(data: dict) -> tuple[str, Scenario]:
    text = dump(data)
    assert tomllib.loads(text) is not None
    try:
        return text, load_text(text, NAME)
    except ScenarioError as error:  # the generator must only make valid files
        pytest.fail("a generated scenario did not validate:\n" + "\n".join(str(p) for p in error.problems)
                    + "\n\n" + text)


def play_and_check(data: dict, seed: int) -> None:
    _, scenario = load_generated(data)
    result = run(scenario, seed)
    world = result.world
    assert isinstance(world.invariants, Invariants), "tests/conftest.py turns the invariants on"
    weeks_played = scenario.calendar.weeks * scenario.calendar.quarters
    assert world.invariants.checks == weeks_played + 1  # every week, and once at the end
    assert world.finished and result.log.records[-1]["kind"] == "run_ended"
    assert len(result.quarters) == scenario.calendar.quarters
    counts = world.invariants.lead_counts()
    assert counts["answered"] + counts["lost"] + counts["pending"] == counts["arrived"]
    assert result.overall["team"]["revenue"] >= 0


CASES = settings(max_examples=VALID_EXAMPLES, deadline=None, derandomize=True,
                 suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
"""The CI profile: the same cases on every run (derandomized); the `slow` tests explore at random."""


@CASES
@given(scenarios(), st.integers(min_value=0, max_value=2**32 - 1))
def test_generated_scenarios_play_a_quarter_and_keep_their_books(data, seed):
    play_and_check(data, seed)


@pytest.mark.slow
@settings(max_examples=BIG_EXAMPLES, deadline=None, derandomize=IN_CI,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(scenarios(), st.integers(min_value=0, max_value=2**32 - 1))
def test_many_generated_scenarios_play_and_keep_their_books(data, seed):
    play_and_check(data, seed)


@settings(max_examples=25, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios())
def test_generated_scenarios_round_trip_through_the_loader(data):
    text, scenario = load_generated(data)
    again = load_text(dump(scenario.model_dump(by_alias=True, exclude_none=True)), NAME)
    assert again == scenario
    assert len(text) < 1024 * 1024


# ---------------------------------------------------------------- generated, then broken on purpose

MUTATED = "fuzz.toml"  # the name tests/test_fuzz_mutations.py's checks expect
OUT_OF_RANGE = [
    (("calendar", "weeks"), 0), (("calendar", "weeks"), 53), (("calendar", "quarters"), 21),
    (("calendar", "hours_per_day"), 0), (("team", "reps", 0, "hours_per_week"), 81.0),
    (("team", "reps", 0, "aptitude"), 1.5), (("team", "manager", "hours_per_week"), -1),
    (("catalog", "services", 0, "margin"), 2.0), (("catalog", "services", 0, "price"), -5),
    (("negotiation", "max_rounds"), 0), (("negotiation", "max_discount"), 1.01),
    (("targets", "lead_response_hours"), 0), (("meta", "difficulty"), "impossible"),
    (("meta", "currency"), "euro"), (("team", "reps", 0, "profile"), "wizard"),
    (("team", "reps", 0, "strategy"), "no-such-strategy"), (("team", "reps", 0, "id"), "Has Spaces"),
]
REQUIRED = [("meta", "title"), ("meta",), ("team", "reps"), ("catalog", "services"), ("catalog", "services", 0, "price"),
            ("team", "reps", 0, "name"), ("accounts",), ("schema",)]


def _set(data: dict, path: tuple, value) -> None:
    node = data
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value


def _leaves(data, path=()):
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _leaves(value, (*path, key))
    elif isinstance(data, list) and data and all(isinstance(v, dict) for v in data):
        for i, value in enumerate(data):
            yield from _leaves(value, (*path, i))
    else:
        yield path


@st.composite
def broken_scenarios(draw) -> tuple[dict, tuple, str]:
    """A generated valid scenario with one change that no valid file has; the path it touched."""
    data = draw(scenarios())
    kind = draw(st.sampled_from(["unknown_key", "out_of_range", "wrong_type", "dangling", "duplicate", "missing"]))
    if kind == "unknown_key":
        # not inside a free-form map: a new key in `sectors` is a new sector, which is valid
        tables = [p for p in _leaves(data) if len(p) > 1 and isinstance(p[-1], str) and "sectors" not in p]
        path = draw(st.sampled_from(tables))[:-1] + (draw(st.sampled_from(["motivaton", "titel", "colour", "x"])),)
        _set(data, path, 1)
    elif kind == "out_of_range":
        path, value = draw(st.sampled_from(OUT_OF_RANGE))
        _set(data, path, value)
    elif kind == "wrong_type":
        path = draw(st.sampled_from([p for p in _leaves(data) if p and p != ("schema",)]))
        _set(data, path, {"not": "a value"})
    elif kind == "dangling":
        path = ("team", "reps", 0, "contacts")
        _set(data, path, [{"account": "ghost-account", "person": "ghost", "strength": 3}])
    elif kind == "duplicate":
        data["team"]["reps"].append(dict(data["team"]["reps"][0]))
        path = ("team", "reps", len(data["team"]["reps"]) - 1, "id")
    else:
        path = draw(st.sampled_from(REQUIRED))
        node = data
        for part in path[:-1]:
            node = node[part]
        del node[path[-1]]
    return data, path, kind


@CASES
@given(broken_scenarios())
def test_a_generated_scenario_broken_on_purpose_gives_a_clear_problem_at_its_path(case):
    from test_fuzz_mutations import assert_problems_are_clear

    data, path, kind = case
    text = dump(data)
    with pytest.raises(ScenarioError) as caught:
        load_text(text, MUTATED)
    assert_problems_are_clear(caught.value, text)
    assert any(path[: len(p.path)] == p.path or p.path[: len(path)] == path for p in caught.value.problems), (
        kind, path, [str(p) for p in caught.value.problems])


@settings(max_examples=10, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(case=broken_scenarios())
def test_dealcraft_validate_answers_a_broken_scenario_with_exit_2_and_error_lines(case, tmp_path_factory):
    import contextlib
    import io

    from dealcraft.cli import main

    data, _, _ = case
    path = tmp_path_factory.mktemp("validate") / "broken.toml"
    path.write_text(dump(data), encoding="utf-8")
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = main(["validate", str(path)])
    lines = err.getvalue().strip().splitlines()
    assert code == 2 and lines and all(line.startswith(f"error: {path}") for line in lines), err.getvalue()
    assert "Traceback" not in err.getvalue()


@pytest.mark.slow
@settings(max_examples=BIG_EXAMPLES, deadline=None, derandomize=IN_CI,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(broken_scenarios())
def test_many_generated_scenarios_broken_on_purpose_give_clear_problems(case):
    test_a_generated_scenario_broken_on_purpose_gives_a_clear_problem_at_its_path.hypothesis.inner_test(case)
