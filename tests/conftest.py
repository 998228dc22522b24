"""Shared fixtures: a valid scenario text and a helper writing files to tmp_path.

No test opens a window or plays sound: SDL drivers are set to dummy before anything
can import pygame.
"""

from __future__ import annotations

import os

os.environ["SDL_VIDEODRIVER"] = "dummy"
os.environ["SDL_AUDIODRIVER"] = "dummy"
os.environ["DEALCRAFT_CHECK"] = "1"  # accounting invariants checked every simulated week (sim/invariants.py)

from collections.abc import Callable  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from sim.scenario.starter import starter_text  # noqa: E402

VALID_TEXT = starter_text("Test quarter", "test.toml")
"""A valid scenario (the `dealcraft new` starter), shared with module-level hypothesis tests."""


@pytest.fixture
def valid_text() -> str:
    return VALID_TEXT


@pytest.fixture
def write(tmp_path: Path) -> Callable[..., Path]:
    """write(content, name="scenario.toml") -> path; str is written as UTF-8, bytes as is."""

    def _write(content: str | bytes, name: str = "scenario.toml") -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_bytes(content.encode("utf-8"))
        return path

    return _write


def line_of(text: str, needle: str, start: int = 1) -> int:
    """1-based number of the first line at or after `start` containing `needle` (test helper)."""
    for number, line in enumerate(text.splitlines(), start=1):
        if number >= start and needle in line:
            return number
    raise AssertionError(f"{needle!r} not found in the text")
