"""The help overlay (H or F1 anywhere): the keys and clicks of every scene, the current one first.

The text is long, so it lives in a scrolling pygame_gui text box (mouse wheel, scrollbar,
or Up/Down/PgUp/PgDn); without pygame_gui it is drawn as plain wrapped text.
"""

from __future__ import annotations

import pygame

from game import ui
from game.scenes.stack import Scene
from game.widgets import TextPanel, to_plain

SCENE_KEYS: dict[str, tuple[str, list[str]]] = {
    "title": ("Title", [
        "Enter or Space: play (choose a scenario) · L: continue the saved game · Esc: quit · click the buttons."]),
    "choose": ("Choose a scenario", [
        "Up/Down or Tab: move through the shipped scenarios and the file row · Enter or click: open the briefing.",
        "File row: type or paste the path of a scenario file (.toml) and press Enter or click Load; "
        "any problem in the file is listed under it. Esc: leave the field, then back to the title."]),
    "briefing": ("Briefing", [
        "Up/Down, PgUp/PgDn or the wheel: scroll the story · Enter or the button: start the quarter · Esc: back."]),
    "week": ("The week", [
        "Up/Down or Tab (Shift+Tab back): select an account, or click its card; PgUp/PgDn or the wheel over the "
        "board scroll it.",
        "Left/Right (or the wheel over the actions): choose an action; the mouse over one shows what it does · "
        "Enter or Space: plan it (or click it) · Backspace or Unplan: take back the last action planned for the "
        "selected account (for the team when the chosen action is a team action, e.g. internal coordination).",
        "P: choose whom to address (or click a person in the account panel).",
        "1-5: record the phase you believe the account is in (or click a phase button).",
        "F: state the chance an open deal closes this quarter, 10-90 % (or click a forecast button); "
        "forecasts are scored.",
        "E: end the week: the world plays your plan, stops when a lead arrives or a negotiation needs you, "
        "then shows what happened. G: skip the guided first week. Esc twice: back to the title (the plan not yet "
        "played is not saved)."]),
    "notice": ("A notice (lead, news, won deal)", [
        "C: call the new lead (leads cool by the hour; the call goes after the actions still queued this week, "
        "and the notice says how many) · Enter, Space or Esc: continue the week."]),
    "negotiation": ("The negotiation table", [
        "Before round 1, prepare: Up/Down choose an issue or the BATNA row · Tab or click a column: start or "
        "ideal · Left/Right or +/-: change the value (or click - and +) · R: back to the default plan · "
        "Enter: sit down with this plan.",
        "Then one move a round: A accept the buyer's offer · O open with your start (later: offer your ideal) · Up/Down choose an issue and C "
        "concede one step on it · K offer a package (one step on that issue if they commit to one more) · "
        "S silence · M bring the manager · W walk away · D or Esc let the game decide."]),
    "summary": ("End of the week", [
        "Up/Down, PgUp/PgDn or the wheel: scroll what happened · Enter or the button: next week (or the quarter "
        "report)."]),
    "report": ("The quarter report", [
        "1-4, Left/Right or Tab, or click a tab: overview, phases, debrief, comparison · Up/Down, PgUp/PgDn or "
        "the wheel: scroll.",
        "N or the button: play the next quarter in the same world (the report does not come back) · "
        "Esc: back to the title · Q: quit.",
        "The same-seed comparison runs in the background as soon as the report opens."]),
    "message": ("A message", ["Enter, Space, Esc or a click on Continue: close it."]),
    "help": ("This help", ["Up/Down, PgUp/PgDn or the wheel: scroll · Esc, Enter, H or a click outside: close."]),
}

ABOUT = ("The game saves itself at the start of every week and keeps the save before it; "
         "L on the title screen continues the saved game.")


def help_content(current: str) -> list[tuple[str, str]]:
    order = [current] + [name for name in SCENE_KEYS if name != current]
    out: list[tuple[str, str]] = []
    for i, name in enumerate(order):
        if name not in SCENE_KEYS:
            continue
        title, lines = SCENE_KEYS[name]
        out.append(("h", f"{title} (here)" if i == 0 else title))
        out.extend(("p", line) for line in lines)
    out.append(("dim", ABOUT))
    return out


class HelpScene(Scene):
    name = "help"
    opaque = False

    def __init__(self, session, current: str = "week") -> None:
        super().__init__(session)
        self.current = current
        self.panel = TextPanel()
        self.skip = 0
        """Plain-text scroll position when there is no pygame_gui."""

    def box(self) -> pygame.Rect:
        w, h = self.size
        return pygame.Rect(60, 50, w - 120, h - 100)

    def text_rect(self) -> pygame.Rect:
        box = self.box()
        return pygame.Rect(box.x + 20, box.y + 60, box.width - 40, box.height - 110)

    def close_button(self) -> ui.Button:
        box = self.box()
        return ui.Button(pygame.Rect(box.right - 160, box.bottom - 46, 140, 36), "Close (Esc)", "close")

    def resume(self) -> None:
        self.layout()

    def pause(self) -> None:
        self.panel.hide()

    def update(self, dt: float) -> None:
        self.layout()

    def layout(self) -> None:
        self.panel.show(self.gui, self.text_rect(), help_content(self.current))

    def handle_event(self, event) -> None:
        if event.type == pygame.KEYDOWN:
            step = {pygame.K_DOWN: 0.05, pygame.K_UP: -0.05, pygame.K_PAGEDOWN: 0.3, pygame.K_PAGEUP: -0.3}.get(event.key)
            if step is not None:
                self.panel.scroll(step)
                self.skip = max(0, self.skip + (1 if step > 0 else -1) * (1 if abs(step) < 0.1 else 10))
            elif event.key in (pygame.K_ESCAPE, pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE, pygame.K_h,
                               pygame.K_F1):
                self.stack.pop()
        elif event.type == pygame.MOUSEWHEEL and not self.panel.live:
            self.skip = max(0, self.skip - 3 * event.y)
        elif event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            if self.close_button().rect.collidepoint(event.pos) or not self.box().collidepoint(event.pos):
                self.stack.pop()

    def draw(self, surface) -> None:
        ui.shade(surface, 170)
        box = self.box()
        pygame.draw.rect(surface, ui.PANEL, box, border_radius=10)
        pygame.draw.rect(surface, ui.ACCENT, box, 2, border_radius=10)
        ui.text(surface, "Help — keys and clicks", (box.x + 24, box.y + 16), 36, bold=True)
        if not self.panel.live:
            ui.paragraph(surface, to_plain(help_content(self.current)), self.text_rect(), 21, skip=self.skip)
        ui.text(surface, "Up/Down or wheel: scroll", (box.x + 24, box.bottom - 36), 20, ui.DIM)
        ui.draw_button(surface, self.close_button())
