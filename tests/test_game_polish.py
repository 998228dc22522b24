"""Trainee-facing polish, checked headless with real events: Unplan takes back the selected account's
last action (not the week's), an inbound lead's contact is not "met" before anyone spoke to them, and
the report's grade descriptions wrap to the window instead of being cut off."""

from __future__ import annotations

from pathlib import Path

import pygame
import pytest
from game_fixtures import app_fixture

from game import ui
from game.app import App
from game.drive import click, key, step
from game.drive import to_week as drive_to_week
from game.scenes.report import ReportScene, grade_rows
from game.scenes.week import TEAM_ACTIONS, person_line
from game.session import Session
from sim.scenario import load_scenario
from sim.scores import CRITERIA

ROOT = Path(__file__).resolve().parents[1]
ONBOARDING = ROOT / "scenarios" / "onboarding.toml"


app = app_fixture(seed=1)


def to_week(app: App) -> None:
    drive_to_week(app, skip_guide=True)


def choose_action(app: App, name: str) -> None:
    """Right until the menu's chosen action is `name`, as a trainee would."""
    week = app.scene
    names = [o.name for o in week.options()]
    assert name in names
    for _ in range(len(names)):
        if names[week.action_index] == name:
            return
        step(app, key(pygame.K_RIGHT))
    raise AssertionError(f"{name} not reached")


def select(app: App, account: str) -> None:
    week = app.scene
    for _ in range(len(week.ordered_ids) + 1):
        if week.selected == account:
            return
        step(app, key(pygame.K_DOWN))
    raise AssertionError(f"{account} not reached")


def mine(session, account) -> list[str]:
    return [p.action.name for p in session.planned if p.action.account == account]


# ------------------------------------------------------------------------- unplan


def test_unplan_takes_back_the_selected_accounts_last_action_not_the_weeks(app: App) -> None:
    to_week(app)
    week = app.scene
    session = week.session
    first, second = week.ordered_ids[:2]
    select(app, first)
    choose_action(app, "research")
    step(app, key(pygame.K_RETURN))
    select(app, second)
    choose_action(app, "research")
    step(app, key(pygame.K_RETURN))
    assert mine(session, first) == ["research"] and mine(session, second) == ["research"]
    # back on the first account, Backspace takes back its action, not the week's last (the second's)
    select(app, first)
    choose_action(app, "research")
    step(app, key(pygame.K_BACKSPACE))
    assert mine(session, first) == []
    assert mine(session, second) == ["research"]
    assert "Unplanned research" in week.message
    # nothing left there: nothing changes, and the scene says so
    step(app, key(pygame.K_BACKSPACE))
    assert mine(session, second) == ["research"] and len(session.planned) == 1
    assert week.message == f"Nothing planned for {session.account_name(first)} this week."
    # the Unplan button does the same as Backspace
    unplan = next(b for b in week.buttons() if b.key == "unplan")
    step(app, *click(unplan.rect.center))
    assert mine(session, second) == ["research"] and "Nothing planned" in week.message
    select(app, second)
    step(app, *click(unplan.rect.center))
    assert session.planned == []


def test_team_actions_are_unplanned_with_a_team_action_chosen(app: App) -> None:
    to_week(app)
    week = app.scene
    session = week.session
    first = week.ordered_ids[0]
    team = TEAM_ACTIONS[0]
    choose_action(app, "research")
    step(app, key(pygame.K_RETURN))
    choose_action(app, team)
    step(app, key(pygame.K_RETURN))
    assert [(p.action.name, p.action.account) for p in session.planned] == [("research", first), (team, None)]
    # an account action chosen: the account's research goes, the team's action stays
    choose_action(app, "research")
    step(app, key(pygame.K_BACKSPACE))
    assert [(p.action.name, p.action.account) for p in session.planned] == [(team, None)]
    step(app, key(pygame.K_BACKSPACE))
    assert len(session.planned) == 1 and "Nothing planned" in week.message
    # the team action chosen: Backspace takes back the team's
    choose_action(app, team)
    step(app, key(pygame.K_BACKSPACE))
    assert session.planned == [] and "(team)" in week.message
    step(app, key(pygame.K_BACKSPACE))
    assert week.message == "No team action planned this week."


# ------------------------------------------------------------------------- met, or only known


def panel_texts(app: App, monkeypatch) -> list[str]:
    """The strings the week scene draws in one frame."""
    drawn: list[str] = []
    real = ui.text
    monkeypatch.setattr(ui, "text", lambda surface, s, *a, **k: (drawn.append(s), real(surface, s, *a, **k))[1])
    step(app)
    monkeypatch.setattr(ui, "text", real)
    return drawn


def test_a_leads_contact_is_not_met_before_anyone_spoke_to_them(app: App, monkeypatch) -> None:
    to_week(app)
    week = app.scene
    session = week.session
    lead = None
    for _ in range(2000):  # empty weeks until a lead arrives; its notice is read, the lead not called
        scene = app.scene
        if scene.name == "notice" and scene.kind == "lead":
            lead = scene.ident
        if scene.name == "week" and not scene.advancing:
            if lead is not None:
                break
            step(app, key(pygame.K_e))
        elif scene.name == "week":
            step(app)
        elif scene.name == "negotiation":
            step(app, key(pygame.K_d))
        else:
            step(app, key(pygame.K_RETURN))
    assert lead is not None, "no lead arrived"
    account = session.view.account(lead)
    assert account.source == "inbound" and not account.engaged
    contact = next(p for p in account.people if p.met)  # known from the lead form
    line = person_line(account, contact)
    assert "(met)" not in line and "no conversation yet" in line
    assert line.startswith(f"{contact.name} — {contact.title}, {contact.role}")
    select(app, lead)
    drawn = panel_texts(app, monkeypatch)
    assert line in drawn and not any(s.startswith(contact.name) and "(met)" in s for s in drawn)


def test_a_leads_contact_is_met_once_a_call_reached_them() -> None:
    from sim.interface import Action

    session = Session(load_scenario(ONBOARDING), 1)
    lead = None
    for _ in range(40):
        stop = session.advance()
        lead = next((r.partition(":")[2] for r in stop.reasons if r.startswith("lead:")), None)
        if lead is not None:
            break
    assert lead is not None, "no lead arrived"
    account = session.view.account(lead)
    contact = next(p for p in account.people if p.met)
    assert person_line(account, contact).endswith("(known, no conversation yet)")
    session.act_now(Action("call", lead, person=contact.id))  # called the moment it arrives: it answers
    for _ in range(40):
        session.advance()
        if any(h.get("account") == lead for h in session.view.history()):
            break
    account = session.view.account(lead)
    assert account.engaged, session.view.history()
    contact = next(p for p in account.people if p.id == contact.id)
    assert person_line(account, contact) == f"{contact.name} — {contact.title}, {contact.role} (met)"
    for p in account.people:  # anyone else known at the account is listed without either mark
        if not p.met:
            assert person_line(account, p) == f"{p.name} — {p.title}, {p.role}"


# ------------------------------------------------------------------------- report grades


@pytest.fixture(scope="module")
def finished() -> Session:
    """A quarter played to its end with one phase recorded (so the report has its accuracy note)."""
    session = Session(load_scenario(ONBOARDING), 1)
    session.record_phase(session.view.accounts()[0].id, 1)
    while not session.quarter_over:
        session.start_week()
        session.advance()
    return session


def overlaps(rects: list[pygame.Rect]) -> list[tuple[pygame.Rect, pygame.Rect]]:
    return [(a, b) for i, a in enumerate(rects) for b in rects[i + 1:] if a.colliderect(b)]


@pytest.mark.parametrize("width", [319, 530, 810])
def test_grade_descriptions_wrap_to_the_panel_width_in_full(app: App, width: int) -> None:
    """The grades panel is 319 px wide in an 800-wide window, 530 px at 1280: each description is wrapped
    to what is left of it — beside the grade or under it — and its lines say it all, none wider than that
    (319 px is the narrowest: the game draws smaller windows at 800x500 and clips them)."""
    criteria = {name: {"grade": 3} for name in CRITERIA}
    rows = grade_rows(criteria, 0.5, width)
    assert len(rows) == len(CRITERIA) + 1  # and the phase-accuracy note
    for (name, _), row in zip(CRITERIA.items(), rows, strict=False):
        desc = [t for t in row.texts if t.size == 16]
        assert " ".join(t.text for t in desc) == CRITERIA[name][0]  # nothing cut off
        for t in row.texts:
            assert ui.font(t.size, t.bold).size(t.text)[0] <= t.rect.width
            assert 0 <= t.rect.x and t.rect.right <= width - 20, (t.text, t.rect, width)
            assert t.rect.bottom <= row.height
        assert not overlaps([t.rect for t in row.texts] + [r for r, _ in row.boxes])
    note = rows[-1]
    assert " ".join(t.text for t in note.texts).startswith("Phase readings right when recorded: 50%")
    assert all(t.rect.right <= width - 20 for t in note.texts)


@pytest.mark.parametrize("size", [(800, 500), (1280, 800)])
def test_the_report_grades_fit_without_overlap_and_scroll_to_every_criterion(finished: Session,
                                                                            size: tuple[int, int]) -> None:
    app = App(load_scenario(ONBOARDING), seed=1, size=size)
    try:
        report = ReportScene(finished)
        app.stack.clear_to(report)
        report.comparison.cancel()
        step(app)
        assert report.size == size and report.tab == 0
        left, panel = report.overview_rects()
        assert not panel.colliderect(left)
        assert not any(panel.colliderect(b.rect) for b in report.buttons())
        seen: set[str] = set()
        for _ in range(len(CRITERIA) + 2):
            layout = report.grades_layout()
            rects = [t.rect for t in layout.texts] + [r for r, _ in layout.boxes]
            assert all(panel.contains(r) for r in rects), [t for t in layout.texts if not panel.contains(t.rect)]
            assert not overlaps(rects)
            assert all(ui.font(t.size, t.bold).size(t.text)[0] <= t.rect.width for t in layout.texts)
            seen |= {t.text for t in layout.texts}
            step(app, key(pygame.K_DOWN))
        assert {name.replace("_", " ") for name in CRITERIA} <= seen  # every grade can be read
        assert any(t.startswith("Phase readings right") for t in seen)
        if size == (800, 500):  # a small window does not show them all at once, and says so
            assert any(t.startswith("criteria ") and "Up/Down" in t for t in seen)
    finally:
        app.close()
