"""Loose yes / no, read before anything else at a confirmation: « ouaip », « ui », « c ça », « bien sûr »,
« grave », « vas-y » / « nan nan », « pas du tout », « c pas ça ». « non, <rest> » keeps the rest."""

from __future__ import annotations

import re

from bot.understanding.text import Words, words

YES_EMOJI = frozenset("👍 👌 ✅ ✔ ✔️ 🆗 👍🏻 👍🏼 👍🏽 👍🏾 👍🏿 🙆".split())
NO_EMOJI = frozenset("👎 ❌ 🚫 ✖ ✖️ 🙅 👎🏻 👎🏼 👎🏽 👎🏾 👎🏿".split())

# phrases as `text.words` tokens; a yes answer is made only of these (« oui oui c'est ça »)
YES_PHRASES = (
    "oui",
    "yes",
    "yep",
    "yeah",
    "ok",
    "d accord",
    "exact",
    "exactement",
    "grave",
    "carrement",
    "bien sur",
    "evidemment",
    "voila",
    "tout a fait",
    "absolument",
    "vas y",
    "vasy",
    "vazy",
    "c est ca",
    "c ca",
    "c est bien ca",
    "c bien ca",
    "c est bon",
    "c bon",
    "ca",
    "c est exact",
    "parfait",
    "nickel",
    "volontiers",
    "affirmatif",
    "merci",
)
NO_PHRASES = (
    "non",
    "no",
    "nope",
    "pas du tout",
    "absolument pas",
    "pas vraiment",
    "pas ca",
    "c pas ca",
    "c est pas ca",
    "ce n est pas ca",
    "c est pas bon",
    "c pas bon",
    "pas bon",
    "merci",
    "du tout",
)
# « vas-y », « ok », « d'accord »: yes to a confirmation, but no answer to a question
GO_AHEAD = frozenset(
    {("vas", "y"), ("vasy",), ("vazy",), ("ok",), ("d", "accord"), ("c", "bon"), ("c", "est", "bon")}
)
# after « non »: a lead-in that says nothing more (« non c'est … »)
_REST_LEADS = ("c est", "plutot", "mais", "en fait", "j ai dit")


def _tokens(phrases: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
    return tuple(sorted((tuple(p.split()) for p in phrases), key=len, reverse=True))


_YES = _tokens(YES_PHRASES)
_NO = _tokens(NO_PHRASES)
_STARTERS = frozenset(p[0] for p in (*_YES, *_NO))


def _consume(tokens: tuple[str, ...], phrases: tuple[tuple[str, ...], ...]) -> int:
    """How many leading tokens are made of the given phrases."""
    used = 0
    while used < len(tokens):
        for phrase in phrases:
            if tokens[used : used + len(phrase)] == phrase:
                used += len(phrase)
                break
        else:
            break
    return used


def _raw_rest(raw: str, skip: int) -> str:
    """The raw text after the words that make its first `skip` tokens (accents kept, for the resolver)."""
    consumed = 0
    for span in re.finditer(r"\S+", raw):
        if consumed >= skip:
            return raw[span.start() :].strip(" ,;.!-")
        consumed += len(words(span.group()).tokens)
    return ""


def go_ahead(read: Words) -> bool:
    return read.tokens in GO_AHEAD


def yes_no(read: Words) -> tuple[str, str] | None:
    """("yes" | "no", rest) or None when the text is not a yes/no. Rest is "" for a plain yes/no."""
    stripped = read.raw.strip()
    if stripped in YES_EMOJI:
        return ("yes", "")
    if stripped in NO_EMOJI:
        return ("no", "")
    tokens = read.tokens
    if not tokens or tokens[0] not in _STARTERS or (len(tokens) == 1 and tokens[0] == "merci"):
        return None
    if tokens[0] in ("non", "no", "nope") or tokens[:2] in (("pas", "ca"), ("c", "pas")):
        used = _consume(tokens, _NO)
        if used == 0:
            return None
        if any(t in ("oui",) for t in tokens[used:]):
            return None  # « non et oui »
        rest_tokens = tokens[used:]
        for lead in _REST_LEADS:
            lead_tokens = tuple(lead.split())
            if rest_tokens[: len(lead_tokens)] == lead_tokens:
                used += len(lead_tokens)
                rest_tokens = rest_tokens[len(lead_tokens) :]
        return ("no", _raw_rest(read.raw, used) if rest_tokens else "")
    if _consume(tokens, _NO) == len(tokens) and tokens != ("merci",):
        return ("no", "")
    if _consume(tokens, _YES) == len(tokens) and "non" not in tokens:
        return ("yes", "")
    return None
