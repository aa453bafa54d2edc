"""Structures: curated entries, imported directories, the nearest-door finder and knowledge checks.

Public API: :func:`load_finder` (start-up), :func:`check_knowledge` (validator),
:func:`freshness_note` / :func:`directory_for` (result card)."""

from bot.knowledge.structures.checks import check_knowledge
from bot.knowledge.structures.finder import RADII_KM, Finder
from bot.knowledge.structures.freshness import directory_for, freshness_note
from bot.knowledge.structures.loader import load_finder, load_structures

__all__ = [
    "RADII_KM",
    "Finder",
    "check_knowledge",
    "directory_for",
    "freshness_note",
    "load_finder",
    "load_structures",
]
