"""The one reader of counsellors' YAML files (dialogs, scenarios, dispositifs, structures, quartier
aliases): it remembers where everything came from and collects problems instead of raising.

Mappings become `LocatedDict` and sequences `LocatedList`; both carry their own line and the line of each
key or item, so a loader can say "dialogs/orientation.yaml:42" about a value that is a plain string.
A key written twice in one mapping is kept under ``__duplicates__`` as ``[(key, line), …]`` for the
loader to report. Bare dates stay text ("2024-12-31"); with ``numbers_as_text`` bare integers do too
(the knowledge files: "02140" keeps its zero, "59100" is a postcode, not a number)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

import yaml

from bot.base.problems import Problem

DUPLICATES = "__duplicates__"
SYNTAX_HINT = (
    "Vérifie l'indentation (des espaces, pas de tabulations), les deux-points après chaque clé "
    "et les guillemets autour des textes qui contiennent « : » ou « # »."
)
QUOTE_HINT = "Referme le guillemet sur la même ligne, ou retire-le."


class LocatedDict(dict[str, Any]):
    line: int = 0
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class LocatedList(list[Any]):
    line: int = 0
    item_lines: list[int]

    def line_of(self, index: int) -> int:
        return self.item_lines[index] if 0 <= index < len(self.item_lines) else self.line


class _Loader(yaml.SafeLoader):
    """The pure-Python reader: its error messages and marks are the ones counsellors see."""


class _TextLoader(_Loader):
    """Bare integers stay text too."""


# libyaml's parser (C, about 10x faster) with the same constructors; when the C extension is missing,
# the pure-Python loaders do everything.
_CBase: type[Any] = getattr(yaml, "CSafeLoader", _Loader)


class _FastLoader(_CBase):  # type: ignore[misc]
    pass


class _FastTextLoader(_FastLoader):
    pass


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> LocatedDict:
    loader.flatten_mapping(node)
    result = LocatedDict()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    duplicates: list[tuple[str, int]] = []
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        key = str(key) if not isinstance(key, str) else key
        if key in result:
            duplicates.append((key, key_node.start_mark.line + 1))
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = key_node.start_mark.line + 1
    if duplicates:
        result.key_lines[DUPLICATES] = 0
        result[DUPLICATES] = duplicates
    return result


def _construct_sequence(loader: _Loader, node: yaml.SequenceNode) -> LocatedList:
    result = LocatedList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.item_lines = [child.start_mark.line + 1 for child in node.value]
    return result


def _construct_as_text(loader: _Loader, node: yaml.ScalarNode) -> str:
    return str(loader.construct_scalar(node))


for _loader, _text in ((_Loader, _TextLoader), (_FastLoader, _FastTextLoader)):
    _loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
    _loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)
    _loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_as_text)
    _text.add_constructor("tag:yaml.org,2002:int", _construct_as_text)


def parse_yaml(text: str, path: str, *, numbers_as_text: bool = False) -> tuple[Any, list[Problem]]:
    """Parse YAML text; on a syntax error return (None, [one problem at the line to fix]).

    Read with libyaml when it is there; on any error the text is read again by the pure-Python parser,
    so that what a counsellor is told (message, line) does not depend on how PyYAML was installed — and a
    text libyaml alone refuses is read as before."""
    try:
        return yaml.load(text, Loader=_FastTextLoader if numbers_as_text else _FastLoader), []
    except yaml.YAMLError:
        pass
    try:
        return yaml.load(text, Loader=_TextLoader if numbers_as_text else _Loader), []
    except yaml.MarkedYAMLError as exc:
        return None, [_syntax_problem(text, path, exc)]
    except yaml.YAMLError as exc:  # pragma: no cover - non-marked errors are rare
        return None, [Problem(path, None, f"YAML illisible ({exc}).")]


def _syntax_problem(text: str, path: str, exc: yaml.MarkedYAMLError) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark is not None else None
    what = exc.problem or "erreur de syntaxe"
    opened = _quote_opened(text, exc)
    if opened is not None and opened != line:
        # the parser stumbles where the runaway quote ends; the mistake is where it opens
        return Problem(
            path,
            opened,
            f"YAML illisible : le guillemet ouvert ici n'est pas refermé sur sa ligne "
            f"({what}, ligne {line}).",
            QUOTE_HINT,
        )
    return Problem(path, line, f"YAML illisible ({what}).", SYNTAX_HINT)


def _quote_opened(text: str, exc: yaml.MarkedYAMLError) -> int | None:
    """Line of a quote left open that made ``exc``: the quoted text being read at the end of the file,
    or the last quoted text spanning several lines before the error."""
    if exc.context == "while scanning a quoted scalar" and exc.context_mark is not None:
        return exc.context_mark.line + 1
    error_line = exc.problem_mark.line if exc.problem_mark is not None else None
    opened: int | None = None
    try:
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            if error_line is not None and token.start_mark.line > error_line:
                break
            if (
                isinstance(token, yaml.ScalarToken)
                and token.style in ('"', "'")
                and token.end_mark.line > token.start_mark.line
            ):
                opened = token.start_mark.line + 1
    except yaml.YAMLError:
        pass
    return opened


def read_source(path: Path) -> tuple[str | None, list[Problem]]:
    """A counsellor's file as text, or the problem that prevents reading it."""
    try:
        return path.read_text(encoding="utf-8"), []
    except FileNotFoundError:
        return None, [Problem(str(path), None, "fichier introuvable.")]
    except UnicodeDecodeError:
        return None, [Problem(str(path), None, "le fichier n'est pas en UTF-8.", "Enregistre-le en UTF-8.")]
    except OSError as exc:
        return None, [Problem(str(path), None, f"fichier illisible ({exc.strerror or exc}).")]


def load_yaml_file(
    path: Path, display: str | None = None, *, numbers_as_text: bool = False
) -> tuple[Any, list[Problem]]:
    """Read and parse a file; problems are reported under ``display`` (default: the path)."""
    text, problems = read_source(path)
    if text is None:
        return None, [_named(p, display) for p in problems]
    return parse_yaml(text, display or str(path), numbers_as_text=numbers_as_text)


def _named(problem: Problem, display: str | None) -> Problem:
    return problem if display is None else replace(problem, path=display)


def line_of(mapping: Mapping[str, Any], key: str | None = None) -> int | None:
    """Line of ``key`` in a mapping read here (or of the mapping itself); None for other mappings."""
    if not isinstance(mapping, LocatedDict):
        return None
    return mapping.line_of(key) if key is not None else mapping.line


def user_keys(mapping: Mapping[str, Any]) -> list[str]:
    """The keys a counsellor wrote (not the reader's ``__duplicates__``)."""
    return [str(key) for key in mapping if key != DUPLICATES]
