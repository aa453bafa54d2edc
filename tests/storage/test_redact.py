from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.storage.redact import MAX_CHARS, redact


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("appelle moi au 06 12 34 56 78 stp", "appelle moi au [tel] stp"),
        ("+33 6 12 34 56 78", "[tel]"),
        ("06.12.34.56.78", "[tel]"),
        ("mon mail yasmina.b@gmail.com", "mon mail [email]"),
        ("insta @yasmina_rbx", "insta [@]"),
        ("regarde https://exemple.fr/a?b=1 ok", "regarde [lien] ok"),
        ("www.monsite.com", "[lien]"),
        ("j'ai 17 ans et j'habite au 12 rue X", "j'ai # ans et j'habite au # rue X"),
        ("  plein   d'espaces\n\tici ", "plein d'espaces ici"),
        ("je veux faire coiffeuse", "je veux faire coiffeuse"),
    ],
)
def test_examples(text: str, expected: str) -> None:
    assert redact(text) == expected


def test_truncated() -> None:
    out = redact("mot " * 100)
    assert len(out) == MAX_CHARS
    assert out.endswith("…")


@given(st.text(max_size=400))
def test_never_digits_handles_or_long(text: str) -> None:
    out = redact(text)
    assert len(out) <= MAX_CHARS
    assert not re.search(r"[0-9]", out)
    assert not re.search(r"@\w", out)
    assert "://" not in out
