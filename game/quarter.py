"""What the end-of-quarter report shows, read from sim — and the same-seed comparison off the frame loop.

Why a separate module: the report scene only draws. Everything it draws comes from sim's
own readers of the event log (sim.metrics, sim.scores, sim.debrief, sim.compare), gathered
here once per quarter, without pygame, so tests and the report read the same numbers.

The same-seed comparison replays the whole quarter once per built-in strategy, which takes
from a fraction of a second to several seconds: `Comparison` runs it on a worker thread,
one strategy at a time, so the window keeps drawing and can show how far it has got.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from sim import metrics, scores
from sim.debrief import Finding, belief_timeline, findings, phase_accuracy
from sim.strategies import BUILTINS


@dataclass(frozen=True)
class WeekPoint:
    """The trainee's state at the end of one week of the quarter, as sim's metrics report it."""

    week: int
    revenue: float
    """Revenue signed since the quarter began."""
    pipeline: tuple[int, ...]
    """Open deals by true phase (1-5) at the end of the week."""


@dataclass(frozen=True)
class Segment:
    t0: float
    t1: float
    recorded: int | None
    true: int


@dataclass(frozen=True)
class AccountLine:
    account: str
    name: str
    segments: tuple[Segment, ...]
    right_share: float | None
    """Share of the time (since the first recording in the quarter) that the recorded phase was the true one."""


@dataclass
class QuarterReport:
    quarter: int
    t0: float
    t1: float
    weeks: int
    metrics: dict
    team: dict
    score: dict
    points: list[WeekPoint]
    findings: list[Finding]
    lines: list[AccountLine]
    accuracy: float | None
    """Share of this quarter's recordings that matched the hidden phase when made (sim.debrief.phase_accuracy)."""


def quarter_report(session) -> QuarterReport:
    """Everything the report shows for the session's current (finished) quarter."""
    world, scenario, rep = session.world, session.scenario, session.rep
    records = world.log.records
    t0, t1 = session.quarter_start, session.quarter_end
    computed = metrics.compute(records, scenario, t0, t1)
    graded = scores.score(records, scenario, t0, t1, computed=computed)
    week_hours = world.clock.week_hours
    points = []
    for week in range(1, session.weeks + 1):
        row = metrics.compute(records, scenario, t0, t0 + week * week_hours)["reps"][rep]
        points.append(WeekPoint(week, row["revenue"], tuple(row["pipeline_by_phase"])))
    found = [f for f in findings(records, scenario, rep) if t0 <= f.t < t1]
    accuracy = phase_accuracy((r for r in records if t0 <= r["t"] < t1), rep)
    return QuarterReport(session.quarter, t0, t1, session.weeks, computed["reps"][rep], computed["team"],
                         graded[rep].as_dict(), points, found, account_lines(session, records, t0, t1), accuracy)


def account_lines(session, records, t0: float, t1: float) -> list[AccountLine]:
    """Per account, the recorded and the true phase as steps over [t0, t1); recorded accounts first."""
    out = []
    for account, line in belief_timeline((r for r in records if r["t"] < t1), session.rep).items():
        segments = []
        for i, (t, recorded, true) in enumerate(line):
            end = line[i + 1][0] if i + 1 < len(line) else t1
            lo, hi = max(t, t0), min(end, t1)
            if hi > lo:
                segments.append(Segment(lo, hi, recorded, true))
        if not segments:
            continue
        since = [s for s in segments if s.recorded is not None]
        span = sum(s.t1 - s.t0 for s in since)
        right = sum(s.t1 - s.t0 for s in since if s.recorded == s.true) / span if span > 0 else None
        out.append(AccountLine(account, session.account_name(account), tuple(segments), right))
    out.sort(key=lambda a: (a.right_share is None, a.name))
    return out


@dataclass
class Comparison:
    """The built-in strategies in the trainee's seat on the same seed, computed on a worker thread.

    Covers quarters 1 .. `quarters` (everything the trainee has played), against the trainee's
    own result over the same span. Read `done`, `total`, `rows` and `error` from the frame loop.
    """

    scenario: object
    seed: int
    rep: str
    actual: dict
    quarters: int
    strategies: list[str] = field(default_factory=lambda: list(BUILTINS))
    done: int = 0
    rows: list[dict] | None = None
    error: str = ""
    cancelled: bool = False
    _thread: threading.Thread | None = None

    @property
    def total(self) -> int:
        return len(self.strategies)

    @property
    def finished(self) -> bool:
        return self.rows is not None or bool(self.error)

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._work, name="same-seed comparison", daemon=True)
            self._thread.start()

    def cancel(self) -> None:
        self.cancelled = True

    def wait(self, timeout: float | None = None) -> bool:
        if self._thread is not None:
            self._thread.join(timeout)
        return self.finished

    def _work(self) -> None:
        from sim.compare import same_seed  # noqa: PLC0415

        found: list[dict] = []
        try:
            for name in self.strategies:
                if self.cancelled:
                    return
                rows = same_seed(self.scenario, self.seed, self.rep, self.actual, quarters=self.quarters,
                                 strategies=[name])
                if not found:
                    found.append(next(r for r in rows if r["you"]))
                found.extend(r for r in rows if not r["you"])
                self.done += 1
            found.sort(key=lambda r: (-r["revenue"], not r["you"], r["strategy"]))
            self.rows = found
        except Exception as exc:  # noqa: BLE001  (shown in the report instead of killing the game)
            self.error = f"The comparison could not be computed: {exc}"


def comparison_for(session) -> Comparison:
    """The comparison over every quarter played so far, the trainee's row from sim's metrics."""
    t1 = session.quarter_end
    computed = metrics.compute(session.world.log.records, session.scenario, 0.0, t1)
    graded = scores.score(session.world.log.records, session.scenario, 0.0, t1, computed=computed)
    actual = dict(computed["reps"][session.rep], overall=graded[session.rep].overall)
    return Comparison(session.scenario, session.seed, session.rep, actual, session.quarter + 1)
