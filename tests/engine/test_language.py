"""The dialog in the person's language: Telegram's language code at the start, /langue at any time."""

from __future__ import annotations

from bot.engine import events as ev
from bot.engine import facts as fx
from bot.engine.core import Engine
from bot.engine.replies import Message
from tests.engine.conftest import Transcript


def start_in(talk: Transcript, lang: str) -> None:
    """/start from an app set to ``lang``."""
    result = talk.engine.step(None, ev.Start(), lang=lang)
    talk.state, talk.replies = result.state, result.replies


def test_the_app_language_chooses_the_dialog_language_when_the_dialog_has_it(engine: Engine) -> None:
    english = engine.step(None, ev.Start(), lang="en-GB")
    assert english.state.lang == "en"
    assert any(isinstance(r, Message) and r.text == "How old are you?" for r in english.replies)
    arabic = engine.step(None, ev.Start(), lang="ar")  # no Arabic in the dialog: French
    assert arabic.state.lang == "fr"
    assert engine.step(None, ev.Start(), lang=None).state.lang == "fr"


def test_a_saved_conversation_keeps_its_language_whatever_the_app_says(talk: Transcript) -> None:
    talk.start()
    talk.send(ev.ChooseLanguage("en"))
    result = talk.engine.step(talk.state, ev.Start(), lang="fr")
    assert result.state.lang == "en"


def test_langue_switches_and_asks_the_current_question_again(talk: Transcript) -> None:
    talk.start()
    talk.press("18 à 25 ans")
    talk.type("langue")
    assert [b.label for b in talk.buttons()] == ["🇫🇷 Français", "🇬🇧 English"]
    talk.press("🇬🇧 English")
    assert "OK, let's continue in English." in talk.text()
    assert "Are you still in school" in talk.text()
    assert "Yes, I'm still studying" in [b.label for b in talk.buttons()]
    assert fx.LanguageChanged("en") in talk.facts
    talk.type("blabla")  # the engine's own words in English too
    assert talk.text().startswith("I didn't understand")
    talk.send(ev.ChooseLanguage("fr"))
    assert "D'accord, on continue en français." in talk.text()
    assert "Tu vas encore à l'école" in talk.text()


def test_a_language_the_dialog_lacks_is_refused_kindly(talk: Transcript) -> None:
    talk.start()
    talk.send(ev.ChooseLanguage("de"))
    assert talk.state is not None and talk.state.lang == "fr"
    assert "n'existe qu'en français" in talk.text()


def test_an_english_journey_has_english_engine_words(talk: Transcript) -> None:
    start_in(talk, "en")
    talk.press("18 to 25")
    talk.press("I stopped over a year ago")
    talk.press("No diploma")
    talk.press("Find a job")
    talk.type("roubais")
    assert "is that right?" in talk.text()
    talk.press("✅ Yes")
    assert "Here are the options that fit you best:" in talk.text()
    assert talk.cards()
    labels = [b.label for b in talk.summary().buttons]
    assert labels[0] == "ℹ️ Details 1" and "👍 That helps" in labels and "👎 Not really" in labels
    assert "📤 Share the bot" in labels
    assert all(c.why is None or "Pourquoi" not in c.why for c in talk.cards())
    talk.press("ℹ️ Details 1")  # the door's details, back to the summary: in English too
    assert [b.label for b in talk.buttons()] == ["⬅️ Back to the options"]


def test_modify_screen_uses_the_titles_in_the_language(talk: Transcript) -> None:
    start_in(talk, "en")
    talk.press("18 to 25")
    talk.send(ev.Modify())
    assert [b.label for b in talk.buttons()] == ["Your age : 18 to 25"]
