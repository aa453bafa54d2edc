from __future__ import annotations

import re
import stat
from pathlib import Path

import pytest

from bot.errors import StorageError
from bot.storage.pseudonym import Pseudonymizer, load_or_create_secret


def test_key_is_stable_hex_and_depends_on_the_secret() -> None:
    a = Pseudonymizer(b"a" * 32)
    assert a.key(123456789) == a.key(123456789)
    assert re.fullmatch(r"[0-9a-f]{32}", a.key(123456789))
    assert a.key(123456789) != a.key(123456780)
    assert Pseudonymizer(b"b" * 32).key(123456789) != a.key(123456789)
    assert "123456789" not in a.key(123456789)
    assert "a" * 32 not in repr(a)


def test_secret_is_created_0600_then_loaded(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "secret.key"
    first = load_or_create_secret(path)
    assert len(first) == 32
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_or_create_secret(path) == first


def test_unreadable_secret_is_an_error_not_a_new_secret(tmp_path: Path) -> None:
    path = tmp_path / "secret.key"
    path.write_text("not hex")
    with pytest.raises(StorageError, match="illisible"):
        load_or_create_secret(path)


def test_short_secret_refused() -> None:
    with pytest.raises(StorageError):
        Pseudonymizer(b"short")
