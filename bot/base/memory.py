"""Building many lasting objects at once (the place index, the corpus) without the cyclic garbage collector
scanning them again and again while they are made."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """The cyclic garbage collector off inside the block; at its end one full collection, then the collector
    on again (if it was on: an inner block leaves both to the outer one).

    Objects are still freed by reference counting; only cycles wait for the end of the block. Making the
    place index's few hundred thousand objects triggers dozens of collections, each walking everything
    made so far: about a third of the load time. The one collection at the end (tens of milliseconds) is
    paid here, at start-up: left to the collector, it would fall on the first messages after it. Nested or
    concurrent blocks are harmless: the collector may come back on while another block runs, which only
    makes that one slower."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.collect()
            gc.enable()
