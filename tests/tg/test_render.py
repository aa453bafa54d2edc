"""The renderer on plain Reply objects: keyboards, location keyboard life cycle, cards, lengths."""

from __future__ import annotations

from dataclasses import replace

from telegram import InlineKeyboardMarkup, ReplyKeyboardMarkup, ReplyKeyboardRemove

from bot.dialogs import codec
from bot.engine.events import Choose, Details, Feedback, Restart, Share, Summary
from bot.engine.replies import (
    Button,
    CardDetails,
    Message,
    PlaceInfo,
    ResultCard,
    ResultSummary,
    format_distance,
)
from bot.present.cards import information_date, tappable_phone
from bot.tg.render import (
    MAX_TEXT,
    OutPin,
    OutText,
    answered_text,
    join_blocks,
    render,
    split_text,
)

V = "orientation@test"


def texts(items: tuple[object, ...]) -> list[OutText]:
    return [i for i in items if isinstance(i, OutText)]


def test_buttons_become_an_inline_keyboard_with_codec_payloads() -> None:
    question = Message(
        "Tu as quel âge ?",
        (
            Button("16 ou 17 ans", Choose("age", "16_17")),
            Button("18 à 25 ans", Choose("age", "18_25")),
            Button("Une étiquette vraiment très longue", Choose("age", "x")),
        ),
    )
    rendered = render([question], version=V, keyboard_shown=False)
    (item,) = rendered.items
    assert isinstance(item, OutText) and isinstance(item.markup, InlineKeyboardMarkup)
    rows = item.markup.inline_keyboard
    assert [len(r) for r in rows] == [2, 1]  # short labels paired, long label alone
    assert rows[0][1].callback_data == codec.encode(Choose("age", "18_25"), V)


def test_oversized_payload_drops_the_button_not_the_message() -> None:
    question = Message("Q", (Button("ok", Restart()), Button("trop long", Choose("n" * 60, "c"))))
    (item,) = render([question], version=V, keyboard_shown=False).items
    assert isinstance(item, OutText) and isinstance(item.markup, InlineKeyboardMarkup)
    assert [b.text for row in item.markup.inline_keyboard for b in row] == ["ok"]


def test_location_keyboard_shown_while_asked_then_removed() -> None:
    asked = render([Message("Tu habites où ?", request_location=True)], version=V, keyboard_shown=False)
    assert asked.location_keyboard is True
    (item,) = asked.items
    assert isinstance(item, OutText) and isinstance(item.markup, ReplyKeyboardMarkup)
    assert item.markup.keyboard[0][0].request_location
    assert item.markup.one_time_keyboard and item.markup.resize_keyboard

    # next step has a plain message first: it carries the removal
    after = render(
        [Message("Merci !"), Message("Suite", (Button("a", Restart()),))], version=V, keyboard_shown=True
    )
    assert after.location_keyboard is False
    assert isinstance(texts(after.items)[0].markup, ReplyKeyboardRemove)
    assert isinstance(texts(after.items)[1].markup, InlineKeyboardMarkup)

    # only buttoned messages: no extra message (one call a step); the next plain message closes it
    only_buttons = render([Message("Suite", (Button("a", Restart()),))], version=V, keyboard_shown=True)
    assert [t.text for t in texts(only_buttons.items)] == ["Suite"]
    assert isinstance(texts(only_buttons.items)[0].markup, InlineKeyboardMarkup)
    assert only_buttons.location_keyboard is True  # still to be closed
    later = render([Message("Voici")], version=V, keyboard_shown=only_buttons.location_keyboard)
    assert isinstance(texts(later.items)[0].markup, ReplyKeyboardRemove) and later.location_keyboard is False

    # unknown (after a restart): removed only when it costs no extra message
    unknown = render([Message("Suite", (Button("a", Restart()),))], version=V, keyboard_shown=None)
    assert unknown.location_keyboard is None and len(unknown.items) == 1


def test_location_asked_with_buttons_adds_a_hint_with_the_keyboard() -> None:
    rendered = render(
        [Message("Où ?", (Button("Passer", Restart()),), request_location=True)],
        version=V,
        keyboard_shown=False,
    )
    first, second = texts(rendered.items)
    assert isinstance(first.markup, InlineKeyboardMarkup)
    assert isinstance(second.markup, ReplyKeyboardMarkup)


PLACE = PlaceInfo(
    nom="Mission Locale <Roubaix>",
    adresse="1 rue de l'Ouest",
    code_postal="59100",
    commune="Roubaix",
    distance_km=1.26,
    telephone="03 20 00 00 00",
    site_web="https://ml.example.fr",
    horaires="Lun-ven 9h-17h",
    lat=50.69,
    lon=3.17,
    date_maj="2024-05-01",
    source="curé à la main",
    freshness_note="Vérifie avant d'y aller",
    structure_id="ml-roubaix",
)


def card(**changes: object) -> ResultCard:
    base: dict[str, object] = {
        "dispositif_id": "mission_locale",
        "title": "Mission Locale & CEJ",
        "summary": "Un conseiller t'accompagne.",
        "reasons": ("tu as 19 ans", "tu n'as pas de diplôme"),
        "status_note": "Programme en cours",
        "places": (PLACE,),
    }
    base.update(changes)
    return ResultCard(**base)  # type: ignore[arg-type]


def summary(*cards: ResultCard, pin: bool = True) -> ResultSummary:
    buttons = tuple(Button(f"ℹ️ Détails {c.rank}", Details(c.dispositif_id)) for c in cards)
    return ResultSummary(
        "Voici tes pistes :", cards, (*buttons, Button("👍", Feedback(True)), Button("📤", Share())), pin=pin
    )


def test_summary_is_one_escaped_html_message_then_one_venue() -> None:
    rendered = render(
        [summary(card(why="tu n'as pas de diplôme"))], version=V, keyboard_shown=False, bot_username="cq_bot"
    )
    text, pin = rendered.items
    assert isinstance(text, OutText) and text.html and not text.preview
    assert "<b>1. Mission Locale &amp; CEJ</b>" in text.text
    assert "Pourquoi : tu n'as pas de diplôme." in text.text
    assert ">Mission Locale &lt;Roubaix&gt;</a>, à 1,3 km" in text.text
    assert "📞 +33 3 20 00 00 00" in text.text
    # the summary is short: no description, hours or website (they are in the details)
    assert "Lun-ven" not in text.text and "Un conseiller" not in text.text
    assert isinstance(pin, OutPin) and pin.title == "Mission Locale <Roubaix>"
    assert pin.address == "1 rue de l'Ouest, 59100 Roubaix"
    assert isinstance(text.markup, InlineKeyboardMarkup)
    rows = text.markup.inline_keyboard
    assert [b.text for b in rows[0]] == ["ℹ️ Détails 1"]  # the details on their own row
    share = next(b for row in rows for b in row if b.text == "📤")
    assert share.url is not None and share.url.startswith("https://t.me/share/url?url=")
    assert "t.me%2Fcq_bot%3Fstart%3Dsrc_partage" in share.url


def test_share_button_left_out_until_the_bot_name_is_known() -> None:
    (text, _) = render([summary(card())], version=V, keyboard_shown=False).items
    assert isinstance(text, OutText) and isinstance(text.markup, InlineKeyboardMarkup)
    assert "📤" not in [b.text for row in text.markup.inline_keyboard for b in row]


def test_approximate_position_is_a_map_search_never_a_pin() -> None:
    approx = PlaceInfo(nom="CitésLab", commune="Tourcoing", lat=50.7, lon=3.16, approximate_position=True)
    items = render([summary(card(places=(approx,)))], version=V, keyboard_shown=False).items
    assert len(items) == 1  # no pin on the town hall
    (text,) = items
    assert isinstance(text, OutText)
    assert 'href="https://www.openstreetmap.org/search?query=Cit%C3%A9sLab%2C+Tourcoing"' in text.text
    details = render([CardDetails(card(places=(approx,)))], version=V, keyboard_shown=False).items
    (full,) = details
    assert isinstance(full, OutText) and "Adresse exacte inconnue" in full.text and full.edit


def test_repeat_of_a_summary_sends_no_second_pin() -> None:
    items = render([summary(card(), pin=False)], version=V, keyboard_shown=False).items
    assert [type(i) for i in items] == [OutText]


def test_details_have_everything() -> None:
    (text,) = render(
        [CardDetails(card(), (Button("⬅️ Retour aux pistes", Summary(0)),))], version=V, keyboard_shown=False
    ).items
    assert isinstance(text, OutText) and text.edit and text.html
    assert "Pourquoi : tu as 19 ans, tu n'as pas de diplôme." in text.text
    assert "Un conseiller t'accompagne." in text.text and "Programme en cours" in text.text
    assert "https://ml.example.fr" in text.text and "Lun-ven 9h-17h" in text.text
    assert "Information du 01/05/2024" in text.text and "Vérifie avant d'y aller" in text.text
    assert "📞 +33 3 20 00 00 00" in text.text


def test_summary_without_place_points_to_the_directory() -> None:
    empty = card(
        places=(), no_place_note="Je ne connais pas de lieu proche.", directory_url="https://annuaire.fr"
    )
    (text,) = render([summary(empty)], version=V, keyboard_shown=False).items
    assert isinstance(text, OutText)
    assert (
        'Pas de lieu connu près de chez toi : <a href="https://annuaire.fr">annuaire officiel</a>'
        in text.text
    )


def test_phones_become_international_so_telegram_makes_them_tappable() -> None:
    assert tappable_phone("03 62 26 04 00") == "+33 3 62 26 04 00"
    assert tappable_phone("0362260400") == "+33 3 62 26 04 00"
    assert tappable_phone("02 62 41 00 00") == "+262 262 41 00 00"
    assert tappable_phone("+33 1 00 00 00 00") == "+33 1 00 00 00 00"
    assert tappable_phone("3949") == "3949"


def test_long_texts_are_split_under_the_limit() -> None:
    long = "\n".join(f"ligne {i} " + "x" * 80 for i in range(200))
    pieces = split_text(long)
    assert len(pieces) > 1 and all(len(p) <= MAX_TEXT for p in pieces)
    assert "".join(pieces).replace("\n", "") == long.replace("\n", "")
    assert all(len(m) <= MAX_TEXT for m in join_blocks(["a" * 3000, "b" * 3000, "c" * 5000]))
    rendered = render([Message(long, (Button("ok", Feedback(True)),))], version=V, keyboard_shown=False)
    items = texts(rendered.items)
    assert len(items) > 1 and items[-1].markup is not None and items[0].markup is None


def test_answered_text_and_distances() -> None:
    assert answered_text("Tu as quel âge ?", "18 à 25 ans") == "Tu as quel âge ?\n\n✅ 18 à 25 ans"
    assert answered_text("Roubaix, c'est ça ?", "✅ Oui").endswith("\n\n✅ Oui")
    assert len(answered_text("x" * MAX_TEXT, "ok")) <= MAX_TEXT
    assert information_date("2019") == "Information de 2019"
    assert information_date("2020-04") == "Information de 04/2020"
    assert format_distance(0.05) == "à moins de 100 m"
    assert format_distance(0.42) == "à 420 m"
    assert format_distance(3.25) == "à 3,2 km"
    assert format_distance(27.6) == "à 28 km"


# ------------------------------------------------------------------------------------------ joined
def labels(item: OutText) -> list[str]:
    assert isinstance(item.markup, InlineKeyboardMarkup)
    return [b.text for row in item.markup.inline_keyboard for b in row]


def test_a_text_without_buttons_and_the_next_question_are_one_message() -> None:
    welcome = Message("Salut 👋 Je t'aide.")
    question = Message("Tu as quel âge ?", (Button("18 à 25 ans", Choose("age", "18_25")),))
    for shown in (None, False):  # unknown (a new chat) or known closed
        (item,) = render([welcome, question], version=V, keyboard_shown=shown).items
        assert isinstance(item, OutText) and not item.html
        assert item.text == "Salut 👋 Je t'aide.\n\nTu as quel âge ?" and labels(item) == ["18 à 25 ans"]
    # a text before the place question goes with it, under the location keyboard
    (asked,) = render(
        [Message("Je n'ai pas trouvé."), Message("Tu habites où ?", request_location=True)],
        version=V,
        keyboard_shown=True,
    ).items
    assert isinstance(asked, OutText) and isinstance(asked.markup, ReplyKeyboardMarkup)
    assert asked.text == "Je n'ai pas trouvé.\n\nTu habites où ?"


def test_texts_that_do_not_fit_together_stay_apart() -> None:
    long = Message("x" * (MAX_TEXT - 10))
    question = Message("Tu as quel âge ?", (Button("18 à 25 ans", Choose("age", "18_25")),))
    assert len(render([long, question], version=V, keyboard_shown=False).items) == 2
    # two questions with buttons each: each keeps its own message
    other = Message("Et ensuite ?", (Button("ok", Restart()),))
    assert len(render([question, other], version=V, keyboard_shown=False).items) == 2
    # a result is never joined to what comes before it (it can be forwarded as it is)
    items = render(
        [Message("Avec plaisir 🙂"), summary(card(), pin=False)], version=V, keyboard_shown=False
    ).items
    assert [i.html for i in texts(items)] == [False, True]


def test_the_thanks_after_feedback_ends_the_result_in_the_same_edit() -> None:
    shown = replace(summary(card(), pin=False), edit=True)
    thanks = Message("Merci ! 🙌 Bonne route & à bientôt.", (Button("🔄 Recommencer", Restart()),))
    (item,) = render([shown, thanks], version=V, keyboard_shown=False).items
    assert isinstance(item, OutText) and item.html and item.edit
    assert item.text.endswith("\n\nMerci ! 🙌 Bonne route &amp; à bientôt.")  # escaped into the HTML
    assert labels(item) == ["ℹ️ Détails 1", "👍", "🔄 Recommencer"]  # (no bot name: no share button)
    # a button the result already has is not repeated
    again = Message("Merci !", (Button("ℹ️ Détails 1", Details("mission_locale")),))
    (item,) = render([shown, again], version=V, keyboard_shown=False).items
    assert isinstance(item, OutText) and labels(item) == ["ℹ️ Détails 1", "👍"]
    # a question after it (the follow-up offer) keeps a message of its own; so does a new result's text
    offer = Message("Je te relance dans 7 jours ?", (Button("Oui", Restart()),))
    assert len(render([shown, thanks, offer], version=V, keyboard_shown=False).items) == 3
    fresh = summary(card(), pin=False)
    assert len(render([fresh, thanks], version=V, keyboard_shown=False).items) == 2
