"""Fixture copies of the open data (the hand-written mini dataset plus tiny directories built here) and a
manifest derived from the real one: same files, formats and columns, bounds that fit the small copies."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from bot.opendata.checks import sha256_of
from bot.opendata.manifest import DEFAULT_MANIFEST, load_manifest
from tests.opendata.server import Files, FileServer, serving

MINI_GEODATA = Path(__file__).parent.parent / "knowledge" / "fixtures" / "geodata"

# One made-up Mission Locale row (Roubaix commune centre) for every directory the bot reads.
DIRECTORY_ROW = {
    "type": "mission_locale",
    "nom": "Mission locale de test",
    "nom_annuaire": "Mission locale de test",
    "lieu": "Roubaix",
    "adresse": "1 rue de l'Essai",
    "code_postal": "59100",
    "code_insee": "59512",
    "commune": "Roubaix",
    "lat": "50.6887",
    "lon": "3.1843",
    "precision_coord": "centre de la commune",
    "source": "jeu de test",
    "date_info": "2026",
    "confiance": "faible",
    "id_annuaire": "test-1",
    "siret": "",
    "telephone": "",
    "site_web": "",
    "url_inscription_ou_rdv": "",
}


def directory_csv(columns: tuple[str, ...]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(columns), lineterminator="\n")
    writer.writeheader()
    writer.writerow({column: DIRECTORY_ROW.get(column, "") for column in columns})
    return out.getvalue().encode("utf-8")


def fixture_files() -> dict[str, bytes]:
    """Small stand-ins for every file of the real manifest."""
    content: dict[str, bytes] = {}
    for spec in load_manifest().files:
        mini = MINI_GEODATA / spec.name
        content[spec.name] = mini.read_bytes() if mini.is_file() else directory_csv(spec.columns)
    return content


def write_manifest(path: Path, files: dict[str, bytes], *, pin: tuple[str, ...] = ()) -> Path:
    """The real manifest with size bounds for the fixture copies and checksums only for ``pin``."""
    raw = yaml.safe_load(DEFAULT_MANIFEST.read_text(encoding="utf-8"))
    for entry in raw["files"]:
        entry["min_bytes"], entry["max_bytes"] = 10, 100_000
        entry.pop("sha256", None)
        if entry["name"] in pin:
            scratch = path.parent / (entry["name"] + ".pin")
            scratch.write_bytes(files[entry["name"]])
            entry["sha256"] = sha256_of(scratch)
            scratch.unlink()
    path.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture(autouse=True)
def private_var(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Nothing these tests build may land in the checkout's var/."""
    monkeypatch.setenv("BOT_VAR_DIR", str(tmp_path / "var"))
    monkeypatch.delenv("BOT_INDEX_PATH", raising=False)
    monkeypatch.delenv("BOT_GEODATA_URL", raising=False)


@pytest.fixture
def files() -> Files:
    return Files(content=fixture_files())


@pytest.fixture
def server(files: Files) -> Iterator[FileServer]:
    with serving(files) as running:
        yield running
