"""`cap-quartiers chat` is a faithful preview: the cards read as on Telegram (same blocks, same notes, the
map pin as a link), and ``--from NODE --set variable=valeur`` starts at a branch with answers given, the
place resolved through the place index."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from bot.cli.main import main
from bot.compose import build_engine
from bot.config import Settings
from bot.console.preset import preset_state
from bot.console.render import render
from bot.engine import events as ev
from bot.engine.replies import ResultCard
from bot.errors import ConfigError
from bot.tg import render as tg

ANSWERS = {"age": "18_25", "scolarite": "arret", "diplome": "aucun", "projet": "metier"}


GEODATA = Path("tests/knowledge/fixtures/geodata")  # Roubaix, Tourcoing, their QPV…


def _engine(tmp: Path | None = None):  # type: ignore[no-untyped-def]
    """With ``tmp``: the place index built from the small test geodata; without: no place index."""
    if tmp is not None:
        settings = Settings(geodata_dir=GEODATA, index_path=tmp / "geodata.index")
    else:
        settings = Settings(index_path=Path("/nonexistent/geodata.index"), geodata_dir=Path("/nonexistent"))
    return build_engine(settings, require_places=False)


def test_cards_read_as_on_telegram(tmp_path: Path) -> None:
    engine = _engine(tmp_path)
    state = preset_state(engine, "resultat", {**ANSWERS, "lieu": "59512"})
    result = engine.step(state, ev.Resume())
    cards = [r for r in result.replies if isinstance(r, ResultCard)]
    assert cards and any(c.places for c in cards)
    text, _ = render(result.replies)
    for card in cards:
        on_telegram = "\n\n".join(tg.join_blocks(tg.card_blocks(card)))
        plain = html.unescape(re.sub(r"</?[bi]>", "", on_telegram))
        assert plain in text  # every word of the Telegram card, in the same order
    pins = [item for c in cards for item in tg.render_card(c) if isinstance(item, tg.OutPin)]
    for pin in pins:  # Telegram's map pin, as a link
        assert f"mlat={pin.lat:.5f}&mlon={pin.lon:.5f}" in text


def test_a_card_without_place_gives_the_official_directory_like_telegram() -> None:
    engine = _engine()
    state = preset_state(engine, "resultat", ANSWERS)
    result = engine.step(state, ev.Resume())
    text, _ = render(result.replies)
    cards = [r for r in result.replies if isinstance(r, ResultCard)]
    assert cards
    for card in cards:
        plain = html.unescape(re.sub(r"</?[bi]>", "", "\n\n".join(tg.card_blocks(card))))
        assert plain in text
    assert "📒 Annuaire officiel : " in text


def test_chat_from_a_node_with_answers(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = iter(["/quitter"])
    monkeypatch.setattr("builtins.input", lambda prompt="": next(lines))
    argv = ["chat", "--from", "projet", *[f"--set={k}={v}" for k, v in ANSWERS.items() if k != "projet"]]
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert "Qu'est-ce que tu aimerais faire ?" in out and "[1] Apprendre un métier" in out
    assert "Tu as quel âge ?" not in out  # straight to the branch


def test_a_place_by_insee_or_qpv_code_or_name(tmp_path: Path) -> None:
    engine = _engine(tmp_path)
    by_insee = preset_state(engine, "resultat", {"lieu": "59512"}).answers["lieu"]
    assert by_insee["code_insee"] == "59512" and by_insee["commune"] == "Roubaix"
    by_qpv = preset_state(engine, "resultat", {"lieu": "QN05980M"}).answers["lieu"]
    assert by_qpv["code_qpv"] == "QN05980M"
    by_name = preset_state(engine, "resultat", {"lieu": "Tourcoing"}).answers["lieu"]
    assert by_name["code_insee"] == "59599"


@pytest.mark.parametrize(
    ("start", "sets", "message"),
    [
        (
            "projett",
            {},
            "--from projett : ce nœud n'existe pas dans dialogs/orientation.yaml. "
            "Vouliez-vous dire « projet » ?",
        ),
        (
            None,
            {"agee": "18_25"},
            "--set agee=… : aucune question ne remplit « agee ». Vouliez-vous dire « age » ?",
        ),
        (
            None,
            {"age": "18-25"},
            "--set age=18-25 : ce n'est pas un choix de la question « age ». Vouliez-vous dire « 18_25 » ?",
        ),
    ],
)
def test_mistakes_are_refused_in_french(start: str | None, sets: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigError) as error:
        preset_state(_engine(), start, sets)
    assert str(error.value) == message


def test_a_place_without_the_index_says_how_to_build_it() -> None:
    with pytest.raises(ConfigError, match="cap-quartiers geodata build"):
        preset_state(_engine(), "resultat", {"lieu": "59512"})


def test_bad_set_syntax(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["chat", "--set", "age"]) == 1
    assert "écris --set variable=valeur" in capsys.readouterr().err
