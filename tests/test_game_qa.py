"""What a trainee tripped over in the real window (QA play-through), each checked headless with real events.

Each test names the trip: the loader's messages hidden under a tooltip, a wrong "… more" count, the
first offer at the negotiation table not opening with the prepared start, moves that did nothing
without a word, the offers' worth unknown when deciding to accept, Enter skipping the quarter report,
actions a mouse-only trainee could not read before clicking, and the title advertising a missing save.
"""

from __future__ import annotations

import re
from pathlib import Path

import pygame
import pytest
from game_fixtures import app_fixture

from game import ui
from game.app import App
from game.drive import back_to_the_week, click, key, play_to_negotiation, play_week_by_keys, step, typed
from game.drive import to_week as drive_to_week
from game.scenes.summary import SummaryScene
from sim.scenario import load_scenario

ROOT = Path(__file__).resolve().parents[1]
ONBOARDING = ROOT / "scenarios" / "onboarding.toml"


app = app_fixture(seed=1)


def to_week(app: App) -> None:
    drive_to_week(app, skip_guide=True)


def footers(monkeypatch) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr(ui, "footer", lambda surface, s: shown.append(s))
    return shown


# ------------------------------------------------------------------------- title and scenario file


def test_the_title_offers_l_only_when_there_is_a_save(tmp_path: Path, monkeypatch) -> None:
    game = App(load_scenario(ONBOARDING), seed=1, save_path=tmp_path / "autosave.json")
    try:
        shown = footers(monkeypatch)
        game.step([])
        assert shown and "L:" not in shown[-1]  # no save yet: L does nothing, so it is not offered
    finally:
        game.close()


def test_the_path_field_has_no_tooltip_to_cover_the_loaders_messages(app: App, tmp_path: Path) -> None:
    step(app, key(pygame.K_RETURN))
    choose = app.scene
    bad = tmp_path / "broken.toml"
    bad.write_text("[team\n", encoding="utf-8")
    step(app, key(pygame.K_TAB, pygame.KMOD_SHIFT))
    step(app, *typed(str(bad)))
    step(app, key(pygame.K_RETURN))
    assert choose.problems  # the messages show under the field ...
    entry = choose.field.entry
    assert entry is not None and entry.tool_tip_text is None  # ... and no tooltip pops up over them


# ------------------------------------------------------------------------- end of the week


def test_the_summary_counts_the_lines_below_the_screen_and_pages(app: App, monkeypatch) -> None:
    to_week(app)
    session = app.scene.session
    summary = SummaryScene(session)
    summary.size = (1280, 720)
    summary.notes = []
    summary.lines = [(f"line {i}", ui.TEXT) for i in range(60)]
    drawn: list[str] = []
    real = ui.text

    def spy(surface, s, *args, **kwargs):
        drawn.append(s)
        return real(surface, s, *args, **kwargs)

    monkeypatch.setattr(ui, "text", spy)
    surface = pygame.Surface((1280, 720))
    summary.draw(surface)
    shown = [s for s in drawn if s.startswith("line ")]
    more = next(s for s in drawn if s.startswith("…"))
    assert f"… {60 - len(shown)} more" in more  # the lines not on screen, not all the lines
    assert summary.hidden_below() == 60 - len(shown)
    # PgDn pages by a screen, and the end is reachable with nothing hidden
    app.stack.push(summary)
    step(app, key(pygame.K_PAGEDOWN))
    assert summary.scroll == len(shown) - 1
    for _ in range(5):
        step(app, key(pygame.K_PAGEDOWN))
    assert summary.hidden_below() == 0
    drawn.clear()
    summary.draw(surface)
    assert "line 59" in drawn and not any(s.startswith("…") for s in drawn)
    step(app, key(pygame.K_PAGEUP), key(pygame.K_PAGEUP), key(pygame.K_PAGEUP), key(pygame.K_PAGEUP))
    assert summary.scroll == 0


def test_the_summary_writes_actions_as_the_menu_does(app: App) -> None:
    to_week(app)
    lines: list[str] = []
    for _ in range(4):  # research, meetings, then discoveries (play_week_by_keys climbs that ladder)
        play_week_by_keys(app, lambda events: step(app, *events))
        for _ in range(200):
            if app.scene.name == "summary":
                lines += [line for line, _ in app.scene.lines]
                step(app, key(pygame.K_RETURN))
                break
            if app.scene.name == "week":
                step(app)
            else:
                step(app, key(pygame.K_c), key(pygame.K_RETURN))
    assert any(" · discovery necessary at " in line for line in lines)
    assert not any(re.search(r" · [a-z]+_[a-z_]+ at ", line) for line in lines)


# ------------------------------------------------------------------------- the week, by mouse


def test_hovering_an_action_describes_it_before_a_click_plans_it(app: App) -> None:
    to_week(app)
    week = app.scene
    options = week.options()
    rects = week.option_rects(options)
    target = next(i for i, r in enumerate(rects) if r.width and i != week.action_index)
    step(app, pygame.event.Event(pygame.MOUSEMOTION, pos=rects[target].center, rel=(0, 0), buttons=(0, 0, 0)))
    assert week.shown_option() is options[target]
    assert not week.session.planned  # reading is not planning
    step(app, key(pygame.K_RIGHT))  # the keys choose again: the chosen one is described
    assert week.shown_option() is options[week.action_index]
    # the full name of a card cut short in its column shows under the mouse
    rect, account_id = week.cards()[0]
    step(app, pygame.event.Event(pygame.MOUSEMOTION, pos=rect.center, rel=(0, 0), buttons=(0, 0, 0)))
    assert week.hover_card == account_id
    app.stack.draw(app.screen)


# ------------------------------------------------------------------------- the negotiation table


def test_the_first_offer_opens_with_the_prepared_start_not_the_ideal(app: App) -> None:
    to_week(app)
    table = play_to_negotiation(app)
    session, account = table.session, table.account
    default = session.default_plan(account)
    # prepare a start above the ideal: ideal one step more generous on the first issue of yours
    mine = table.rep_issues(table.view())[0]
    table.row, table.col = mine, 1
    step(app, key(pygame.K_RIGHT))
    assert table.draft_ideal[mine] == default.ideal[mine] + 1
    step(app, key(pygame.K_RETURN))
    plan = session.plans[account]
    assert plan.start != plan.ideal
    for _ in range(100):  # back at the table for round 1
        if app.scene.name == "negotiation" and not app.scene.preparing():
            break
        step(app)
    table = app.scene
    assert table.name == "negotiation" and table.view().my_last is None
    assert any(b.key == "offer" and "start" in b.label for b in table.buttons())
    step(app, key(pygame.K_o))
    moves = [d for d in session.recorder.decisions if d["type"] == "move"]
    assert moves and tuple(moves[-1]["offer"]) == plan.start


def test_a_move_that_cannot_be_made_says_why_and_costs_nothing(app: App) -> None:
    to_week(app)
    table = play_to_negotiation(app)
    session = table.session
    step(app, key(pygame.K_RETURN))  # the default plan
    for _ in range(100):
        if app.scene.name == "negotiation" and not app.scene.preparing():
            break
        step(app)
    table = app.scene
    view = table.view()
    assert view.standing is None  # round 1: the buyer has not offered yet
    before = len(session.recorder.decisions)
    accept = next(b for b in table.buttons() if b.key == "accept")
    step(app, *click(accept.rect.center))
    assert app.scene is table and len(session.recorder.decisions) == before
    assert "nothing to accept" in table.message
    worth = table.worth_line(view)
    assert worth is not None and "BATNA" in worth[0]
    app.stack.draw(app.screen)  # the message and the worth line draw
    # an issue already at its most generous: conceding on it is refused here, not at the cost of a round
    issue_index = table.rep_issues(view)[table.issue_index]
    plan = session.plans[table.account]
    table.session.plans[table.account] = type(plan)(
        tuple(view.issues[i].steps - 1 if i == issue_index else v for i, v in enumerate(plan.start)),
        plan.ideal, plan.batna)
    step(app, key(pygame.K_c))
    assert app.scene is table and len(session.recorder.decisions) == before
    assert "most generous" in table.message
    # an if…then from an opening that already asks every commitment would be a plain concession: refused, said
    table.session.plans[table.account] = plan
    buyer_max = tuple(view.issues[i].steps - 1 if issue.side == "buyer" else v
                      for i, (issue, v) in enumerate(zip(view.issues, plan.start, strict=True)))
    table.session.plans[table.account] = type(plan)(buyer_max, plan.ideal, plan.batna)
    assert table.package(view) is None
    step(app, key(pygame.K_k))
    assert app.scene is table and len(session.recorder.decisions) == before
    assert "every commitment" in table.message


def test_the_worth_line_compares_the_buyers_offer_with_the_batna(app: App) -> None:
    to_week(app)
    table = play_to_negotiation(app)
    step(app, key(pygame.K_RETURN))
    for _ in range(400):
        scene = app.scene
        if scene.name == "negotiation" and not scene.preparing() and scene.view().standing is not None:
            break
        if scene.name == "negotiation" and not scene.preparing():
            step(app, key(pygame.K_s))  # silence until the buyer offers
        else:
            step(app, key(pygame.K_c), key(pygame.K_RETURN))
    table = app.scene
    if table.name != "negotiation":
        pytest.skip("the buyer left before offering")
    view = table.view()
    text, _ = table.worth_line(view)
    value = view.preferences.utility(tuple(view.standing))
    assert f"the buyer's offer {value:.2f}" in text
    batna = table.session.plans[table.account].batna
    assert ("above your walk-away" in text) == (value >= batna)


# ------------------------------------------------------------------------- the report


def test_enter_does_not_skip_the_quarter_report(tmp_path: Path) -> None:
    game = App(load_scenario(ONBOARDING), seed=4, save_path=tmp_path / "autosave.json")
    pygame.event.clear()
    try:
        to_week(game)
        for _ in range(800):
            scene = game.scene
            if scene.name == "report":
                break
            if scene.name == "week" and scene.advancing:
                step(game)
            elif scene.name == "week":
                step(game, key(pygame.K_e))
            elif scene.name == "negotiation":
                step(game, key(pygame.K_d))
            else:
                step(game, key(pygame.K_RETURN))  # the summary's Enter ends in the report ...
        report = game.scene
        assert report.name == "report"
        step(game, key(pygame.K_RETURN), key(pygame.K_RETURN))  # ... and a second Enter does not leave it
        assert game.scene is report and report.session.quarter == 0
        assert "N" in report.hint
        game.stack.draw(game.screen)
        step(game, key(pygame.K_n))
        assert game.scene.name == "week" and report.session.quarter == 1
    finally:
        game.close()


def test_a_won_deal_says_what_it_is_worth(app: App) -> None:
    from game.scenes.notice import NoticeScene

    to_week(app)
    session = app.scene.session
    session.world.log.add(session.world.env.now, "deal_won", session.rep, "acme", acv=1234.0)
    notice = NoticeScene(session, "won", "acme")
    title, body = notice.lines()
    assert title == "Deal signed!" and ui.money(1234.0, session.currency) in body


def test_in_a_small_window_the_wheel_over_the_menu_reaches_every_action(app: App) -> None:
    to_week(app)
    step(app, pygame.event.Event(pygame.VIDEORESIZE, size=(900, 560), w=900, h=560))
    week = app.scene
    options = week.options()
    rows, cols, _ = week.menu_grid(len(options))
    assert rows * cols < len(options)  # some actions are scrolled out of the menu
    last = options[-1]
    board_scroll = week.board_scroll
    step(app, pygame.event.Event(pygame.MOUSEMOTION, pos=week.menu_rect().center, rel=(0, 0), buttons=(0, 0, 0)))
    for _ in range(len(options)):
        if week.option_rects(options)[-1].width:
            break
        step(app, pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=-1, flipped=False))
    rect = week.option_rects(options)[-1]
    assert rect.width and week.menu_rect().contains(rect) and week.board_scroll == board_scroll
    for _ in range(3):  # at the end the wheel stops there: it does not wrap around to the first
        step(app, pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=-1, flipped=False))
    assert week.action_index == len(options) - 1
    step(app, *click(rect.center))  # and the mouse plans it
    assert week.session.planned and week.session.planned[-1].action.name == last.name
    for _ in range(len(options) + 3):
        step(app, pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=1, flipped=False))
    assert week.action_index == 0 and week.option_rects(options)[0].width


def test_moments_are_dated_within_their_quarter() -> None:
    from game.session import Session

    session = Session(load_scenario(ONBOARDING), 1)
    clock = session.world.clock
    assert session.when(1.0) == "week 1, day 1, 10:00"
    session.quarter = 1
    t = clock.quarter_hours + 10 * clock.week_hours + 1.0  # the world's week 24
    assert session.when(t) == "Q2 week 11, day 1, 10:00"
    assert session.when(1.0) == "Q1 week 1, day 1, 10:00"


def test_the_debrief_dates_each_moment_once_within_its_quarter() -> None:
    from types import SimpleNamespace

    from game.scenes.report import ReportScene
    from game.session import Session

    session = Session(load_scenario(ONBOARDING), 1)
    clock = session.world.clock
    session.quarter = 1
    t = clock.quarter_hours + 2 * clock.week_hours  # the world's week 16 is Q2's week 3
    when = clock.label(t)
    finding = SimpleNamespace(t=t, when=when, kind="broken_cadence", principle="Each phase has its rhythm.",
                              message=f"{when}: Acme went 3 weeks past its contact cadence")
    report = ReportScene.__new__(ReportScene)
    report.session = session
    report.report = SimpleNamespace(findings=[finding])
    content = report.debrief_content()
    assert content[0] == ("h", "Q2 week 3, day 1, 09:00 · broken cadence")
    assert content[1] == ("p", "Acme went 3 weeks past its contact cadence")


def test_a_small_briefing_says_how_many_accounts_it_cannot_list(app: App, monkeypatch) -> None:
    step(app, key(pygame.K_RETURN))
    step(app, key(pygame.K_RETURN))
    briefing = app.scene
    assert briefing.name == "briefing"
    step(app, pygame.event.Event(pygame.VIDEORESIZE, size=(900, 560), w=900, h=560))
    drawn: list[str] = []
    real = ui.text
    monkeypatch.setattr(ui, "text", lambda surface, s, *a, **k: (drawn.append(s), real(surface, s, *a, **k))[1])
    briefing.draw(pygame.Surface(briefing.size))
    accounts = briefing.session.view.accounts()
    listed = [a for a in accounts if any(s.startswith(a.name + " · ") for s in drawn)]
    assert len(listed) < len(accounts)
    assert any(s.startswith(f"… and {len(accounts) - len(listed)} more") for s in drawn)


def test_the_account_panel_writes_actions_and_quotes_as_a_person_would(app: App, monkeypatch) -> None:
    to_week(app)
    for _ in range(3):  # three weeks: research, meetings, discovery — signals and history to show
        play_week_by_keys(app, lambda events: step(app, *events))
        back_to_the_week(app)
    week = app.scene
    drawn: list[str] = []
    real = ui.text
    monkeypatch.setattr(ui, "text", lambda surface, s, *a, **k: (drawn.append(s), real(surface, s, *a, **k))[1])
    dated = []
    for account_id in week.ordered_ids:
        week.selected = account_id
        drawn.clear()
        week.draw(pygame.Surface(week.size))
        dated += [s for s in drawn if s.startswith("week ")]
    assert any("“" in s for s in dated)  # signals were shown
    assert not any(re.search(r"\b[a-z]+_[a-z]+\b", s) for s in dated)
    assert not any(re.search(r"“[\"“]|[\"”]”", s) for s in dated)


def test_call_now_on_a_lead_goes_before_the_rest_of_the_weeks_plan(app: App) -> None:
    """'Call now' used to queue the call behind the whole week's plan while the lead went cold: it
    now goes first, as soon as the action in progress ends, and the notice says so."""
    to_week(app)
    for _ in range(8):  # weeks with a full calendar of meetings, until a lead arrives mid-plan
        week = app.scene
        assert week.name == "week"
        for _ in range(40):
            step(app, key(pygame.K_DOWN))
            names = [o.name for o in week.options()]
            if "meeting" in names:
                week.action_index = names.index("meeting")
                step(app, key(pygame.K_RETURN))
        step(app, key(pygame.K_e))
        notice = None
        for _ in range(400):
            scene = app.scene
            if scene.name == "notice" and scene.kind == "lead" and scene.waiting and scene.can_call():
                notice = scene
                break
            if scene.name == "week" and not scene.advancing:
                break
            if scene.name == "week":
                step(app)
            elif scene.name == "negotiation":
                step(app, key(pygame.K_d))
            else:
                step(app, key(pygame.K_RETURN))
        if notice is not None:
            break
    else:
        pytest.skip("no lead arrived while actions were queued")
    session = notice.session
    waiting = list(notice.waiting)
    assert any(b.key == "call" and b.label == "Call now (C)" for b in notice.buttons())
    assert f"before the {len(waiting)} action" in notice.lines()[1]
    asked, lead = session.world.env.now, notice.ident
    assert notice.next_week == ("next week" in notice.lines()[1])
    app.stack.draw(app.screen)
    step(app, key(pygame.K_c))
    for _ in range(800):  # to the end of this week, and of the next if the call waits that long
        if app.scene.name == "summary" and any(h.get("account") == lead and h["action"] == "call"
                                               for h in session.view.history()):
            break
        if app.scene.name == "week" and not app.scene.advancing:
            step(app, key(pygame.K_e))
        elif app.scene.name == "week":
            step(app)
        elif app.scene.name == "negotiation":
            step(app, key(pygame.K_d))
        else:
            step(app, key(pygame.K_RETURN))
    after = [h for h in session.view.history() if h["t"] > asked]
    call = next(i for i, h in enumerate(after) if h.get("account") == lead and h["action"] == "call")
    assert call <= 1, after[:call + 1]  # at most the action that was in progress finished first
    if waiting and not notice.next_week:
        assert after[call]["t"] < asked + 8, "the call waited for the plan"


def test_the_board_marks_the_accounts_this_weeks_plan_covers(app: App, monkeypatch) -> None:
    to_week(app)
    week = app.scene
    step(app, key(pygame.K_RETURN), key(pygame.K_RETURN))  # two actions on the selected account
    planned_on = week.selected
    badges: list[str] = []
    real = ui.rendered
    monkeypatch.setattr(ui, "rendered", lambda s, *a, **k: (badges.append(s), real(s, *a, **k))[1])
    week.draw(pygame.Surface(week.size))
    assert badges.count("+2") == 1 and "+1" not in badges
    assert planned_on in [account_id for _, account_id in week.cards()]


def test_esc_twice_leaves_the_week_for_the_title_and_continue_comes_back(tmp_path: Path) -> None:
    game = App(load_scenario(ONBOARDING), seed=1, save_path=tmp_path / "autosave.json")
    pygame.event.clear()
    try:
        to_week(game)
        step(game, key(pygame.K_ESCAPE))
        assert "nothing of this game is saved" in game.scene.message  # week 1: no save of this game yet
        step(game, key(pygame.K_DOWN))
        play_week_by_keys(game, lambda events: step(game, *events))
        back_to_the_week(game)
        week = game.scene
        step(game, key(pygame.K_ESCAPE))
        assert game.scene is week and "Esc again" in week.message  # one Esc only says what a second does
        assert "saved at the start of this week" in week.message
        step(game, key(pygame.K_DOWN), key(pygame.K_ESCAPE))
        assert game.scene is week  # another key in between: it asks again
        step(game, key(pygame.K_ESCAPE))
        assert game.scene.name == "title" and game.running
        step(game, key(pygame.K_l))
        assert game.scene.name == "week" and game.scene.session.week == 2
    finally:
        game.close()


def test_a_six_issue_table_in_a_small_window_keeps_its_lines_above_the_buttons(monkeypatch) -> None:
    game = App(load_scenario(ROOT / "scenarios" / "inbound-software.toml"), seed=1)
    pygame.event.clear()
    try:
        to_week(game)
        for _ in range(3000):
            scene = game.scene
            if scene.name == "negotiation" and not scene.preparing() and scene.view().history:
                break
            if scene.name == "week" and scene.advancing:
                step(game)
            elif scene.name == "week":
                play_week_by_keys(game, lambda events: step(game, *events))
            elif scene.name == "negotiation":
                step(game, key(pygame.K_RETURN) if scene.preparing() else key(pygame.K_o))
            else:
                step(game, key(pygame.K_c), key(pygame.K_RETURN))
        table = game.scene
        if table.name != "negotiation":
            pytest.skip("no negotiation reached in this quarter")
        assert len(table.view().issues) >= 6
        step(game, pygame.event.Event(pygame.VIDEORESIZE, size=(800, 500), w=800, h=500))
        table.message = "The buyer has not made an offer yet: there is nothing to accept."
        placed: list[tuple[str, int, int]] = []
        real = ui.text

        def spy(surface, s, pos, size=20, *args, **kwargs):
            placed.append((s, pos[1], ui.font(size).get_linesize()))
            return real(surface, s, pos, size, *args, **kwargs)

        monkeypatch.setattr(ui, "text", spy)
        monkeypatch.setattr(ui, "footer", lambda surface, s: None)
        table.draw(pygame.Surface(table.size))
        top = min(b.rect.y for b in table.buttons())
        message = next(y for s, y, _ in placed if s == table.message)
        assert message + 22 <= top
        assert all(y + line <= message for s, y, line in placed if s != table.message), placed
        assert any(s.startswith("To you:") for s, _, _ in placed)  # the worth of the offers comes first
        sides = [s for s, _, _ in placed if s in ("you", "they", "you give", "they give")]
        assert sides and all(ui.font(18).size(s)[0] <= table.cols()[2] - table.cols()[1] - 6 for s in sides)
    finally:
        game.close()


def test_a_narrow_title_shows_the_saved_game_whole(tmp_path: Path, monkeypatch) -> None:
    save = tmp_path / "autosave.json"
    game = App(load_scenario(ONBOARDING), seed=1, save_path=save)
    pygame.event.clear()
    try:
        to_week(game)
        play_week_by_keys(game, lambda events: step(game, *events))
        back_to_the_week(game)
        step(game, key(pygame.K_ESCAPE), key(pygame.K_ESCAPE))
        title = game.scene
        assert title.name == "title" and title.save_label
        step(game, pygame.event.Event(pygame.VIDEORESIZE, size=(900, 560), w=900, h=560))
        shown: list[pygame.Surface] = []
        real = ui.rendered

        def spy(s, *args, **kwargs):
            img = real(s, *args, **kwargs)
            if s == title.save_label:
                shown.append(img)
            return img

        monkeypatch.setattr(ui, "rendered", spy)
        title.draw(pygame.Surface(title.size))
        full = ui.font(19).size(title.save_label)[0]
        assert shown and all(img.get_width() == full for img in shown)  # not cut with an ellipsis at the edge
    finally:
        game.close()
