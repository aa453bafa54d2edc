"""Warnings about what is legal but probably not meant: the validator's manners (called from it).

* a bare ``yes``/``no``/``on``/``off``/``true``/``false`` where a word is expected (an id, a synonym, a
  ``suite``, a node name): YAML reads it as true/false, not as the word; and a bare ``oui``/``non`` where
  true/false is expected (``fin: oui``): YAML reads it as the word, not as true/false;
* a variable that nothing reads (no condition of the dialog, no rule of a dispositif it can show, no
  ``{variable}`` in a text): the question is asked for nothing;
* a choice that no rule or branch uses: its variable is read, but never for this value, and the choice has
  no ``suite`` of its own — picking it changes nothing compared with any other unlisted choice.

Only warnings: the bot runs; the counsellor decides."""

from __future__ import annotations

import ast
import string
from collections.abc import Iterable, Iterator

import yaml

from bot.base.expr import Expr
from bot.base.problems import Problem, Severity
from bot.dialogs.model import Dialog, Node, Text
from bot.knowledge.dispositifs import Catalogue

# keys whose value is true/false in the dialog format
BOOLEAN_KEYS = frozenset({"fin", "facultatif", "resultat", "niveaux"})
WORDS_READ_AS_BOOLEANS = frozenset({"yes", "no", "on", "off", "true", "false", "y", "n"})
FRENCH_BOOLEANS = {"oui": "true", "non": "false", "vrai": "true", "faux": "false"}
# keys the loader also reads as « oui » / « non » (the guide writes « niveaux: oui »)
SAYS_OUI_NON = frozenset({"niveaux"})
# set from the place answer by the engine: a « saisie: lieu » question is read through them
PLACE_VARIABLES = ("qpv", "commune", "quartier")


def _warning(path: str, line: int | None, message: str, hint: str) -> Problem:
    return Problem(path, line, message, hint, Severity.WARNING)


# ------------------------------------------------------------------------------------- YAML booleans


def _scalars(node: yaml.Node, key: str | None) -> Iterator[tuple[yaml.ScalarNode, str | None, bool]]:
    """Every scalar with the key it is the value of, and whether it is itself a mapping key."""
    if isinstance(node, yaml.ScalarNode):
        yield node, key, False
    elif isinstance(node, yaml.SequenceNode):
        for child in node.value:
            yield from _scalars(child, key)
    elif isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            name = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if isinstance(key_node, yaml.ScalarNode):
                yield key_node, key, True
            yield from _scalars(value_node, name)


def yaml_words(text: str, path: str) -> list[Problem]:
    """Bare words YAML reads otherwise than a counsellor means (see the module docstring)."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return []  # the loader reports the syntax error
    if root is None:
        return []
    problems: list[Problem] = []
    for scalar, key, is_key in _scalars(root, None):
        if scalar.style is not None:  # quoted: read as written
            continue
        word, line = scalar.value, scalar.start_mark.line + 1
        boolean = scalar.tag == "tag:yaml.org,2002:bool"
        if boolean and (is_key or key not in BOOLEAN_KEYS):
            value = "vrai (true)" if word.lower() in ("yes", "on", "true", "y") else "faux (false)"
            problems.append(
                _warning(
                    path,
                    line,
                    f"« {word} » sans guillemets : YAML le lit comme {value}, pas comme le mot « {word} ».",
                    f'Mets-le entre guillemets : "{word}".',
                )
            )
        elif not is_key and key in BOOLEAN_KEYS - SAYS_OUI_NON and word.lower() in FRENCH_BOOLEANS:
            problems.append(
                _warning(
                    path,
                    line,
                    f"« {key}: {word} » : YAML lit « {word} » comme un mot, pas comme vrai ou faux.",
                    f"Écris « {key}: {FRENCH_BOOLEANS[word.lower()]} ».",
                )
            )
    return problems


# ---------------------------------------------------------------------- unread variables and choices


def _conditions(dialog: Dialog, catalogue: Catalogue | None) -> list[Expr]:
    found = [b.condition for n in dialog.nodes.values() for b in n.targets() if b.condition is not None]
    if catalogue is not None:
        found += [r.condition for d in catalogue.dispositifs for r in (*d.conditions, *d.atouts)]
    return found


def _texts(dialog: Dialog, catalogue: Catalogue | None) -> Iterable[str]:
    for node in dialog.nodes.values():
        texts: list[Text | None] = [node.text, node.title, node.help, *(c.label for c in node.choices)]
        for text in texts:
            if text is not None:
                yield from text.translations.values()
    if catalogue is not None:
        for dispositif in catalogue.dispositifs:
            yield from (r.reason or "" for r in (*dispositif.conditions, *dispositif.atouts))


def _placeholders(text: str) -> Iterator[str]:
    try:
        yield from (name for _, name, _, _ in string.Formatter().parse(text) if name)
    except ValueError:
        return


def _open_ended(exprs: Iterable[Expr]) -> set[str]:
    """Variables compared with != , not in, < … : every value they take can change the outcome."""
    found: set[str] = set()
    for expr in exprs:
        for node in ast.walk(expr.tree):
            if not isinstance(node, ast.Compare):
                continue
            if all(isinstance(op, ast.Eq | ast.In) for op in node.ops):
                continue
            found.update(o.id for o in (node.left, *node.comparators) if isinstance(o, ast.Name))
    return found


def unread(dialog: Dialog, catalogue: Catalogue | None) -> list[Problem]:
    """Variables nothing reads, and choices no rule or branch uses. Without dispositifs (``catalogue`` None
    or empty: the file is broken, missing, or the dialog is checked on its own) nothing is said: every
    variable may be meant for rules not written or not readable yet."""
    if catalogue is None or not catalogue.dispositifs:
        return []
    exprs = _conditions(dialog, catalogue)
    read = {name for expr in exprs for name in expr.names}
    read.update(name for text in _texts(dialog, catalogue) for name in _placeholders(text))
    compared = {(variable, value) for expr in exprs for variable, value in expr.literals}
    open_ended = _open_ended(exprs)
    problems: list[Problem] = []
    for node in sorted(dialog.nodes.values(), key=lambda n: n.loc.line):
        variable = node.variable
        if not variable or not node.is_question:
            continue
        if node.input is not None and node.input.kind in ("lieu", "quartier"):
            # a quartier answer refines the place (`engine/variables.place_of`): read like the place itself
            if not read & {variable, *PLACE_VARIABLES} and not _shows_places(dialog):
                problems.append(_unread_variable(node, variable))
            continue
        if variable not in read:
            problems.append(_unread_variable(node, variable))
            continue
        if variable in open_ended:
            continue
        for choice in node.choices:
            if not choice.next and (variable, choice.value) not in compared:
                problems.append(
                    _warning(
                        choice.loc.path,
                        choice.loc.line,
                        f"nœud « {node.id} », choix « {choice.id} » : aucune condition ni règle ne "
                        f"l'utilise (« {variable} » n'est jamais comparée à « {choice.value} ») ; le "
                        "choisir ne change rien.",
                        f"Utilise-le dans un « si: » ({variable} == '{choice.value}') ou une règle de "
                        "dispositif, donne-lui sa propre « suite », ou retire-le.",
                    )
                )
    return problems


def _shows_places(dialog: Dialog) -> bool:
    """A result node shows the nearest structures: the place answer is read for that."""
    return any(n.result is not None for n in dialog.nodes.values())


def _unread_variable(node: Node, variable: str) -> Problem:
    return _warning(
        node.loc.path,
        node.loc.line,
        f"nœud « {node.id} » : la variable « {variable} » n'est lue nulle part (aucune condition « si », "
        "aucune règle de dispositif, aucun texte ne l'utilise) : la question ne sert à rien.",
        f"Utilise-la dans un « si: » ou une règle de knowledge/dispositifs.yaml ({variable} == '…'), "
        "ou retire la question.",
    )
