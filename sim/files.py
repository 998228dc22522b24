"""Atomic file writes: a crash or a kill mid-write never leaves a half-written file.

The data goes to a temporary file in the same folder, is flushed to disk, then
renamed over the target in one step (os.replace is atomic on POSIX and Windows).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path


def atomic_write_bytes(path: str | os.PathLike, data: bytes,
                       before_replace: Callable[[], None] | None = None) -> None:
    """Write `data` to `path` atomically. `before_replace` runs once the new data is safely on
    disk and just before it takes the target's place (the game moves the old save aside there)."""
    target = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent or ".")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if before_replace is not None:
            before_replace()
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def atomic_write_text(path: str | os.PathLike, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))
