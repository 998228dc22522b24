"""Built-in strategies: policies of AI reps, configured as `name:key=value,...`.

A strategy sees only a RepView (signals, its own records), never the hidden phase,
and acts through the same Action interface as the trainee.
"""

from __future__ import annotations

from difflib import get_close_matches

import numpy as np

from sim.strategies.base import Policy, StrategyError, parse_spec
from sim.strategies.builtins import BUILTINS

__all__ = ["BUILTINS", "Policy", "StrategyError", "make_controller", "parse_spec"]


def make_controller(spec: str, rng: np.random.Generator | None) -> Policy:
    """A controller for a strategy spec such as 'phase-aware:lead_delay=0.5'."""
    name, params = parse_spec(spec)
    if name not in BUILTINS:
        close = get_close_matches(name, list(BUILTINS), n=1)
        hint = f"did you mean '{close[0]}'? " if close else ""
        raise StrategyError(f"unknown strategy '{name}'; {hint}built-ins: {', '.join(BUILTINS)}")
    return BUILTINS[name](rng, **params)
