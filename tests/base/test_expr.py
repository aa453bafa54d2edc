"""The condition language: what it accepts, what it refuses, how it treats missing answers."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.base.expr import ExprError, parse_expr


@pytest.mark.parametrize(
    ("source", "variables", "expected"),
    [
        ("age in ['16_17', '18_25']", {"age": "18_25"}, True),
        ("age in ['16_17', '18_25']", {"age": "26_29"}, False),
        ("age not in ['moins_16']", {"age": "18_25"}, True),
        ("scolarite != 'en_cours' and diplome == 'aucun'", {"scolarite": "arret", "diplome": "aucun"}, True),
        ("not qpv or projet == 'entreprise'", {"qpv": True, "projet": "emploi"}, False),
        ("n >= 16 and n <= 25", {"n": 19}, True),
        ("16 <= n <= 25", {"n": 30}, False),
        ("qpv == vrai", {"qpv": True}, True),
        ("(a == 'x' or b == 'y') and not c", {"b": "y"}, True),
    ],
)
def test_evaluation(source: str, variables: dict[str, object], expected: bool) -> None:
    assert parse_expr(source).evaluate(variables) is expected


def test_missing_answers_are_never_true_and_never_raise() -> None:
    assert parse_expr("age == '18_25'").evaluate({}) is False
    assert parse_expr("age in ['18_25']").evaluate({}) is False
    assert parse_expr("n > 3").evaluate({"n": "abc"}) is False
    assert parse_expr("age != '18_25'").evaluate({}) is True


def test_names_and_compared_literals_are_exposed_for_the_validator() -> None:
    expr = parse_expr("age in ['16_17', '18_25'] and scolarite == 'arret' or qpv")
    assert expr.names == {"age", "scolarite", "qpv"}
    assert set(expr.literals) == {("age", "16_17"), ("age", "18_25"), ("scolarite", "arret")}


@pytest.mark.parametrize(
    "source",
    [
        "__import__('os').system('x')",
        "a.b == 1",
        "f(x)",
        "a + 1 > 2",
        "lambda: 1",
        "x == [y]",
        "a[0] == 1",
        "a if b else c",
        "",
        "a ==",
        "a == 1\nb == 2",
        "[x for x in y]",
        "a := 1",
    ],
)
def test_anything_but_the_small_language_is_refused(source: str) -> None:
    with pytest.raises(ExprError):
        parse_expr(source)


@given(st.text(max_size=80))
def test_arbitrary_text_parses_or_is_refused_cleanly(source: str) -> None:
    try:
        expr = parse_expr(source)
    except ExprError:
        return
    expr.evaluate({name: "x" for name in expr.names})
