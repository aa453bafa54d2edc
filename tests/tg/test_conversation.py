"""A person goes from /start to a result card with a real place, by buttons and by typing."""

from __future__ import annotations

import statistics

from tests.tg.conftest import RunningBot
from tests.tg.fakebotapi import FakeUser

ROUBAIX_ALMA = (50.6965, 3.1653)  # Alma-Gare, Roubaix


def markup(message: dict[str, object]) -> dict[str, object]:
    """The inline keyboard of a message, or the reply keyboard (or its removal) sent with it."""
    value = message.get("reply_markup") or message.get("x_keyboard")
    return value if isinstance(value, dict) else {}


async def answer_questions_by_buttons(user: FakeUser) -> None:
    await user.send("/start")
    assert "Pas besoin de donner ton nom" in user.texts()[0]
    assert user.last_paragraph() == "Tu as quel âge ?"
    await user.press("18 à 25 ans")
    await user.press("plus d'un an")
    await user.press("Aucun diplôme")
    await user.press("Trouver un travail")


async def test_full_conversation_by_buttons(bot: RunningBot) -> None:
    user = bot.user()
    await answer_questions_by_buttons(user)

    # every press answered; each answered question marked in place, and the next question continues the
    # same message (one edit a press) until one needs the reply keyboard
    assert len(bot.api.calls_of("answerCallbackQuery")) == 4
    # the welcome and the first question are one message, continued by each press
    age = user.messages()[0]
    assert age["text"].startswith("Salut 👋")
    assert "Tu as quel âge ?\n\n✅ 18 à 25 ans\n\nTu vas encore à l'école" in age["text"]
    assert "✅ Trouver un travail" in age["text"] and "reply_markup" not in age
    assert len(bot.api.calls_of("editMessageText")) == 4 and len(bot.api.calls_of("sendMessage")) == 2

    # the place question shows the "share my position" keyboard
    ask_place = user.messages()[-1]
    assert ask_place["text"].startswith("Tu habites où ?")
    keyboard = markup(ask_place)["keyboard"]
    assert keyboard[0][0]["request_location"] is True  # type: ignore[index]

    # a shared position is taken at once (« J'ai compris : … », with a way to change it): no yes/no
    await user.share_location(*ROUBAIX_ALMA)
    understood = next(m for m in user.messages() if m.get("text", "").startswith("J'ai compris"))
    assert (
        understood["text"] == "J'ai compris : Roubaix (59100), quartier Blanc Seau – Croix Bas Saint Pierre."
    )
    assert [b["text"] for row in markup(understood)["inline_keyboard"] for b in row] == ["✏️ Modifier"]  # type: ignore[index]
    summary = user.messages()[-1]
    assert summary["text"].startswith("Voici les pistes") and summary["x_parse_mode"] == "HTML"
    assert "Mission Locale de Roubaix" in summary["text"] and "+33 3 62 26 04 00" in summary["text"]
    assert "Pourquoi :" in summary["text"]
    # the location keyboard is one-time (phones hide it once used): no message of its own closes it
    assert markup(ask_place)["one_time_keyboard"] is True
    assert len(user.messages()) == 4  # welcome + questions, place question, « J'ai compris », summary…
    assert "Ça m'aide" in " ".join(user.buttons())

    await user.press("Ça m'aide")
    assert bot.api.calls_of("answerCallbackQuery")[-1].params.get("text") is None


async def test_full_conversation_by_typing(bot: RunningBot) -> None:
    user = bot.user(1002)
    await user.send("/start")
    await user.send("19")
    assert user.last_text().startswith("Tu vas encore à l'école")
    await user.send("non, arrêté ya 2 ans")
    await user.send("rien")
    await user.send("un job")
    assert user.last_text().startswith("Tu habites où ?")
    await user.send("Roubaix")
    assert "Roubaix (59100)" in user.last_text()
    await user.send("oui")
    assert any("Mission Locale de Roubaix" in t for t in user.texts())
    # typed answers leave no live buttons behind on earlier questions
    questions = [
        m for m in user.messages() if m.get("text", "").startswith(("Tu as quel âge", "Tu vas encore"))
    ]
    assert questions and all("inline_keyboard" not in markup(m) for m in questions)


async def test_commands_menu_is_published_in_french_and_english(bot: RunningBot) -> None:
    calls = bot.api.calls_of("setMyCommands")
    languages = {c.params.get("language_code") for c in calls}
    assert languages == {None, "fr", "en"}
    french = next(c for c in calls if c.params.get("language_code") is None)
    names = [c["command"] for c in french.params["commands"]]
    assert names == [
        "start",
        "aide",
        "retour",
        "recommencer",
        "resultats",
        "langue",
        "confidentialite",
        "oubli",
    ]


async def test_median_reply_latency(bot: RunningBot) -> None:
    for n in range(3):
        user = bot.user(2000 + n)
        await answer_questions_by_buttons(user)
        await user.share_location(*ROUBAIX_ALMA)
        assert any("Mission Locale" in t for t in user.texts())
    latencies = bot.api.latencies
    median = statistics.median(latencies)
    print(f"\nmedian reply latency over {len(latencies)} replies: {median * 1000:.1f} ms")
    assert median < 0.5


async def test_a_press_continues_the_question_only_when_it_is_the_last_message(bot: RunningBot) -> None:
    user = bot.user(1003)
    await user.send("/start")
    age = user.messages()[-1]
    await user.send("/confidentialite")  # a message below the question: it must not be continued
    await user.press("18 à 25 ans", message=age)
    assert age["text"].endswith("\n\nTu as quel âge ?\n\n✅ 18 à 25 ans") and "reply_markup" not in age
    assert user.last_text().startswith("Tu vas encore à l'école")  # sent below, as a new message
    before = len(bot.api.calls)
    await user.press("plus d'un an")  # the last message now: one edit, no new message
    methods = [c.method for c in bot.api.calls[before:] if c.method != "getUpdates"]
    assert sorted(methods) == ["answerCallbackQuery", "editMessageText"]
    assert user.current_text().startswith("C'est quoi ton diplôme")
    assert "✅ J'ai arrêté il y a plus d'un an\n\nC'est quoi ton diplôme" in user.last_text()
