"""Scenario choice: the shipped scenarios, or any scenario file typed into a path field.

The path field is a pygame_gui text entry (editing, cursor, selection and paste come with
it). A file that does not load shows the loader's own messages (FILE:LINE: FIELD: MESSAGE)
under the field — the same words `dealcraft validate` prints — and the trainee can fix
the path or the file and try again; nothing here can crash on a bad file.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pygame

from game import ui
from game.scenes.stack import Scene
from game.widgets import TextField
from sim.scenario import Scenario, ScenarioError, load_scenario
from sim.scenario.shipped import shipped_files

MAX_PROBLEMS_SHOWN = 6


@dataclass
class Choice:
    path: Path | None
    scenario: Scenario


def choices(preselected: Scenario | None) -> list[Choice]:
    out = []
    if preselected is not None:
        out.append(Choice(None, preselected))
    for path in shipped_files():
        try:
            scenario = load_scenario(path)
        except (ScenarioError, OSError):
            continue
        if preselected is not None and scenario.meta.title == preselected.meta.title:
            continue
        out.append(Choice(path, scenario))
    return out


def load_file(text: str) -> tuple[Scenario | None, list[str]]:
    """The scenario at the typed path, or the loader's messages saying why not."""
    typed = text.strip().strip("\"'")
    if not typed:
        return None, ["Type the path of a scenario file (.toml) first."]
    try:
        return load_scenario(Path(typed).expanduser()), []
    except ScenarioError as exc:
        return None, [str(p) for p in exc.problems] or [str(exc)]
    except (OSError, ValueError, RecursionError) as exc:
        return None, [f"{typed}: cannot be read ({exc})"]


class ChooseScene(Scene):
    name = "choose"

    def __init__(self, preselected: Scenario | None = None, seed: int = 1, save_path=None) -> None:
        super().__init__(None)
        self.save_path = save_path
        self.items = choices(preselected)
        self.index = 0
        self.seed = seed
        self.problems: list[str] = []
        # no tooltip: pygame_gui shows it under the field while the mouse rests there, right over the
        # loader's messages; the hint line under the field says the same
        self.field = TextField("type a path, e.g. ~/my-territory.toml")

    # ---------------------------------------------------------------- layout (pure)

    @property
    def file_index(self) -> int:
        return len(self.items)

    def rows(self) -> list[pygame.Rect]:
        w, h = self.size
        n = max(1, len(self.items))
        height = max(44, min(88, (h - 84 - 240) // n))
        return [pygame.Rect(40, 84 + i * (height + 6), w - 80, height) for i in range(len(self.items))]

    def file_rect(self) -> pygame.Rect:
        w, h = self.size
        rows = self.rows()
        top = (rows[-1].bottom if rows else 84) + 12
        return pygame.Rect(40, top, w - 80, h - 40 - top)

    def entry_rect(self) -> pygame.Rect:
        box = self.file_rect()
        return pygame.Rect(box.x + 14, box.y + 36, box.width - 28 - 150, 36)

    def load_button(self) -> ui.Button:
        entry = self.entry_rect()
        return ui.Button(pygame.Rect(entry.right + 10, entry.y - 2, 140, 40), "Load (Enter)", "load")

    # ---------------------------------------------------------------- state

    def resume(self) -> None:
        self.layout()

    def pause(self) -> None:
        self.field.hide()

    def update(self, dt: float) -> None:
        self.layout()
        if self.field.focused and self.index != self.file_index:
            self.index = self.file_index  # clicked into the field

    def layout(self) -> None:
        self.field.show(self.gui, self.entry_rect())
        if self.index == self.file_index:
            self.field.focus()

    def handle_event(self, event) -> None:
        self.field.handle_fallback(event)
        if event.type == pygame.KEYDOWN:
            self.on_key(event)
        elif event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            if self.load_button().rect.collidepoint(event.pos):
                self.select(self.file_index)
                self.start()
                return
            if self.entry_rect().collidepoint(event.pos) or self.file_rect().collidepoint(event.pos):
                self.select(self.file_index)
                return
            for i, rect in enumerate(self.rows()):
                if rect.collidepoint(event.pos):
                    if i == self.index:
                        self.start()
                    else:
                        self.select(i)
                    return

    def on_key(self, event) -> None:
        key = event.key
        typing = self.index == self.file_index
        if key in (pygame.K_RETURN, pygame.K_KP_ENTER) or (key == pygame.K_SPACE and not typing):
            self.start()
        elif key == pygame.K_ESCAPE:
            if typing and self.items:
                self.select(0)
            else:
                self.stack.pop()
        elif key == pygame.K_TAB:
            back = event.mod & pygame.KMOD_SHIFT
            self.select((self.index + (-1 if back else 1)) % (len(self.items) + 1))
        elif key == pygame.K_DOWN and not typing:
            self.select(self.index + 1)
        elif key == pygame.K_UP:
            self.select(max(0, self.index - 1))
        elif key in (pygame.K_h, pygame.K_F1) and not typing:
            self.open_help()

    def select(self, index: int) -> None:
        index = max(0, min(self.file_index, index))
        if index == self.index:
            return
        self.index = index
        if index == self.file_index:
            self.field.focus()
        else:
            self.field.unfocus()

    def start(self) -> None:
        if self.index == self.file_index:
            scenario, self.problems = load_file(self.field.text)
            if scenario is None:
                return
        elif self.items:
            scenario = self.items[self.index].scenario
        else:
            return
        from game.scenes.briefing import BriefingScene
        from game.session import Session

        try:
            session = Session(scenario, self.seed, save_path=self.save_path)
        except Exception as exc:  # noqa: BLE001  (a scenario that validates but cannot be played: say so)
            self.problems = [f"This scenario cannot be played: {exc}"]
            return
        self.problems = []
        self.stack.push(BriefingScene(session))

    # ---------------------------------------------------------------- drawing

    def draw(self, surface) -> None:
        w, h = surface.get_size()
        surface.fill(ui.BG)
        ui.text(surface, "Choose a scenario", (40, 26), 40, bold=True)
        for i, (rect, item) in enumerate(zip(self.rows(), self.items, strict=False)):
            pygame.draw.rect(surface, ui.PANEL_HI if i == self.index else ui.PANEL, rect, border_radius=8)
            if i == self.index:
                pygame.draw.rect(surface, ui.ACCENT, rect, 2, border_radius=8)
            meta = item.scenario.meta
            ui.text(surface, meta.title, (rect.x + 14, rect.y + 8), 28, bold=True, max_width=rect.width - 260)
            ui.text(surface, meta.difficulty, (rect.right - 220, rect.y + 12), 22, ui.WARN)
            lines = max(0, (rect.height - 38) // ui.font(20).get_linesize())
            if lines:
                ui.paragraph(surface, " ".join(meta.description.split()),
                             pygame.Rect(rect.x + 14, rect.y + 36, rect.width - 28, lines * ui.font(20).get_linesize()),
                             20, ui.DIM)
        box = self.file_rect()
        chosen = self.index == self.file_index
        pygame.draw.rect(surface, ui.PANEL_HI if chosen else ui.PANEL, box, border_radius=8)
        if chosen:
            pygame.draw.rect(surface, ui.ACCENT, box, 2, border_radius=8)
        ui.text(surface, "Or open a scenario file", (box.x + 14, box.y + 8), 24, bold=True)
        ui.text(surface, "(Tab or click here, type the path, Enter)", (box.x + 270, box.y + 12), 19, ui.DIM,
                max_width=box.width - 290)
        entry = self.entry_rect()
        if self.gui is None:  # no pygame_gui: draw the typed text ourselves
            pygame.draw.rect(surface, ui.BG, entry, border_radius=4)
            pygame.draw.rect(surface, ui.ACCENT if chosen else ui.DIM, entry, 1, border_radius=4)
            shown = self.field.text or self.field.hint
            ui.text(surface, shown + ("|" if chosen else ""), (entry.x + 8, entry.y + 9), 20,
                    ui.TEXT if self.field.text else ui.DIM, max_width=entry.width - 16)
        ui.draw_button(surface, self.load_button(), hot=chosen)
        y = entry.bottom + 12
        line = ui.font(19).get_linesize()
        if not self.problems and y + line <= box.bottom - 4:
            ui.text(surface, "Write your own with `dealcraft new NAME`; `dealcraft validate FILE` checks it. "
                             "docs/scenarios.md describes the format.", (box.x + 14, y), 19, ui.DIM,
                    max_width=box.width - 28)
        if self.problems:
            ui.text(surface, "This file cannot be played:", (box.x + 14, y), 20, ui.BAD, bold=True)
            y += line + 2
            shown_lines = 0
            for problem in self.problems[:MAX_PROBLEMS_SHOWN]:
                for part in ui.wrap(problem, box.width - 40, 19):
                    if y + line > box.bottom - 4:
                        break
                    ui.text(surface, part, (box.x + 24, y), 19, ui.BAD)
                    y += line
                    shown_lines += 1
            more = len(self.problems) - MAX_PROBLEMS_SHOWN
            if more > 0 and y + line <= box.bottom - 4:
                ui.text(surface, f"… and {more} more (dealcraft validate FILE lists them all)", (box.x + 24, y), 19,
                        ui.DIM)
        ui.footer(surface, "Up/Down or Tab: choose · Enter or click: read the briefing · file row: type a path, "
                           "Enter · H: help · Esc: back")
