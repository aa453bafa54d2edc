"""Layering, checked on the source: who may import whom (an import-linter in a few lines of `ast`).

- the pure core (`bot.engine`, `bot.dialogs`, `bot.knowledge`, `bot.matching`, `bot.base`) imports
  nothing that does I/O or knows a channel: no `telegram`, `aiosqlite`, SQLite storage, edges, settings;
- `bot.knowledge` does not import `bot.dialogs` (both stand on `bot.base`);
- `bot.base` imports no other part of the bot;
- the modules of `bot.engine` import each other without a cycle (nor does the rest of the bot, at the
  top level of its modules)."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BOT = ROOT / "bot"
PURE = ("bot.engine", "bot.dialogs", "bot.knowledge", "bot.matching", "bot.base")
IO = ("telegram", "aiosqlite", "bot.storage.sqlite", "bot.tg", "bot.console", "bot.config", "bot.cli")


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted(BOT.rglob("*.py"))}


def imports(path: Path, *, top_level_only: bool = False) -> Iterator[str]:
    """Every module ``path`` imports (``from a import b`` gives ``a.b`` if a module, else ``a``)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    nodes = tree.body if top_level_only else list(ast.walk(tree))
    package = module_name(path) if path.name == "__init__.py" else module_name(path).rpartition(".")[0]
    for node in nodes:
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                candidate = f"{base}.{alias.name}"
                yield candidate if candidate in MODULES else base


def within(name: str, prefixes: tuple[str, ...]) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


def test_the_walk_sees_the_bot() -> None:
    assert "bot.engine.core" in MODULES and "bot.dialogs.loader" in MODULES
    assert "bot.engine.reading" in set(imports(MODULES["bot.engine.core"]))
    assert within("telegram.ext", IO) and not within("telegramx", IO)


@pytest.mark.parametrize("module", [m for m in MODULES if within(m, PURE)])
def test_the_pure_core_does_no_io(module: str) -> None:
    bad = sorted({i for i in imports(MODULES[module]) if within(i, IO)})
    assert not bad, f"{module} imports {bad}"


@pytest.mark.parametrize("module", [m for m in MODULES if within(m, ("bot.knowledge",))])
def test_knowledge_does_not_import_dialogs(module: str) -> None:
    bad = sorted({i for i in imports(MODULES[module]) if within(i, ("bot.dialogs", "bot.engine"))})
    assert not bad, f"{module} imports {bad}"


@pytest.mark.parametrize("module", [m for m in MODULES if within(m, ("bot.base",))])
def test_the_base_stands_alone(module: str) -> None:
    bad = sorted(
        {i for i in imports(MODULES[module]) if i.startswith("bot.") and not within(i, ("bot.base",))}
    )
    assert not bad, f"{module} imports {bad}"


def cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle of ``graph``, or None."""
    done: set[str] = set()
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        if node in path:
            return [*path[path.index(node) :], node]
        if node in done:
            return None
        path.append(node)
        for target in sorted(graph.get(node, ())):
            found = visit(target)
            if found:
                return found
        path.pop()
        done.add(node)
        return None

    for start in sorted(graph):
        found = visit(start)
        if found:
            return found
    return None


def graph_of(prefix: str, *, top_level_only: bool) -> dict[str, set[str]]:
    return {
        name: {i for i in imports(path, top_level_only=top_level_only) if within(i, (prefix,)) and i != name}
        for name, path in MODULES.items()
        if within(name, (prefix,))
    }


def test_the_cycle_finder_finds_cycles() -> None:
    assert cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert cycle({"a": {"b"}, "b": set(), "c": {"a", "b"}}) is None


def test_no_cycle_between_engine_modules() -> None:
    engine = graph_of("bot.engine", top_level_only=False)
    assert {"bot.engine.core", "bot.engine.reading", "bot.engine.offers"} <= set(engine)
    assert cycle(engine) is None


def test_no_cycle_in_the_bot_at_import_time() -> None:
    assert cycle(graph_of("bot", top_level_only=True)) is None
