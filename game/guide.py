"""The guided first week of a guided scenario (meta.guided): one prompt at a time, in the week itself.

Why steps that wait for the trainee instead of a page of text: a first-time trainee learns the
loop by doing it once — pick an account, read who is there and what they said, choose an
action, record the phase the signals suggest, state a forecast, end the week. The week scene
tells the guide what the trainee just did (`notice`); the prompt moves on when the step it
shows is done. A step done early counts, so nobody is asked to redo it. G skips the guide.
This is interface state only: nothing here reads or changes the model.
"""

from __future__ import annotations

from dataclasses import dataclass, field

STEPS: tuple[tuple[str, str, str], ...] = (
    ("select", "Pick an account",
     "Click a card on the board (or press Down / Tab): the panel on the right opens that account."),
    ("people", "Look at the people and the signals",
     "The panel shows who works there (research finds them) and what they said. Press P or click the panel."),
    ("plan", "Choose an action",
     "Pick an action in the menu (Left/Right then Enter, or click it). Research (1 h) tells you who decides."),
    ("phase", "Record a phase",
     "Which phase do the signals suggest? Press 1-5 or click a phase button. The report shows the truth later."),
    ("forecast", "Set a forecast",
     "How likely is this deal to close this quarter? Press F or click a percentage next to the phase buttons."),
    ("end", "End the week",
     "Check the calendar bar (hours planned against hours available), then press E or click End week."),
)

TARGETS = {"select": "board", "people": "people", "plan": "menu", "phase": "phase", "forecast": "forecast",
           "end": "end"}
"""Which part of the week screen each step points at (the scene draws an outline around it)."""


@dataclass
class Guide:
    done: set[str] = field(default_factory=set)
    skipped: bool = False

    def notice(self, step: str) -> None:
        self.done.add(step)

    def skip(self) -> None:
        self.skipped = True

    @property
    def index(self) -> int | None:
        """The step shown now (0-based), None once all are done."""
        for i, (name, _, _) in enumerate(STEPS):
            if name not in self.done:
                return i
        return None

    @property
    def active(self) -> bool:
        return not self.skipped and self.index is not None

    @property
    def current(self) -> tuple[str, str, str] | None:
        i = self.index
        return None if i is None or self.skipped else STEPS[i]
