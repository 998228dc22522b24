"""The real game, headless (SDL dummy drivers): scripted keys and clicks through a quarter, and a monkey."""

from __future__ import annotations

import os

os.environ["SDL_VIDEODRIVER"] = "dummy"
os.environ["SDL_AUDIODRIVER"] = "dummy"

import random  # noqa: E402
from pathlib import Path  # noqa: E402

import pygame  # noqa: E402
import pytest  # noqa: E402

from game.app import App  # noqa: E402
from game.drive import key, play_week_by_keys, step, typed  # noqa: E402
from game.scenes.stack import Scene, SceneStack  # noqa: E402
from sim.scenario import load_scenario  # noqa: E402

ONBOARDING = Path(__file__).resolve().parents[1] / "scenarios" / "onboarding.toml"


post_and_step = step


def click(pos: tuple[int, int]) -> pygame.event.Event:
    return pygame.event.Event(pygame.MOUSEBUTTONDOWN, button=1, pos=pos)


@pytest.fixture
def app():
    game = App(load_scenario(ONBOARDING), seed=2)
    pygame.event.clear()
    yield game
    game.close()


def to_week(app: App) -> None:
    post_and_step(app, key(pygame.K_RETURN))
    assert app.scene.name == "choose"
    post_and_step(app, key(pygame.K_RETURN))
    assert app.scene.name == "briefing"
    post_and_step(app, key(pygame.K_PAGEDOWN), key(pygame.K_RETURN))
    assert app.scene.name == "week"
    assert app.scene.guiding  # the guided first week of the onboarding scenario


def test_scene_stack_pauses_and_resumes() -> None:
    calls = []

    class Probe(Scene):
        def __init__(self, tag):
            super().__init__(None)
            self.tag = tag

        def resume(self):
            calls.append(("resume", self.tag))

        def pause(self):
            calls.append(("pause", self.tag))

    stack = SceneStack()
    stack.push(Probe("a"))
    stack.push(Probe("b"))
    stack.pop()
    assert calls == [("resume", "a"), ("pause", "a"), ("resume", "b"), ("pause", "b"), ("resume", "a")]


def test_escape_on_the_title_quits(app: App) -> None:
    assert app.scene.name == "title"
    assert post_and_step(app, key(pygame.K_ESCAPE)) is False
    assert app.running is False


def test_window_close_quits(app: App) -> None:
    assert post_and_step(app, pygame.event.Event(pygame.QUIT)) is False


def test_week_keys_and_mouse_plan_record_and_end_the_week(app: App) -> None:
    to_week(app)
    week = app.scene
    session = week.session
    first = week.selected
    # Enter plans the highlighted action (research) on the selected account
    post_and_step(app, key(pygame.K_RETURN))
    assert [p.action.name for p in session.planned] == ["research"]
    assert session.planned[0].action.account == first
    # clicking an action in the menu plans it too (the 3rd option: call)
    rect = week.option_rects(week.options())[2]
    post_and_step(app, click(rect.center))
    assert [p.action.name for p in session.planned] == ["research", "call"]
    assert session.hours_planned == pytest.approx(1.5)
    post_and_step(app, key(pygame.K_BACKSPACE))
    assert len(session.planned) == 1
    # recording a phase moves the card to that column of the board
    post_and_step(app, key(pygame.K_2))
    assert session.view.account(first).recorded_phase == 2
    # clicking another card selects it
    cards = week.cards()
    other_rect, other = next((r, a) for r, a in cards if a != first)
    post_and_step(app, click(other_rect.center))
    assert week.selected == other
    # the End week button submits the plan, advances, and shows what happened
    end = next(b for b in week.buttons() if b.key == "end")
    post_and_step(app, click(end.rect.center))
    for _ in range(50):
        if app.scene.name == "summary":
            break
        post_and_step(app, key(pygame.K_RETURN))
    assert app.scene.name == "summary"
    assert any("research at" in line for line, _ in app.scene.lines)
    post_and_step(app, key(pygame.K_RETURN))
    assert app.scene.name == "week"
    assert session.week == 2
    assert [d["type"] for d in session.recorder.decisions][:2] == ["phase", "action"]


def test_a_full_quarter_by_scripted_keys_reaches_the_report_then_the_next_quarter() -> None:
    app = App(load_scenario(ONBOARDING), seed=1)
    pygame.event.clear()
    try:
        _play_quarter(app)
    finally:
        app.close()


def _play_quarter(app: App) -> None:
    to_week(app)

    def step(events):
        return post_and_step(app, *events)

    seen = set()
    summaries = 0
    for _ in range(600):
        name = app.scene.name
        seen.add(name)
        if name == "report":
            break
        if name == "week" and app.scene.advancing:
            post_and_step(app)
        elif name == "week":
            play_week_by_keys(app, step)
        elif name == "notice":
            post_and_step(app, key(pygame.K_c), key(pygame.K_RETURN))
        elif name == "negotiation":
            post_and_step(app, key(pygame.K_RETURN), key(pygame.K_a), key(pygame.K_d))
        elif name == "summary":
            summaries += 1
            post_and_step(app, key(pygame.K_RETURN))
        else:
            post_and_step(app, key(pygame.K_RETURN))
    assert app.scene.name == "report"
    assert summaries == 13
    report = app.scene
    session = report.session
    assert session.quarter_over and session.world.env.now == session.quarter_end
    assert "negotiation" in seen
    assert report.metrics["won"] >= 1 and report.metrics["revenue"] > 0
    assert report.metrics["quota"] == 28000
    assert set(report.score["criteria"]) >= {"revenue", "phase_accuracy", "lead_response"}
    assert report.score["criteria"]["phase_accuracy"]["value"] is not None  # the trainee recorded phases
    # the charts: one point per week, revenue never falls, and ends at the quarter's revenue
    points = report.report.points
    assert [p.week for p in points] == list(range(1, 14))
    assert all(a.revenue <= b.revenue for a, b in zip(points, points[1:], strict=False))
    assert points[-1].revenue == report.metrics["revenue"]
    assert list(points[-1].pipeline) == report.metrics["pipeline_by_phase"]
    # per account, the recorded phases against the true ones
    lines = report.report.lines
    assert any(seg.recorded is not None for line in lines for seg in line.segments)
    assert all(report.report.t0 <= seg.t0 < seg.t1 <= report.report.t1 for line in lines for seg in line.segments)
    kinds = {d["type"] for d in session.recorder.decisions}
    assert {"action", "phase", "plan", "move"} <= kinds
    # the recorder replays the quarter exactly
    from sim.replay import replay

    again = replay(session.scenario, session.recorder.data())
    end = session.quarter_end
    assert [r for r in again.log.records if r["t"] < end] == [r for r in session.world.log.records if r["t"] < end]
    # the tabs, by keys; the same-seed comparison fills in off the frame loop
    post_and_step(app, key(pygame.K_2))
    assert report.tab == 1
    post_and_step(app, key(pygame.K_4))
    assert report.comparison.wait(60) and not report.comparison.error
    post_and_step(app)
    rows = report.comparison.rows
    assert sum(1 for r in rows if r["you"]) == 1 and len(rows) == 1 + report.comparison.total
    assert next(r for r in rows if r["you"])["revenue"] == report.metrics["revenue"]
    # N: the next quarter of the same world
    post_and_step(app, key(pygame.K_n))
    assert app.scene.name == "week"
    assert session.quarter == 1 and session.week == 1 and app.scene.session is session
    assert not app.scene.guiding  # the guide is for the very first week only
    assert session.world is report.session.world and session.world.env.now == session.quarter_start
    assert any(a.recorded_phase for a in session.view.accounts()), "quarter 1's readings carry over"
    post_and_step(app, key(pygame.K_e))
    for _ in range(100):
        if app.scene.name == "summary":
            break
        post_and_step(app, key(pygame.K_c), key(pygame.K_RETURN), key(pygame.K_d))
    assert app.scene.name == "summary" and session.week == 2 and session.quarter == 1
    assert any(r["kind"] == "quarter_started" and r.get("quarter") == 2 for r in session.world.log.records)
    post_and_step(app, key(pygame.K_ESCAPE))
    assert app.scene.name == "week"


def test_random_input_monkey_raises_nothing(app: App) -> None:
    """Thousands of random keys, clicks, wheel turns, typed text and window resizes: nothing raises,
    the game never quits by itself (Escape on the title, Q on the report and Quit buttons are filtered),
    and it keeps drawing at the window's size."""
    rng = random.Random(7)
    keys = [pygame.K_RETURN, pygame.K_SPACE, pygame.K_UP, pygame.K_DOWN, pygame.K_LEFT, pygame.K_RIGHT,
            pygame.K_TAB, pygame.K_BACKSPACE, pygame.K_1, pygame.K_2, pygame.K_3, pygame.K_4, pygame.K_5,
            pygame.K_e, pygame.K_e, pygame.K_e, pygame.K_h, pygame.K_p, pygame.K_a, pygame.K_c, pygame.K_d,
            pygame.K_o, pygame.K_s, pygame.K_m, pygame.K_w, pygame.K_k, pygame.K_f, pygame.K_g, pygame.K_n,
            pygame.K_r, pygame.K_l, pygame.K_PLUS, pygame.K_MINUS, pygame.K_PAGEDOWN, pygame.K_PAGEUP,
            pygame.K_F1, pygame.K_x, pygame.K_ESCAPE, pygame.K_q]
    sizes = [(1280, 720), (960, 600), (1600, 900), (640, 400), (1024, 768), (801, 501)]
    events = 0
    visited = set()

    def quits(event) -> bool:
        name = app.scene.name
        if event.type == pygame.KEYDOWN:
            return (event.key == pygame.K_ESCAPE and name == "title") or (event.key == pygame.K_q and name == "report")
        if event.type == pygame.MOUSEBUTTONDOWN and hasattr(app.scene, "buttons"):
            return any(b.key == "quit" and b.rect.collidepoint(event.pos) for b in app.scene.buttons())
        return False

    while events < 4000:
        batch = []
        for _ in range(rng.randint(1, 4)):
            r = rng.random()
            w, h = app.screen.get_size()
            if r < 0.55:
                event = key(rng.choice(keys), rng.choice([0, 0, pygame.KMOD_SHIFT]))
            elif r < 0.78:
                event = click((rng.randrange(w), rng.randrange(h)))
            elif r < 0.85:  # the mouse moving over cards and actions (hover shows names and descriptions)
                event = pygame.event.Event(pygame.MOUSEMOTION, pos=(rng.randrange(w), rng.randrange(h)), rel=(0, 0),
                                           buttons=(0, 0, 0))
            elif r < 0.93:
                event = pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=rng.choice([-1, 1]), flipped=False)
            elif r < 0.98:
                event = typed(rng.choice(["a", "/tmp/x.toml", "é", "Q", "colocation", " "]))[0]
            else:
                size = rng.choice(sizes)
                event = pygame.event.Event(pygame.VIDEORESIZE, size=size, w=size[0], h=size[1])
            if quits(event):
                event = key(pygame.K_DOWN)
            batch.append(event)
            if event.type == pygame.MOUSEBUTTONDOWN or getattr(event, "key", None) in (
                    pygame.K_ESCAPE, pygame.K_q, pygame.K_RETURN, pygame.K_SPACE, pygame.K_l):
                break  # the scene may change (e.g. a summary's Enter or Space opens the report, where Q quits)
        events += len(batch)
        assert post_and_step(app, *batch), "the monkey never quits"
        visited.add(app.scene.name)
        assert app.scene.size == (max(800, app.screen.get_width()), max(500, app.screen.get_height()))
    assert {"title", "choose", "briefing", "week", "summary", "help"} <= visited


def test_autosave_each_week_then_continue_from_the_title(tmp_path: Path) -> None:
    save = tmp_path / "autosave.json"
    app = App(load_scenario(ONBOARDING), seed=1, save_path=save)
    pygame.event.clear()
    try:
        to_week(app)
        for _ in range(2):  # two weeks of keyboard play
            play_week_by_keys(app, lambda events: post_and_step(app, *events))
            for _ in range(100):
                if app.scene.name == "week" and not app.scene.advancing:
                    break
                post_and_step(app, key(pygame.K_c), key(pygame.K_RETURN))
        session = app.scene.session
        assert session.week == 3 and save.exists()
        log = session.world.log.to_jsonl()
        decisions = list(session.recorder.decisions)
    finally:
        app.close()
    again = App(load_scenario(ONBOARDING), seed=99, save_path=save)
    pygame.event.clear()
    try:
        assert any(b.key == "load" for b in again.scene.buttons())
        post_and_step(again, key(pygame.K_l))
        assert again.scene.name == "week"
        resumed = again.scene.session
        assert resumed.week == 3 and resumed.seed == 1
        assert resumed.world.log.to_jsonl() == log  # the same quarter, to the byte
        assert resumed.recorder.decisions == decisions
        post_and_step(again, key(pygame.K_RETURN), key(pygame.K_e))  # and it plays on
        for _ in range(100):
            if again.scene.name == "summary":
                break
            post_and_step(again, key(pygame.K_c), key(pygame.K_RETURN))
        assert again.scene.name == "summary"
    finally:
        again.close()


def test_a_resized_window_still_plays(app: App) -> None:
    post_and_step(app, pygame.event.Event(pygame.VIDEORESIZE, size=(960, 600), w=960, h=600))
    to_week(app)
    week = app.scene
    assert week.size == (960, 600)
    assert week.panel_rect().right <= 960 and week.menu_rect().bottom <= 600
    rect, account = week.cards()[1]
    post_and_step(app, click(rect.center))
    assert week.selected == account
    post_and_step(app, key(pygame.K_RETURN), key(pygame.K_e))
    for _ in range(50):
        if app.scene.name == "summary":
            break
        post_and_step(app, key(pygame.K_RETURN))
    assert app.scene.name == "summary"


def test_no_window_falls_back_to_the_headless_demo(monkeypatch, capsys) -> None:
    import game.app
    from dealcraft import demo

    def no_window(*args, **kwargs):
        raise pygame.error("no available video device")

    monkeypatch.setattr(game.app, "App", no_window)
    monkeypatch.setattr(demo, "run", lambda scenario, seed=1: print("demo quarter") or 0)
    assert demo.window_or_demo(load_scenario(ONBOARDING), 1) == 0
    out = capsys.readouterr().out
    assert "cannot open" in out and "headless demo" in out and "demo quarter" in out


def test_the_session_and_the_model_need_no_pygame() -> None:
    import subprocess
    import sys

    code = "import sys, game, game.session; assert 'pygame' not in sys.modules, 'pygame imported'"
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).resolve().parents[1])


def test_the_negotiation_table_by_keys_prepares_a_plan_and_concedes() -> None:
    app = App(load_scenario(ONBOARDING), seed=1)
    pygame.event.clear()
    try:
        to_week(app)
        for _ in range(400):
            scene = app.scene
            if scene.name == "negotiation":
                break
            if scene.name == "week" and scene.advancing:
                post_and_step(app)
            elif scene.name == "week":
                play_week_by_keys(app, lambda events: post_and_step(app, *events))
            else:
                post_and_step(app, key(pygame.K_c), key(pygame.K_RETURN))
        table = app.scene
        assert table.name == "negotiation" and table.session.needs_plan(table.account)
        default = table.session.default_plan(table.account)
        post_and_step(app, key(pygame.K_PLUS), key(pygame.K_PLUS), key(pygame.K_RETURN))
        session = table.session
        plan = session.plans[table.account]
        assert plan.batna == pytest.approx(min(0.95, default.batna + 0.1))
        for _ in range(100):
            if app.scene.name == "negotiation" and not session.needs_plan(app.scene.account):
                break
            post_and_step(app, key(pygame.K_RETURN))
        assert app.scene.name == "negotiation"
        view = session.view.negotiation(app.scene.account)
        package = app.scene.package(view)
        post_and_step(app, key(pygame.K_k))
        moves = [d for d in session.recorder.decisions if d["type"] == "move"]
        if package is not None:  # "one step on the discount if you commit to one more step"
            assert moves[-1]["kind"] == "offer" and tuple(moves[-1]["offer"]) == package
        for _ in range(100):
            if app.scene.name == "negotiation" or session.view.negotiation(table.account) is None:
                break
            post_and_step(app, key(pygame.K_RETURN))
        if app.scene.name != "negotiation":
            return  # the buyer settled it before our next move
        post_and_step(app, key(pygame.K_c))
        moves = [d for d in session.recorder.decisions if d["type"] == "move"]
        assert moves and moves[-1]["kind"] == "concede"
        issue = moves[-1]["issue"]
        view = session.view.negotiation(table.account)
        assert view is None or next(i for i in view.issues if i.id == issue).side == "rep"
    finally:
        app.close()


def test_drawing_changes_nothing(app: App) -> None:
    to_week(app)
    post_and_step(app, key(pygame.K_RETURN), key(pygame.K_3))
    session = app.scene.session
    rep = session.world.reps[session.rep]

    def state():
        return (len(session.world.log.records), len(session.recorder.decisions), len(session.planned),
                session.world.env.now, rep.hours_used_week, app.scene.selected, app.scene.action_index)

    before = state()
    for _ in range(5):
        app.stack.draw(app.screen)
    assert state() == before
