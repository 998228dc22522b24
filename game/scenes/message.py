"""One clear message over the current scene (e.g. "the latest save was damaged; resumed from the one before").

Why a scene of its own: a message the trainee must read should not be a line that the next
action overwrites. Enter, Space, Esc or a click on Continue closes it.
"""

from __future__ import annotations

import pygame

from game import ui
from game.scenes.stack import Scene


class MessageScene(Scene):
    name = "message"
    opaque = False

    def __init__(self, session, title: str, body: str, colour=ui.WARN) -> None:
        super().__init__(session)
        self.title = title
        self.body = body
        self.colour = colour

    def box(self) -> pygame.Rect:
        w, h = self.size
        width = min(760, w - 80)
        return pygame.Rect(w // 2 - width // 2, h // 2 - 130, width, 260)

    def button(self) -> ui.Button:
        box = self.box()
        return ui.Button(pygame.Rect(box.right - 250, box.bottom - 60, 220, 42), "Continue (Enter)", "continue")

    def handle_event(self, event) -> None:
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE,
                                                           pygame.K_ESCAPE):
            self.stack.pop()
        elif event.type == pygame.KEYDOWN and event.key in (pygame.K_h, pygame.K_F1):
            self.open_help()
        elif event.type == pygame.MOUSEBUTTONDOWN and event.button == 1 and self.button().rect.collidepoint(event.pos):
            self.stack.pop()

    def draw(self, surface) -> None:
        ui.shade(surface, 150)
        box = self.box()
        pygame.draw.rect(surface, ui.PANEL, box, border_radius=10)
        pygame.draw.rect(surface, self.colour, box, 2, border_radius=10)
        ui.text(surface, self.title, (box.x + 24, box.y + 20), 32, self.colour, bold=True, max_width=box.width - 48)
        ui.paragraph(surface, self.body, pygame.Rect(box.x + 24, box.y + 70, box.width - 48, 110), 22)
        ui.draw_button(surface, self.button())
