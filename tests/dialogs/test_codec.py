"""The callback_data codec: round trip, 64-byte limit, stale versions, garbage never crashes."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.dialogs import codec
from bot.engine.events import (
    Back,
    Choose,
    ChooseLanguage,
    Event,
    Feedback,
    FollowUp,
    FollowUpAnswer,
    Help,
    Location,
    Modify,
    More,
    Pick,
    Restart,
    Resume,
    Start,
    Text,
)

VERSION = "orientation@3f2a9c1e"
ids = st.text(min_size=1, max_size=20)
short = st.text(max_size=30)

events: st.SearchStrategy[Event] = st.one_of(
    st.builds(Choose, node=ids, choice=ids),
    st.builds(Pick, node=ids, index=st.integers(min_value=0, max_value=999)),
    st.builds(Modify, node=st.none() | ids),
    st.builds(Feedback, useful=st.booleans()),
    st.sampled_from([Back(), Restart(), Help(), More(), Resume()]),
    st.builds(ChooseLanguage, lang=st.sampled_from(["", "fr", "en"]) | short),
    st.builds(FollowUp, wanted=st.booleans()),
    st.builds(FollowUpAnswer, answer=ids),
)


@given(event=events, version=st.text(max_size=40))
def test_round_trip_or_too_long(event: Event, version: str) -> None:
    try:
        data = codec.encode(event, version)
    except codec.CallbackDataTooLong as exc:
        assert exc.size > codec.MAX_BYTES
        return
    assert len(data.encode("utf-8")) <= codec.MAX_BYTES
    decoded = codec.decode(data)
    assert decoded == (codec.version_tag(version), event)
    assert codec.is_current(decoded[0], version)


@pytest.mark.parametrize("event", [Location(50.69, 3.18), Text("salut"), Start("qpv_QN05980M")])
def test_what_a_person_does_is_never_a_button(event: Event) -> None:
    with pytest.raises(codec.NotAButtonEvent):
        codec.encode(event, VERSION)


@pytest.mark.parametrize(
    "kind_and_fields",
    ["l|50.69|3.18", "l|1e308|0", "l|nan|1", "l|inf|-inf", "l|1e400|2", "t|salut", "s|qpv_QN05980M"],
)
def test_forged_person_events_are_refused(kind_and_fields: str) -> None:
    """Telegram does not check callback data: a forged press carrying a position, a text or a start."""
    assert codec.decode(f"{codec.version_tag(VERSION)}|{kind_and_fields}") is None


@given(data=st.text(max_size=80))
def test_decode_never_raises(data: str) -> None:
    codec.decode(data)
    codec.decode_action(data)


def test_format_is_compact_and_readable() -> None:
    tag = codec.version_tag(VERSION)
    assert len(tag) == 4
    assert codec.encode(Choose("age", "18_25"), VERSION) == f"{tag}|c|age|18_25"
    assert codec.encode(Back(), VERSION) == f"{tag}|b"
    assert codec.encode(Feedback(useful=False), VERSION) == f"{tag}|f|0"
    assert codec.encode(Choose("a|b", "50%"), VERSION) == f"{tag}|c|a%7Cb|50%25"


def test_overflow_is_a_value_error_naming_the_size() -> None:
    with pytest.raises(ValueError, match="octets"):
        codec.encode(Choose("n" * 40, "choix_" * 5), VERSION)
    with pytest.raises(codec.CallbackDataTooLong):
        codec.encode(Choose("é" * 30, "x"), VERSION)  # 60 bytes in UTF-8 although 30 characters


def test_other_version_is_not_current() -> None:
    data = codec.encode(Choose("age", "18_25"), "orientation@old")
    decoded = codec.decode(data)
    assert decoded is not None
    assert not codec.is_current(decoded[0], VERSION)


@pytest.mark.parametrize(
    "data",
    [
        "",
        "x",
        "abcd",
        "abcd|",
        "abcd|q",
        "abcd|c|only",
        "abcd|p|n|x",
        "abcd|f|2",
        "abcd|b|x",
        "abcd|l|nan|1",
        "abcd|l|a|b",
        "abcd|p|n|²",
        "oubli:oui",
        "!oubli:oui",
        "a" * 65,
    ],
)
def test_garbage_decodes_to_none(data: str) -> None:
    assert codec.decode(data) is None


def test_edge_actions_are_separate_from_events() -> None:
    data = codec.encode_action("oubli:oui")
    assert data == "!oubli:oui"
    assert codec.decode_action(data) == "oubli:oui"
    assert codec.decode(data) is None
    assert codec.decode_action(codec.encode(Back(), VERSION)) is None
    with pytest.raises(codec.CallbackDataTooLong):
        codec.encode_action("x" * 64)


def test_language_and_follow_up_buttons_are_timeless() -> None:
    """A week later the dialog may have changed: these buttons still mean the same."""
    old = codec.encode(FollowUpAnswer("pas_encore"), "orientation@old")
    assert old == f"{codec.version_tag('orientation@old')}|a|pas_encore"
    decoded = codec.decode(old)
    assert decoded is not None and not codec.is_current(decoded[0], VERSION)
    assert codec.is_timeless(decoded[1])
    assert codec.is_timeless(ChooseLanguage("en")) and codec.is_timeless(FollowUp(True))
    assert not codec.is_timeless(Choose("age", "18_25"))
