"""The reloader on real files: a broken knowledge file is an error like a broken dialog (refused, the
version in service kept, file:line reported); start-up falls back on the last good copy, or refuses."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from bot.config import PROJECT_ROOT, Settings
from bot.services import lastgood
from bot.services.corpus import CorpusError, CorpusPaths, PlaceCache, load_engine
from bot.services.reload import Reloader, Status


@pytest.fixture(scope="session")
def index_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("geodata") / "geodata.index"


@pytest.fixture(scope="session")
def places(index_path: Path) -> PlaceCache:
    """One cache for the module: the index is built (or read) once."""
    cache = PlaceCache()
    settings = Settings.from_env({})
    cache.index(settings.geodata_dir, index_path)
    return cache


@pytest.fixture
def paths(tmp_path: Path, index_path: Path) -> CorpusPaths:
    dialogs = shutil.copytree(PROJECT_ROOT / "dialogs", tmp_path / "dialogs")
    knowledge = shutil.copytree(PROJECT_ROOT / "knowledge", tmp_path / "knowledge")
    return CorpusPaths(dialogs, knowledge, Settings.from_env({}).geodata_dir, index_path)


def edit(path: Path, old: str, new: str) -> int:
    """Replace ``old`` by ``new`` once; the line number of the change."""
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


BROKEN_FILES = [
    # (file, old, new, words of the message)
    ("knowledge/quartiers.yaml", "code_qpv: QN05980M", "code_qpv: QN0598", "code QPV"),
    ("knowledge/quartiers.yaml", 'noms: ["Alma-Gare"', 'noms: ["Alma-Gare', "guillemet"),
    ("knowledge/structures/citeslab.yaml", "latitude: 50.2893", "latitude: 502.893", "latitude"),
    (
        "knowledge/dispositifs.yaml",
        "diplome in ['aucun', 'brevet']",
        "diplome in ['aucun', 'brevett']",
        "brevett",
    ),
    ("dialogs/orientation.yaml", "    suite: projet\n", "    suite: projett\n", "projett"),
]


@pytest.mark.parametrize(("name", "old", "new", "words"), BROKEN_FILES)
async def test_a_broken_file_is_refused_and_the_version_in_service_kept(
    paths: CorpusPaths, places: PlaceCache, tmp_path: Path, name: str, old: str, new: str, words: str
) -> None:
    reloader = Reloader(paths, tmp_path / "var" / "corpus-last-good", places)
    served = reloader.start()
    line = edit(tmp_path / name, old, new)

    report = await reloader.reload("test")

    assert report.status is Status.REFUSED and reloader.engine is served
    located = [str(p) for p in report.problems if p.path.endswith(name)]
    assert located, report.text()
    assert any(f"{name}:{line}:" in p or f"{name}:{line + 1}:" in p for p in located), located
    assert words.casefold() in " ".join(located).casefold()
    assert "Modification refusée" in report.text() and name in report.text()


async def test_valid_edits_are_swapped_in_and_identical_files_are_a_no_op(
    paths: CorpusPaths, places: PlaceCache, tmp_path: Path
) -> None:
    reloader = Reloader(paths, tmp_path / "corpus-last-good", places)
    swapped = []
    reloader.on_swap(swapped.append)
    first = reloader.start()

    assert (await reloader.reload("test")).status is Status.UNCHANGED
    edit(paths.knowledge_dir / "quartiers.yaml", '"Alma Gare"', '"Alma Gare", "la Gare de l\'Alma"')
    report = await reloader.reload("test")

    assert report.status is Status.LOADED and not report.structure_changed
    assert swapped == [reloader.engine] and reloader.engine is not first
    places_found = reloader.engine.knowledge.places
    assert places_found is not None and places_found.resolve("la gare de l'alma")
    copy = lastgood.find(tmp_path / "corpus-last-good")
    assert copy is not None and "la Gare de l'Alma" in (copy.knowledge_dir / "quartiers.yaml").read_text()


def test_start_up_on_the_last_good_copy(paths: CorpusPaths, places: PlaceCache, tmp_path: Path) -> None:
    folder = tmp_path / "corpus-last-good"
    good = Reloader(paths, folder, places).start()
    line = edit(paths.knowledge_dir / "structures" / "citeslab.yaml", "latitude: 50.2893", "latitude: nord")

    reloader = Reloader(paths, folder, places)
    engine = reloader.start()

    assert engine.version == good.version
    assert reloader.startup_notice is not None
    assert "dernière version valide" in reloader.startup_notice
    assert f"structures/citeslab.yaml:{line}:" in reloader.startup_notice
    # the broken files never overwrite the last good copy
    copy = lastgood.find(folder)
    assert (
        copy is not None
        and "latitude: 50.2893" in (copy.knowledge_dir / "structures/citeslab.yaml").read_text()
    )


def test_start_up_refuses_without_a_last_good_copy(
    paths: CorpusPaths, places: PlaceCache, tmp_path: Path
) -> None:
    line = edit(paths.dialogs_dir / "orientation.yaml", "    suite: projet\n", "    suite: projett\n")
    with pytest.raises(CorpusError) as raised:
        Reloader(paths, tmp_path / "corpus-last-good", places).start()
    assert f"orientation.yaml:{line}:" in str(raised.value)
    assert "refuse de démarrer" in str(raised.value)
    assert not (tmp_path / "corpus-last-good").exists()


def test_a_knowledge_error_is_refused_by_load_engine_like_a_dialog_error(
    paths: CorpusPaths, places: PlaceCache
) -> None:
    edit(paths.knowledge_dir / "quartiers.yaml", 'code_insee: "59512"', 'code_insee: "5951"')
    with pytest.raises(CorpusError, match=r"quartiers\.yaml:\d+: .*code INSEE"):
        load_engine(replace(paths), places)


@pytest.mark.parametrize("offer", [True, False])
async def test_a_reloaded_engine_keeps_the_options_of_the_bot(
    paths: CorpusPaths, places: PlaceCache, tmp_path: Path, offer: bool
) -> None:
    """The Telegram bot offers the follow-up after a result (`run` builds with offer_followup=True): so does
    every engine a reload swaps in; the terminal's (False) never does."""
    from bot.console.preset import preset_state
    from bot.engine import events as ev
    from bot.engine import wording
    from bot.engine.replies import Message, ResultSummary

    reloader = Reloader(paths, tmp_path / "corpus-last-good", places, offer_followup=offer)
    reloader.start()
    edit(paths.dialogs_dir / "orientation.yaml", "fr: Tu as quel âge ?", "fr: Et toi, tu as quel âge ?")
    assert (await reloader.reload("test")).status is Status.LOADED
    engine = reloader.engine
    answers = {"age": "18_25", "scolarite": "arret", "diplome": "aucun", "projet": "metier"}
    state = preset_state(engine, "lieu", answers)
    replies = engine.step(state, ev.Location(50.6942, 3.1746)).replies  # Roubaix: the result comes
    assert any(isinstance(r, ResultSummary) for r in replies)
    asked = any(isinstance(r, Message) and r.text == wording.FOLLOWUP_ASK for r in replies)
    assert asked is offer
