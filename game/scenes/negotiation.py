"""A minimal negotiation table: the issues, the buyer's standing offer, the trainee's move.

Before round 1 the trainee prepares (Enter takes the default plan: start at the ideal
outcome, walk away below the BATNA). Then one move per round: A accept the buyer's offer,
O offer the ideal again, C concede one step on the chosen issue (Up/Down), S silence,
M escalate to the manager, W walk away, D let the game decide.
"""

from __future__ import annotations

import pygame

from game import ui
from game.scenes.stack import Scene
from sim.negotiation import Move, describe


class NegotiationScene(Scene):
    name = "negotiation"

    def __init__(self, session, account: str) -> None:
        super().__init__(session)
        self.account = account
        self.issue_index = 0
        self.batna_shift = 0.0
        """+/- before round 1 moves the walk-away point of the default plan."""

    def view(self):
        return self.session.view.negotiation(self.account)

    def rep_issues(self, view) -> list[int]:
        return [i for i, issue in enumerate(view.issues) if issue.side == "rep"]

    def buttons(self) -> list[ui.Button]:
        w, h = self.size
        labels = [("Accept (A)", "accept"), ("Offer ideal (O)", "offer"), ("Concede (C)", "concede"),
                  ("If…then (K)", "package"),
                  ("Silence (S)", "silence"), ("Manager (M)", "escalate"), ("Walk away (W)", "walk_away"),
                  ("Let the game decide (D)", "auto")]
        if self.session.needs_plan(self.account):
            labels = [("Prepare: default plan (Enter)", "prepare")]
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

    def handle_event(self, event) -> None:
        view = self.view()
        if view is None:
            self.stack.pop()
            return
        command = None
        if event.type == pygame.KEYDOWN:
            keys = {pygame.K_a: "accept", pygame.K_o: "offer", pygame.K_c: "concede", pygame.K_s: "silence",
                    pygame.K_m: "escalate", pygame.K_w: "walk_away", pygame.K_d: "auto", pygame.K_k: "package",
                    pygame.K_RETURN: "prepare", pygame.K_KP_ENTER: "prepare", pygame.K_ESCAPE: "auto"}
            if event.key in (pygame.K_PLUS, pygame.K_EQUALS, pygame.K_KP_PLUS, pygame.K_MINUS, pygame.K_KP_MINUS):
                up = event.key in (pygame.K_PLUS, pygame.K_EQUALS, pygame.K_KP_PLUS)
                self.batna_shift = max(-0.25, min(0.5, self.batna_shift + (0.05 if up else -0.05)))
            if event.key in (pygame.K_DOWN, pygame.K_UP):
                n = len(self.rep_issues(view))
                self.issue_index = (self.issue_index + (1 if event.key == pygame.K_DOWN else -1)) % max(1, n)
            command = keys.get(event.key)
        elif event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            command = ui.hit(self.buttons(), event.pos)
        if command is not None:
            self.act(command, view)

    def act(self, command: str, view) -> None:
        s = self.session
        if s.needs_plan(self.account):
            if command in ("prepare", "auto"):
                plan = self.plan_to_submit()
                if plan is not None:
                    s.submit_plan(self.account, plan)
                self.stack.pop()
            return
        if command == "prepare":
            return
        if command == "auto":
            s.auto_negotiate(self.account)
        elif command == "accept":
            if view.standing is None:
                return
            s.submit_move(self.account, Move("accept"))
        elif command == "offer":
            plan = s.plans.get(self.account) or s.default_plan(self.account)
            s.submit_move(self.account, Move("offer", offer=plan.ideal))
        elif command == "package":
            offer = self.package(view)
            if offer is None:
                return
            s.submit_move(self.account, Move("offer", offer=offer))
        elif command == "concede":
            issues = self.rep_issues(view)
            if not issues:
                return
            issue = view.issues[issues[self.issue_index % len(issues)]]
            s.submit_move(self.account, Move("concede", issue=issue.id))
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
        if theirs:
            ask = max(theirs, key=lambda i: view.issues[i].steps - 1 - base[i])
            base[ask] += 1
        return tuple(base)

    def plan_to_submit(self):
        from sim.negotiation import Plan

        plan = self.session.default_plan(self.account)
        if plan is None:
            return None
        return Plan(plan.start, plan.ideal, round(min(0.95, max(0.0, plan.batna + self.batna_shift)), 4))

    def draw(self, surface) -> None:
        w, h = surface.get_size()
        s = self.session
        surface.fill(ui.BG)
        name = s.world.accounts[self.account].name if self.account in s.world.accounts else self.account
        view = self.view()
        ui.text(surface, f"Negotiation table — {name}", (20, 14), 34, bold=True, max_width=w - 40)
        if view is None:
            ui.text(surface, "This negotiation has ended.", (20, 70), 24, ui.DIM)
            return
        ui.text(surface, f"Round {view.round} of {view.max_rounds}" + (" · manager at the table" if view.escalated else ""),
                (20, 54), 22, ui.DIM)
        mine = describe(view.issues, view.my_last) if view.my_last is not None else {}
        theirs = describe(view.issues, view.standing) if view.standing is not None else {}
        x0, y = 20, 96
        cols = (x0, x0 + 320, x0 + 420, x0 + 640, x0 + 860)
        for x, head in zip(cols, ("Issue", "Side", "Your last offer", "Buyer's offer", "Your weight"), strict=True):
            ui.text(surface, head, (x, y), 22, ui.ACCENT)
        y += 30
        rep_issues = self.rep_issues(view)
        chosen = rep_issues[self.issue_index % len(rep_issues)] if rep_issues else -1
        for i, issue in enumerate(view.issues):
            if i == chosen and not s.needs_plan(self.account):
                pygame.draw.rect(surface, ui.PANEL_HI, (x0 - 6, y - 3, 1000, 26), border_radius=4)
            ui.text(surface, issue.name, (cols[0], y), 21, max_width=290)
            ui.text(surface, "you give" if issue.side == "rep" else "they give", (cols[1], y), 19, ui.DIM)
            ui.text(surface, mine.get(issue.id, "—"), (cols[2], y), 21)
            ui.text(surface, theirs.get(issue.id, "—"), (cols[3], y), 21, ui.WARN)
            weight = view.preferences.weights[i] if hasattr(view.preferences, "weights") else None
            if weight is not None:
                pygame.draw.rect(surface, ui.GOOD, (cols[4], y + 5, int(200 * weight), 12))
            y += 28
        y += 10
        if s.needs_plan(self.account):
            plan = self.plan_to_submit()
            ui.text(surface, "Prepare before round 1 (+/- moves your walk-away point):", (x0, y), 22, ui.ACCENT)
            y += 26
            start = ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in describe(view.issues, plan.start).items())
            ui.paragraph(surface, f"Start at your ideal outcome: {start}. Walk away from any deal worth less than "
                                  f"{plan.batna:.2f} of your utility (your BATNA).", pygame.Rect(x0, y, w - 40, 60), 20)
        else:
            plan = s.plans.get(self.account)
            if plan is not None:
                ideal = ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in describe(view.issues, plan.ideal).items())
                ui.text(surface, f"Your plan: ideal {ideal} · BATNA {plan.batna:.2f}", (x0, y), 19, ui.DIM,
                        max_width=w - 40)
                y += 26
            ui.text(surface, "Moves so far", (x0, y), 22, ui.ACCENT)
            y += 26
            for rnd, side, kind, offer in view.history[-8:]:
                terms = "" if offer is None else ": " + ", ".join(
                    f"{k.replace('_', ' ')} {v}" for k, v in describe(view.issues, offer).items())
                ui.text(surface, f"round {rnd}: {'you' if side == 'rep' else 'buyer'} — {kind}{terms}", (x0 + 8, y), 19,
                        ui.DIM, max_width=w - 60)
                y += 21
        if s.needs_plan(self.account):
            ui.footer(surface, "Enter: prepare with this plan · +/-: raise or lower your walk-away point (BATNA)")
        else:
            ui.footer(surface, "A accept · O offer your ideal · Up/Down + C concede on an issue · S silence · "
                               "K if…then package · M manager · W walk away · D/Esc let the game decide")
        for b in self.buttons():
            ui.draw_button(surface, b)
