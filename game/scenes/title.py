"""The title screen: play, or quit (Escape or closing the window)."""

from __future__ import annotations

from pathlib import Path

import pygame

from game import ui
from game.scenes.stack import Scene


class TitleScene(Scene):
    name = "title"

    def __init__(self, scenario=None, seed: int = 1, save_path=None) -> None:
        super().__init__(None)
        self.scenario = scenario
        self.seed = seed
        self.save_path = save_path
        self.message = ""

    def has_save(self) -> bool:
        return self.save_path is not None and Path(self.save_path).exists()

    def buttons(self) -> list[ui.Button]:
        w, h = self.size
        labels = [("Play  (Enter)", "play")]
        if self.has_save():
            labels.append(("Continue saved game (L)", "load"))
        labels.append(("Quit  (Esc)", "quit"))
        return [ui.Button(pygame.Rect(w // 2 - 140, h // 2 + 20 + 54 * i, 280, 44), label, key)
                for i, (label, key) in enumerate(labels)]

    def handle_event(self, event) -> None:
        command = None
        if event.type == pygame.KEYDOWN:
            command = {pygame.K_RETURN: "play", pygame.K_KP_ENTER: "play", pygame.K_SPACE: "play",
                       pygame.K_ESCAPE: "quit", pygame.K_l: "load"}.get(event.key)
        elif event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            command = ui.hit(self.buttons(), event.pos)
        if command == "play":
            from game.scenes.choose import ChooseScene

            self.stack.push(ChooseScene(self.scenario, self.seed, self.save_path))
        elif command == "load" and self.has_save():
            from game.scenes.week import WeekScene
            from game.session import SaveError, load

            try:
                session = load(self.save_path)
            except SaveError as exc:
                self.message = str(exc)
                return
            session.save_path = self.save_path
            self.stack.push(WeekScene(session))
        elif command == "quit":
            self.stack.quit()

    def draw(self, surface) -> None:
        w, h = surface.get_size()
        surface.fill(ui.BG)
        title = ui.font(96, True).render("Dealcraft", True, ui.TEXT)
        surface.blit(title, title.get_rect(center=(w // 2, h // 2 - 110)))
        sub = ui.font(28).render("A quarter in sales: read the signals, do what fits, trade give for take.", True, ui.DIM)
        surface.blit(sub, sub.get_rect(center=(w // 2, h // 2 - 45)))
        for b in self.buttons():
            ui.draw_button(surface, b)
        if self.message:
            msg = ui.font(22).render(self.message, True, ui.BAD)
            surface.blit(msg, msg.get_rect(center=(w // 2, h // 2 + 200)))
        ui.footer(surface, "Enter: play · L: continue the saved game · Esc: quit")
