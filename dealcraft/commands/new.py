"""`dealcraft new NAME`: write a commented starter scenario that validates."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sim.files import atomic_write_text
from sim.scenario.starter import starter_text


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "new",
        help="write a commented starter scenario",
        description="Write NAME.toml, a commented starter scenario that validates, to edit into your own.",
    )
    parser.add_argument("name", metavar="NAME", help="file to create; '.toml' is added when missing")
    parser.add_argument("--title", help="scenario title (default: made from NAME)")
    parser.add_argument("--force", action="store_true", help="overwrite an existing file")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    path = Path(args.name if args.name.endswith(".toml") else f"{args.name}.toml")
    if path.exists() and not args.force:
        print(f"error: {path} already exists; choose another name or pass --force to overwrite it", file=sys.stderr)
        return 2
    if not path.parent.is_dir():
        print(f"error: folder {path.parent} does not exist", file=sys.stderr)
        return 2
    title = args.title or path.stem.replace("-", " ").replace("_", " ").strip().capitalize() or "New scenario"
    try:
        atomic_write_text(path, starter_text(title, path.name))
    except OSError as exc:
        print(f"error: cannot write {path}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    print(f"wrote {path}; edit it, then run: dealcraft validate {path}")
    return 0
