"""What a young person types at « Tu habites où ? », taken apart before any name is looked up.

``read_query`` folds the text, drops the lead-ins and the politeness around the place (« j'habite à »,
« jhabite a », « chui vers », « à côté de », « chez moi c'est », « du coup », « merci », « stp »…), splits
glued digits ("59100roubaix", "paris19e"), then finds, in this order: a QPV code, a Paris / Lyon /
Marseille arrondissement (« paris 19 », « 19eme arrondissement paris », « marseille 15e », « lyon 8 »),
a postcode (« 59100 », « 59 100 ») and département numbers (« saint denis 93 »). What remains is the key
the names are matched on (see ``keys.name_tokens``).

Answer words (« oui », « bien sûr », « jsp », « merci », « 2 », « ? »…) are recognised here so that they
never reach the fuzzy matcher: « bien sûr » is one letter away from Gien."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.knowledge.geo.keys import find_postcode, find_qpv_code, name_tokens
from bot.matching.normalize import fold

ARRONDISSEMENTS: dict[str, int] = {"paris": 20, "marseille": 16, "lyon": 9}

# A lead-in verb anywhere in a sentence: the place is what follows it
# (« salut moi c'est Inès, j'habite à Roubaix » -> « Roubaix »).
_MARKER = re.compile(
    r"\b(?:j ?habite?s?|jhabit\w*|jabite?s?|habites?|habbite|je (?:vis|vie|reside|loge|reste|suis|sui)"
    r"|jvis|j vis|jsuis|jsui|chui|chuis|chuiz|jreste|je dors|jdors|je dort|je squatte|jsquatte|heberge"
    r"|hebergee|je viens de|jviens de|viens de|originaire de"
    r"|ma ville c est|ma ville cest|mon quartier c est|mon quartier cest|ma cite c est|chez moi c est"
    r"|chez moi cest|chez moi)\b"
)
# Words that may open the answer and never name a place (repeated: « bah du coup vers »).
_LEAD = re.compile(
    r"^(?:(?:bah|ben|beh|bon|euh|heu|alors|donc|en fait|enfait|du coup|ducoup|dcp|perso|moi|bein"
    r"|oui|ouais|ouai|ui|non|nan|nn|ok|okay|wesh|wsh|yo|salut|slt|bonjour|bjr|bonsoir|hello|coucou|cc"
    r"|a|au|aux|a l|a la|en|sur|dans|dans le|dans la|dans les|vers|pres|pres de|pres du|tout pres de"
    r"|a cote|a cote de|a cote du|a cote des|acote de|cote de|pas loin|pas loin de|pas loin du"
    r"|juste|vers chez|dans le coin de|dans le secteur de|le secteur de|secteur|quartier|le quartier"
    r"|le quartier de|du quartier|dans le quartier|dans le quartier de|la cite|cite|la ville de|ville de"
    r"|la commune de|commune de|ma ville|mon quartier|ma cite|c est|cest|c|est|de|d|du)\s+)+"
)
# Words that may close the answer and never name a place.
_TAIL = re.compile(
    r"(?:\s+(?:merci|mci|mrc|merci beaucoup|merci bcp|thx|stp|svp|stv|steuplait|sil te plait"
    r"|s il te plait|sil vous plait|s il vous plait|please|pls|plz|voila|frere|frr|wesh|wsh|mdr|lol"
    r"|ptdr|jcrois|je crois|je pense|jpense|normalement|quoi|tu vois|bref|du coup|ducoup|ok|la|ici"
    r"|c est tout|cest tout|bien sur|enfin|ouais|oui))+$"
)
# « chez ma mère », « chez un pote », « avec mes parents »: who, not where
_WITH_SOMEONE = re.compile(
    r"\b(?:chez|avec) (?:ma|mon|mes|un|une|des|la|le|les) (?:mere|pere|parents|daronne|daron|darons|tante"
    r"|oncle|grand mere|grand pere|grands parents|soeur|frere|cousin|cousine|pote|potes|copain|copine"
    r"|famille|mari|femme|reuf|reus|meuf|mec|amie?s?|gens)\b"
)
_ROMAN = {
    "i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9, "x": 10, "xi": 11,
    "xii": 12, "xiii": 13, "xiv": 14, "xv": 15, "xvi": 16, "xvii": 17, "xviii": 18, "xix": 19, "xx": 20,
}  # fmt: skip
_CITY_ROMAN = re.compile(r"\b(paris|marseille|lyon) (x{0,2}(?:ix|iv|v?i{0,3}))(?: e| eme)?\b")
# number words in quartier names typed in letters: « grigny deux », « les trois ponts »
NUMBER_WORDS = {
    "un": "1", "deux": "2", "trois": "3", "quatre": "4", "cinq": "5", "six": "6", "sept": "7", "huit": "8",
    "neuf": "9", "dix": "10", "onze": "11", "douze": "12", "treize": "13", "quatorze": "14", "quinze": "15",
    "seize": "16", "vingt": "20", "trente": "30", "cent": "100", "mille": "1000", "trois mille": "3000",
}  # fmt: skip
_GLUED = (re.compile(r"(\d)([a-z])"), re.compile(r"([a-z])(\d)"))
_ORDINAL = r"(?:e|eme|ieme|em|me|er|ere|iem|ieme|emme)"
_ARR_WORD = r"(?:arr|arrt|arrdt|ardt|arrondissement|arrondisement|arondissement|arondisement)"
_CITY = r"(paris|marseille|marseil|marseile|lyon)"
_CITY_NUMBER = re.compile(rf"\b{_CITY} (\d{{1,2}})(?: {_ORDINAL})?(?: {_ARR_WORD})?\b")
_NUMBER_CITY = re.compile(rf"\b(\d{{1,2}}) (?:{_ORDINAL} )?(?:{_ARR_WORD} )?(?:de |d |a |sur )?{_CITY}\b")
_AGE = re.compile(r"\b\d{1,2} (?:ans?|ams|an s)\b")  # « j'ai 17 ans » answers another question
_NUMBERED_QUARTIER = re.compile(r"\b(?:cite|cites|quartier|residence|bloc|batiment|tour)\b")
_NUMBER_ONLY = re.compile(rf"\b(\d{{1,2}})(?: {_ORDINAL})? {_ARR_WORD}\b")

# Whole answers that are never places (after folding and the lead-ins): yes/no, small talk, doubt,
# and the words of the other questions. Checked against every commune name by the tests.
ANSWER_WORDS: frozenset[str] = frozenset(
    """
    oui ouais ouai ouaip ouep ui wi yes yep yup ok okay oki okk dac dacc d accord daccord bien sur biensur
    carrement grave exact exactement voila c ca c est ca cest ca vrai trop bien parfait nickel super cool top
    non nan nn nope no pas du tout jamais aucun aucune rien personne nulle part nul part pas non merci
    merci mrc mci thx stp svp bonjour bjr salut slt coucou cc hello yo wesh wsh bonsoir bye ciao
    jsp je sais pas jsais pas jsais chais pas chai pas sais pas j sais pas aucune idee ch sais pas
    je ne sais pas sait pas chepa chaipas chepas jsp frr jsp mdr lol ptdr xd hein quoi comment pourquoi
    qui quand ou ou ca ca va cv et toi bof bien mal moyen peut etre ptet ptetre mouais
    eu bu vu su pu fait sais pas nul part partout aide help stop start test retour menu annuler
    recommencer passer skip suivant sa va sava cv
    rue dehors bled foyer hotel maison appart appartement famille parents daron daronne mere pere
    gars viens fille baby habit die vire bidon
    un une deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze quinze seize vingt trente
    algerie maroc tunisie senegal mali comores turquie espagne portugal italie belgique angleterre suisse
    france partout ici la bas chez moi maison la ville campagne quartier cite ma cite mon quartier
    bac brevet cap bep bts dut licence master diplome lycee college fac ecole formation stage alternance
    apprentissage travail taf job boulot emploi chomage interim mission locale
    """.split()
) | frozenset(
    {
        "d accord", "bien sur", "c est ca", "cest ca", "c ca", "pas du tout", "non merci", "nulle part",
        "nul part", "je sais pas", "jsais pas", "chais pas", "chai pas", "sais pas", "j sais pas",
        "aucune idee", "je ne sais pas", "ch sais pas", "ca va", "et toi", "peut etre", "la bas",
        "chez moi", "la ville", "ma cite", "mon quartier", "mission locale", "oui merci", "ok merci",
        "merci beaucoup", "pas encore", "je suis perdu", "je comprends pas", "jcomprends pas", "sa va",
        "la rue", "dans la rue", "a la rue", "au bled", "dix sept", "dix huit", "dix neuf", "vingt et un",
        "vingt deux", "vingt trois", "vingt quatre", "vingt cinq",
    }
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class PlaceQuery:
    text: str  # folded, lead-ins and politeness removed, digits split from letters
    qpv_code: str | None = None
    postcode: str | None = None
    city: str | None = None  # "paris" | "marseille" | "lyon" when an arrondissement is named
    arrondissement: int | None = None  # its number; with city None: « 19e arrondissement » alone
    departements: tuple[str, ...] = ()  # numbers that may be départements (filtered by the resolver)
    tokens: tuple[str, ...] = ()  # significant words left for name matching
    numbered: tuple[str, ...] = ()  # the same with the département numbers (« quartier du 3/15 »)

    @property
    def answer_word(self) -> bool:
        """« rue 80 », « eu 76 »: a commune whose name is also an answer word, with its département."""
        return self.key in ANSWER_WORDS

    @property
    def key(self) -> str:
        return " ".join(self.tokens)


def strip_lead_ins(folded: str) -> str:
    """« j habite a roubaix merci » -> « roubaix »; text with nothing around the place is unchanged."""
    folded = " ".join(_WITH_SOMEONE.sub(" ", folded).split())
    marker = _MARKER.search(folded)
    if marker is not None and marker.end() < len(folded):
        folded = folded[marker.end() :].strip()
    text = _LEAD.sub("", folded + " ").strip()
    text = _TAIL.sub("", " " + text).strip()
    return text


def _city(word: str) -> str:
    return "marseille" if word.startswith("marseil") else word


def _arrondissement(text: str) -> tuple[str | None, int | None, str]:
    roman = _CITY_ROMAN.search(text)
    if roman is not None and roman.group(2) in _ROMAN:  # « paris XIX »
        text = f"{text[: roman.start()]} {roman.group(1)} {_ROMAN[roman.group(2)]} {text[roman.end() :]}"
    for pattern in (_CITY_NUMBER, _NUMBER_CITY):
        match = pattern.search(text)
        if match is None:
            continue
        groups = match.groups()
        city, number = (
            (_city(groups[0]), int(groups[1]))
            if pattern is _CITY_NUMBER
            else (
                _city(groups[1]),
                int(groups[0]),
            )
        )
        if 1 <= number <= ARRONDISSEMENTS[city]:
            return city, number, (text[: match.start()] + " " + text[match.end() :]).strip()
    match = _NUMBER_ONLY.search(text)
    if match is not None and 1 <= int(match.group(1)) <= max(ARRONDISSEMENTS.values()):
        return None, int(match.group(1)), (text[: match.start()] + " " + text[match.end() :]).strip()
    return None, None, text


def read_query(raw: str) -> PlaceQuery | None:
    """The parts of a typed place, or None when the text is an answer word, a bare number or nothing."""
    folded = fold(raw or "")
    if not folded:
        return None
    qpv_code = find_qpv_code(folded)
    if qpv_code is not None:
        return PlaceQuery(folded, qpv_code=qpv_code)
    for glued in _GLUED:
        folded = glued.sub(r"\1 \2", folded)
    text = strip_lead_ins(folded)
    if not text or text in ANSWER_WORDS or _AGE.search(text):
        return None
    postcode, rest = find_postcode(text)
    city, number, rest = _arrondissement(rest) if postcode is None else (None, None, rest)
    if city is not None:
        rest = f"{city} {rest}".strip()  # the city still names the commune for a quartier after it
    tokens = name_tokens(rest)
    departements = tuple(t for t in tokens if t.isdigit() and len(t) in (2, 3))
    words = tuple(t for t in tokens if t not in departements)
    key = " ".join(words)
    # « 2 » is a button number or an age, « cité 2 » a quartier of Lens
    numbered = key.replace(" ", "").isdigit() and _NUMBERED_QUARTIER.search(folded) is not None
    nothing = not words or (key in ANSWER_WORDS and not departements) or (key.isdigit() and not numbered)
    if postcode is None and number is None and nothing:
        return None
    return PlaceQuery(text, None, postcode, city, number, departements, words, tuple(tokens))
