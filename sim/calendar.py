"""Working time: the simulation clock counts working hours; people live in calendar hours.

A lead that arrives at 16:00 and is called back at 09:00 waited one working hour but
seventeen calendar hours; lead decay (CALIBRATION C1) runs on calendar time.
"""

from __future__ import annotations

from dataclasses import dataclass

from sim.scenario.schema import Calendar as CalendarSpec

EPSILON = 1e-6
"""Hours: an instant this close below a day, week or quarter boundary counts as on it. Day lengths
such as 7.3 h are not exact in binary, so sums of them land a hair off the boundaries; without this a
rep told to wait until the next day could be told to wait zero hours, forever, and week numbers
would slip."""


def _index(t: float, span: float) -> int:
    """Whole spans elapsed at `t` (0-based), tolerant of float drift at the boundary."""
    return int((t + EPSILON) // span)


@dataclass(frozen=True)
class Clock:
    hours_per_day: float = 8.0
    days_per_week: int = 5
    weeks: int = 13

    @classmethod
    def from_spec(cls, spec: CalendarSpec) -> Clock:
        return cls(spec.hours_per_day, spec.days_per_week, spec.weeks)

    @property
    def week_hours(self) -> float:
        return self.hours_per_day * self.days_per_week

    @property
    def quarter_hours(self) -> float:
        return self.week_hours * self.weeks

    def week_of(self, t: float) -> int:
        """1-based week number since the start of play."""
        return _index(t, self.week_hours) + 1

    def day_of(self, t: float) -> int:
        """1-based working day number since the start of play."""
        return _index(t, self.hours_per_day) + 1

    def quarter_of(self, t: float) -> int:
        """0-based quarter of play at `t`."""
        return _index(t, self.quarter_hours)

    def week_start(self, week: int) -> float:
        return (week - 1) * self.week_hours

    def next_day_start(self, t: float) -> float:
        """The next day's start, always later than `t` (at least a day less EPSILON)."""
        return (_index(t, self.hours_per_day) + 1) * self.hours_per_day

    def next_week_start(self, t: float) -> float:
        return (_index(t, self.week_hours) + 1) * self.week_hours

    def next_quarter_start(self, t: float) -> float:
        return (self.quarter_of(t) + 1) * self.quarter_hours

    def calendar_hours(self, t0: float, t1: float) -> float:
        """Calendar hours between two working-time instants: nights and weekends count."""
        if t1 <= t0:
            return 0.0
        night = 24.0 - self.hours_per_day
        weekend = 24.0 * (7 - self.days_per_week)
        days = _index(t1, self.hours_per_day) - _index(t0, self.hours_per_day)
        weeks = _index(t1, self.week_hours) - _index(t0, self.week_hours)
        return (t1 - t0) + days * night + weeks * weekend

    def label(self, t: float) -> str:
        """'week 3, day 2, 10:30' for debriefs and the game; from the second quarter on,
        'Q2 week 3, day 2, 10:30' (the week within its quarter, as the trainee counts)."""
        week = self.week_of(t)
        quarter, week_in_quarter = divmod(week - 1, self.weeks)
        prefix = f"Q{quarter + 1} week {week_in_quarter + 1}" if quarter else f"week {week}"
        day_index = _index(t, self.hours_per_day)
        day = day_index - (week - 1) * self.days_per_week + 1
        hour = 9 + max(0.0, t - day_index * self.hours_per_day)
        return f"{prefix}, day {day}, {int(hour):02d}:{int(round((hour % 1) * 60)) % 60:02d}"
