"""Find the line of a field path in TOML text.

tomllib returns plain values without positions, yet a trainer needs "line 42" to fix
a file. This scanner follows table headers, array-of-table counters, keys, inline
tables and multi-line arrays well enough to point at the right line; when a path is
not found exactly, the nearest enclosing path is used.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

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

def _code(line: str) -> str:
    """The line with string contents blanked out and the comment removed."""
    return _strip_strings(line).split("#", 1)[0].strip()


def _closing(code: str, start: int) -> int:
    """Index of the brace that closes the one at `start` (the end of the line if none does)."""
    depth = 0
    for pos in range(start, len(code)):
        depth += {"{": 1, "}": -1}.get(code[pos], 0)
        if depth == 0:
            return pos
    return len(code)


@dataclass
class _Array:
    """Where the scanner is inside an array value, which may span several lines."""

    key: Path
    index: int = -1
    depth: int = 0
    braces: int = 0
    expecting: bool = False


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
        """Note the line of `path` and of each enclosing table not seen yet (`[a.b.c]` also defines a and a.b)."""
        for end in range(1, len(path) + 1):
            self.lines.setdefault(path[:end], line)

    def _scan(self, text: str) -> None:
        current: Path = ()
        in_multiline: str | None = None
        array: _Array | None = None
        for number, raw in enumerate(text.splitlines(), start=1):
            if in_multiline:
                if in_multiline in raw:
                    in_multiline = None
                continue
            line = raw.split("#", 1)[0] if '"' not in raw and "'" not in raw else raw
            if array is not None:
                if self._scan_array(array, _code(line), number):
                    array = None
                continue
            if m := _HEADER_AOT.match(line):
                parts = _split_key(m.group(1))
                parent = self._resolve(parts[:-1])
                key = parent + (parts[-1],)
                self._aot_counts[key] = self._aot_counts.get(key, 0) + 1
                current = key + (self._aot_counts[key] - 1,)
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
                code = _code(value)
                if code.startswith("{"):
                    for sub in _INLINE_KEY.findall(code):
                        self._record(key + tuple(_split_key(sub)), number)
                elif code.startswith("["):
                    pending = _Array(key)
                    if not self._scan_array(pending, code, number):
                        array = pending

    def _scan_array(self, array: _Array, code: str, number: int) -> bool:
        """Index the items of an array found on one of its lines; True once the array is closed."""
        for pos, char in enumerate(code):
            at_top = array.depth == 1 and array.braces == 0
            if at_top and array.expecting and char not in " \t,]":
                array.expecting = False
                array.index += 1
                item = array.key + (array.index,)
                self._record(item, number)
                if char == "{":
                    for sub in _INLINE_KEY.findall(code[pos : _closing(code, pos) + 1]):
                        self._record(item + tuple(_split_key(sub)), number)
            if char == "[" and array.braces == 0:
                array.depth += 1
                array.expecting = array.depth == 1
            elif char == "]" and array.braces == 0:
                array.depth -= 1
                if array.depth <= 0:
                    return True
            elif char == "{":
                array.braces += 1
            elif char == "}":
                array.braces = max(array.braces - 1, 0)
            elif char == "," and at_top:
                array.expecting = True
        return False

    def line_of(self, path: Path) -> int | None:
        """Line of `path`, or of its nearest enclosing path that the scanner saw."""
        probe = tuple(path)
        while probe:
            if probe in self.lines:
                return self.lines[probe]
            probe = probe[:-1]
        return None
