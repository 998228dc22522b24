"""Scripted input for the real game: the screenshots, the benchmark and the tests play it through here.

Why one place: all three must drive the game the way a trainee does — real pygame events
through `App.step` — never by calling scene internals, so that what they show, time or
test is what a trainee gets.
"""

from __future__ import annotations

import pygame


def step(app, *events) -> bool:
    """Post real events (or lists of them, as `click` and `typed` give) on pygame's queue and run
    one frame of `app` that reads them; False once the game has quit."""
    for event in events:
        for one in event if isinstance(event, list) else [event]:
            pygame.event.post(one)
    return app.step()


def key(k: int, mod: int = 0, text: str = "") -> pygame.event.Event:
    return pygame.event.Event(pygame.KEYDOWN, key=k, mod=mod, unicode=text, scancode=0)


def click(pos: tuple[int, int], button: int = 1) -> list[pygame.event.Event]:
    """A full click: press and release (pygame_gui widgets act on the release)."""
    return [pygame.event.Event(pygame.MOUSEBUTTONDOWN, button=button, pos=pos),
            pygame.event.Event(pygame.MOUSEBUTTONUP, button=button, pos=pos)]


def typed(text: str) -> list[pygame.event.Event]:
    """Text as the window delivers it: one TEXTINPUT event per character."""
    return [pygame.event.Event(pygame.TEXTINPUT, text=ch) for ch in text]


def to_week(app, skip_guide: bool = False) -> None:
    """From the title to the first week the way a trainee gets there: Enter on the title, on the
    scenario choice and on the briefing; `skip_guide` then presses G (the onboarding's guided week)."""
    for _ in range(3):
        step(app, key(pygame.K_RETURN))
    if app.scene.name != "week":
        raise RuntimeError(f"three Enters from the title led to the {app.scene.name} scene, not the week")
    if skip_guide:
        step(app, key(pygame.K_g))


LADDER = ("meeting", "discovery_necessary", "discovery_essential", "discovery_useful", "site_visit",
          "conditional_proposal", "proposal")


def wanted(account, history) -> tuple[str, int | None]:
    """A trainee's routine from what the screen shows: research, meet the decider, discover, prove, propose."""
    if not account.people:
        return "research", None
    decider = next((i for i, p in enumerate(account.people) if p.role == "decider"), None)
    done = [h["action"] for h in history if h.get("account") == account.id]
    return next((a for a in LADDER if a not in done), "follow_up"), decider


def play_week_by_keys(app, step=None, accounts: int = 6) -> None:
    """Plan a week with keys only, as a trainee would: select, choose action and person, plan, record, end."""
    step = step or app.step
    week = app.scene
    s = week.session
    for a in s.view.accounts(("prospect",))[:accounts]:
        name, decider = wanted(a, s.view.history())
        for _ in range(len(week.ordered_ids) + 1):
            if week.selected == a.id:
                break
            step([key(pygame.K_DOWN)])
        names = [o.name for o in week.options()]
        if week.selected != a.id or name not in names:
            continue
        for _ in range(len(names)):
            if names[week.action_index] == name:
                break
            step([key(pygame.K_RIGHT)])
        if decider is not None:
            for _ in range(len(a.people) + 1):
                if week.person_index == decider + 1:
                    break
                step([key(pygame.K_p)])
        step([key(pygame.K_RETURN)])
        suggests = a.signals[-1].suggests if a.signals else None
        if suggests:
            step([key(pygame.K_0 + suggests)])
    step([key(pygame.K_e)])


def back_to_the_week(app, frames: int = 200) -> None:
    """After ending a week: close notices and tables (C, then Enter) until the week scene waits for the
    trainee again. RuntimeError when it did not within `frames` frames."""
    for _ in range(frames):
        if app.scene.name == "week" and not app.scene.advancing:
            return
        step(app, key(pygame.K_c), key(pygame.K_RETURN))
    raise RuntimeError(f"the week scene did not come back within {frames} frames")


def play_to_negotiation(app, frames: int = 500):
    """Play weeks by keys (closing notices with C, then Enter) until a negotiation table asks for
    its preparation; return that scene. RuntimeError when none came within `frames` frames."""
    for _ in range(frames):
        scene = app.scene
        if scene.name == "negotiation" and scene.preparing():
            return scene
        if scene.name == "week" and scene.advancing:
            step(app)
        elif scene.name == "week":
            play_week_by_keys(app, lambda events: step(app, *events))
        else:
            step(app, key(pygame.K_c), key(pygame.K_RETURN))
    raise RuntimeError(f"no negotiation table within {frames} frames")
