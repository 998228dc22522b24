"""The title screen: play, or quit (Escape or closing the window)."""

from __future__ import annotations

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
        self.save_label = ""

    def resume(self) -> None:
        """Read what the saved game is, once, for the Continue button (draw never touches files)."""
        self.save_label = ""
        if self.has_save():
            from game.saves import SaveError, read_save  # noqa: PLC0415

            try:
                payload, _ = read_save(self.save_path)
                title = payload["scenario"]["meta"]["title"]
                when = "its report" if payload.get("quarter_over") else f"week {int(payload['week'])}"
                self.save_label = f"{title} · quarter {int(payload['quarter']) + 1}, {when}"
            except (SaveError, KeyError, TypeError, ValueError):
                self.save_label = "the saved game may be damaged: L tells why"

    def has_save(self) -> bool:
        from game.saves import exists  # noqa: PLC0415

        return self.save_path is not None and exists(self.save_path)

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
                       pygame.K_ESCAPE: "quit", pygame.K_l: "load", pygame.K_h: "help",
                       pygame.K_F1: "help"}.get(event.key)
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
            if session.quarter_over:  # saved at the end of a quarter: its report comes next
                from game.scenes.report import ReportScene

                self.stack.push(ReportScene(session))
            else:
                self.stack.push(WeekScene(session))
            if session.load_note:
                from game.scenes.message import MessageScene

                self.stack.push(MessageScene(session, "Resumed from the previous save", session.load_note))
        elif command == "help":
            self.open_help()
        elif command == "quit":
            self.stack.quit()

    def draw(self, surface) -> None:
        w, h = surface.get_size()
        surface.fill(ui.BG)
        title = ui.font(96, True).render("Dealcraft", True, ui.TEXT)
        surface.blit(title, title.get_rect(center=(w // 2, h // 2 - 110)))
        sub = ui.font(28).render("A quarter in sales: read the signals, do what fits, trade give for take.", True, ui.DIM)
        surface.blit(sub, sub.get_rect(center=(w // 2, h // 2 - 45)))
        buttons = self.buttons()
        for b in buttons:
            ui.draw_button(surface, b)
            if b.key == "load" and self.save_label:
                if ui.font(19).size(self.save_label)[0] <= w - b.rect.right - 30:
                    ui.text(surface, self.save_label, (b.rect.right + 14, b.rect.y + 12), 19, ui.DIM)
                else:  # a narrow window: under the buttons, whole, rather than cut at the right edge
                    img = ui.rendered(self.save_label, 19, ui.DIM, max_width=w - 40)
                    surface.blit(img, img.get_rect(midtop=(w // 2, buttons[-1].rect.bottom + 12)))
        if self.message:
            lines = ui.wrap(self.message, w - 120, 22)
            for i, line in enumerate(lines[:4]):
                msg = ui.rendered(line, 22, ui.BAD)
                surface.blit(msg, msg.get_rect(center=(w // 2, h // 2 + 200 + 24 * i)))
        saved = any(b.key == "load" for b in buttons)
        ui.footer(surface, "Enter: play · " + ("L: continue the saved game · " if saved else "") + "H: help · Esc: quit")
