"""The JSON Schemas under schemas/ (editor help) agree with the loaders and the validator.

The validator stays the authority (it checks targets, reachability, variables, dispositifs): the schemas
only say what an editor can tell while the counsellor types. So: every shipped file and every fixture the
validator accepts is valid for its schema; the broken fixtures whose fault is visible in one file are
refused; every key the loaders accept is in the schema, with a French description."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from bot.base.problems import Severity
from bot.base.yamlsrc import parse_yaml
from bot.dialogs import loader, scenarios
from bot.dialogs.validator import check_dialog_file
from bot.knowledge import dispositifs
from bot.knowledge.dispositifs import load_catalogue
from bot.knowledge.geo import aliases
from bot.knowledge.structures import curated
from tests.dialogs.conftest import FIXTURES

SCHEMAS = Path("schemas")
# schema -> the shipped files it describes (the same globs as .vscode/settings.json)
SHIPPED: dict[str, list[str]] = {
    "dialog": ["dialogs/*.yaml"],
    "scenario": ["dialogs/scenarios/*.yaml"],
    "dispositifs": ["knowledge/dispositifs.yaml"],
    "quartiers": ["knowledge/quartiers.yaml"],
    "structures": ["knowledge/structures/*.yaml"],
    "profil": ["dialogs/profil/*.yaml"],  # the bot's Telegram profile (description, menu), per language
}
# broken dialog fixtures whose fault one file shows; the others need the whole dialog or the catalogue
FRENCH = re.compile(r"\b(le|la|les|un|une|des|du|de|ce|ces|dans|pour|et|ou|à|au|qui|que|est)\b", re.I)
REFUSED_BY_SCHEMA = {
    "bad_durations", "long_label", "long_text", "missing_french", "reserved_variable", "syntax",
    "unknown_key", "wrong_type", "yaml_words",
}  # fmt: skip


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items() if k != "__duplicates__"}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _schema(name: str) -> dict[str, Any]:
    schema: dict[str, Any] = json.loads((SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8"))
    return schema


def _errors(name: str, path: Path) -> list[str]:
    data, problems = parse_yaml(path.read_text(encoding="utf-8"), str(path))
    if problems:
        return [str(p) for p in problems]
    validator = jsonschema.Draft202012Validator(_schema(name))
    found = validator.iter_errors(_plain(data))
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in found]


@pytest.mark.parametrize("name", sorted(SHIPPED))
def test_schemas_are_valid_draft_2020_12(name: str) -> None:
    schema = _schema(name)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


@pytest.mark.parametrize(
    ("name", "path"),
    [(name, path) for name, globs in SHIPPED.items() for g in globs for path in sorted(Path().glob(g))],
    ids=str,
)
def test_shipped_files_agree_with_their_schema_and_name_it(name: str, path: Path) -> None:
    assert _errors(name, path) == []
    first = path.read_text(encoding="utf-8").splitlines()[0]
    relative = Path("../" * (len(path.parts) - 1)) / "schemas" / f"{name}.schema.json"
    assert first == f"# yaml-language-server: $schema={relative.as_posix()}"


def test_vscode_settings_map_every_schema_to_the_shipped_files() -> None:
    settings = json.loads(Path(".vscode/settings.json").read_text(encoding="utf-8"))
    assert settings["yaml.schemas"] == {f"./schemas/{n}.schema.json": globs for n, globs in SHIPPED.items()}


def test_dialog_fixtures_accepted_by_the_validator_agree_and_broken_ones_are_refused() -> None:
    catalogue, _ = load_catalogue(Path("knowledge/dispositifs.yaml"))
    refused: set[str] = set()
    accepted: list[str] = []
    for path in sorted(FIXTURES.glob("*.yaml")) + sorted((FIXTURES / "lint").glob("*.yaml")):
        if path.name.startswith("dispositifs"):
            continue
        _, problems = check_dialog_file(path, catalogue)
        schema_errors = _errors("dialog", path)
        if not any(p.severity is Severity.ERROR for p in problems):
            accepted.append(path.stem)
            assert schema_errors == [], path
        elif schema_errors:
            refused.add(path.stem)
    assert refused == REFUSED_BY_SCHEMA
    assert accepted  # the comparison above really ran on fixtures the validator accepts


def test_scenario_fixtures() -> None:
    assert _errors("scenario", FIXTURES / "scenarios" / "wrong_result.yaml") == []  # fails when played
    assert _errors("scenario", FIXTURES / "scenarios" / "wrong_button.yaml") == []
    assert _errors("scenario", FIXTURES / "scenarios" / "bad_keys.yaml") != []  # « clique: » is no step


def test_knowledge_fixtures_agree() -> None:
    base = Path("tests/knowledge/fixtures/knowledge")
    assert _errors("quartiers", base / "quartiers.yaml") == []
    for path in sorted((base / "structures").glob("*.yaml")):
        assert _errors("structures", path) == [], path


def _properties(schema: Any, out: dict[str, Any]) -> None:
    """Every (key -> subschema) declared anywhere in ``schema``."""
    if isinstance(schema, dict):
        for key, sub in schema.get("properties", {}).items():
            out.setdefault(key, []).append(sub)
        for value in schema.values():
            _properties(value, out)
    elif isinstance(schema, list):
        for value in schema:
            _properties(value, out)


def _keys(name: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    _properties(_schema(name), out)
    return out


@pytest.mark.parametrize(
    ("name", "accepted"),
    [
        (
            "dialog",
            loader.TOP_KEYS
            | loader.NODE_KEYS
            | loader.CHOICE_KEYS
            | loader.INPUT_KEYS
            | loader.RESULT_KEYS
            | loader.BRANCH_KEYS
            | {"durees", "niveaux", "langues"},
        ),
        ("scenario", scenarios.SCENARIO_KEYS | scenarios.STEP_KEYS | scenarios.EXPECT_KEYS),
        ("dispositifs", dispositifs.DISPOSITIF_KEYS | dispositifs.RULE_KEYS | dispositifs.SOURCE_KEYS),
        ("quartiers", set(aliases.ALIAS_KEYS)),
        ("structures", set(curated.KEYS)),
    ],
)
def test_every_key_the_loader_accepts_is_in_the_schema(name: str, accepted: set[str]) -> None:
    assert accepted <= set(_keys(name)), sorted(accepted - set(_keys(name)))


@pytest.mark.parametrize("name", sorted(SHIPPED))
def test_every_key_has_a_french_description(name: str) -> None:
    schema = _schema(name)
    defs = schema.get("$defs", {})
    for key, subs in _keys(name).items():
        for sub in subs:
            referenced = defs.get(sub.get("$ref", "#/$defs/-").split("/")[-1], {})
            described = sub.get("description") or referenced.get("description")
            assert described, f"{name}: « {key} » n'a pas de description"
            # French, for counsellors: at least one usual French word
            assert FRENCH.search(described), (name, key, described)
