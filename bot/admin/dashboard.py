"""The admins' dashboard: Datasette metadata (access rules, table descriptions, the ``datasette-dashboards``
charts) for the aggregates database. Pure data; ``bot.cli.admin`` serves it.

Every chart reads ``var/stats.sqlite3`` only (counts already cut below five). Charts are drawn by Vega-Lite
as SVG with their figures written beside the bars, masked cells as « < 5 »; the scripts come from the
``datasette-dashboards`` package itself (served by Datasette, no CDN)."""

from __future__ import annotations

from typing import Any

DB = "stats"
ACTOR = "admin"
DEFAULT_PERIOD = "30 derniers jours"
# the period chosen in the filter, or the default when the filter is empty
PERIOD = f"COALESCE(NULLIF(:periode, ''), '{DEFAULT_PERIOD}')"
WEEKS = (
    "p.type = 'semaine' [[ AND date(p.debut) >= date(:date_debut) ]] "
    "[[ AND date(p.debut) <= date(:date_fin) ]]"
)
BLUE = "#1d4e89"
WHOLE = {"format": "d", "tickMinStep": 1}  # people are counted in whole numbers
PALETTE = ["#1d4e89", "#e07a1f", "#2f9e44", "#c92a2a", "#7048e8"]

DESCRIPTIONS = {
    "periodes": "Les périodes calculées (jour, semaine, mois, fenêtres glissantes), heure de Paris.",
    "chiffres": "Les totaux de chaque période.",
    "etapes": "Le parcours : combien de jeunes ont atteint chaque étape, combien s'y sont arrêtés.",
    "dispositifs": "Les pistes proposées, en jeunes.",
    "communes": "Les communes trouvées, en jeunes.",
    "quartiers": "Les quartiers prioritaires (QPV) trouvés, en jeunes.",
    "sources": "D'où arrivent les jeunes (lien, affiche) et combien vont au bout.",
    "avis": "Les avis 👍/👎, une fois par conversation.",
    "suivis": "Les réponses au message de suivi (« tu y es allé·e ? »).",
    "contacts": "Les lieux consultés : fiche, téléphone, plan.",
    "reponses": "Comment les réponses ont été lues (bouton, texte, pas compris…).",
    "questions_non_comprises": "Par question, les jeunes dont une réponse n'a pas été comprise.",
    "textes_non_compris": "Les textes non compris tapés par au moins 5 personnes différentes.",
    "construction": "Quand et comment cette base a été construite.",
}
MASK_NOTE = (
    "Les nombres de 1 à 4 personnes ne sont jamais enregistrés : la cellule est vide et la colonne "
    "`…_masque` vaut 1 ; les graphiques affichent « < 5 »."
)


def _label(field: str) -> str:
    return f"datum.{field} === null ? '< 5' : format(datum.{field}, 'd')"


def _bars(
    category: str, value: str, title: str, *, horizontal: bool = True, sort: str = "-x"
) -> dict[str, Any]:
    """A bar chart with the figure written at the end of each bar (masked: « < 5 », bar of length 0)."""
    value_axis = {"field": "v", "type": "quantitative", "title": title, "axis": WHOLE}
    cat_axis: dict[str, Any] = {"field": category, "type": "nominal", "title": None, "sort": sort}
    if not horizontal:
        cat_axis = {
            "field": category,
            "type": "ordinal",
            "title": None,
            "sort": None,
            "axis": {"labelAngle": -45},
        }
    encoding = {"y": cat_axis, "x": value_axis} if horizontal else {"x": cat_axis, "y": value_axis}
    text_mark = {"type": "text", "align": "left", "dx": 4} if horizontal else {"type": "text", "dy": -6}
    return {
        "usermeta": {"embedOptions": {"renderer": "svg", "actions": False}},
        "transform": [
            {"calculate": f"datum.{value} === null ? 0 : datum.{value}", "as": "v"},
            {"calculate": _label(value), "as": "etiquette"},
        ],
        "encoding": encoding,
        "layer": [
            {"mark": {"type": "bar", "color": BLUE}},
            {"mark": text_mark, "encoding": {"text": {"field": "etiquette"}}},
        ],
    }


def _stacked(category: str, series: str, value: str, title: str) -> dict[str, Any]:
    """Weekly stacked bars by ``series``; masked cells count as 0 and are listed in the tooltip as « < 5 »."""
    return {
        "usermeta": {"embedOptions": {"renderer": "svg", "actions": False}},
        "transform": [
            {"calculate": f"datum.{value} === null ? 0 : datum.{value}", "as": "v"},
            {"calculate": _label(value), "as": "etiquette"},
        ],
        "mark": {"type": "bar"},
        "encoding": {
            "x": {"field": category, "type": "ordinal", "title": None, "axis": {"labelAngle": -45}},
            "y": {"field": "v", "type": "quantitative", "title": title, "axis": WHOLE},
            "color": {"field": series, "type": "nominal", "title": None, "scale": {"range": PALETTE}},
            "tooltip": [{"field": series}, {"field": "etiquette", "title": title}],
        },
    }


def _metric(sql: str, field: str, title: str) -> dict[str, Any]:
    return {"title": title, "db": DB, "query": sql, "library": "metric", "display": {"field": field}}


def _chart(title: str, sql: str, display: dict[str, Any]) -> dict[str, Any]:
    return {"title": title, "db": DB, "query": sql, "library": "vega-lite", "display": display}


def _table(title: str, sql: str) -> dict[str, Any]:
    return {"title": title, "db": DB, "query": sql, "library": "table"}


def _shown(column: str) -> str:
    return f"COALESCE(CAST({column} AS TEXT), '< 5')"


def charts() -> dict[str, dict[str, Any]]:
    period = f"WHERE periode = {PERIOD}"
    return {
        "jeunes": _metric(f"SELECT {_shown('jeunes')} AS jeunes FROM chiffres {period}", "jeunes", "Jeunes"),
        "terminees": _metric(
            f"SELECT {_shown('terminees')} || ' / ' || {_shown('conversations')} AS terminees "
            f"FROM chiffres {period}",
            "terminees",
            "Conversations terminées",
        ),
        "taux": _metric(
            f"SELECT COALESCE(taux_completion || ' %', '—') AS taux FROM chiffres {period}",
            "taux",
            "Taux de complétion",
        ),
        "semaines": _chart(
            "Conversations par semaine",
            "SELECT substr(p.debut, 1, 10) AS semaine, c.conversations FROM chiffres c "
            f"JOIN periodes p USING (periode) WHERE {WEEKS} ORDER BY p.debut",
            _bars("semaine", "conversations", "conversations", horizontal=False),
        ),
        "parcours": _chart(
            "Parcours : jeunes arrivés à chaque étape",
            f"SELECT etape, ordre, atteinte, arret FROM etapes {period} ORDER BY ordre",
            _bars("etape", "atteinte", "jeunes", sort="none"),
        ),
        "arrets": _chart(
            "Où ils s'arrêtent (conversations non terminées)",
            f"SELECT etape, ordre, arret FROM etapes {period} AND arret_masque + COALESCE(arret, 0) > 0 "
            "ORDER BY ordre",
            _bars("etape", "arret", "jeunes", sort="none"),
        ),
        "dispositifs": _chart(
            "Pistes proposées",
            f"SELECT nom, jeunes FROM dispositifs {period} ORDER BY jeunes IS NULL, jeunes DESC, nom",
            _bars("nom", "jeunes", "jeunes"),
        ),
        "quartiers": _chart(
            "Quartiers (QPV)",
            "SELECT quartier || CASE WHEN commune <> '' THEN ' (' || commune || ')' ELSE '' END AS quartier, "
            f"jeunes FROM quartiers {period} ORDER BY jeunes IS NULL, jeunes DESC, quartier LIMIT 15",
            _bars("quartier", "jeunes", "jeunes"),
        ),
        "communes": _chart(
            "Communes",
            f"SELECT commune, jeunes FROM communes {period} "
            "ORDER BY jeunes IS NULL, jeunes DESC, commune LIMIT 15",
            _bars("commune", "jeunes", "jeunes"),
        ),
        "sources": _table(
            "D'où ils arrivent, et combien vont au bout",
            f'SELECT nom AS source, {_shown("commencees")} AS "commencées", '
            f'{_shown("terminees")} AS "terminées", '
            f"COALESCE(taux_completion || ' %', '—') AS taux FROM sources {period} "
            "ORDER BY commencees IS NULL, commencees DESC, nom",
        ),
        "avis": _chart(
            "Avis par semaine (une fois par conversation)",
            "SELECT substr(p.debut, 1, 10) AS semaine, a.libelle AS avis, a.conversations FROM avis a "
            f"JOIN periodes p USING (periode) WHERE {WEEKS} ORDER BY p.debut",
            _stacked("semaine", "avis", "conversations", "conversations"),
        ),
        "suivis": _chart(
            "Suivi par semaine : « tu y es allé·e ? »",
            "SELECT substr(p.debut, 1, 10) AS semaine, s.libelle AS reponse, s.jeunes FROM suivis s "
            f"JOIN periodes p USING (periode) WHERE {WEEKS} ORDER BY p.debut",
            _stacked("semaine", "reponse", "jeunes", "jeunes"),
        ),
        "contacts": _chart(
            "Lieux consultés",
            f"SELECT libelle, jeunes FROM contacts {period} ORDER BY jeunes IS NULL, jeunes DESC",
            _bars("libelle", "jeunes", "jeunes"),
        ),
        "non_compris": _table(
            "Réponses non comprises, par question (textes tapés par 5 personnes ou plus)",
            f"SELECT q.question, {_shown('q.jeunes')} AS jeunes, "
            "COALESCE(group_concat('« ' || t.texte || ' » : ' || t.jeunes, ' · '), '') AS textes "
            "FROM questions_non_comprises q LEFT JOIN textes_non_compris t "
            f"ON t.periode = q.periode AND t.question = q.question WHERE q.periode = {PERIOD} "
            "GROUP BY q.question ORDER BY q.jeunes IS NULL, q.jeunes DESC, q.question",
        ),
    }


LAYOUT = [
    ["jeunes", "terminees", "taux"],
    ["semaines", "semaines", "semaines"],
    ["parcours", "parcours", "arrets"],
    ["dispositifs", "quartiers", "communes"],
    ["sources", "sources", "contacts"],
    ["avis", "suivis", "suivis"],
    ["non_compris", "non_compris", "non_compris"],
]


def metadata(password_hash_env: str = "BOT_ADMIN_PASSWORD_HASH") -> dict[str, Any]:
    """Datasette metadata: only the ``admin`` actor (password login) sees or queries anything."""
    admin_only = {"id": ACTOR}
    return {
        "title": "Cap Quartiers — usage (anonyme)",
        "description_html": (
            '<p><a href="/-/dashboards/usage">Tableau de bord</a>. Tout chiffre de 1 à 4 personnes est '
            "masqué (« &lt; 5 ») ; heure de Paris.</p>"
        ),
        "allow": admin_only,
        "allow_sql": admin_only,
        "databases": {
            DB: {
                "allow": admin_only,
                "allow_sql": admin_only,
                "description": MASK_NOTE,
                "tables": {name: {"description": text} for name, text in DESCRIPTIONS.items()},
            }
        },
        "plugins": {
            "datasette-auth-passwords": {f"{ACTOR}_password_hash": {"$env": password_hash_env}},
            "datasette-dashboards": {
                "usage": {
                    "title": "Cap Quartiers — usage",
                    "description": "Chiffres anonymes : jamais moins de 5 personnes par nombre affiché.",
                    "settings": {"allow_fullscreen": False},
                    "layout": LAYOUT,
                    "filters": {
                        "periode": {
                            "name": "Période",
                            "type": "select",
                            "db": DB,
                            "query": "SELECT periode FROM periodes WHERE type <> 'jour' ORDER BY "
                            "CASE type WHEN 'glissante' THEN 0 WHEN 'mois' THEN 1 ELSE 2 END, "
                            "CASE type WHEN 'glissante' THEN ordre END, debut DESC",
                            "default": DEFAULT_PERIOD,
                        },
                        "date_debut": {"name": "Semaines depuis le", "type": "date"},
                        "date_fin": {"name": "jusqu'au", "type": "date"},
                    },
                    "charts": charts(),
                }
            },
        },
    }
