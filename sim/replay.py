"""Replays of a trainee's quarter, and skill against luck.

A trainee plays through `World.submit`, `submit_plan` and `submit_move` between calls to
`World.advance`. A `Recorder` sits between the game and the world: the game calls it
instead of the world, it passes every call on and writes down each decision with the
point of the simulation at which it was taken. Saved as a small JSON file (data only),
the recording re-runs the quarter with the same seed and gives a byte-identical event log.

Where a decision was taken is a position, not only a time: `advance` may stop at a
decision point in the middle of the events of one instant (a lead arrives at 10:00 while
other things also happen at 10:00). A position is `(t, stop)`: the sim time and how many
decision points the world had stopped at during that instant when the decision was taken
(0: the world reached `t` by the clock, before anything happened at `t`). Decision points
are a deterministic function of the state, so a replay meets the same ones in the same
order.

Skill against luck: `fingerprint` turns how a rep played into a built-in strategy spec,
and `luck_percentile` plays that policy in the rep's seat over other seeds, to say where
the actual result falls among the results of the rep's own style of play.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import statistics
from collections.abc import Callable, Iterable, Mapping
from dataclasses import fields
from types import SimpleNamespace
from typing import Any

from sim.files import atomic_write_text
from sim.interface import Action, QueueController
from sim.negotiation import DEFAULT_ISSUES, Move, Plan
from sim.negotiation.protocol import REP_MOVES
from sim.run import RunResult, run, summarise, with_quarters
from sim.scenario.schema import Scenario
from sim.strategies import Policy, StrategyError, make_controller
from sim.strategies.base import PARAM_RANGES
from sim.tables import Tables
from sim.world import Stop, World

FORMAT = "dealcraft-replay"
VERSION = 1
MAX_BYTES = 20 * 1024 * 1024
"""Replay files above 20 MiB are refused (a quarter of play is a few hundred kB at most)."""

TYPES = ("action", "plan", "move", "phase", "forecast")
"""Decision types. 'phase' and 'forecast' are the rep's records (`RepView.record_phase`,
`RepView.forecast`): they write to the event log, so a byte-identical replay needs them too."""

_TOP_REQUIRED = ("format", "version", "scenario_sha256", "scenario_title", "seed", "rep", "quarters", "decisions")
_TOP_OPTIONAL = ("player", "source", "seats", "log_sha256")
_DECISION_FIELDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    # type: (required fields, optional fields) besides t, stop and type
    "action": (("name",), ("account", "person", "via", "service", "first")),
    "plan": (("account", "start", "ideal", "batna"), ()),
    "move": (("account", "kind"), ("offer", "issue")),
    "phase": (("account", "phase"), ()),
    "forecast": (("account", "probability"), ()),
}


class ReplayError(ValueError):
    """A replay file or recording that cannot be used; the message says why."""


# ---------------------------------------------------------------------- helpers


def scenario_sha256(scenario: Scenario) -> str:
    """A fingerprint of the scenario as played (after any change to the number of quarters)."""
    text = json.dumps(scenario.model_dump(mode="json"), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def log_sha256(jsonl: str) -> str:
    return hashlib.sha256(jsonl.encode("utf-8")).hexdigest()


def policy_spec(policy: Policy) -> str:
    """The spec that rebuilds a built-in policy with the same parameters: 'name:key=value,...'."""
    parts = []
    for f in fields(policy.params):
        value = getattr(policy.params, f.name)
        parts.append(f"{f.name}={str(value).lower() if isinstance(value, bool) else repr(value)}")
    return f"{policy.name}:{','.join(parts)}"


class _Position:
    """Where the world is: (time, decision points met at that time), updated after each advance."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.t = world.env.now
        self.stop = 0

    def after(self, result: Stop) -> None:
        if result.t != self.t:
            self.t, self.stop = result.t, 0
        if result.reasons:
            self.stop += 1

    def current(self) -> tuple[float, int]:
        now = self.world.env.now
        if now != self.t:
            # The world was advanced behind our back: the best guess is the last advance's stop.
            self.t, self.stop = now, 1 if self.world.stop_reasons else 0
        return self.t, self.stop


# ---------------------------------------------------------------------- recording


class Recorder:
    """The game's handle on the world for one interactive rep: passes every call on and records
    each decision with its position. Use it for *every* `advance` and every decision of the rep
    (actions, negotiation plans and moves, recorded phases and forecasts), from time 0.

    The other reps must be played by built-in strategies (their specs are saved with the replay)
    whose random streams are the world's own (`World` default, or `sim.run.run`'s `seats`).
    """

    def __init__(self, world: World, rep: str) -> None:
        if rep not in world.reps:
            raise ValueError(f"no rep '{rep}' in this world; reps: {', '.join(world.reps)}")
        controller = world.controllers[rep]
        if not isinstance(controller, QueueController):
            raise ValueError(f"rep '{rep}' is played by a strategy, not interactively")
        if world.env.now != 0 or any(r["kind"] == "week_started" for r in world.log.records):
            raise ValueError("a Recorder must wrap the world before it advances")
        self.seats: dict[str, str] = {}
        for other, c in world.controllers.items():
            if other == rep:
                continue
            if not isinstance(c, Policy):
                raise ValueError(f"a replay covers one interactive rep with built-in strategies around it; "
                                 f"rep '{other}' is played by {type(c).__name__}")
            self.seats[other] = policy_spec(c)
        self.world = world
        self.rep = rep
        self.player = getattr(controller, "name", "you")
        self.source = world.log.records[0].get("source")
        self.decisions: list[dict[str, Any]] = []
        self._position = _Position(world)

    # -- driving

    def advance(self, until: str | float = "week") -> Stop:
        result = self.world.advance(until)
        self._position.after(result)
        return result

    def finish(self) -> None:
        """Play the rest of the run (the rep acts no more) and close the log, as `World.run` does."""
        while not self.world.finished:
            self.advance("end")
        self.world.log.add(self.world.env.now, "run_ended")

    # -- decisions

    def _note(self, type_: str, **data: Any) -> None:
        t, stop = self._position.current()
        self.decisions.append({"t": float(t), "stop": stop, "type": type_, **data})

    def submit(self, action: Action, first: bool = False) -> None:
        """Queue an action (`first`: before those still queued, as World.submit)."""
        self.world.submit(self.rep, action, first=first)
        fields = {k: v for k, v in _action_fields(action).items() if v is not None}
        self._note("action", **fields, **({"first": True} if first else {}))

    def submit_plan(self, account: str, plan: Plan) -> None:
        self.world.submit_plan(self.rep, account, plan)
        self._note("plan", account=account, start=[int(x) for x in plan.start], ideal=[int(x) for x in plan.ideal],
                   batna=float(plan.batna))

    def submit_move(self, account: str, move: Move) -> None:
        self.world.submit_move(self.rep, account, move)
        self._note("move", account=account, kind=move.kind,
                   offer=None if move.offer is None else [int(x) for x in move.offer], issue=move.issue)

    def record_phase(self, account: str, phase: int) -> None:
        self.world.record_phase(self.rep, account, phase)
        self._note("phase", account=account, phase=int(phase))

    def forecast(self, account: str, probability: float) -> None:
        self.world.record_forecast(self.rep, account, probability)
        self._note("forecast", account=account, probability=float(probability))

    # -- saving

    def data(self) -> dict[str, Any]:
        """The replay as a plain dict (the file's content)."""
        world = self.world
        out: dict[str, Any] = {
            "format": FORMAT, "version": VERSION,
            "scenario_sha256": scenario_sha256(world.scenario), "scenario_title": world.scenario.meta.title,
            "seed": int(world.seed), "rep": self.rep, "quarters": int(world.scenario.calendar.quarters),
            "player": self.player, "source": self.source, "seats": dict(self.seats),
            "decisions": [dict(d) for d in self.decisions],
        }
        if world.log.records and world.log.records[-1]["kind"] == "run_ended":
            out["log_sha256"] = log_sha256(world.log.to_jsonl())
        return out

    def save(self, path: str | os.PathLike) -> None:
        save_replay(path, self.data())


def _action_fields(action: Action) -> dict[str, Any]:
    return {"name": action.name, "account": action.account, "person": action.person, "via": action.via,
            "service": action.service}


# ---------------------------------------------------------------------- the file


def content_sha256(data: Mapping[str, Any]) -> str:
    """Checksum of a replay's content (key order and layout aside), stored in the file as `sha256`."""
    canonical = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def save_replay(path: str | os.PathLike, data: Mapping[str, Any] | Recorder) -> None:
    """Write a replay atomically (checked first, so that what is saved can be loaded), with its checksum."""
    if isinstance(data, Recorder):
        data = data.data()
    checked = validate(dict(data), str(path))
    sealed = {**checked, "sha256": content_sha256(checked)}
    atomic_write_text(path, json.dumps(sealed, indent=1, ensure_ascii=False, allow_nan=False) + "\n")


def load_replay(path: str | os.PathLike) -> dict[str, Any]:
    """Read and check a replay file; any problem is a ReplayError naming the file and the field."""
    name = str(path)
    try:
        size = os.stat(path).st_size
        if size > MAX_BYTES:
            raise ReplayError(f"{name}: {size} bytes is too big for a replay (at most {MAX_BYTES // (1024 * 1024)} MiB)")
        with open(path, "rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise ReplayError(f"{name}: cannot read the file ({exc.strerror or exc})") from None
    if len(raw) > MAX_BYTES:
        raise ReplayError(f"{name}: too big for a replay (at most {MAX_BYTES // (1024 * 1024)} MiB)")
    return loads(raw, name)


def loads(raw: bytes | str, name: str = "<replay>") -> dict[str, Any]:
    """Parse and check a replay from bytes or text."""
    if isinstance(raw, bytes):
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ReplayError(f"{name}: not UTF-8 text (bad byte at offset {exc.start})") from None
    else:
        text = raw
    try:
        data = json.loads(text, parse_constant=_no_constant, object_pairs_hook=_no_duplicates)
    except json.JSONDecodeError as exc:
        raise ReplayError(f"{name}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})") from None
    except RecursionError:
        raise ReplayError(f"{name}: nested too deeply to be a replay") from None
    except ValueError as exc:
        raise ReplayError(f"{name}: not valid JSON ({exc})") from None
    if isinstance(data, dict) and "sha256" in data:  # files saved without one (older ones) are checked field by field
        claimed = data.pop("sha256")
        try:
            actual = content_sha256(data)
        except ValueError:
            actual = None
        if claimed != actual:
            raise ReplayError(f"{name}: damaged: its content does not match the sha256 saved with it (the file was "
                              "changed or corrupted after it was saved)")
    return validate(data, name)


def _no_constant(token: str) -> Any:
    raise ValueError(f"{token} is not a number a replay may contain")


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise ValueError(f"the key '{key}' appears twice in one object")
        out[key] = value
    return out


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: Any) -> bool:
    return (isinstance(value, int | float) and not isinstance(value, bool)) and math.isfinite(value)


def _int_list(value: Any) -> bool:
    return isinstance(value, list) and 0 < len(value) <= 64 and all(_is_int(x) and x >= 0 for x in value)


def validate(data: Any, name: str = "<replay>") -> dict[str, Any]:
    """Check a replay's structure; returns it unchanged, or raises ReplayError with a clear message."""
    if not isinstance(data, dict):
        raise ReplayError(f"{name}: a replay is a JSON object, not {type(data).__name__}")
    if data.get("format") != FORMAT:
        raise ReplayError(f"{name}: not a Dealcraft replay (format is {data.get('format')!r}, expected '{FORMAT}')")
    if data.get("version") != VERSION:
        raise ReplayError(f"{name}: replay version {data.get('version')!r} is not supported (this Dealcraft reads "
                          f"version {VERSION})")
    missing = [k for k in _TOP_REQUIRED if k not in data]
    if missing:
        raise ReplayError(f"{name}: missing field{'s' if len(missing) > 1 else ''} {', '.join(missing)}")
    unknown = sorted(set(data) - set(_TOP_REQUIRED) - set(_TOP_OPTIONAL))
    if unknown:
        raise ReplayError(f"{name}: unknown field{'s' if len(unknown) > 1 else ''} {', '.join(unknown)}")
    sha = data["scenario_sha256"]
    if not (isinstance(sha, str) and len(sha) == 64 and all(c in "0123456789abcdef" for c in sha)):
        raise ReplayError(f"{name}: scenario_sha256 must be 64 lowercase hex digits")
    if "log_sha256" in data:
        sha = data["log_sha256"]
        if not (isinstance(sha, str) and len(sha) == 64 and all(c in "0123456789abcdef" for c in sha)):
            raise ReplayError(f"{name}: log_sha256 must be 64 lowercase hex digits")
    if not isinstance(data["scenario_title"], str):
        raise ReplayError(f"{name}: scenario_title must be text")
    if not (_is_int(data["seed"]) and data["seed"] >= 0):
        raise ReplayError(f"{name}: seed must be a whole number, 0 or more")
    if not (isinstance(data["rep"], str) and data["rep"]):
        raise ReplayError(f"{name}: rep must be a rep id")
    if not (_is_int(data["quarters"]) and 1 <= data["quarters"] <= 100):
        raise ReplayError(f"{name}: quarters must be a whole number from 1 to 100")
    if "player" in data and not isinstance(data["player"], str):
        raise ReplayError(f"{name}: player must be text")
    if "source" in data and data["source"] is not None and not isinstance(data["source"], str):
        raise ReplayError(f"{name}: source must be text or null")
    seats = data.get("seats", {})
    if not (isinstance(seats, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in seats.items())):
        raise ReplayError(f"{name}: seats must map rep ids to strategy specs")
    if data["rep"] in seats:
        raise ReplayError(f"{name}: seats must not include the recorded rep '{data['rep']}'")
    decisions = data["decisions"]
    if not isinstance(decisions, list):
        raise ReplayError(f"{name}: decisions must be a list")
    last = (-1.0, -1)
    for i, d in enumerate(decisions):
        where = f"{name}: decision {i + 1}"
        _check_decision(d, where)
        position = (float(d["t"]), int(d.get("stop", 0)))
        if position < last:
            raise ReplayError(f"{where}: out of order (t={d['t']} comes before the previous decision)")
        last = position
    return data


def _check_decision(d: Any, where: str) -> None:
    if not isinstance(d, dict):
        raise ReplayError(f"{where}: a decision is a JSON object")
    kind = d.get("type")
    if kind not in _DECISION_FIELDS:
        raise ReplayError(f"{where}: unknown type {kind!r} (expected one of {', '.join(TYPES)})")
    if "t" not in d:
        raise ReplayError(f"{where}: missing field t")
    if not (_is_number(d["t"]) and d["t"] >= 0):
        raise ReplayError(f"{where}: t must be a time in working hours, 0 or more")
    if "stop" in d and not (_is_int(d["stop"]) and d["stop"] >= 0):
        raise ReplayError(f"{where}: stop must be a whole number, 0 or more")
    required, optional = _DECISION_FIELDS[kind]
    missing = [k for k in required if k not in d]
    if missing:
        raise ReplayError(f"{where}: a {kind} needs {', '.join(missing)}")
    unknown = sorted(set(d) - {"t", "stop", "type"} - set(required) - set(optional))
    if unknown:
        raise ReplayError(f"{where}: unknown field{'s' if len(unknown) > 1 else ''} {', '.join(unknown)} for a {kind}")
    for key in ("name", "account"):
        if key in required and not (isinstance(d[key], str) and d[key]):
            raise ReplayError(f"{where}: {key} must be text")
    for key in optional:
        if key == "first":
            if key in d and not isinstance(d[key], bool):
                raise ReplayError(f"{where}: first must be true or false")
        elif key in d and d[key] is not None and key != "offer" and not isinstance(d[key], str):
            raise ReplayError(f"{where}: {key} must be text or null")
    if kind == "plan":
        for key in ("start", "ideal"):
            if not _int_list(d[key]):
                raise ReplayError(f"{where}: {key} must be a list of value indices (whole numbers, 0 or more)")
        if not _is_number(d["batna"]):
            raise ReplayError(f"{where}: batna must be a number")
    elif kind == "move":
        if d["kind"] not in REP_MOVES:
            raise ReplayError(f"{where}: kind {d['kind']!r} is not a rep's move ({', '.join(REP_MOVES)})")
        if d.get("offer") is not None and not _int_list(d["offer"]):
            raise ReplayError(f"{where}: offer must be a list of value indices or null")
    elif kind == "phase":
        if not (_is_int(d["phase"]) and 1 <= d["phase"] <= 5):
            raise ReplayError(f"{where}: phase must be 1 to 5")
    elif kind == "forecast":
        if not (_is_number(d["probability"]) and 0 <= d["probability"] <= 1):
            raise ReplayError(f"{where}: probability must be a number from 0 to 1")


# ---------------------------------------------------------------------- replaying


def replay(scenario: Scenario, data: Mapping[str, Any]) -> RunResult:
    """Re-run a recorded quarter: same seed, the recorded rep fed each decision at its position,
    the other reps as recorded. Raises ReplayError if the scenario differs or the replay diverges."""
    data = validate(dict(data))
    scenario = with_quarters(scenario, data["quarters"])
    if scenario_sha256(scenario) != data["scenario_sha256"]:
        raise ReplayError(f"this replay was recorded on another version of the scenario "
                          f"('{data['scenario_title']}'); it cannot be replayed on '{scenario.meta.title}'")
    rep = data["rep"]
    reps = {r.id for r in scenario.team.reps}
    if rep not in reps:
        raise ReplayError(f"the scenario has no rep '{rep}'")
    seed = data["seed"]
    streams = World.streams_for(seed)
    controllers: dict[str, Any] = {}
    for other, spec in data.get("seats", {}).items():
        if other not in reps:
            raise ReplayError(f"the scenario has no rep '{other}' (seats)")
        try:
            controllers[other] = make_controller(spec, streams.get("strategy", other))
        except StrategyError as exc:
            raise ReplayError(f"seat of '{other}': {exc}") from None
    controllers[rep] = QueueController(name=data.get("player", "you"))
    world = World(scenario, seed, controllers, source=data.get("source"))
    position = _Position(world)
    issues = _issues(scenario)
    for i, d in enumerate(data["decisions"]):
        _reach(world, position, float(d["t"]), int(d.get("stop", 0)), i + 1)
        _apply(world, rep, d, issues, i + 1)
    while not world.finished:
        position.after(world.advance("end"))
    log = world.log
    log.add(world.env.now, "run_ended")
    expected = data.get("log_sha256")
    if expected is not None and log_sha256(log.to_jsonl()) != expected:
        raise ReplayError("the replay diverged from the recording: the event log differs "
                          "(was it recorded with another version of Dealcraft?)")
    return summarise(world)


def _reach(world: World, position: _Position, t: float, stop: int, index: int) -> None:
    """Advance to the decision's position: time t, after `stop` decision points at that time."""
    while True:
        now, met = position.current()
        if now > t or (now == t and met > stop):
            raise ReplayError(f"decision {index}: the replay diverged (it was taken at t={t}, stop {stop}; the world "
                              f"is at t={now}, stop {met})")
        if now < t:
            position.after(world.advance(t))
            continue
        if met == stop:
            return
        # Step through the events of this instant up to the next decision point.
        position.after(world.advance(math.nextafter(t, math.inf)))


def _apply(world: World, rep: str, d: dict[str, Any], issues: tuple, index: int) -> None:
    kind = d["type"]
    if kind == "action":
        world.submit(rep, Action(d["name"], d.get("account"), d.get("person"), d.get("via"), d.get("service")),
                     first=bool(d.get("first", False)))
    elif kind == "plan":
        for key in ("start", "ideal"):
            outcome = d[key]
            if len(outcome) != len(issues) or any(x >= issue.steps for x, issue in zip(outcome, issues, strict=True)):
                raise ReplayError(f"decision {index}: the plan's {key} does not fit the scenario's "
                                  f"{len(issues)} negotiation issues")
        world.submit_plan(rep, d["account"], Plan(tuple(d["start"]), tuple(d["ideal"]), float(d["batna"])))
    elif kind == "move":
        offer = tuple(d["offer"]) if d.get("offer") is not None else None
        world.submit_move(rep, d["account"], Move(d["kind"], offer, d.get("issue")))
    elif kind == "phase":
        if d["account"] not in world.accounts:
            raise ReplayError(f"decision {index}: no account '{d['account']}' at this point of the replay")
        world.record_phase(rep, d["account"], d["phase"])
    elif kind == "forecast":
        world.record_forecast(rep, d["account"], d["probability"])


def _issues(scenario: Scenario) -> tuple:
    from sim.negotiation.table import issues_of

    return issues_of(SimpleNamespace(scenario=scenario))  # type: ignore[arg-type]


# ---------------------------------------------------------------------- skill against luck

CONTACTS_EXCLUDED = ("research", "internal_coordination", "client_checkin", "cross_sell", "proposal")
"""Actions that do not count as keeping in touch with a prospect (desk work, clients; a proposal is a step)."""
CADENCE_RANGE = (0.25, 4.0)
CADENCE_SLACK = 0.4
"""How far a policy's median contact gap runs over its cadence parameter (in cadences): it acts only
when free, at its next wake. Measured with phase-aware on the onboarding scenario, seeds 1-5 and
cadence 0.5-3 (median gap about cadence + 0.4); subtracted so that a built-in's fingerprint gives
back about its own parameter."""


def fingerprint(records: Iterable[Mapping[str, Any]], rep: str, scenario: Scenario | None = None) -> str:
    """A built-in strategy spec that plays like the rep did, from the event log alone:

    - lead_delay: median working hours from an inbound lead's arrival — or, if the rep was in the
      middle of an action then, from the end of that action — to the start of the rep's first
      action on it (a lead never answered counts as a week);
    - cadence: median contact gap on engaged prospects over the phase's cadence (an account left
      overdue at the end counts with its open gap), divided by the share of the rep's prospects
      the rep worked at all, less CADENCE_SLACK, within 0.25-4;
    - discount: median discount in the rep's opening offers at the table (0 without a negotiation);
    - manager: whether the rep brought the manager in (an accompanied meeting or the bad cop).

    `scenario` gives the effect tables and negotiation issues in force (default: the built-in ones).
    """
    records = list(records)
    tables = Tables(scenario.effects if scenario is not None else None)
    week = (scenario.calendar.hours_per_day * scenario.calendar.days_per_week) if scenario is not None else 40.0
    end = records[-1]["t"] if records else 0.0

    owned: dict[str, str | None] = {}
    open_: dict[str, bool] = {}
    lead_at: dict[str, float] = {}
    first_action: dict[str, float] = {}
    busy: list[tuple[float, float]] = []
    engaged: set[str] = set()
    last_touch: dict[str, tuple[float, int]] = {}
    ratios: list[float] = []
    worked: set[str] = set()
    prospects: set[str] = set()
    discounts: list[float] = []
    manager = False
    discount_issue = _discount_issue(scenario)

    for r in records:
        kind, account, who, t = r["kind"], r.get("account"), r.get("rep"), r["t"]
        if kind in ("hidden_phase", "lead_arrived", "account_added", "referral"):
            owned[account] = who
            open_[account] = r.get("status", "prospect") == "prospect"
            if open_[account] and who == rep:
                prospects.add(account)
            if kind == "lead_arrived" and who == rep:
                lead_at[account] = t
        elif kind == "handoff":
            owned[account] = r.get("to")
        elif kind in ("deal_won", "deal_lost", "deal_no_decision"):
            open_[account] = False
        elif kind == "engaged":
            engaged.add(account)
        if who != rep:
            continue
        if kind == "action" and account is not None:
            start = t - float(r.get("hours", 0.0))
            first_action.setdefault(account, start)
            busy.append((start, t))
            if r["action"] == "accompanied_meeting":
                manager = True
            if open_.get(account) and r["action"] not in CONTACTS_EXCLUDED:
                worked.add(account)
                if account in engaged:
                    if account in last_touch:
                        t0, phase = last_touch[account]
                        ratios.append((t - t0) / tables.phase(phase).cadence_hours)
                    last_touch[account] = (t, int(r.get("phase", 1)))
        elif kind == "manager_joined" and r.get("action") == "bad_cop":
            manager = True
        elif kind == "negotiation_round" and r.get("rep_move") == "escalate":
            manager = True
        elif kind == "negotiation_prepared":
            value = _discount_of(r.get("start") or {}, discount_issue)
            if value is not None:
                discounts.append(value)

    delays = [max(0.0, first_action[a] - _free_at(at, busy)) if a in first_action and first_action[a] >= at else week
              for a, at in lead_at.items()]
    lead_delay = min(PARAM_RANGES["lead_delay"][1], statistics.median(delays)) if delays else 0.05
    for account, (t0, phase) in last_touch.items():
        if open_.get(account):
            gap = (end - t0) / tables.phase(phase).cadence_hours
            if gap > 1:
                ratios.append(gap)
    share = len(worked & prospects) / len(prospects) if prospects else 1.0
    base = statistics.median(ratios) if ratios else 1.0 + CADENCE_SLACK  # no gap seen: the usual cadence
    cadence = min(CADENCE_RANGE[1], max(CADENCE_RANGE[0], base / max(share, 1e-9) - CADENCE_SLACK))
    discount = statistics.median(discounts) if discounts else 0.0
    return (f"phase-aware:lead_delay={_num(lead_delay)},cadence={_num(cadence)},discount={_num(discount)},"
            f"manager={'true' if manager else 'false'}")


def _free_at(t: float, busy: list[tuple[float, float]]) -> float:
    """When the rep was next free at time t: the end of the action in progress then, if any."""
    return max([t] + [end for start, end in busy if start <= t < end])


def _num(x: float) -> str:
    return format(round(float(x), 2), "g")


def _discount_issue(scenario: Scenario | None):
    issues = _issues(scenario) if scenario is not None else DEFAULT_ISSUES
    return next((i for i in issues if i.effect == "discount"), None)


def _discount_of(start: Mapping[str, str], issue) -> float | None:
    if issue is None or issue.id not in start:
        return None
    label = start[issue.id]
    for index in range(issue.steps):
        if issue.label(index) == label:
            return issue.amount(index)
    return None


def metric_of(result: RunResult, rep: str, metric: str) -> float | None:
    """A rep's value of `metric` in a run: a metrics field ('revenue', 'quota_attainment', 'margin', ...)
    or 'overall' (the overall grade)."""
    if metric == "overall":
        return result.overall["scores"][rep]["overall"]
    row = result.overall["reps"][rep]
    if metric not in row or isinstance(row[metric], list | dict | str):
        numeric = sorted(k for k, v in row.items() if isinstance(v, int | float) and not isinstance(v, bool))
        raise ValueError(f"unknown metric '{metric}'; use overall or one of {', '.join(numeric)}")
    return row[metric]


def percentile(value: float, sample: list[float]) -> float:
    """Where `value` falls in `sample`, 0-100: the share below it, ties counting half (mid-rank)."""
    if not sample:
        raise ValueError("no results to compare with")
    below = sum(1 for x in sample if x < value)
    equal = sum(1 for x in sample if x == value)
    return round(100.0 * (below + 0.5 * equal) / len(sample), 1)


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def luck_percentile(scenario: Scenario, rep: str, actual_value: float, seeds: Iterable[int], metric: str = "revenue",
                    *, policy: str | None = None, records: Iterable[Mapping[str, Any]] | None = None,
                    quarters: int | None = None, seats: Mapping[str, str] | None = None,
                    progress: Callable[[int, int], None] | None = None) -> dict[str, Any]:
    """Play the rep's own style (`policy`, or the fingerprint of `records`) in the rep's seat over
    `seeds`, the other seats unchanged, and place `actual_value` among those results;
    `progress(done, total)` after each seed's quarter."""
    if policy is None:
        if records is None:
            raise ValueError("give the rep's policy (a strategy spec) or the records to fingerprint it from")
        policy = fingerprint(records, rep, scenario)
    seeds = [int(s) for s in seeds]
    if not seeds:
        raise ValueError("give at least one seed")
    chosen = dict(seats or {})
    chosen[rep] = policy
    values = []
    for done, seed in enumerate(seeds, start=1):
        value = metric_of(run(scenario, seed, quarters=quarters, seats=chosen, per_quarter=False), rep, metric)
        if value is not None:
            values.append(float(value))
        if progress is not None:
            progress(done, len(seeds))
    if not values:
        raise ValueError(f"'{metric}' has no value for rep '{rep}' in these runs")
    p = percentile(float(actual_value), values)
    return {
        "percentile": p, "metric": metric, "policy": policy, "actual": float(actual_value), "seeds": seeds,
        "values": values, "min": min(values), "median": statistics.median(values), "max": max(values),
        "text": f"your result is at the {ordinal(int(round(p)))} percentile of your own play",
    }

