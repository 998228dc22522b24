"""The week: pipeline board by recorded phase, account panel, action menu, calendar, end of week.

Keys: Up/Down or Tab select an account · Left/Right choose an action · Enter/Space plan it ·
Backspace unplan the last action planned for the selected account (for the team when the chosen
action is a team action) · P choose whom to address · 1-5 record the phase · F forecast ·
E end the week · G skip the guide · H help. The mouse clicks cards, actions, people, the
phase and forecast buttons and the buttons below the panel; the wheel scrolls the board, or moves
through the actions over the menu; the mouse over an action shows what it does.

Why the caching: with hundreds of accounts a frame must not rebuild the views or re-render
text. What the board shows is read from sim in `refresh()` — only when the world changed
(new log records, time moved, a decision was made) — and drawn from that copy; the board
draws only its visible rows; ui caches rendered text.
"""

from __future__ import annotations

import pygame

from game import ui
from game.guide import STEPS, TARGETS, Guide
from game.scenes.stack import Scene
from sim.interface import Action

COLUMNS = ("?", "1", "2", "3", "4", "5", "closed")
COLUMN_TITLES = ("Unrecorded", "1 Latent", "2 Need", "3 Interest", "4 External", "5 Internal", "Closed")
CLOSED = ("client", "lost", "no_decision")
FORECASTS = (0.1, 0.3, 0.5, 0.7, 0.9)
GUIDE_HEIGHT = 66
GUIDE_HEIGHT_NARROW = 84
TEAM_ACTIONS = ("internal_coordination",)
"""Actions planned for no account but the team: Enter plans them without one, and Backspace with one chosen
takes back the team's last planned action."""


def column_of(account) -> int:
    if account.status in CLOSED:
        return 6
    return account.recorded_phase if account.recorded_phase else 0


def person_line(account, person) -> str:
    """A person as the account panel lists them. "(met)" only once a real conversation took place at
    the account (`engaged`): before it, a person can be known by name — a lead form's contact, a
    referral's decider — without anyone having spoken to them."""
    line = f"{person.name} — {person.title}, {person.role}"
    if person.met:
        line += " (met)" if account.engaged else " (known, no conversation yet)"
    return line


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
        self.board_scroll = 0
        self.guide = Guide() if session.guided_week else None
        # what sim reported, refreshed when the world changes (draw reads only these)
        self._stamp: tuple | None = None
        self.by_id: dict = {}
        self.ordered_ids: list[str] = []
        self.columns: list[list[str]] = [[] for _ in COLUMNS]
        self.hours_left = 0.0
        self._options: list = []
        self._options_key: tuple | None = None
        self.history: list[dict] = []
        self.hover_option: int | None = None
        """The action under the mouse: its description shows, so a mouse-only trainee reads before clicking."""
        self.hover_card: str | None = None
        self.mouse_pos: tuple[int, int] | None = None
        self.leaving = False
        """Esc was pressed once: a second Esc goes back to the title (a first one only says so)."""
        """Where the mouse last moved (the wheel scrolls what is under it)."""
        """The account card under the mouse: its full name shows over a narrow column."""

    # ---------------------------------------------------------------- layout (pure)

    @property
    def guiding(self) -> bool:
        return self.guide is not None and self.guide.active and self.session.guided_week

    def top(self) -> int:
        return 92 + (self.guide_height() + 6 if self.guiding else 0)

    def guide_height(self) -> int:
        return GUIDE_HEIGHT if self.size[0] >= 1100 else GUIDE_HEIGHT_NARROW

    def board_rect(self) -> pygame.Rect:
        w, h = self.size
        top = self.top()
        return pygame.Rect(12, top, int(w * 0.58) - 12, max(120, int((h - top) * 0.46)))

    def menu_rect(self) -> pygame.Rect:
        w, h = self.size
        board = self.board_rect()
        return pygame.Rect(12, board.bottom + 10, board.width, h - 40 - board.bottom - 10)

    def panel_rect(self) -> pygame.Rect:
        w, h = self.size
        board = self.board_rect()
        top = self.top()
        return pygame.Rect(board.right + 12, top, w - board.right - 24, h - top - 92)

    def guide_rect(self) -> pygame.Rect:
        w, _ = self.size
        return pygame.Rect(12, 88, w - 24, self.guide_height())

    def skip_button(self) -> ui.Button:
        g = self.guide_rect()
        return ui.Button(pygame.Rect(g.right - 190, g.y + 13, 176, 40), "Skip guide (G)", "skip")

    def card_step(self) -> int:
        board = self.board_rect()
        longest = max((len(c) for c in self.columns), default=1)
        return max(24, min(34, (board.height - 30) // max(1, longest)))

    def visible_rows(self) -> int:
        return max(1, (self.board_rect().height - 30) // self.card_step())

    def cards(self) -> list[tuple[pygame.Rect, str]]:
        """The cards on screen: each column's rows from the board's scroll position."""
        board = self.board_rect()
        col_w = board.width // len(COLUMNS)
        step = self.card_step()
        rows = self.visible_rows()
        out = []
        for c, ids in enumerate(self.columns):
            for n, account_id in enumerate(ids[self.board_scroll:self.board_scroll + rows]):
                out.append((pygame.Rect(board.x + c * col_w + 3, board.y + 28 + n * step, col_w - 6, step - 3),
                            account_id))
        return out

    def menu_grid(self, n: int) -> tuple[int, int, int]:
        """(rows, columns, first option shown): up to three readable columns, scrolled to the chosen action."""
        menu = self.menu_rect()
        rows = max(1, (menu.height - 56) // 22)
        cols = max(2, min(-(-n // rows), max(2, menu.width // 230)))
        first = 0
        if n > rows * cols:  # more actions than fit: scroll by whole rows to keep the chosen one in view
            first = max(0, min(n - rows * cols, self.action_index - rows * cols + 1))
        return rows, cols, first

    def option_rects(self, options) -> list[pygame.Rect]:
        """One rect per option; options scrolled out of the menu get an empty rect off screen."""
        menu = self.menu_rect()
        rows, cols, first = self.menu_grid(len(options))
        col_w = menu.width // cols
        out = []
        for i in range(len(options)):
            j = i - first
            if 0 <= j < rows * cols:
                out.append(pygame.Rect(menu.x + (j // rows) * col_w, menu.y + 26 + (j % rows) * 22, col_w - 6, 21))
            else:
                out.append(pygame.Rect(-1000, -1000, 0, 0))
        return out

    def buttons(self) -> list[ui.Button]:
        panel = self.panel_rect()
        y = panel.bottom + 12
        unit = min(1.0, (panel.width - 20) / 410)
        unplan = "Unplan (Bksp)" if unit >= 1 else "Unplan"
        return [ui.Button(pygame.Rect(panel.x, y, int(170 * unit), 40), "End week (E)", "end"),
                ui.Button(pygame.Rect(panel.x + int(180 * unit), y, int(120 * unit), 40), unplan, "unplan"),
                ui.Button(pygame.Rect(panel.x + int(310 * unit), y, int(100 * unit), 40), "Help (H)", "help")]

    def panel_controls(self) -> dict[str, list[tuple[pygame.Rect, object]]]:
        """The clickable parts of the account panel: phase buttons, forecast buttons, people."""
        panel = self.panel_rect()
        x, y = panel.x + 12, panel.y + 10 + 30 + 22 + 26
        phase = [(pygame.Rect(x + 58 + i * 30, y, 27, 24), i + 1) for i in range(5)]
        fx, fy = x + 58 + 5 * 30 + 84, y
        if panel.right - 8 - fx < 5 * 40:  # narrow window: the forecast buttons go on their own row
            fx, fy = x + 84, y + 30
        forecast = [(pygame.Rect(fx + i * 42, fy, 38, 24), p) for i, p in enumerate(FORECASTS)]
        a = self.account()
        people = []
        py = fy + 32 + 20
        if a is not None:
            for i, _person in enumerate(a.people[:5]):
                people.append((pygame.Rect(x + 4, py + i * 20, panel.width - 32, 20), i + 1))
        return {"phase": phase, "forecast": forecast, "people": people}

    def guide_target(self) -> pygame.Rect | None:
        if not self.guiding:
            return None
        name = TARGETS[self.guide.current[0]]
        if name == "board":
            return self.board_rect()
        if name == "menu":
            return self.menu_rect()
        if name == "end":
            return self.buttons()[0].rect
        controls = self.panel_controls()
        rects = [r for r, _ in controls.get(name, [])]
        if name == "people":
            panel = self.panel_rect()
            return pygame.Rect(panel.x + 6, rects[0].y - 22 if rects else panel.y + 110, panel.width - 12,
                               22 + 20 * max(1, len(rects)))
        return rects[0].unionall(rects[1:]).inflate(8, 8) if rects else None

    # ---------------------------------------------------------------- reading sim

    def refresh(self, force: bool = False) -> None:
        """Read the board from sim again if anything could have changed since the last read."""
        s = self.session
        stamp = (len(s.world.log.records), s.world.env.now, len(s.recorder.decisions), len(s.world.history[s.rep]))
        if stamp == self._stamp and not force:
            return
        self._stamp = stamp
        view = s.view
        accounts = view.accounts()
        self.by_id = {a.id: a for a in accounts}
        columns: list[list[str]] = [[] for _ in COLUMNS]
        for a in accounts:
            columns[column_of(a)].append(a.id)
        self.columns = columns
        self.ordered_ids = [i for col in columns for i in col]
        self.hours_left = view.hours_left_week
        self.history = view.history()
        self._options_key = None
        if self.selected not in self.by_id:
            self.selected = self.ordered_ids[0] if self.ordered_ids else None
        self.clamp_scroll()

    def account(self):
        return self.by_id.get(self.selected) if self.selected is not None else None

    def ordered(self):
        return [self.by_id[i] for i in self.ordered_ids]

    def options(self):
        key = (self._stamp, self.selected)
        if key != self._options_key:
            self._options = self.session.view.options(self.selected if self.account() is not None else None)
            self._options_key = key
        return self._options

    # ---------------------------------------------------------------- state

    def resume(self) -> None:
        if self.advancing:
            self._stamp = None  # read again when the week is over: mid-advance the board need not follow
        else:
            self.refresh(force=True)
        if self.guide is not None and not self.session.guided_week:
            self.guide = None

    def update(self, dt: float) -> None:
        if not self.advancing:
            self.refresh()
            return
        s = self.session
        if self.pending:
            self.handle_stop(self.pending.pop(0))
            return
        stop = s.advance()
        if stop.reasons:
            self.pending = list(stop.reasons)
            return
        if s.world.env.now < min(s.world.clock.next_week_start(s.week_started_t), s.quarter_end):
            return  # stopped early for nothing the trainee must see; keep going next frame
        self.advancing = False
        self.message = s.autosave() or ""
        self.refresh(force=True)
        from game.scenes.summary import SummaryScene

        self.stack.push(SummaryScene(s))

    def handle_event(self, event) -> None:
        if self.advancing:
            return
        self.refresh()
        if event.type == pygame.KEYDOWN:
            self.on_key(event)
        elif event.type == pygame.MOUSEWHEEL:
            if self.mouse_pos is not None and self.menu_rect().collidepoint(self.mouse_pos):
                # over the action menu: move through the actions, so those scrolled out of a small
                # window's menu can be reached without the keyboard
                n = len(self.options())
                self.hover_option = None
                if n:  # stops at the ends (a wheel that wraps around lands on an action far from the eye)
                    self.action_index = max(0, min(n - 1, self.action_index - int(getattr(event, "y", 0))))
            else:
                self.board_scroll -= int(getattr(event, "y", 0))
                self.clamp_scroll()
        elif event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            self.on_click(event.pos)
        elif event.type == pygame.MOUSEMOTION:
            self.on_hover(event.pos)

    def on_hover(self, pos) -> None:
        self.mouse_pos = pos
        menu = self.menu_rect()
        self.hover_option = next((i for i, rect in enumerate(self.option_rects(self.options()))
                                  if rect.collidepoint(pos) and rect.bottom <= menu.bottom), None)
        self.hover_card = next((account_id for rect, account_id in self.cards() if rect.collidepoint(pos)), None)

    def shown_option(self):
        """The action whose description the menu shows: the one under the mouse, else the chosen one."""
        options = self.options()
        if not options:
            return None
        if self.hover_option is not None and self.hover_option < len(options):
            return options[self.hover_option]
        return options[min(self.action_index, len(options) - 1)]

    def on_key(self, event) -> None:
        key = event.key
        leaving, self.leaving = self.leaving, False
        if key == pygame.K_ESCAPE:
            if leaving:
                from game.scenes.title import TitleScene  # noqa: PLC0415

                s = self.session
                self.stack.clear_to(TitleScene(s.scenario, s.seed, s.save_path))
            else:
                self.leaving = True
                s = self.session
                saved = s.save_path is not None and (s.quarter > 0 or s.week > 1)  # saves come at each week's end
                self.message = ("Esc again: back to the title (the game saved at the start of this week)." if saved
                                else "Esc again: back to the title (nothing of this game is saved before week 1 ends).")
            return
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
            self.unplan_current()
        elif key == pygame.K_PAGEDOWN:
            self.board_scroll += self.visible_rows() - 1
            self.clamp_scroll()
        elif key == pygame.K_PAGEUP:
            self.board_scroll -= self.visible_rows() - 1
            self.clamp_scroll()
        elif key == pygame.K_p:
            account = self.account()
            if account is not None and account.people:
                self.choose_person((self.person_index + 1) % (len(account.people) + 1))
            self.notice("people")
        elif pygame.K_1 <= key <= pygame.K_5:
            self.record_phase(key - pygame.K_0)
        elif key == pygame.K_e:
            self.end_week()
        elif key == pygame.K_f:
            self.cycle_forecast()
        elif key == pygame.K_g and self.guide is not None:
            self.guide.skip()
        elif key in (pygame.K_h, pygame.K_F1):
            self.open_help()

    def on_click(self, pos) -> None:
        if self.guiding and self.skip_button().rect.collidepoint(pos):
            self.guide.skip()
            return
        for rect, account_id in self.cards():
            if rect.collidepoint(pos):
                self.select(account_id)
                return
        for i, rect in enumerate(self.option_rects(self.options())):
            if rect.collidepoint(pos) and rect.bottom <= self.menu_rect().bottom:
                self.action_index = i
                self.plan_current()
                return
        controls = self.panel_controls()
        for rect, phase in controls["phase"]:
            if rect.collidepoint(pos):
                self.record_phase(phase)
                return
        for rect, p in controls["forecast"]:
            if rect.collidepoint(pos):
                self.set_forecast(p)
                return
        for rect, index in controls["people"]:
            if rect.collidepoint(pos):
                self.choose_person(0 if self.person_index == index else index)
                return
        if self.panel_rect().collidepoint(pos):
            self.notice("people")  # the trainee is reading the account panel
        command = ui.hit(self.buttons(), pos)
        if command == "end":
            self.end_week()
        elif command == "unplan":
            self.unplan_current()
        elif command == "help":
            self.open_help()

    def notice(self, step: str) -> None:
        if self.guide is not None:
            self.guide.notice(step)

    def clamp_scroll(self) -> None:
        longest = max((len(c) for c in self.columns), default=0)
        self.board_scroll = max(0, min(self.board_scroll, longest - self.visible_rows()))

    def select(self, account_id: str) -> None:
        if account_id != self.selected:
            self.selected = account_id
            self.person_index = 0
            self.action_index = 0
            self.message = ""
        self.notice("select")
        for col in self.columns:  # keep the selected card on screen
            if account_id in col:
                row = col.index(account_id)
                rows = self.visible_rows()
                if row < self.board_scroll:
                    self.board_scroll = row
                elif row >= self.board_scroll + rows:
                    self.board_scroll = row - rows + 1
        self.clamp_scroll()

    def move_selection(self, step: int) -> None:
        ids = self.ordered_ids
        if not ids:
            return
        i = ids.index(self.selected) if self.selected in ids else -1
        self.select(ids[(i + step) % len(ids)])

    def move_action(self, step: int) -> None:
        n = len(self.options())
        self.hover_option = None  # the keys chose: describe that one
        if n:
            self.action_index = (self.action_index + step) % n

    def choose_person(self, index: int) -> None:
        self.person_index = index
        self.notice("people")

    def record_phase(self, phase: int) -> None:
        if self.account() is None:
            return
        self.session.record_phase(self.selected, phase)
        self.message = f"Recorded phase {phase}."
        self.notice("phase")
        self.refresh()
        self.select(self.selected)

    def plan_current(self) -> None:
        options = self.options()
        if not options:
            return
        option = options[min(self.action_index, len(options) - 1)]
        s = self.session
        if s.hours_planned + option.hours > self.hours_left + 1e-9:
            self.message = f"Not enough hours left this week for {option.name.replace('_', ' ')} ({option.hours:g} h)."
            return
        account = self.account()
        person = via = service = None
        target = account.id if account is not None and option.name not in TEAM_ACTIONS else None
        if account is not None:
            if self.person_index and self.person_index <= len(account.people):
                person = account.people[self.person_index - 1].id
            if option.name == "introduction_request" and account.introductions:
                via = account.introductions[0][0]
            if option.name == "cross_sell":
                service = next((x for x in s.view.addons() if x not in account.sold), None)
        s.plan(Action(option.name, target, person=person, via=via, service=service), option.hours)
        self.message = f"Planned {option.name.replace('_', ' ')} ({option.hours:g} h)."
        self.notice("plan")

    def unplan_target(self) -> str | None:
        """Whose planned actions Backspace and Unplan take back: what Enter would plan for — the selected
        account, or the team (None) when the chosen action is a team action or no account is selected."""
        account = self.account()
        options = self.options()
        option = options[min(self.action_index, len(options) - 1)] if options else None
        if account is None or (option is not None and option.name in TEAM_ACTIONS):
            return None
        return account.id

    def unplan_current(self) -> None:
        """Take back the last action planned for the selected account (or the team's, see unplan_target);
        with nothing planned there, say so and change nothing."""
        target = self.unplan_target()
        s = self.session
        removed = s.unplan(target)
        if removed is None:
            self.message = ("No team action planned this week." if target is None
                            else f"Nothing planned for {s.account_name(target)} this week.")
            return
        where = f" at {s.account_name(target)}" if target is not None else " (team)"
        self.message = f"Unplanned {removed.action.name.replace('_', ' ')}{where} ({removed.hours:g} h)."

    def cycle_forecast(self) -> None:
        """F: state the chance this open deal closes this quarter: 10 %, 30 %, 50 %, 70 %, 90 %, 10 % ..."""
        account = self.account()
        if account is None or account.status in CLOSED:
            return
        current = self.session.forecasts.get(account.id)
        self.set_forecast(FORECASTS[(FORECASTS.index(current) + 1) % len(FORECASTS)] if current in FORECASTS
                          else FORECASTS[0])

    def set_forecast(self, p: float) -> None:
        account = self.account()
        if account is None or account.status in CLOSED:
            self.message = "Forecasts are for open deals."
            return
        self.session.forecast(account.id, p)
        self.message = f"Forecast: {p:.0%} chance to close this quarter."
        self.notice("forecast")

    def end_week(self) -> None:
        self.notice("end")
        self.session.start_week()
        self.advancing = True
        self.pending = []
        self.message = ""

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
        surface.fill(ui.BG)
        ui.text(surface, s.scenario.meta.title, (12, 10), 28, bold=True, max_width=w // 2 - 20)
        when = s.world.clock.label(s.world.env.now).split(", ", 1)[-1]
        ui.text(surface, f"Quarter {s.quarter + 1} · week {min(s.week, s.weeks)} of {s.weeks} · {when}",
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
                         f"({len(s.planned)} action{'' if len(s.planned) == 1 else 's'} planned)", (bar.x + 10, bar.y + 7),
                20, max_width=bar.width // 2)
        if self.guiding:
            self.draw_guide(surface)
        self.draw_board(surface)
        self.draw_menu(surface)
        self.draw_panel(surface)
        for b in self.buttons():
            ui.draw_button(surface, b)
        target = self.guide_target()
        if target is not None:
            pulse = 2 + (pygame.time.get_ticks() // 400) % 2
            pygame.draw.rect(surface, ui.WARN, target.inflate(6, 6), pulse, border_radius=6)
        if self.message:  # the last thing that happened, at the right of the calendar bar
            img = ui.rendered(self.message, 19, ui.WARN, bold=True, max_width=max(60, w // 2 - 40))
            surface.blit(img, (bar.right - 10 - img.get_width(), bar.y + 7))
        ui.footer(surface, "Up/Down/Tab: account · Left/Right: action · Enter: plan · P: whom · 1-5: record phase · "
                           "F: forecast · E: end week · H: help · Esc: title")

    def draw_guide(self, surface) -> None:
        g = self.guide_rect()
        pygame.draw.rect(surface, (58, 52, 30), g, border_radius=8)
        pygame.draw.rect(surface, ui.WARN, g, 2, border_radius=8)
        step = self.guide.index
        _, title, body = STEPS[step]
        ui.text(surface, f"Guided first week · step {step + 1} of {len(STEPS)}: {title}", (g.x + 14, g.y + 8), 24,
                ui.WARN, bold=True, max_width=g.width - 220)
        size = 20 if ui.font(20).size(body)[0] <= g.width - 220 else 18
        for i, line in enumerate(ui.wrap(body, g.width - 220, size)[:2]):
            ui.text(surface, line, (g.x + 14, g.y + 38 + i * ui.font(size).get_linesize()), size, ui.TEXT,
                    max_width=g.width - 220)
        ui.draw_button(surface, self.skip_button())

    def draw_board(self, surface) -> None:
        board = self.board_rect()
        pygame.draw.rect(surface, ui.PANEL, board, border_radius=6)
        col_w = board.width // len(COLUMNS)
        for i, title in enumerate(COLUMN_TITLES):
            x = board.x + i * col_w
            pygame.draw.rect(surface, ui.PHASE_COLOURS[min(i, 5)], (x + 3, board.y + 4, col_w - 6, 20), border_radius=4)
            label = f"{title} ({len(self.columns[i])})" if len(self.columns[i]) > self.visible_rows() else title
            ui.text(surface, label, (x + 6, board.y + 7), 17, (20, 20, 24), max_width=col_w - 10)
        planned: dict[str, int] = {}
        for p in self.session.planned:
            planned[p.action.account] = planned.get(p.action.account, 0) + 1
        for rect, account_id in self.cards():
            a = self.by_id[account_id]
            chosen = account_id == self.selected
            pygame.draw.rect(surface, ui.PANEL_HI if chosen else (46, 52, 66), rect, border_radius=4)
            if chosen:
                pygame.draw.rect(surface, ui.ACCENT, rect, 2, border_radius=4)
            colour = ui.WARN if a.lead_waiting or a.news_pending else (ui.GOOD if a.status == "client" else ui.TEXT)
            if a.status in ("lost", "no_decision"):
                colour = ui.DIM
            badge = None
            if planned.get(account_id):  # this week's plan has actions here: which accounts are covered, at a glance
                badge = ui.rendered(f"+{planned[account_id]}", 15, ui.GOOD, bold=True)
                surface.blit(badge, (rect.right - badge.get_width() - 4, rect.y + 3))
            ui.text(surface, a.name, (rect.x + 4, rect.y + 2), 17, colour,
                    max_width=rect.width - 8 - (badge.get_width() + 4 if badge is not None else 0))
            tag = a.status if a.status != "prospect" else ("lead!" if a.lead_waiting else a.sector)
            if rect.height >= 28:
                ui.text(surface, tag, (rect.x + 4, rect.y + 16), 15, ui.DIM, max_width=rect.width - 8)
        for rect, account_id in self.cards():
            a = self.by_id[account_id]
            if account_id == self.hover_card and ui.font(17).size(a.name)[0] > rect.width - 8:
                img = ui.rendered(a.name, 17, ui.TEXT)
                label = pygame.Rect(rect.x, rect.y, img.get_width() + 10, 18).clamp(board)
                pygame.draw.rect(surface, ui.PANEL_HI, label, border_radius=3)
                pygame.draw.rect(surface, ui.ACCENT, label, 1, border_radius=3)
                surface.blit(img, (label.x + 5, label.y + 2))
        longest = max((len(c) for c in self.columns), default=0)
        ui.scrollbar(surface, board.inflate(0, -30).move(0, 14), self.board_scroll, self.visible_rows(), longest)

    def draw_menu(self, surface) -> None:
        menu = self.menu_rect()
        pygame.draw.rect(surface, ui.PANEL, menu, border_radius=6)
        account = self.account()
        who = "whoever answers"
        if account is not None and self.person_index and self.person_index <= len(account.people):
            person = account.people[self.person_index - 1]
            who = f"{person.name} ({person.role})"
        target = account.name if account is not None else "no account"
        options = self.options()
        rows, cols, first = self.menu_grid(len(options))
        room = menu.width - 16
        if first > 0 or first + rows * cols < len(options):  # some actions scrolled out: say which are shown
            more = ui.rendered(f"{first + 1}-{min(len(options), first + rows * cols)} of {len(options)}", 17, ui.WARN)
            surface.blit(more, (menu.right - more.get_width() - 8, menu.y + 6))
            room -= more.get_width() + 12
        ui.text(surface, f"Actions for {target} — addressing {who} (P)", (menu.x + 8, menu.y + 5), 19, ui.DIM,
                max_width=room)
        for i, (rect, option) in enumerate(zip(self.option_rects(options), options, strict=False)):
            if rect.width == 0 or rect.bottom > menu.bottom:
                continue
            if i == self.action_index:
                pygame.draw.rect(surface, ui.PANEL_HI, rect, border_radius=4)
                pygame.draw.rect(surface, ui.ACCENT, rect, 1, border_radius=4)
            elif i == self.hover_option:
                pygame.draw.rect(surface, ui.DIM, rect, 1, border_radius=4)
            side = min(124, rect.width // 2)
            ui.text(surface, f"{option.name.replace('_', ' ')}", (rect.x + 6, rect.y + 3), 19,
                    max_width=rect.width - side - 10)
            ui.text(surface, f"{option.hours:g} h · {option.channel.replace('_', ' ')}", (rect.right - side, rect.y + 4),
                    17, ui.DIM, max_width=side - 4)
        shown = self.shown_option()
        if shown is not None:
            ui.text(surface, f"{shown.name.replace('_', ' ')}: {shown.description}", (menu.x + 8, menu.bottom - 22), 18,
                    ui.WARN, max_width=menu.width - 16)

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
        ui.text(surface, f"{a.sector} · {a.size} · potential {ui.money(a.potential, s.currency)} · {a.status}",
                (x, y), 18, ui.DIM, max_width=width)
        y += 22
        contact = "never contacted" if a.last_contact is None else f"last contact {s.when(a.last_contact)}"
        extra = f" · lead ({a.lead_quality_announced}) waiting!" if a.lead_waiting else ""
        ui.text(surface, f"{a.source} · {contact} · decider met: {'yes' if a.decider_met else 'no'}{extra}",
                (x, y), 18, ui.WARN if a.lead_waiting else ui.DIM, max_width=width)
        y += 26
        controls = self.panel_controls()
        ui.text(surface, "Phase", (x, y + 4), 19, ui.ACCENT)
        for rect, phase in controls["phase"]:
            on = a.recorded_phase == phase
            pygame.draw.rect(surface, ui.PHASE_COLOURS[phase] if on else ui.BG, rect, border_radius=4)
            pygame.draw.rect(surface, ui.PHASE_COLOURS[phase], rect, 1, border_radius=4)
            img = ui.rendered(str(phase), 19, (20, 20, 24) if on else ui.TEXT)
            surface.blit(img, img.get_rect(center=rect.center))
        if controls["forecast"]:
            first = controls["forecast"][0][0]
            ui.text(surface, "Forecast", (first.x - 78, first.y + 4), 19, ui.ACCENT)
        current = s.forecasts.get(a.id)
        for rect, p in controls["forecast"]:
            on = current == p
            pygame.draw.rect(surface, ui.ACCENT if on else ui.BG, rect, border_radius=4)
            pygame.draw.rect(surface, ui.ACCENT, rect, 1, border_radius=4)
            img = ui.rendered(f"{p:.0%}", 17, (20, 20, 24) if on else ui.TEXT)
            surface.blit(img, img.get_rect(center=rect.center))
        y = controls["forecast"][0][0].y + 32 if controls["forecast"] else y + 32
        ui.text(surface, "People (P or click: whom to address)", (x, y), 20, ui.ACCENT, max_width=width)
        y += 20
        if not a.people:
            ui.text(surface, "nobody known yet: research the account", (x + 8, y), 18, ui.DIM)
            y += 20
        for rect, index in controls["people"]:
            p = a.people[index - 1]
            if index == self.person_index:
                pygame.draw.rect(surface, ui.PANEL_HI, rect, border_radius=3)
                pygame.draw.rect(surface, ui.ACCENT, rect, 1, border_radius=3)
            ui.text(surface, person_line(a, p), (rect.x + 4, rect.y + 2), 18, max_width=rect.width - 8)
            y += 20
        y += 6
        if y + 90 > panel.bottom:
            return  # a small window: the people come first; the rest shows when there is room
        ui.text(surface, "Information gathered", (x, y), 20, ui.ACCENT)
        y += 22
        for label, depth in zip(("necessary", "essential", "useful", "business"), a.info, strict=False):
            ui.text(surface, label, (x + 8, y), 17, ui.DIM)
            bar = pygame.Rect(x + 100, y + 3, min(200, width - 110), 10)
            pygame.draw.rect(surface, ui.BG, bar)
            pygame.draw.rect(surface, ui.GOOD, (bar.x, bar.y, int(bar.width * min(1.0, depth)), bar.height))
            y += 16
        y += 6
        if y + 40 > panel.bottom:
            return
        ui.text(surface, "Signals (latest first)", (x, y), 20, ui.ACCENT)
        y += 20
        if not a.signals:
            ui.text(surface, "none yet", (x + 8, y), 18, ui.DIM)
            y += 20
        for sig in list(reversed(a.signals))[:4]:
            if y > panel.bottom - 40:
                break
            said = str(sig.text).strip('"“” ')  # some signals carry their own quotes
            ui.text(surface, f"{s.when(sig.t)} ({str(sig.action).replace('_', ' ')}): “{said}”", (x + 8, y), 17,
                    max_width=width - 8)
            y += 19
        for headline in a.news[-2:]:
            if y > panel.bottom - 40:
                break
            ui.text(surface, f"News: {headline}", (x + 8, y), 17, ui.WARN, max_width=width - 8)
            y += 19
        y += 6
        if y < panel.bottom - 40:
            ui.text(surface, "History", (x, y), 20, ui.ACCENT)
            y += 20
        mine = [h for h in self.history if h.get("account") == a.id]
        for h in list(reversed(mine))[:6]:
            if y > panel.bottom - 40:
                break
            ui.text(surface, f"{s.when(h['t'])} · {str(h['action']).replace('_', ' ')}: {h['result']}", (x + 8, y), 17, ui.DIM,
                    max_width=width - 8)
            y += 19
        planned = [p for p in s.planned if p.action.account == a.id]
        if planned:
            ui.text(surface, "Planned: " + ", ".join(p.action.name.replace("_", " ") for p in planned),
                    (x + 8, panel.bottom - 22), 17,
                    ui.GOOD, max_width=width - 8)
