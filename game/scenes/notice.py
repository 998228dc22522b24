"""A notice over the week: a lead just arrived (call it now?), news, a referral, a deal won."""

from __future__ import annotations

import pygame

from game import ui
from game.scenes.stack import Scene
from sim.interface import Action


class NoticeScene(Scene):
    name = "notice"
    opaque = False

    def __init__(self, session, kind: str, ident: str) -> None:
        super().__init__(session)
        self.kind = kind
        self.ident = ident
        self.answer = ""
        self.waiting: list[str] = session.queued() if kind in ("lead", "referral") else []
        """What the rep still has planned this week: a call made now goes before all of it."""
        self.next_week = view_hours(session, "call") > session.view.hours_left_week + 1e-9
        """No hours left this week even for the call (read once here: draw only reads)."""

    def box(self) -> pygame.Rect:
        w, h = self.size
        return pygame.Rect(w // 2 - 320, h // 2 - 130, 640, 260)

    def buttons(self) -> list[ui.Button]:
        box = self.box()
        out = []
        if self.can_call():
            label = "Call now (C)"
            out.append(ui.Button(pygame.Rect(box.x + 30, box.bottom - 60, 260, 42), label, "call"))
        out.append(ui.Button(pygame.Rect(box.right - 290, box.bottom - 60, 260, 42), "Continue (Enter)", "continue"))
        return out

    def can_call(self) -> bool:
        if self.kind not in ("lead", "referral"):
            return False
        view = self.session.view
        return self.ident in view.account_ids() and any(o.name == "call" for o in view.options(self.ident))

    def handle_event(self, event) -> None:
        command = None
        if event.type == pygame.KEYDOWN:
            command = {pygame.K_c: "call", pygame.K_RETURN: "continue", pygame.K_KP_ENTER: "continue",
                       pygame.K_SPACE: "continue", pygame.K_ESCAPE: "continue", pygame.K_h: "help",
                       pygame.K_F1: "help"}.get(event.key)
        elif event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            command = ui.hit(self.buttons(), event.pos)
        if command == "call" and self.can_call():
            self.session.act_now(Action("call", self.ident))
            self.stack.pop()
        elif command == "continue":
            self.stack.pop()
        elif command == "help":
            self.open_help()

    def lines(self) -> tuple[str, str]:
        s = self.session
        world = s.world
        if self.kind in ("lead", "referral"):
            name = world.accounts[self.ident].name if self.ident in world.accounts else self.ident
            view = s.view.account(self.ident) if self.ident in s.view.account_ids() else None
            quality = f" (announced quality: {view.lead_quality_announced})" if view and view.lead_quality_announced else ""
            title = "New inbound lead" if self.kind == "lead" else "A client refers a new account"
            later = (" But your hours for this week are used up: the call would be next week's first."
                     if self.next_week else "")
            if not self.waiting:
                return title, f"{name}{quality} just came in. Leads cool by the minute: call now, or continue the week.{later}"
            n = len(self.waiting)
            return title, (f"{name}{quality} just came in. Leads cool by the minute: a call now goes before the "
                           f"{n} action{'s' if n != 1 else ''} still planned, as soon as the one in progress ends; "
                           f"the last of them may no longer fit this week.{later}")
        if self.kind == "won":
            name = world.accounts[self.ident].name if self.ident in world.accounts else self.ident
            acv = next((r.get("acv") for r in reversed(world.log.records)
                        if r["kind"] == "deal_won" and r.get("account") == self.ident), None)
            worth = f": {ui.money(acv, s.currency)} a year" if isinstance(acv, (int, float)) else ""
            return "Deal signed!", f"{name} is now a client{worth}."
        headline = next((r.get("headline") or r.get("title") or "" for r in reversed(world.log.records)
                         if r["kind"] == "news"), "")
        return "News", headline or f"Market news: {self.ident}"

    def draw(self, surface) -> None:
        w, h = surface.get_size()
        shade = pygame.Surface((w, h), pygame.SRCALPHA)
        shade.fill((0, 0, 0, 150))
        surface.blit(shade, (0, 0))
        box = self.box()
        pygame.draw.rect(surface, ui.PANEL, box, border_radius=10)
        pygame.draw.rect(surface, ui.WARN, box, 2, border_radius=10)
        title, body = self.lines()
        ui.text(surface, title, (box.x + 24, box.y + 20), 34, ui.WARN, bold=True)
        ui.paragraph(surface, body, pygame.Rect(box.x + 24, box.y + 70, box.width - 48, box.height - 140), 22)
        for b in self.buttons():
            ui.draw_button(surface, b)


def view_hours(session, action: str) -> float:
    try:
        return float(session.view.action_hours(action))
    except (KeyError, ValueError, TypeError):
        return 0.0
