"""The briefing: the story, the quota, the team, the accounts. Scroll with Up/Down or the wheel."""

from __future__ import annotations

import pygame

from game import ui
from game.scenes.stack import Scene


class BriefingScene(Scene):
    name = "briefing"

    def __init__(self, session) -> None:
        super().__init__(session)
        self.scroll = 0

    def text_rect(self) -> pygame.Rect:
        w, h = self.size
        return pygame.Rect(40, 90, int(w * 0.62) - 40, h - 190)

    def start_button(self) -> ui.Button:
        w, h = self.size
        return ui.Button(pygame.Rect(w - 300, h - 90, 260, 46), "Start the quarter (Enter)", "start")

    def briefing(self) -> str:
        meta = self.session.scenario.meta
        return meta.briefing.strip() or meta.description

    def handle_event(self, event) -> None:
        lines = len(ui.wrap(self.briefing(), self.text_rect().width, 22))
        visible = self.text_rect().height // ui.font(22).get_linesize()
        top = max(0, lines - visible)
        if event.type == pygame.KEYDOWN:
            if event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
                self.start()
            elif event.key == pygame.K_ESCAPE:
                self.stack.pop()
            elif event.key in (pygame.K_h, pygame.K_F1):
                self.open_help()
            elif event.key == pygame.K_DOWN:
                self.scroll = min(top, self.scroll + 1)
            elif event.key == pygame.K_UP:
                self.scroll = max(0, self.scroll - 1)
            elif event.key == pygame.K_PAGEDOWN or event.key == pygame.K_SPACE:
                self.scroll = min(top, self.scroll + visible - 2)
            elif event.key == pygame.K_PAGEUP:
                self.scroll = max(0, self.scroll - visible + 2)
        elif event.type == pygame.MOUSEWHEEL:
            self.scroll = max(0, min(top, self.scroll - 3 * event.y))
        elif event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            if self.start_button().rect.collidepoint(event.pos):
                self.start()

    def start(self) -> None:
        from game.scenes.week import WeekScene

        self.stack.clear_to(WeekScene(self.session))

    def draw(self, surface) -> None:
        w, h = surface.get_size()
        s = self.session
        surface.fill(ui.BG)
        meta = s.scenario.meta
        ui.text(surface, meta.title, (40, 28), 40, bold=True, max_width=w - 80)
        ui.text(surface, f"{meta.difficulty} · {s.weeks} weeks a quarter · seed {s.seed}", (40, 62), 20, ui.DIM)
        rect = self.text_rect()
        pygame.draw.rect(surface, ui.PANEL, rect.inflate(20, 16), border_radius=8)
        lines = ui.paragraph(surface, self.briefing(), rect, 22, skip=self.scroll)
        visible = rect.height // ui.font(22).get_linesize()
        if lines > visible:
            bar_h = max(20, rect.height * visible // lines)
            bar_y = rect.y + (rect.height - bar_h) * self.scroll // max(1, lines - visible)
            pygame.draw.rect(surface, ui.ACCENT, (rect.right + 6, bar_y, 4, bar_h))
        x = int(w * 0.62) + 20
        you = s.scenario.team.reps[0]
        ui.text(surface, "Your quota", (x, 96), 24, ui.DIM)
        ui.text(surface, ui.money(you.quota, s.currency), (x, 122), 36, ui.GOOD, bold=True)
        ui.text(surface, f"{you.hours_per_week:g} hours a week", (x, 160), 20, ui.DIM)
        ui.text(surface, "Your team", (x, 200), 24, ui.DIM)
        y = 228
        manager = s.scenario.team.manager
        ui.text(surface, f"{manager.name} — manager, {manager.hours_per_week:g} h/week", (x, y), 20, max_width=w - x - 20)
        y += 26
        for rep in s.scenario.team.reps:
            who = "you" if rep.id == s.rep else (rep.strategy or "")
            ui.text(surface, f"{rep.name} — {rep.profile}, {who}", (x, y), 20, max_width=w - x - 20)
            y += 26
        ui.text(surface, "Your accounts", (x, y + 14), 24, ui.DIM)
        y += 42
        accounts = s.view.accounts()
        for i, account in enumerate(accounts):
            if y > h - 130 and i < len(accounts) - 1:  # no room for the rest: say how many, not nothing
                ui.text(surface, f"… and {len(accounts) - i} more (the week's board shows them all)", (x, y), 20,
                        ui.DIM, max_width=w - x - 20)
                break
            ui.text(surface, f"{account.name} · {account.sector}", (x, y), 20, max_width=w - x - 20)
            y += 24
        ui.draw_button(surface, self.start_button())
        ui.footer(surface, "Up/Down, PgUp/PgDn or wheel: scroll · Enter: start the quarter · H: help · Esc: back")
