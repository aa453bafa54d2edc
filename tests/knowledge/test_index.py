from __future__ import annotations

import base64
import json
import os
from array import array
from pathlib import Path

import pytest

from bot.config import Settings
from bot.errors import KnowledgeError
from bot.knowledge.geo import build_index, load_index, load_resolver, save_index
from bot.knowledge.geo.index import FORMAT_VERSION


def test_build_save_load_roundtrip(mini_settings: Settings, tmp_path: Path) -> None:
    index = build_index(mini_settings.geodata_dir)
    assert len(index.communes) == 5
    assert index.postcodes["59360"] == ("59360",)  # unknown commune 59999 dropped
    assert [q.code_qpv for q in index.qpvs] == ["QN05980M", "QN05985M", "QN97401M"]
    assert index.qpvs[0].commune == "59512"  # listed commune nearest to the QPV point
    assert index.qpvs[0].keys[0] == "intercommunal roubaix tourcoing blanc seau"
    assert "blanc seau" in index.qpvs[0].keys
    path = tmp_path / "x.index"
    save_index(index, path)
    assert path.read_bytes()[:1] == b"{"  # JSON: loading it cannot execute code
    assert load_index(path) == index


def test_resolver_builds_the_index_when_missing_and_rebuilds_when_stale(mini_settings: Settings) -> None:
    assert not mini_settings.index_path.exists()
    load_resolver(mini_settings.geodata_dir, mini_settings.index_path, mini_settings.knowledge_dir)
    assert mini_settings.index_path.is_file()
    first = mini_settings.index_path.stat().st_mtime_ns
    load_resolver(mini_settings.geodata_dir, mini_settings.index_path, mini_settings.knowledge_dir)
    assert mini_settings.index_path.stat().st_mtime_ns == first  # fresh: reused
    source = mini_settings.geodata_dir / "communes_france.csv"
    source.write_text(source.read_text(encoding="utf-8").replace("98286", "98287"), encoding="utf-8")
    os.utime(source, ns=(first + 10**9, first + 10**9))
    load_resolver(mini_settings.geodata_dir, mini_settings.index_path, mini_settings.knowledge_dir)
    assert load_index(mini_settings.index_path).communes[0].population == 98287


def test_foreign_or_corrupt_index_is_rebuilt(mini_settings: Settings) -> None:
    mini_settings.index_path.parent.mkdir(parents=True)
    mini_settings.index_path.write_text('{"format_version": 1}', encoding="utf-8")
    resolver = load_resolver(mini_settings.geodata_dir, mini_settings.index_path, mini_settings.knowledge_dir)
    assert resolver.index.format_version == FORMAT_VERSION


def test_missing_data_names_the_variable_and_the_command(tmp_path: Path) -> None:
    settings = Settings(geodata_dir=tmp_path / "nowhere", index_path=tmp_path / "geodata.index")
    with pytest.raises(KnowledgeError) as error:
        load_resolver(settings.geodata_dir, settings.index_path, settings.knowledge_dir)
    assert "BOT_GEODATA_DIR" in str(error.value)
    assert "cap-quartiers geodata build" in str(error.value)


def test_existing_index_is_used_when_sources_are_gone(mini_settings: Settings, tmp_path: Path) -> None:
    load_resolver(mini_settings.geodata_dir, mini_settings.index_path, mini_settings.knowledge_dir)
    shipped = Settings(
        geodata_dir=tmp_path / "nowhere",
        knowledge_dir=mini_settings.knowledge_dir,
        index_path=mini_settings.index_path,
    )
    assert (
        load_resolver(shipped.geodata_dir, shipped.index_path, shipped.knowledge_dir)
        .resolve("59100")[0]
        .place.commune
        == "Roubaix"
    )


def test_the_index_stores_the_name_tables_and_aliases_are_added_at_load(
    mini_settings: Settings, tmp_path: Path
) -> None:
    """Nothing is rebuilt at start: the stored tables plus the aliases equal the tables built in one go,
    and a resolver's aliases never leak into the shared index (nor into another resolver)."""
    from bot.knowledge.geo.aliases import read_aliases
    from bot.knowledge.geo.names import NameIndex
    from bot.knowledge.geo.resolver import Resolver
    from bot.knowledge.geo.tables import alias_names, base_names, build_names

    built = build_index(mini_settings.geodata_dir)
    path = tmp_path / "x.index"
    save_index(built, path)
    stored = load_index(path)
    aliases, problems = read_aliases(mini_settings.knowledge_dir)
    assert aliases and not problems
    commune_pos = {c.code_insee: i for i, c in enumerate(stored.communes)}

    # reference: every name, aliases included, added before one freeze (how the tables were built before)
    reference = NameIndex()
    for key, entry in [
        *base_names(built.communes, built.qpvs, commune_pos),
        *alias_names(built.communes, aliases, commune_pos),
    ]:
        reference.add(key, entry)
    reference.freeze()
    assert build_names(stored.prepared, stored.communes, aliases, commune_pos) == reference

    keys_before = len(stored.prepared.names)
    with_aliases = Resolver(stored, aliases)
    without = Resolver(stored, ())
    assert len(stored.prepared.names) == keys_before
    assert with_aliases.resolve("l'Alma") and with_aliases.resolve("l'Alma")[0].place.nom_qpv == "Alma-Gare"
    assert not [c for c in without.resolve("l'Alma") if c.place.nom_qpv == "Alma-Gare"]


@pytest.mark.parametrize("previous", [103, 20103])  # without the name tables; with them, numbers as JSON
def test_an_index_of_a_previous_format_is_rebuilt(mini_settings: Settings, previous: int) -> None:
    index = build_index(mini_settings.geodata_dir)
    save_index(index, mini_settings.index_path)
    text = mini_settings.index_path.read_text(encoding="utf-8")
    text = text.replace(f'"format_version":{FORMAT_VERSION}', f'"format_version":{previous}', 1)
    mini_settings.index_path.write_text(text, encoding="utf-8")
    resolver = load_resolver(mini_settings.geodata_dir, mini_settings.index_path, mini_settings.knowledge_dir)
    assert resolver.index.format_version == FORMAT_VERSION > previous
    assert load_index(mini_settings.index_path).format_version == FORMAT_VERSION  # written again


def test_a_damaged_index_is_refused_then_rebuilt(mini_settings: Settings) -> None:
    """Packed columns of the wrong length or positions outside their table: never a half-read index."""
    save_index(build_index(mini_settings.geodata_dir), mini_settings.index_path)
    document = json.loads(mini_settings.index_path.read_text(encoding="utf-8"))
    document["communes"]["lat"] = document["communes"]["lat"][:-12]  # one float64 short
    mini_settings.index_path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(KnowledgeError, match="illisible"):
        load_index(mini_settings.index_path)
    resolver = load_resolver(mini_settings.geodata_dir, mini_settings.index_path, mini_settings.knowledge_dir)
    assert resolver.resolve("59100")[0].place.commune == "Roubaix"
    document = json.loads(mini_settings.index_path.read_text(encoding="utf-8"))
    document["tables"]["names"]["found"] = base64.b64encode(array("i", [10**6]).tobytes()).decode()
    mini_settings.index_path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(KnowledgeError, match="illisible"):
        load_index(mini_settings.index_path)


def test_the_stored_names_answer_every_key_as_built(mini_settings: Settings, tmp_path: Path) -> None:
    """Read back, the keys are searched by bisection: every key gives the entries it was built with, in the
    same order, and a key that is not there (before the first, after the last, between two) gives none."""
    built = build_index(mini_settings.geodata_dir)
    path = tmp_path / "x.index"
    save_index(built, path)
    stored = load_index(path)
    for made, read in (
        (built.prepared.names, stored.prepared.names),
        (built.prepared.compact, stored.prepared.compact),
    ):
        keys = made.keys()
        assert sorted(read.keys()) == sorted(keys) and len(read) == len(made) == len(keys)
        for key in keys:
            assert read.exact(key) == made.exact(key), key
            assert read.match(key) == made.match(key), key
        for absent in ("", "0", "zzzzzz", min(keys) + "~", "aaaa" + max(keys)):
            assert read.exact(absent) == made.exact(absent) == [], absent
