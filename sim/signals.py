"""Observable signals drawn from an account's hidden phase.

Prospects are "fickle and liars": with the phase's `signal_noise` chance a signal is drawn
from a neighbouring phase instead. Reps classify phases from signals; that is scored.
"""

from __future__ import annotations

import numpy as np

SIGNALS: dict[int, tuple[str, ...]] = {
    1: ("Polite, but sees no project on the horizon.",
        "\"Things work fine as they are.\"",
        "Happy to chat about the market, nothing more."),
    2: ("Mentions a pain point that keeps coming back.",
        "Admits the current set-up will not last another year.",
        "Asks how others in the sector deal with the problem."),
    3: ("Asks for documentation and references.",
        "Says they are talking to a few vendors.",
        "Wants to understand how your offer differs from others."),
    4: ("Asks for a meeting with their technical team.",
        "Requests a quote or a site visit.",
        "Shares their selection criteria and timeline."),
    5: ("Mentions that a budget line has been approved.",
        "A feasibility study is under way internally.",
        "Asks about contract terms and start dates."),
}


def draw_signal(phase: int, noise: float, rng: np.random.Generator) -> tuple[int, str]:
    """(phase the signal suggests, its text); the suggested phase may be wrong."""
    suggests = phase
    if rng.random() < noise:
        neighbours = [p for p in (phase - 1, phase + 1) if 1 <= p <= 5]
        suggests = neighbours[int(rng.integers(len(neighbours)))]
    texts = SIGNALS[suggests]
    return suggests, texts[int(rng.integers(len(texts)))]
