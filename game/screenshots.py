"""Screenshots of every scene from the real game, for docs/screenshots/.

Run under a virtual X screen:  xvfb-run -a python -m game.screenshots
(or with SDL_VIDEODRIVER=dummy). Plays the onboarding scenario with scripted keys.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pygame

from game.app import App
from sim.scenario import load_scenario
from sim.scenario.shipped import scenarios_dir

OUT = Path(__file__).resolve().parents[1] / "docs" / "screenshots"


def key(k: int, mod: int = 0) -> pygame.event.Event:
    return pygame.event.Event(pygame.KEYDOWN, key=k, mod=mod, unicode="")


def shoot(app: App, name: str, taken: set[str]) -> None:
    app.step([])
    path = OUT / f"{name}.png"
    pygame.image.save(app.screen, str(path))
    taken.add(name)
    print(path)


LADDER = ("meeting", "discovery_necessary", "discovery_essential", "discovery_useful", "site_visit",
          "conditional_proposal", "proposal")


def wanted(account, history) -> tuple[str, int | None]:
    """A trainee's routine from what the screen shows: research, meet the decider, discover, prove, propose."""
    if not account.people:
        return "research", None
    decider = next((i for i, p in enumerate(account.people) if p.role == "decider"), None)
    done = [h["action"] for h in history if h.get("account") == account.id]
    return next((a for a in LADDER if a not in done), "follow_up"), decider


def play_week_by_keys(app: App, step=None, accounts: int = 6) -> None:
    """Plan a week with keys only, as a trainee would: select, choose action and person, plan, record, end."""
    step = step or app.step
    week = app.scene
    s = week.session
    for a in s.view.accounts(("prospect",))[:accounts]:
        name, decider = wanted(a, s.view.history())
        for _ in range(40):
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


def main(seed: int = 1) -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    scenario = load_scenario(scenarios_dir() / "onboarding.toml")
    app = App(scenario, seed)
    taken: set[str] = set()
    shoot(app, "title", taken)
    app.step([key(pygame.K_RETURN)])
    shoot(app, "scenario-choice", taken)
    app.step([key(pygame.K_RETURN)])
    shoot(app, "briefing", taken)
    app.step([key(pygame.K_RETURN)])
    shoot(app, "guided-first-week", taken)
    app.step([key(pygame.K_SPACE)])
    # week 1: research, call and record a phase on the first accounts
    app.step([key(pygame.K_RETURN), key(pygame.K_DOWN), key(pygame.K_RETURN), key(pygame.K_DOWN),
              key(pygame.K_RETURN), key(pygame.K_UP), key(pygame.K_UP)])
    shoot(app, "week", taken)
    app.step([key(pygame.K_h)])
    shoot(app, "help", taken)
    app.step([key(pygame.K_SPACE)])
    app.step([key(pygame.K_e)])
    for _frame in range(3000):
        scene = app.scene
        if scene.name == "report":
            break
        shots = {"summary": "end-of-week", "notice": "notice", "negotiation": "negotiation"}
        if scene.name == "negotiation" and scene.session.needs_plan(scene.account):
            shots["negotiation"] = "negotiation-prepare"
        elif scene.name == "negotiation" and not (scene.view() and scene.view().history):
            shots.pop("negotiation")
        if scene.name == "summary" and scene.session.week < 5:
            shots.pop("summary")
        if scene.name == "summary" and scene.deals and "end-of-week-negotiation" not in taken:
            shoot(app, "end-of-week-negotiation", taken)
        if scene.name in shots and shots[scene.name] not in taken:
            shoot(app, shots[scene.name], taken)
        if scene.name == "week":
            if "week-later" not in taken and app.stack.top.session.week >= 6:
                shoot(app, "week-later", taken)
            if scene.advancing:
                app.step([])
            else:
                play_week_by_keys(app)
        elif scene.name == "notice":
            app.step([key(pygame.K_c), key(pygame.K_RETURN)])
        elif scene.name == "negotiation":
            view = scene.view()
            if scene.session.needs_plan(scene.account):
                app.step([key(pygame.K_RETURN)])
            elif view is not None and not view.history:
                app.step([key(pygame.K_o)])
            else:
                app.step([key(pygame.K_d)])
        else:
            app.step([key(pygame.K_RETURN)])
    app.step([])
    shoot(app, "report", taken)
    app.step([key(pygame.K_c)])
    shoot(app, "report-comparison", taken)
    app.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(*(int(a) for a in sys.argv[1:])))
