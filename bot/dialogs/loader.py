"""Turn a dialog YAML file into a `Dialog`, reporting every structural problem with file:line.

Cross-node checks (targets, reachability, dead ends, variables, Telegram limits) live in
`bot.dialogs.validator`; this module checks the shape of each piece."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from types import MappingProxyType
from typing import Any

from bot.base.expr import Expr, ExprError, parse_expr
from bot.base.languages import KNOWN_LANGS
from bot.base.problems import Problem
from bot.base.suggest import did_you_mean
from bot.base.yamlsrc import LocatedDict, LocatedList, parse_yaml, read_source
from bot.dialogs.model import (
    DEFAULT_LANG,
    INPUT_KINDS,
    Branch,
    Choice,
    Dialog,
    Input,
    Loc,
    Node,
    ResultSpec,
    Text,
)
from bot.dialogs.version import structural_version

TOP_KEYS = {"dialogue", "debut", "langues", "noeuds"}
NODE_KEYS = {"texte", "titre", "aide", "variable", "choix", "niveaux", "saisie", "suite", "resultat", "fin"}
CHOICE_KEYS = {"id", "libelle", "synonymes", "valeur", "nombres", "durees", "suite"}
INPUT_KEYS = {"type", "min", "max", "facultatif"}
RESULT_KEYS = {"max", "dispositifs"}
BRANCH_KEYS = {"si", "suite"}
ID_PATTERN = re.compile(r"^[a-z0-9_]{1,32}$")


class _Reader:
    """Collects problems while reading one file."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[Problem] = []
        self.languages: set[str] = {DEFAULT_LANG}

    def problem(self, line: int | None, message: str, hint: str | None = None) -> None:
        self.problems.append(Problem(self.path, line, message, hint))

    def loc(self, line: int) -> Loc:
        return Loc(self.path, line)

    def check_keys(self, data: LocatedDict, allowed: set[str], what: str) -> None:
        for key, line in data.key_lines.items():
            if key == "__duplicates__":
                continue
            if key not in allowed:
                self.problem(
                    line,
                    f"clé inconnue « {key} » dans {what}.",
                    did_you_mean(key, allowed) or f"Clés possibles : {', '.join(sorted(allowed))}.",
                )
        for key, line in data.get("__duplicates__", []):
            self.problem(
                line,
                f"la clé « {key} » est écrite deux fois dans {what} : la seconde écrase la première.",
                "Supprime l'une des deux.",
            )

    def text(self, data: LocatedDict, key: str, what: str, *, required: bool) -> Text | None:
        line = data.line_of(key)
        raw = data.get(key)
        if raw is None:
            if required:
                self.problem(
                    data.line,
                    f"{what} : il manque « {key} » (le texte en français).",
                    f'Ajoute par exemple :  {key}: "…"',
                )
            return None
        if isinstance(raw, str):
            if not raw.strip():
                self.problem(line, f"{what} : « {key} » est vide.")
                return None
            return Text.fr(raw.strip())
        if isinstance(raw, LocatedDict):
            translations: dict[str, str] = {}
            for lang, value in raw.items():
                if lang == "__duplicates__":
                    continue
                if lang not in KNOWN_LANGS:
                    self.problem(
                        raw.line_of(lang),
                        f"{what} : langue inconnue « {lang} ».",
                        did_you_mean(lang, KNOWN_LANGS) or "Utilise un code à deux lettres : fr, en, ar…",
                    )
                    continue
                if not isinstance(value, str) or not value.strip():
                    self.problem(
                        raw.line_of(lang), f"{what} : le texte « {lang} » doit être un texte non vide."
                    )
                    continue
                translations[lang] = value.strip()
            if DEFAULT_LANG not in translations:
                self.problem(
                    line,
                    f"{what} : le texte en français (fr) manque.",
                    "Le français est obligatoire ; les autres langues sont facultatives.",
                )
                return None
            self.languages.update(translations)
            return Text(MappingProxyType(translations))
        self.problem(line, f"{what} : « {key} » doit être un texte (ou des traductions fr:, en:…).")
        return None

    def declared_languages(self, data: LocatedDict) -> set[str] | None:
        """« langues: [fr, en] »: the languages the dialog promises (French always), or None when absent."""
        raw = data.get("langues")
        if raw is None:
            return None
        line = data.line_of("langues")
        if not isinstance(raw, LocatedList) or not all(isinstance(x, str) for x in raw):
            self.problem(
                line, "« langues » doit être une liste de codes de langue.", "Exemple : langues: [fr, en]"
            )
            return None
        declared = {DEFAULT_LANG}
        for lang in raw:
            if lang not in KNOWN_LANGS:
                self.problem(
                    line,
                    f"« langues » : langue inconnue « {lang} ».",
                    did_you_mean(lang, KNOWN_LANGS) or "Utilise un code à deux lettres : fr, en, ar…",
                )
                continue
            declared.add(lang)
        return declared

    def expr(self, raw: Any, line: int, what: str) -> Expr | None:
        if not isinstance(raw, str):
            self.problem(line, f"{what} : la condition « si » doit être un texte entre guillemets.")
            return None
        try:
            return parse_expr(raw)
        except ExprError as exc:
            self.problem(
                line,
                f"{what} : condition « {raw} » invalide : {exc.message}.",
                "Exemple : si: \"age in ['16_17', '18_25'] and scolarite != 'ecole'\"",
            )
            return None

    def branches(self, raw: Any, line: int, what: str) -> tuple[Branch, ...]:
        if raw is None:
            return ()
        if isinstance(raw, str):
            return (Branch(raw.strip(), None, self.loc(line)),)
        if not isinstance(raw, LocatedList):
            self.problem(
                line,
                f"{what} : « suite » doit être un identifiant de nœud ou une liste de "
                "« - si: … / suite: … ».",
            )
            return ()
        result: list[Branch] = []
        for index, item in enumerate(raw):
            item_line = raw.line_of(index)
            if isinstance(item, str):
                result.append(Branch(item.strip(), None, self.loc(item_line)))
                continue
            if not isinstance(item, LocatedDict):
                self.problem(
                    item_line, f"{what} : chaque cas de « suite » s'écrit « - si: … » puis « suite: … »."
                )
                continue
            self.check_keys(item, BRANCH_KEYS, f"{what} (cas de suite)")
            target = item.get("suite")
            if not isinstance(target, str) or not target.strip():
                self.problem(item_line, f"{what} : ce cas n'a pas de « suite » (le nœud où aller).")
                continue
            condition = None
            if "si" in item:
                condition = self.expr(item["si"], item.line_of("si"), what)
                if condition is None:
                    continue
            result.append(Branch(target.strip(), condition, self.loc(item.line_of("suite"))))
        return tuple(result)

    def choices(self, raw: Any, line: int, node_id: str) -> tuple[Choice, ...]:
        what = f"nœud « {node_id} »"
        if not isinstance(raw, LocatedList) or not raw:
            self.problem(line, f"{what} : « choix » doit être une liste non vide de boutons (- id: …).")
            return ()
        result: list[Choice] = []
        for index, item in enumerate(raw):
            item_line = raw.line_of(index)
            if not isinstance(item, LocatedDict):
                self.problem(item_line, f"{what} : chaque choix s'écrit « - id: … » avec « libelle: … ».")
                continue
            self.check_keys(item, CHOICE_KEYS, f"{what}, choix n°{index + 1}")
            choice_id = item.get("id")
            if not isinstance(choice_id, str) or not ID_PATTERN.match(choice_id):
                self.problem(
                    item.line_of("id"),
                    f"{what}, choix n°{index + 1} : « id » manque ou n'est pas "
                    "un identifiant (minuscules, chiffres, _ ; 32 caractères au plus).",
                    "Exemple : id: apprentissage",
                )
                continue
            cwhat = f"{what}, choix « {choice_id} »"
            label = self.text(item, "libelle", cwhat, required=True)
            synonyms_raw = item.get("synonymes")
            synonyms: list[str] = []
            if synonyms_raw is None:
                pass
            elif isinstance(synonyms_raw, LocatedList):
                for s_index, synonym in enumerate(synonyms_raw):
                    if isinstance(synonym, str | int) and str(synonym).strip():
                        synonyms.append(str(synonym).strip())
                    else:
                        self.problem(
                            synonyms_raw.line_of(s_index), f"{cwhat} : un synonyme doit être un texte."
                        )
            else:
                self.problem(
                    item.line_of("synonymes"),
                    f"{cwhat} : « synonymes » doit être une liste.",
                    "Exemple : synonymes: [alternance, apprenti]",
                )
            numbers = None
            if "nombres" in item:
                raw_numbers = item["nombres"]
                if (
                    isinstance(raw_numbers, LocatedList)
                    and len(raw_numbers) == 2
                    and all(isinstance(n, int) and not isinstance(n, bool) for n in raw_numbers)
                    and raw_numbers[0] <= raw_numbers[1]
                ):
                    numbers = (int(raw_numbers[0]), int(raw_numbers[1]))
                else:
                    self.problem(
                        item.line_of("nombres"),
                        f"{cwhat} : « nombres » doit être [minimum, maximum].",
                        "Exemple : nombres: [18, 25]",
                    )
            durations = self.durations(item, cwhat) if "durees" in item else None
            value = item.get("valeur", choice_id)
            if not isinstance(value, str):
                self.problem(item.line_of("valeur"), f"{cwhat} : « valeur » doit être un texte.")
                value = choice_id
            next_branches = self.branches(item.get("suite"), item.line_of("suite"), cwhat)
            if label is not None:
                result.append(
                    Choice(
                        choice_id,
                        label,
                        tuple(synonyms),
                        value,
                        numbers,
                        next_branches,
                        self.loc(item_line),
                        durations,
                    )
                )
        return tuple(result)

    def durations(self, item: LocatedDict, what: str) -> tuple[float, float] | None:
        raw = item["durees"]
        if (
            isinstance(raw, LocatedList)
            and len(raw) == 2
            and all(isinstance(n, int | float) and not isinstance(n, bool) for n in raw)
            and 0 <= raw[0] < raw[1]
        ):
            return (float(raw[0]), float(raw[1]))
        self.problem(
            item.line_of("durees"),
            f"{what} : « durees » doit être [minimum, maximum] en mois, avec 0 ≤ minimum < maximum "
            "(minimum compris, maximum non compris).",
            "Exemple : durees: [0, 12] pour moins d'un an, durees: [12, 600] pour plus d'un an.",
        )
        return None

    def levels(self, data: LocatedDict, what: str, choices: tuple[Choice, ...]) -> bool:
        raw = data["niveaux"]
        levels = {"oui": True, "non": False, True: True, False: False}.get(raw)
        if levels is None:
            self.problem(
                data.line_of("niveaux"),
                f"{what} : « niveaux » vaut oui ou non.",
                "Écris « niveaux: oui » quand les choix sont des niveaux rangés du plus bas au plus haut.",
            )
            return False
        if levels and len(choices) < 2:
            self.problem(
                data.line_of("niveaux"),
                f"{what} : « niveaux: oui » demande au moins deux choix, rangés du plus bas au plus haut.",
                "Ajoute les choix (par exemple aucun diplôme, brevet, CAP, bac), ou retire « niveaux ».",
            )
            return False
        return levels

    def input(self, raw: Any, line: int, node_id: str) -> Input | None:
        what = f"nœud « {node_id} », saisie"
        if not isinstance(raw, LocatedDict):
            self.problem(
                line, f"{what} : « saisie » doit contenir « type: nombre | lieu | texte | quartier »."
            )
            return None
        self.check_keys(raw, INPUT_KEYS, what)
        kind = raw.get("type")
        if kind not in INPUT_KINDS:
            self.problem(
                raw.line_of("type"),
                f"{what} : type « {kind} » inconnu.",
                did_you_mean(str(kind), INPUT_KINDS) or "Types possibles : nombre, lieu, texte, quartier.",
            )
            return None
        bounds: list[int | None] = []
        for key in ("min", "max"):
            value = raw.get(key)
            if value is not None and (not isinstance(value, int) or isinstance(value, bool)):
                self.problem(raw.line_of(key), f"{what} : « {key} » doit être un nombre entier.")
                value = None
            bounds.append(value)
        minimum, maximum = bounds
        if minimum is not None and maximum is not None and minimum > maximum:
            self.problem(raw.line, f"{what} : « min » ({minimum}) est plus grand que « max » ({maximum}).")
        if (minimum is not None or maximum is not None) and kind != "nombre":
            self.problem(raw.line, f"{what} : « min » et « max » ne servent que pour le type nombre.")
        optional = raw.get("facultatif", False)
        if not isinstance(optional, bool):
            self.problem(
                raw.line_of("facultatif"), f"{what} : « facultatif » vaut oui ou non (true / false)."
            )
            optional = False
        return Input(str(kind), minimum, maximum, optional, self.loc(raw.line))

    def result(self, raw: Any, line: int, node_id: str) -> ResultSpec | None:
        what = f"nœud « {node_id} », resultat"
        if raw is True or raw is None:
            return ResultSpec(3, (), self.loc(line))
        if not isinstance(raw, LocatedDict):
            self.problem(line, f"{what} : « resultat » vaut « oui » ou contient « max » / « dispositifs ».")
            return None
        self.check_keys(raw, RESULT_KEYS, what)
        limit = raw.get("max", 3)
        if not isinstance(limit, int) or isinstance(limit, bool) or not 1 <= limit <= 5:
            self.problem(raw.line_of("max"), f"{what} : « max » est le nombre de pistes montrées, de 1 à 5.")
            limit = 3
        only_raw = raw.get("dispositifs")
        only: list[str] = []
        if only_raw is None:
            pass
        elif isinstance(only_raw, LocatedList):
            only = [str(x) for x in only_raw]
        else:
            self.problem(
                raw.line_of("dispositifs"), f"{what} : « dispositifs » doit être une liste d'identifiants."
            )
        return ResultSpec(limit, tuple(only), self.loc(raw.line))

    def node(self, node_id: str, data: Any, line: int) -> Node | None:
        what = f"nœud « {node_id} »"
        if not ID_PATTERN.match(node_id):
            self.problem(
                line,
                f"l'identifiant de nœud « {node_id} » n'est pas valide.",
                "Utilise des minuscules sans accents, des chiffres et _ (32 caractères au plus).",
            )
        if not isinstance(data, LocatedDict):
            self.problem(line, f"{what} : un nœud contient au moins « texte: … ».")
            return None
        self.check_keys(data, NODE_KEYS, what)
        text = self.text(data, "texte", what, required=True)
        title = self.text(data, "titre", what, required=False)
        help_text = self.text(data, "aide", what, required=False)
        variable = data.get("variable")
        if variable is not None and (not isinstance(variable, str) or not ID_PATTERN.match(variable)):
            self.problem(
                data.line_of("variable"), f"{what} : « variable » doit être un nom simple (minuscules, _)."
            )
            variable = None
        choices = self.choices(data["choix"], data.line_of("choix"), node_id) if "choix" in data else ()
        node_input = self.input(data["saisie"], data.line_of("saisie"), node_id) if "saisie" in data else None
        levels = self.levels(data, what, choices) if "niveaux" in data else False
        result = (
            self.result(data["resultat"], data.line_of("resultat"), node_id) if "resultat" in data else None
        )
        end = data.get("fin", False)
        if not isinstance(end, bool):
            self.problem(data.line_of("fin"), f"{what} : « fin » vaut true ou false.")
            end = False
        next_branches = self.branches(data.get("suite"), data.line_of("suite"), what)
        kinds = [
            name
            for name, present in (
                ("choix", bool(choices) or "choix" in data),
                ("saisie", "saisie" in data),
                ("resultat", "resultat" in data),
                ("fin", bool(end)),
            )
            if present
        ]
        if len(kinds) > 1:
            self.problem(
                line,
                f"{what} : un nœud est soit une question à choix, soit une saisie, soit un "
                f"résultat, soit une fin ; celui-ci mélange {', '.join(kinds)}.",
            )
        if (choices or node_input) and not variable:
            self.problem(
                line,
                f"{what} : une question doit dire où ranger la réponse.",
                "Ajoute « variable: nom_de_la_variable ».",
            )
        if (result is not None or end) and next_branches:
            self.problem(data.line_of("suite"), f"{what} : un résultat ou une fin n'a pas de « suite ».")
        if text is None:
            return None
        return Node(
            node_id,
            text,
            self.loc(line),
            title,
            help_text,
            variable,
            choices,
            node_input,
            next_branches,
            result,
            bool(end),
            levels,
        )


def load_dialog_text(text: str, path: str) -> tuple[Dialog | None, list[Problem]]:
    data, problems = parse_yaml(text, path)
    if problems:
        return None, problems
    reader = _Reader(path)
    if not isinstance(data, LocatedDict):
        reader.problem(1, "un dialogue commence par « dialogue: », « debut: » et « noeuds: ».")
        return None, reader.problems
    reader.check_keys(data, TOP_KEYS, "le dialogue")
    dialog_id = data.get("dialogue")
    if not isinstance(dialog_id, str) or not ID_PATTERN.match(dialog_id):
        reader.problem(
            data.line_of("dialogue"),
            "« dialogue » (l'identifiant du dialogue) manque ou n'est pas valide.",
            "Exemple : dialogue: orientation",
        )
        dialog_id = Path(path).stem
    start = data.get("debut")
    if not isinstance(start, str):
        reader.problem(
            data.line_of("debut"), "« debut » (le premier nœud) manque.", "Exemple : debut: accueil"
        )
        start = ""
    raw_nodes = data.get("noeuds")
    nodes: dict[str, Node] = {}
    if not isinstance(raw_nodes, LocatedDict) or not raw_nodes:
        reader.problem(data.line_of("noeuds"), "« noeuds » manque ou est vide.")
    else:
        for node_id, node_data in raw_nodes.items():
            if node_id == "__duplicates__":
                continue
            node = reader.node(node_id, node_data, raw_nodes.line_of(node_id))
            if node is not None:
                nodes[node_id] = node
        for node_id, line in raw_nodes.get("__duplicates__", []):
            reader.problem(
                line,
                f"le nœud « {node_id} » est défini deux fois.",
                "Renomme l'un des deux : chaque identifiant de nœud est unique.",
            )
    declared = reader.declared_languages(data)
    version = structural_version(dialog_id, nodes)  # what buttons mean, not the texts (dialogs/version)
    # the dialog's location is its « debut: » line, where a counsellor fixes an unknown start node
    start_loc = Loc(path, data.line_of("debut"))
    dialog = Dialog(
        dialog_id,
        path,
        start,
        MappingProxyType(nodes),
        version,
        start_loc,
        frozenset(declared if declared is not None else reader.languages),
        declared is not None,
    )
    return dialog, reader.problems


def load_dialog(path: Path) -> tuple[Dialog | None, list[Problem]]:
    text, problems = read_source(path)
    if text is None:
        return None, problems
    return load_dialog_text(text, display_path(path))


def display_path(path: Path) -> str:
    """Paths relative to the working directory when possible: what a counsellor sees in their editor."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def dialog_files(paths: Iterable[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        files.extend(sorted(path.glob("*.yaml")) if path.is_dir() else [path])
    return files
