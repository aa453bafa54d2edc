"""How a place is named back to a young person in a confirmation."""

from bot.knowledge.types import Place


def test_label_names_commune_postcode_and_quartier() -> None:
    place = Place("59512", "Roubaix", "59", 50.69, 3.18, "59100", "QN05980M", "Alma-Gare")
    assert place.label() == "Roubaix (59100), quartier Alma-Gare (QN05980M)"


def test_label_does_not_say_quartier_twice() -> None:
    place = Place(
        "59512", "Roubaix", "59", 50.69, 3.18, "59100", "QN05980M", "Quartier Intercommunal Roubaix"
    )
    assert place.label() == "Roubaix (59100), Quartier Intercommunal Roubaix (QN05980M)"


def test_label_without_postcode_shows_the_departement() -> None:
    assert Place("97411", "Saint-Denis", "974", -20.9, 55.4).label() == "Saint-Denis (974)"


def test_distance_has_no_false_precision_when_the_pin_is_the_commune_centre() -> None:
    from bot.engine.replies import PlaceInfo

    assert PlaceInfo("ML", distance_km=0.05).distance_text() == "à moins de 100 m"
    assert PlaceInfo("ML", distance_km=3.25).distance_text() == "à 3,2 km"
    assert (
        PlaceInfo("ML", distance_km=0.05, approximate_position=True).distance_text()
        == "dans ta commune ou tout près"
    )
    assert PlaceInfo("ML", distance_km=12.4, approximate_position=True).distance_text() == "à environ 12 km"
    assert PlaceInfo("ML").distance_text() is None
