"""The DOT source of the dialog picture: every node with its buttons, arrows from the buttons that lead
elsewhere, conditions on the arrows, and the usage overlay when given."""

from __future__ import annotations

from pathlib import Path

from bot.dialogs.loader import load_dialog, load_dialog_text
from bot.dialogs.picture import START, Overlay, to_dot, to_html

TEXT = (
    "dialogue: d\ndebut: q\nnoeuds:\n  q:\n    titre: La question\n    texte: 'Tu dis \"oui\" ? 👋'\n"
    "    variable: v\n    choix:\n"
    "      - id: oui\n        libelle: Oui & plus\n        suite: fin\n"
    "      - id: non\n        libelle: Non\n"
    "    suite:\n      - si: \"v == 'non'\"\n        suite: r\n      - suite: fin\n"
    "  r:\n    texte: Voici\n    resultat:\n      max: 2\n      dispositifs: [e2c]\n"
    "  fin:\n    texte: Au revoir\n    fin: true\n"
)


def _dialog():  # type: ignore[no-untyped-def]
    dialog, problems = load_dialog_text(TEXT, "d.yaml")
    assert dialog is not None and problems == []
    return dialog


def test_each_question_shows_its_buttons_with_a_port() -> None:
    dot = to_dot(_dialog())
    assert '<TD PORT="c_oui" ALIGN="LEFT" BGCOLOR="white">▸ Oui &amp; plus' in dot
    assert '<TD PORT="c_non" ALIGN="LEFT" BGCOLOR="white">▸ Non' in dot
    assert "<B>q</B> · La question" in dot
    assert "Tu dis &quot;oui&quot; ?</FONT>" in dot  # escaped, without the emoji Graphviz cannot draw
    assert "★ 2 pistes au plus : e2c" in dot
    assert "■ fin de la conversation" in dot


def test_arrows_leave_from_the_button_or_the_box_and_carry_conditions() -> None:
    dot = to_dot(_dialog())
    assert '"q":c_oui:e -> "fin" [];' in dot
    assert '"q":s -> "r" [label="autres choix ; v == \'non\'"];' in dot
    assert '"q":s -> "fin" [label="autres choix ; sinon"];' in dot
    assert f'"{START}" -> "q" [penwidth=2];' in dot


def test_overlay_puts_people_on_arrows_and_stops_on_nodes() -> None:
    overlay = Overlay("30 jours", {(START, "q"): "12", ("q", "r"): "< 5"}, {"q": "7"}, "12")
    dot = to_dot(_dialog(), overlay)
    assert f'"{START}" -> "q" [penwidth=2, label="12 pers."];' in dot
    hot = 'color="#b91c1c", penwidth=2, fontcolor="#b91c1c"'
    assert f'"q":s -> "r" [{hot}, label="autres choix ; v == \'non\'\\n< 5 pers."];' in dot
    assert "arrêtés ici : 7" in dot
    page = to_html(_dialog(), "<svg></svg>", overlay)
    assert "30 jours — 12 conversations" in page and "« &lt; 5 » : moins de cinq personnes" in page


def test_the_shipped_dialog_is_drawn_whole() -> None:
    dialog, _ = load_dialog(Path("dialogs/orientation.yaml"))
    assert dialog is not None
    dot = to_dot(dialog)
    for node in dialog.nodes.values():
        assert f'"{node.id}" [label=<' in dot
        for choice in node.choices:
            assert f'PORT="c_{choice.id}"' in dot
