"""`dealcraft play [SCENARIO]`: the game window, or a headless demo quarter without a display."""

from __future__ import annotations

import argparse
import os
import sys

from dealcraft.output import load_or_report

DEFAULT_SCENARIO = "onboarding"


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "play",
        help="play a quarter (a headless demo when there is no display)",
        description="Play a quarter as one rep in a team. Without a display (no DISPLAY or WAYLAND_DISPLAY), "
        "say so and run a headless demo quarter that prints the scores.",
    )
    parser.add_argument("scenario", nargs="?", default=DEFAULT_SCENARIO, metavar="SCENARIO",
                        help=f"scenario file or shipped scenario name (default: {DEFAULT_SCENARIO}; see 'dealcraft scenarios')")
    parser.add_argument("--seed", type=int, default=1, help="seed of the quarter (default: 1)")
    parser.add_argument("--demo", action="store_true", help="run the headless demo even when a display is available")
    parser.set_defaults(run=run)


def has_display() -> bool:
    if os.environ.get("SDL_VIDEODRIVER") in ("dummy", "offscreen"):
        return False
    if sys.platform.startswith(("win", "darwin")):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def run(args: argparse.Namespace) -> int:
    if args.seed < 0:
        print("error: --seed must be zero or positive", file=sys.stderr)
        return 2
    path, scenario = load_or_report(args.scenario)
    if scenario is None:
        return 2
    from dealcraft import demo

    if args.demo or not has_display():
        if not args.demo:
            print("No display found (DISPLAY is not set), so the game window cannot open.")
            print("Running a headless demo quarter instead: the built-in team plays it and the scores are printed.\n")
        return demo.run(scenario, seed=args.seed)
    return demo.window_or_demo(scenario, seed=args.seed)
