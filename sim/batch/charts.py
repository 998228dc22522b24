"""One PNG per headline metric: each arm's mean with its 95% interval as an error bar.

Drawn with matplotlib's Figure API on the Agg canvas (no pyplot, no display, no global state),
so it works the same on a headless batch worker and in tests.
"""

from __future__ import annotations

import io
from pathlib import Path

from sim.batch.summary import Summary
from sim.files import atomic_write_bytes

LABELS = {
    "revenue": "revenue", "quota_attainment": "quota attainment (1 = quota)", "margin_rate": "margin rate",
    "won": "deals won", "lost": "deals lost", "no_decision": "deals ending in no decision",
    "conversion": "won / decided", "overall": "overall grade (1-5, against the team)",
}


def label(metric: str) -> str:
    who, _, name = metric.partition("_")
    return f"{'trainee seat' if who == 'seat' else 'team'}: {LABELS.get(name, name.replace('_', ' '))}"


def draw(summary: Summary, metric: str, title: str = "") -> bytes:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    lines = [summary.line(metric, arm) for arm, _ in summary.arms]
    names = [x.strategy for x in lines]
    means = [x.value.mean if x.value.mean is not None else float("nan") for x in lines]
    errors = [[0.0 if x.value.low is None else x.value.mean - x.value.low for x in lines],
              [0.0 if x.value.high is None else x.value.high - x.value.mean for x in lines]]
    figure = Figure(figsize=(max(5.0, 1.1 * len(lines) + 2), 4.2), dpi=100, layout="constrained")
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    colours = ["#555555" if x.arm == summary.baseline else "#1f77b4" for x in lines]
    axes.bar(range(len(lines)), means, color=colours, alpha=0.35)
    axes.errorbar(range(len(lines)), means, yerr=errors, fmt="o", color="black", capsize=5)
    base = summary.line(metric, summary.baseline).value.mean
    if base is not None:
        axes.axhline(base, color="#555555", linestyle="--", linewidth=1)
    axes.set_xticks(range(len(lines)), names, rotation=20 if len(lines) > 3 else 0, ha="right" if len(lines) > 3 else "center",
                    fontsize=8)
    axes.set_ylabel(label(metric))
    runs = max(x.value.n for x in lines)
    axes.set_title((f"{title}\n" if title else "") + f"mean and 95% interval per arm ({runs} runs per arm)", fontsize=9)
    axes.grid(axis="y", alpha=0.3)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


def write_charts(summary: Summary, out: str | Path, title: str = "") -> list[Path]:
    """chart-METRIC.png for every metric of the summary that has a value in some run, atomically;
    returns the paths. (A metric no run has, such as quota attainment without a quota, gets no empty chart.)"""
    paths = []
    for metric in summary.metrics:
        if not any(summary.line(metric, arm).value.n for arm, _ in summary.arms):
            continue
        path = Path(out) / f"chart-{metric}.png"
        atomic_write_bytes(path, draw(summary, metric, title))
        paths.append(path)
    return paths
