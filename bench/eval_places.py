"""What the bot understands of places typed by young people: the typed-places set, scored with the
engine's rule (one place offered alone, or buttons). Needs the open data (see SOURCES.md).

    .venv/bin/python bench/eval_places.py [--all]

Prints, per category: right, silently wrong, missed; then the silent mistakes (and with --all every
item that is not right). The gate is tests/knowledge/test_typed_places.py (right >= 95 %, silent <= 1 %)."""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.config import Settings
from bot.knowledge.geo import load_resolver
from bot.knowledge.geo.sources import missing_sources
from tests.knowledge.place_eval import evaluate, load_items


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--all", action="store_true", help="list every item that is not right")
    args = parser.parse_args()
    settings = Settings.from_env()
    if missing_sources(settings.geodata_dir):
        print(f"données absentes de {settings.geodata_dir} : définis BOT_GEODATA_DIR")
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        resolver = load_resolver(settings.geodata_dir, Path(tmp) / "geodata.index", settings.knowledge_dir)
    items = load_items()
    report = evaluate(resolver, items)
    print(f"{len(items)} réponses tapées (tests/knowledge/typed_places.yaml)")
    print("\n".join(report.lines()))
    shown = [o for o in report.outcomes if o.verdict != "right" and (args.all or o.verdict == "silent")]
    if shown:
        print("\nsilencieusement faux" + (" et ratés" if args.all else "") + " :")
    for outcome in shown:
        item = outcome.item
        context = f" (après {item.within})" if item.within else ""
        print(f"  [{outcome.verdict}] {item.text!r}{context} -> {outcome.shown} ; attendu {item.expect}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
