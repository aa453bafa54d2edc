"""Quartier names inside one commune: « sud » in Lille is the QPV « Secteur Sud », « alma » in Roubaix
the alias Alma-Gare. A commune has a few dozen names at most, so every name is compared.

Scores inside a commune (before the commune's own score caps them): the whole name 100; every typed
word is a word of the name (« sud » in « Secteur Sud ») 97; a few typos in the whole name
``100 - 6 x corrections``; every typed word of 4 letters or more within one typo of a word of the name 88.
Anywhere in France (``WordIndex``), a few distinctive words of one quartier's name: 92."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from rapidfuzz.distance import OSA

from bot.knowledge.geo.names import PENALTY_PER_EDIT, Entry, allowed_edits

WORDS_SCORE = 97.0
WORD_SCORE = 92.0  # a word of a quartier name, no commune named (« castellane »): always confirmed
MAX_WORD_HITS = 5  # a word found in more quartiers says too little
MIN_DISTINCTIVE_LETTERS = 5  # « pol mer » (Saint-Pol-sur-Mer) yes, « bel » alone no
# words found in too many names to stand for one quartier on their own
NATIONAL_WEAK_WORDS = frozenset(
    {"nord", "sud", "est", "ouest", "saint", "sainte", "cite", "cites", "gare", "bourg"}
)
LOOSE_WORDS_SCORE = 88.0
# Words of QPV names that say nothing on their own: « centre » or « nord » must not pick « Centre
# Nord » out of many; they still count when the person also types the distinctive words.
WEAK_WORDS = frozenset(
    {"centre", "ville", "secteur", "quartiers", "residence", "grand", "petit", "haut", "bas"}
)


class LocalNames:
    """``{code_insee: [(key, words, entry)]}`` built once; ``match`` answers for one commune."""

    def __init__(self) -> None:
        self._by_commune: dict[str, list[tuple[str, frozenset[str], Entry]]] = defaultdict(list)

    def add(self, code_insee: str, keys: Iterable[str], entry: Entry) -> None:
        for key in keys:
            if key:
                self._by_commune[code_insee].append((key, frozenset(key.split()), entry))

    def freeze(self) -> None:
        self._by_commune = dict(self._by_commune)

    def has(self, code_insee: str) -> bool:
        return code_insee in self._by_commune

    def match(self, code_insee: str, words: tuple[str, ...]) -> list[tuple[Entry, float]]:
        query = " ".join(words)
        if not query:
            return []
        wanted = frozenset(words)
        distinctive = wanted - WEAK_WORDS
        edits = allowed_edits(len(query))
        best: dict[tuple[str, int], tuple[Entry, float]] = {}
        for key, key_words, entry in self._by_commune.get(code_insee, ()):
            score = 0.0
            if key == query:
                score = 100.0
            elif distinctive and wanted <= key_words:
                score = WORDS_SCORE
            else:
                if edits:
                    distance = OSA.distance(query, key, score_cutoff=edits)
                    if distance <= edits:
                        score = 100.0 - PENALTY_PER_EDIT * distance
                if not score and distinctive and _loosely_in(distinctive, key_words):
                    score = LOOSE_WORDS_SCORE
            if score:
                ident = (entry.kind, entry.ref)
                if ident not in best or score > best[ident][1]:
                    best[ident] = (entry, score)
        return list(best.values())


def _loosely_in(words: frozenset[str], key_words: frozenset[str]) -> bool:
    """Every typed word (4 letters or more) is one typo away from a word of the name."""
    for word in words:
        if len(word) < 4:
            if word not in key_words:
                return False
            continue
        if not any(OSA.distance(word, other, score_cutoff=1) <= 1 for other in key_words):
            return False
    return True


class WordIndex:
    """Quartier names by their words, for a name typed in part with no commune: « castellane » for
    « La Castellane La Bricarde », « mirail » for « Grand Mirail ». Too common a word finds nothing."""

    def __init__(self) -> None:
        self._by_word: dict[str, list[Entry]] = defaultdict(list)
        self._communes: dict[Entry, frozenset[str]] = {}

    def add(self, keys: Iterable[str], entry: Entry, communes: Iterable[str]) -> None:
        self._communes[entry] = frozenset(communes)
        for word in {w for key in keys for w in key.split()}:
            if word not in self._by_word or entry not in self._by_word[word]:
                self._by_word[word].append(entry)

    def freeze(self) -> None:
        self._by_word = dict(self._by_word)

    def match(self, words: tuple[str, ...], avoid: frozenset[str] = frozenset()) -> list[tuple[Entry, float]]:
        """Quartiers whose name holds every word (distinctive words of 5 letters at least in all),
        except those lying in the ``avoid`` communes."""
        weak = WEAK_WORDS | NATIONAL_WEAK_WORDS
        if sum(len(w) for w in words if w not in weak and not w.isdigit()) < MIN_DISTINCTIVE_LETTERS:
            return []
        found: set[Entry] | None = None
        for word in sorted(set(words), key=len, reverse=True):
            entries = set(self._by_word.get(word, ()))
            found = entries if found is None else found & entries
            if not found:
                return []
        if found is None or len(found) > MAX_WORD_HITS:
            return []
        return [(entry, WORD_SCORE) for entry in found if not self._communes[entry] & avoid]
