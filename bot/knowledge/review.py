"""The yearly knowledge review: every sourced fact and curated place, oldest source first.

Counsellors re-check what the bot says once a year. This module turns ``knowledge/`` into that
checklist: for each fact of ``dispositifs.yaml``, each curated structure and each quartier alias, the
date of its source, what to re-check, and the page to re-check it on. It also names the doors
(active dispositifs) whose most recent source is older than :data:`RECENT_YEAR`, so that none stays
without a recent source unnoticed. Pure: it reads nothing, the caller passes what was loaded."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from bot.knowledge.dispositifs import ENDED, Catalogue, Dispositif
from bot.knowledge.geo.aliases import Alias
from bot.knowledge.structures import fields
from bot.knowledge.types import Structure

RECENT_YEAR = 2023  # every door needs at least one source dated this year or later
KIND_FACT = "fait"
KIND_STRUCTURE = "lieu"
KIND_ALIAS = "quartier"


@dataclass(frozen=True, slots=True)
class ReviewItem:
    kind: str  # KIND_FACT | KIND_STRUCTURE | KIND_ALIAS
    subject: str  # dispositif id, structure id or the alias's first name
    date: str  # as written ("2022-10-25", "2019", "inconnue")
    path: str
    line: int | None
    recheck: str  # what to re-check, in French
    page: str | None  # where to re-check it: an official page, the cited page, or the network directory
    source: str

    @property
    def when(self) -> dt.date | None:
        return fields.parse_date(self.date)

    def age_months(self, today: dt.date) -> int | None:
        when = self.when
        return None if when is None else fields.months_between(when, today)


@dataclass(frozen=True, slots=True)
class StaleDoor:
    """An active door whose every source is older than RECENT_YEAR (or undated)."""

    dispositif: str
    path: str
    line: int
    newest: str | None  # the most recent source date, None when no date can be read


def _url(text: str) -> str | None:
    for word in text.replace("(", " ").replace(")", " ").split():
        if word.startswith(("http://", "https://")):
            return word.rstrip(".,;")
    return None


def fact_items(catalogue: Catalogue) -> list[ReviewItem]:
    items: list[ReviewItem] = []
    for dispositif in catalogue.dispositifs:
        for source in dispositif.sources:
            page = source.url or _url(source.source) or dispositif.lien
            ended = (
                " (programme terminé : vérifier qu'il n'a pas repris)" if dispositif.statut == ENDED else ""
            )
            items.append(
                ReviewItem(
                    kind=KIND_FACT,
                    subject=dispositif.id,
                    date=source.date,
                    path=dispositif.path,
                    line=source.line,
                    recheck=source.fact + ended,
                    page=page,
                    source=source.source,
                )
            )
    return items


def _structure_recheck(structure: Structure) -> str:
    known = [
        label
        for label, value in (
            ("l'adresse", structure.adresse),
            ("le téléphone", structure.telephone),
            ("les horaires", structure.horaires_accueil),
            ("le site", structure.site_web),
        )
        if value
    ]
    missing = [
        label
        for label, value in (("l'adresse", structure.adresse), ("le téléphone", structure.telephone))
        if not value
    ]
    text = "qu'il existe toujours" + "".join(f", {label}" for label in known) + "."
    if missing:
        text += f" Inconnu(s) : {', '.join(missing)} (à chercher sur la page officielle)."
    return text


def structure_items(
    entries: Iterable[tuple[str, int | None, Sequence[Structure]]], catalogue: Catalogue
) -> list[ReviewItem]:
    """One item per curated entry (an entry carried by several networks is listed once)."""
    directories = {d.reseau: d.annuaire or d.lien for d in catalogue.dispositifs if d.reseau}
    items: list[ReviewItem] = []
    for path, line, structures in entries:
        if not structures:
            continue
        first = structures[0]
        page = _url(first.source) or first.site_web or directories.get(first.reseau)
        items.append(
            ReviewItem(
                kind=KIND_STRUCTURE,
                subject=first.id,
                date=first.date_maj,
                path=path,
                line=line,
                recheck=f"{first.nom} : {_structure_recheck(first)}",
                page=page,
                source=first.source,
            )
        )
    return items


def alias_items(aliases: Iterable[Alias], path: str) -> list[ReviewItem]:
    return [
        ReviewItem(
            kind=KIND_ALIAS,
            subject=alias.noms[0],
            date=alias.date,
            path=path,
            line=alias.line,
            recheck=f"« {alias.noms[0]} » ({alias.commune}) tombe bien dans le QPV {alias.code_qpv}.",
            page=f'cap-quartiers place "{alias.noms[0]}" et la carte officielle des QPV (sig.ville.gouv.fr)',
            source=alias.source,
        )
        for alias in aliases
    ]


def oldest_first(items: Iterable[ReviewItem]) -> list[ReviewItem]:
    """Undated items first (they are the riskiest), then by source date, then by file and line."""

    def key(item: ReviewItem) -> tuple[int, dt.date, str, int]:
        when = item.when
        return (0 if when is None else 1, when or dt.date.min, item.path, item.line or 0)

    return sorted(items, key=key)


def _newest(dispositif: Dispositif) -> tuple[dt.date, str] | None:
    """The most recent readable source date, with the date as written."""
    dated = [(when, s.date) for s in dispositif.sources if (when := fields.parse_date(s.date)) is not None]
    return max(dated, default=None)


def stale_doors(catalogue: Catalogue, recent_year: int = RECENT_YEAR) -> list[StaleDoor]:
    """Active doors without any source dated ``recent_year`` or later."""
    stale: list[StaleDoor] = []
    for dispositif in catalogue.dispositifs:
        if dispositif.statut == ENDED:
            continue
        newest = _newest(dispositif)
        if newest is None or newest[0].year < recent_year:
            shown = None if newest is None else newest[1]
            stale.append(StaleDoor(dispositif.id, dispositif.path, dispositif.line, shown))
    return stale
