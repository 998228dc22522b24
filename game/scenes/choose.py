"""Scenario choice: the shipped scenarios, with title, difficulty and description."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pygame

from game import ui
from game.scenes.stack import Scene
from sim.scenario import Scenario, ScenarioError, load_scenario
from sim.scenario.shipped import shipped_files


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


class ChooseScene(Scene):
    name = "choose"

    def __init__(self, preselected: Scenario | None = None, seed: int = 1, save_path=None) -> None:
        super().__init__(None)
        self.save_path = save_path
        self.items = choices(preselected)
        self.index = 0
        self.seed = seed
        self.message = "" if self.items else "No scenario found."

    def rows(self) -> list[pygame.Rect]:
        w, _ = self.size
        return [pygame.Rect(40, 90 + i * 96, w - 80, 88) for i in range(len(self.items))]

    def handle_event(self, event) -> None:
        if event.type == pygame.KEYDOWN:
            if event.key == pygame.K_ESCAPE:
                self.stack.pop()
            elif event.key in (pygame.K_DOWN, pygame.K_TAB) and self.items:
                self.index = (self.index + 1) % len(self.items)
            elif event.key == pygame.K_UP and self.items:
                self.index = (self.index - 1) % len(self.items)
            elif event.key in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE):
                self.start()
        elif event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            for i, rect in enumerate(self.rows()):
                if rect.collidepoint(event.pos):
                    if i == self.index:
                        self.start()
                    else:
                        self.index = i
                    return

    def start(self) -> None:
        if not self.items:
            return
        from game.scenes.briefing import BriefingScene
        from game.session import Session

        session = Session(self.items[self.index].scenario, self.seed, save_path=self.save_path)
        self.stack.push(BriefingScene(session))

    def draw(self, surface) -> None:
        w, h = surface.get_size()
        surface.fill(ui.BG)
        ui.text(surface, "Choose a scenario", (40, 30), 40, bold=True)
        for i, (rect, item) in enumerate(zip(self.rows(), self.items, strict=False)):
            pygame.draw.rect(surface, ui.PANEL_HI if i == self.index else ui.PANEL, rect, border_radius=8)
            if i == self.index:
                pygame.draw.rect(surface, ui.ACCENT, rect, 2, border_radius=8)
            meta = item.scenario.meta
            ui.text(surface, meta.title, (rect.x + 14, rect.y + 10), 28, bold=True, max_width=rect.width - 260)
            ui.text(surface, meta.difficulty, (rect.right - 220, rect.y + 14), 22, ui.WARN)
            ui.paragraph(surface, " ".join(meta.description.split()), pygame.Rect(rect.x + 14, rect.y + 40, rect.width - 28, 44), 20, ui.DIM)
        if self.message:
            ui.text(surface, self.message, (40, h - 60), 22, ui.BAD)
        ui.footer(surface, "Up/Down: choose · Enter or click: read the briefing · Esc: back")
