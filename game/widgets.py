"""pygame_gui widgets with a life tied to a scene: made in resume(), removed in pause().

Why wrap them: pygame_gui draws every live widget on top of the frame, so a widget left
alive under an overlay would show through it. A scene makes its widgets when it becomes
the top scene and kills them when another scene covers it; when the window is resized it
asks for them again with the new rectangle, and they are rebuilt only if that changed.

Each wrapper also works without a UIManager (the game still runs if pygame_gui cannot
start): the text field then takes typed text itself and the panel is drawn by the scene.
"""

from __future__ import annotations

import html

import pygame


class TextField:
    """A one-line text entry (pygame_gui UITextEntryLine) that keeps its text while hidden."""

    def __init__(self, hint: str = "", tooltip: str = "") -> None:
        self.hint = hint
        """Shown greyed in the empty field."""
        self.tooltip = tooltip
        self.entry = None
        self.rect: pygame.Rect | None = None
        self.value = ""
        self._focused = False

    def show(self, manager, rect: pygame.Rect) -> None:
        if manager is None:
            self.rect = pygame.Rect(rect)
            return
        if self.entry is not None and self.rect == rect:
            return
        was_focused = self.focused
        self.hide()
        from pygame_gui.elements import UITextEntryLine  # noqa: PLC0415

        self.rect = pygame.Rect(rect)
        self.entry = UITextEntryLine(self.rect, manager, initial_text=self.value or None,
                                     placeholder_text=self.hint or None)  # pygame_gui's name for it
        if self.tooltip:
            self.entry.set_tooltip(self.tooltip)
        if was_focused:
            self.focus()

    def hide(self) -> None:
        if self.entry is not None:
            self.value = self.entry.get_text()
            self._focused = self.entry.is_focused
            self.entry.kill()
            self.entry = None

    @property
    def text(self) -> str:
        return self.entry.get_text() if self.entry is not None else self.value

    def set_text(self, value: str) -> None:
        self.value = value
        if self.entry is not None:
            self.entry.set_text(value)

    @property
    def focused(self) -> bool:
        return self.entry.is_focused if self.entry is not None else self._focused

    def focus(self) -> None:
        self._focused = True
        if self.entry is not None and not self.entry.is_focused:
            self.entry.focus()
            manager = self.entry.ui_manager
            manager.set_focus_set(self.entry)

    def unfocus(self) -> None:
        self._focused = False
        if self.entry is not None and self.entry.is_focused:
            self.entry.unfocus()
            self.entry.ui_manager.set_focus_set(None)

    def handle_fallback(self, event) -> None:
        """Typing without pygame_gui: text input and Backspace edit the value."""
        if self.entry is not None or not self._focused:
            return
        if event.type == pygame.TEXTINPUT:
            self.value += event.text
        elif event.type == pygame.KEYDOWN and event.key == pygame.K_BACKSPACE:
            self.value = self.value[:-1]


class TextPanel:
    """A scrolling rich-text panel (pygame_gui UITextBox) for long text: help, the debrief."""

    def __init__(self) -> None:
        self.box = None
        self.rect: pygame.Rect | None = None
        self.content: tuple[tuple[str, str], ...] = ()

    def show(self, manager, rect: pygame.Rect, content: list[tuple[str, str]]) -> None:
        """content: (style, text) pairs; style is 'h' (heading), 'p' (paragraph), 'dim' or 'warn'."""
        content = tuple(content)
        if manager is None or rect.width < 60 or rect.height < 40:
            self.hide()
            self.rect, self.content = pygame.Rect(rect), content
            return
        if self.box is not None and self.rect == rect and self.content == content:
            return
        self.hide()
        from pygame_gui.elements import UITextBox  # noqa: PLC0415

        self.rect, self.content = pygame.Rect(rect), content
        self.box = UITextBox(to_html(content), self.rect, manager)

    def hide(self) -> None:
        if self.box is not None:
            self.box.kill()
            self.box = None

    @property
    def live(self) -> bool:
        return self.box is not None

    def scroll(self, fraction: float) -> None:
        """Scroll by a fraction of the whole text (keys: arrows and page keys)."""
        bar = getattr(self.box, "scroll_bar", None) if self.box is not None else None
        if bar is None:
            return
        bar.set_scroll_from_start_percentage(max(0.0, min(1.0 - bar.visible_percentage,
                                                          bar.start_percentage + fraction)))


STYLES = {"h": '<font color="#5aaaff" size=5><b>{}</b></font>', "p": "{}", "dim": '<font color="#969eaf">{}</font>',
          "warn": '<font color="#f0be50">{}</font>', "good": '<font color="#6ec878">{}</font>'}


def to_html(content) -> str:
    return "<br>".join(STYLES.get(style, "{}").format(html.escape(text).replace("\n", "<br>"))
                       for style, text in content)


def to_plain(content) -> str:
    return "\n".join(text for _, text in content)
