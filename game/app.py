"""The game window: one loop that reads events once per frame and passes them down the scene stack.

`main(scenario, seed)` opens a resizable 1280×720 window. `App` can also be stepped frame by
frame (`step(events)`, `run_frames(n)`) for tests under SDL_VIDEODRIVER=dummy.
"""

from __future__ import annotations

from pathlib import Path

import pygame

from game import ui
from game.scenes.stack import SceneStack
from game.scenes.title import TitleScene

SIZE = (1280, 720)
MIN_SIZE = (800, 500)
"""Below this the layouts would overlap; a smaller window is drawn at this size and clipped."""
FPS = 30
THEME = Path(__file__).with_name("theme.json")


class WindowUnavailable(RuntimeError):
    """No window could open (no display, no video driver): the caller offers the headless demo."""


class App:
    def __init__(self, scenario=None, seed: int = 1, size: tuple[int, int] = SIZE, save_path=None) -> None:
        pygame.init()
        ui.reset()
        pygame.display.set_caption("Dealcraft")
        self.screen = pygame.display.set_mode(size, pygame.RESIZABLE)
        self.clock = pygame.time.Clock()
        self.gui = None
        try:
            import pygame_gui  # noqa: PLC0415

            self.gui = pygame_gui.UIManager(size, str(THEME) if THEME.exists() else None)
            import warnings  # noqa: PLC0415

            with warnings.catch_warnings():  # fonts the help and debrief boxes use, loaded once, quietly
                warnings.simplefilter("ignore")
                self.gui.preload_fonts([{"name": "noto_sans", "point_size": p, "style": style}
                                        for p in (14, 16, 18) for style in ("regular", "bold")])
        except Exception:  # noqa: BLE001  (widgets are a nicety; every scene also works without them)
            self.gui = None
        self.stack = SceneStack()
        self.stack.gui = self.gui
        self.stack.push(TitleScene(scenario, seed, save_path))
        self.running = True

    @property
    def scene(self):
        return self.stack.top

    def step(self, events: list | None = None, dt: float = 1 / FPS) -> bool:
        """One frame: handle `events` (default: the pygame queue), update, draw. False once quit."""
        if not self.running:
            return False
        if events is None:
            events = pygame.event.get()
        for event in events:
            if event.type == pygame.QUIT:
                self.running = False
                return False
            if event.type == pygame.VIDEORESIZE:
                self.resize(getattr(event, "size", None) or (getattr(event, "w", 0), getattr(event, "h", 0)))
            if self.gui is not None:
                self.gui.process_events(event)
            self.stack.handle_event(event)
            if self.stack.quit_requested or self.stack.top is None:
                self.running = False
                return False
        size = self.canvas_size()
        self.stack.update(dt, size)
        if self.stack.quit_requested or self.stack.top is None:
            self.running = False
            return False
        if self.gui is not None:
            self.gui.update(dt)
        canvas = self.screen if self.screen.get_size() == size else self._canvas(size)
        self.stack.draw(canvas)
        if self.gui is not None:
            self.gui.draw_ui(canvas)
        if canvas is not self.screen:
            self.screen.blit(canvas, (0, 0))
        pygame.display.flip()
        return True

    def _canvas(self, size: tuple[int, int]) -> pygame.Surface:
        """A window smaller than MIN_SIZE: draw at MIN_SIZE off screen and show its top-left part."""
        if getattr(self, "_small", None) is None or self._small.get_size() != size:
            self._small = pygame.Surface(size)
        return self._small

    def resize(self, size) -> None:
        """The window changed size: take the new surface; every scene lays itself out from it next frame."""
        try:
            w, h = (int(size[0]), int(size[1]))
        except (TypeError, ValueError, IndexError):
            return
        surface = pygame.display.get_surface()
        if surface is None or surface.get_size() != (w, h):
            surface = pygame.display.set_mode((max(1, w), max(1, h)), pygame.RESIZABLE)
        self.screen = surface
        if self.gui is not None:
            self.gui.set_window_resolution(self.canvas_size())

    def canvas_size(self) -> tuple[int, int]:
        w, h = self.screen.get_size()
        return max(MIN_SIZE[0], w), max(MIN_SIZE[1], h)

    def run_frames(self, n: int) -> bool:
        for _ in range(n):
            if not self.step():
                return False
        return True

    def run(self) -> int:
        while self.step():
            self.clock.tick(FPS)
        return 0

    def close(self) -> None:
        self.stack.close_all()
        ui.reset()
        pygame.display.quit()
        pygame.quit()


def default_save_path() -> Path:
    """$DEALCRAFT_SAVE_DIR, else the XDG data folder: where the autosave lives."""
    import os  # noqa: PLC0415

    folder = os.environ.get("DEALCRAFT_SAVE_DIR") or os.path.join(
        os.environ.get("XDG_DATA_HOME") or os.path.expanduser("~/.local/share"), "dealcraft")
    Path(folder).mkdir(parents=True, exist_ok=True)
    return Path(folder) / "autosave.json"


def main(scenario=None, seed: int = 1) -> int:
    try:
        app = App(scenario, seed, save_path=default_save_path())
    except pygame.error as exc:
        raise WindowUnavailable(f"the game window cannot open here ({exc})") from exc
    try:
        return app.run()
    finally:
        app.close()
