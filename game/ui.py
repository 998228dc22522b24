"""Drawing helpers shared by the scenes: fonts, colours, wrapped text, buttons.

Pure drawing: nothing here changes game state. Rendered text is cached (a frame redraws
mostly the same strings, and rendering text is the costliest part of a frame), keyed by
everything that decides its pixels.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import pygame

BG = (24, 28, 36)
PANEL = (36, 42, 54)
PANEL_HI = (54, 64, 84)
TEXT = (230, 233, 240)
DIM = (150, 158, 175)
ACCENT = (90, 170, 255)
GOOD = (110, 200, 120)
BAD = (235, 100, 90)
WARN = (240, 190, 80)
PHASE_COLOURS = [(120, 120, 140), (90, 130, 200), (80, 170, 200), (90, 190, 140), (200, 180, 80), (230, 130, 80)]


@lru_cache(maxsize=16)
def font(size: int = 20, bold: bool = False) -> pygame.font.Font:
    f = pygame.font.Font(None, size)
    f.set_bold(bold)
    return f


_RENDERED: dict[tuple, pygame.Surface] = {}
_RENDERED_MAX = 6000
_WRAPPED: dict[tuple, list[str]] = {}


def reset() -> None:
    """Forget cached fonts and rendered text (they die with pygame.quit)."""
    font.cache_clear()
    _RENDERED.clear()
    _WRAPPED.clear()


def rendered(s: str, size: int = 20, colour=TEXT, bold: bool = False, max_width: int | None = None) -> pygame.Surface:
    """The text as a surface, shortened with an ellipsis to max_width; cached."""
    cache_key = (s, size, tuple(colour), bold, max_width)
    img = _RENDERED.get(cache_key)
    if img is None:
        f = font(size, bold)
        shown = s
        if max_width is not None and f.size(shown)[0] > max_width:
            lo, hi = 0, len(shown)
            while lo < hi:  # the longest prefix that fits with the ellipsis
                mid = (lo + hi + 1) // 2
                if f.size(shown[:mid] + "…")[0] <= max_width:
                    lo = mid
                else:
                    hi = mid - 1
            shown = shown[:lo] + "…"
        img = f.render(shown, True, colour)
        if len(_RENDERED) >= _RENDERED_MAX:
            _RENDERED.clear()
        _RENDERED[cache_key] = img
    return img


def text(surface: pygame.Surface, s: str, pos: tuple[int, int], size: int = 20, colour=TEXT, bold: bool = False,
         max_width: int | None = None) -> pygame.Rect:
    return surface.blit(rendered(s, size, colour, bold, max_width), pos)


def wrap(s: str, width: int, size: int = 20) -> list[str]:
    """Lines of `s` no wider than `width` pixels; blank lines in `s` are kept as paragraph breaks."""
    cache_key = (s, width, size)
    if cache_key not in _WRAPPED:
        if len(_WRAPPED) > 2000:
            _WRAPPED.clear()
        _WRAPPED[cache_key] = _wrap(s, width, size)
    return _WRAPPED[cache_key]


def _wrap(s: str, width: int, size: int) -> list[str]:
    f = font(size)
    out: list[str] = []
    for para in s.split("\n"):
        words = para.split()
        if not words:
            out.append("")
            continue
        line = words[0]
        for w in words[1:]:
            if f.size(line + " " + w)[0] <= width:
                line += " " + w
            else:
                out.append(line)
                line = w
        out.append(line)
    return out


def paragraph(surface: pygame.Surface, s: str, rect: pygame.Rect, size: int = 20, colour=TEXT, skip: int = 0) -> int:
    """Draw wrapped text inside rect starting at line `skip`; returns the number of lines."""
    lines = wrap(s, rect.width, size)
    y = rect.y
    step = font(size).get_linesize()
    for line in lines[skip:]:
        if y + step > rect.bottom:
            break
        text(surface, line, (rect.x, y), size, colour)
        y += step
    return len(lines)


@dataclass(frozen=True)
class Button:
    rect: pygame.Rect
    label: str
    key: str
    """What the button does, as a command name the scene understands."""


def draw_button(surface: pygame.Surface, b: Button, hot: bool = False) -> None:
    pygame.draw.rect(surface, PANEL_HI if hot else PANEL, b.rect, border_radius=6)
    pygame.draw.rect(surface, ACCENT, b.rect, 2 if hot else 1, border_radius=6)
    img = rendered(b.label, 20, TEXT, max_width=max(10, b.rect.width - 10))
    surface.blit(img, img.get_rect(center=b.rect.center))


def button_row(labels: list[tuple[str, str]], x: int, y: int, right: int, height: int = 40, gap: int = 10,
               size: int = 20) -> list[Button]:
    """Buttons sized to their labels, left to right from x, wrapping upwards-free onto new rows below y."""
    out = []
    cx, cy = x, y
    for label, key in labels:
        width = font(size).size(label)[0] + 28
        if cx + width > right and cx > x:
            cx, cy = x, cy + height + 8
        out.append(Button(pygame.Rect(cx, cy, width, height), label, key))
        cx += width + gap
    return out


def hit(buttons: list[Button], pos: tuple[int, int]) -> str | None:
    for b in buttons:
        if b.rect.collidepoint(pos):
            return b.key
    return None


def money(amount: float, currency: str = "EUR") -> str:
    return f"{currency} {amount:,.0f}"


def footer(surface: pygame.Surface, s: str) -> None:
    w, h = surface.get_size()
    pygame.draw.rect(surface, PANEL, (0, h - 28, w, 28))
    text(surface, s, (12, h - 22), 18, DIM, max_width=w - 24)


def shade(surface: pygame.Surface, alpha: int = 160) -> None:
    """Darken what is below an overlay."""
    w, h = surface.get_size()
    veil = pygame.Surface((w, h), pygame.SRCALPHA)
    veil.fill((0, 0, 0, alpha))
    surface.blit(veil, (0, 0))


def scrollbar(surface: pygame.Surface, rect: pygame.Rect, first: int, visible: int, total: int) -> None:
    """A thin bar at the right of rect showing which part of a list is on screen."""
    if total <= visible or total <= 0:
        return
    bar_h = max(16, rect.height * visible // total)
    bar_y = rect.y + (rect.height - bar_h) * first // max(1, total - visible)
    pygame.draw.rect(surface, ACCENT, (rect.right - 5, bar_y, 4, bar_h), border_radius=2)
