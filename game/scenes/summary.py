"""End of the week: what happened since it began, read from the event log (never the hidden phase)."""

from __future__ import annotations

import pygame

from game import ui
from game.scenes.stack import Scene

SHOWN = ("signal", "lead_arrived", "referral", "deal_won", "deal_lost", "deal_no_decision", "news",
         "negotiation_opened", "negotiation_round", "negotiation_ended", "decider_reached", "account_cooled",
         "introduced", "handoff", "action_refused", "commitment_banked", "churned", "cross_sold")


def describe_record(r: dict, session) -> tuple[str, tuple[int, int, int]] | None:
    """One readable line for a log record the trainee may see, with its colour; None to skip it."""
    if r.get("hidden") or r["kind"] not in SHOWN:
        return None
    me = session.rep
    world = session.world
    kind = r["kind"]
    if r.get("rep") not in (me, None) and kind not in ("deal_won", "news"):
        return None
    account = r.get("account")
    name = world.accounts[account].name if account in world.accounts else (account or "")
    when = session.when(r["t"])
    who = "" if r.get("rep") in (me, None) else f"{session.rep_name(r.get('rep'))}: "
    if kind == "action":
        detail = r.get("result", "")
        return f"{when} · {str(r.get('action', '')).replace('_', ' ')} at {name}: {str(detail).replace('_', ' ')}", ui.TEXT
    if kind == "signal":
        said = str(r.get("text", "")).strip('"“” ')
        return f"{when} · {name} says: “{said}”", ui.ACCENT
    if kind in ("lead_arrived", "referral"):
        return f"{when} · new lead: {name} (announced {r.get('announced', '?')})", ui.WARN
    if kind == "deal_won":
        return f"{when} · {who}WON {name}: {ui.money(r.get('acv', 0), session.currency)} a year", ui.GOOD
    if kind in ("deal_lost", "deal_no_decision"):
        return f"{when} · {name} closed without a deal: {r.get('why', '')}", ui.BAD
    if kind == "news":
        return f"{when} · NEWS: {r.get('headline', '')}", ui.WARN
    if kind == "action_refused":
        return f"{when} · {str(r.get('action', '')).replace('_', ' ')} at {name} not done: {r.get('reason', '')}", ui.BAD
    if kind == "account_cooled":
        return f"{when} · {name} is cooling: no contact for too long", ui.BAD
    if kind == "negotiation_ended":
        terms = r.get("agreement_terms")
        if terms:
            shown = ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in terms.items())
            left = r.get("value_left")
            extra = f" · joint value left on the table {left:.2f}" if isinstance(left, (int, float)) else ""
            return f"{when} · agreement at {name}: {shown}{extra}", ui.GOOD
        return f"{when} · negotiation at {name} ended without agreement ({r.get('end_reason')})", ui.BAD
    if kind == "negotiation_round":
        return f"{when} · negotiation at {name}, round {r.get('round')}: you {r.get('rep_move')}, buyer {r.get('buyer_move') or '—'}", ui.TEXT
    return f"{when} · {kind.replace('_', ' ')}: {name}", ui.DIM


def _name(session, account: str | None) -> str:
    accounts = session.world.accounts
    return accounts[account].name if account in accounts else (account or "the team")


class SummaryScene(Scene):
    name = "summary"

    def __init__(self, session) -> None:
        super().__init__(session)
        # what the trainee's own actions gave, as the rep sees it (the action history), then the log's visible events
        entries = [(h["t"], 0, (f"{session.when(h['t'])} · {str(h['action']).replace('_', ' ')} at "
                                f"{_name(session, h.get('account'))}: {h['result']}", ui.TEXT))
                   for h in session.view.history() if h["t"] >= session.week_started_t]
        entries += [(r["t"], 1, line) for r in session.records_since_week()
                    if (line := describe_record(r, session)) is not None]
        entries.sort(key=lambda e: (e[0], e[1]))
        self.lines = [e[2] for e in entries]
        # negotiations that ended this week, with the analysis sim made of them (frontier, Nash point, the deal)
        ended = [r["account"] for r in session.records_since_week()
                 if r["kind"] == "negotiation_ended" and r.get("rep") == session.rep]
        self.deals = [(_name(session, a), session.world.negotiations[a]) for a in ended
                      if a in session.world.negotiations][:2]
        self.notes = list(session.notes)
        self.week = session.week - 1 if not session.quarter_over else session.weeks
        self.scroll = 0

    def handle_event(self, event) -> None:
        if event.type == pygame.KEYDOWN:
            if event.key in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE, pygame.K_ESCAPE):
                self.close()
            elif event.key == pygame.K_DOWN:
                self.scroll_by(1)
            elif event.key == pygame.K_UP:
                self.scroll_by(-1)
            elif event.key == pygame.K_PAGEDOWN:
                self.scroll_by(max(1, self.visible() - 1))
            elif event.key == pygame.K_PAGEUP:
                self.scroll_by(-max(1, self.visible() - 1))
            elif event.key in (pygame.K_h, pygame.K_F1):
                self.open_help()
        elif event.type == pygame.MOUSEWHEEL:
            self.scroll_by(-3 * event.y)
        elif event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            if self.button().rect.collidepoint(event.pos):
                self.close()

    # ---------------------------------------------------------------- layout (pure)

    STEP = 24

    def lines_top(self) -> int:
        return 96 + 24 * len(self.notes)

    def visible(self) -> int:
        """How many lines fit above the button, keeping one row for the "… more" line when they do not all fit."""
        _, h = self.size
        room = max(1, (h - 120 - self.lines_top()) // self.STEP + 1)
        return room if len(self.lines) - self.scroll <= room else max(1, room - 1)

    def hidden_below(self) -> int:
        """Lines after the ones on screen (what the "… more" line counts)."""
        return max(0, len(self.lines) - self.scroll - self.visible())

    def scroll_by(self, rows: int) -> None:
        _, h = self.size
        room = max(1, (h - 120 - self.lines_top()) // self.STEP + 1)
        self.scroll = max(0, min(max(0, len(self.lines) - room + 1), self.scroll + int(rows)))

    def button(self) -> ui.Button:
        w, h = self.size
        label = "Quarter report (Enter)" if self.session.quarter_over else "Next week (Enter)"
        return ui.Button(pygame.Rect(w - 300, h - 84, 270, 44), label, "close")

    def close(self) -> None:
        if self.session.quarter_over:
            from game.scenes.report import ReportScene

            self.stack.clear_to(ReportScene(self.session))
        else:
            self.stack.pop()

    def draw(self, surface) -> None:
        w, h = surface.get_size()
        surface.fill(ui.BG)
        ui.text(surface, f"End of week {self.week} · quarter {self.session.quarter + 1}", (30, 20), 40, bold=True)
        ui.text(surface, f"{len(self.lines)} things happened", (30, 62), 22, ui.DIM)
        y = 96
        for note in self.notes:
            ui.text(surface, f"The game for you: {note}", (30, y), 20, ui.WARN, max_width=w - 60)
            y += 24
        y = self.lines_top()
        shown = self.visible()
        for line, colour in self.lines[self.scroll:self.scroll + shown]:
            ui.text(surface, line, (30, y), 20, colour, max_width=w - 60 - (400 if self.deals else 0))
            y += self.STEP
        more = self.hidden_below()
        if more:
            ui.text(surface, f"… {more} more (Up/Down, PgUp/PgDn or wheel to scroll)", (30, y), 20, ui.DIM)
        if not self.lines:
            ui.text(surface, "A quiet week: nothing you did or saw.", (30, y), 22, ui.DIM)
        for i, (name, analysis) in enumerate(self.deals):
            draw_pareto(surface, pygame.Rect(w - 390, 96 + i * 270, 360, 250), name, analysis)
        ui.draw_button(surface, self.button())
        ui.footer(surface, "Up/Down, PgUp/PgDn or wheel: scroll · Enter: continue · H: help")


def draw_pareto(surface, rect: pygame.Rect, name: str, analysis) -> None:
    """The deal against the Pareto frontier: rep utility across, buyer utility up; Nash point in yellow."""
    pygame.draw.rect(surface, ui.PANEL, rect, border_radius=6)
    ui.text(surface, f"{name} against the Pareto frontier", (rect.x + 8, rect.y + 6), 18, ui.ACCENT,
            max_width=rect.width - 16)
    plot = pygame.Rect(rect.x + 36, rect.y + 30, rect.width - 52, rect.height - 62)
    pygame.draw.rect(surface, ui.BG, plot)

    def at(u_rep: float, u_buyer: float) -> tuple[int, int]:
        return (plot.x + int(plot.width * max(0.0, min(1.0, u_rep))),
                plot.bottom - int(plot.height * max(0.0, min(1.0, u_buyer))))

    points = sorted(at(a, b) for a, b in analysis.frontier)
    if len(points) >= 2:
        pygame.draw.lines(surface, ui.DIM, False, points, 2)
    for p in points:
        pygame.draw.circle(surface, ui.DIM, p, 3)
    if analysis.nash_utilities is not None:
        pygame.draw.circle(surface, ui.WARN, at(*analysis.nash_utilities), 6, 2)
    if analysis.rep_utility is not None and analysis.buyer_utility is not None:
        pygame.draw.circle(surface, ui.GOOD, at(analysis.rep_utility, analysis.buyer_utility), 6)
        left = analysis.value_left or 0.0
        caption = f"deal (green) · Nash (yellow) · left on the table {left:.2f}"
    else:
        caption = f"no agreement ({analysis.end_reason}) · Nash (yellow)"
    ui.text(surface, "your utility", (plot.right - 70, plot.bottom + 2), 15, ui.DIM)
    ui.text(surface, "buyer", (rect.x + 2, plot.y + 2), 15, ui.DIM)
    ui.text(surface, caption, (rect.x + 8, rect.bottom - 20), 16, ui.TEXT, max_width=rect.width - 16)
