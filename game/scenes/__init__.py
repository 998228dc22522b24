"""The game's scenes, one module each, and the stack that runs them."""
