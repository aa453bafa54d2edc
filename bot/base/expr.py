"""A small, safe condition language for dialogs and eligibility rules.

    age in ['16_17', '18_25'] and scolarite != 'ecole'
    not qpv or projet == 'entreprise'
    nombre_age >= 16

Comparisons (== != < <= > >=), membership (in, not in) against a list, and/or/not, parentheses, strings,
numbers, true/false (also vrai/faux), null. Python's own parser builds the tree (`ast.parse`); we walk a
whitelist of node kinds and never evaluate code. A missing variable is None; any comparison involving None
is False, so an unanswered question never raises.

The checked tree is compiled once, at parse time, into nested closures (one per node, built from the same
whitelist): evaluating a condition then costs a few function calls instead of a walk that re-inspects
every node's kind (the result step evaluates some forty conditions)."""

from __future__ import annotations

import ast
import itertools
import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

_CONSTANT_NAMES = {"true": True, "vrai": True, "false": False, "faux": False, "null": None, "nul": None}

_COMPARE: dict[type[ast.cmpop], Callable[[Any, Any], bool]] = {
    ast.Eq: operator.eq,
    ast.NotEq: operator.ne,
    ast.Lt: operator.lt,
    ast.LtE: operator.le,
    ast.Gt: operator.gt,
    ast.GtE: operator.ge,
}


Evaluator = Callable[[Mapping[str, Any]], Any]


class ExprError(ValueError):
    def __init__(self, message: str, column: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.column = column


@dataclass(frozen=True, slots=True)
class Expr:
    source: str
    tree: ast.expr
    names: frozenset[str]
    literals: tuple[tuple[str, Any], ...]  # (variable, literal) pairs compared together, for the validator
    run: Evaluator = field(compare=False, repr=False)  # the tree, compiled (see _compile)

    def evaluate(self, variables: Mapping[str, Any]) -> bool:
        return bool(self.run(variables))


def parse_expr(source: str) -> Expr:
    if not isinstance(source, str) or not source.strip():
        raise ExprError("condition vide")
    text = source.strip()
    if "\n" in text:
        raise ExprError("une condition tient sur une seule ligne")
    try:
        module = ast.parse(text, mode="eval")
    except SyntaxError as exc:
        raise ExprError(_syntax_message(text), exc.offset) from None
    names: set[str] = set()
    literals: list[tuple[str, Any]] = []
    _check(module.body, names, literals)
    return Expr(text, module.body, frozenset(names), tuple(literals), _compile(module.body))


def _syntax_message(text: str) -> str:
    """Python's own syntax messages are English and cryptic: say what counsellors usually got wrong."""
    unquoted = text.replace("==", "").replace("!=", "").replace("<=", "").replace(">=", "")
    if "=" in unquoted:
        return "condition illisible : pour comparer, écris == (deux signes égal)"
    if text.count("'") % 2 or text.count('"') % 2:
        return "condition illisible : un guillemet n'est pas refermé"
    if text.count("(") != text.count(")") or text.count("[") != text.count("]"):
        return "condition illisible : une parenthèse ou un crochet n'est pas refermé"
    if any(word in text.split() for word in ("et", "ou", "non", "dans")):
        return "condition illisible : écris and, or, not, in (en anglais) entre les comparaisons"
    return "condition illisible : vérifie les guillemets autour des valeurs et les opérateurs (== != < > in)"


def _check(node: ast.AST, names: set[str], literals: list[tuple[str, Any]]) -> None:
    if isinstance(node, ast.BoolOp):
        for value in node.values:
            _check(value, names, literals)
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        _check(node.operand, names, literals)
    elif (
        isinstance(node, ast.UnaryOp)
        and isinstance(node.op, ast.USub)
        and isinstance(node.operand, ast.Constant)
    ):
        return
    elif isinstance(node, ast.Compare):
        for op in node.ops:
            if type(op) not in _COMPARE and not isinstance(op, ast.In | ast.NotIn):
                raise ExprError("opérateur non permis (utilise == != < <= > >= in, not in)", node.col_offset)
        operands = [node.left, *node.comparators]
        for operand in operands:
            _check(operand, names, literals)
        for left, right in itertools.pairwise(operands):
            _collect_literals(left, right, literals)
            _collect_literals(right, left, literals)
    elif isinstance(node, ast.Name):
        if node.id not in _CONSTANT_NAMES:
            names.add(node.id)
    elif isinstance(node, ast.Constant):
        if not isinstance(node.value, str | int | float | bool | type(None)):
            raise ExprError("valeur non permise", node.col_offset)
    elif isinstance(node, ast.List | ast.Tuple | ast.Set):
        for element in node.elts:
            if not isinstance(element, ast.Constant):
                raise ExprError(
                    "une liste ne contient que des valeurs entre guillemets ou des nombres", node.col_offset
                )
    else:
        raise ExprError(
            "élément non permis dans une condition (seuls les comparaisons, and, or, not, in sont permis)",
            getattr(node, "col_offset", None),
        )


def _collect_literals(name_side: ast.expr, value_side: ast.expr, literals: list[tuple[str, Any]]) -> None:
    if not isinstance(name_side, ast.Name) or name_side.id in _CONSTANT_NAMES:
        return
    if isinstance(value_side, ast.Constant) and isinstance(value_side.value, str):
        literals.append((name_side.id, value_side.value))
    elif isinstance(value_side, ast.List | ast.Tuple | ast.Set):
        for element in value_side.elts:
            if isinstance(element, ast.Constant) and isinstance(element.value, str):
                literals.append((name_side.id, element.value))


def _compile(node: ast.AST) -> Evaluator:
    """The evaluator of a node that ``_check`` accepted: the meaning of a walk of the tree, decided once."""
    if isinstance(node, ast.BoolOp):
        parts = tuple(_compile(value) for value in node.values)
        if isinstance(node.op, ast.And):
            return lambda variables: all(part(variables) for part in parts)
        return lambda variables: any(part(variables) for part in parts)
    if isinstance(node, ast.UnaryOp):
        operand = _compile(node.operand)
        if isinstance(node.op, ast.Not):
            return lambda variables: not operand(variables)
        return lambda variables: -operand(variables)
    if isinstance(node, ast.Compare):
        return _compile_compare(node)
    if isinstance(node, ast.Name):
        name = node.id
        if name in _CONSTANT_NAMES:
            constant = _CONSTANT_NAMES[name]
            return lambda variables: constant
        return lambda variables: variables.get(name)
    if isinstance(node, ast.Constant):
        value = node.value
        return lambda variables: value
    if isinstance(node, ast.List | ast.Tuple | ast.Set):
        elements = [element.value for element in node.elts if isinstance(element, ast.Constant)]
        if len(elements) != len(node.elts):
            raise ExprError("une liste ne contient que des valeurs entre guillemets ou des nombres")
        return lambda variables: elements
    raise ExprError("élément non permis")  # unreachable after _check


def _compile_compare(node: ast.Compare) -> Evaluator:
    first = _compile(node.left)
    if len(node.ops) == 1:  # the usual case: one comparison, no loop
        test, right = _comparison(node.ops[0]), _compile(node.comparators[0])
        return lambda variables: test(first(variables), right(variables))
    links = tuple(
        (_comparison(op), _compile(comparator))
        for op, comparator in zip(node.ops, node.comparators, strict=True)
    )

    def chain(variables: Mapping[str, Any]) -> bool:  # a < b < c: each pair in turn, left to right
        left = first(variables)
        for test, comparator in links:
            right = comparator(variables)
            if not test(left, right):
                return False
            left = right
        return True

    return chain


def _comparison(op: ast.cmpop) -> Callable[[Any, Any], bool]:
    """One comparison operator as a function. ``in``/``not in`` need a list or a text on the right (a
    number in a text is False either way); any other comparison with None is False except ``== null`` and
    ``!= null``; values that cannot be ordered (a number and a text) compare False."""
    if isinstance(op, ast.In | ast.NotIn):
        wanted = isinstance(op, ast.In)

        def member(left: Any, right: Any) -> bool:
            if left is None or not isinstance(right, list | str):
                return False
            try:
                return (left in right) is wanted
            except TypeError:  # a number looked for in a text
                return False

        return member
    compare = _COMPARE[type(op)]
    on_none: Callable[[Any, Any], bool]
    if isinstance(op, ast.Eq):
        on_none = operator.is_
    elif isinstance(op, ast.NotEq):
        on_none = operator.is_not
    else:
        on_none = _never

    def ordered(left: Any, right: Any) -> bool:
        if left is None or right is None:
            return on_none(left, right)
        try:
            return bool(compare(left, right))
        except TypeError:
            return False

    return ordered


def _never(left: Any, right: Any) -> bool:
    return False
