"""The loaded dialog: frozen, typed, and every object remembers its file and line."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from bot.base.expr import Expr

DEFAULT_LANG = "fr"
INPUT_KINDS = ("nombre", "lieu", "texte", "quartier")


@dataclass(frozen=True, slots=True)
class Loc:
    path: str
    line: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"


@dataclass(frozen=True, slots=True)
class Text:
    """A user-facing text with optional translations; French is required and is the fallback."""

    translations: Mapping[str, str]

    @classmethod
    def fr(cls, text: str) -> Text:
        return cls(MappingProxyType({DEFAULT_LANG: text}))

    def get(self, lang: str | None = None) -> str:
        if lang and lang in self.translations:
            return self.translations[lang]
        return self.translations[DEFAULT_LANG]


@dataclass(frozen=True, slots=True)
class Branch:
    """One way out of a node: go to ``target`` when ``condition`` holds (None = always)."""

    target: str
    condition: Expr | None
    loc: Loc


@dataclass(frozen=True, slots=True)
class Choice:
    id: str
    label: Text
    synonyms: tuple[str, ...]
    value: str  # stored in the node's variable; defaults to the id
    numbers: tuple[int, int] | None  # a typed integer in this range selects the choice ("19" -> 18–25 ans)
    next: tuple[Branch, ...]  # empty = the node's own "suite"
    loc: Loc
    # a time since (months, lo included, hi excluded) selects the choice ("ya 3 mois" -> moins d'un an)
    durations: tuple[float, float] | None = None


@dataclass(frozen=True, slots=True)
class Input:
    kind: str  # "nombre" | "lieu" | "texte" | "quartier" (which QPV of the commune given at "lieu")
    minimum: int | None
    maximum: int | None
    optional: bool  # offers a "passer" button
    loc: Loc


@dataclass(frozen=True, slots=True)
class ResultSpec:
    limit: int
    only: tuple[str, ...]  # restrict to these dispositifs (empty = all)
    loc: Loc


@dataclass(frozen=True, slots=True)
class Node:
    id: str
    text: Text
    loc: Loc
    title: Text | None = None  # short label of the question on the "modifier une réponse" screen
    help: Text | None = None
    variable: str | None = None
    choices: tuple[Choice, ...] = ()
    input: Input | None = None
    next: tuple[Branch, ...] = ()
    result: ResultSpec | None = None
    end: bool = False
    levels: bool = False  # "niveaux: oui": the choices are levels, lowest first (a failed one means below)

    @property
    def is_question(self) -> bool:
        return bool(self.choices) or self.input is not None

    @property
    def is_terminal(self) -> bool:
        return self.result is not None or self.end

    def choice(self, choice_id: str) -> Choice | None:
        return next((c for c in self.choices if c.id == choice_id), None)

    def targets(self) -> list[Branch]:
        branches = list(self.next)
        for choice in self.choices:
            branches.extend(choice.next)
        return branches


@dataclass(frozen=True, slots=True)
class Dialog:
    id: str
    path: str
    start: str
    nodes: Mapping[str, Node]
    version: str  # structural (dialogs/version.py): node/choice ids and kinds, not the texts
    loc: Loc
    # the languages the dialog speaks: those of « langues: » when written, else every language its texts have
    languages: frozenset[str] = field(default_factory=lambda: frozenset({DEFAULT_LANG}))
    declared_languages: bool = False  # « langues: » was written: every text must exist in each of them

    def node(self, node_id: str) -> Node:
        return self.nodes[node_id]

    def variables(self) -> dict[str, Node]:
        """Variable name -> the node that sets it."""
        return {n.variable: n for n in self.nodes.values() if n.variable}
