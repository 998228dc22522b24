"""One trainee's game: the world, the recorder that drives it, and what the screens read.

The session never simulates on its own: it passes the trainee's decisions to the
Recorder (which passes them to the World) and reads back what `sim` reports.

The world is built for several quarters (at least PLAYABLE_QUARTERS) so that "next quarter"
continues the same world — same seed, same accounts, same pipeline — instead of starting over;
every draw comes from streams keyed by concern and id, so quarter 1 is the same quarter
however many follow it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from game.saves import SaveError
from sim.interface import Action, QueueController, RepView
from sim.negotiation import Move, Plan, TimeDependent
from sim.replay import Recorder
from sim.run import with_quarters
from sim.scenario.schema import Scenario
from sim.world import Stop, World


@dataclass
class Planned:
    action: Action
    hours: float


@dataclass
class Session:
    scenario: Scenario
    seed: int
    world: World = field(init=False)
    recorder: Recorder = field(init=False)
    rep: str = field(init=False)
    planned: list[Planned] = field(default_factory=list)
    week_started_t: float = 0.0
    week_started_at: int = 0
    """Index into the event log where the current week began (for the end-of-week summary)."""
    prepared: set[str] = field(default_factory=set)
    plans: dict[str, Plan] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    """What the game did on the trainee's behalf (defaults), shown in the week summary."""
    quarter: int = 0
    """The quarter being played, from 0; the report of a quarter comes at its end."""
    load_note: str = ""
    """Set by `load` when it had to fall back to the previous save (shown once to the trainee)."""
    forecasts: dict[str, float] = field(default_factory=dict)
    """The close probabilities the trainee stated, by account (what the screen shows back)."""
    save_path: object = None
    """Where to autosave at each week (None: no autosave)."""

    def __post_init__(self) -> None:
        self.scenario = with_quarters(self.scenario, max(self.scenario.calendar.quarters, PLAYABLE_QUARTERS))
        self.rep = self.scenario.team.reps[0].id
        self.world = World(self.scenario, self.seed, {self.rep: QueueController(name="trainee")}, source="game")
        self.recorder = Recorder(self.world, self.rep)

    # ---------------------------------------------------------------- reading

    @property
    def view(self) -> RepView:
        return self.world.view(self.rep)

    @property
    def week(self) -> int:
        """Week of the current quarter, from 1 (weeks + 1 once the quarter is over)."""
        return self.world.clock.week_of(self.world.env.now) - self.quarter * self.weeks

    @property
    def weeks(self) -> int:
        return self.scenario.calendar.weeks

    @property
    def quarters(self) -> int:
        """How many quarters this game can run to (the world's horizon)."""
        return self.scenario.calendar.quarters

    @property
    def quarter_start(self) -> float:
        return self.quarter * self.world.clock.quarter_hours

    @property
    def quarter_end(self) -> float:
        return (self.quarter + 1) * self.world.clock.quarter_hours

    @property
    def quarter_over(self) -> bool:
        return self.world.env.now >= self.quarter_end

    @property
    def has_next_quarter(self) -> bool:
        return self.quarter + 1 < self.quarters

    @property
    def guided_week(self) -> bool:
        """The guided first week: only in a scenario that asks for it, only in its very first week."""
        return bool(getattr(self.scenario.meta, "guided", False)) and self.quarter == 0 and self.week == 1

    @property
    def hours_planned(self) -> float:
        return sum(p.hours for p in self.planned)

    @property
    def currency(self) -> str:
        return getattr(self.scenario.meta, "currency", "EUR") or "EUR"

    def rep_name(self, rep_id: str | None) -> str:
        rep = self.world.reps.get(rep_id) if rep_id else None
        return rep.name if rep else (rep_id or "")

    def account_name(self, account: str) -> str:
        accounts = self.world.accounts
        return accounts[account].name if account in accounts else account

    def when(self, t: float) -> str:
        """A moment as the trainee counts: 'week 3, day 2, 10:30' within its quarter ('Q2 week 3, …' once
        there is more than one quarter), not the world's running week number (week 16 is Q2's week 3)."""
        clock = self.world.clock
        q = clock.quarter_of(t)
        rest = clock.label(t).split(", ", 1)[-1]
        prefix = f"Q{q + 1} " if self.quarter > 0 or q > 0 else ""
        return f"{prefix}week {clock.week_of(t) - q * clock.weeks}, {rest}"

    def queued(self) -> list[str]:
        """The actions submitted this week that have not been played yet, in the order they will be.

        Read from what was submitted, what was done and what was refused (the count is exact; after a
        call made with `act_now`, which jumps the queue, the names are the plan's order)."""
        t0 = self.week_started_t
        submitted = [d["name"] for d in self.recorder.decisions if d["type"] == "action" and d["t"] >= t0]
        done = sum(1 for h in self.view.history() if h["t"] >= t0)
        refused = sum(1 for r in self.records_since_week() if r["kind"] == "action_refused" and r.get("rep") == self.rep)
        return submitted[min(len(submitted), done + refused):]

    def records_since_week(self) -> list[dict]:
        return self.world.log.records[self.week_started_at:]

    # ---------------------------------------------------------------- deciding

    def plan(self, action: Action, hours: float) -> None:
        self.planned.append(Planned(action, hours))

    def unplan(self, account: str | None) -> Planned | None:
        """Remove the last action planned this week for `account` (None: the last team action, one
        planned for no account); returns it, or None when nothing is planned for it."""
        for i in range(len(self.planned) - 1, -1, -1):
            if self.planned[i].action.account == account:
                return self.planned.pop(i)
        return None

    def act_now(self, action: Action) -> None:
        """Do this next, before the rest of the week's plan (calling a lead the moment it arrives):
        it starts as soon as the action in progress ends."""
        self.recorder.submit(action, first=True)

    def record_phase(self, account: str, phase: int) -> None:
        self.recorder.record_phase(account, phase)

    def forecast(self, account: str, probability: float) -> None:
        self.recorder.forecast(account, probability)
        self.forecasts[account] = probability

    def start_week(self) -> None:
        """Submit the week's planned actions; the world plays them as it advances."""
        self.week_started_at = len(self.world.log.records)
        self.week_started_t = self.world.env.now
        self.notes = []
        for p in self.planned:
            self.recorder.submit(p.action)
        self.planned = []

    def advance(self) -> Stop:
        """Advance to the end of the week or the next decision point of the trainee."""
        return self.recorder.advance(min(self.world.clock.next_week_start(self.world.env.now), self.quarter_end))

    def next_quarter(self) -> None:
        """Continue the same world into the next quarter (the report of this one has been read)."""
        if not (self.quarter_over and self.has_next_quarter):
            raise ValueError("the next quarter starts when this one is over, within the game's quarters")
        self.quarter += 1
        self.week_started_at = len(self.world.log.records)
        self.week_started_t = self.world.env.now
        self.planned = []
        self.notes = []

    # ---------------------------------------------------------------- negotiation

    def needs_plan(self, account: str) -> bool:
        view = self.view.negotiation(account)
        return view is not None and account not in self.prepared and not view.history

    def default_plan(self, account: str) -> Plan | None:
        """The prepared start / ideal / BATNA a linear negotiator would choose (sim's own tactic)."""
        view = self.view.negotiation(account)
        return None if view is None else TimeDependent(1.0).prepare(view)

    def submit_plan(self, account: str, plan: Plan) -> None:
        self.prepared.add(account)
        self.plans[account] = plan
        self.recorder.submit_plan(account, plan)

    def submit_move(self, account: str, move: Move) -> None:
        self.recorder.submit_move(account, move)

    def auto_negotiate(self, account: str) -> None:
        """What the game does when the trainee lets it: the default plan, then accept any buyer offer."""
        view = self.view.negotiation(account)
        if view is None:
            return
        if self.needs_plan(account):
            plan = self.default_plan(account)
            if plan is not None:
                self.submit_plan(account, plan)
                self.notes.append(f"Prepared the negotiation at {self.account_name(account)} with the default plan.")
            return
        if view.standing is not None:
            self.submit_move(account, Move("accept"))
            self.notes.append(f"Accepted the buyer's offer at {self.account_name(account)}.")
        else:
            self.submit_move(account, Move("silence"))

    # ---------------------------------------------------------------- the end

    def autosave(self) -> str | None:
        """Save at the week boundary (also the quarter's last: a resumed game then opens on its report);
        returns a message for the trainee if saving failed."""
        if self.save_path is None:
            return None
        try:
            autosave(self, self.save_path)
        except (OSError, ValueError) as exc:
            return f"Autosave failed: {exc}"
        return None


# -------------------------------------------------------------------- autosave, load and resume

PLAYABLE_QUARTERS = 4
"""A trainee can play on for a year even when the scenario describes one quarter."""


def save_data(session: Session) -> dict:
    """The payload of a save: the scenario and the recorded decisions (the world is rebuilt by replay)."""
    return {"t": float(session.world.env.now), "quarter": session.quarter, "week": min(session.week, session.weeks),
            "quarter_over": session.quarter_over,
            "scenario": session.scenario.model_dump(mode="json", by_alias=True),
            "replay": session.recorder.data()}


def autosave(session: Session, path) -> None:
    """Write the save atomically, keeping the previous one (game.saves)."""
    from game.saves import write_save  # noqa: PLC0415

    write_save(path, save_data(session))


def load(path) -> Session:
    """Rebuild a saved game: the same scenario and seed, the recorded decisions replayed to the saved week.

    Tries the latest save, then the previous one; raises SaveError (one plain message) when neither works.
    """
    from game.saves import candidates, fallback_note, read_one  # noqa: PLC0415

    first: SaveError | None = None
    for which, candidate in candidates(path):
        try:
            session = rebuild(read_one(candidate))
        except SaveError as exc:
            first = first or exc
            continue
        session.load_note = "" if which == "latest" else fallback_note(first)
        return session
    raise first or SaveError("There is no saved game yet.")


def rebuild(data: dict) -> Session:
    from sim.replay import ReplayError, _reach, scenario_sha256, validate  # noqa: PLC0415

    try:
        scenario = Scenario.model_validate(data["scenario"])
        replay = validate(data["replay"])
        target = float(data["t"])
        session = Session(scenario, int(replay["seed"]))
        if scenario_sha256(session.scenario) != replay["scenario_sha256"]:
            raise SaveError("The saved game does not match its scenario; it cannot be resumed.")
        session.quarter = int(data.get("quarter", 0))
        if not 0 <= session.quarter < session.quarters or target > session.quarter_end:
            raise SaveError("The saved game is damaged: its quarter is out of range.")
        rec = session.recorder
        for i, d in enumerate(replay["decisions"]):
            _reach(session.world, rec._position, float(d["t"]), int(d.get("stop", 0)), i + 1)
            _apply_decision(session, d)
        while session.world.env.now < target:
            rec.advance(target)
    except SaveError:
        raise
    except (ReplayError, KeyError, TypeError, ValueError) as exc:
        raise SaveError(f"The saved game is damaged or from another version: {exc}") from None
    session.week_started_at = len(session.world.log.records)
    session.week_started_t = session.world.env.now
    return session


def _apply_decision(session: Session, d: dict) -> None:
    kind = d["type"]
    if kind == "action":
        session.recorder.submit(Action(d["name"], d.get("account"), d.get("person"), d.get("via"), d.get("service")),
                                first=bool(d.get("first", False)))
    elif kind == "plan":
        session.submit_plan(d["account"], Plan(tuple(d["start"]), tuple(d["ideal"]), float(d["batna"])))
    elif kind == "move":
        offer = tuple(d["offer"]) if d.get("offer") is not None else None
        session.submit_move(d["account"], Move(d["kind"], offer, d.get("issue")))
    elif kind == "phase":
        session.record_phase(d["account"], d["phase"])
    elif kind == "forecast":
        session.forecast(d["account"], d["probability"])
