"""The help overlay (H or F1 in the week), also the guided first week of a guided scenario."""

from __future__ import annotations

import pygame

from game import ui
from game.scenes.stack import Scene

KEYS = """Up/Down or Tab: select an account on the board (or click a card).
Left/Right: choose an action; Enter or Space: plan it (or click it). Backspace: unplan the last.
P: choose whom to address at the account. 1-5: record the phase you believe the account is in.
F: state the chance an open deal closes this quarter (10-90 %); forecasts are scored.
E: end the week. The world plays your planned actions, stops when a lead arrives (C: call it now)
or a negotiation needs your move, then shows what happened.

At the negotiation table: before round 1, Enter prepares (start at your ideal, +/- moves your walk-away point).
Then one move a round: A accept the buyer's offer · O offer your ideal · Up/Down and C concede one step on an
issue · K offer a package ("one step on that issue if you commit to one more step") · S hold silence · M bring the manager as bad cop · W walk away · D let the game decide.

The game saves itself at the start of every week; L on the title screen continues the saved game.
At the end of the quarter: your grades against the team, your phase readings against the hidden truth,
the debrief's costliest moments, and (C) what the built-in strategies did in your seat on this seed."""

GUIDED = """Your first week. The board groups your accounts by the phase YOU have recorded: nobody tells you the true phase, you read it from the signals.
1. Select an account and plan "research" (1 h): it tells you who works there and who decides.
2. Plan a call or an email to start the conversation; the reply is a signal in the account panel.
3. Press 1-5 to record the phase the signals suggest. At the end of the quarter you see how often you were right.
4. Watch the calendar bar: planned hours against the hours you have. Then press E to end the week."""


class HelpScene(Scene):
    name = "help"
    opaque = False

    def __init__(self, session, guided: bool = False) -> None:
        super().__init__(session)
        self.guided = guided

    def handle_event(self, event) -> None:
        if event.type == pygame.KEYDOWN or (event.type == pygame.MOUSEBUTTONDOWN and event.button == 1):
            self.stack.pop()

    def draw(self, surface) -> None:
        w, h = surface.get_size()
        shade = pygame.Surface((w, h), pygame.SRCALPHA)
        shade.fill((0, 0, 0, 170))
        surface.blit(shade, (0, 0))
        box = pygame.Rect(80, 70, w - 160, h - 140)
        pygame.draw.rect(surface, ui.PANEL, box, border_radius=10)
        pygame.draw.rect(surface, ui.ACCENT, box, 2, border_radius=10)
        title = "Your guided first week" if self.guided else "Help"
        ui.text(surface, title, (box.x + 24, box.y + 18), 36, bold=True)
        y = box.y + 66
        if self.guided:
            n = ui.paragraph(surface, GUIDED, pygame.Rect(box.x + 24, y, box.width - 48, 220), 22)
            y += min(n, 10) * ui.font(22).get_linesize() + 16
        ui.text(surface, "Keys", (box.x + 24, y), 24, ui.ACCENT)
        ui.paragraph(surface, KEYS, pygame.Rect(box.x + 24, y + 28, box.width - 48, box.bottom - y - 70), 21)
        ui.text(surface, "Press any key or click to close.", (box.x + 24, box.bottom - 34), 20, ui.DIM)
