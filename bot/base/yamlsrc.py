"""YAML loading that remembers where everything came from (file and line), for counsellor-facing errors.

Mappings become `LocatedDict` and sequences `LocatedList`; both carry their own line and the line of each
key or item, so a loader can say "dialogs/orientation.yaml:42" about a value that is a plain string."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from bot.base.problems import Problem


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
        result.key_lines["__duplicates__"] = 0
        result["__duplicates__"] = duplicates
    return result


def _construct_sequence(loader: _Loader, node: yaml.SequenceNode) -> LocatedList:
    result = LocatedList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.item_lines = [child.start_mark.line + 1 for child in node.value]
    return result


def _construct_timestamp_as_text(loader: _Loader, node: yaml.ScalarNode) -> str:
    # Dates stay text ("2024-12-31"): counsellors write them, the knowledge layer parses them.
    return str(loader.construct_scalar(node))


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp_as_text)


def parse_yaml(text: str, path: str) -> tuple[Any, list[Problem]]:
    """Parse YAML text; on a syntax error return (None, [problem at the error's line])."""
    try:
        return yaml.load(text, Loader=_Loader), []
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        what = exc.problem or "erreur de syntaxe"
        return None, [
            Problem(
                path,
                line,
                f"YAML illisible ({what}).",
                "Vérifie l'indentation (des espaces, pas de tabulations), les deux-points après chaque clé "
                "et les guillemets autour des textes qui contiennent « : » ou « # ».",
            )
        ]
    except yaml.YAMLError as exc:  # pragma: no cover - non-marked errors are rare
        return None, [Problem(path, None, f"YAML illisible ({exc}).")]


def read_source(path: Path) -> tuple[str | None, list[Problem]]:
    """A counsellor's file as text, or the problem that prevents reading it."""
    try:
        return path.read_text(encoding="utf-8"), []
    except FileNotFoundError:
        return None, [Problem(str(path), None, "fichier introuvable.")]
    except UnicodeDecodeError:
        return None, [Problem(str(path), None, "le fichier n'est pas en UTF-8.", "Enregistre-le en UTF-8.")]


def load_yaml_file(path: Path) -> tuple[Any, list[Problem]]:
    text, problems = read_source(path)
    if text is None:
        return None, problems
    return parse_yaml(text, str(path))
