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
from bot.engine.replies import CardDetails, ResultSummary
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


def _on_telegram(reply: ResultSummary | CardDetails, version: str) -> list[tg.Outgoing]:
    return tg.render_result(reply, version, None)


def _plain(item: tg.Outgoing) -> str:
    assert isinstance(item, tg.OutText)
    return html.unescape(re.sub(r"<[^>]+>", "", item.text))


def test_the_result_reads_as_on_telegram(tmp_path: Path) -> None:
    """The summary, then a door's details: every word Telegram shows, in the same order, and Telegram's map
    pin as a link (the result is the compact summary of main; its doors open in place)."""
    engine = _engine(tmp_path)
    state = preset_state(engine, "resultat", {**ANSWERS, "lieu": "59512"})
    result = engine.step(state, ev.Resume())
    summary = next(r for r in result.replies if isinstance(r, ResultSummary))
    assert summary.cards and any(c.places for c in summary.cards)
    text, buttons = render(result.replies)
    sent = _on_telegram(summary, result.state.version)
    assert _plain(sent[0]) in text  # every word of the Telegram summary, in the same order
    for pin in [item for item in sent if isinstance(item, tg.OutPin)]:  # Telegram's map pin, as a link
        assert f"mlat={pin.lat:.5f}&mlon={pin.lon:.5f}" in text
    assert "https://www.openstreetmap.org/" in text  # the place names' map links, which Telegram hides
    door = next(b.event for b in buttons if isinstance(b.event, ev.Details))
    opened = engine.step(result.state, door)
    details = next(r for r in opened.replies if isinstance(r, CardDetails))
    text, _ = render(opened.replies)
    assert _plain(_on_telegram(details, opened.state.version)[0]) in text


def test_a_door_without_place_gives_the_official_directory_like_telegram() -> None:
    engine = _engine()
    state = preset_state(engine, "resultat", ANSWERS)
    result = engine.step(state, ev.Resume())
    summary = next(r for r in result.replies if isinstance(r, ResultSummary))
    text, buttons = render(result.replies)
    assert _plain(_on_telegram(summary, result.state.version)[0]) in text
    doors = [b.event for b in buttons if isinstance(b.event, ev.Details)]
    assert doors
    for door in doors:
        opened = engine.step(result.state, door)
        details = next(r for r in opened.replies if isinstance(r, CardDetails))
        text, _ = render(opened.replies)
        assert _plain(_on_telegram(details, opened.state.version)[0]) in text
        if details.card.directory_url:
            assert f"📒 Annuaire officiel : {details.card.directory_url}" in text


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
