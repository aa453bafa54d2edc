"""Negation and failure change the reading: « j'ai pas eu mon brevet », « bac pro raté », « bac en
cours », « viré du lycée », « jvais plus en cours ». A mention of an option with such a marker close
by, in the same clause, does not count as that option."""

from __future__ import annotations

# everywhere: « pas », « jamais », « sans »; « plus » only after a verb (« je vais plus », « suis plus »)
NEGATIONS = frozenset("pas jamais sans ni".split())
PLUS_AFTER = frozenset("vais vas va suis es est allais fais fait y vois peux".split())
# everywhere: leaving (« viré du lycée », « j'ai arrêté la fac », « lâché l'alternance »)
LEAVING = frozenset(
    "arrete arreter arretee arretes decroche decrocher decrochee vire viree quitte quitter quittee lache "
    "lacher abandonne abandonner abandonnee exclu exclue sorti sortie renvoye renvoyee fini finie termine "
    "plaque".split()
)
# at levels only (`niveaux`): not obtained (« raté », « loupé », « je prépare », « je passe », « en cours »)
FAILURES = frozenset(
    "rate ratee rater loupe louper loupee echoue echouer echec recale recalee foire prepare prepa passe "
    "repasse redouble redoubler valide commence commencee".split()
)
# at options with `durees` only: a wish is not a fact (« je veux arrêter » has not left yet)
WISHES = frozenset("veux voudrais voudrait aimerais aimerait pense compte envie vais".split())

BEFORE = 3  # a marker counts up to this many words before a mention…
AFTER = 3  # …or this many after it (« bac pro en cours »)


def marker_positions(tokens: tuple[str, ...], *, levels: bool) -> dict[int, str]:
    """Position -> kind ("neg" | "leave" | "fail") of every negation or failure marker."""
    found: dict[int, str] = {}
    for i, token in enumerate(tokens):
        previous = tokens[i - 1] if i else ""
        if token in NEGATIONS or (token == "plus" and previous in PLUS_AFTER):
            found[i] = "neg"
        elif token in LEAVING:
            found[i] = "leave"
        elif levels and (token in FAILURES or (token == "cours" and previous == "en")):
            found[i] = "fail"
    return found


def is_negated(
    span: tuple[int, int],
    covered: frozenset[int],
    markers: dict[int, str],
    clauses: tuple[int, ...],
) -> bool:
    """Whether a mention covering token positions `covered` (from span[0] to span[1]) is negated."""
    start, end = span
    clause = clauses[start]
    for position, _kind in markers.items():
        if position in covered or clauses[position] != clause:
            continue
        if start - BEFORE <= position < start or end < position <= end + AFTER:
            return True
    return False


def is_wish(span: tuple[int, int], tokens: tuple[str, ...], clauses: tuple[int, ...]) -> bool:
    start = span[0]
    return any(tokens[p] in WISHES and clauses[p] == clauses[start] for p in range(max(0, start - 2), start))
