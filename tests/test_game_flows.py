"""The real game, headless, driven by posted events: file choice, guided week, preparing a negotiation,
a quarter by clicks, resizing and help. Each test checks what the trainee would see or get."""

from __future__ import annotations

from pathlib import Path

import pygame
import pytest
from game_fixtures import app_fixture

from game.app import App
from game.drive import click, key, play_to_negotiation, step, typed
from game.drive import to_week as drive_to_week
from game.guide import STEPS
from game.saves import read_one
from game.scenes.help import SCENE_KEYS
from sim.scenario import load_scenario
from sim.scenario.starter import starter_text

ROOT = Path(__file__).resolve().parents[1]
ONBOARDING = ROOT / "scenarios" / "onboarding.toml"
COLOCATION = ROOT / "scenarios" / "colocation.toml"


app = app_fixture(seed=2)


# ------------------------------------------------------------------------- scenario file


def test_a_scenario_file_typed_in_shows_the_loaders_messages_then_loads(app: App, tmp_path: Path) -> None:
    step(app, key(pygame.K_RETURN))
    choose = app.scene
    assert choose.name == "choose" and choose.field.entry is not None  # a pygame_gui text entry
    step(app, key(pygame.K_TAB, pygame.KMOD_SHIFT))  # Shift+Tab from the first row wraps to the file row
    assert choose.index == choose.file_index and choose.field.focused
    bad = tmp_path / "broken.toml"
    bad.write_text('schema = 1\n[meta]\ntitle = "Broken"\ndifficulty = "hardest"\n', encoding="utf-8")
    step(app, *typed(str(bad)))
    assert choose.field.text == str(bad)
    step(app, key(pygame.K_RETURN))
    assert app.scene is choose  # nothing crashed, nothing started
    assert any(p.startswith(f"{bad}:4: meta.difficulty:") and "did you mean 'hard'" in p for p in choose.problems)
    assert any("missing required section 'team'" in p for p in choose.problems)
    # typing in the field is text, not commands: h, q, e and Escape-free letters do nothing else
    choose.field.set_text("")
    step(app, *typed(str(tmp_path / "nothere.toml")), key(pygame.K_h))
    assert app.scene is choose
    step(app, key(pygame.K_RETURN))
    assert choose.problems == [f"{tmp_path / 'nothere.toml'}: file not found"]
    choose.field.set_text(str(tmp_path))
    step(app, key(pygame.K_RETURN))
    assert choose.problems == [f"{tmp_path}: is a folder, not a scenario file"]
    choose.field.set_text("   ")
    step(app, key(pygame.K_RETURN))
    assert "Type the path" in choose.problems[0]
    # a good file, chosen with the mouse: click the field, type, click Load
    good = tmp_path / "mine.toml"
    good.write_text(starter_text("My own territory", "mine.toml"), encoding="utf-8")
    step(app, key(pygame.K_UP))
    assert not choose.field.focused
    step(app, click(choose.entry_rect().center))
    choose.field.set_text("")
    step(app, *typed(str(good)))
    step(app, click(choose.load_button().rect.center))
    assert app.scene.name == "briefing"
    assert app.scene.session.scenario.meta.title == "My own territory"
    assert choose.field.entry is None  # the widget went with the scene: nothing shows through the briefing


# ------------------------------------------------------------------------- guided week


def to_week(app: App) -> None:
    drive_to_week(app)


def test_the_guided_first_week_advances_as_the_trainee_does_each_step(app: App) -> None:
    to_week(app)
    week = app.scene
    guide = week.guide
    assert week.guiding and guide.index == 0
    assert week.board_rect().y > week.guide_rect().bottom  # the prompt pushes the board down, hides nothing
    step(app, key(pygame.K_f))  # a later step done early counts, but the prompt waits for the first
    assert guide.index == 0 and "forecast" in guide.done
    seen = []
    for events in ([key(pygame.K_DOWN)], [key(pygame.K_p)], [key(pygame.K_RETURN)], [key(pygame.K_2)]):
        seen.append(STEPS[guide.index][0])
        step(app, *events)
    assert seen == ["select", "people", "plan", "phase"]
    assert STEPS[guide.index][0] == "end"  # forecast was already done
    assert week.guide_target() == week.buttons()[0].rect  # the End week button is outlined
    step(app, key(pygame.K_e))
    assert guide.index is None and not week.guiding
    for _ in range(50):
        if app.scene.name == "summary":
            break
        step(app, key(pygame.K_c), key(pygame.K_RETURN), key(pygame.K_d))
    step(app, key(pygame.K_RETURN))
    assert app.scene is week and week.session.week == 2
    assert week.guide is None and week.board_rect().y == 92  # never after week 1


def test_the_guide_can_be_skipped_by_key_or_click_and_is_absent_elsewhere(app: App) -> None:
    to_week(app)
    week = app.scene
    step(app, key(pygame.K_g))
    assert not week.guiding and week.board_rect().y == 92
    other = App(load_scenario(ONBOARDING), seed=3)
    pygame.event.clear()
    try:
        to_week(other)
        skip = other.scene.skip_button().rect
        step(other, click(skip.center))
        assert not other.scene.guiding
    finally:
        other.close()
    third = App(load_scenario(COLOCATION), seed=1)
    pygame.event.clear()
    try:
        to_week(third)
        assert third.scene.guide is None and not third.scene.guiding
    finally:
        third.close()


def test_the_week_is_mouse_operable_for_people_phase_and_forecast(app: App) -> None:
    to_week(app)
    week = app.scene
    step(app, key(pygame.K_g))
    controls = week.panel_controls()
    step(app, click(controls["phase"][3][0].center))
    assert week.session.view.account(week.selected).recorded_phase == 4
    controls = week.panel_controls()
    step(app, click(controls["forecast"][2][0].center))
    assert week.session.forecasts[week.selected] == 0.5
    assert [d["type"] for d in week.session.recorder.decisions] == ["phase", "forecast"]


# ------------------------------------------------------------------------- negotiation preparation


def test_start_ideal_and_batna_are_all_editable_before_round_1_by_keys_and_mouse() -> None:
    app = App(load_scenario(ONBOARDING), seed=1)
    pygame.event.clear()
    try:
        to_week(app)
        step(app, key(pygame.K_g))
        play_to_negotiation(app)
        table = app.scene
        view = table.view()
        default = table.session.default_plan(table.account)
        assert (table.draft_start, table.draft_ideal) == (list(default.start), list(default.ideal))
        # row 0 (first issue), start column: Right or Left moves the value one step within its range
        first = view.issues[0]
        direction = 1 if default.start[0] + 1 < first.steps else -1
        step(app, key(pygame.K_RIGHT if direction > 0 else pygame.K_LEFT))
        assert table.draft_start[0] == default.start[0] + direction
        # Tab: the ideal column; Down: the next issue
        step(app, key(pygame.K_TAB), key(pygame.K_DOWN))
        second = view.issues[1]
        d2 = 1 if default.ideal[1] + 1 < second.steps else -1
        step(app, key(pygame.K_RIGHT if d2 > 0 else pygame.K_LEFT))
        assert table.draft_ideal[1] == default.ideal[1] + d2
        # the mouse: the - and + of the ideal cell of the first issue, and of the BATNA row
        steppers = {(row, col, sign): rect for rect, row, col, sign in table.steppers()}
        sign = 1 if default.ideal[0] + 1 < first.steps else -1
        step(app, click(steppers[(0, 1, sign)].center))
        assert table.draft_ideal[0] == default.ideal[0] + sign
        batna_row = len(view.issues)
        step(app, click(steppers[(batna_row, 0, 1)].center), key(pygame.K_PLUS))
        assert table.batna == pytest.approx(default.batna + 0.1)
        draft = (list(table.draft_start), list(table.draft_ideal), table.batna, table.row, table.col)
        for _ in range(3):
            app.stack.draw(app.screen)
        assert (table.draft_start, table.draft_ideal, table.batna, table.row, table.col) == draft
        # R resets, then the edits are made again and Enter sits down with exactly that plan
        step(app, key(pygame.K_r))
        assert table.draft_start == list(default.start) and table.batna == default.batna
        step(app, click(steppers[(0, 1, sign)].center), key(pygame.K_MINUS))
        expected = (tuple(default.start), tuple(table.draft_ideal), round(default.batna - 0.05, 4))
        step(app, key(pygame.K_RETURN))
        plan = table.session.plans[table.account]
        assert (plan.start, plan.ideal, plan.batna) == expected
        recorded = [d for d in table.session.recorder.decisions if d["type"] == "plan"][-1]
        assert (tuple(recorded["start"]), tuple(recorded["ideal"]), recorded["batna"]) == expected
    finally:
        app.close()


# ------------------------------------------------------------------------- a quarter by clicks


def press(app: App, scene, key_name: str) -> None:
    button = next(b for b in scene.buttons() if b.key == key_name)
    step(app, click(button.rect.center))


def test_a_full_quarter_by_clicks_reaches_the_report_and_the_next_quarter(tmp_path: Path) -> None:
    save = tmp_path / "autosave.json"
    app = App(load_scenario(ONBOARDING), seed=4, save_path=save)
    pygame.event.clear()
    try:
        press(app, app.scene, "play")
        choose = app.scene
        step(app, click(choose.rows()[0].center))  # the selected row: a click opens it
        briefing = app.scene
        assert briefing.name == "briefing"
        step(app, click(briefing.start_button().rect.center))
        week = app.scene
        step(app, click(week.skip_button().rect.center))
        summaries, rounds = 0, 0
        for _ in range(900):
            scene = app.scene
            if scene.name == "report":
                break
            if scene.name == "week" and scene.advancing:
                step(app)
            elif scene.name == "week":
                cards = scene.cards()
                rect, account = cards[(scene.session.week * 3) % len(cards)]
                step(app, click(rect.center))
                assert scene.selected == account
                options = scene.options()
                names = [o.name for o in options]
                wanted = "research" if not scene.account().people else "meeting"
                if wanted in names:
                    step(app, click(scene.option_rects(options)[names.index(wanted)].center))
                step(app, click(scene.panel_controls()["phase"][1][0].center))
                press(app, scene, "end")
            elif scene.name == "notice":
                press(app, scene, "continue")
            elif scene.name == "negotiation":
                rounds += 1
                press(app, scene, "prepare" if scene.preparing() else "auto")
            elif scene.name == "summary":
                summaries += 1
                step(app, click(scene.button().rect.center))
            else:
                raise AssertionError(f"unexpected scene {scene.name}")
        report = app.scene
        assert report.name == "report" and summaries == 13
        session = report.session
        planned = [d for d in session.recorder.decisions if d["type"] == "action"]
        assert len(planned) >= 10 and {d["name"] for d in planned} >= {"research"}
        assert any(d["type"] == "phase" and d["phase"] == 2 for d in session.recorder.decisions)
        before = (report.tab, report.scroll, len(session.world.log.records), len(session.recorder.decisions))
        for tab in range(4):
            report.tab = tab
            app.stack.draw(app.screen)  # drawing every tab changes nothing
        report.tab = before[0]
        assert (report.tab, report.scroll, len(session.world.log.records), len(session.recorder.decisions)) == before
        tabs = report.tab_rects()
        step(app, click(tabs[1].center))
        assert report.tab == 1
        step(app, click(tabs[2].center))
        assert report.tab == 2 and report.panel.live  # the debrief is a pygame_gui text box
        bar = report.panel.box.scroll_bar
        if len(report.report.findings) > 3:  # a long debrief scrolls by keys too
            before = bar.start_percentage
            step(app, key(pygame.K_PAGEDOWN))
            step(app)
            assert bar.start_percentage > before
        step(app, click(tabs[0].center))
        assert not report.panel.live
        assert read_one(save)["quarter_over"] is True  # saved at the quarter's end too
        press(app, report, "next")
        assert app.scene.name == "week" and session.quarter == 1 and session.week == 1
        assert app.scene.message.startswith("Quarter 2 begins")
        assert (read_one(save)["quarter"], read_one(save)["week"]) == (1, 1)
    finally:
        app.close()
    # continue from the title: quarter 2, week 1; with that save damaged, the quarter-end save opens the report
    again = App(load_scenario(ONBOARDING), seed=9, save_path=save)
    pygame.event.clear()
    try:
        assert "quarter 2, week 1" in again.scene.save_label
        press(again, again.scene, "load")
        assert again.scene.name == "week" and again.scene.session.quarter == 1
    finally:
        again.close()
    save.write_bytes(save.read_bytes()[:100])
    third = App(load_scenario(ONBOARDING), seed=9, save_path=save)
    pygame.event.clear()
    try:
        step(third, key(pygame.K_l))
        assert third.scene.name == "message"
        step(third, key(pygame.K_RETURN))
        assert third.scene.name == "report" and third.scene.session.quarter == 0
    finally:
        third.close()


# ------------------------------------------------------------------------- window and help


def test_resizing_relays_out_every_scene_and_a_tiny_window_is_clamped(app: App) -> None:
    step(app, pygame.event.Event(pygame.VIDEORESIZE, size=(1000, 640), w=1000, h=640))
    assert app.screen.get_size() == (1000, 640)
    to_week(app)
    week = app.scene
    assert week.size == (1000, 640)
    assert week.panel_rect().right <= 1000 and week.menu_rect().bottom <= 640
    assert all(r.right <= week.panel_rect().right for r, _ in week.panel_controls()["forecast"])
    step(app, pygame.event.Event(pygame.VIDEORESIZE, size=(1600, 900), w=1600, h=900))
    assert week.size == (1600, 900) and week.panel_rect().right > 1300
    step(app, pygame.event.Event(pygame.VIDEORESIZE, size=(300, 200), w=300, h=200))
    assert week.size == (800, 500)  # laid out at the minimum, shown clipped
    rect, account = week.cards()[1]
    step(app, click(rect.center))
    assert week.selected == account
    step(app, key(pygame.K_h))
    help_scene = app.scene
    assert help_scene.name == "help" and help_scene.box().right <= 800
    assert help_scene.panel.box.relative_rect.right <= 800


def test_help_lists_the_keys_of_every_scene_the_current_one_first(app: App) -> None:
    from game.scenes.help import help_content

    names = {"title", "choose", "briefing", "week", "notice", "negotiation", "summary", "report", "help"}
    assert names <= set(SCENE_KEYS)
    for name in names:
        content = help_content(name)
        headings = [text for style, text in content if style == "h"]
        assert headings[0].endswith("(here)") and len(headings) == len(SCENE_KEYS)
    step(app, key(pygame.K_h))
    assert app.scene.name == "help" and app.scene.current == "title"
    assert app.scene.panel.live  # a pygame_gui text box
    step(app, key(pygame.K_ESCAPE))
    assert app.scene.name == "title"
    step(app, key(pygame.K_RETURN), key(pygame.K_F1))
    assert app.scene.name == "help" and app.scene.current == "choose"
    step(app, click((5, 5)))  # a click outside the box closes it
    assert app.scene.name == "choose"


@pytest.mark.parametrize("name", ["onboarding", "colocation"])
def test_a_quarter_is_the_same_however_many_quarters_the_game_world_allows(name: str) -> None:
    """The game builds its world for several quarters so that 'next quarter' continues it; the same-seed
    comparison replays only the quarters played. Both hold only if quarter 1 does not depend on the horizon."""
    from sim.run import with_quarters
    from sim.world import World

    scenario = load_scenario(ROOT / "scenarios" / f"{name}.toml")
    short = World(with_quarters(scenario, 1), 5)
    short.run()
    long = World(with_quarters(scenario, 4), 5)
    end = short.clock.quarter_hours
    while long.env.now < end:
        long.advance(end)
    assert [r for r in long.log.records if r["t"] < end] == [r for r in short.log.records if r["t"] < end]
