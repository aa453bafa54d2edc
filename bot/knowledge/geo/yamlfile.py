"""YAML reading that remembers line numbers, for messages like ``fichier.yaml:12: …``.

Every mapping read by :func:`load_yaml` is a plain ``dict`` carrying two extra entries:
``__line__`` (line of the mapping) and ``__lines__`` (``{key: line}``). Callers skip keys that start
with ``__``. Dates and numbers written bare (``date_maj: 2022-05-01``, ``code_postal: 59100``) come
back as text, which is what the knowledge files mean."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from bot.base.problems import Problem

LINE = "__line__"
LINES = "__lines__"


class _LineLoader(yaml.SafeLoader):
    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        mapping: dict[Any, Any] = super().construct_mapping(node, deep=True)
        mapping[LINE] = node.start_mark.line + 1
        mapping[LINES] = {
            str(key.value): key.start_mark.line + 1
            for key, _ in node.value
            if isinstance(key, yaml.ScalarNode)
        }
        return mapping


def _as_text(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> str:
    return str(loader.construct_scalar(node))


# Bare dates and integers are kept as written ("2022-05-01", "59100", "02140" keeps its zero).
_LineLoader.add_constructor("tag:yaml.org,2002:timestamp", _as_text)
_LineLoader.add_constructor("tag:yaml.org,2002:int", _as_text)


def load_yaml(path: Path) -> tuple[Any, Problem | None]:
    """The document, or None with a Problem naming the line of a syntax error."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return None, Problem(str(path), None, f"fichier illisible ({exc}).")
    try:
        return yaml.load(text, Loader=_LineLoader), None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        what = exc.problem or str(exc)
        return None, Problem(
            str(path),
            line,
            f"erreur de syntaxe YAML : {what}.",
            "Vérifie l'indentation (espaces, pas de tabulations) et mets entre guillemets "
            "les textes qui contiennent « : ».",
        )
    except yaml.YAMLError as exc:
        return None, Problem(str(path), None, f"erreur YAML : {exc}.")


def line_of(mapping: dict[str, Any], key: str | None = None) -> int | None:
    """Line of a key in a mapping read by :func:`load_yaml` (or of the mapping itself)."""
    if key is not None:
        lines = mapping.get(LINES)
        if isinstance(lines, dict) and key in lines:
            return int(lines[key])
    line = mapping.get(LINE)
    return int(line) if isinstance(line, int) else None


def user_keys(mapping: dict[str, Any]) -> list[str]:
    return [str(key) for key in mapping if not str(key).startswith("__")]
