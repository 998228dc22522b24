"""Find the line of a field path in TOML text.

tomllib returns plain values without positions, yet a trainer needs "line 42" to fix
a file. This scanner follows table headers, array-of-table counters, keys, inline
tables and multi-line arrays well enough to point at the right line; when a path is
not found exactly, the nearest enclosing path is used.
"""

from __future__ import annotations

import re

PathPart = str | int
Path = tuple[PathPart, ...]

_BARE = r"[A-Za-z0-9_-]+"
_QUOTED = r'"(?:[^"\\]|\\.)*"|\'[^\']*\''
_KEY = rf"(?:{_BARE}|{_QUOTED})(?:\s*\.\s*(?:{_BARE}|{_QUOTED}))*"
_HEADER_AOT = re.compile(rf"^\s*\[\[\s*({_KEY})\s*\]\]")
_HEADER = re.compile(rf"^\s*\[\s*({_KEY})\s*\]")
_ASSIGN = re.compile(rf"^\s*({_KEY})\s*=\s*(.*)$")
_INLINE_KEY = re.compile(rf"(?:^|[{{,])\s*({_KEY})\s*=")
_PART = re.compile(rf"{_BARE}|{_QUOTED}")


def _split_key(key: str) -> list[str]:
    return [p[1:-1] if p[0] in "\"'" else p for p in _PART.findall(key)]


def _strip_strings(text: str) -> str:
    """Blank out string contents so brackets and '=' inside them are not read as syntax."""
    return re.sub(_QUOTED, '""', text)


class LineIndex:
    """Maps field paths such as ('team', 'reps', 2, 'motivation') to 1-based line numbers."""

    def __init__(self, text: str) -> None:
        self.lines: dict[Path, int] = {}
        self._aot_counts: dict[Path, int] = {}
        self._scan(text)

    def _resolve(self, parts: list[str]) -> Path:
        """Turn a dotted header into a path, inserting the current index of each array of tables."""
        path: list[PathPart] = []
        for part in parts:
            path.append(part)
            count = self._aot_counts.get(tuple(path))
            if count is not None:
                path.append(count - 1)
        return tuple(path)

    def _record(self, path: Path, line: int) -> None:
        self.lines.setdefault(path, line)

    def _scan(self, text: str) -> None:
        current: Path = ()
        in_multiline: str | None = None
        array_key: Path | None = None
        array_index = -1
        depth = 0
        for number, raw in enumerate(text.splitlines(), start=1):
            if in_multiline:
                if in_multiline in raw:
                    in_multiline = None
                continue
            line = raw.split("#", 1)[0] if '"' not in raw and "'" not in raw else raw
            if array_key is not None:
                stripped = _strip_strings(line)
                if stripped.lstrip().startswith("{"):
                    array_index += 1
                    self._record(array_key + (array_index,), number)
                    for key in _INLINE_KEY.findall(stripped):
                        self._record(array_key + (array_index, *_split_key(key)), number)
                depth += stripped.count("[") - stripped.count("]")
                if depth <= 0:
                    array_key = None
                continue
            if m := _HEADER_AOT.match(line):
                parts = _split_key(m.group(1))
                parent = self._resolve(parts[:-1])
                key = parent + (parts[-1],)
                self._aot_counts[key] = self._aot_counts.get(key, 0) + 1
                current = key + (self._aot_counts[key] - 1,)
                self._record(key, number)
                self._record(current, number)
                continue
            if m := _HEADER.match(line):
                current = self._resolve(_split_key(m.group(1)))
                self._record(current, number)
                continue
            if m := _ASSIGN.match(line):
                key = current + tuple(_split_key(m.group(1)))
                self._record(key, number)
                value = m.group(2)
                for quote in ('"""', "'''"):
                    if value.startswith(quote) and value.count(quote) == 1:
                        in_multiline = quote
                stripped = _strip_strings(value)
                if stripped.startswith("{"):
                    for sub in _INLINE_KEY.findall(stripped):
                        self._record(key + tuple(_split_key(sub)), number)
                elif stripped.startswith("["):
                    self._scan_inline_array(key, stripped, number)
                    opened = stripped.count("[") - stripped.count("]")
                    if opened > 0:
                        array_key, array_index, depth = key, stripped.count("{") - 1, opened

    def _scan_inline_array(self, key: Path, value: str, number: int) -> None:
        """Index the inline tables of an array that starts on this line: `[{a=1}, {a=2}]`."""
        index = -1
        for chunk in value[1:].split("{")[1:]:
            index += 1
            self._record(key + (index,), number)
            for sub in _INLINE_KEY.findall("{" + chunk):
                self._record(key + (index, *_split_key(sub)), number)

    def line_of(self, path: Path) -> int | None:
        """Line of `path`, or of its nearest enclosing path that the scanner saw."""
        probe = tuple(path)
        while probe:
            if probe in self.lines:
                return self.lines[probe]
            probe = probe[:-1]
        return None
