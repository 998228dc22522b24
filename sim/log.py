"""The structured event log: every action, signal, phase change, lead, news item and outcome.

Records are flat dicts with sim time `t` (working hours), `kind`, `rep` and `account`.
Records marked `hidden` carry what no rep may see (the true phase); the debrief uses them.
Serialised with sorted keys and rounded times so the same run gives byte-identical output.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any


class EventLog:
    def __init__(self) -> None:
        self.records: list[dict[str, Any]] = []

    def add(self, t: float, kind: str, rep: str | None = None, account: str | None = None, **data: Any) -> dict:
        t = float(t)
        if not (t * 4).is_integer():  # quarter hours are exact already; round() is slow
            t = round(t, 4)
        record = {"t": t, "kind": kind, "rep": rep, "account": account, **data}
        self.records.append(record)
        return record

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return iter(self.records)

    def __len__(self) -> int:
        return len(self.records)

    def of_kind(self, *kinds: str) -> list[dict[str, Any]]:
        return [r for r in self.records if r["kind"] in kinds]

    def between(self, t0: float, t1: float) -> Iterable[dict[str, Any]]:
        return (r for r in self.records if t0 <= r["t"] < t1)

    def to_jsonl(self) -> str:
        return "".join(json.dumps(r, sort_keys=True, separators=(",", ":"), default=_plain) + "\n" for r in self.records)


def _plain(value: Any) -> Any:
    if hasattr(value, "item"):
        return value.item()
    raise TypeError(f"not serialisable in the event log: {value!r}")


def read_jsonl(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]
