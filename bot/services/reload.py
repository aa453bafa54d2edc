"""Live reload: the engine in service, swapped whole for a new one when the corpus changes and is valid.

:class:`Reloader` holds the engine the bot serves. :meth:`Reloader.start` loads it at start-up (or the
last good copy when the files have errors); :meth:`Reloader.reload` loads and checks the whole corpus again
in a thread, off the event loop, then — only if it has no error — hands the new engine to every listener
(the conversation service) in one assignment on the event loop: the next turn uses it, a turn in progress
finishes on the engine it started with. An invalid corpus leaves the engine in service untouched and comes
back as a :class:`ReloadReport` listing the errors (file:line, in French) for the log and the admins.

Reloads are serialised; a reload of files identical to those in service (and the same geodata) is a no-op.
The watching itself (files, ``SIGHUP``, ``/recharger``) belongs to the edge (``bot.tg.reload``)."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from bot.base.problems import Problem
from bot.engine import wording
from bot.engine.core import Engine
from bot.services import lastgood
from bot.services.corpus import CorpusError, CorpusPaths, PlaceCache, fingerprint, load_engine

logger = logging.getLogger(__name__)

MAX_PROBLEMS_SHOWN = 30  # in a message to the admins; the log has them all


class Status(Enum):
    LOADED = "loaded"
    UNCHANGED = "unchanged"
    REFUSED = "refused"


@dataclass(frozen=True, slots=True)
class ReloadReport:
    """What a reload did. ``version``: the dialog version in service afterwards. ``recovered``: the
    previous attempt had been refused (or the bot ran on the last good copy) and now the files are valid.
    ``structure_changed``: node or choice ids changed (conversations are migrated)."""

    reason: str
    status: Status
    version: str
    problems: tuple[Problem, ...] = ()
    seconds: float = 0.0
    recovered: bool = False
    structure_changed: bool = False

    @property
    def ok(self) -> bool:
        return self.status is not Status.REFUSED

    def text(self) -> str:
        """The message for the admins, in French."""
        if self.status is Status.REFUSED:
            return "\n".join(
                [
                    wording.RELOAD_REFUSED.format(count=len(self.problems), version=self.version),
                    *problem_lines(self.problems),
                    wording.RELOAD_FIX,
                ]
            )
        if self.status is Status.UNCHANGED:
            if self.recovered:
                return wording.RELOAD_RECOVERED.format(version=self.version)
            return wording.RELOAD_UNCHANGED.format(version=self.version)
        if self.recovered:
            lines = [wording.RELOAD_RECOVERED.format(version=self.version)]
        else:
            lines = [wording.RELOAD_LOADED.format(version=self.version, seconds=f"{self.seconds:.1f} s")]
        lines.append(
            wording.RELOAD_LOADED_STRUCTURE if self.structure_changed else wording.RELOAD_LOADED_TEXTS
        )
        return "\n".join(lines)


def problem_lines(problems: tuple[Problem, ...]) -> list[str]:
    lines = [f"• {p}" for p in problems[:MAX_PROBLEMS_SHOWN]]
    if len(problems) > MAX_PROBLEMS_SHOWN:
        lines.append(f"… et {len(problems) - MAX_PROBLEMS_SHOWN} autres (cap-quartiers validate)")
    return lines


class Reloader:
    """The engine in service and how it is replaced. ``last_good_dir``: where the last valid corpus is
    copied (``var/corpus-last-good``)."""

    def __init__(
        self,
        paths: CorpusPaths,
        last_good_dir: Path,
        places: PlaceCache | None = None,
        *,
        offer_followup: bool = False,
    ) -> None:
        """``offer_followup``: given to every engine built (see ``bot.compose.build_engine``)."""
        self.paths = paths
        self.offer_followup = offer_followup
        self.last_good_dir = last_good_dir
        self.places = places or PlaceCache()
        self.startup_notice: str | None = None
        """Set by :meth:`start` when the bot runs on the last good copy: for the log and the admins."""
        self._engine: Engine | None = None
        self._served: str | None = None  # fingerprint of the files in service (+ geodata stamps)
        self._failing = False  # the files on disk are not the ones in service because they have errors
        self._listeners: list[Callable[[Engine], None]] = []
        self._lock = asyncio.Lock()

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            raise RuntimeError("Reloader.start() n'a pas été appelé.")
        return self._engine

    @property
    def watched(self) -> tuple[Path, Path]:
        return self.paths.dialogs_dir, self.paths.knowledge_dir

    def on_swap(self, listener: Callable[[Engine], None]) -> None:
        """``listener(engine)`` is called with each new engine, on the event loop."""
        self._listeners.append(listener)

    # ------------------------------------------------------------------ start-up
    def start(self) -> Engine:
        """Load the corpus for start-up. On errors, fall back on the last good copy and say so in
        :attr:`startup_notice`; with none, raise :class:`CorpusError` listing every error."""
        key = self._key()
        try:
            engine = self._load(self.paths)
        except CorpusError as error:
            copy = lastgood.find(self.last_good_dir)
            if copy is None:
                raise CorpusError(
                    error.problems,
                    "le dialogue ou les connaissances contiennent des erreurs, et aucune copie valide "
                    f"n'existe dans {self.last_good_dir} : le bot refuse de démarrer.",
                ) from None
            try:
                engine = self._load(self.paths.moved_to(copy.dialogs_dir, copy.knowledge_dir))
            except CorpusError:
                raise CorpusError(
                    error.problems,
                    "le dialogue ou les connaissances contiennent des erreurs, et la dernière copie valide "
                    f"({self.last_good_dir}) ne se charge plus : le bot refuse de démarrer.",
                ) from None
            self.startup_notice = "\n".join(
                [
                    wording.STARTED_ON_LAST_GOOD.format(saved=copy.saved, count=len(error.problems)),
                    *problem_lines(error.problems),
                    wording.RELOAD_FIX,
                ]
            )
            logger.warning("corpus has errors; serving the last good copy of %s\n%s", copy.saved, error)
            self._served = self._key(copy.dialogs_dir, copy.knowledge_dir)
            self._failing = True
        else:
            self._served = key
            self._save_last_good(key)
        self._engine = engine
        return engine

    # ------------------------------------------------------------------ reload
    async def reload(self, reason: str) -> ReloadReport:
        """Load and check the whole corpus off the event loop; swap it in only if it has no error."""
        async with self._lock:
            old = self.engine
            started = time.perf_counter()
            key = await asyncio.to_thread(self._key)
            if key == self._served:
                recovered, self._failing = self._failing, False
                return ReloadReport(reason, Status.UNCHANGED, old.version, recovered=recovered)
            try:
                engine = await asyncio.to_thread(self._load, self.paths)
            except CorpusError as error:
                self._failing = True
                report = ReloadReport(
                    reason, Status.REFUSED, old.version, error.problems, time.perf_counter() - started
                )
                logger.warning(
                    "reload (%s) refused, still serving dialog %s:\n%s", reason, old.version, error
                )
                return report
            except Exception as exc:  # a bug must not take the bot down with it: keep serving
                logger.exception(
                    "reload (%s) failed unexpectedly; still serving dialog %s", reason, old.version
                )
                self._failing = True
                unexpected = Problem(
                    str(self.paths.dialogs_dir),
                    None,
                    f"erreur inattendue pendant le chargement ({type(exc).__name__}) ; "
                    "détail dans le journal du bot.",
                )
                return ReloadReport(reason, Status.REFUSED, old.version, (unexpected,))
            self._swap(engine)
            recovered, self._failing = self._failing, False
            self._served = key
            await asyncio.to_thread(self._save_last_good, key)
            report = ReloadReport(
                reason,
                Status.LOADED,
                engine.version,
                seconds=time.perf_counter() - started,
                recovered=recovered,
                structure_changed=engine.version != old.version,
            )
            logger.info(
                "reload (%s): dialog %s in service (was %s) after %.2f s",
                reason, engine.version, old.version, report.seconds,
            )  # fmt: skip
            return report

    def _load(self, paths: CorpusPaths) -> Engine:
        return load_engine(paths, self.places, offer_followup=self.offer_followup)

    def _swap(self, engine: Engine) -> None:
        self._engine = engine
        for listener in self._listeners:
            listener(engine)

    def _key(self, dialogs_dir: Path | None = None, knowledge_dir: Path | None = None) -> str:
        from bot.knowledge.geo import sources

        files = fingerprint(dialogs_dir or self.paths.dialogs_dir, knowledge_dir or self.paths.knowledge_dir)
        return f"{files}|{sorted(sources.source_stamps(self.paths.geodata_dir).items())}"

    def _save_last_good(self, key: str) -> None:
        try:
            self.last_good_dir.parent.mkdir(parents=True, exist_ok=True)
            lastgood.save(
                self.paths.dialogs_dir, self.paths.knowledge_dir, self.last_good_dir, key.split("|")[0]
            )
        except OSError:
            logger.warning("could not write the last good copy to %s", self.last_good_dir, exc_info=True)
