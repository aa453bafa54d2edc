"""`cap-quartiers graph [--format mermaid|svg|html|dot] [--stats 30j] [--dialog FICHIER] [--out FICHIER]`.

``svg`` and ``html`` draw a real picture with Graphviz (the ``graphviz`` package and the ``dot`` program:
``apt install graphviz``): each question with its buttons, each arrow with its condition. Without Graphviz,
the Mermaid text is given instead, with a note saying how to get the picture. ``--stats 30j`` adds how many
people went along each arrow and stopped at each step over the period (« < 5 » below five), read from the
usage log like ``cap-quartiers stats``.

The committed docs/orientation.mmd is regenerated with ``cap-quartiers graph --out docs/orientation.mmd``
(a test fails when it drifts from the YAML)."""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

from bot.base.problems import Severity
from bot.config import Settings
from bot.dialogs.corpus import MAIN_DIALOG
from bot.dialogs.graph import to_mermaid
from bot.dialogs.loader import load_dialog
from bot.dialogs.model import Dialog
from bot.dialogs.picture import Overlay, to_dot, to_html

FORMATS = ("mermaid", "svg", "html", "dot")
NO_GRAPHVIZ = (
    "Graphviz n'est pas installé ({why}) : voici le schéma en texte Mermaid, sans image. "
    "Pour l'image : sudo apt install graphviz, puis make setup (ou pip install 'cap-quartiers[graph]'). "
    "Le texte Mermaid se colle aussi dans https://mermaid.live."
)


class GraphvizMissing(Exception):
    pass


def register(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--dialog", type=Path, help="le dialogue à dessiner (défaut : dialogs/orientation.yaml)"
    )
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default=None,
        help="mermaid (texte, défaut), svg ou html (image avec Graphviz), dot (source Graphviz) ; "
        "défaut : d'après l'extension de --out",
    )
    parser.add_argument(
        "--stats",
        metavar="PÉRIODE",
        help="ajoute les passages sur la période (30j, 2 semaines, 3 mois…) : personnes par flèche, "
        "arrêts par étape (« < 5 » sous cinq)",
    )
    parser.add_argument("--out", type=Path, help="fichier où écrire le schéma (défaut : l'écran)")
    parser.set_defaults(func=run)


def _format(args: argparse.Namespace) -> str:
    if args.format:
        return str(args.format)
    suffix = args.out.suffix.lower().lstrip(".") if args.out else ""
    return {"svg": "svg", "html": "html", "htm": "html", "dot": "dot", "gv": "dot"}.get(suffix, "mermaid")


def render_svg(dot: str) -> str:
    """Graphviz draws the DOT source; `GraphvizMissing` when the package or the ``dot`` program is absent."""
    try:
        import graphviz
    except ImportError:
        raise GraphvizMissing("le paquet Python graphviz manque") from None
    try:
        svg: bytes = graphviz.Source(dot).pipe(format="svg", encoding=None)
    except graphviz.ExecutableNotFound:
        raise GraphvizMissing("le programme dot est introuvable") from None
    text = svg.decode("utf-8")
    return text[text.index("<svg") :]  # without the XML prologue, to sit inside an HTML page too


def overlay_for(settings: Settings, period: str) -> Overlay:
    from bot.admin.build import admin_keys
    from bot.admin.paths import read_traffic, shown
    from bot.admin.periods import now_utc, parse_period
    from bot.cli.stats import require_database
    from bot.compose import open_stats_source
    from bot.errors import ConfigError

    try:
        window = parse_period(period, now_utc())
    except ValueError as exc:
        raise ConfigError(str(exc)) from None
    require_database(settings)

    async def read() -> Overlay:
        async with open_stats_source(settings) as source:
            found = await read_traffic(source, window, admin_keys(settings))
        return Overlay(
            window.describe(),
            {pair: shown(cell) for pair, cell in found.arrows.items() if cell.count},
            {node: shown(cell) for node, cell in found.left.items() if cell.count},
            shown(found.conversations),
        )

    return asyncio.run(read())


def draw(dialog: Dialog, fmt: str, overlay: Overlay | None) -> tuple[str, str | None]:
    """The text to write, and a note for the counsellor when Graphviz is missing."""
    if fmt == "dot":
        return to_dot(dialog, overlay), None
    if fmt == "mermaid":
        note = "--stats ne s'affiche que sur une image : --format svg ou html." if overlay else None
        return to_mermaid(dialog), note
    try:
        svg = render_svg(to_dot(dialog, overlay))
    except GraphvizMissing as exc:
        note = NO_GRAPHVIZ.format(why=exc)
        if fmt == "html":
            pre = f"<pre>{_escape(to_mermaid(dialog))}</pre>"
            return to_html(dialog, pre, overlay, note), note
        return to_mermaid(dialog), note
    if fmt == "html":
        return to_html(dialog, svg, overlay), None
    return svg, None


def _escape(text: str) -> str:
    from html import escape

    return escape(text)


def run(args: argparse.Namespace) -> int:
    settings = Settings.from_env()
    path = args.dialog or settings.dialogs_dir / MAIN_DIALOG
    dialog, problems = load_dialog(path)
    errors = [p for p in problems if p.severity is Severity.ERROR]
    if dialog is None or errors:
        for problem in problems:
            print(problem)
        print("Le dialogue contient des erreurs : corrige-les (cap-quartiers validate) puis relance.")
        return 1
    overlay = overlay_for(settings, args.stats) if args.stats else None
    fmt = _format(args)
    text, note = draw(dialog, fmt, overlay)
    out: Path | None = args.out
    if note:
        print(f"Note : {note}", file=sys.stderr)
        if out is not None and fmt == "svg":  # Mermaid text is not an SVG file
            out = out.with_suffix(".mmd")
    if out is None:
        print(text, end="")
    else:
        out.write_text(text, encoding="utf-8")
        print(f"Schéma écrit dans {out}.")
    return 0
