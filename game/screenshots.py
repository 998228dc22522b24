"""Screenshots of every scene from the real game, for docs/screenshots/.

Run under a virtual X screen:  xvfb-run -a python -m game.screenshots
(or with SDL_VIDEODRIVER=dummy). Plays the onboarding scenario with scripted keys (game.drive),
exactly as the tests do, and saves a PNG whenever a scene worth showing first appears.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pygame

from game.app import App
from game.drive import click, key, play_week_by_keys, typed
from sim.scenario import load_scenario
from sim.scenario.shipped import scenarios_dir

OUT = Path(__file__).resolve().parents[1] / "docs" / "screenshots"


def shoot(app: App, name: str, taken: set[str]) -> None:
    app.step([])
    path = OUT / f"{name}.png"
    pygame.image.save(app.screen, str(path))
    taken.add(name)
    print(path)


def main(seed: int = 1) -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    scenario = load_scenario(scenarios_dir() / "onboarding.toml")
    app = App(scenario, seed)
    taken: set[str] = set()
    shoot(app, "title", taken)
    app.step([key(pygame.K_RETURN)])
    shoot(app, "scenario-choice", taken)
    with tempfile.TemporaryDirectory() as folder:  # a broken scenario file, to show the loader's messages
        bad = Path(folder) / "my-territory.toml"
        bad.write_text('schema = 1\n[meta]\ntitle = "My territory"\ndifficulty = "hardest"\n\n[team.manager]\n'
                       'name = "An"\nhours_per_week = "twenty"\n', encoding="utf-8")
        choose = app.scene
        app.step(click(choose.file_rect().move(0, 4).topleft))
        app.step(typed(str(bad)))
        app.step([key(pygame.K_RETURN)])
        shoot(app, "scenario-file-error", taken)
    app.step([key(pygame.K_ESCAPE)])
    app.step([key(pygame.K_RETURN)])
    shoot(app, "briefing", taken)
    app.step([key(pygame.K_RETURN)])
    shoot(app, "guided-first-week", taken)
    # the guided steps, done as a trainee would
    app.step([key(pygame.K_DOWN), key(pygame.K_RETURN)])
    shoot(app, "guided-step", taken)
    app.step([key(pygame.K_g)])
    app.step([key(pygame.K_DOWN), key(pygame.K_RETURN), key(pygame.K_2), key(pygame.K_f), key(pygame.K_UP)])
    shoot(app, "week", taken)
    app.step([key(pygame.K_h)])
    shoot(app, "help", taken)
    app.step([key(pygame.K_ESCAPE)])
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
            if shots[scene.name] == "negotiation-prepare":  # show an edited plan: open higher, walk away later
                app.step([key(pygame.K_TAB), key(pygame.K_RIGHT), key(pygame.K_PLUS)])
            shoot(app, shots[scene.name], taken)
        if scene.name == "week":
            if "week-later" not in taken and scene.session.week >= 6 and not scene.advancing:
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
    report = app.scene
    shoot(app, "report", taken)
    app.step([key(pygame.K_2)])
    shoot(app, "report-phases", taken)
    app.step([key(pygame.K_3)])
    shoot(app, "report-debrief", taken)
    app.step([key(pygame.K_4)])
    shoot(app, "report-comparison-running", taken)
    report.comparison.wait(120)
    shoot(app, "report-comparison", taken)
    app.step([key(pygame.K_n)])
    shoot(app, "next-quarter", taken)
    app.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(*(int(a) for a in sys.argv[1:])))
