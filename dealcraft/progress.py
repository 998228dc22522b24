"""A progress bar with an ETA on a terminal, nothing at all when stderr is not one (CI logs, pipes)."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn


@contextmanager
def progress_bar(description: str) -> Iterator[Callable[[int, int], None]]:
    """Yields update(done, total); the bar is drawn on stderr only when stderr is a terminal."""
    if not sys.stderr.isatty():
        yield lambda done, total: None
        return
    bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TextColumn("runs"),
                   TimeElapsedColumn(), TextColumn("eta"), TimeRemainingColumn(),
                   console=Console(stderr=True), transient=True)
    task = bar.add_task(description, total=None)
    started = False

    def update(done: int, total: int) -> None:
        nonlocal started
        if not started:  # runs already in the folder (a resumed batch) must not count towards the speed
            bar.reset(task, total=total, completed=done)
            started = True
        else:
            bar.update(task, completed=done, total=total)

    with bar:
        yield update
