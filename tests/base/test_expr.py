"""The condition language: what it accepts, what it refuses, how it treats missing answers."""

from __future__ import annotations

import ast
import operator

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


@pytest.mark.parametrize(
    ("source", "variables", "expected"),
    [
        ("age == null", {}, True),
        ("age != nul", {"age": "18_25"}, True),
        ("n < 3", {}, False),
        ("age not in ['x']", {}, False),  # no answer is neither in nor out of a list
        ("ville in 'Roubaix-Tourcoing'", {"ville": "Roubaix"}, True),
        ("age in 'x'", {"age": None}, False),
        ("n in 'abc'", {"n": 1}, False),  # a number in a text: False either way, never an error
        ("n not in 'abc'", {"n": 1}, False),
        ("n > -1", {"n": 0}, True),
        ("0 < n < 5 < m", {"n": 3, "m": 4}, False),
        ("0 < n < 5 < m", {"n": 3, "m": 6}, True),
        ("n >= 'a'", {"n": 1}, False),
        ("not (a or b)", {}, True),
        ("faux or vrai and true", {}, True),
    ],
)
def test_edge_cases(source: str, variables: dict[str, object], expected: bool) -> None:
    assert parse_expr(source).evaluate(variables) is expected


# -- the compiled conditions mean what the syntax tree means ------------------------------------------------
_CONSTANTS = {"true": True, "vrai": True, "false": False, "faux": False, "null": None, "nul": None}
_ORDER = {
    ast.Eq: operator.eq,
    ast.NotEq: operator.ne,
    ast.Lt: operator.lt,
    ast.LtE: operator.le,
    ast.Gt: operator.gt,
    ast.GtE: operator.ge,
}


def reference(node: ast.AST, variables: dict[str, object]) -> object:
    """A plain walk of the syntax tree, written from the language's rules (see the module docstring)."""
    if isinstance(node, ast.BoolOp):
        values = (reference(value, variables) for value in node.values)
        return all(values) if isinstance(node.op, ast.And) else any(values)
    if isinstance(node, ast.UnaryOp):
        operand = reference(node.operand, variables)
        return not operand if isinstance(node.op, ast.Not) else -operand  # type: ignore[operator]
    if isinstance(node, ast.Compare):
        left = reference(node.left, variables)
        for op, comparator in zip(node.ops, node.comparators, strict=True):
            right = reference(comparator, variables)
            if isinstance(op, ast.In | ast.NotIn):
                if left is None or not isinstance(right, list | str):
                    return False
                try:
                    ok = (left in right) == isinstance(op, ast.In)
                except TypeError:  # a number in a text: never raises, False either way
                    ok = False
            elif left is None or right is None:
                ok = (isinstance(op, ast.Eq) and left is right) or (
                    isinstance(op, ast.NotEq) and left is not right
                )
            else:
                try:
                    ok = bool(_ORDER[type(op)](left, right))
                except TypeError:
                    ok = False
            if not ok:
                return False
            left = right
        return True
    if isinstance(node, ast.Name):
        return _CONSTANTS[node.id] if node.id in _CONSTANTS else variables.get(node.id)
    if isinstance(node, ast.Constant):
        return node.value
    assert isinstance(node, ast.List)
    return [reference(element, variables) for element in node.elts]


_values = st.sampled_from(["'a'", "'b'", "1", "2", "-1", "null", "vrai", "faux"])
_operands = st.one_of(st.sampled_from(["x", "y", "z"]), _values)
_lists = st.lists(st.sampled_from(["'a'", "'b'", "1", "2"]), max_size=3).map(lambda xs: f"[{', '.join(xs)}]")
_comparisons = st.one_of(
    st.tuples(_operands, st.sampled_from(["==", "!=", "<", "<=", ">", ">="]), _operands).map(" ".join),
    st.tuples(
        _operands,
        st.sampled_from(["<", "<=", "=="]),
        _operands,
        st.sampled_from(["<", ">=", "!="]),
        _operands,
    ).map(" ".join),
    st.tuples(_operands, st.sampled_from(["in", "not in"]), st.one_of(_lists, _operands)).map(" ".join),
)
_conditions = st.recursive(
    _comparisons,
    lambda inner: st.one_of(
        st.tuples(inner, st.sampled_from(["and", "or"]), inner).map(lambda t: f"({t[0]}) {t[1]} ({t[2]})"),
        inner.map(lambda c: f"not ({c})"),
    ),
    max_leaves=6,
)
_variables = st.fixed_dictionaries(
    {}, optional={name: st.sampled_from(["a", "b", 1, 2, -1, None, True, "ab"]) for name in "xyz"}
)


@given(_conditions, _variables)
def test_compiled_conditions_agree_with_a_walk_of_the_tree(source: str, variables: dict[str, object]) -> None:
    expr = parse_expr(source)
    assert expr.evaluate(variables) is bool(reference(expr.tree, variables))
