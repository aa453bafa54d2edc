"""How a place is named back to a young person in a confirmation (never a QPV code)."""

from bot.knowledge.types import Place


def test_label_names_commune_postcode_and_quartier() -> None:
    place = Place("59512", "Roubaix", "59", 50.69, 3.18, "59100", "QN05980M", "Alma-Gare")
    assert place.label() == "Roubaix (59100), quartier Alma-Gare"


def test_label_does_not_say_quartier_twice() -> None:
    place = Place("59512", "Roubaix", "59", 50.69, 3.18, "59100", "QN05980M", "Quartier du Stade")
    assert place.label() == "Roubaix (59100), quartier Stade"


def test_label_without_a_quartier_name_is_the_commune() -> None:
    place = Place("59512", "Somain", "59", 50.69, 3.18, "59490", "QN05999M", "Quartier Prioritaire De Somain")
    assert place.label() == "Somain (59490)"


def test_label_without_postcode_shows_the_departement() -> None:
    assert Place("97411", "Saint-Denis", "974", -20.9, 55.4).label() == "Saint-Denis (974)"
