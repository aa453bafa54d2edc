"""``gc_paused``: the collector is off while lasting objects are made, and the cycles made meanwhile are
collected when the outermost block ends (at start-up, not on the first messages after it)."""

from __future__ import annotations

import gc
import weakref

from bot.base.memory import gc_paused


class Node:
    def __init__(self) -> None:
        self.me = self  # a reference cycle: only the cyclic collector frees it


def test_off_inside_on_after_and_the_cycles_made_inside_are_collected_at_the_end() -> None:
    assert gc.isenabled()
    with gc_paused():
        assert not gc.isenabled()
        node = Node()
        dead = weakref.ref(node)
        del node
        with gc_paused():  # nested: the outer block collects and switches the collector back on
            assert not gc.isenabled()
        assert not gc.isenabled()
        assert dead() is not None  # not collected while paused
    assert gc.isenabled()
    assert dead() is None


def test_left_off_when_it_was_off() -> None:
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_on_again_after_an_error() -> None:
    try:
        with gc_paused():
            raise ValueError("x")
    except ValueError:
        pass
    assert gc.isenabled()
