"""Assemble the engine with its knowledge from the settings (no Telegram, no database here)."""

from __future__ import annotations

import logging
from pathlib import Path

from bot.config import Settings
from bot.dialogs.corpus import load_corpus
from bot.engine.core import Engine, Knowledge
from bot.errors import KnowledgeError
from bot.knowledge.types import PlaceResolver, StructureFinder
from bot.services.conversation import ConversationService
from bot.storage.base import Storage

log = logging.getLogger(__name__)


def build_engine(
    settings: Settings, dialog_path: Path | None = None, *, require_places: bool = True
) -> Engine:
    """Load and check the corpus, then the place resolver and the structures.

    With ``require_places`` a missing geodata index is an error (the Telegram bot must not run without
    it); the terminal preview passes False and runs without places, saying so."""
    corpus = load_corpus(settings, dialog_path)
    places: PlaceResolver | None = None
    structures: StructureFinder | None = None
    try:
        from bot.knowledge.geo import load_resolver
        from bot.knowledge.structures import load_finder

        places = load_resolver(settings)
        structures = load_finder(settings, places)
    except KnowledgeError:
        if require_places:
            raise
        log.warning("geodata unavailable: places will not be resolved", exc_info=False)
    return Engine(corpus.dialog, Knowledge(corpus.catalogue, places, structures))


def build_service(settings: Settings, storage: Storage, engine: Engine | None = None) -> ConversationService:
    return ConversationService(engine or build_engine(settings), storage.sessions, storage.events)
