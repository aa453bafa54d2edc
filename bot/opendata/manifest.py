"""The manifest of open-data files (``manifest.yaml`` beside this module): what each file is, who publishes
it, under which licence, and how to check a downloaded copy (size bounds, columns, checksum).

The manifest is data about the sources, never the data itself (that stays out of git)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import yaml

from bot.errors import KnowledgeError

DEFAULT_MANIFEST = Path(__file__).with_name("manifest.yaml")
FORMATS = ("csv", "geojson")


@dataclass(frozen=True, slots=True)
class Upstream:
    """Where the data in a file originally comes from (publisher, dataset, licence)."""

    publisher: str
    reference: str
    licence: str


@dataclass(frozen=True, slots=True)
class FileSpec:
    name: str
    url: str  # absolute, or relative to the mirror's base URL
    title: str
    used_by: str
    required: bool
    format: str  # "csv" or "geojson"
    columns: tuple[str, ...]  # CSV header columns, or GeoJSON feature properties, that must be present
    min_bytes: int
    max_bytes: int
    sha256: str | None
    vintage: str
    licence: str
    upstream: tuple[Upstream, ...]

    def resolve(self, base_url: str | None) -> str:
        """The download address: ``url`` itself when absolute, else joined to ``base_url``."""
        if "://" in self.url or base_url is None:
            return self.url
        return urljoin(base_url if base_url.endswith("/") else base_url + "/", self.url)


@dataclass(frozen=True, slots=True)
class Manifest:
    path: Path
    base_url: str | None
    files: tuple[FileSpec, ...]

    def file(self, name: str) -> FileSpec:
        for spec in self.files:
            if spec.name == name:
                return spec
        raise KeyError(name)


def _fail(path: Path, message: str) -> KnowledgeError:
    return KnowledgeError(f"{path} : {message}")


def _text(raw: dict[str, Any], key: str, path: Path, where: str) -> str:
    value = raw.get(key)
    if not isinstance(value, str) or not value.strip():
        raise _fail(path, f"{where} : « {key} » manquant ou vide.")
    return value.strip()


def _int(raw: dict[str, Any], key: str, path: Path, where: str) -> int:
    value = raw.get(key)
    if not isinstance(value, int) or value < 0:
        raise _fail(path, f"{where} : « {key} » doit être un nombre d'octets positif.")
    return value


def _file(raw: Any, path: Path, position: int) -> FileSpec:
    if not isinstance(raw, dict):
        raise _fail(path, f"fichier n° {position} : une table clé: valeur est attendue.")
    name = _text(raw, "name", path, f"fichier n° {position}")
    where = f"fichier {name}"
    fmt = _text(raw, "format", path, where)
    if fmt not in FORMATS:
        raise _fail(path, f"{where} : format {fmt!r} inconnu (possibles : {', '.join(FORMATS)}).")
    columns = raw.get("columns") or []
    if not isinstance(columns, list) or not all(isinstance(c, str) for c in columns):
        raise _fail(path, f"{where} : « columns » doit être une liste de noms.")
    min_bytes, max_bytes = _int(raw, "min_bytes", path, where), _int(raw, "max_bytes", path, where)
    if min_bytes > max_bytes:
        raise _fail(path, f"{where} : min_bytes ({min_bytes}) dépasse max_bytes ({max_bytes}).")
    sha256 = raw.get("sha256")
    if sha256 is not None and (not isinstance(sha256, str) or len(sha256) != 64):
        raise _fail(path, f"{where} : « sha256 » doit faire 64 caractères hexadécimaux.")
    upstream = []
    for item in raw.get("upstream") or []:
        if not isinstance(item, dict):
            raise _fail(path, f"{where} : chaque « upstream » est une table publisher/reference/licence.")
        upstream.append(
            Upstream(
                publisher=_text(item, "publisher", path, where),
                reference=_text(item, "reference", path, where),
                licence=_text(item, "licence", path, where),
            )
        )
    return FileSpec(
        name=name,
        url=_text(raw, "url", path, where),
        title=_text(raw, "title", path, where),
        used_by=_text(raw, "used_by", path, where),
        required=bool(raw.get("required", False)),
        format=fmt,
        columns=tuple(columns),
        min_bytes=min_bytes,
        max_bytes=max_bytes,
        sha256=sha256.lower() if isinstance(sha256, str) else None,
        vintage=_text(raw, "vintage", path, where),
        licence=_text(raw, "licence", path, where),
        upstream=tuple(upstream),
    )


def load_manifest(path: Path = DEFAULT_MANIFEST) -> Manifest:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise _fail(path, f"manifeste illisible ({exc}).") from exc
    if not isinstance(raw, dict) or not isinstance(raw.get("files"), list):
        raise _fail(path, "une clé « files » (liste des fichiers) est attendue.")
    base_url = raw.get("base_url")
    if base_url is not None and not isinstance(base_url, str):
        raise _fail(path, "« base_url » doit être une adresse ou null.")
    files = tuple(_file(item, path, n) for n, item in enumerate(raw["files"], 1))
    names = [spec.name for spec in files]
    duplicates = sorted({name for name in names if names.count(name) > 1})
    if duplicates:
        raise _fail(path, f"fichiers en double : {', '.join(duplicates)}.")
    return Manifest(path=path, base_url=base_url or None, files=files)
