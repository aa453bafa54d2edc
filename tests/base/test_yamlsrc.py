"""The YAML reader gives the same values, lines and problems whichever parser (libyaml or pure Python)
reads a file: libyaml only makes it faster."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.base import yamlsrc
from bot.base.yamlsrc import LocatedDict, LocatedList, parse_yaml

ROOT = Path(__file__).resolve().parents[2]
CORPUS = sorted(
    [*(ROOT / "dialogs").rglob("*.yaml"), *(ROOT / "knowledge").rglob("*.yaml")],
    key=lambda p: str(p),
)


def located(value: Any) -> Any:
    """The value with every line the reader recorded, to compare two readings exactly."""
    if isinstance(value, LocatedDict):
        return ("map", value.line, sorted(value.key_lines.items()), {k: located(v) for k, v in value.items()})
    if isinstance(value, LocatedList):
        return ("seq", value.line, value.item_lines, [located(v) for v in value])
    if isinstance(value, list):  # the duplicates list: (key, line) pairs
        return [located(v) for v in value]
    return (type(value).__name__, value)


def pure(text: str, *, numbers_as_text: bool = False) -> Any:
    loader = yamlsrc._TextLoader if numbers_as_text else yamlsrc._Loader
    return yaml.load(text, Loader=loader)


def test_libyaml_is_used_when_installed() -> None:
    assert yaml.__with_libyaml__, "PyYAML without libyaml: the corpus loads several times slower"
    assert issubclass(yamlsrc._FastLoader, yaml.CSafeLoader)


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: str(p.relative_to(ROOT)))
@pytest.mark.parametrize("numbers_as_text", [False, True])
def test_every_corpus_file_reads_the_same_as_with_the_pure_python_parser(
    path: Path, numbers_as_text: bool
) -> None:
    text = path.read_text(encoding="utf-8")
    value, problems = parse_yaml(text, str(path), numbers_as_text=numbers_as_text)
    assert problems == []
    assert located(value) == located(pure(text, numbers_as_text=numbers_as_text))


def test_lines_duplicates_dates_and_numbers() -> None:
    text = "a: 1\nb:\n  - x\n  - {c: 2024-12-31}\na: 02140\n"
    value, problems = parse_yaml(text, "f.yaml", numbers_as_text=True)
    assert problems == []
    assert value["a"] == "02140" and value["b"][1]["c"] == "2024-12-31"
    assert value.line_of("b") == 2 and value["b"].line_of(1) == 4
    assert value["__duplicates__"] == [("a", 5)]
    value, _ = parse_yaml(text, "f.yaml")
    assert isinstance(value["a"], int) and value["a"] == pure(text)["a"]


@pytest.mark.parametrize(
    "text",
    [
        "a: 1\n  b: 2\n",  # bad indentation
        'a: "ouvert\nb: 2\nc: 3\n',  # a quote left open
        "a: [1, 2\nb: 3\n",  # a flow list left open
        "a:\n\t- 1\n",  # a tab
        "- a\nb: 1\n",  # a list then a mapping
    ],
)
def test_a_syntax_error_is_told_as_the_pure_python_parser_tells_it(text: str) -> None:
    value, problems = parse_yaml(text, "f.yaml")
    assert value is None and len(problems) == 1
    with pytest.raises(yaml.MarkedYAMLError) as raised:
        pure(text)
    assert problems == [yamlsrc._syntax_problem(text, "f.yaml", raised.value)]
    assert problems[0].line is not None
