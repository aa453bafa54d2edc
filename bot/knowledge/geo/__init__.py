"""Places: the compiled geodata index (communes, postcodes, QPV contours) and the place resolver.

Public API: :func:`load_resolver` (start-up), :func:`build_index` / :func:`save_index` (the
``geodata build`` command) and :class:`Resolver` (implements ``bot.knowledge.types.PlaceResolver``)."""

from bot.knowledge.geo.index import GeoIndex, build_index, load_index, save_index
from bot.knowledge.geo.loader import current_index, load_resolver
from bot.knowledge.geo.resolver import Resolver

__all__ = [
    "GeoIndex",
    "Resolver",
    "build_index",
    "current_index",
    "load_index",
    "load_resolver",
    "save_index",
]
