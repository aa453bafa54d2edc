"""The whole corpus the bot serves, loaded and checked in one go: all of it, or nothing.

:func:`load_engine` reads the main dialog, the dispositifs, the curated structures and the quartier aliases,
checks them as ``cap-quartiers validate`` does (file:line problems, in French), and returns a ready
:class:`~bot.engine.core.Engine` — or raises :class:`CorpusError` with every error. A corpus with one error is
never served, even in part. The compiled place index is kept in a :class:`PlaceCache` and reused across
loads until the geodata changes; the resolver is reused while the aliases are the same.

Synchronous and free of I/O beyond reading the files: the live reload runs it in a thread
(``bot.services.reload``)."""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from bot.base.problems import Problem, Severity
from bot.dialogs.corpus import MAIN_DIALOG, check_corpus, dispositifs_path
from bot.dialogs.loader import display_path
from bot.engine.core import Engine, Knowledge
from bot.errors import BotError, KnowledgeError

if TYPE_CHECKING:
    from bot.knowledge.geo.aliases import Alias
    from bot.knowledge.geo.index import GeoIndex
    from bot.knowledge.geo.resolver import Resolver

logger = logging.getLogger(__name__)

CORPUS_SUFFIXES = (".yaml", ".yml")
"""The files of ``dialogs/`` and ``knowledge/`` that make the corpus (editors' swap files are not)."""


@dataclass(frozen=True, slots=True)
class CorpusPaths:
    """Where the corpus and the geodata are. ``dialogs_dir``/``knowledge_dir`` may be the last good copy."""

    dialogs_dir: Path
    knowledge_dir: Path
    geodata_dir: Path
    index_path: Path
    main_dialog: str = MAIN_DIALOG

    @property
    def dialog_path(self) -> Path:
        return self.dialogs_dir / self.main_dialog

    def moved_to(self, dialogs_dir: Path, knowledge_dir: Path) -> CorpusPaths:
        """The same corpus read from other folders (the last good copy), same geodata."""
        return replace(self, dialogs_dir=dialogs_dir, knowledge_dir=knowledge_dir)


class CorpusError(BotError):
    """The corpus has errors: ``problems`` lists them (errors only), each ``file:line: message``."""

    def __init__(self, problems: Iterable[Problem], intro: str | None = None) -> None:
        self.problems = tuple(problems)
        self.intro = intro or "le dialogue ou les connaissances contiennent des erreurs."
        super().__init__(self.describe())

    def describe(self) -> str:
        lines = [self.intro, *(str(p) for p in self.problems)]
        lines.append("Corrige-les puis vérifie avec : cap-quartiers validate")
        return "\n".join(lines)


def corpus_files(folder: Path) -> Iterator[Path]:
    """The corpus files under ``folder`` (recursively, sorted; hidden files and folders left out)."""
    if not folder.is_dir():
        return
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if any(part.startswith(".") for part in relative.parts):
            continue
        if path.suffix in CORPUS_SUFFIXES and path.is_file():
            yield path


def fingerprint(dialogs_dir: Path, knowledge_dir: Path) -> str:
    """A hash of every corpus file's name and bytes: equal when nothing a reload would read changed."""
    digest = hashlib.sha256()
    for label, folder in (("dialogs", dialogs_dir), ("knowledge", knowledge_dir)):
        for path in corpus_files(folder):
            try:
                data = path.read_bytes()
            except OSError:
                continue  # removed while listing: the next change notice reloads again
            digest.update(f"{label}/{path.relative_to(folder).as_posix()}\0{len(data)}\0".encode())
            digest.update(data)
    return digest.hexdigest()


class PlaceCache:
    """The compiled place index and the resolver, kept across loads.

    The index is read (or rebuilt) again only when the geodata sources changed; the resolver is built
    again only when the index or the quartier aliases changed. Loads are serialised by their caller."""

    def __init__(self) -> None:
        self._index: GeoIndex | None = None
        self._stamps: object = None
        self._resolver: Resolver | None = None
        self._aliases: tuple[Alias, ...] | None = None

    def index(self, geodata_dir: Path, index_path: Path) -> GeoIndex:
        from bot.knowledge.geo import current_index, sources

        stamps = sources.source_stamps(geodata_dir)
        if self._index is None or stamps != self._stamps:
            self._index = current_index(geodata_dir, index_path)
            self._stamps = stamps
        return self._index

    def resolver(self, index: GeoIndex, aliases: Iterable[Alias]) -> Resolver:
        from bot.knowledge.geo.resolver import Resolver

        key = tuple(replace(alias, line=None) for alias in aliases)  # moving a line changes nothing
        resolver = self._resolver
        if resolver is None or resolver.index is not index or key != self._aliases:
            resolver = Resolver(index, key)
            self._resolver, self._aliases = resolver, key
        return resolver


def _shown(problem: Problem) -> Problem:
    path = Path(problem.path)
    return replace(problem, path=display_path(path)) if path.is_absolute() else problem


def _sorted(problems: Iterable[Problem]) -> list[Problem]:
    unique = {_shown(p) for p in problems}
    return sorted(unique, key=lambda p: (p.path, p.line or 0, p.message))


def load_engine(paths: CorpusPaths, places: PlaceCache, *, offer_followup: bool = False) -> Engine:
    """The engine over the whole corpus at ``paths``; raises :class:`CorpusError` on any error.
    ``offer_followup``: as in ``bot.compose.build_engine`` (the Telegram bot offers the follow-up).

    Warnings (information older than 24 months…) do not stop it: they are counted in the log and listed
    by ``cap-quartiers validate``."""
    from bot.knowledge.geo.aliases import read_aliases
    from bot.knowledge.structures import check_knowledge, load_finder

    started = time.perf_counter()
    corpus, problems = check_corpus(paths.dialog_path, dispositifs_path(paths.knowledge_dir))
    aliases, _ = read_aliases(paths.knowledge_dir)  # their problems come with check_knowledge below
    try:
        resolver = places.resolver(places.index(paths.geodata_dir, paths.index_path), aliases)
    except KnowledgeError as exc:  # geodata missing or unreadable: not a counsellor's file, but fatal too
        raise CorpusError([*_errors(problems), Problem(str(paths.geodata_dir), None, str(exc))]) from exc
    problems += check_knowledge(paths.knowledge_dir, resolver)
    errors = _errors(problems)
    if errors or corpus is None:
        raise CorpusError(errors)
    finder = load_finder(paths.knowledge_dir, paths.geodata_dir, resolver)
    engine = Engine(
        corpus.dialog, Knowledge(corpus.catalogue, resolver, finder), offer_followup=offer_followup
    )
    warnings = len({_shown(p) for p in problems})
    logger.info(
        "corpus loaded in %.2f s: dialog %s, %d dispositifs, %d warnings (cap-quartiers validate --details)",
        time.perf_counter() - started, engine.version, len(corpus.catalogue.dispositifs), warnings,
    )  # fmt: skip
    return engine


def _errors(problems: Iterable[Problem]) -> list[Problem]:
    return _sorted(p for p in problems if p.severity is Severity.ERROR)
