"""The autosave file: a checksummed, versioned envelope written so that a kill never breaks it.

Why this shape:

* The payload is hashed in a canonical form (sorted keys, no spaces), so a file cut short,
  a flipped byte or a hand edit is detected before anything is rebuilt from it.
* Each write goes to a temporary file that is flushed and fsynced, then renamed over the
  save; the save it replaces is first renamed to ``<name>.prev<suffix>``, but only when it
  is itself valid, so a good previous save is never overwritten by a damaged one.
* A kill between the two renames leaves no latest save and a valid previous one; a kill
  before them leaves both untouched. `read_save` therefore always finds a whole save
  (the latest, or else the previous) or says clearly why it cannot.

No pygame and no model here: the session decides what goes into the payload.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from sim.files import atomic_write_bytes

SAVE_FORMAT = "dealcraft-save"
SAVE_VERSION = 2
MAX_BYTES = 64 * 1024 * 1024


class SaveError(ValueError):
    """A save that cannot be used; the message says why, for the trainee."""


def previous_path(path: str | os.PathLike) -> Path:
    """autosave.json -> autosave.prev.json: where the save before the latest one is kept."""
    p = Path(path)
    return p.with_name(f"{p.stem}.prev{p.suffix}")


def canonical(payload: dict) -> bytes:
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      allow_nan=False).encode("utf-8")


def encode(payload: dict) -> bytes:
    digest = hashlib.sha256(canonical(payload)).hexdigest()
    envelope = {"format": SAVE_FORMAT, "version": SAVE_VERSION, "sha256": digest, "payload": payload}
    return json.dumps(envelope, ensure_ascii=False, allow_nan=False).encode("utf-8") + b"\n"


def decode(raw: bytes) -> dict:
    """The payload of a save file's bytes; SaveError with one plain sentence if it is not a whole save."""
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise SaveError("The saved game is damaged: it is not text.") from None
    except (json.JSONDecodeError, RecursionError, ValueError):
        raise SaveError("The saved game is damaged: it is cut short or garbled.") from None
    if not isinstance(data, dict) or data.get("format") != SAVE_FORMAT:
        raise SaveError("This file is not a Dealcraft saved game.")
    if data.get("version") != SAVE_VERSION:
        raise SaveError(f"This game was saved by another version of Dealcraft (save version {data.get('version')!r}, "
                        f"this one reads {SAVE_VERSION}); it cannot be resumed.")
    payload = data.get("payload")
    if not isinstance(payload, dict) or not isinstance(data.get("sha256"), str):
        raise SaveError("The saved game is damaged: its content or checksum is missing.")
    try:
        digest = hashlib.sha256(canonical(payload)).hexdigest()
    except ValueError:
        raise SaveError("The saved game is damaged: it holds values no save can hold.") from None
    if digest != data["sha256"]:
        raise SaveError("The saved game is damaged: its checksum does not match its content.")
    return payload


def read_one(path: str | os.PathLike) -> dict:
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise SaveError("There is no saved game yet.") from None
    except OSError as exc:
        raise SaveError(f"The saved game cannot be read ({exc.strerror or exc}).") from None
    if len(raw) > MAX_BYTES:
        raise SaveError("The saved game is damaged: it is far too big.")
    return decode(raw)


def _valid(path: Path) -> bool:
    try:
        read_one(path)
    except SaveError:
        return False
    return True


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return  # not possible on every platform; the renames are atomic regardless
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_save(path: str | os.PathLike, payload: dict) -> None:
    """Write `payload` as the latest save; the valid save it replaces becomes the previous one."""
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    data = encode(payload)
    for stale in folder.glob(f".{target.name}.*.tmp"):  # left by a write that was killed
        try:
            stale.unlink()
        except OSError:
            pass

    def keep_previous() -> None:
        if target.exists() and _valid(target):
            os.replace(target, previous_path(target))

    atomic_write_bytes(target, data, before_replace=keep_previous)
    _fsync_dir(folder)


def exists(path: str | os.PathLike) -> bool:
    return Path(path).exists() or previous_path(path).exists()


def candidates(path: str | os.PathLike) -> list[tuple[str, Path]]:
    """The files to try in order: the latest save, then the previous one."""
    return [("latest", Path(path)), ("previous", previous_path(path))]


def fallback_note(problem: SaveError | None) -> str:
    """One sentence: why the latest save was not used, and that the previous one was."""
    if problem is None or "no saved game" in str(problem):
        return "The latest autosave was interrupted; resumed from the save before it."
    return f"{problem} Resumed from the save before it instead."


def read_save(path: str | os.PathLike) -> tuple[dict, str]:
    """The latest valid payload and a note for the trainee ('' when the latest save was used).

    Falls back to the previous save when the latest is missing, cut short, corrupted or from
    another version; raises SaveError with the latest save's problem when neither is usable.
    """
    first: SaveError | None = None
    for which, candidate in candidates(path):
        try:
            payload = read_one(candidate)
        except SaveError as exc:
            first = first or exc
            continue
        if which == "latest":
            return payload, ""
        return payload, fallback_note(first)
    raise first or SaveError("There is no saved game yet.")
