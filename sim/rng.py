"""Random streams: one numpy Generator per concern, derived from the run's seed.

A stream is keyed by name (and an optional id such as an account id) rather than by
creation order, so that one rep's different choice, or one more lead, never reshuffles
the randomness of unrelated accounts. Never the global `random` or `np.random.*`.
"""

from __future__ import annotations

import zlib

import numpy as np


def _key(text: str) -> int:
    return zlib.crc32(text.encode("utf-8"))


class Streams:
    def __init__(self, seed: int | np.random.SeedSequence) -> None:
        self.root = seed if isinstance(seed, np.random.SeedSequence) else np.random.SeedSequence(int(seed))

    def get(self, concern: str, ident: str = "") -> np.random.Generator:
        """The Generator for `concern` (e.g. 'account') and `ident` (e.g. the account id)."""
        sequence = np.random.SeedSequence(
            self.root.entropy, spawn_key=(*self.root.spawn_key, _key(concern), _key(ident))
        )
        return np.random.Generator(np.random.PCG64(sequence))
