"""A small, safe condition language for dialogs and eligibility rules.

    age in ['16_17', '18_25'] and scolarite != 'ecole'
    not qpv or projet == 'entreprise'
    nombre_age >= 16

Comparisons (== != < <= > >=), membership (in, not in) against a list, and/or/not, parentheses, strings,
numbers, true/false (also vrai/faux), null. Python's own parser builds the tree (`ast.parse`); we walk a
whitelist of node kinds and never evaluate code. A missing variable is None; any comparison involving None
is False, so an unanswered question never raises."""

from __future__ import annotations

import ast
import itertools
import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass
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

    def evaluate(self, variables: Mapping[str, Any]) -> bool:
        return bool(_eval(self.tree, variables))


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
    return Expr(text, module.body, frozenset(names), tuple(literals))


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


def _eval(node: ast.AST, variables: Mapping[str, Any]) -> Any:
    if isinstance(node, ast.BoolOp):
        if isinstance(node.op, ast.And):
            return all(_eval(value, variables) for value in node.values)
        return any(_eval(value, variables) for value in node.values)
    if isinstance(node, ast.UnaryOp):
        if isinstance(node.op, ast.Not):
            return not _eval(node.operand, variables)
        return -_eval(node.operand, variables)
    if isinstance(node, ast.Compare):
        left = _eval(node.left, variables)
        for op, comparator in zip(node.ops, node.comparators, strict=True):
            right = _eval(comparator, variables)
            if not _compare(op, left, right):
                return False
            left = right
        return True
    if isinstance(node, ast.Name):
        if node.id in _CONSTANT_NAMES:
            return _CONSTANT_NAMES[node.id]
        return variables.get(node.id)
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.List | ast.Tuple | ast.Set):
        return [_eval(element, variables) for element in node.elts]
    raise ExprError("élément non permis")  # unreachable after _check


def _compare(op: ast.cmpop, left: Any, right: Any) -> bool:
    if isinstance(op, ast.In | ast.NotIn):
        if left is None or not isinstance(right, list | str):
            return False
        found = left in right
        return found if isinstance(op, ast.In) else not found
    if left is None or right is None:
        return (isinstance(op, ast.Eq) and left is right) or (isinstance(op, ast.NotEq) and left is not right)
    try:
        return _COMPARE[type(op)](left, right)
    except TypeError:
        return False
