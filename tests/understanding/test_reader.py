"""The reader's pieces, through its public functions: numbers, durations, negation, yes/no, small talk,
word-level scoring. Questions are plain data here, as the engine will build them from a dialog."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.understanding import (
    ASIDE,
    CONFIRM,
    FREE,
    PLACE,
    RESULT_SCREEN,
    TAKE,
    UNKNOWN,
    ChoiceSpec,
    QuestionReader,
    QuestionSpec,
    read_confirmation,
)

TODAY = dt.date(2026, 11, 29)

AGE = QuestionReader(
    QuestionSpec(
        "age",
        (
            ChoiceSpec("moins_16", ("Moins de 16 ans",), ("collège",), (10, 15)),
            ChoiceSpec("16_17", ("16 ou 17 ans",), (), (16, 17)),
            ChoiceSpec("18_25", ("18 à 25 ans",), (), (18, 25)),
            ChoiceSpec("26_29", ("26 à 29 ans",), (), (26, 29)),
            ChoiceSpec("plus_30", ("30 ans ou plus",), ("trentaine",), (30, 99)),
        ),
    )
)
LEFT = ("arrêté", "viré")
SCHOOL = QuestionReader(
    QuestionSpec(
        "scolarite",
        (
            ChoiceSpec("en_cours", ("Oui, je suis encore en cours",), ("lycée", "fac", "en formation")),
            ChoiceSpec("arret_recent", ("J'ai arrêté il y a moins d'un an",), LEFT, None, (0, 12)),
            ChoiceSpec("arret", ("J'ai arrêté il y a plus d'un an",), LEFT, None, (12, 600)),
        ),
    )
)
DIPLOMA = QuestionReader(
    QuestionSpec(
        "diplome",
        (
            ChoiceSpec("aucun", ("Aucun diplôme",), ("rien", "pas de diplôme")),
            ChoiceSpec("brevet", ("Le brevet",), ("dnb",)),
            ChoiceSpec("cap_bep", ("CAP ou BEP",), ("titre pro",)),
            ChoiceSpec("bac", ("Le bac",), ("bac pro",)),
            ChoiceSpec("superieur", ("Plus que le bac",), ("bts", "licence")),
        ),
        levels=True,
    )
)
PROJECT = QuestionReader(
    QuestionSpec(
        "projet",
        (
            ChoiceSpec("metier", ("Apprendre un métier",), ("formation", "coiffure")),
            ChoiceSpec("apprentissage", ("Apprentissage / alternance",), ("trouver un patron", "cfa")),
            ChoiceSpec("entreprise", ("Créer mon entreprise",), ("ouvrir", "lancer", "ma boîte")),
            ChoiceSpec("emploi", ("Trouver un travail",), ("job", "bosser")),
        ),
    )
)
PLACE_QUESTION = QuestionReader(QuestionSpec("lieu", kind=PLACE))


def taken(reader: QuestionReader, text: str) -> str | None:
    answer = reader.read(text, TODAY)
    return answer.choice if answer.outcome == TAKE else None


@pytest.mark.parametrize(
    ("text", "band"),
    [
        ("19", "18_25"),
        ("dix-neuf", "18_25"),
        ("dixneuf ans", "18_25"),
        ("vingtdeux", "18_25"),
        ("vint deux", "18_25"),
        ("trente-cinq ans", "plus_30"),
        ("seize", "16_17"),
        ("bientôt 18", "16_17"),
        ("j'vais avoir 16 ans", "moins_16"),
        ("pas encore 16", "moins_16"),
        ("moins de 16", "moins_16"),
        ("plus de 30", "plus_30"),
        ("18 ans bientot 19", "18_25"),
        ("j'ai 1 9 ans", "18_25"),
    ],
)
def test_ages_in_digits_and_words(text: str, band: str) -> None:
    answer = AGE.read(text, TODAY)
    assert (answer.outcome, answer.how, answer.choice) == (TAKE, "number", band)


def test_a_birth_year_is_an_age_at_the_given_day_and_is_confirmed() -> None:
    answer = AGE.read("je suis né en 2005", TODAY)
    assert answer.outcome == CONFIRM and answer.how == "birth_year"
    assert answer.candidates == ("18_25",) and answer.value == 21
    straddling = AGE.read("née en 2010", TODAY)  # 15 or 16 on 2026-11-29: 16 is more likely
    assert straddling.candidates == ("16_17", "moins_16")
    assert AGE.read("né le 12/03/2007", TODAY).value == 19
    assert AGE.read("né le 12/12/2007", TODAY).value == 18
    assert AGE.read("né en 2005", dt.date(2030, 11, 29)).value == 25  # the day is injected, not read


def test_a_range_over_several_bands_is_never_taken() -> None:
    answer = AGE.read("moins de 18", TODAY)
    assert answer.outcome == CONFIRM and answer.candidates[0] == "16_17"
    assert AGE.read("majeur", TODAY).outcome == CONFIRM
    assert AGE.read("la vingtaine", TODAY).outcome != TAKE
    assert AGE.read("150", TODAY).outcome == UNKNOWN


@pytest.mark.parametrize(
    ("text", "choice"),
    [
        ("j'ai décroché il y a 3 semaines", "arret_recent"),
        ("viré du lycée en mars", "arret_recent"),  # March 2026: 8 months
        ("depuis la rentrée", "arret_recent"),
        ("ya 2 ans", "arret"),
        ("arrêté en 2023", "arret"),
        ("depuis septembre", "arret_recent"),
        ("2 mois", "arret_recent"),
        ("plus d'un an", "arret"),
        ("ça fait des années", "arret"),
    ],
)
def test_durations_choose_through_durees(text: str, choice: str) -> None:
    answer = SCHOOL.read(text, TODAY)
    assert (answer.outcome, answer.how, answer.choice) == (TAKE, "duration", choice)


def test_durations_depend_on_the_day_and_borderline_ones_are_asked() -> None:
    assert SCHOOL.read("depuis septembre", dt.date(2027, 6, 15)).choice == "arret_recent"  # 9 months
    assert SCHOOL.read("en 2026", dt.date(2027, 6, 15)).outcome == CONFIRM  # 5 to 17 months
    assert SCHOOL.read("l'an dernier", TODAY).outcome == CONFIRM
    assert SCHOOL.read("j'ai arrêté à 16 ans", TODAY).outcome == CONFIRM  # an age, not a time since


def test_leaving_school_without_a_time_asks_which_and_school_words_do_not_win() -> None:
    answer = SCHOOL.read("viré du lycée", TODAY)
    assert answer.outcome == CONFIRM and set(answer.candidates) == {"arret_recent", "arret"}
    assert taken(SCHOOL, "je suis au lycée") == "en_cours"
    assert taken(SCHOOL, "oui mais je veux arrêter") == "en_cours"  # a wish is not a fact


def test_bare_yes_no_at_a_question_that_is_not_yes_no() -> None:
    assert taken(SCHOOL, "ouais") == "en_cours"  # the label itself starts with « Oui »
    no = SCHOOL.read("non", TODAY)
    assert no.outcome == CONFIRM and no.candidates == ("arret_recent", "arret")
    assert AGE.read("oui", TODAY).outcome == UNKNOWN
    assert DIPLOMA.read("non", TODAY).candidates == ("aucun",)
    assert taken(QuestionReader(RESULT_SCREEN), "oui") == "utile"


@pytest.mark.parametrize(
    ("text", "outcome", "expected"),
    [
        ("j'ai pas eu mon brevet", TAKE, "aucun"),  # the only level below
        ("brevet raté", TAKE, "aucun"),
        ("bac pro raté", CONFIRM, ("cap_bep", "brevet", "aucun")),
        ("bac en cours", CONFIRM, ("cap_bep", "brevet", "aucun")),
        ("je prépare un cap", CONFIRM, ("brevet", "aucun")),
        ("cap commencé mais pas fini", CONFIRM, ("brevet", "aucun")),
        ("j'ai loupé le bac mais j'ai un cap", TAKE, "cap_bep"),
        ("brevet, mais pas le bac", TAKE, "brevet"),
        ("pas de diplôme", TAKE, "aucun"),
    ],
)
def test_a_diploma_named_with_a_negation_is_never_obtained(
    text: str, outcome: str, expected: str | tuple[str, ...]
) -> None:
    answer = DIPLOMA.read(text, TODAY)
    assert answer.outcome == outcome
    assert (answer.choice if outcome == TAKE else answer.candidates) == expected


def test_failed_level_offers_the_levels_below_nearest_first() -> None:
    answer = DIPLOMA.read("j'ai pas eu le bac", TODAY)
    assert answer.candidates == ("cap_bep", "brevet", "aucun")


def test_the_sentence_wins_over_a_single_keyword() -> None:
    assert PROJECT.read("ouvrir mon salon de coiffure", TODAY).first == "entreprise"
    assert taken(PROJECT, "trouver un patron pour mon cap") == "apprentissage"
    assert taken(PROJECT, "je veux bosser") == "emploi"
    both = PROJECT.read("formation ou job", TODAY)
    assert both.outcome == CONFIRM and set(both.candidates) == {"metier", "emploi"}
    assert PROJECT.read("je veux pas bosser", TODAY).outcome != TAKE
    assert taken(PROJECT, "alternace") == "apprentissage"  # a misspelt word still counts


def test_whole_string_fuzzy_is_a_fallback_that_confirms() -> None:
    answer = PROJECT.read("entreprize", TODAY)
    assert answer.how in ("words", "fuzzy") and answer.first == "entreprise"
    assert PROJECT.read("banane", TODAY).outcome == UNKNOWN


@pytest.mark.parametrize(
    "text", ["oui", "ouais", "ouaip", "ui", "bien sûr", "carrément", "c ça", "exact", "grave", "vas-y", "👍"]
)
def test_loose_yes(text: str) -> None:
    answer = read_confirmation(text)
    assert (answer.outcome, answer.choice, answer.rest) == (TAKE, "yes", "")


@pytest.mark.parametrize("text", ["non", "nan", "nan nan", "pas du tout", "c pas ça", "non merci", "👎"])
def test_loose_no(text: str) -> None:
    answer = read_confirmation(text)
    assert (answer.outcome, answer.choice, answer.rest) == (TAKE, "no", "")


def test_no_with_a_new_answer_keeps_the_rest_for_reading_again() -> None:
    assert read_confirmation("non j'habite à Tourcoing").rest == "j'habite à Tourcoing"
    assert read_confirmation("non, c'est Wattrelos").rest == "Wattrelos"
    assert read_confirmation("nan chui à Sevran").rest == "chui à Sevran"
    assert read_confirmation("oui et non").outcome == UNKNOWN
    assert read_confirmation("merci").outcome == ASIDE


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("bonjour", "greeting"),
        ("wesh", "greeting"),
        ("merci !!", "thanks"),
        ("ok", "ok"),
        ("?", "question"),
        ("😂", "emoji"),
        ("t ki", "who"),
        ("ta gueule", "insult"),
        ("pourquoi tu veux savoir", "question"),
        ("2", "digit"),
    ],
)
def test_small_talk_and_stray_input_are_asides(text: str, topic: str) -> None:
    for reader in (PROJECT, DIPLOMA, PLACE_QUESTION):
        answer = reader.read(text, TODAY)
        assert (answer.outcome, answer.topic) == (ASIDE, topic), reader.spec.id


def test_a_digit_is_an_age_where_ages_are_asked() -> None:
    assert AGE.read("2", TODAY).outcome == UNKNOWN  # out of every band, not small talk
    assert taken(AGE, "17") == "16_17"


def test_a_place_answer_is_handed_over_unless_it_is_not_a_place() -> None:
    place = PLACE_QUESTION.read("j'habite à l'Alma", TODAY)
    assert (place.outcome, place.rest) == (FREE, "j'habite à l'Alma")
    assert PLACE_QUESTION.read("59100", TODAY).outcome == FREE
    assert PLACE_QUESTION.read("oui", TODAY).outcome == UNKNOWN
    assert PLACE_QUESTION.read("jsp", TODAY).outcome == UNKNOWN


def test_the_reader_is_pure() -> None:
    """No Telegram, database or settings behind the reader: it runs wherever the engine runs."""
    import subprocess
    import sys

    code = (
        "import sys, bot.understanding; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('telegram', 'aiosqlite') "
        "or m in ('bot.config', 'bot.tg', 'bot.storage.sqlite', 'bot.dialogs.engine')))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
