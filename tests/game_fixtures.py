"""The game as the game tests open it: one place for the fixture every game test file needs."""

from __future__ import annotations

from pathlib import Path

import pygame
import pytest

from game.app import App
from sim.scenario import load_scenario

ROOT = Path(__file__).resolve().parents[1]
ONBOARDING = ROOT / "scenarios" / "onboarding.toml"


def app_fixture(seed: int, scenario: Path = ONBOARDING):
    """A pytest fixture `app`: the real game on `scenario` with `seed`, at its title, closed after the test.
    Assign it at module level: `app = app_fixture(seed=1)`."""

    @pytest.fixture
    def app():
        game = App(load_scenario(scenario), seed=seed)
        pygame.event.clear()
        yield game
        game.close()

    return app
