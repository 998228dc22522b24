"""Dealcraft's pygame-ce front end. It draws what `sim` reports and holds no model logic.

Importing this package does not import pygame; scenes import it where they draw.

app (the window and frame loop) · scenes/ (one scene per module, on a stack) · ui (drawing
helpers, cached text) · widgets (pygame_gui widgets tied to a scene's life) · session (one
trainee's game over sim's World and Recorder) · saves (the checksummed autosave file) ·
quarter (the end-of-quarter numbers, and the same-seed comparison on a worker thread) ·
guide (the guided first week) · drive (scripted input for screenshots, benchmark and tests) ·
screenshots (docs/screenshots from the real game).
"""
