"""Network ids ("reseaux porteurs") a structure can belong to.

We use the ids of the data·inclusion schema (``reseaux_porteurs`` referential, data-inclusion-schema
1.0.10, Licence Ouverte 2.0 — see SOURCES.md §9) so that data·inclusion exports need no translation.
Two ids are ours, because the referential has no value for them:

- ``citeslab``: CitésLab (Bpifrance, Entrepreneuriat Quartiers 2030) — no data·inclusion value exists;
- ``prepa-apprentissage-historique``: reserved for the historical 2019–2024 prépa-apprentissage list,
  which is *not* loaded (the national programme ended on 31 Dec 2024, SOURCES.md §6)."""

from __future__ import annotations

MISSION_LOCALE = "mission-locale"
E2C = "ecoles-de-la-deuxieme-chance"
FRANCE_TRAVAIL = "france-travail"
EPIDE = "epide"
CITESLAB = "citeslab"  # not in the data·inclusion referential (no CitésLab / Bpifrance value)
PREPA_HISTORIQUE = "prepa-apprentissage-historique"

DATA_INCLUSION_RESEAUX: frozenset[str] = frozenset(
    {
        "60000-rebonds",
        "action-logement",
        "adie",
        "afpa",
        "agefiph",
        "ai",
        "aidants-connect",
        "alliance-villes-emploi",
        "anlci",
        "apprentis-dauteuil",
        "ase",
        "banques-alimentaires",
        "caarud",
        "cada",
        "caf",
        "campus-connecte",
        "cap-emploi-reseau-cheops",
        "cava",
        "ccas-cias",
        "chambres-consulaires",
        "chantier-ecole",
        "chrs",
        "chu",
        "cidff",
        "cmp",
        "cms",
        "cnam",
        "collectif-emploi",
        "communes",
        "coorace",
        "conseillers-numeriques",
        "cpam",
        "cph",
        "creches-avip",
        "crepi",
        "cresus",
        "croix-rouge",
        "csapa",
        "delegataire-conseil-departemental",
        "departements",
        "duo-for-a-job",
        "ecoles-de-la-deuxieme-chance",
        "ea",
        "eatt",
        "egee",
        "emmaus",
        "epide",
        "esat",
        "espaces-publics-numeriques",
        "etcld",
        "fabrique-de-territoire",
        "face",
        "fcsf",
        "federation-professionnelle-femmes",
        "federation-des-acteurs-de-la-solidarite",
        "france-active",
        "france-service",
        "france-travail",
        "french-tech",
        "geiq",
        "grandes-ecoles-du-numerique",
        "huda",
        "hup",
        "inae",
        "initiative-france",
        "konexio",
        "la-cravate-solidaire",
        "la-poste",
        "les-premieres",
        "maisons-de-l-emploi",
        "maison-departementale-de-lautonomie",
        "maisons-des-solidarites",
        "mdph",
        "mission-locale",
        "mjc",
        "mobin",
        "msap",
        "mutualite-sociale-agricole",
        "nqt",
        "pimms-mediation",
        "pjj",
        "plie",
        "points-conseil-budget",
        "points-justice",
        "positive-planet",
        "regions",
        "reseau-app",
        "reseau-bge",
        "reseau-entreprendre",
        "reseau-information-jeunesse",
        "residences-fjt",
        "ressourceries",
        "restos-du-coeur",
        "secours-populaire",
        "ei",
        "aci",
        "etti",
        "eiti",
        "siao",
        "simplon",
        "singa",
        "snc",
        "spip",
        "tous-tes-possibles",
        "unaf",
        "unea",
        "unis-cite",
        "wimoov",
    }
)

KNOWN_RESEAUX: frozenset[str] = DATA_INCLUSION_RESEAUX | {CITESLAB, PREPA_HISTORIQUE}

# ``type`` column of the CSV files in the data folder -> network id
RESEAU_BY_CSV_TYPE: dict[str, str] = {
    "mission_locale": MISSION_LOCALE,
    "e2c": E2C,
    "citeslab": CITESLAB,
    "epide": EPIDE,
    "france_travail": FRANCE_TRAVAIL,
}
