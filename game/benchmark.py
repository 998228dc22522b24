"""Frame time and week-advance time of the real game, headless (a measurement, not a test).

    python -m game.benchmark [SEED]

Prints the mean and worst time to draw a frame of the week scene, and to advance one week,
on the onboarding scenario; plus the ratio of a week's advance to a frame, which is what
tells whether the game keeps up with a 30 fps loop while the world runs.
"""

from __future__ import annotations

import os
import statistics
import sys
import time

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pygame  # noqa: E402

from game.app import App  # noqa: E402
from game.screenshots import key  # noqa: E402
from sim.scenario import load_scenario  # noqa: E402
from sim.scenario.shipped import scenarios_dir  # noqa: E402


def main(seed: int = 1) -> int:
    app = App(load_scenario(scenarios_dir() / "onboarding.toml"), seed)
    for k in (pygame.K_RETURN, pygame.K_RETURN, pygame.K_RETURN, pygame.K_SPACE):
        app.step([key(k)])
    frames, weeks = [], []
    while app.scene.name != "report":
        scene = app.scene
        if scene.name == "week" and not scene.advancing:
            for _ in range(10):
                t0 = time.perf_counter()
                app.step([])
                frames.append(time.perf_counter() - t0)
            app.step([key(pygame.K_RETURN), key(pygame.K_DOWN), key(pygame.K_RETURN)])
            t0 = time.perf_counter()
            app.step([key(pygame.K_e)])
            while app.scene.name == "week" and app.scene.advancing:
                app.step([])
            weeks.append(time.perf_counter() - t0)
        else:
            app.step([key(pygame.K_RETURN), key(pygame.K_d)])
    app.close()
    ms = 1000
    print(f"frame (week scene): mean {statistics.mean(frames) * ms:.2f} ms, worst {max(frames) * ms:.2f} ms "
          f"over {len(frames)} frames")
    print(f"week advance (incl. frames): mean {statistics.mean(weeks) * ms:.1f} ms, worst {max(weeks) * ms:.1f} ms "
          f"over {len(weeks)} weeks")
    print(f"ratio week advance / frame: {statistics.mean(weeks) / statistics.mean(frames):.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(*(int(a) for a in sys.argv[1:])))
