"""Means with 95% confidence intervals, plain and paired, without SciPy.

The interval is mean ± t(0.975, n-1) · s / √n. The t quantile comes from the exact table for
up to 30 degrees of freedom and from the Cornish-Fisher expansion beyond (error below 1e-4,
i.e. well inside the rounding of any figure we print).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

Z975 = 1.959963984540054

T975 = (12.7062047, 4.3026527, 3.1824463, 2.7764451, 2.5705818, 2.4469119, 2.3646243, 2.3060041, 2.2621572,
        2.2281389, 2.2009852, 2.1788128, 2.1603687, 2.1447867, 2.1314495, 2.1199053, 2.1098155, 2.1009220,
        2.0930241, 2.0859634, 2.0796138, 2.0738731, 2.0686576, 2.0638986, 2.0595386, 2.0555294, 2.0518305,
        2.0484071, 2.0452296, 2.0422725)
"""t(0.975, df) for df = 1..30."""


def t975(df: int) -> float:
    """The 97.5% quantile of Student's t with `df` degrees of freedom (two-sided 95% intervals)."""
    if df < 1:
        raise ValueError("a t quantile needs at least one degree of freedom")
    if df <= len(T975):
        return T975[df - 1]
    z, v = Z975, float(df)
    return (z + (z**3 + z) / (4 * v) + (5 * z**5 + 16 * z**3 + 3 * z) / (96 * v**2)
            + (3 * z**7 + 19 * z**5 + 17 * z**3 - 15 * z) / (384 * v**3))


@dataclass(frozen=True)
class Estimate:
    """n values' mean, sample standard deviation and 95% interval (None bounds below two values)."""

    n: int
    mean: float | None
    std: float | None
    low: float | None
    high: float | None

    @property
    def half_width(self) -> float | None:
        return None if self.low is None or self.high is None else (self.high - self.low) / 2


def estimate(values: Iterable[float | None]) -> Estimate:
    """Mean and 95% t-interval of the values, ignoring missing ones (None, NaN)."""
    data = np.array([v for v in values if v is not None], dtype=float)
    data = data[~np.isnan(data)]
    n = int(data.size)
    if n == 0:
        return Estimate(0, None, None, None, None)
    mean = float(data.mean())
    if n == 1:
        return Estimate(1, mean, None, None, None)
    std = float(data.std(ddof=1))
    half = t975(n - 1) * std / math.sqrt(n)
    return Estimate(n, mean, std, mean - half, mean + half)


def paired(values: Iterable[float | None], baseline: Iterable[float | None]) -> Estimate:
    """The mean difference values - baseline over pairs where both are present, with its 95% interval.

    With common random numbers each pair shares its seed, so the luck common to both cancels and
    the interval is usually much narrower than the two arms' own intervals suggest."""
    diffs = []
    for a, b in zip(values, baseline, strict=True):
        if a is None or b is None or (isinstance(a, float) and math.isnan(a)) or (isinstance(b, float) and math.isnan(b)):
            continue
        diffs.append(float(a) - float(b))
    return estimate(diffs)
