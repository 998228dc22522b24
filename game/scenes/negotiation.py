"""The negotiation table: the issues, the buyer's standing offer, the trainee's preparation and moves.

Before round 1 the trainee prepares — the principle is "prepare a start, an ideal and a
walk-away before you sit down" — so all three are editable: per issue the value to open with
(start) and the value aimed for (ideal), and the BATNA, the utility below which any deal is
refused. The draft starts from sim's own linear negotiator's plan; what each choice is worth
to the trainee is read from sim (the preferences' utility), never computed here.

Keys before round 1: Up/Down row · Tab (or click) start/ideal column · Left/Right change the
value · +/- the BATNA · R reset · Enter prepare · D/Esc default plan. Then one move per round:
A accept · O open with the start, then offer the ideal · Up/Down + C concede · K if…then package · S silence ·
M manager · W walk away · D/Esc let the game decide.
"""

from __future__ import annotations

import pygame

from game import ui
from game.scenes.stack import Scene
from sim.negotiation import Move, Plan, describe

BATNA_STEP = 0.05
COLUMNS = ("start", "ideal")


class NegotiationScene(Scene):
    name = "negotiation"

    def __init__(self, session, account: str) -> None:
        super().__init__(session)
        self.account = account
        self.issue_index = 0
        self.draft_start: list[int] = []
        self.draft_ideal: list[int] = []
        self.batna = 0.0
        self.row = 0
        """Prepared row: an issue index, or len(issues) for the BATNA."""
        self.col = 0
        """Prepared column: 0 start, 1 ideal."""
        self.message = ""
        """Why the last move was not made (e.g. nothing to accept yet): shown above the buttons."""
        self.reset_draft()

    @property
    def batna_shift(self) -> float:
        default = self.session.default_plan(self.account)
        return 0.0 if default is None else round(self.batna - default.batna, 4)

    def view(self):
        return self.session.view.negotiation(self.account)

    def preparing(self) -> bool:
        return self.session.needs_plan(self.account)

    def rep_issues(self, view) -> list[int]:
        return [i for i, issue in enumerate(view.issues) if issue.side == "rep"]

    # ---------------------------------------------------------------- layout (pure)

    def cols(self) -> tuple[int, int, int, int, int]:
        w, _ = self.size
        x0 = 20
        return (x0, x0 + int(w * 0.27), x0 + int(w * 0.34), x0 + int(w * 0.545), x0 + int(w * 0.75))

    def cell_width(self) -> int:
        cols = self.cols()
        return cols[3] - cols[2] - 20

    def row_y(self, i: int) -> int:
        return 126 + 28 * i

    def cell(self, row: int, col: int) -> pygame.Rect:
        x = self.cols()[2 + col]
        return pygame.Rect(x, self.row_y(row) - 3, self.cell_width(), 26)

    def steppers(self) -> list[tuple[pygame.Rect, int, int, int]]:
        """(rect, row, col, direction) of every - and + button of the preparation table."""
        view = self.view()
        if view is None or not self.preparing():
            return []
        out = []
        for row in range(len(view.issues) + 1):
            for col in range(2 if row < len(view.issues) else 1):
                c = self.cell(row, col)
                out.append((pygame.Rect(c.x, c.y, 26, 26), row, col, -1))
                out.append((pygame.Rect(c.right - 26, c.y, 26, 26), row, col, 1))
        return out

    def buttons(self) -> list[ui.Button]:
        w, h = self.size
        if self.preparing():
            labels = [("Prepare with this plan (Enter)", "prepare"), ("Reset to default (R)", "reset"),
                      ("Let the game prepare (D)", "auto"), ("Help (H)", "help")]
        else:
            view = self.view()
            opening = view is None or view.my_last is None
            labels = [("Accept (A)", "accept"), ("Open: your start (O)" if opening else "Offer ideal (O)", "offer"),
                      ("Concede (C)", "concede"),
                      ("If…then (K)", "package"), ("Silence (S)", "silence"), ("Manager (M)", "escalate"),
                      ("Walk away (W)", "walk_away"), ("Let the game decide (D)", "auto")]
        rows: list[list[tuple[str, str, int]]] = [[]]
        x = 20
        for label, key in labels:
            width = ui.font(20).size(label)[0] + 30
            if x + width > w - 20 and rows[-1]:
                rows.append([])
                x = 20
            rows[-1].append((label, key, width))
            x += width + 10
        out = []
        for r, row in enumerate(rows):
            x, y = 20, h - 90 - 52 * (len(rows) - 1 - r)
            for label, key, width in row:
                out.append(ui.Button(pygame.Rect(x, y, width, 42), label, key))
                x += width + 10
        return out

    # ---------------------------------------------------------------- state

    def reset_draft(self) -> None:
        plan = self.session.default_plan(self.account)
        if plan is None:
            return
        self.draft_start = list(plan.start)
        self.draft_ideal = list(plan.ideal)
        self.batna = float(plan.batna)

    def plan_to_submit(self) -> Plan | None:
        if not self.draft_start:
            return None
        return Plan(tuple(self.draft_start), tuple(self.draft_ideal), round(min(0.95, max(0.0, self.batna)), 4))

    def change(self, row: int, col: int, step: int) -> None:
        view = self.view()
        if view is None or not self.draft_start:
            return
        if row >= len(view.issues):
            self.batna = round(min(0.95, max(0.0, self.batna + BATNA_STEP * step)), 4)
            return
        target = self.draft_start if col == 0 else self.draft_ideal
        target[row] = max(0, min(view.issues[row].steps - 1, target[row] + step))

    def handle_event(self, event) -> None:
        view = self.view()
        if view is None:
            self.stack.pop()
            return
        if self.preparing():
            self.handle_prepare(event, view)
            return
        command = None
        if event.type == pygame.KEYDOWN:
            keys = {pygame.K_a: "accept", pygame.K_o: "offer", pygame.K_c: "concede", pygame.K_s: "silence",
                    pygame.K_m: "escalate", pygame.K_w: "walk_away", pygame.K_d: "auto", pygame.K_k: "package",
                    pygame.K_ESCAPE: "auto", pygame.K_h: "help", pygame.K_F1: "help"}
            if event.key in (pygame.K_DOWN, pygame.K_UP):
                n = len(self.rep_issues(view))
                self.issue_index = (self.issue_index + (1 if event.key == pygame.K_DOWN else -1)) % max(1, n)
            command = keys.get(event.key)
        elif event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            command = ui.hit(self.buttons(), event.pos)
            mine = self.rep_issues(view)
            for n, i in enumerate(mine):
                if pygame.Rect(14, self.row_y(i) - 3, self.size[0] - 40, 26).collidepoint(event.pos):
                    self.issue_index = n
        if command is not None:
            self.act(command, view)

    def handle_prepare(self, event, view) -> None:
        rows = len(view.issues) + 1
        command = None
        if event.type == pygame.KEYDOWN:
            key = event.key
            if key == pygame.K_DOWN:
                self.row = (self.row + 1) % rows
            elif key == pygame.K_UP:
                self.row = (self.row - 1) % rows
            elif key == pygame.K_TAB:
                self.col = 1 - self.col
            elif key in (pygame.K_LEFT, pygame.K_RIGHT):
                self.change(self.row, self.col, 1 if key == pygame.K_RIGHT else -1)
            elif key in (pygame.K_PLUS, pygame.K_EQUALS, pygame.K_KP_PLUS, pygame.K_MINUS, pygame.K_KP_MINUS):
                up = key in (pygame.K_PLUS, pygame.K_EQUALS, pygame.K_KP_PLUS)
                self.change(rows - 1, 0, 1 if up else -1)
            else:
                command = {pygame.K_RETURN: "prepare", pygame.K_KP_ENTER: "prepare", pygame.K_r: "reset",
                           pygame.K_d: "auto", pygame.K_ESCAPE: "auto", pygame.K_h: "help",
                           pygame.K_F1: "help"}.get(key)
        elif event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            for rect, row, col, step in self.steppers():
                if rect.collidepoint(event.pos):
                    self.row, self.col = row, col
                    self.change(row, col, step)
                    return
            for row in range(rows):
                for col in range(2 if row < rows - 1 else 1):
                    if self.cell(row, col).collidepoint(event.pos):
                        self.row, self.col = row, col
                        return
            command = ui.hit(self.buttons(), event.pos)
        if command == "reset":
            self.reset_draft()
        elif command == "help":
            self.open_help()
        elif command in ("prepare", "auto"):
            plan = self.plan_to_submit() if command == "prepare" else self.session.default_plan(self.account)
            if plan is not None:
                self.session.submit_plan(self.account, plan)
            self.stack.pop()

    def act(self, command: str, view) -> None:
        s = self.session
        self.message = ""
        if command == "help":
            self.open_help()
            return
        plan = s.plans.get(self.account) or s.default_plan(self.account)
        if command == "auto":
            s.auto_negotiate(self.account)
        elif command == "accept":
            if view.standing is None:
                self.message = "The buyer has not made an offer yet: there is nothing to accept."
                return
            s.submit_move(self.account, Move("accept"))
        elif command == "offer":
            # the first offer opens with the prepared start ("open high"); later ones move to the ideal
            s.submit_move(self.account, Move("offer", offer=plan.start if view.my_last is None else plan.ideal))
        elif command == "package":
            offer = self.package(view)
            if offer is None:
                self.message = self.package_problem(view)
                return
            s.submit_move(self.account, Move("offer", offer=offer))
        elif command == "concede":
            issues = self.rep_issues(view)
            if not issues:
                self.message = "There is no issue of yours to concede on."
                return
            index = issues[self.issue_index % len(issues)]
            issue = view.issues[index]
            base = view.my_last or plan.start
            if base[index] + 1 >= issue.steps:
                self.message = f"{issue.name} is already at its most generous: choose another issue with Up/Down."
                return
            s.submit_move(self.account, Move("concede", issue=issue.id))
        elif command == "escalate" and view.escalated:
            self.message = "Your manager is already at the table (once per negotiation)."
            return
        else:
            s.submit_move(self.account, Move(command))
        self.stack.pop()

    def package(self, view):
        """'I can do X if you commit to Y': one step on the chosen issue of yours, one more commitment asked
        on the buyer's issue with the most room left, from your last offer (or your plan's start)."""
        s = self.session
        plan = s.plans.get(self.account) or s.default_plan(self.account)
        base = list(view.my_last or plan.start)
        mine = self.rep_issues(view)
        if not mine:
            return None
        give = mine[self.issue_index % len(mine)]
        if base[give] + 1 >= view.issues[give].steps:
            return None
        base[give] += 1
        theirs = [i for i, issue in enumerate(view.issues) if issue.side == "buyer" and base[i] + 1 < issue.steps]
        if not theirs:  # nothing more to ask: it would be a plain concession under the name of a package
            return None
        ask = max(theirs, key=lambda i: view.issues[i].steps - 1 - base[i])
        base[ask] += 1
        return tuple(base)

    def package_problem(self, view) -> str:
        """Why there is no if…then package to offer now, in the trainee's words."""
        plan = self.session.plans.get(self.account) or self.session.default_plan(self.account)
        base = view.my_last or plan.start
        mine = self.rep_issues(view)
        if not mine:
            return "There is no issue of yours to give on."
        give = mine[self.issue_index % len(mine)]
        if base[give] + 1 >= view.issues[give].steps:
            return f"{view.issues[give].name} is already at its most generous: choose another issue with Up/Down."
        return ("You already ask for every commitment: an if…then needs one more to ask. Concede (C) gives "
                "without asking; holding (S) gives nothing.")

    def worth_line(self, view) -> tuple[str, tuple[int, int, int]] | None:
        """What the offers on the table are worth to the trainee (sim's utility) against the BATNA."""
        plan = self.session.plans.get(self.account) or self.session.default_plan(self.account)
        if plan is None:
            return None
        utility = view.preferences.utility
        parts = []
        if view.my_last is not None:
            parts.append(f"your last offer {utility(tuple(view.my_last)):.2f}")
        if view.standing is None:
            return (f"To you: {', '.join(parts + [f'your BATNA {plan.batna:.2f}'])}. "
                    "No offer from the buyer yet.", ui.DIM)
        theirs = utility(tuple(view.standing))
        parts.insert(0, f"the buyer's offer {theirs:.2f}")
        verdict = ("above your walk-away: you may accept" if theirs >= plan.batna
                   else "below your walk-away: do not accept it")
        return (f"To you: {', '.join(parts)}; your BATNA {plan.batna:.2f} — the buyer's offer is {verdict}.",
                ui.GOOD if theirs >= plan.batna else ui.WARN)

    # ---------------------------------------------------------------- drawing

    def draw(self, surface) -> None:
        w, h = surface.get_size()
        s = self.session
        surface.fill(ui.BG)
        name = s.account_name(self.account)
        view = self.view()
        ui.text(surface, f"Negotiation table — {name}", (20, 14), 34, bold=True, max_width=w - 40)
        if view is None:
            ui.text(surface, "This negotiation has ended.", (20, 70), 24, ui.DIM)
            return
        ui.text(surface, f"Round {view.round} of {view.max_rounds}" + (" · manager at the table" if view.escalated else ""),
                (20, 54), 22, ui.DIM)
        if self.preparing():
            self.draw_prepare(surface, view)
        else:
            self.draw_table(surface, view)
        buttons = self.buttons()
        for b in buttons:
            ui.draw_button(surface, b)
        if self.message and buttons:
            top = min(b.rect.y for b in buttons)
            ui.text(surface, self.message, (20, top - 30), 21, ui.BAD, bold=True, max_width=w - 40)

    def draw_prepare(self, surface, view) -> None:
        w, h = surface.get_size()
        cols = self.cols()
        y = 96
        heads = ("Issue", "Side", "Start: your opening offer", "Ideal: what you aim for", "Your weight")
        for x, head in zip(cols, heads, strict=True):
            ui.text(surface, head, (x, y), 21, ui.ACCENT, max_width=cols[1] - cols[0] - 10 if x == cols[0] else
                    self.cell_width() + 10)
        n = len(view.issues)
        weights = getattr(view.preferences, "weights", None)
        for i, issue in enumerate(view.issues):
            y = self.row_y(i)
            if i == self.row:
                pygame.draw.rect(surface, ui.PANEL, (14, y - 4, w - 28, 28), border_radius=4)
            draw_issue_name(surface, issue.name, (cols[0], y), cols[1] - cols[0] - 10)
            draw_side(surface, issue.side, (cols[1], y + 2), cols[2] - cols[1] - 6)
            for col, values in enumerate((self.draft_start, self.draft_ideal)):
                self.draw_cell(surface, i, col, issue.label(values[i]), i == self.row and col == self.col)
            if weights is not None:
                pygame.draw.rect(surface, ui.GOOD, (cols[4], y + 5, int(min(200, w - cols[4] - 30) * weights[i]), 12))
        y = self.row_y(n)
        if self.row == n:
            pygame.draw.rect(surface, ui.PANEL, (14, y - 4, w - 28, 28), border_radius=4)
        ui.text(surface, "BATNA: walk away below this utility", (cols[0], y), 21, ui.WARN,
                max_width=cols[2] - cols[0] - 10)
        self.draw_cell(surface, n, 0, f"{self.batna:.2f}", self.row == n)
        utility = view.preferences.utility
        start, ideal = utility(tuple(self.draft_start)), utility(tuple(self.draft_ideal))
        y += 40
        ui.text(surface, f"To you, the start is worth {start:.2f}, the ideal {ideal:.2f}; the BATNA is {self.batna:.2f} "
                         f"(the default plan's is {self.batna - self.batna_shift:.2f}).", (20, y), 20,
                max_width=w - 40)
        y += 26
        warnings = []
        if ideal < self.batna:
            warnings.append("Your ideal is worth less than your walk-away: you would refuse your own ideal.")
        if start < ideal:
            warnings.append("You open below your ideal: there is no room left to trade concessions for commitments.")
        for text in warnings:
            ui.text(surface, text, (20, y), 19, ui.BAD, max_width=w - 40)
            y += 22
        if not warnings:
            ui.text(surface, "Open high, aim for the ideal, and know when to walk: prepare before round 1.", (20, y), 19,
                    ui.DIM, max_width=w - 40)
        ui.footer(surface, "Up/Down: row · Tab: start/ideal · Left/Right or click -/+: change · +/-: BATNA · "
                           "R: reset · Enter: prepare · D: default plan · H: help")

    def draw_cell(self, surface, row: int, col: int, label: str, chosen: bool) -> None:
        c = self.cell(row, col)
        pygame.draw.rect(surface, ui.PANEL_HI if chosen else ui.PANEL, c, border_radius=4)
        if chosen:
            pygame.draw.rect(surface, ui.ACCENT, c, 2, border_radius=4)
        for sign, rect in (("-", pygame.Rect(c.x, c.y, 26, 26)), ("+", pygame.Rect(c.right - 26, c.y, 26, 26))):
            pygame.draw.rect(surface, ui.BG, rect.inflate(-4, -4), border_radius=4)
            img = ui.rendered(sign, 24, ui.ACCENT, bold=True)
            surface.blit(img, img.get_rect(center=rect.center))
        img = ui.rendered(label, 20, ui.TEXT, max_width=c.width - 60)
        surface.blit(img, img.get_rect(center=c.center))

    def draw_table(self, surface, view) -> None:
        w, h = surface.get_size()
        s = self.session
        mine = describe(view.issues, view.my_last) if view.my_last is not None else {}
        theirs = describe(view.issues, view.standing) if view.standing is not None else {}
        cols = self.cols()
        y = 96
        for x, head in zip(cols, ("Issue", "Side", "Your last offer", "Buyer's offer", "Your weight"), strict=True):
            ui.text(surface, head, (x, y), 22, ui.ACCENT)
        rep_issues = self.rep_issues(view)
        chosen = rep_issues[self.issue_index % len(rep_issues)] if rep_issues else -1
        weights = getattr(view.preferences, "weights", None)
        for i, issue in enumerate(view.issues):
            y = self.row_y(i)
            if i == chosen:
                pygame.draw.rect(surface, ui.PANEL_HI, (14, y - 3, w - 28, 26), border_radius=4)
            draw_issue_name(surface, issue.name, (cols[0], y), cols[1] - cols[0] - 10)
            draw_side(surface, issue.side, (cols[1], y + 2), cols[2] - cols[1] - 6)
            ui.text(surface, mine.get(issue.id, "—"), (cols[2], y), 21, max_width=cols[3] - cols[2] - 10)
            ui.text(surface, theirs.get(issue.id, "—"), (cols[3], y), 21, ui.WARN, max_width=cols[4] - cols[3] - 10)
            if weights is not None:
                pygame.draw.rect(surface, ui.GOOD, (cols[4], y + 5, int(min(200, w - cols[4] - 30) * weights[i]), 12))
        y = self.row_y(len(view.issues)) + 6
        # what is drawn below the issues, most needed first, as far as the room above the buttons allows
        buttons = self.buttons()
        bottom = (min(b.rect.y for b in buttons) if buttons else h - 40) - (34 if self.message else 8)
        worth = self.worth_line(view)
        if worth and y + 22 <= bottom:
            ui.text(surface, worth[0], (20, y), 20, worth[1], max_width=w - 40)
            y += 28
        plan = s.plans.get(self.account)
        if plan is not None and y + 42 <= bottom:
            start = ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in describe(view.issues, plan.start).items())
            ideal = ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in describe(view.issues, plan.ideal).items())
            ui.text(surface, f"Your plan: start {start}", (20, y), 18, ui.DIM, max_width=w - 40)
            ui.text(surface, f"ideal {ideal} · BATNA {plan.batna:.2f}", (20, y + 20), 18, ui.DIM, max_width=w - 40)
            y += 46
        if y + 26 + 21 <= bottom:
            ui.text(surface, "Moves so far", (20, y), 22, ui.ACCENT)
            y += 26
        for rnd, side, kind, offer in view.history[-8:]:
            if y + 21 > bottom:
                break
            terms = "" if offer is None else ": " + ", ".join(
                f"{k.replace('_', ' ')} {v}" for k, v in describe(view.issues, offer).items())
            ui.text(surface, f"round {rnd}: {'you' if side == 'rep' else 'buyer'} — {kind}{terms}", (28, y), 19,
                    ui.DIM, max_width=w - 60)
            y += 21
        ui.footer(surface, "A accept · O open with your start, then offer your ideal · Up/Down + C concede on an issue · S silence · "
                           "K if…then package · M manager · W walk away · D/Esc let the game decide · H help")


def draw_issue_name(surface, name: str, pos: tuple[int, int], width: int) -> None:
    """An issue's name in its column: smaller before it is cut (a cut name can hide what the issue is)."""
    size = 21 if ui.font(21).size(name)[0] <= width else 18
    ui.text(surface, name, pos, size, max_width=width)


def draw_side(surface, side: str, pos: tuple[int, int], width: int) -> None:
    """Who gives on an issue, short when its column is narrow (a small window) rather than over the next one."""
    label = "you give" if side == "rep" else "they give"
    if ui.font(18).size("they give")[0] > width:
        label = "you" if side == "rep" else "they"
    ui.text(surface, label, pos, 18, ui.DIM, max_width=width)
