from bot.knowledge.geo.keys import find_postcode, find_qpv_code, place_key
from bot.matching.normalize import fold


def test_place_key_folds_abbreviations_articles_and_fillers() -> None:
    assert place_key("Villeneuve-d'Ascq") == "villeneuve ascq"
    assert place_key("villeneuve d ascq") == "villeneuve ascq"
    assert place_key("j'habite à St-Denis") == "saint denis"
    assert place_key("Le Cateau") == "cateau"
    assert place_key("Boulogne s/ Mer") == place_key("Boulogne-sur-Mer")
    assert place_key("l'Épeule") == "epeule"


def test_postcode_and_qpv_code_are_found_in_text() -> None:
    assert find_postcode(fold("59 100")) == ("59100", "")
    assert find_postcode(fold("Roubaix 59100")) == ("59100", "roubaix")
    assert find_postcode(fold("59")) == (None, "59")
    assert find_qpv_code(fold("quartier QN05980M")) == "QN05980M"
    assert find_qpv_code(fold("qn 05980 m")) == "QN05980M"
