"""The week: pipeline board by recorded phase, account panel, action menu, calendar, end of week.

Keys: Up/Down or Tab select an account · Left/Right choose an action · Enter/Space plan it ·
Backspace unplan the last · P choose whom to address · 1-5 record the phase · E end the week ·
H help. The mouse clicks cards, actions and buttons.
"""

from __future__ import annotations

import pygame

from game import ui
from game.scenes.stack import Scene
from sim.interface import Action

COLUMNS = ("?", "1", "2", "3", "4", "5", "closed")
COLUMN_TITLES = ("Unrecorded", "1 Latent", "2 Need", "3 Interest", "4 External", "5 Internal", "Closed")
CLOSED = ("client", "lost", "no_decision")


def column_of(account) -> int:
    if account.status in CLOSED:
        return 6
    return account.recorded_phase if account.recorded_phase else 0


class WeekScene(Scene):
    name = "week"

    def __init__(self, session) -> None:
        super().__init__(session)
        self.selected: str | None = None
        self.action_index = 0
        self.person_index = 0
        self.advancing = False
        self.pending: list[str] = []
        self.message = ""
        self.guided_shown = False
        self.hours_left = 0.0
        """The rep's hours left this week, read from sim in update/resume (draw only reads it)."""

    # ---------------------------------------------------------------- layout (pure)

    def board_rect(self) -> pygame.Rect:
        w, h = self.size
        return pygame.Rect(12, 92, int(w * 0.58) - 12, int(h * 0.50) - 92)

    def menu_rect(self) -> pygame.Rect:
        w, h = self.size
        board = self.board_rect()
        return pygame.Rect(12, board.bottom + 10, board.width, h - 40 - board.bottom - 10)

    def panel_rect(self) -> pygame.Rect:
        w, h = self.size
        board = self.board_rect()
        return pygame.Rect(board.right + 12, 92, w - board.right - 24, h - 92 - 92)

    def ordered(self):
        accounts = self.session.view.accounts()
        return sorted(accounts, key=lambda a: (column_of(a), accounts.index(a)))

    def cards(self, accounts) -> list[tuple[pygame.Rect, str]]:
        board = self.board_rect()
        col_w = board.width // len(COLUMNS)
        counts = [0] * len(COLUMNS)
        totals = [0] * len(COLUMNS)
        for a in accounts:
            totals[column_of(a)] += 1
        step = max(20, min(34, (board.height - 30) // max(1, max(totals))))
        out = []
        for a in accounts:
            c = column_of(a)
            n = counts[c]
            counts[c] += 1
            rect = pygame.Rect(board.x + c * col_w + 3, board.y + 28 + n * step, col_w - 6, step - 3)
            if rect.bottom <= board.bottom:
                out.append((rect, a.id))
        return out

    def option_rects(self, options) -> list[pygame.Rect]:
        menu = self.menu_rect()
        rows = max(1, (menu.height - 50) // 24)
        col_w = menu.width // 2
        return [pygame.Rect(menu.x + (i // rows) * col_w, menu.y + 26 + (i % rows) * 24, col_w - 6, 22)
                for i in range(len(options))]

    def buttons(self) -> list[ui.Button]:
        w, h = self.size
        panel = self.panel_rect()
        y = panel.bottom + 12
        unit = min(1.0, (panel.width - 20) / 410)
        return [ui.Button(pygame.Rect(panel.x, y, int(170 * unit), 40), "End week (E)", "end"),
                ui.Button(pygame.Rect(panel.x + int(180 * unit), y, int(120 * unit), 40), "Unplan (Bksp)", "unplan"),
                ui.Button(pygame.Rect(panel.x + int(310 * unit), y, int(100 * unit), 40), "Help (H)", "help")]

    # ---------------------------------------------------------------- state

    def account(self):
        if self.selected is None:
            return None
        if self.selected not in self.session.view.account_ids():
            return None
        return self.session.view.account(self.selected)

    def options(self):
        return self.session.view.options(self.selected if self.account() is not None else None)

    def resume(self) -> None:
        self.hours_left = self.session.view.hours_left_week
        ids = self.session.view.account_ids()
        if self.selected not in ids:
            self.selected = self.ordered()[0].id if ids else None
        s = self.session
        if (not self.guided_shown and getattr(s.scenario.meta, "guided", False) and s.week == 1
                and not self.advancing):
            self.guided_shown = True
            from game.scenes.help import HelpScene

            self.stack.push(HelpScene(s, guided=True))

    def handle_event(self, event) -> None:
        if self.advancing:
            return
        if event.type == pygame.KEYDOWN:
            key = event.key
            if key in (pygame.K_DOWN, pygame.K_TAB):
                self.move_selection(-1 if key == pygame.K_TAB and event.mod & pygame.KMOD_SHIFT else 1)
            elif key == pygame.K_UP:
                self.move_selection(-1)
            elif key == pygame.K_RIGHT:
                self.move_action(1)
            elif key == pygame.K_LEFT:
                self.move_action(-1)
            elif key in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE):
                self.plan_current()
            elif key == pygame.K_BACKSPACE:
                self.session.unplan_last()
            elif key == pygame.K_p:
                account = self.account()
                if account is not None and account.people:
                    self.person_index = (self.person_index + 1) % (len(account.people) + 1)
            elif pygame.K_1 <= key <= pygame.K_5:
                if self.account() is not None:
                    self.session.record_phase(self.selected, key - pygame.K_0)
                    self.message = f"Recorded phase {key - pygame.K_0}."
            elif key == pygame.K_e:
                self.end_week()
            elif key == pygame.K_f:
                self.cycle_forecast()
            elif key in (pygame.K_h, pygame.K_F1):
                from game.scenes.help import HelpScene

                self.stack.push(HelpScene(self.session))
        elif event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            for rect, account_id in self.cards(self.ordered()):
                if rect.collidepoint(event.pos):
                    self.select(account_id)
                    return
            for i, rect in enumerate(self.option_rects(self.options())):
                if rect.collidepoint(event.pos):
                    self.action_index = i
                    self.plan_current()
                    return
            command = ui.hit(self.buttons(), event.pos)
            if command == "end":
                self.end_week()
            elif command == "unplan":
                self.session.unplan_last()
            elif command == "help":
                from game.scenes.help import HelpScene

                self.stack.push(HelpScene(self.session))

    def select(self, account_id: str) -> None:
        if account_id != self.selected:
            self.selected = account_id
            self.person_index = 0
            self.action_index = 0
            self.message = ""

    def move_selection(self, step: int) -> None:
        ids = [a.id for a in self.ordered()]
        if not ids:
            return
        i = ids.index(self.selected) if self.selected in ids else -1
        self.select(ids[(i + step) % len(ids)])

    def move_action(self, step: int) -> None:
        n = len(self.options())
        if n:
            self.action_index = (self.action_index + step) % n

    def plan_current(self) -> None:
        options = self.options()
        if not options:
            return
        option = options[min(self.action_index, len(options) - 1)]
        s = self.session
        if s.hours_planned + option.hours > s.view.hours_left_week + 1e-9:
            self.message = f"Not enough hours left this week for {option.name} ({option.hours:g} h)."
            return
        account = self.account()
        person = via = service = None
        target = account.id if account is not None and option.name != "internal_coordination" else None
        if account is not None:
            if self.person_index and self.person_index <= len(account.people):
                person = account.people[self.person_index - 1].id
            if option.name == "introduction_request" and account.introductions:
                via = account.introductions[0][0]
            if option.name == "cross_sell":
                service = next((x for x in s.view.addons() if x not in account.sold), None)
        s.plan(Action(option.name, target, person=person, via=via, service=service), option.hours)
        self.message = f"Planned {option.name} ({option.hours:g} h)."

    def cycle_forecast(self) -> None:
        """F: state the chance this open deal closes this quarter: 10 %, 30 %, 50 %, 70 %, 90 %, 10 % ..."""
        account = self.account()
        if account is None or account.status in CLOSED:
            return
        steps = (0.1, 0.3, 0.5, 0.7, 0.9)
        current = self.session.forecasts.get(account.id)
        nxt = steps[(steps.index(current) + 1) % len(steps)] if current in steps else steps[0]
        self.session.forecast(account.id, nxt)
        self.message = f"Forecast: {nxt:.0%} chance to close this quarter."

    def end_week(self) -> None:
        self.session.start_week()
        self.advancing = True
        self.pending = []
        self.message = ""

    def update(self, dt: float) -> None:
        self.hours_left = self.session.view.hours_left_week
        if not self.advancing:
            return
        s = self.session
        if self.pending:
            self.handle_stop(self.pending.pop(0))
            return
        stop = s.advance()
        if stop.reasons:
            self.pending = list(stop.reasons)
            return
        self.advancing = False
        self.message = s.autosave() or ""
        from game.scenes.summary import SummaryScene

        self.stack.push(SummaryScene(s))

    def handle_stop(self, reason: str) -> None:
        from game.scenes.negotiation import NegotiationScene
        from game.scenes.notice import NoticeScene

        kind, _, ident = reason.partition(":")
        s = self.session
        if kind == "negotiation":
            if s.view.negotiation(ident) is not None:
                self.stack.push(NegotiationScene(s, ident))
        elif kind in ("lead", "referral", "news", "won"):
            self.stack.push(NoticeScene(s, kind, ident))

    # ---------------------------------------------------------------- drawing

    def draw(self, surface) -> None:
        w, h = surface.get_size()
        s = self.session
        view = s.view
        surface.fill(ui.BG)
        ui.text(surface, s.scenario.meta.title, (12, 10), 28, bold=True, max_width=w // 2)
        ui.text(surface, f"Week {min(s.week, s.weeks)} of {s.weeks}  ·  {s.world.clock.label(s.world.env.now)}",
                (w // 2, 14), 22, ui.DIM, max_width=w // 2 - 12)
        # calendar: hours planned against hours available
        left = self.hours_left
        planned = s.hours_planned
        bar = pygame.Rect(12, 48, w - 24, 30)
        pygame.draw.rect(surface, ui.PANEL, bar, border_radius=6)
        full = max(left, planned, 1e-9)
        fill = bar.copy()
        fill.width = int(bar.width * min(1.0, planned / full)) if left > 0 else 0
        pygame.draw.rect(surface, ui.BAD if planned > left else (48, 96, 160), fill, border_radius=6)
        ui.text(surface, f"Calendar: {planned:g} h planned of {left:g} h available this week "
                         f"({len(s.planned)} actions queued)", (bar.x + 10, bar.y + 7), 20)
        # board
        board = self.board_rect()
        pygame.draw.rect(surface, ui.PANEL, board, border_radius=6)
        col_w = board.width // len(COLUMNS)
        for i, title in enumerate(COLUMN_TITLES):
            x = board.x + i * col_w
            pygame.draw.rect(surface, ui.PHASE_COLOURS[min(i, 5)], (x + 3, board.y + 4, col_w - 6, 20), border_radius=4)
            ui.text(surface, title, (x + 6, board.y + 7), 17, (20, 20, 24), max_width=col_w - 10)
        accounts = {a.id: a for a in view.accounts()}
        for rect, account_id in self.cards(self.ordered()):
            a = accounts[account_id]
            chosen = account_id == self.selected
            pygame.draw.rect(surface, ui.PANEL_HI if chosen else (46, 52, 66), rect, border_radius=4)
            if chosen:
                pygame.draw.rect(surface, ui.ACCENT, rect, 2, border_radius=4)
            colour = ui.WARN if a.lead_waiting or a.news_pending else (ui.GOOD if a.status == "client" else ui.TEXT)
            if a.status in ("lost", "no_decision"):
                colour = ui.DIM
            ui.text(surface, a.name, (rect.x + 4, rect.y + 2), 17, colour, max_width=rect.width - 8)
            tag = a.status if a.status != "prospect" else ("lead!" if a.lead_waiting else a.sector)
            if rect.height >= 28:
                ui.text(surface, tag, (rect.x + 4, rect.y + 16), 15, ui.DIM, max_width=rect.width - 8)
        self.draw_menu(surface)
        self.draw_panel(surface)
        for b in self.buttons():
            ui.draw_button(surface, b)
        if self.message:
            right = self.buttons()[-1].rect.right + 10
            if w - right > 80:
                ui.text(surface, self.message, (right, self.panel_rect().bottom + 22), 18, ui.WARN, max_width=w - right - 10)
            else:
                ui.text(surface, self.message, (self.panel_rect().x, self.panel_rect().bottom - 22), 18, ui.WARN,
                        max_width=self.panel_rect().width - 10)
        ui.footer(surface, "Up/Down/Tab: account · Left/Right: action · Enter: plan · P: whom · 1-5: record phase · "
                           "F: forecast · E: end week · H: help")

    def draw_menu(self, surface) -> None:
        menu = self.menu_rect()
        pygame.draw.rect(surface, ui.PANEL, menu, border_radius=6)
        account = self.account()
        who = "whoever answers"
        if account is not None and self.person_index and self.person_index <= len(account.people):
            person = account.people[self.person_index - 1]
            who = f"{person.name} ({person.role})"
        target = account.name if account is not None else "no account"
        ui.text(surface, f"Actions for {target} — addressing {who} (P)", (menu.x + 8, menu.y + 5), 19, ui.DIM,
                max_width=menu.width - 16)
        options = self.options()
        for i, (rect, option) in enumerate(zip(self.option_rects(options), options, strict=False)):
            if rect.bottom > menu.bottom:
                break
            if i == self.action_index:
                pygame.draw.rect(surface, ui.PANEL_HI, rect, border_radius=4)
                pygame.draw.rect(surface, ui.ACCENT, rect, 1, border_radius=4)
            ui.text(surface, f"{option.name.replace('_', ' ')}", (rect.x + 6, rect.y + 3), 19, max_width=rect.width - 140)
            ui.text(surface, f"{option.hours:g} h · {option.channel.replace('_', ' ')}", (rect.right - 130, rect.y + 4),
                    17, ui.DIM, max_width=126)
        if options:
            chosen = options[min(self.action_index, len(options) - 1)]
            ui.text(surface, chosen.description, (menu.x + 8, menu.bottom - 22), 18, ui.WARN, max_width=menu.width - 16)

    def draw_panel(self, surface) -> None:
        panel = self.panel_rect()
        pygame.draw.rect(surface, ui.PANEL, panel, border_radius=6)
        a = self.account()
        x, y, width = panel.x + 12, panel.y + 10, panel.width - 24
        s = self.session
        if a is None:
            ui.text(surface, "No account selected.", (x, y), 22, ui.DIM)
            return
        ui.text(surface, a.name, (x, y), 28, bold=True, max_width=width)
        y += 30
        recorded = f"phase {a.recorded_phase} (recorded)" if a.recorded_phase else "phase not recorded (1-5)"
        if a.id in s.forecasts and a.status not in CLOSED:
            recorded += f" · forecast {s.forecasts[a.id]:.0%} (F)"
        ui.text(surface, f"{a.sector} · {a.size} · potential {ui.money(a.potential, s.currency)} · {a.status} · {recorded}",
                (x, y), 18, ui.DIM, max_width=width)
        y += 22
        contact = "never contacted" if a.last_contact is None else f"last contact {s.world.clock.label(a.last_contact)}"
        extra = f" · lead ({a.lead_quality_announced}) waiting!" if a.lead_waiting else ""
        ui.text(surface, f"{a.source} · {contact} · decider met: {'yes' if a.decider_met else 'no'}{extra}",
                (x, y), 18, ui.WARN if a.lead_waiting else ui.DIM, max_width=width)
        y += 26
        ui.text(surface, "People", (x, y), 20, ui.ACCENT)
        y += 20
        if not a.people:
            ui.text(surface, "nobody known yet: research the account", (x + 8, y), 18, ui.DIM)
            y += 20
        for p in a.people[:5]:
            ui.text(surface, f"{p.name} — {p.title}, {p.role}{' (met)' if p.met else ''}", (x + 8, y), 18, max_width=width - 8)
            y += 20
        y += 6
        ui.text(surface, "Information gathered", (x, y), 20, ui.ACCENT)
        y += 22
        for label, depth in zip(("necessary", "essential", "useful", "business"), a.info, strict=False):
            ui.text(surface, label, (x + 8, y), 17, ui.DIM)
            bar = pygame.Rect(x + 100, y + 3, min(200, width - 110), 10)
            pygame.draw.rect(surface, ui.BG, bar)
            pygame.draw.rect(surface, ui.GOOD, (bar.x, bar.y, int(bar.width * min(1.0, depth)), bar.height))
            y += 16
        y += 6
        ui.text(surface, "Signals (latest first)", (x, y), 20, ui.ACCENT)
        y += 20
        if not a.signals:
            ui.text(surface, "none yet", (x + 8, y), 18, ui.DIM)
            y += 20
        for sig in list(reversed(a.signals))[:4]:
            ui.text(surface, f"{s.world.clock.label(sig.t)} ({sig.action}): “{sig.text}”", (x + 8, y), 17,
                    max_width=width - 8)
            y += 19
        for headline in a.news[-2:]:
            ui.text(surface, f"News: {headline}", (x + 8, y), 17, ui.WARN, max_width=width - 8)
            y += 19
        y += 6
        ui.text(surface, "History", (x, y), 20, ui.ACCENT)
        y += 20
        mine = [h for h in s.view.history() if h.get("account") == a.id]
        for h in list(reversed(mine))[:6]:
            if y > panel.bottom - 20:
                break
            ui.text(surface, f"{s.world.clock.label(h['t'])} · {h['action']}: {h['result']}", (x + 8, y), 17, ui.DIM,
                    max_width=width - 8)
            y += 19
        planned = [p for p in s.planned if p.action.account == a.id]
        if planned and y < panel.bottom - 20:
            ui.text(surface, "Planned: " + ", ".join(p.action.name for p in planned), (x + 8, y), 17, ui.GOOD,
                    max_width=width - 8)
