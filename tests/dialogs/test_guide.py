"""docs/guide-conseiller.md explains every message `validate` gives: each message produced by the broken
files of the tests (dialogs, validator manners, dispositifs, scenarios, knowledge) matches an entry of the
guide's tables. The guide is linked from docs/dialogues.md and the README."""

from __future__ import annotations

import contextlib
import io
import re
import shutil
from pathlib import Path

import pytest

from bot.cli.main import main
from bot.knowledge.geo.index import build_index, save_index
from tests.dialogs.conftest import FIXTURES

GUIDE = Path("docs/guide-conseiller.md")
_LINE = re.compile(r"^(?P<path>[^\s:]+\.yaml)(?::\d+)?: (?:avertissement : )?(?P<message>.+)$")


def documented() -> list[re.Pattern[str]]:
    text = GUIDE.read_text(encoding="utf-8")
    section = text[text.index("## 5. Les messages de `validate`") :]
    fragments = re.findall(r"^\| `([^`]+)` \|", section, re.M)
    assert len(fragments) > 40
    return [re.compile(".+?".join(re.escape(part) for part in f.split("…"))) for f in fragments]


def messages(*argv: str) -> list[str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        main(["validate", "--details", *argv])
    return [m.group("message") for line in out.getvalue().splitlines() if (m := _LINE.match(line))]


def test_every_message_of_the_test_files_is_explained(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    found = messages(str(FIXTURES), str(FIXTURES / "lint"), str(FIXTURES / "scenarios"))
    # the knowledge side: the shipped files (old dates, unknown dates) and an alias named like a commune
    knowledge = tmp_path / "knowledge"
    shutil.copytree("knowledge", knowledge)
    (knowledge / "quartiers.yaml").write_text(
        'quartiers:\n  - noms: ["Tourcoing"]\n    code_qpv: QN05980M\n    commune: Roubaix\n'
        '    code_insee: "59512"\n    source: test\n    date: 2026-01-15\n',
        encoding="utf-8",
    )
    save_index(build_index(Path("tests/knowledge/fixtures/geodata")), tmp_path / "geodata.index")
    monkeypatch.setenv("BOT_KNOWLEDGE_DIR", str(knowledge))
    monkeypatch.setenv("BOT_INDEX_PATH", str(tmp_path / "geodata.index"))
    found += messages()
    found += messages("dialogs/nexistepas.yaml")
    assert len(found) > 60
    patterns = documented()
    missing = sorted({m for m in found if not any(p.search(m) for p in patterns)})
    assert not missing, f"messages absents de {GUIDE} : {missing}"


def test_the_guide_is_linked() -> None:
    assert "guide-conseiller.md" in Path("docs/dialogues.md").read_text(encoding="utf-8")
    assert "docs/guide-conseiller.md" in Path("README.md").read_text(encoding="utf-8")


def test_the_guide_describes_the_way_to_the_residents() -> None:
    text = GUIDE.read_text(encoding="utf-8")
    for step in ("make validate", "make scenarios", "make chat", "/recharger", "dernière version correcte"):
        assert step in text, step
