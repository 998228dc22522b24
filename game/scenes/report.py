"""End of the quarter: four tabs — overview, phases, debrief, same-seed comparison — then go on.

Overview: revenue against quota week by week, the open pipeline by true phase week by week,
and the 1-5 grades against the team, each with what it measures wrapped to the panel's width
(beside the grade in a wide window, under it in a narrow one; Up/Down scroll them when they do
not all fit). Phases: per account, the phase the trainee recorded
against the hidden one over the quarter. Debrief: the costliest moments and their lessons
(a scrolling pygame_gui text box). Comparison: the built-in strategies in the trainee's
seat on the same seed, computed on a worker thread while the report is read.

N (or the button) continues the same world into the next quarter; Esc goes to the title; Q quits.
Enter does not: the summary before this report is closed with Enter, and a second press would
skip a report that cannot be reopened — Enter only says how to go on.
Every number comes from sim (game.quarter gathers it); this module only draws.
"""

from __future__ import annotations

from dataclasses import dataclass

import pygame

from game import ui
from game.quarter import comparison_for, quarter_report
from game.scenes.stack import Scene
from game.widgets import TextPanel
from sim.scores import CRITERIA

TABS = (("overview", "1 Overview"), ("phases", "2 Phases: yours vs true"), ("debrief", "3 Debrief"),
        ("comparison", "4 Same-seed comparison"))
NO_PHASE = (70, 74, 86)
ROW = 34
GRADE_NAME_W = 170
"""Room for a criterion's name; the five squares and the grade follow it."""
DESC_X = 290
"""Where a criterion's description starts when it goes beside the grade (from the panel's inner edge)."""
DESC_BESIDE_MIN = 180
"""A description goes beside the grade only if it gets this many pixels; else on the lines below."""
DESC_SIZE = 16


@dataclass(frozen=True)
class Placed:
    """A piece of text and the rect it takes (its rendered size) where it is drawn."""

    text: str
    rect: pygame.Rect
    size: int
    colour: tuple
    bold: bool = False


def placed(text: str, x: int, y: int, size: int, colour, bold: bool = False) -> Placed:
    w, h = ui.font(size, bold).size(text)
    return Placed(text, pygame.Rect(x, y, w, h), size, tuple(colour), bold)


@dataclass(frozen=True)
class GradeRow:
    """One row of the grades panel, laid out from (0, 0) = the panel's inner left edge at the row's top."""

    height: int
    texts: tuple[Placed, ...]
    boxes: tuple[tuple[pygame.Rect, bool], ...]
    """The five grade squares, each filled or not."""


@dataclass
class GradesLayout:
    """What the grades panel draws at its size and scroll position, in screen coordinates."""

    texts: list[Placed]
    boxes: list[tuple[pygame.Rect, bool]]
    first: int
    """The first row shown."""
    shown: int
    total: int
    rows: pygame.Rect
    """Where the rows go (for the scrollbar)."""


def grade_rows(criteria: dict, accuracy: float | None, width: int) -> list[GradeRow]:
    """The grades panel's rows for a panel `width` pixels wide: per criterion its name, five squares, the
    grade, and what it measures wrapped — beside the grade when that leaves DESC_BESIDE_MIN pixels, else
    indented on the lines below, never cut off; then the phase-accuracy note, wrapped."""
    inner = width - 20
    beside = inner - DESC_X >= DESC_BESIDE_MIN
    desc_x, desc_y = (DESC_X, 1) if beside else (14, 20)
    desc_w = inner - desc_x
    step = ui.font(DESC_SIZE).get_linesize() + 1
    rows = []
    for name, c in criteria.items():
        g = c.get("grade")
        texts = [placed(name.replace("_", " "), 0, 0, 19, ui.TEXT),
                 placed("—" if g is None else str(g), GRADE_NAME_W + 100, 0, 19, ui.TEXT)]
        boxes = tuple((pygame.Rect(GRADE_NAME_W + 4 + k * 18, 2, 14, 14), g is not None and k < g) for k in range(5))
        lines = ui.wrap(CRITERIA.get(name, (name,))[0], desc_w, DESC_SIZE)
        texts += [placed(line, desc_x, desc_y + i * step, DESC_SIZE, ui.DIM) for i, line in enumerate(lines)]
        rows.append(GradeRow(max(24, desc_y + len(lines) * step + (4 if beside else 8)), tuple(texts), boxes))
    if accuracy is not None:
        note = f"Phase readings right when recorded: {accuracy:.0%} (tab 2 shows them over time)"
        step = ui.font(18).get_linesize()
        lines = ui.wrap(note, inner, 18)
        rows.append(GradeRow(8 + len(lines) * step + 4,
                             tuple(placed(line, 0, 8 + i * step, 18, ui.WARN) for i, line in enumerate(lines)), ()))
    return rows


def last_first(rows: list[GradeRow], room: int) -> int:
    """The first row to show when scrolled to the end: the last rows that fit in `room` pixels."""
    first, used = len(rows), 0
    while first > 0 and used + rows[first - 1].height <= room:
        first -= 1
        used += rows[first].height
    return min(first, len(rows) - 1) if rows else 0


class ReportScene(Scene):
    name = "report"

    def __init__(self, session) -> None:
        super().__init__(session)
        self.report = quarter_report(session)
        self.metrics = self.report.metrics
        self.score = self.report.score
        self.comparison = comparison_for(session)
        self.tab = 0
        self.scroll = 0
        self.panel = TextPanel()
        self.hint = ""
        """Shown above the buttons after Enter: how to go on (Enter itself does not leave the report)."""

    # ---------------------------------------------------------------- layout (pure)

    def content(self) -> pygame.Rect:
        w, h = self.size
        return pygame.Rect(20, 104, w - 40, h - 104 - 92)

    def tab_labels(self) -> list[str]:
        c = self.comparison
        return [label + (f" ({c.done}/{c.total}…)" if name == "comparison" and not c.finished else "")
                for name, label in TABS]

    def tab_rects(self) -> list[pygame.Rect]:
        out, x = [], 20
        for label in self.tab_labels():
            width = ui.font(21).size(label)[0] + 30
            out.append(pygame.Rect(x, 60, width, 36))
            x += width + 6
        return out

    def buttons(self) -> list[ui.Button]:
        w, h = self.size
        labels = []
        if self.session.has_next_quarter:
            labels.append((f"Next quarter: Q{self.session.quarter + 2} (N)", "next"))
        labels += [("Title (Esc)", "title"), ("Quit (Q)", "quit")]
        widths = [ui.font(20).size(label)[0] + 36 for label, _ in labels]
        x = w - 20 - sum(widths) - 10 * (len(widths) - 1)
        out = []
        for (label, key), width in zip(labels, widths, strict=True):
            out.append(ui.Button(pygame.Rect(x, h - 80, width, 42), label, key))
            x += width + 10
        return out

    def phase_rows(self) -> int:
        return max(1, (self.content().height - 70) // ROW)

    def overview_rects(self) -> tuple[pygame.Rect, pygame.Rect]:
        """The overview's charts column and its grades panel."""
        box = self.content()
        left = pygame.Rect(box.x, box.y, int(box.width * 0.56), box.height)
        return left, pygame.Rect(left.right + 16, box.y, box.right - left.right - 16, box.height)

    def grades_layout(self, rect: pygame.Rect | None = None, first: int | None = None) -> GradesLayout:
        """Everything the grades panel draws: the heading, the subtitle and description wrapped to the
        panel, the rows that fit from row `first` (default: the scroll position), and when not all fit,
        a line saying which are shown; nothing outside the panel, nothing on top of anything else."""
        rect = rect or self.overview_rects()[1]
        x, inner = rect.x + 10, rect.width - 20
        overall = self.score.get("overall")
        grade = "—" if overall is None else f"{overall:.1f} / 5"
        texts = [placed(f"Overall grade {grade}", x, rect.y + 8, 24, ui.ACCENT, bold=True)]
        step = ui.font(17).get_linesize()
        sub = ui.wrap("per criterion against the team (1-5; 3 = the team's average)", inner, 17)
        texts += [placed(line, x, rect.y + 36 + i * step, 17, ui.DIM) for i, line in enumerate(sub)]
        top = rect.y + 36 + len(sub) * step + 8
        bottom = rect.bottom - 6
        rows = grade_rows(self.score["criteria"], self.report.accuracy, rect.width)
        total = sum(r.height for r in rows)
        more_h = ui.font(16).get_linesize() + 4
        if total > bottom - top:  # not all fit: keep a line at the bottom to say so
            bottom -= more_h
        end = last_first(rows, bottom - top)
        first = max(0, min(end, self.scroll if first is None else first))
        boxes: list[tuple[pygame.Rect, bool]] = []
        y, shown = top, 0
        for row in rows[first:]:
            if y + row.height > bottom:
                break
            texts += [Placed(t.text, t.rect.move(x, y), t.size, t.colour, t.bold) for t in row.texts]
            boxes += [(r.move(x, y), on) for r, on in row.boxes]
            y += row.height
            shown += 1
        if shown < len(rows):
            n = len(self.score["criteria"])
            shown_of = f"criteria {min(first + 1, n)}-{min(first + shown, n)} of {n}"
            texts.append(placed(f"{shown_of} · Up/Down or wheel: more", x, bottom + 4, 16, ui.WARN))
        return GradesLayout(texts, boxes, first, shown, len(rows), pygame.Rect(rect.x, top, rect.width - 4,
                                                                                 bottom - top))

    # ---------------------------------------------------------------- state

    def resume(self) -> None:
        self.comparison.start()
        self.layout()

    def pause(self) -> None:
        self.panel.hide()

    def shutdown(self) -> None:
        self.comparison.cancel()

    def update(self, dt: float) -> None:
        self.layout()

    def layout(self) -> None:
        if TABS[self.tab][0] == "debrief":
            self.panel.show(self.gui, self.content(), self.debrief_content())
        else:
            self.panel.hide()

    def debrief_content(self) -> list[tuple[str, str]]:
        if not self.report.findings:
            return [("h", "No costly moments found this quarter."),
                    ("dim", "The debrief looks for slow lead responses, broken cadence, actions that did not fit the "
                            "phase, time with non-deciders, negotiation mistakes, neglected clients and missed news.")]
        out: list[tuple[str, str]] = []
        for f in self.report.findings:
            out.append(("h", f"{self.session.when(f.t)} · {f.kind.replace('_', ' ')}"))
            message = f.message  # sim dates it again, by the world's running week: the heading says when
            if message.startswith(f"{f.when}: "):
                message = message[len(f.when) + 2:]
            out.append(("p", message[:1].upper() + message[1:]))
            out.append(("dim", f"Why it matters: {f.principle}"))
            out.append(("p", ""))
        return out

    def handle_event(self, event) -> None:
        command = None
        if event.type == pygame.KEYDOWN:
            key = event.key
            if pygame.K_1 <= key <= pygame.K_4:
                self.set_tab(key - pygame.K_1)
            elif key == pygame.K_RIGHT or (key == pygame.K_TAB and not event.mod & pygame.KMOD_SHIFT):
                self.set_tab((self.tab + 1) % len(TABS))
            elif key in (pygame.K_LEFT, pygame.K_TAB):
                self.set_tab((self.tab - 1) % len(TABS))
            elif key in (pygame.K_DOWN, pygame.K_UP, pygame.K_PAGEDOWN, pygame.K_PAGEUP):
                page = self.phase_rows() - 1
                self.scroll_by({pygame.K_DOWN: 1, pygame.K_UP: -1, pygame.K_PAGEDOWN: page,
                                pygame.K_PAGEUP: -page}[key])
            elif key in (pygame.K_h, pygame.K_F1):
                self.open_help()
            command = {pygame.K_n: "next", pygame.K_RETURN: "enter", pygame.K_KP_ENTER: "enter",
                       pygame.K_ESCAPE: "title", pygame.K_q: "quit"}.get(key)
        elif event.type == pygame.MOUSEWHEEL:
            self.scroll_by(-3 * int(getattr(event, "y", 0)))
        elif event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            for i, rect in enumerate(self.tab_rects()):
                if rect.collidepoint(event.pos):
                    self.set_tab(i)
                    return
            command = ui.hit(self.buttons(), event.pos)
        if command is not None:
            self.act(command)

    def set_tab(self, index: int) -> None:
        self.tab = index
        self.scroll = 0
        self.layout()

    def scroll_by(self, rows: int) -> None:
        if TABS[self.tab][0] == "overview":  # the grades, when they do not all fit
            self.scroll = self.grades_layout(first=max(0, self.scroll + rows)).first
        elif TABS[self.tab][0] == "debrief":
            self.panel.scroll(0.1 * rows / 3)
        elif TABS[self.tab][0] == "phases":
            top = max(0, len(self.report.lines) - self.phase_rows())
            self.scroll = max(0, min(top, self.scroll + rows))

    def act(self, command: str) -> None:
        s = self.session
        if command == "enter":
            self.hint = (f"Read the tabs first: N or the button starts quarter {s.quarter + 2}, and this report does "
                         "not come back." if s.has_next_quarter else "Esc: back to the title · Q: quit.")
            return
        if command == "next" and not s.has_next_quarter:
            command = "title"
        if command == "next":
            from game.scenes.week import WeekScene

            self.comparison.cancel()
            s.next_quarter()
            week = WeekScene(s)
            week.message = s.autosave() or f"Quarter {s.quarter + 1} begins: same accounts, same team, same world."
            self.stack.clear_to(week)
        elif command == "title":
            from game.scenes.title import TitleScene

            self.comparison.cancel()
            self.stack.clear_to(TitleScene(s.scenario, s.seed, s.save_path))
        elif command == "quit":
            self.comparison.cancel()
            self.stack.quit()

    # ---------------------------------------------------------------- drawing

    def draw(self, surface) -> None:
        w, h = surface.get_size()
        s = self.session
        surface.fill(ui.BG)
        ui.text(surface, f"End of quarter {s.quarter + 1} — {s.scenario.meta.title}", (20, 14), 34, bold=True,
                max_width=w - 40)
        for i, (rect, label) in enumerate(zip(self.tab_rects(), self.tab_labels(), strict=True)):
            on = i == self.tab
            pygame.draw.rect(surface, ui.PANEL_HI if on else ui.PANEL, rect, border_radius=6)
            pygame.draw.rect(surface, ui.ACCENT if on else ui.DIM, rect, 2 if on else 1, border_radius=6)
            ui.text(surface, label, (rect.x + 14, rect.y + 9), 21, ui.TEXT if on else ui.DIM, max_width=w - rect.x - 20)
        box = self.content()
        name = TABS[self.tab][0]
        if name == "overview":
            self.draw_overview(surface, box)
        elif name == "phases":
            self.draw_phases(surface, box)
        elif name == "debrief":
            pygame.draw.rect(surface, ui.PANEL, box, border_radius=8)
            if not self.panel.live:
                from game.widgets import to_plain

                ui.paragraph(surface, to_plain(self.debrief_content()), box.inflate(-24, -20), 20)
        else:
            self.draw_comparison(surface, box)
        buttons = self.buttons()
        for b in buttons:
            ui.draw_button(surface, b)
        if self.hint and buttons:
            ui.text(surface, self.hint, (20, buttons[0].rect.y + 12), 20, ui.WARN, bold=True,
                    max_width=buttons[0].rect.x - 40)
        ui.footer(surface, "1-4 or Left/Right: tabs · Up/Down or wheel: scroll · N: next quarter · "
                           "Esc: title · Q: quit · H: help")

    # -- overview

    def draw_overview(self, surface, box: pygame.Rect) -> None:
        s = self.session
        m = self.metrics
        revenue, quota = m.get("revenue", 0.0), m.get("quota") or 0.0
        share = revenue / quota if quota else 0.0
        left, right = self.overview_rects()
        ui.text(surface, f"Revenue {ui.money(revenue, s.currency)} of quota {ui.money(quota, s.currency)} "
                         f"({share:.0%})", (left.x, left.y), 24, ui.GOOD if share >= 1 else ui.TEXT, bold=True,
                max_width=left.width)
        ui.text(surface, f"won {m.get('won', 0)} · lost {m.get('lost', 0)} · no decision {m.get('no_decision', 0)} · "
                         f"{m.get('hours', 0):g} h worked · {m.get('leads', 0)} leads", (left.x, left.y + 28), 19,
                ui.DIM, max_width=left.width)
        charts = pygame.Rect(left.x, left.y + 56, left.width, left.height - 56)
        half = (charts.height - 12) // 2
        self.draw_revenue_chart(surface, pygame.Rect(charts.x, charts.y, charts.width, half), quota)
        self.draw_pipeline_chart(surface, pygame.Rect(charts.x, charts.y + half + 12, charts.width, half))
        self.draw_grades(surface, right)

    def draw_revenue_chart(self, surface, rect: pygame.Rect, quota: float) -> None:
        pygame.draw.rect(surface, ui.PANEL, rect, border_radius=6)
        ui.text(surface, "Revenue this quarter against quota", (rect.x + 10, rect.y + 6), 19, ui.ACCENT,
                max_width=rect.width - 20)
        legend = ui.rendered("you (green) · even pace (grey) · quota (yellow)", 15, ui.DIM)
        if legend.get_width() + 330 < rect.width:
            surface.blit(legend, (rect.right - legend.get_width() - 12, rect.y + 9))
        plot = pygame.Rect(rect.x + 60, rect.y + 34, rect.width - 80, rect.height - 60)
        points = self.report.points
        top = max([quota] + [p.revenue for p in points] + [1.0]) * 1.1
        weeks = self.report.weeks

        def at(week: float, value: float) -> tuple[int, int]:
            return (plot.x + int(plot.width * week / weeks), plot.bottom - int(plot.height * value / top))

        pygame.draw.line(surface, ui.DIM, plot.bottomleft, plot.bottomright)
        pygame.draw.line(surface, ui.DIM, plot.bottomleft, plot.topleft)
        for value in (0.0, quota / 2, quota):
            y = at(0, value)[1]
            ui.text(surface, f"{value / 1000:,.0f}k", (rect.x + 8, y - 8), 16, ui.DIM)
        for week in range(0, weeks + 1, max(1, weeks // 6)):
            x = at(week, 0)[0]
            pygame.draw.line(surface, ui.PANEL_HI, (x, plot.bottom), (x, plot.bottom + 4))
            ui.text(surface, f"w{week}", (x - 8, plot.bottom + 5), 15, ui.DIM)
        if quota:
            pygame.draw.line(surface, ui.DIM, at(0, 0), at(weeks, quota), 1)  # the even pace to quota
            y = at(0, quota)[1]
            for x in range(plot.x, plot.right, 12):
                pygame.draw.line(surface, ui.WARN, (x, y), (min(x + 6, plot.right), y), 2)
            ui.text(surface, "quota", (plot.right - 44, y - 18), 16, ui.WARN)
        line = [at(0, 0)] + [at(p.week, p.revenue) for p in points]
        pygame.draw.lines(surface, ui.GOOD, False, line, 3)
        for p in line[1:]:
            pygame.draw.circle(surface, ui.GOOD, p, 3)

    def draw_pipeline_chart(self, surface, rect: pygame.Rect) -> None:
        pygame.draw.rect(surface, ui.PANEL, rect, border_radius=6)
        ui.text(surface, "Open deals by true phase, end of each week", (rect.x + 10, rect.y + 6), 19, ui.ACCENT,
                max_width=rect.width - 20)
        plot = pygame.Rect(rect.x + 40, rect.y + 34, rect.width - 60, rect.height - 60)
        points = self.report.points
        top = max([sum(p.pipeline) for p in points] + [1])
        pygame.draw.line(surface, ui.DIM, plot.bottomleft, plot.bottomright)
        ui.text(surface, str(top), (rect.x + 10, plot.y - 2), 16, ui.DIM)
        ui.text(surface, "0", (rect.x + 10, plot.bottom - 10), 16, ui.DIM)
        n = max(1, len(points))
        slot = plot.width / n
        bar_w = max(4, int(slot * 0.7))
        for i, p in enumerate(points):
            x = plot.x + int(i * slot + (slot - bar_w) / 2)
            y = plot.bottom
            for phase, count in enumerate(p.pipeline, start=1):
                height = int(plot.height * count / top)
                if height:
                    pygame.draw.rect(surface, ui.PHASE_COLOURS[phase], (x, y - height, bar_w, height))
                    y -= height
            if n <= 13 or i % 2 == 0:
                ui.text(surface, f"w{p.week}", (x, plot.bottom + 4), 15, ui.DIM)
        lx = rect.right - 5 * 34 - 12
        if lx - 50 > rect.x + 360:
            ui.text(surface, "phase", (lx - 46, rect.y + 9), 15, ui.DIM)
            for phase in range(1, 6):
                pygame.draw.rect(surface, ui.PHASE_COLOURS[phase], (lx + (phase - 1) * 34, rect.y + 10, 12, 12))
                ui.text(surface, str(phase), (lx + (phase - 1) * 34 + 16, rect.y + 9), 15, ui.DIM)

    def draw_grades(self, surface, rect: pygame.Rect) -> None:
        pygame.draw.rect(surface, ui.PANEL, rect, border_radius=6)
        layout = self.grades_layout(rect)
        for t in layout.texts:
            surface.blit(ui.rendered(t.text, t.size, t.colour, t.bold), t.rect.topleft)
        for box, on in layout.boxes:
            pygame.draw.rect(surface, ui.GOOD if on else ui.BG, box, border_radius=3)
        ui.scrollbar(surface, layout.rows, layout.first, layout.shown, layout.total)

    # -- phases

    def draw_phases(self, surface, box: pygame.Rect) -> None:
        pygame.draw.rect(surface, ui.PANEL, box, border_radius=8)
        r = self.report
        acc = (("no phase recorded this quarter" + (" (the strips carry what you recorded before)"
                                                   if self.session.quarter else ""))
               if r.accuracy is None else f"{r.accuracy:.0%} of your recordings matched the truth")
        ui.text(surface, f"Per account: the phase you recorded (upper strip, grey = none) against the true phase "
                         f"(lower strip) over the quarter · {acc}", (box.x + 12, box.y + 8), 19, ui.DIM,
                max_width=box.width - 24)
        name_w, share_w = 220, 110
        strip = pygame.Rect(box.x + 12 + name_w, box.y + 36, box.width - 24 - name_w - share_w, 20)
        span = max(1e-9, r.t1 - r.t0)
        for week in range(0, r.weeks + 1, max(1, r.weeks // 13)):
            x = strip.x + int(strip.width * week / r.weeks)
            pygame.draw.line(surface, ui.PANEL_HI, (x, strip.y + 16), (x, box.bottom - 8))
            if week < r.weeks:
                ui.text(surface, f"w{week + 1}", (x + 2, strip.y), 15, ui.DIM)
        ui.text(surface, "right", (strip.right + 14, strip.y), 16, ui.DIM)
        if not r.lines:
            ui.text(surface, "No accounts this quarter.", (box.x + 12, strip.bottom + 10), 20, ui.DIM)
        y = strip.bottom + 8
        rows = self.phase_rows()
        for line in r.lines[self.scroll:self.scroll + rows]:
            ui.text(surface, line.name, (box.x + 12, y + 8), 18, max_width=name_w - 10)
            for seg in line.segments:
                x0 = strip.x + int(strip.width * (seg.t0 - r.t0) / span)
                x1 = strip.x + int(strip.width * (seg.t1 - r.t0) / span)
                width = max(1, x1 - x0)
                colour = ui.PHASE_COLOURS[seg.recorded] if seg.recorded else NO_PHASE
                pygame.draw.rect(surface, colour, (x0, y + 2, width, 13))
                pygame.draw.rect(surface, ui.PHASE_COLOURS[seg.true], (x0, y + 16, width, 13))
                if width > 16:
                    if seg.recorded:
                        ui.text(surface, str(seg.recorded), (x0 + 3, y + 2), 15, (20, 20, 24))
                    ui.text(surface, str(seg.true), (x0 + 3, y + 16), 15, (20, 20, 24))
            share = "—" if line.right_share is None else f"{line.right_share:.0%}"
            colour = ui.DIM if line.right_share is None else (ui.GOOD if line.right_share >= 0.5 else ui.BAD)
            ui.text(surface, share, (strip.right + 14, y + 8), 19, colour)
            y += ROW
        ui.scrollbar(surface, pygame.Rect(box.x, strip.bottom + 8, box.width - 4, rows * ROW), self.scroll, rows,
                     len(r.lines))

    # -- comparison

    def draw_comparison(self, surface, box: pygame.Rect) -> None:
        s = self.session
        c = self.comparison
        pygame.draw.rect(surface, ui.PANEL, box, border_radius=8)
        span = "this quarter" if c.quarters == 1 else f"quarters 1-{c.quarters}"
        ui.text(surface, f"Your seat, the same seed, {span}: what each built-in strategy would have signed",
                (box.x + 14, box.y + 10), 22, ui.ACCENT, max_width=box.width - 28)
        if c.error:
            ui.text(surface, c.error, (box.x + 14, box.y + 50), 20, ui.BAD, max_width=box.width - 28)
            return
        if c.rows is None:
            bar = pygame.Rect(box.x + 14, box.y + 60, min(600, box.width - 28), 24)
            pygame.draw.rect(surface, ui.BG, bar, border_radius=6)
            done = int(bar.width * c.done / max(1, c.total))
            # a moving stripe shows life while one strategy's quarter is replayed
            pygame.draw.rect(surface, ui.ACCENT, (bar.x, bar.y, done, bar.height), border_radius=6)
            tick = (pygame.time.get_ticks() // 30) % max(1, bar.width - done)
            pygame.draw.rect(surface, ui.PANEL_HI, (bar.x + done + tick, bar.y + 4, 20, bar.height - 8))
            ui.text(surface, f"Replaying your quarter with each built-in strategy: {c.done} of {c.total} done…",
                    (box.x + 14, bar.bottom + 10), 20, ui.DIM, max_width=box.width - 28)
            ui.text(surface, "Read the other tabs meanwhile; this one fills in by itself.", (box.x + 14, bar.bottom + 36),
                    18, ui.DIM, max_width=box.width - 28)
            return
        from sim.compare import standing

        ui.text(surface, standing(c.rows).capitalize() + ".", (box.x + 14, box.y + 40), 20, ui.TEXT,
                max_width=box.width - 28)
        quota = (self.metrics.get("quota") or 0.0) * c.quarters
        top = max([r["revenue"] for r in c.rows] + [quota, 1.0]) * 1.05
        label_w = 160
        plot = pygame.Rect(box.x + 14 + label_w, box.y + 80, box.width - 28 - label_w - 150, box.height - 100)
        step = min(44, plot.height // max(1, len(c.rows)))
        for i, row in enumerate(c.rows):
            y = plot.y + i * step
            you = row.get("you")
            ui.text(surface, "YOU" if you else row["strategy"], (box.x + 14, y + 6), 21, ui.GOOD if you else ui.TEXT,
                    bold=bool(you), max_width=label_w - 10)
            width = int(plot.width * row["revenue"] / top)
            pygame.draw.rect(surface, ui.GOOD if you else ui.ACCENT, (plot.x, y + 4, max(2, width), step - 12),
                             border_radius=4)
            grade = row.get("overall")
            extra = "" if grade is None else f" · grade {grade:.1f}"
            ui.text(surface, f"{ui.money(row['revenue'], s.currency)}{extra}", (plot.x + width + 8, y + 8), 18,
                    max_width=box.right - plot.x - width - 20)
        if quota:
            x = plot.x + int(plot.width * quota / top)
            pygame.draw.line(surface, ui.WARN, (x, plot.y - 6), (x, plot.y + step * len(c.rows)), 2)
            ui.text(surface, "quota", (x - 20, plot.y - 24), 16, ui.WARN)
        note = ("Same scenario, same seed: the same leads at the same moments, the same buyers, the same news and "
                "the same colleagues. Only what your seat did differs, so the gap is your play, not your luck.")
        ui.paragraph(surface, note, pygame.Rect(box.x + 14, plot.y + step * len(c.rows) + 16, box.width - 28, 50), 19,
                     ui.DIM)
