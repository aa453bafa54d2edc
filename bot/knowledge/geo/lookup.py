"""From the words of a typed place to candidates: the whole name first, then a commune named inside the
text with the quartier looked up in that commune only, then typos; a commune named before (context) is
searched first for a bare quartier name.

Rules, in order (scores are those of ``names`` and ``local``):

1. The words are exactly a known name (commune, QPV, alias, « quartier commune »): those entries.
2. Otherwise, the longest run of words that is exactly a commune name (« lille » in « lille sud »,
   « aulnay » in « les 3000 aulnay »; a typo allowed in one long word) names the commune, and the other
   words are looked up among *that* commune's quartiers (« sud » -> Lille « Secteur Sud »). When no
   quartier matches, the commune is proposed at 92 (« tourcoing centre »: Tourcoing, to confirm).
   Typos of the whole text elsewhere in France are dropped when a quartier was found in the named commune
   (« lille sud » never gives « Ile Sud » in Sète) and kept beside the commune otherwise.
3. Otherwise the whole text with typos, then with separators ignored (``keys.compact_key``), and the
   quartiers whose name holds every typed word (« castellane », « mirail »; at most 5, else too vague).
4. With a context commune, its quartiers matching the words come first and every other candidate, except
   an exact commune name (the person may have moved), loses ``CONTEXT_PENALTY`` points."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from bot.knowledge.geo.keys import compact_key
from bot.knowledge.geo.local import WEAK_WORDS, LocalNames, WordIndex
from bot.knowledge.geo.names import Entry, NameIndex
from bot.knowledge.geo.query import ANSWER_WORDS
from bot.knowledge.types import PlaceCandidate

NAMED_WITH_EXTRA_SCORE = 92.0  # a commune named with words we could not place (« tourcoing centre »)
NAMED_BESIDE_TYPO_SCORE = 85.0  # the same when the whole text is a near name (« mons en bareuil »)
TYPO_OF_WHOLE = 88.0
PREFIX_SCORE = 95.0
GLUED_SCORE = (
    94.0  # « lillesud »: as sure as one typo  # a quartier in a commune named by its first word only
)
CONTEXT_PENALTY = 20.0
SPAN_TYPO_SCORE = 94.0  # one typo in a commune name inside a longer text
MAX_SPAN_WORDS = 3
MAX_TYPO_SPANS = 6
NOT_A_COMMUNE_ALONE = frozenset(
    {
        "centre",
        "nord",
        "sud",
        "est",
        "ouest",
        "gare",
        "saint",
        "sainte",
        "saints",
        "haut",
        "bas",
        "notre",
        "dame",
    }
)
MAX_PREFIX_COMMUNES = 12  # « evry » -> 2 communes; « villeneuve » -> too many to search each
# glued lead-ins a compact text may start with: « jhabitearoubaix »
GLUED_LEADS = ("jhabitea", "jhabiteau", "jhabite", "jabitea", "jabite", "habitea", "jsuisa", "jsuis",
               "chuia", "chuis", "chui", "jvisa", "vers", "a")  # fmt: skip

MakeCandidate = Callable[[Entry, float], PlaceCandidate | None]


class NameLookup:
    def __init__(
        self,
        names: NameIndex,
        compact: NameIndex,
        local: LocalNames,
        words: WordIndex,
        parents: dict[str, str],
        first_words: dict[str, tuple[str, ...]],
        commune_refs: dict[str, int],
        make: MakeCandidate,
    ) -> None:
        self._names = names
        self._compact = compact
        self._local = local
        self._words = words
        self._parents = parents  # arrondissement INSEE code -> its city's code (QPVs name the city)
        self._first_words = first_words  # « evry » -> Évry (89), Évry-Courcouronnes (91)
        self._make = make
        self._commune_refs = commune_refs

    def _commune_ref(self, code: str) -> int:
        return self._commune_refs[code]

    def _made(self, hits: list[tuple[Entry, float]]) -> list[PlaceCandidate]:
        return [c for entry, score in hits if (c := self._make(entry, score)) is not None]

    def in_commune(self, code: str, words: tuple[str, ...], cap: float) -> list[PlaceCandidate]:
        """Quartiers of one commune (or arrondissement) matching the words, scores capped at ``cap``."""
        hits = self._local.match(self._parents.get(code, code), words)
        return self._made([(entry._replace(commune=code), min(score, cap)) for entry, score in hits])

    def candidates(self, words: tuple[str, ...], text: str, context: str | None) -> list[PlaceCandidate]:
        """Candidates for the significant ``words`` of ``text`` (the folded answer, for the compact
        fallback that keeps every word), quartiers of the ``context`` commune first."""
        key = " ".join(words)
        local = self.in_commune(context, words, 100.0) if context else []
        if context and not local and all(w in WEAK_WORDS or w in NOT_A_COMMUNE_ALONE for w in words):
            # « centre », « centre ville » after « Tourcoing »: Tourcoing itself
            own = self._make(Entry("commune", self._commune_ref(context), context), NAMED_WITH_EXTRA_SCORE)
            return [own] if own is not None else []
        exact = self._names.exact(key)
        if exact:
            # « castellane »: the commune in the Alpes, or La Castellane in Marseille? « stalingrad »: in
            # Pantin or in Paris? Other quartiers holding the words are offered too, below the exact name.
            avoid = frozenset(entry.commune for entry in exact if entry.kind == "commune")
            found = self._made([(entry, entry.cap) for entry in exact])
            near = self._same_departement(context, found) if context and avoid else []
            if near:  # « roubaix » after Tourcoing names Roubaix, not the QPV « Roubaix-Tourcoing… »
                local = [c for c in local if c.score >= 100.0]
            if context in avoid:  # « grigny » after Grigny (91): that one, not the Grigny of the 62
                local += [c for c in near if c.place.code_insee == context]
            elif len(near) == 1 and len(avoid) > 1:  # « croix » after Roubaix: the Croix of the Nord
                local += near
            found += self._made(self._words.match(words, avoid))
            return _prefer(local, found)

        quartiers, communes = self._named_communes(words)
        hits = self._names.match(key)
        if not hits:
            hits = self._compact_match(text)
        typos = self._made(hits)
        if quartiers:
            named = {c.place.code_insee for c in quartiers}
            found = quartiers + [c for c in typos if c.place.code_insee in named]
        elif communes:
            if any(c.score >= TYPO_OF_WHOLE for c in typos):
                communes = [replace(c, score=min(c.score, NAMED_BESIDE_TYPO_SCORE)) for c in communes]
            # « st pol sur mer »: Mer (41), or the quartier of Dunkerque? ask
            avoid = frozenset(c.place.code_insee for c in communes)
            found = communes + typos + self._made(self._words.match(words, avoid))
        else:
            found = typos + self._made(self._words.match(words))
            if not found and len(words) == 1:
                found = self._glued_quartier(words[0])
        return _prefer(local, found)

    def _glued_quartier(self, word: str) -> list[PlaceCandidate]:
        """« lillesud », « roubaixalma »: a commune name glued to a quartier word of that commune."""
        found: list[PlaceCandidate] = []
        for cut in range(len(word) - 3, 2, -1):
            communes = [e for e in self._names.exact(word[:cut]) if e.kind == "commune" and e.cap == 100.0]
            for entry in communes:
                found.extend(self.in_commune(entry.commune, (word[cut:],), GLUED_SCORE))
            if found:
                break
        return found

    def _same_departement(self, context: str, found: list[PlaceCandidate]) -> list[PlaceCandidate]:
        """Communes named exactly by the text in the context commune's département."""
        here = self._make(Entry("commune", self._commune_ref(context), context), 100.0)
        return [
            c
            for c in found
            if here is not None
            and c.kind == "commune"
            and c.score >= 100.0
            and c.place.departement == here.place.departement
        ]

    def _compact_match(self, key: str) -> list[tuple[Entry, float]]:
        compact = compact_key(key)
        if len(compact) < 4:
            return []
        hits = self._compact.match(compact)
        for lead in GLUED_LEADS:
            if hits:
                break
            if compact.startswith(lead) and len(compact) - len(lead) >= 4:
                hits = self._compact.match(compact[len(lead) :])
        return hits

    def _commune_spans(self, words: tuple[str, ...]) -> list[tuple[Entry, float, tuple[str, ...]]]:
        """Communes named by a run of the words (longest runs first), with the words left around it."""
        n = len(words)
        found: list[tuple[Entry, float, tuple[str, ...]]] = []
        for size in range(min(n - 1, MAX_SPAN_WORDS), 0, -1):
            for i in range(n - size + 1):
                span = " ".join(words[i : i + size])
                if size == 1 and (len(span) < 3 or span in NOT_A_COMMUNE_ALONE):
                    continue
                if span in ANSWER_WORDS or span.isdigit():
                    continue
                rest = words[:i] + words[i + size :]
                found.extend((e, e.cap, rest) for e in self._names.exact(span) if e.kind == "commune")
            if found:
                return found
        for i, word in enumerate(words[:MAX_TYPO_SPANS]):
            if len(word) < 5 or word in ANSWER_WORDS or word in NOT_A_COMMUNE_ALONE:
                continue
            rest = words[:i] + words[i + 1 :]
            for entry, score in self._names.match(word):
                if entry.kind == "commune" and score >= SPAN_TYPO_SCORE:
                    found.append((entry, score, rest))
        return found

    def _named_communes(self, words: tuple[str, ...]) -> tuple[list[PlaceCandidate], list[PlaceCandidate]]:
        """(quartiers found in a commune named in the text, communes named whose quartier is unknown)."""
        if len(words) < 2:
            return [], []
        quartiers: list[PlaceCandidate] = []
        communes: list[PlaceCandidate] = []
        spans = self._commune_spans(words)
        for entry, score, rest in spans:
            inside = self.in_commune(entry.commune, rest, score)
            if inside:
                quartiers.extend(inside)
            elif (commune := self._make(entry, min(score, NAMED_WITH_EXTRA_SCORE))) is not None:
                communes.append(commune)
        if not quartiers:
            # « pyramides evry »: the quartier is in Évry-Courcouronnes, not in Évry (89)
            named = {entry.commune for entry, _, _ in spans}
            for _entry, score, rest in spans:
                span_words = [w for w in words if w not in rest]
                prefixed = self._first_words.get(span_words[0], ()) if len(span_words) == 1 else ()
                for code in prefixed if len(prefixed) <= MAX_PREFIX_COMMUNES else ():
                    if code not in named:
                        quartiers.extend(self.in_commune(code, rest, min(score, PREFIX_SCORE)))
        return quartiers, communes


def _prefer(local: list[PlaceCandidate], found: list[PlaceCandidate]) -> list[PlaceCandidate]:
    """The context commune's places first; the others lose points, except an exact commune name when
    the context gave only quartiers (the person may have moved)."""
    if not local:
        return found
    mine = {c.place.code_qpv for c in local if c.place.code_qpv}
    own = {c.place.code_insee for c in local if c.place.code_qpv is None}
    others = [
        c
        if c.kind == "commune" and c.score >= 100.0 and not own
        else replace(c, score=max(0.0, c.score - CONTEXT_PENALTY))
        for c in found
        # the same quartier seen from the city rather than the arrondissement, or the context commune itself
        if c.place.code_qpv not in mine and not (c.place.code_qpv is None and c.place.code_insee in own)
    ]
    return local + others
