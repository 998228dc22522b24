"""`dealcraft new NAME`: write a commented starter scenario that validates."""

from __future__ import annotations

import argparse
import os
import shlex
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
    name = args.name
    if not name.strip() or name.endswith(("/", os.sep)) or Path(name).name in (".", "..", ".toml"):
        print(f"error: {name!r} does not name a file; give a name such as my-territory "
              "(or folder/my-territory)", file=sys.stderr)
        return 2
    path = Path(name if name.lower().endswith(".toml") else f"{name}.toml")
    try:
        problem = _problem(path, args.force)
    except OSError as exc:  # a name no file system accepts (too long)
        problem = f"cannot write {str(path)[:200]}: {exc.strerror or exc}"
    if problem:
        print(f"error: {problem}", file=sys.stderr)
        return 2
    title = args.title or path.stem.replace("-", " ").replace("_", " ").strip().capitalize() or "New scenario"
    try:
        atomic_write_text(path, starter_text(title, path.name))
    except OSError as exc:
        print(f"error: cannot write {path}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    print(f"wrote {path}; edit it, then run: dealcraft validate {shlex.quote(str(path))}")
    return 0


def _problem(path: Path, force: bool) -> str | None:
    if path.parent.exists() and not path.parent.is_dir():
        return f"{path.parent} is a file, not a folder"
    if path.exists() and not force:
        return f"{path} already exists; choose another name or pass --force to overwrite it"
    if not path.parent.is_dir():
        return f"folder {path.parent} does not exist"
    return None
