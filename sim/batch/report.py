"""Read a batch folder back: its results table, its summary, its charts — from the folder alone,
so a finished (or interrupted) batch can be summarised again without the command that made it."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from sim.batch.charts import write_charts
from sim.batch.rows import headline_columns
from sim.batch.store import ResultStore, StoreError
from sim.batch.summary import Summary, summarise


def open_store(out: str | Path) -> tuple[ResultStore, dict]:
    probe = ResultStore(out)
    manifest = probe.manifest()
    if manifest is None:
        raise StoreError(f"{out} is not a batch folder (no manifest.json)")
    return ResultStore(out, manifest.get("format", "parquet")), manifest


def load_results(out: str | Path, columns: list[str] | None = None) -> pd.DataFrame:
    """The results of a batch folder, one row per run, in run order."""
    store, _ = open_store(out)
    return store.read(columns)


def summarise_folder(out: str | Path, baseline: int | None = None, metrics: list[str] | None = None,
                     charts: bool = True) -> tuple[Summary, list[Path]]:
    """Summarise the folder's results, write summary.csv / summary.json and (by default) the charts."""
    store, manifest = open_store(out)
    metrics = metrics or headline_columns(manifest["definition"]["seat"])
    frame = store.read(["replication", "arm", "strategy", "error", *metrics])
    summary = summarise(frame, metrics, baseline)
    written = summary.write(out)
    if charts and summary.arms:
        written += write_charts(summary, out, f"{manifest['definition']['scenario']['title']}")
    return summary, written
