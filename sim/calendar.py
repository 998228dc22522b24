"""Working time: the simulation clock counts working hours; people live in calendar hours.

A lead that arrives at 16:00 and is called back at 09:00 waited one working hour but
seventeen calendar hours; lead decay (CALIBRATION C1) runs on calendar time.
"""

from __future__ import annotations

from dataclasses import dataclass

from sim.scenario.schema import Calendar as CalendarSpec


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
        return int(t // self.week_hours) + 1

    def day_of(self, t: float) -> int:
        """1-based working day number since the start of play."""
        return int(t // self.hours_per_day) + 1

    def week_start(self, week: int) -> float:
        return (week - 1) * self.week_hours

    def next_day_start(self, t: float) -> float:
        return (int(t // self.hours_per_day) + 1) * self.hours_per_day

    def next_week_start(self, t: float) -> float:
        return (int(t // self.week_hours) + 1) * self.week_hours

    def calendar_hours(self, t0: float, t1: float) -> float:
        """Calendar hours between two working-time instants: nights and weekends count."""
        if t1 <= t0:
            return 0.0
        night = 24.0 - self.hours_per_day
        weekend = 24.0 * (7 - self.days_per_week)
        days = int(t1 // self.hours_per_day) - int(t0 // self.hours_per_day)
        weeks = int(t1 // self.week_hours) - int(t0 // self.week_hours)
        return (t1 - t0) + days * night + weeks * weekend

    def label(self, t: float) -> str:
        """'week 3, day 2, 10:30' for debriefs and the game; from the second quarter on,
        'Q2 week 3, day 2, 10:30' (the week within its quarter, as the trainee counts)."""
        week = self.week_of(t)
        quarter, week_in_quarter = divmod(week - 1, self.weeks)
        prefix = f"Q{quarter + 1} week {week_in_quarter + 1}" if quarter else f"week {week}"
        day = int((t % self.week_hours) // self.hours_per_day) + 1
        hour = 9 + (t % self.hours_per_day)
        return f"{prefix}, day {day}, {int(hour):02d}:{int(round((hour % 1) * 60)) % 60:02d}"
