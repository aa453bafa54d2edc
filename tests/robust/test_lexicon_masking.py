"""Typed text in the usage log keeps only French words and the dialog's own words; names and streets typed in
a sentence are masked. The word list is read from the disk (Debian ``wfrench``), never the network."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import pytest

from bot.config import PROJECT_ROOT, Settings
from bot.engine import facts as f
from bot.privacy import privacy_text
from bot.storage.lexicon import DEFAULT_PATH, Lexicon, dialog_words, load_lexicon
from bot.storage.sqlite import open_storage

DIALOGS = PROJECT_ROOT / "dialogs"
needs_list = pytest.mark.skipif(
    not DEFAULT_PATH.is_file() and os.environ.get("CI") != "true",
    reason="liste wfrench absente (apt-get install wfrench) ; obligatoire en CI",
)


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return load_lexicon(DEFAULT_PATH, DIALOGS)


@needs_list
def test_the_word_list_is_there(lexicon: Lexicon) -> None:
    assert lexicon.available and len(lexicon) > 300_000


@needs_list
@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("je m'appelle Martine Dupont, j'habite rue Zorglub", "je m'appelle * *, j'habite rue *"),
        ("Kevin Benali veut un apprentissage", "* * veut un apprentissage"),
        ("jsp je veux etre boulanger", "jsp je veux etre boulanger"),  # SMS words, no accents: kept
        ("ÉTUDIANTE en galère", "ÉTUDIANTE en galère"),
        ("j'ai # ans [tel]", "j'ai # ans [tel]"),  # placeholders of the redaction stay
        ("مرحبا привет", "* *"),
    ],
)
def test_unknown_words_are_masked(lexicon: Lexicon, typed: str, kept: str) -> None:
    assert lexicon.mask(typed) == kept


def test_the_dialogs_words_are_kept_even_without_the_list(tmp_path: Path) -> None:
    fallback = load_lexicon(tmp_path / "absent", DIALOGS)
    assert not fallback.available
    assert "apprentissage" in dialog_words(DIALOGS) or "diplôme" in dialog_words(DIALOGS)
    masked = fallback.mask("mon diplôme Dupont")
    assert masked.endswith("*") and "Dupont" not in masked


@needs_list
async def test_stored_unmatched_text_is_masked(tmp_path: Path) -> None:
    settings = Settings(db_path=tmp_path / "bot.sqlite3", secret_path=tmp_path / "secret.key")
    async with await open_storage(settings) as storage:
        await storage.lexicon_ready()
        typed = "je suis Martine Dupont du 12 rue Zorglub, mail martine@exemple.fr"
        await storage.events.record("k", "v", [f.Answered("projet", "projet", None, "unmatched", typed)])
        await storage.events.flush()
        rows = await storage.db.fetchall("SELECT text FROM unmatched_texts")
    assert rows == [("je suis * * du # rue *, mail [email]",)]


def test_the_privacy_text_says_so() -> None:
    text = privacy_text(replace(Settings(), retention_unmatched_days=92))
    assert "dictionnaire" in text and "remplacé" in text


def test_the_list_read_by_slices_knows_the_same_words_as_read_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The word list is read, folded and hashed by slices (memory): slices that cut anywhere, accents and
    « œ » included, know exactly the words of the whole list, and nothing else."""
    from bot.storage import lexicon as module

    words = ["un", "élève", "Œuvre", "cœur", "garçon", "ÉTUDIANTE", "naïve", "apprentissage", "zèbre", "y"]
    path = tmp_path / "mots"
    path.write_text("\n".join(words * 3) + "\n", encoding="utf-8")
    monkeypatch.setattr(module, "READ_BYTES", 7)  # a few lines at a time
    sliced = load_lexicon(path, tmp_path)
    whole = Lexicon(words)
    for word in [*words, "eleve", "oeuvre", "coeur", "GARCON", "etudiante", "naive"]:
        assert word in sliced and word in whole, word
    for word in ["Dupont", "zorglub", "elev", "coeurs", "b"]:
        assert word not in sliced and word not in whole, word
    assert sliced.mask("un élève Dupont") == whole.mask("un élève Dupont") == "un élève *"


@needs_list
def test_the_lexicon_is_compact(lexicon: Lexicon) -> None:
    """8 bytes a word (sorted hashes), not a set of strings (about 60 MB once loaded)."""
    assert lexicon.nbytes <= 8 * 400_000
