"""Drawing helpers shared by the scenes: fonts, colours, wrapped text, buttons.

Pure drawing: nothing here changes game state.
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


def reset() -> None:
    """Forget cached fonts (they die with pygame.quit)."""
    font.cache_clear()


def text(surface: pygame.Surface, s: str, pos: tuple[int, int], size: int = 20, colour=TEXT, bold: bool = False,
         max_width: int | None = None) -> pygame.Rect:
    f = font(size, bold)
    if max_width is not None and f.size(s)[0] > max_width:
        while s and f.size(s + "…")[0] > max_width:
            s = s[:-1]
        s += "…"
    img = f.render(s, True, colour)
    return surface.blit(img, pos)


def wrap(s: str, width: int, size: int = 20) -> list[str]:
    """Lines of `s` no wider than `width` pixels; blank lines in `s` are kept as paragraph breaks."""
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
    pygame.draw.rect(surface, ACCENT, b.rect, 1, border_radius=6)
    img = font(20).render(b.label, True, TEXT)
    surface.blit(img, img.get_rect(center=b.rect.center))


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
