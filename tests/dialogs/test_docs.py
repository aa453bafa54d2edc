"""Every YAML key the loaders accept is explained to counsellors in docs/dialogues.md."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.dialogs import loader, scenarios
from bot.knowledge import dispositifs

GUIDE = Path("docs/dialogues.md")
KEY_SETS = {
    "loader.TOP_KEYS": loader.TOP_KEYS,
    "loader.NODE_KEYS": loader.NODE_KEYS,
    "loader.CHOICE_KEYS": loader.CHOICE_KEYS,
    "loader.INPUT_KEYS": loader.INPUT_KEYS,
    "loader.RESULT_KEYS": loader.RESULT_KEYS,
    "loader.BRANCH_KEYS": loader.BRANCH_KEYS,
    "dispositifs.DISPOSITIF_KEYS": dispositifs.DISPOSITIF_KEYS,
    "dispositifs.RULE_KEYS": dispositifs.RULE_KEYS,
    "dispositifs.SOURCE_KEYS": dispositifs.SOURCE_KEYS,
    "scenarios.SCENARIO_KEYS": scenarios.SCENARIO_KEYS,
    "scenarios.STEP_KEYS": scenarios.STEP_KEYS,
    "scenarios.EXPECT_KEYS": scenarios.EXPECT_KEYS,
}


@pytest.mark.parametrize("name", sorted(KEY_SETS))
def test_every_key_is_documented(name: str) -> None:
    guide = GUIDE.read_text(encoding="utf-8")
    missing = sorted(key for key in KEY_SETS[name] if f"`{key}:" not in guide)
    assert not missing, (
        f"docs/dialogues.md n'explique pas {missing} ({name}) : ajoute « `clé:` » et son sens."
    )


def test_input_kinds_are_documented() -> None:
    guide = GUIDE.read_text(encoding="utf-8")
    for kind in ("nombre", "lieu", "texte"):
        assert f"`type: {kind}`" in guide or f"`{kind}`" in guide
