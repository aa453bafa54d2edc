"""The doors the bot can recommend, with their eligibility rules as data (`knowledge/dispositifs.yaml`).

Rules use the dialog condition language (`bot.base.expr`). A dispositif is proposed when all its
``conditions`` hold; its rank is ``base`` plus the ``points`` of every ``atout`` that holds. Each rule that
holds gives a reason in plain French, which is how the bot says *why*."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from bot.base.expr import Expr, ExprError, parse_expr
from bot.base.languages import DEFAULT_LANG, KNOWN_LANGS
from bot.base.problems import Problem
from bot.base.suggest import did_you_mean
from bot.base.yamlsrc import LocatedDict, LocatedList, load_yaml_file

DISPOSITIF_KEYS = {
    "nom",
    "statut",
    "fin",
    "reseau",
    "description",
    "lien",
    "annuaire",
    "alerte",
    "conditions",
    "atouts",
    "base",
    "sources",
}
RULE_KEYS = {"si", "parce_que", "points"}
SOURCE_KEYS = {"fait", "source", "url", "date"}
ENDED = "termine"
STATUSES = {"actif", ENDED}


@dataclass(frozen=True, slots=True)
class Rule:
    condition: Expr
    reason: str | None  # in French
    points: int
    line: int
    translations: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))  # lang -> reason

    def reason_in(self, lang: str) -> str | None:
        return self.translations.get(lang, self.reason) if self.reason else None


@dataclass(frozen=True, slots=True)
class SourceRef:
    fact: str
    source: str
    url: str | None
    date: str
    line: int


@dataclass(frozen=True, slots=True)
class Dispositif:
    id: str
    nom: str
    statut: str
    description: str
    lien: str | None
    annuaire: str | None
    reseau: str | None  # network id of the structures that carry it (see bot.knowledge.types.Structure)
    alerte: str | None  # status note shown on the card ("Le programme national a pris fin le …")
    conditions: tuple[Rule, ...]
    atouts: tuple[Rule, ...]
    base: int
    sources: tuple[SourceRef, ...]
    fin: str | None
    path: str
    line: int
    # lang -> {"nom": …, "description": …, "alerte": …}: the texts written in other languages than French
    translations: Mapping[str, Mapping[str, str]] = field(default_factory=lambda: MappingProxyType({}))

    def text(self, key: str, lang: str) -> str | None:
        """``nom``, ``description`` or ``alerte`` in ``lang`` when written, else in French."""
        translated = self.translations.get(lang, {}).get(key)
        if translated is not None:
            return translated
        value = getattr(self, key)
        return value if isinstance(value, str) else None


@dataclass(frozen=True, slots=True)
class Recommendation:
    dispositif: Dispositif
    score: int
    reasons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Catalogue:
    dispositifs: tuple[Dispositif, ...]

    def get(self, dispositif_id: str) -> Dispositif | None:
        return next((d for d in self.dispositifs if d.id == dispositif_id), None)

    def ids(self) -> set[str]:
        return {d.id for d in self.dispositifs}

    def recommend(
        self, variables: Mapping[str, Any], only: tuple[str, ...] = (), lang: str = DEFAULT_LANG
    ) -> list[Recommendation]:
        """Every eligible dispositif, best first (ties keep the file's order); reasons in ``lang`` when
        written in it, else in French.

        A programme that has ended (``statut: termine``) is never recommended, whatever its rules."""
        found: list[tuple[int, int, Recommendation]] = []
        blanks = _Blank({k: v for k, v in variables.items() if isinstance(v, str | int)})
        for order, dispositif in enumerate(self.dispositifs):
            if only and dispositif.id not in only:
                continue
            if dispositif.statut == ENDED:
                continue
            if not all(rule.condition.evaluate(variables) for rule in dispositif.conditions):
                continue
            reasons = [r for rule in dispositif.conditions if (r := rule.reason_in(lang))]
            score = dispositif.base
            for rule in dispositif.atouts:
                if rule.condition.evaluate(variables):
                    score += rule.points
                    if reason := rule.reason_in(lang):
                        reasons.append(reason)
            text_reasons = tuple(reason.format_map(blanks) for reason in dict.fromkeys(reasons))
            found.append((-score, order, Recommendation(dispositif, score, text_reasons)))
        return [rec for _, _, rec in sorted(found, key=lambda item: (item[0], item[1]))]


class _Blank(dict[str, Any]):
    """The answers a reason may quote (``{commune}``); a missing one reads « … »."""

    def __missing__(self, key: str) -> str:
        return "…"


def load_catalogue(path: Path, display: str | None = None) -> tuple[Catalogue, list[Problem]]:
    shown = display or str(path)
    data, problems = load_yaml_file(path, shown)
    if problems:
        return Catalogue(()), problems
    reader = _Reader(shown)
    dispositifs: list[Dispositif] = []
    if not isinstance(data, LocatedDict) or not isinstance(data.get("dispositifs"), LocatedDict):
        reader.problem(1, "le fichier commence par « dispositifs: » suivi d'un bloc par dispositif.")
        return Catalogue(()), reader.problems
    block = data["dispositifs"]
    for key, line in data.key_lines.items():
        if key != "dispositifs":
            reader.problem(
                line, f"clé inconnue « {key} » au premier niveau.", "Seule « dispositifs: » est attendue."
            )
    for dispositif_id, raw in block.items():
        if dispositif_id == "__duplicates__":
            for dup, dup_line in raw:
                reader.problem(dup_line, f"le dispositif « {dup} » est défini deux fois.")
            continue
        item = reader.dispositif(dispositif_id, raw, block.line_of(dispositif_id))
        if item is not None:
            dispositifs.append(item)
    return Catalogue(tuple(dispositifs)), reader.problems


class _Reader:
    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[Problem] = []

    def problem(self, line: int | None, message: str, hint: str | None = None) -> None:
        self.problems.append(Problem(self.path, line, message, hint))

    def string(self, raw: LocatedDict, key: str, what: str, *, required: bool) -> str | None:
        value = raw.get(key)
        if value is None:
            if required:
                self.problem(raw.line, f"{what} : il manque « {key} ».")
            return None
        if not isinstance(value, str | int | float) or not str(value).strip():
            self.problem(raw.line_of(key), f"{what} : « {key} » doit être un texte non vide.")
            return None
        return str(value).strip()

    def translated(
        self, raw: LocatedDict, key: str, what: str, *, required: bool
    ) -> tuple[str | None, dict[str, str]]:
        """A text written simply (French), or as translations ``{fr: …, en: …}`` (French required):
        (the French text, the other languages)."""
        value = raw.get(key)
        if not isinstance(value, LocatedDict):
            return self.string(raw, key, what, required=required), {}
        texts: dict[str, str] = {}
        for lang, text in value.items():
            if lang == "__duplicates__":
                continue
            if lang not in KNOWN_LANGS:
                self.problem(
                    value.line_of(lang),
                    f"{what} : langue inconnue « {lang} » dans « {key} ».",
                    did_you_mean(lang, KNOWN_LANGS) or "Utilise un code à deux lettres : fr, en, ar…",
                )
            elif not isinstance(text, str) or not text.strip():
                self.problem(value.line_of(lang), f"{what} : « {key} » ({lang}) doit être un texte non vide.")
            else:
                texts[lang] = text.strip()
        french = texts.pop(DEFAULT_LANG, None)
        if french is None:
            self.problem(
                raw.line_of(key),
                f"{what} : « {key} » n'a pas de texte en français (fr).",
                "Le français est obligatoire ; les autres langues sont facultatives.",
            )
        return french, texts

    def date(self, raw: LocatedDict, key: str, what: str, *, required: bool) -> str | None:
        value = self.string(raw, key, what, required=required)
        if value is None:
            return None
        for fmt in ("%Y-%m-%d", "%Y-%m", "%Y"):
            try:
                dt.datetime.strptime(value, fmt)
                return value
            except ValueError:
                continue
        self.problem(
            raw.line_of(key), f"{what} : date « {value} » illisible.", "Écris-la AAAA-MM-JJ, AAAA-MM ou AAAA."
        )
        return None

    def rules(self, raw: Any, line: int, what: str, *, scored: bool) -> tuple[Rule, ...]:
        if raw is None:
            return ()
        if not isinstance(raw, LocatedList):
            self.problem(line, f"{what} : attendu une liste de « - si: … / parce_que: … ».")
            return ()
        rules: list[Rule] = []
        for index, item in enumerate(raw):
            item_line = raw.line_of(index)
            if not isinstance(item, LocatedDict) or "si" not in item:
                self.problem(
                    item_line, f'{what} : chaque règle s\'écrit « - si: "…" » avec « parce_que: … ».'
                )
                continue
            for key, key_line in item.key_lines.items():
                if key not in RULE_KEYS and key != "__duplicates__":
                    self.problem(key_line, f"{what} : clé inconnue « {key} ».", did_you_mean(key, RULE_KEYS))
            try:
                condition = parse_expr(str(item["si"]))
            except ExprError as exc:
                self.problem(
                    item.line_of("si"), f"{what} : condition « {item['si']} » invalide : {exc.message}."
                )
                continue
            points = item.get("points", 0 if not scored else 1)
            if not isinstance(points, int) or isinstance(points, bool):
                self.problem(item.line_of("points"), f"{what} : « points » doit être un nombre entier.")
                points = 0
            if "points" in item and not scored:
                self.problem(item.line_of("points"), f"{what} : « points » ne sert que dans « atouts ».")
            reason, reasons = self.translated(item, "parce_que", what, required=False)
            rules.append(Rule(condition, reason, int(points), item.line_of("si"), MappingProxyType(reasons)))
        return tuple(rules)

    def dispositif(self, dispositif_id: str, raw: Any, line: int) -> Dispositif | None:
        what = f"dispositif « {dispositif_id} »"
        if not isinstance(raw, LocatedDict):
            self.problem(line, f"{what} : attendu un bloc avec nom, description, conditions, sources…")
            return None
        for key, key_line in raw.key_lines.items():
            if key not in DISPOSITIF_KEYS and key != "__duplicates__":
                self.problem(
                    key_line,
                    f"{what} : clé inconnue « {key} ».",
                    did_you_mean(key, DISPOSITIF_KEYS)
                    or f"Clés possibles : {', '.join(sorted(DISPOSITIF_KEYS))}.",
                )
        nom, noms = self.translated(raw, "nom", what, required=True)
        description, descriptions = self.translated(raw, "description", what, required=True)
        alerte, alertes = self.translated(raw, "alerte", what, required=False)
        translations: dict[str, dict[str, str]] = {}
        for key, texts in (("nom", noms), ("description", descriptions), ("alerte", alertes)):
            for lang, text in texts.items():
                translations.setdefault(lang, {})[key] = text
        statut = self.string(raw, "statut", what, required=True) or "actif"
        if statut not in STATUSES:
            self.problem(
                raw.line_of("statut"), f"{what} : statut « {statut} » inconnu.", "Valeurs : actif, termine."
            )
        fin = self.date(raw, "fin", what, required=statut == "termine")
        base = raw.get("base", 0)
        if not isinstance(base, int) or isinstance(base, bool):
            self.problem(raw.line_of("base"), f"{what} : « base » doit être un nombre entier.")
            base = 0
        sources: list[SourceRef] = []
        raw_sources = raw.get("sources")
        if not isinstance(raw_sources, LocatedList) or not raw_sources:
            self.problem(
                raw.line_of("sources"),
                f"{what} : chaque fait doit avoir sa source.",
                "Ajoute « sources: » avec « - fait: …, source: …, date: AAAA-MM-JJ ».",
            )
        else:
            for index, item in enumerate(raw_sources):
                if not isinstance(item, LocatedDict):
                    self.problem(
                        raw_sources.line_of(index),
                        f"{what} : une source s'écrit « - fait: … source: … date: … ».",
                    )
                    continue
                swhat = f"{what}, source n°{index + 1}"
                for key, key_line in item.key_lines.items():
                    if key not in SOURCE_KEYS and key != "__duplicates__":
                        self.problem(
                            key_line, f"{swhat} : clé inconnue « {key} ».", did_you_mean(key, SOURCE_KEYS)
                        )
                fact = self.string(item, "fait", swhat, required=True)
                source = self.string(item, "source", swhat, required=True)
                date = self.date(item, "date", swhat, required=True)
                if fact and source and date:
                    sources.append(
                        SourceRef(
                            fact,
                            source,
                            self.string(item, "url", swhat, required=False),
                            date,
                            raw_sources.line_of(index),
                        )
                    )
        conditions = self.rules(
            raw.get("conditions"), raw.line_of("conditions"), f"{what}, conditions", scored=False
        )
        atouts = self.rules(raw.get("atouts"), raw.line_of("atouts"), f"{what}, atouts", scored=True)
        if nom is None or description is None:
            return None
        return Dispositif(
            id=dispositif_id,
            nom=nom,
            statut=statut,
            description=description,
            lien=self.string(raw, "lien", what, required=False),
            annuaire=self.string(raw, "annuaire", what, required=False),
            reseau=self.string(raw, "reseau", what, required=False),
            alerte=alerte,
            conditions=conditions,
            atouts=atouts,
            base=int(base),
            sources=tuple(sources),
            fin=fin,
            path=self.path,
            line=line,
            translations=MappingProxyType({k: MappingProxyType(v) for k, v in translations.items()}),
        )
