"""Which typed words may be kept in the usage log: words of a French lexicon and the dialog's own words.

Unmatched answers are kept (redacted, 3 months) so counsellors can add synonyms. A surname or a street name
typed in a sentence is not a French word: every word that is neither in the lexicon nor in the dialog's
files is masked (``*``) before the text is stored. Digits, e-mails, links and phone numbers are removed
before (``bot.storage.redact``).

The lexicon is a plain word list, one word a line, read from the disk at start (Debian package ``wfrench``:
``/usr/share/dict/french``, 346,000 common words and inflections, no proper nouns; ``BOT_LEXICON_PATH``
for another). No network at run time. Without the list the bot says so in the log and masks every word that
is not the dialog's own. Memory: words are kept as sorted 64-bit hashes (about 2.8 MB), not strings, and
the list is read by slices of about 256 kB, so that loading it never holds the 346,000 words as strings at
once (reading it whole raised the bot's peak memory by about 70 MB, most of it kept by the allocator)."""

from __future__ import annotations

import asyncio
import logging
import re
import unicodedata
from array import array
from bisect import bisect_left
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

from bot.matching.normalize import SMS_WORDS

logger = logging.getLogger(__name__)
_YAML_LOADER: type[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when installed

DEFAULT_PATH = Path("/usr/share/dict/french")
READ_BYTES = 256 * 1024  # a slice of the word list read, folded and hashed at once
MASK = "*"
# A word: letters only (digits are already "#"); placeholders like "[tel]" are left as they are.
_TOKEN = re.compile(r"\[[a-z@]+\]|[^\W\d_]+")
# Elided articles and pronouns before an apostrophe ("j'habite", "qu'il"): grammar, not names.
_ELISIONS = frozenset({"c", "d", "j", "l", "m", "n", "s", "t", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu"})


def fold(word: str) -> str:
    """Case and accents folded: "Étudiant" and "etudiant" are the same word (people type without accents).
    Letters outside the Latin alphabet fold to nothing, so such a word is never "known"."""
    text = word.casefold().replace("œ", "oe").replace("æ", "ae")
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


# Python's own string hash: fast, 64 bits, salted per process (the array is built in this process).
_key = hash


class Lexicon:
    """Known words: a sorted array of hashes of folded words, plus a small set (the dialog's words)."""

    def __init__(
        self, words: Iterable[str] = (), extra: Iterable[str] = (), *, available: bool = True
    ) -> None:
        self._hashes = _sorted_hashes(array("q", map(_key, _folded(words))))
        self._extra = frozenset(fold(w) for w in extra if w)
        self.available = available  # False: the word list was missing, only the dialog's words are kept

    @classmethod
    def from_hashes(cls, hashes: array[int], extra: Iterable[str] = ()) -> Lexicon:
        """A lexicon over already folded and hashed words (``_key``), in any order, repeats allowed."""
        lexicon = cls((), extra)
        lexicon._hashes = _sorted_hashes(hashes)
        return lexicon

    def __len__(self) -> int:
        return len(self._hashes) + len(self._extra)

    @property
    def nbytes(self) -> int:
        """Memory held by the word hashes."""
        return self._hashes.buffer_info()[1] * self._hashes.itemsize

    def __contains__(self, word: object) -> bool:
        if not isinstance(word, str):
            return False
        folded = fold(word)
        if folded in self._extra:
            return True
        key = _key(folded)
        i = bisect_left(self._hashes, key)
        return i < len(self._hashes) and self._hashes[i] == key

    def mask(self, text: str) -> str:
        """``text`` with every word that is not known replaced by ``*``."""

        def one(match: re.Match[str]) -> str:
            token = match.group(0)
            if token.startswith("["):
                return token
            end = match.end()
            if end < len(text) and text[end] in "'’" and token.casefold() in _ELISIONS:
                return token
            return token if token in self else MASK

        return _TOKEN.sub(one, text)


def _folded(words: Iterable[str]) -> Iterable[str]:
    return (fold(w) for w in words if w)


def _sorted_hashes(hashes: array[int]) -> array[int]:
    """Sorted for ``bisect``, by numpy in place of ``sorted``: no 346,000 Python ints made (0.2 s and
    14 MB at peak). A word folded like another (« élève », « eleve ») is there twice: 8 bytes."""
    import numpy  # loaded with shapely in the bot; imported here so that CLI commands need not load it

    ordered = array("q")
    ordered.frombytes(numpy.sort(numpy.frombuffer(hashes, dtype=numpy.int64)).tobytes())
    return ordered


def _read_hashes(path: Path) -> array[int]:
    """The hashes of the folded words of the list at ``path``, read by slices (raises OSError)."""
    hashes = array("q")
    with path.open(encoding="utf-8", errors="replace") as lines:
        while chunk := lines.readlines(READ_BYTES):
            # folding works letter by letter: a slice folds as it would inside the whole text
            hashes.extend(map(_key, fold("".join(chunk)).split()))
    return hashes


def dialog_words(dialogs_dir: Path) -> set[str]:
    """Every word written in the dialog files (texts, labels, synonyms) and the SMS spellings the matcher
    knows: people answering the dialog use its own words."""
    words: set[str] = set(SMS_WORDS)
    for path in sorted(dialogs_dir.glob("*.y*ml")):
        try:
            data = yaml.load(path.read_text(encoding="utf-8"), Loader=_YAML_LOADER)
        except (OSError, yaml.YAMLError) as exc:  # the dialog loader reports it properly
            logger.warning("dialog words not read in %s (%s)", path.name, type(exc).__name__)
            continue
        for value in _strings(data):
            words.update(m.group(0) for m in _TOKEN.finditer(value) if not m.group(0).startswith("["))
    return words


def _strings(data: Any) -> Iterable[str]:
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _strings(key)
            yield from _strings(value)
    elif isinstance(data, list):
        for item in data:
            yield from _strings(item)


def load_lexicon(path: Path, dialogs_dir: Path) -> Lexicon:
    """The word list at ``path`` plus the dialog's words. A missing list is logged (once, clearly) and
    gives a lexicon of the dialog's words only: more is masked, nothing more is kept."""
    extra = dialog_words(dialogs_dir)
    try:
        hashes = _read_hashes(path)
    except OSError as exc:
        logger.error(
            "French word list not found (%s: %s): misunderstood texts are masked except the dialog's own "
            "words. Install it (apt-get install wfrench) or set BOT_LEXICON_PATH.",
            path,
            type(exc).__name__,
        )
        return Lexicon((), extra, available=False)
    return Lexicon.from_hashes(hashes, extra)


async def ready_lexicon(pending: asyncio.Future[Lexicon] | None) -> Lexicon:
    """The lexicon an event writer waits for before writing unmatched texts; without one (never loaded,
    cancelled at shutdown, failed) every word outside the dialog is masked."""
    if pending is None:
        return Lexicon(available=False)
    try:
        return await asyncio.shield(pending)
    except Exception:
        return Lexicon(available=False)


def start_loading(path: Path, dialogs_dir: Path) -> asyncio.Future[Lexicon]:
    """Load the word list in a worker thread, off the start-up path."""
    return asyncio.ensure_future(asyncio.to_thread(load_lexicon, path, dialogs_dir))
