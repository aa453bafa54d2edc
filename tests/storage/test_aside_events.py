"""Small talk is stored as its own event kind, with its node and topic, never with the text (issue 8)."""

from __future__ import annotations

from bot.engine import facts as f
from bot.storage.sqlite import Storage
from bot.storage.sqlite.encode import encode

from .scripted import VERSION


def test_an_aside_is_its_node_and_topic_only() -> None:
    encoded = encode(f.Aside("age", "thanks"))
    assert (encoded.kind, encoded.node, encoded.value, encoded.unmatched_text) == (
        "aside",
        "age",
        "thanks",
        None,
    )


async def test_asides_are_counted_apart_from_the_texts_not_understood(storage: Storage) -> None:
    await storage.events.record(
        "k1", VERSION, [f.Aside("age", "greeting"), f.Answered("projet", "projet", None, "unmatched", "bof")]
    )
    await storage.events.flush()
    rows = await storage.db.fetchall("SELECT kind, node, value, outcome FROM events ORDER BY id")
    assert rows == [("aside", "age", "greeting", None), ("answered", "projet", None, "unmatched")]
    texts = await storage.db.fetchall("SELECT node, text FROM unmatched_texts")
    assert texts == [("projet", "bof")]
