"""Dealcraft's pygame-ce front end. It draws what `sim` reports and holds no model logic.

Importing this package does not import pygame; scenes import it where they draw.
"""
