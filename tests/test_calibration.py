"""CALIBRATION.md targets measured through the engine over many seeds (slow)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
import pytest

pytestmark = pytest.mark.slow

_spec = importlib.util.spec_from_file_location(
    "calibration", Path(__file__).resolve().parents[1] / "benchmarks" / "calibration.py")
calibration = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(calibration)


def within(figures: dict[str, float]) -> list[str]:
    off = []
    for name, value in figures.items():
        _target, (low, high) = calibration.TARGETS.get(name, ("", (None, None)))
        if (low is not None and value < low) or (high is not None and value > high):
            off.append(f"{name}: {value:.3f} outside {low}–{high}")
    return off


def test_c1_c2_leads_go_cold_within_minutes_and_hours():
    assert within(calibration.lead_odds(2500, np.random.default_rng(1))) == []


def test_c4_in_person_beats_email_and_acquaintances_answer():
    assert within(calibration.first_requests(400, np.random.default_rng(2))) == []


def test_c3_forecast_deals_end_won_lost_or_undecided_in_published_shares():
    assert within(calibration.forecast_outcomes(30)) == []


def test_c6_buying_groups_and_longer_cycles_for_bigger_groups():
    figures = calibration.buying_groups(8)
    assert within(figures) == []
    assert figures["C6 cycle days, groups >= 6"] > figures["C6 cycle days, groups <= 4"]


def test_c7_a_farmer_keeps_about_ninety_percent_and_grows_back_to_a_hundred():
    assert within(calibration.retention(30)) == []
