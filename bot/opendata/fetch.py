"""``fetch``: every file of the manifest into the data folder, each checked, then moved into place atomically.

A file is written to ``DEST/.partiel/NAME`` (kept when a download breaks, so the next run resumes), checked
(size, checksum, format, columns), then renamed over ``DEST/NAME``: the bot never sees half a file, and a
file that changed format upstream never replaces a good one."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

import httpx

from bot.opendata.checks import file_problems
from bot.opendata.download import FetchError, copy_local, discard_partial, download
from bot.opendata.manifest import FileSpec, Manifest

logger = logging.getLogger(__name__)

PARTIAL_DIR = ".partiel"
PROVENANCE_FILE = "PROVENANCE.txt"
USER_AGENT = "cap-quartiers-geodata-fetch"


@dataclass(frozen=True, slots=True)
class Outcome:
    name: str
    status: str  # "téléchargé", "déjà à jour", "erreur"
    required: bool
    error: str | None = None


@dataclass(frozen=True, slots=True)
class Source:
    """Where files come from: a base URL (``BOT_GEODATA_URL``, ``--from https://…``) or a local folder."""

    base_url: str | None = None
    folder: Path | None = None

    @classmethod
    def parse(cls, raw: str | None) -> Source:
        if not raw:
            return cls()
        if "://" in raw:
            return cls(base_url=raw)
        return cls(folder=Path(raw).expanduser())

    def describe(self, spec: FileSpec, manifest: Manifest) -> str:
        if self.folder is not None:
            return str(self.folder / spec.name)
        return spec.resolve(self.base_url or manifest.base_url)


def no_source_message(spec: FileSpec) -> str:
    return (
        f"{spec.name} : aucune adresse de téléchargement (le manifeste donne « {spec.url} », relatif au "
        "miroir des données). Indique le miroir : export BOT_GEODATA_URL=https://…/donnees/ ou "
        "cap-quartiers geodata fetch --from https://…/donnees/ (ou --from un dossier local). "
        "Voir docs/donnees.md."
    )


def fetch_one(
    spec: FileSpec,
    manifest: Manifest,
    source: Source,
    dest: Path,
    client: httpx.Client,
    *,
    force: bool = False,
    stream: TextIO | None = None,
) -> Outcome:
    target = dest / spec.name
    if not force and target.is_file() and not file_problems(target, spec):
        return Outcome(spec.name, "déjà à jour", spec.required)
    part = dest / PARTIAL_DIR / spec.name
    where = source.describe(spec, manifest)
    if source.folder is not None:
        copy_local(spec.name, source.folder / spec.name, part)
    else:
        if "://" not in where:
            raise FetchError(no_source_message(spec))
        download(client, spec.name, where, part, stream)
    problems = file_problems(part, spec)
    if problems:
        rejected = part.with_name(part.name + ".refuse")
        part.replace(rejected)
        discard_partial(part)
        raise FetchError(
            f"{spec.name} ({where}) a changé de format ou est abîmé : {' ; '.join(problems)}. "
            f"Le fichier en place n'a pas été touché ; la copie refusée est gardée dans {rejected}. "
            "Si l'éditeur a vraiment changé le fichier, mets à jour bot/opendata/manifest.yaml et le code "
            "qui le lit (bot/knowledge/geo/sources.py, bot/knowledge/structures/directories.py)."
        )
    part.replace(target)  # same folder tree, same file system: atomic
    discard_partial(part)
    return Outcome(spec.name, "téléchargé", spec.required)


def fetch_all(
    manifest: Manifest,
    source: Source,
    dest: Path,
    *,
    force: bool = False,
    timeout: float = 30.0,
    stream: TextIO | None = None,
) -> list[Outcome]:
    """Fetch every file; one file's failure does not stop the others. Never raises FetchError."""
    dest.mkdir(parents=True, exist_ok=True)
    outcomes: list[Outcome] = []
    with httpx.Client(
        timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
        follow_redirects=True,
        headers={"User-Agent": USER_AGENT},
        trust_env=True,
    ) as client:
        for spec in manifest.files:
            try:
                outcomes.append(fetch_one(spec, manifest, source, dest, client, force=force, stream=stream))
            except FetchError as exc:
                outcomes.append(Outcome(spec.name, "erreur", spec.required, str(exc)))
    partial = dest / PARTIAL_DIR
    if partial.is_dir() and not any(partial.iterdir()):
        partial.rmdir()
    write_provenance(manifest, dest)
    return outcomes


def write_provenance(manifest: Manifest, dest: Path) -> None:
    """A plain-text note beside the data: who publishes each file, under which licence (attribution)."""
    lines = [
        "Provenance des données de ce dossier (écrit par « cap-quartiers geodata fetch »).",
        "Détails, limites et licences : docs/donnees.md du dépôt Cap Quartiers.",
        "",
    ]
    for spec in manifest.files:
        lines.append(f"{spec.name} — {spec.title} (millésime {spec.vintage}) ; licence : {spec.licence}")
        lines.extend(f"  d'après : {u.publisher} — {u.reference} ({u.licence})" for u in spec.upstream)
    tmp = dest / (PROVENANCE_FILE + ".tmp")
    tmp.write_text("\n".join(lines) + "\n", encoding="utf-8")
    tmp.replace(dest / PROVENANCE_FILE)
