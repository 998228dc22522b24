"""End of the quarter: revenue against quota, the overall grade, 1-5 per criterion, the debrief.

Enter plays the same scenario again with the next seed; Esc returns to the title.
C computes the same-seed comparison with the built-in strategies.
"""

from __future__ import annotations

import pygame

from game import ui
from game.scenes.stack import Scene
from sim.debrief import belief_timeline, findings
from sim.scores import CRITERIA


class ReportScene(Scene):
    name = "report"

    def __init__(self, session) -> None:
        super().__init__(session)
        result = session.finish()
        self.metrics = result.overall["reps"][session.rep]
        self.score = result.overall["scores"][session.rep]
        self.findings = findings(result.log.records, session.scenario, session.rep)[:4]
        self.comparison: list[dict] | None = None
        self.readings = []
        """(account name, share of the quarter your recorded phase was right, last recorded, true at the end)."""
        world = session.world
        for account, line in belief_timeline(result.log.records, session.rep).items():
            recorded = [p for p in line if p[1] is not None]
            if not recorded:
                continue
            end = world.quarter_end
            right = sum(min(end, (line[i + 1][0] if i + 1 < len(line) else end)) - t
                        for i, (t, belief, truth) in enumerate(line) if belief == truth and belief is not None)
            span = max(1e-9, end - recorded[0][0])
            name = world.accounts[account].name if account in world.accounts else account
            self.readings.append((name, right / span, line[-1][1], line[-1][2]))

    def buttons(self) -> list[ui.Button]:
        w, h = self.size
        return [ui.Button(pygame.Rect(w - 560, h - 80, 260, 42), "Play again (Enter)", "again"),
                ui.Button(pygame.Rect(w - 290, h - 80, 260, 42), "Title (Esc)", "title")]

    def handle_event(self, event) -> None:
        command = None
        if event.type == pygame.KEYDOWN:
            command = {pygame.K_RETURN: "again", pygame.K_KP_ENTER: "again", pygame.K_ESCAPE: "title",
                       pygame.K_c: "compare"}.get(event.key)
        elif event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            command = ui.hit(self.buttons(), event.pos)
        if command == "again":
            from game.scenes.briefing import BriefingScene
            from game.scenes.title import TitleScene
            from game.session import Session

            s = self.session
            self.stack.clear_to(TitleScene(s.scenario, s.seed + 1, s.save_path))
            self.stack.push(BriefingScene(Session(s.scenario, s.seed + 1, save_path=s.save_path)))
        elif command == "title":
            from game.scenes.title import TitleScene

            self.stack.clear_to(TitleScene(self.session.scenario, self.session.seed, self.session.save_path))
        elif command == "compare" and self.comparison is None:
            from sim.compare import same_seed

            s = self.session
            row = dict(self.metrics, overall=self.score["overall"])
            self.comparison = same_seed(s.scenario, s.seed, s.rep, row)

    def draw(self, surface) -> None:
        w, h = surface.get_size()
        s = self.session
        surface.fill(ui.BG)
        ui.text(surface, f"End of the quarter — {s.scenario.meta.title}", (30, 16), 36, bold=True, max_width=w - 60)
        revenue, quota = self.metrics.get("revenue", 0.0), self.metrics.get("quota", 0.0) or 0.0
        ui.text(surface, f"Revenue {ui.money(revenue, s.currency)} of quota {ui.money(quota, s.currency)}", (30, 60), 26)
        bar = pygame.Rect(30, 92, min(560, w // 2 - 60), 22)
        pygame.draw.rect(surface, ui.PANEL, bar, border_radius=5)
        share = revenue / quota if quota else 0.0
        pygame.draw.rect(surface, ui.GOOD if share >= 1 else ui.WARN,
                         (bar.x, bar.y, int(bar.width * min(1.0, share)), bar.height), border_radius=5)
        ui.text(surface, f"{share:.0%}", (bar.right + 10, bar.y + 2), 22)
        overall = self.score.get("overall")
        grade = "—" if overall is None else f"{overall:.1f} / 5"
        ui.text(surface, f"Overall grade: {grade}", (30, 124), 30, ui.ACCENT, bold=True)
        ui.text(surface, f"won {self.metrics.get('won', 0)} · lost {self.metrics.get('lost', 0)} · "
                         f"no decision {self.metrics.get('no_decision', 0)} · {self.metrics.get('hours', 0):g} h worked",
                (30, 158), 20, ui.DIM)
        # the pipeline left at the end, by true phase (revealed now that the quarter is over)
        pipeline = self.metrics.get("pipeline_by_phase") or []
        if pipeline:
            px, py = w // 2 + 10, 60
            ui.text(surface, "Open pipeline at the end, by true phase", (px, py), 20, ui.DIM)
            top = max(1, max(pipeline))
            bar_w = min(60, (w - px - 40) // max(1, len(pipeline)) - 10)
            for i, n in enumerate(pipeline):
                height = int(64 * n / top)
                x = px + i * (bar_w + 10)
                pygame.draw.rect(surface, ui.PHASE_COLOURS[min(i + 1, 5)], (x, py + 88 - height, bar_w, height))
                ui.text(surface, f"phase {i + 1}: {n}", (x, py + 92), 16, ui.DIM, max_width=bar_w + 8)
        # grades per criterion
        y = 192
        ui.text(surface, "Grades against the team (1-5)", (30, y), 24, ui.ACCENT)
        y += 28
        for name, c in self.score["criteria"].items():
            g = c.get("grade")
            label = CRITERIA.get(name, (name,))[0]
            ui.text(surface, name.replace("_", " "), (30, y), 19, max_width=190)
            for k in range(5):
                colour = ui.GOOD if g is not None and k < g else ui.PANEL
                pygame.draw.rect(surface, colour, (225 + k * 18, y + 2, 14, 14), border_radius=3)
            ui.text(surface, "—" if g is None else str(g), (320, y), 19)
            ui.text(surface, label, (345, y), 17, ui.DIM, max_width=w // 2 - 360)
            y += 22
        if self.readings and y < h - 110:
            ui.text(surface, "Your phase readings against the hidden truth", (30, y + 8), 22, ui.ACCENT)
            y += 34
            for name, share, belief, truth in self.readings:
                if y > h - 100:
                    break
                colour = ui.GOOD if belief == truth else ui.BAD
                ui.text(surface, f"{name}: you {belief}, truly {truth} at the end · right {share:.0%} of the time",
                        (30, y), 18, colour, max_width=w // 2 - 40)
                y += 20
        # debrief
        x = w // 2 + 10
        y = 192
        ui.text(surface, "What your quarter teaches", (x, y), 24, ui.ACCENT)
        y += 30
        width = w - x - 30
        for f in self.findings:
            if y > h - 300:
                break
            line = ui.font(19).get_linesize()
            n = ui.paragraph(surface, f.message, pygame.Rect(x, y, width, 3 * line), 19)
            y += min(n, 3) * line
            line = ui.font(18).get_linesize()
            n = ui.paragraph(surface, f"Why: {f.principle}", pygame.Rect(x + 12, y, width - 12, 2 * line), 18, ui.DIM)
            y += min(n, 2) * line + 8
        if not self.findings:
            ui.text(surface, "No costly moments found.", (x, y), 20, ui.DIM)
        y = h - 236
        if self.comparison is None:
            ui.text(surface, "C: compare with the built-in strategies on this seed", (x, y), 19, ui.DIM)
        else:
            ui.text(surface, "Same seed, other strategies in your seat", (x, y), 20, ui.ACCENT)
            y += 22
            for row in self.comparison[:5]:
                label = "YOU" if row.get("you") else row["strategy"]
                ui.text(surface, f"{label}: {ui.money(row['revenue'], s.currency)}", (x + 8, y), 18,
                        ui.GOOD if row.get("you") else ui.TEXT)
                y += 19
        for b in self.buttons():
            ui.draw_button(surface, b)
        ui.footer(surface, "Enter: play again (next seed) · C: same-seed comparison · Esc: back to the title")
