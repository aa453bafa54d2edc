"""Regenerate ``accuracy_set.json``: labelled place queries built deterministically from the open data.

    .venv/bin/python -m tests.knowledge.make_accuracy_set [DATA_DIR]

Only labels derived from public data are written (query, expected INSEE or QPV code); the source files
stay in the data folder. Kinds: postcodes with one commune, commune names (of communes that have a
QPV) with injected typos, unique QPV names, quartier aliases, positions just inside a QPV contour near
its border (about 35 m in) and just outside every contour (about 70 m out)."""

from __future__ import annotations

import csv
import json
import random
import sys
import unicodedata
from collections import Counter
from pathlib import Path

import shapely

from bot.config import DEFAULT_GEODATA_DIR
from bot.knowledge.geo.index import qpv_keys
from bot.knowledge.geo.keys import place_key

OUT = Path(__file__).with_name("accuracy_set.json")
SEED = 2024


def unaccent(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def typo(name: str, i: int) -> str:
    """A deterministic, realistic way of mistyping a commune name."""
    kind = i % 7
    middle = max(1, len(name) // 2)
    if kind == 0:
        return unaccent(name).lower()
    if kind == 1:  # two neighbour letters swapped
        return name[: middle - 1] + name[middle] + name[middle - 1] + name[middle + 1 :]
    if kind == 2:
        return name.replace("-", " ").replace("'", " ")
    if kind == 3:
        return name.replace("Saint-", "St ").replace("Sainte-", "Ste ").lower()
    if kind == 4:  # one letter missing
        return name[:middle] + name[middle + 1 :]
    if kind == 5:  # one letter doubled, all upper case
        return (name[:middle] + name[middle] + name[middle:]).upper()
    return "j'habite à " + name


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def main(data: Path) -> None:
    rng = random.Random(SEED)
    communes = rows(data / "communes_france.csv")
    qpvs = rows(data / "qpv_2024.csv")
    postcodes = rows(data / "codes_postaux_communes.csv")
    items: list[dict[str, object]] = []

    by_postcode: dict[str, list[str]] = {}
    for r in postcodes:
        by_postcode.setdefault(r["code_postal"], []).append(r["code_insee"])
    single = sorted(cp for cp, codes in by_postcode.items() if len(codes) == 1)
    for cp in rng.sample(single, 80):
        query = cp if len(items) % 2 else f"{cp[:2]} {cp[2:]}"
        items.append({"kind": "code_postal", "query": query, "code_insee": by_postcode[cp][0]})

    qpv_key_counts = Counter(k for q in qpvs for k in qpv_keys(q["nom_qpv"]))
    commune_key_counts = Counter(place_key(c["nom"]) for c in communes)
    with_qpv = {code for q in qpvs for code in q["insee_communes_cog2026"].split(";")}
    eligible = [
        c for c in communes
        if c["code_insee"] in with_qpv and c["type"] == "commune-actuelle" and len(c["nom"]) >= 5
        and commune_key_counts[place_key(c["nom"])] == 1 and place_key(c["nom"]) not in qpv_key_counts
    ]  # fmt: skip
    for i, c in enumerate(rng.sample(eligible, 120)):
        items.append({"kind": "commune", "query": typo(c["nom"], i), "code_insee": c["code_insee"]})

    unique_qpv = [
        q for q in qpvs
        if qpv_key_counts[place_key(q["nom_qpv"])] == 1 and place_key(q["nom_qpv"]) not in commune_key_counts
    ]  # fmt: skip
    for i, q in enumerate(rng.sample(unique_qpv, 80)):
        name = q["nom_qpv"] if i % 2 else unaccent(q["nom_qpv"]).lower()
        items.append({"kind": "qpv", "query": name, "code_qpv": q["code_qpv"]})

    for query in ["Alma-Gare", "l'Alma", "alma gare", "j'habite l'Alma", "l'Epeule", "Épeule", "la Pile",
                  "les Trois-Ponts", "trois ponts", "3 ponts", "Alma Roubaix", "epeule roubaix"]:  # fmt: skip
        items.append({"kind": "alias", "query": query, "code_qpv": "QN05980M"})

    contours = json.loads((data / "qpv_2024_contours.geojson").read_text(encoding="utf-8"))["features"]
    shapes = {
        f["properties"]["code_qpv"]: shapely.make_valid(shapely.geometry.shape(f["geometry"]))
        for f in contours
    }
    everything = shapely.union_all(list(shapes.values()))
    inside = 0
    for code in rng.sample(sorted(shapes), 130):
        if inside >= 80:
            break
        ring = shapes[code].buffer(-0.0004)  # about 35 m inside the contour
        if ring.is_empty:
            continue
        point = ring.boundary.interpolate(rng.random(), normalized=True)
        if not shapes[code].contains(point):
            continue
        items.append(
            {"kind": "position", "lat": round(point.y, 6), "lon": round(point.x, 6), "code_qpv": code}
        )
        inside += 1
    outside = 0
    for code in rng.sample(sorted(shapes), 60):
        if outside >= 25:
            break
        point = (
            shapes[code].buffer(0.0008).boundary.interpolate(rng.random(), normalized=True)
        )  # about 70 m out
        if everything.contains(point) or everything.distance(point) < 0.0005:
            continue
        items.append(
            {"kind": "position", "lat": round(point.y, 6), "lon": round(point.x, 6), "code_qpv": None}
        )
        outside += 1

    OUT.write_text(json.dumps(items, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{len(items)} requêtes écrites dans {OUT} : {dict(Counter(str(i['kind']) for i in items))}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_GEODATA_DIR)
