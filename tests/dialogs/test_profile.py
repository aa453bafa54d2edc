"""The bot's Telegram profile (dialogs/profil/telegram.yaml): the shipped one is complete in French and
English and offers exactly the commands the bot answers; mistakes are reported with file:line."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.dialogs.profile import HANDLED_COMMANDS, load_profile, served_profile
from bot.errors import DialogError

SHIPPED = Path("dialogs/profil/telegram.yaml")


def test_the_shipped_profile_is_complete_in_french_and_english() -> None:
    profile, problems = load_profile(SHIPPED)
    assert profile is not None and problems == []
    assert profile.languages == ("fr", "en")
    assert [c for c, _ in profile.commands] == list(HANDLED_COMMANDS)
    for _, text in profile.commands:
        assert set(text.translations) == {"fr", "en"}


def test_the_commands_offered_are_the_ones_the_bot_answers() -> None:
    from bot.tg.commands import Commands
    from bot.tg.edge import Edge

    handled: set[str] = set()
    for handler in Commands(Edge(settings=None)).handlers():  # type: ignore[arg-type]
        handled |= set(getattr(handler, "commands", ()))
    assert set(HANDLED_COMMANDS) <= handled


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "profil" / "telegram.yaml"
    path.parent.mkdir()
    path.write_text(text, encoding="utf-8")
    return path


def test_mistakes_are_reported_where_they_are(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "description:\n"
        f"  fr: {'x' * 513}\n"
        "description_courte: Trouve où aller.\n"
        "commandes:\n"
        "  start:\n"
        "    fr: Commencer\n"
        "    en: Start\n"
        "  recomencer: Tout reprendre\n",
    )
    profile, problems = load_profile(path)
    assert profile is None
    messages = [f"{p.line}: {p.message} {p.hint or ''}".strip() for p in problems]
    assert any(m.startswith("1: « description » (fr) fait 513 caractères") for m in messages)
    assert any(m.startswith("8: clé inconnue « recomencer »") and "recommencer" in m for m in messages), (
        messages
    )
    with pytest.raises(DialogError, match="le profil du bot contient des erreurs"):
        served_profile(path)


def test_a_language_missing_somewhere_is_a_warning(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "description: {fr: Bonjour, en: Hello}\n"
        "description_courte: Trouve où aller.\n"
        "commandes:\n"
        "  start: {fr: Commencer, en: Start}\n",
    )
    profile, problems = load_profile(path)
    assert profile is not None
    assert [(p.line, p.severity.value) for p in problems] == [(2, "avertissement")]
    assert "pas de texte en en" in problems[0].message


def test_no_file_no_profile(tmp_path: Path) -> None:
    assert served_profile(tmp_path / "absent.yaml") is None


def test_validate_reads_a_file_of_a_profil_folder_as_the_profile(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from bot.cli.main import main

    path = write(
        tmp_path, "description: Bonjour\ndescription_courte: Salut\ncommandes:\n  aide: Aide\n  debut: X\n"
    )
    assert main(["validate", str(path)]) == 1
    out = capsys.readouterr().out
    assert "telegram.yaml:5: clé inconnue « debut »" in out
    assert main(["validate", str(SHIPPED)]) == 0
