"""Small talk and stray input: greetings, thanks, « ok », laughter, « t ki », questions, insults,
emoji, punctuation, a lone digit where no number is asked. The engine answers briefly and asks again,
without counting a miss."""

from __future__ import annotations

import re

from bot.understanding.text import Words, folded

# whole answers (as `text.folded`, i.e. without SMS rewriting: « wesh » must stay « wesh »), by topic
TOPICS: dict[str, tuple[str, ...]] = {
    "greeting": (
        "bonjour",
        "bonsoir",
        "salut",
        "slt",
        "cc",
        "coucou",
        "hello",
        "hey",
        "hi",
        "yo",
        "wesh",
        "wsh",
        "salam",
        "salem",
        "bjr",
        "bsr",
        "re",
        "bonjour a toi",
        "salut toi",
        "yo bro",
        "salut ca va",
        "bonjour ca va",
        "ca va",
        "cv",
        "sa va",
        "wesh ca va",
        "wesh frere",
        "wesh bien",
    ),
    "thanks": (
        "merci",
        "mrc",
        "mci",
        "thx",
        "thanks",
        "ty",
        "merci beaucoup",
        "merci bcp",
        "merci bien",
        "merci a toi",
        "merci frere",
        "merci infiniment",
        "trop gentil",
        "c gentil",
        "c est gentil",
    ),
    "ok": (
        "ok",
        "okay",
        "oki",
        "okk",
        "dac",
        "dacc",
        "vu",
        "compris",
        "entendu",
        "daccord",
        "d accord",
        "ca marche",
        "ca roule",
        "c note",
        "ok merci",
        "ok cool",
        "ah ok",
        "ah d accord",
        "je vois",
    ),
    "laugh": ("lol", "mdr", "ptdr", "xd", "xptdr", "mdrr", "jpp"),
    "who": (
        "t ki",
        "t qui",
        "tes qui",
        "t es qui",
        "tu es qui",
        "qui es tu",
        "t ki toi",
        "t qui toi",
        "c ki",
        "c qui",
        "c est qui",
        "t un robot",
        "t es un robot",
        "tes un robot",
        "tu es un robot",
        "t un bot",
        "t es un bot",
        "tes un bot",
        "t es une ia",
        "tes une ia",
        "t une ia",
    ),
    "insult": (
        "fdp",
        "ntm",
        "tg",
        "connard",
        "connasse",
        "con",
        "conne",
        "pute",
        "salope",
        "batard",
        "encule",
        "abruti",
        "debile",
        "merde",
        "ta gueule",
        "ta mere",
        "nique ta mere",
        "va te faire",
        "va te faire foutre",
        "nique ta race",
        "ferme la",
        "degage",
        "casse toi",
    ),
    "refusal": (
        "ca te regarde pas",
        "ca te regarde",
        "te regarde pas",
        "occupe toi de tes affaires",
        "pas tes oignons",
        "je prefere pas dire",
        "je prefere pas le dire",
        "je veux pas dire",
        "je dirai pas",
        "secret",
        "pas envie de dire",
    ),
}
LEXICON: dict[str, str] = {phrase: topic for topic, phrases in TOPICS.items() for phrase in phrases}
REFUSALS = tuple(phrase for phrase in TOPICS["refusal"] if " " in phrase)

INSULT_WORDS = frozenset(k for k, v in LEXICON.items() if v == "insult" and " " not in k) | {
    "nique",
    "niquer",
}
QUESTION_LEADS = frozenset("pourquoi comment quoi qui combien ou kesako".split())
QUESTION_PAIRS = frozenset({("c", "quoi"), ("ca", "sert"), ("t", "ki"), ("c", "ou"), ("c", "qui")})
QUESTION_TRIPLES = frozenset(
    {("c", "est", "quoi"), ("c", "est", "ou"), ("c", "est", "qui"), ("ca", "veut", "dire")}
)
# a question about the question (« c'est quoi alternance ? »): answered with the help, never read as an answer
ASKING_LEADS = (("c", "quoi"), ("c", "est", "quoi"), ("ca", "veut", "dire"), ("qu", "est", "ce"), ("kesako",))
_LAUGH = re.compile(r"^(?:(?:ha|he|hi|ah|xd|mdr|lol|ptdr)\s?){2,}$")
_DIGITS = re.compile(r"^\s*[1-9]\d{0,2}\s*$")  # « 0 » is « zéro » (« aucun diplôme »)


def small_talk(read: Words, *, numbers_expected: bool) -> tuple[str, str] | None:
    """("smalltalk" | "stray", topic) when the whole answer is small talk or stray input."""
    raw = read.raw.strip()
    if not raw:
        return ("stray", "empty")
    key = folded(raw)
    if not key:
        return ("stray", "question" if "?" in raw else "emoji")
    if _DIGITS.match(raw) and not numbers_expected:
        return ("stray", "digit")
    topic = LEXICON.get(key)
    if topic is None and _LAUGH.match(key):
        topic = "laugh"
    if topic is None:
        # « merci !! », « bonjour bonjour », « ok ok »
        parts = key.split()
        topics = {LEXICON.get(p) for p in parts}
        if len(topics) == 1 and None not in topics:
            topic = topics.pop()
    return ("smalltalk", topic) if topic else None


def aside_after_all(read: Words) -> tuple[str, str] | None:
    """Read when nothing else was understood: a question to the bot, an insult, a refusal."""
    tokens = folded(read.raw).split()
    if not tokens:
        return None
    key = " ".join(tokens)
    if LEXICON.get(key) in ("insult", "refusal"):
        return ("smalltalk", LEXICON[key])
    if any(t in INSULT_WORDS for t in tokens) or "ta mere" in key or "ta gueule" in key:
        return ("smalltalk", "insult")
    padded = f" {key} "
    if any(f" {phrase} " in padded for phrase in REFUSALS):
        return ("smalltalk", "refusal")
    for candidate in (tokens, list(read.tokens)):  # as typed (« c ou »), and with SMS words (« pk »)
        if not candidate:
            continue
        if (
            candidate[0] in QUESTION_LEADS
            or tuple(candidate[:2]) in QUESTION_PAIRS
            or tuple(candidate[:3]) in QUESTION_TRIPLES
        ):
            return ("smalltalk", "question")
    if read.raw.rstrip().endswith("?"):
        return ("smalltalk", "question")
    return None


def asks_about_the_question(read: Words) -> bool:
    """« c'est quoi l'alternance ? », « ça veut dire quoi BEP »: a question, even if it names an option."""
    tokens = tuple(folded(read.raw).split())
    return any(tokens[: len(lead)] == lead for lead in ASKING_LEADS)
