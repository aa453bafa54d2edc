"""Cross-node checks of a loaded dialog and of the dispositifs it can recommend.

The loader (`bot.dialogs.loader`) checks the shape of each piece; this module checks how the pieces fit:
targets, reachability, dead ends, loops, variables and values in conditions, dispositif ids, duplicates,
and Telegram's limits. Every problem says where (file:line), what, and how to fix it, in French.

Severity (documented for counsellors in docs/dialogues.md):

* errors (the bot refuses to start): unknown targets or start, dead ends, a ``suite`` whose cases all
  have a condition (no default case), loops with no way out, loops of messages only, unknown variables,
  values no choice produces, unknown dispositifs, duplicate choice ids, a reserved variable name,
  overlapping ``nombres`` or ``durees``, more than one ``saisie: lieu``, texts over 4096 characters,
  button labels over 64 characters, buttons whose callback data would exceed 64 bytes;
* warnings: unreachable nodes, a variable filled by two nodes, a case after the default case (never
  used), two buttons with the same label, labels over 40 characters, more than 8 choices on a node;
  and, from `bot.dialogs.lint`: a bare yes/no/on/off read as true/false (or oui/non where true/false is
  meant), a variable nothing reads, a choice no rule or branch uses.
"""

from __future__ import annotations

import string
from collections import deque
from collections.abc import Iterable
from pathlib import Path

from bot.base.expr import Expr
from bot.base.problems import Problem, Severity
from bot.base.suggest import did_you_mean
from bot.base.yamlsrc import load_yaml_file, read_source
from bot.dialogs import codec, lint
from bot.dialogs.loader import load_dialog
from bot.dialogs.model import Branch, Choice, Dialog, Loc, Node, Text
from bot.engine.events import Choose, Details, Event, Modify, Pick
from bot.knowledge.dispositifs import Catalogue, Dispositif

BUILTIN_VARIABLES = ("qpv", "commune", "quartier", "commune_a_qpv")  # set by the engine from the place
MAX_MESSAGE = 4096  # Telegram: characters of one message
LABEL_WARNING = 40  # a button label longer than this is cut on most phones
LABEL_MAX = 64
MAX_CHOICES = 8


def _ids(items: Iterable[str]) -> str:
    return ", ".join(sorted(items))


class _Checker:
    def __init__(self, dialog: Dialog, catalogue: Catalogue | None, declared: Iterable[str] = ()) -> None:
        self.dialog = dialog
        self.catalogue = catalogue
        self.nodes = dialog.nodes
        # nodes written in the file that the loader could not read (already reported there)
        self.broken = set(declared) - set(dialog.nodes)
        self.problems: list[Problem] = []
        self.setters: dict[str, list[Node]] = {}
        for node in sorted(dialog.nodes.values(), key=lambda n: n.loc.line):
            if node.variable:
                self.setters.setdefault(node.variable, []).append(node)

    def add(
        self,
        loc: Loc | tuple[str, int],
        message: str,
        hint: str | None = None,
        severity: Severity = Severity.ERROR,
    ) -> None:
        path, line = (loc.path, loc.line) if isinstance(loc, Loc) else loc
        self.problems.append(Problem(path, line, message, hint, severity))

    def warn(self, loc: Loc, message: str, hint: str | None = None) -> None:
        self.add(loc, message, hint, Severity.WARNING)

    # ---------------------------------------------------------------- graph

    def start(self) -> None:
        start = self.dialog.start
        if start and start not in self.nodes and start not in self.broken:
            self.add(
                self.dialog.loc,
                f"« debut: {start} » n'existe pas.",
                did_you_mean(start, self.nodes) or f"Nœuds existants : {_ids(self.nodes)}.",
            )

    def targets(self) -> None:
        for node in self.nodes.values():
            for branch in node.targets():
                if branch.target not in self.nodes and branch.target not in self.broken:
                    self.add(
                        branch.loc,
                        f"« suite: {branch.target} » n'existe pas.",
                        did_you_mean(branch.target, self.nodes) or f"Nœuds existants : {_ids(self.nodes)}.",
                    )

    def ways_out(self) -> None:
        for node in self.nodes.values():
            if node.is_terminal:
                continue
            what = f"nœud « {node.id} »"
            if node.choices:
                for choice in node.choices:
                    if not choice.next and not node.next:
                        self.add(
                            choice.loc,
                            f"{what}, choix « {choice.id} » : ce choix ne mène nulle part.",
                            "Ajoute « suite: … » au nœud (pour tous ses choix) ou à ce choix.",
                        )
                    self.default_case(choice.next, f"{what}, choix « {choice.id} »")
            elif not node.next:
                self.add(
                    node.loc,
                    f"{what} : impasse, il n'a pas de « suite » et n'est ni un « resultat » ni une « fin ».",
                    "Ajoute « suite: nœud_suivant », ou « resultat: true » pour montrer les pistes, "
                    "ou « fin: true ».",
                )
            self.default_case(node.next, what)

    def default_case(self, branches: tuple[Branch, ...], what: str) -> None:
        if not branches:
            return
        default = next((i for i, b in enumerate(branches) if b.condition is None), None)
        if default is None:
            self.add(
                branches[-1].loc,
                f"{what} : tous les cas de « suite » ont une condition « si » ; quand "
                "aucune n'est vraie, le jeune reste bloqué.",
                "Ajoute un dernier cas sans « si » :  - suite: nœud_par_défaut",
            )
            return
        for branch in branches[default + 1 :]:
            self.warn(
                branch.loc,
                f"{what} : le cas « suite: {branch.target} » ne sera jamais utilisé, il vient "
                "après le cas sans condition.",
                "Le cas sans « si » doit être le dernier de la liste.",
            )

    def edges(self, node: Node) -> list[str]:
        return list(dict.fromkeys(b.target for b in node.targets() if b.target in self.nodes))

    def reach(self, start: str) -> set[str]:
        seen = {start}
        queue = deque([start])
        while queue:
            for target in self.edges(self.nodes[queue.popleft()]):
                if target not in seen:
                    seen.add(target)
                    queue.append(target)
        return seen

    def reachability(self) -> None:
        if self.dialog.start not in self.nodes or self.broken:
            return
        reached = self.reach(self.dialog.start)
        for node in self.nodes.values():
            if node.id not in reached:
                self.warn(
                    node.loc,
                    f"nœud « {node.id} » : on n'arrive jamais ici (aucune « suite » n'y mène "
                    "depuis « debut »).",
                    "Ajoute-le dans la « suite » d'un autre nœud, ou supprime-le.",
                )

    def loops(self) -> None:
        reach = {node_id: self.reach(node_id) for node_id in self.nodes}
        finishing = {n for n in self.nodes if any(self.nodes[m].is_terminal for m in reach[n])}
        done: set[str] = set()
        for node in sorted(self.nodes.values(), key=lambda n: n.loc.line):
            if node.id in done:
                continue
            others = {m for m in reach[node.id] if m != node.id and node.id in reach[m]}
            if not others and node.id not in self.edges(node):
                continue
            group = others | {node.id}
            done |= group
            cycle = " → ".join(self.cycle(node.id, group))
            if not group & finishing:
                self.add(
                    node.loc,
                    f"boucle sans sortie : {cycle} ; aucun chemin ne mène à un résultat ou à une fin.",
                    "Ajoute à l'une de ces questions une « suite » vers un résultat ou une fin.",
                )
            elif not any(self.nodes[m].is_question for m in group):
                self.add(
                    node.loc,
                    f"boucle de messages sans question : {cycle} ; le bot tournerait en rond "
                    "sans attendre de réponse.",
                    "Fais passer la boucle par une question, ou change l'une des « suite ».",
                )

    def cycle(self, first: str, group: set[str]) -> list[str]:
        """The shortest path first → … → first inside the group."""
        parents: dict[str, str] = {}
        queue = deque([first])
        while queue:
            current = queue.popleft()
            for target in self.edges(self.nodes[current]):
                if target == first:
                    path = [current]
                    while path[-1] != first:
                        path.append(parents[path[-1]])
                    return [*reversed(path), first]
                if target in group and target not in parents:
                    parents[target] = current
                    queue.append(target)
        return [first, first]  # pragma: no cover - a group always loops back to its first node

    # ---------------------------------------------------------------- variables and conditions

    def variables(self) -> None:
        for variable, nodes in self.setters.items():
            if variable in BUILTIN_VARIABLES:
                for node in nodes:
                    self.add(
                        node.loc,
                        f"nœud « {node.id} » : la variable « {variable} » est réservée (le bot la "
                        "remplit à partir du lieu).",
                        "Choisis un autre nom de variable.",
                    )
            for node in nodes[1:]:
                self.warn(
                    node.loc,
                    f"nœud « {node.id} » : la variable « {variable} » est déjà remplie par le nœud "
                    f"« {nodes[0].id} » (ligne {nodes[0].loc.line}) ; la dernière réponse donnée "
                    "écrase l'autre.",
                    "Si ce n'est pas voulu, choisis un autre nom de variable.",
                )
        places = [
            n
            for n in sorted(self.nodes.values(), key=lambda n: n.loc.line)
            if n.input is not None and n.input.kind == "lieu"
        ]
        for node in places[1:]:
            self.add(
                node.loc,
                f"nœud « {node.id} » : une seule question « saisie: lieu » par dialogue (le bot lit "
                f"le lieu dans « {places[0].id} »).",
                "Garde une seule question sur le lieu.",
            )
        self.quartier_questions(places[0] if places else None)

    def quartier_questions(self, place: Node | None) -> None:
        """« saisie: quartier » asks which QPV of the commune answered at the place question."""
        asked = [
            n
            for n in sorted(self.nodes.values(), key=lambda n: n.loc.line)
            if n.input is not None and n.input.kind == "quartier"
        ]
        for node in asked[1:]:
            self.add(
                node.loc,
                f"nœud « {node.id} » : une seule question « saisie: quartier » par dialogue (le bot "
                f"range le quartier dans « {asked[0].id} »).",
                "Garde une seule question sur le quartier.",
            )
        if asked and place is None:
            self.add(
                asked[0].loc,
                f"nœud « {asked[0].id} » : « saisie: quartier » demande un quartier de la commune donnée "
                "à la question du lieu, mais le dialogue n'a pas de question « saisie: lieu ».",
                "Ajoute une question « saisie: lieu » avant, ou utilise « type: lieu ».",
            )
        elif asked and place is not None and asked[0].id not in self.reach(place.id):
            self.add(
                asked[0].loc,
                f"nœud « {asked[0].id} » : la question du quartier doit venir après celle du lieu "
                f"(« {place.id} »).",
                f"Mène-y depuis la « suite: » de « {place.id} », par exemple avec "
                '« si: "commune_a_qpv and not qpv" ».',
            )

    def values(self, variable: str) -> list[str] | None:
        """Every value a variable can take, or None when any value is possible (typed text, builtins)."""
        nodes = self.setters.get(variable)
        if not nodes or variable in BUILTIN_VARIABLES or any(not n.choices for n in nodes):
            return None
        return list(dict.fromkeys(c.value for n in nodes for c in n.choices))

    def conditions(self) -> None:
        for node in self.nodes.values():
            for branch in node.next:
                self.condition(branch.condition, branch.loc, f"nœud « {node.id} »")
            for choice in node.choices:
                for branch in choice.next:
                    self.condition(branch.condition, branch.loc, f"nœud « {node.id} », choix « {choice.id} »")

    def condition(self, expr: Expr | None, loc: Loc | tuple[str, int], what: str) -> None:
        if expr is None:
            return
        known = {*self.setters, *BUILTIN_VARIABLES}
        for name in sorted(expr.names - known):
            self.add(
                loc,
                f"{what} : la condition « {expr.source} » utilise « {name} », qui n'est pas une "
                "variable du dialogue.",
                did_you_mean(name, known) or f"Variables connues : {_ids(known)}.",
            )
        for variable, literal in expr.literals:
            values = self.values(variable)
            if values is None or literal in values:
                continue
            self.add(
                loc,
                f"{what} : la condition « {expr.source} » compare « {variable} » à « {literal} », mais "
                f"aucun choix de la question « {self.setters[variable][0].id} » ne donne cette valeur.",
                did_you_mean(literal, values) or f"Valeurs possibles : {', '.join(values)}.",
            )

    # ---------------------------------------------------------------- choices, results, Telegram limits

    def choices(self) -> None:
        for node in self.nodes.values():
            what = f"nœud « {node.id} »"
            if len(node.choices) > MAX_CHOICES:
                self.warn(
                    node.loc,
                    f"{what} : {len(node.choices)} choix, c'est beaucoup sur un téléphone "
                    f"(conseillé : {MAX_CHOICES} au plus).",
                    "Regroupe des choix ou coupe la question.",
                )
            seen: dict[str, Choice] = {}
            labels: dict[str, Choice] = {}
            for choice in node.choices:
                if choice.id in seen:
                    self.add(
                        choice.loc,
                        f"{what} : deux choix ont l'id « {choice.id} ».",
                        "Chaque choix d'une question a un id différent.",
                    )
                seen.setdefault(choice.id, choice)
                label = choice.label.get().casefold()
                if label in labels:
                    self.warn(
                        choice.loc,
                        f"{what} : les choix « {labels[label].id} » et « {choice.id} » ont le même "
                        f"libellé « {choice.label.get()} ».",
                        "Donne-leur des libellés différents.",
                    )
                labels.setdefault(label, choice)
            ranged = [c for c in node.choices if c.numbers is not None]
            for index, choice in enumerate(ranged):
                for other in ranged[:index]:
                    assert choice.numbers is not None and other.numbers is not None
                    if choice.numbers[0] <= other.numbers[1] and other.numbers[0] <= choice.numbers[1]:
                        self.add(
                            choice.loc,
                            f"{what}, choix « {choice.id} » : les nombres {list(choice.numbers)} "
                            f"chevauchent ceux du choix « {other.id} » {list(other.numbers)} ; "
                            "un nombre tapé irait aux deux.",
                            "Fais des intervalles séparés, par exemple [16, 17] puis [18, 25].",
                        )
            timed = [c for c in node.choices if c.durations is not None]
            for index, choice in enumerate(timed):
                for other in timed[:index]:
                    assert choice.durations is not None and other.durations is not None
                    if choice.durations[0] < other.durations[1] and other.durations[0] < choice.durations[1]:
                        self.add(
                            choice.loc,
                            f"{what}, choix « {choice.id} » : les durées {_months(choice.durations)} "
                            f"chevauchent celles du choix « {other.id} » {_months(other.durations)} ; "
                            "une durée tapée irait aux deux.",
                            "Fais se suivre les intervalles (le maximum de l'un est le minimum du suivant), "
                            "par exemple [0, 12] puis [12, 600].",
                        )

    def results(self) -> None:
        if self.catalogue is None:  # unreadable, reported under its own name: nothing to compare with
            return
        ids = self.catalogue.ids()
        for node in self.nodes.values():
            if node.result is None:
                continue
            for dispositif_id in node.result.only:
                if dispositif_id not in ids:
                    self.add(
                        node.result.loc,
                        f"nœud « {node.id} », resultat : le dispositif « {dispositif_id} » "
                        "n'existe pas dans knowledge/dispositifs.yaml.",
                        did_you_mean(dispositif_id, ids) or f"Dispositifs connus : {_ids(ids)}.",
                    )

    def texts(self) -> None:
        for node in self.nodes.values():
            what = f"nœud « {node.id} »"
            for key, text in (("texte", node.text), ("titre", node.title), ("aide", node.help)):
                for lang, value in _translations(text):
                    if len(value) > MAX_MESSAGE:
                        self.add(
                            node.loc,
                            f"{what} : « {key} » ({lang}) fait {len(value)} caractères ; Telegram "
                            f"en accepte {MAX_MESSAGE} au plus.",
                            "Coupe-le en deux nœuds qui se suivent.",
                        )
            for choice in node.choices:
                for lang, value in _translations(choice.label):
                    where = (
                        f"{what}, choix « {choice.id} » : le libellé ({lang}) fait {len(value)} caractères"
                    )
                    if len(value) > LABEL_MAX:
                        self.add(
                            choice.loc,
                            f"{where} ; un bouton en accepte {LABEL_MAX} au plus.",
                            "Raccourcis-le ; mets les précisions dans « texte » ou « aide ».",
                        )
                    elif len(value) > LABEL_WARNING:
                        self.warn(
                            choice.loc,
                            f"{where} ; au-delà de {LABEL_WARNING}, il est coupé sur un téléphone.",
                            "Raccourcis-le ; mets les précisions dans « texte » ou « aide ».",
                        )

    def languages(self) -> None:
        """With « langues: » written, every text of the dialog in each language it declares."""
        if not self.dialog.declared_languages:
            return
        wanted = sorted(self.dialog.languages, key=lambda lang: (lang != "fr", lang))
        for node in sorted(self.nodes.values(), key=lambda n: n.loc.line):
            what = f"nœud « {node.id} »"
            texts: list[tuple[Loc, str, Text | None]] = [
                (node.loc, f"{what}, « texte »", node.text),
                (node.loc, f"{what}, « titre »", node.title),
                (node.loc, f"{what}, « aide »", node.help),
            ]
            texts += [(c.loc, f"{what}, libellé du choix « {c.id} »", c.label) for c in node.choices]
            for loc, where, text in texts:
                if text is None:
                    continue
                missing = [lang for lang in wanted if lang not in text.translations]
                if missing:
                    self.warn(
                        loc,
                        f"{where} : pas de texte en {', '.join(missing)} alors que le dialogue déclare "
                        f"« langues: [{', '.join(wanted)}] » ; il s'affichera en français.",
                        f"Écris-le sous la forme  {{fr: …, {missing[0]}: …}}  (voir docs/dialogues.md).",
                    )

    def callback_data(self) -> None:
        for node in self.nodes.values():
            if not node.is_question:
                continue
            events: list[tuple[Loc, str, Event]] = [
                (node.loc, f"nœud « {node.id} »", Modify(node.id)),
                (node.loc, f"nœud « {node.id} »", Pick(node.id, 9)),
            ]
            events += [
                (c.loc, f"nœud « {node.id} », choix « {c.id} »", Choose(node.id, c.id)) for c in node.choices
            ]
            reported: set[Loc] = set()
            for loc, what, event in events:
                try:
                    codec.encode(event, self.dialog.version)
                except codec.CallbackDataTooLong as exc:
                    if loc not in reported:
                        reported.add(loc)
                        self.add(
                            loc,
                            f"{what} : les données du bouton feraient {exc.size} octets ; Telegram en "
                            f"accepte {codec.MAX_BYTES} au plus.",
                            "Raccourcis l'identifiant du nœud ou du choix.",
                        )


def _translations(text: Text | None) -> list[tuple[str, str]]:
    return sorted(text.translations.items()) if text is not None else []


def check_dialog_file(path: Path, catalogue: Catalogue | None) -> tuple[Dialog | None, list[Problem]]:
    """Load a dialog file and check it: the loader's problems, then the cross-node ones, without
    repeating about nodes the loader could not read (« suite: x n'existe pas » when x is merely broken).

    ``catalogue`` None: the dispositifs file has errors (reported under its own name); the dialog's
    references to dispositifs are then not checked, rather than all reported missing."""
    dialog, problems = load_dialog(path)
    if dialog is None:
        return None, problems
    problems = problems + lint.yaml_words(read_source(path)[0] or "", dialog.path)
    declared: list[str] = []
    if problems:
        data, _ = load_yaml_file(path)
        nodes = data.get("noeuds") if isinstance(data, dict) else None
        declared = [str(k) for k in nodes if k != "__duplicates__"] if isinstance(nodes, dict) else []
    return dialog, problems + check_dialog(dialog, catalogue, declared)


def check_dialog(dialog: Dialog, catalogue: Catalogue | None, declared: Iterable[str] = ()) -> list[Problem]:
    """Every cross-node problem of ``dialog``, plus those of the dispositifs it can recommend
    (`check_catalogue`), so that `load_corpus` refuses a corpus broken on either side. ``catalogue``
    None: the dispositifs file is broken (see `check_dialog_file`).

    ``declared``: every node id written in the file, when the loader could not read some of them."""
    checker = _Checker(dialog, catalogue, declared)
    checker.start()
    checker.targets()
    checker.ways_out()
    checker.reachability()
    checker.loops()
    checker.variables()
    checker.conditions()
    checker.choices()
    checker.results()
    checker.texts()
    checker.languages()
    checker.callback_data()
    if catalogue is None:
        return checker.problems
    return checker.problems + lint.unread(dialog, catalogue) + check_catalogue(catalogue, dialog)


def recommendable(catalogue: Catalogue, dialog: Dialog) -> list[Dispositif]:
    """The dispositifs a result node of ``dialog`` can show (a node without ``dispositifs`` shows any)."""
    results = [n.result for n in dialog.nodes.values() if n.result is not None]
    if any(not r.only for r in results):
        return list(catalogue.dispositifs)
    wanted = {d for r in results for d in r.only}
    return [d for d in catalogue.dispositifs if d.id in wanted]


def check_catalogue(catalogue: Catalogue, dialog: Dialog) -> list[Problem]:
    """Rules of the dispositifs ``dialog`` can recommend: unknown variables, values no choice produces, and
    ``{variable}`` placeholders in ``parce_que`` that the bot could not fill."""
    checker = _Checker(dialog, Catalogue(()))
    known = {*checker.setters, *BUILTIN_VARIABLES}
    for dispositif in recommendable(catalogue, dialog):
        try:  # its « Détails » button under a result
            codec.encode(Details(dispositif.id), dialog.version)
        except codec.CallbackDataTooLong as exc:
            checker.add(
                (dispositif.path, dispositif.line),
                f"dispositif « {dispositif.id} » : son bouton « Détails » ferait {exc.size} octets ; "
                f"Telegram en accepte {codec.MAX_BYTES} au plus.",
                "Raccourcis l'identifiant du dispositif.",
            )
        for key, rules in (("conditions", dispositif.conditions), ("atouts", dispositif.atouts)):
            what = f"dispositif « {dispositif.id} », {key}"
            for rule in rules:
                checker.condition(rule.condition, (dispositif.path, rule.line), what)
                texts = (rule.reason or "", *rule.translations.values())  # French and translations
                for name in dict.fromkeys(n for text in texts for n in _placeholders(text)):
                    if name not in known:
                        checker.add(
                            (dispositif.path, rule.line),
                            f"{what} : « parce_que » utilise « {{{name}}} », que le bot ne connaît pas.",
                            did_you_mean(name, known) or f"Variables connues : {_ids(known)}.",
                        )
    return checker.problems


def _placeholders(text: str) -> list[str]:
    try:
        return [field for _, field, _, _ in string.Formatter().parse(text) if field]
    except ValueError:
        return []


def _months(span: tuple[float, float]) -> str:
    """[0, 12] as written in the YAML (no « 12.0 » for a whole number of months)."""
    return "[" + ", ".join(f"{m:g}" for m in span) + "]"
