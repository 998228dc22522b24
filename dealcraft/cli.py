"""Entry point of the `dealcraft` command.

Sub-commands live in dealcraft/commands/, one module each. Exit codes: 0 success,
2 bad input (a bad file, a bad option), 130 interrupted. `game` is imported only by
`play`, so every other command runs without pygame or a display.
"""

from __future__ import annotations

import argparse
import sys

from dealcraft.commands import batch, calibrate, debrief, new, play, run, scenarios, schema, score, strategies, validate
from sim import __version__

COMMANDS = (play, run, batch, score, debrief, strategies, validate, new, calibrate, scenarios, schema)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dealcraft",
        description="Dealcraft: a sales-team simulation and training game.",
        epilog="Run 'dealcraft COMMAND --help' for the options of a command.",
    )
    parser.add_argument("--version", action="version", version=f"dealcraft {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", title="commands")
    for command in COMMANDS:
        command.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return 2
    try:
        return int(args.run(args) or 0)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
