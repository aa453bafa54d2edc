"""The result's buttons in the codec: details of a door, back to the summary, /resultats, share."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from bot.config import PROJECT_ROOT
from bot.dialogs import codec
from bot.engine.events import Details, Event, Results, Share, Summary
from bot.knowledge.dispositifs import load_catalogue

VERSION = "orientation@3f2a9c1e"


@given(
    event=st.one_of(
        st.builds(Details, door=st.text(min_size=1, max_size=40)),
        st.builds(Summary, page=st.integers(min_value=0, max_value=9999)),
        st.sampled_from([Results(), Share()]),
    )
)
def test_round_trip_or_too_long(event: Event) -> None:
    try:
        data = codec.encode(event, VERSION)
    except codec.CallbackDataTooLong:
        return
    assert len(data.encode("utf-8")) <= codec.MAX_BYTES
    assert codec.decode(data) == (codec.version_tag(VERSION), event)


def test_format() -> None:
    tag = codec.version_tag(VERSION)
    assert codec.encode(Details("e2c"), VERSION) == f"{tag}|det|e2c"
    assert codec.encode(Summary(3), VERSION) == f"{tag}|sum|3"
    assert codec.encode(Results(), VERSION) == f"{tag}|res"
    assert codec.encode(Share(), VERSION) == f"{tag}|shr"


def test_forged_pages_and_empty_doors_are_refused() -> None:
    tag = codec.version_tag(VERSION)
    for data in (
        f"{tag}|sum|-1",
        f"{tag}|sum|1e9",
        f"{tag}|sum|99999",
        f"{tag}|sum|",
        f"{tag}|det|",
        f"{tag}|det",
    ):
        assert codec.decode(data) is None, data


def test_every_dispositif_fits_a_details_button() -> None:
    catalogue, problems = load_catalogue(Path(PROJECT_ROOT / "knowledge" / "dispositifs.yaml"))
    assert not problems and catalogue.dispositifs
    for dispositif in catalogue.dispositifs:
        data = codec.encode(Details(dispositif.id), VERSION)
        assert codec.decode(data) == (codec.version_tag(VERSION), Details(dispositif.id))
