"""Dealcraft's model: scenarios, the SimPy world, negotiation, scores.

Headless by design: nothing here imports pygame, so batch workers need no display.
"""

__version__ = "0.1.0"
