"""The scene stack: the top scene gets the events; scenes below are paused.

A scene may change state in `handle_event`, `update`, `resume` and `pause`;
`draw` only reads it. Scenes ask the stack to push, pop or replace through `self.stack`.
pygame_gui widgets belong to the top scene only: made in `resume`, killed in `pause`
(see game.widgets), so an overlay is never drawn under a live widget.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pygame

    from game.session import Session


class Scene:
    """Base scene: override what you need."""

    name = "scene"
    opaque = True
    """An opaque scene hides those below it; an overlay lets the one below draw first."""

    def __init__(self, session: Session | None = None) -> None:
        self.session = session
        self.stack: SceneStack | None = None
        self.size = (1280, 720)

    @property
    def gui(self):
        """The window's pygame_gui UIManager, or None when widgets are unavailable."""
        return getattr(self.stack, "gui", None)

    def open_help(self) -> None:
        from game.scenes.help import HelpScene  # noqa: PLC0415

        self.stack.push(HelpScene(self.session, self.name))

    def resume(self) -> None:
        """Became the top scene (pushed, or the scene above was popped)."""

    def pause(self) -> None:
        """Another scene was pushed above this one."""

    def shutdown(self) -> None:
        """The window is closing: stop any work the scene started (e.g. a worker thread)."""

    def handle_event(self, event: pygame.event.Event) -> None:
        pass

    def update(self, dt: float) -> None:
        pass

    def draw(self, surface: pygame.Surface) -> None:
        pass


class SceneStack:
    def __init__(self) -> None:
        self.scenes: list[Scene] = []
        self.quit_requested = False
        self.gui = None

    @property
    def top(self) -> Scene | None:
        return self.scenes[-1] if self.scenes else None

    def push(self, scene: Scene) -> None:
        if self.top is not None:
            self.top.pause()
            scene.size = self.top.size
        scene.stack = self
        self.scenes.append(scene)
        scene.resume()

    def pop(self) -> Scene | None:
        if not self.scenes:
            return None
        scene = self.scenes.pop()
        scene.pause()
        if self.top is not None:
            self.top.resume()
        return scene

    def replace(self, scene: Scene) -> None:
        if self.scenes:
            self.scenes.pop().pause()
        self.push(scene)

    def clear_to(self, scene: Scene) -> None:
        while self.scenes:
            self.scenes.pop().pause()
        self.push(scene)

    def quit(self) -> None:
        self.quit_requested = True

    def close_all(self) -> None:
        for scene in self.scenes:
            scene.shutdown()

    def handle_event(self, event) -> None:
        if self.top is not None:
            self.top.handle_event(event)

    def update(self, dt: float, size: tuple[int, int]) -> None:
        if self.top is not None:
            self.top.size = size
            self.top.update(dt)

    def draw(self, surface) -> None:
        start = len(self.scenes) - 1
        while start > 0 and not self.scenes[start].opaque:
            start -= 1
        for scene in self.scenes[max(0, start):]:
            scene.draw(surface)
