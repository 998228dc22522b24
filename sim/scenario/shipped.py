"""Where the scenarios shipped with Dealcraft live, and how a name finds one.

A source checkout (or editable install) reads the repository's scenarios/ folder;
a wheel carries them inside the package as `sim/scenario/shipped_scenarios`.
`DEALCRAFT_SCENARIOS` points elsewhere, e.g. at a trainer's own collection.
"""

from __future__ import annotations

import os
from pathlib import Path


def scenarios_dir() -> Path:
    override = os.environ.get("DEALCRAFT_SCENARIOS")
    if override:
        return Path(override)
    here = Path(__file__).resolve().parent
    for candidate in (here / "shipped_scenarios", here.parents[1] / "scenarios"):
        if candidate.is_dir():
            return candidate
    return here.parents[1] / "scenarios"


def shipped_files() -> list[Path]:
    folder = scenarios_dir()
    return sorted(folder.glob("*.toml")) if folder.is_dir() else []


def resolve(name: str) -> Path:
    """A path as given when it exists, else a shipped scenario by file stem ('colocation')."""
    path = Path(name)
    try:
        if path.exists() or path.suffix == ".toml" or os.sep in name:
            return path
        candidate = scenarios_dir() / f"{name}.toml"
        return candidate if candidate.exists() else path
    except (OSError, ValueError):  # a name no file system accepts: the loader says why
        return path
