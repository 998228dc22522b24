"""The summary of a batch: per arm and headline metric the mean with its 95% interval, and the
paired difference against a baseline arm (replication by replication, thanks to common random
numbers). Written next to the results as summary.csv and summary.json.
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass
from pathlib import Path

import pandas as pd

from sim.batch.stats import Estimate, estimate, paired
from sim.files import atomic_write_text


@dataclass(frozen=True)
class Line:
    """One arm on one metric: its estimate and, except for the baseline, the difference to it."""

    metric: str
    arm: int
    strategy: str
    value: Estimate
    difference: Estimate | None

    def as_dict(self) -> dict:
        row = {"metric": self.metric, "arm": self.arm, "strategy": self.strategy}
        row.update({k: v for k, v in asdict(self.value).items()})
        diff = asdict(self.difference) if self.difference is not None else dict.fromkeys(("n", "mean", "std", "low", "high"))
        row.update({f"diff_{k}": v for k, v in diff.items()})
        return row


@dataclass(frozen=True)
class Summary:
    metrics: list[str]
    arms: list[tuple[int, str]]
    baseline: int
    lines: list[Line]
    runs: int
    failed: int

    def line(self, metric: str, arm: int) -> Line:
        return next(x for x in self.lines if x.metric == metric and x.arm == arm)

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame([x.as_dict() for x in self.lines])

    def write(self, out: str | Path) -> list[Path]:
        """summary.csv (one line per metric and arm) and summary.json, atomically."""
        out = Path(out)
        csv_path, json_path = out / "summary.csv", out / "summary.json"
        atomic_write_text(csv_path, self.frame().to_csv(index=False))
        document = {"baseline": self.baseline, "runs": self.runs, "failed": self.failed, "metrics": self.metrics,
                    "arms": [{"arm": i, "strategy": s} for i, s in self.arms],
                    "lines": [_clean(x.as_dict()) for x in self.lines]}
        atomic_write_text(json_path, json.dumps(document, indent=2) + "\n")
        return [csv_path, json_path]


def _clean(row: dict) -> dict:
    return {k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in row.items()}


def summarise(frame: pd.DataFrame, metrics: list[str], baseline: int | None = None) -> Summary:
    """Estimates per arm of each metric over the successful runs of `frame` (one row per run).

    `baseline` is an arm index (default: the first arm present). Differences pair the runs of an
    arm with the baseline's run of the same replication; a replication missing in either is left out.
    """
    failed = int(frame["error"].notna().sum()) if "error" in frame else 0
    ok = frame[frame["error"].isna()] if "error" in frame else frame
    arms = sorted({(int(a), s) for a, s in zip(frame["arm"], frame["strategy"], strict=True)})
    if not arms:
        return Summary(list(metrics), [], baseline or 0, [], 0, failed)
    if baseline is None:
        baseline = arms[0][0]
    if baseline not in {a for a, _ in arms}:
        raise ValueError(f"no arm {baseline} in the results")
    by_arm = {a: ok[ok["arm"] == a].set_index("replication") for a, _ in arms}
    base = by_arm[baseline]
    lines = []
    for metric in metrics:
        for arm, strategy in arms:
            rows = by_arm[arm]
            value = estimate(rows[metric].tolist())
            difference = None
            if arm != baseline:
                both = rows[[metric]].join(base[[metric]].add_suffix("_base"), how="inner")
                difference = paired(both[metric].tolist(), both[f"{metric}_base"].tolist())
            lines.append(Line(metric, arm, strategy, value, difference))
    return Summary(list(metrics), arms, baseline, lines, len(frame), failed)
