"""Fixtures: a hand-written mini dataset (fast) and the real open data of ../shared/data (slow)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.config import DEFAULT_GEODATA_DIR, Settings
from bot.knowledge.geo import Resolver, load_resolver
from bot.knowledge.geo.sources import missing_sources

FIXTURES = Path(__file__).parent / "fixtures"
REAL_DATA = DEFAULT_GEODATA_DIR
REPO_KNOWLEDGE = Path(__file__).resolve().parents[2] / "knowledge"


@pytest.fixture
def mini_settings(tmp_path: Path) -> Settings:
    geodata = tmp_path / "geodata"
    shutil.copytree(FIXTURES / "geodata", geodata)
    return Settings(
        geodata_dir=geodata,
        knowledge_dir=FIXTURES / "knowledge",
        index_path=tmp_path / "var" / "geodata.index",
    )


@pytest.fixture
def mini_resolver(mini_settings: Settings) -> Resolver:
    return load_resolver(mini_settings.geodata_dir, mini_settings.index_path, mini_settings.knowledge_dir)


def _require_real_data() -> None:
    if missing_sources(REAL_DATA):
        pytest.skip(f"données ouvertes absentes de {REAL_DATA} (../shared/data à côté du dépôt)")


@pytest.fixture(scope="session")
def real_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    _require_real_data()
    return Settings(
        geodata_dir=REAL_DATA,
        knowledge_dir=REPO_KNOWLEDGE,
        index_path=tmp_path_factory.mktemp("var") / "geodata.index",
    )


@pytest.fixture(scope="session")
def real_resolver(real_settings: Settings) -> Resolver:
    return load_resolver(real_settings.geodata_dir, real_settings.index_path, real_settings.knowledge_dir)
