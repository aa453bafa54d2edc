"""What a result card says about a place."""

from __future__ import annotations

from bot.engine.replies import PlaceInfo


def test_distance_has_no_false_precision_when_the_pin_is_the_commune_centre() -> None:
    assert PlaceInfo("ML", distance_km=0.05).distance_text() == "à moins de 100 m"
    assert PlaceInfo("ML", distance_km=3.25).distance_text() == "à 3,2 km"
    assert (
        PlaceInfo("ML", distance_km=0.05, approximate_position=True).distance_text()
        == "dans ta commune ou tout près"
    )
    assert PlaceInfo("ML", distance_km=12.4, approximate_position=True).distance_text() == "à environ 12 km"
    assert PlaceInfo("ML").distance_text() is None
