"""Cap Quartiers: an orientation bot for young residents of France's priority neighbourhoods (QPV)."""

__version__ = "0.1.0"
