"""`python -m bot geodata fetch` against a local HTTP server serving fixture copies."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from bot.cli.main import main
from bot.opendata.fetch import PARTIAL_DIR, PROVENANCE_FILE, Source, fetch_all
from bot.opendata.manifest import load_manifest
from tests.opendata.conftest import write_manifest
from tests.opendata.server import Files, FileServer


def fetch(manifest: Path, server_url: str, dest: Path, *extra: str) -> int:
    return main(
        ["geodata", "fetch", "--manifest", str(manifest), "--from", server_url, "--dest", str(dest), *extra]
    )


def test_fetch_downloads_every_file_then_builds_the_index(
    tmp_path: Path, files: Files, server: FileServer, capsys: pytest.CaptureFixture[str]
) -> None:
    manifest = write_manifest(tmp_path / "manifest.yaml", files.content, pin=("qpv_2024.csv",))
    dest, index = tmp_path / "donnees", tmp_path / "var" / "geodata.index"
    assert fetch(manifest, server.url, dest, "--output", str(index)) == 0
    for name, body in files.content.items():
        assert (dest / name).read_bytes() == body
    assert not (dest / PARTIAL_DIR).exists()
    assert index.is_file()
    provenance = (dest / PROVENANCE_FILE).read_text(encoding="utf-8")
    assert "ANCT — data.gouv.fr" in provenance
    out = capsys.readouterr()
    assert "Index construit" in out.out and "3 QPV" in out.out
    assert "qpv_2024.csv" in out.err  # progress on stderr

    # A second run finds every file in place and conform: nothing is downloaded again.
    files.requests.clear()
    assert fetch(manifest, server.url, dest, "--no-build") == 0
    assert files.requests == []
    assert "déjà à jour" in capsys.readouterr().out


def test_an_interrupted_download_resumes_where_it_stopped(
    tmp_path: Path, files: Files, server: FileServer, capsys: pytest.CaptureFixture[str]
) -> None:
    name = "qpv_2024_contours.geojson"
    body = files.content[name]
    files.cut_after[name] = 300
    manifest = write_manifest(tmp_path / "manifest.yaml", files.content, pin=(name,))
    dest = tmp_path / "donnees"

    assert fetch(manifest, server.url, dest, "--no-build") == 1
    err = capsys.readouterr().err
    assert f"{name} : téléchargement impossible depuis {server.url}{name}" in err
    assert "Le fichier partiel (300 octets) est gardé : relance la commande pour reprendre." in err
    assert (dest / PARTIAL_DIR / name).read_bytes() == body[:300]
    assert not (dest / name).exists()  # never half a file in place

    files.requests.clear()
    assert fetch(manifest, server.url, dest, "--no-build") == 0
    resumed = [headers for path, headers in files.requests if path == name]
    assert resumed[0]["range"] == "bytes=300-" and resumed[0]["if-range"] == files.etag(name)
    assert (dest / name).read_bytes() == body
    assert not (dest / PARTIAL_DIR).exists()


def test_a_partial_of_a_file_changed_upstream_is_downloaded_again_from_the_start(
    tmp_path: Path, files: Files, server: FileServer
) -> None:
    name = "qpv_2024.csv"
    files.cut_after[name] = 100
    manifest = write_manifest(tmp_path / "manifest.yaml", files.content)
    dest = tmp_path / "donnees"
    assert fetch(manifest, server.url, dest, "--no-build") == 1
    files.content[name] = files.content[name].replace(b"La Bourgogne", b"La Bourgogne (2)")
    assert fetch(manifest, server.url, dest, "--no-build") == 0
    assert (dest / name).read_bytes() == files.content[name]  # If-Range did not splice two versions


def test_a_partial_file_already_whole_is_checked_and_moved_without_downloading_it_again(
    tmp_path: Path, files: Files, server: FileServer
) -> None:
    """Stopped between the end of a download and the move into place: the next run finishes the job."""
    name = "qpv_2024.csv"
    manifest = write_manifest(tmp_path / "manifest.yaml", files.content, pin=(name,))
    dest = tmp_path / "donnees"
    (dest / PARTIAL_DIR).mkdir(parents=True)
    (dest / PARTIAL_DIR / name).write_bytes(files.content[name])
    assert fetch(manifest, server.url, dest, "--no-build") == 0
    assert [h["range"] for path, h in files.requests if path == name] == [
        f"bytes={len(files.content[name])}-"
    ]
    assert (dest / name).read_bytes() == files.content[name]


def test_a_file_that_changed_format_is_refused_and_the_good_copy_kept(
    tmp_path: Path, files: Files, server: FileServer, capsys: pytest.CaptureFixture[str]
) -> None:
    manifest = write_manifest(tmp_path / "manifest.yaml", files.content)
    dest = tmp_path / "donnees"
    assert fetch(manifest, server.url, dest) == 0
    assert (tmp_path / "var" / "geodata.index").is_file()  # BOT_VAR_DIR, never the checkout
    good = (dest / "qpv_2024.csv").read_bytes()
    files.content["qpv_2024.csv"] = b"code,libelle,latitude,longitude\nQN1,Quartier,50.1,3.2\n"

    assert fetch(manifest, server.url, dest, "--force") == 1
    err = capsys.readouterr().err
    assert f"qpv_2024.csv ({server.url}qpv_2024.csv) a changé de format" in err
    assert "colonnes attendues absentes : code_qpv, nom_qpv" in err
    assert "Index non construit" in err
    assert (dest / "qpv_2024.csv").read_bytes() == good
    assert (dest / PARTIAL_DIR / "qpv_2024.csv.refuse").is_file()


def test_a_checksum_mismatch_and_an_unreachable_file_name_the_file_and_the_url(
    tmp_path: Path, files: Files, server: FileServer
) -> None:
    manifest_path = write_manifest(tmp_path / "manifest.yaml", files.content, pin=("communes_france.csv",))
    files.content["communes_france.csv"] += b"99999,Ajout,commune-actuelle,,99999,99,X,99,X,,,1,45.0,2.0\n"
    del files.content["missions_locales.csv"]
    outcomes = fetch_all(
        load_manifest(manifest_path), Source.parse(server.url), tmp_path / "d", stream=io.StringIO()
    )
    errors = {o.name: o.error for o in outcomes if o.error}
    assert set(errors) == {"communes_france.csv", "missions_locales.csv"}
    assert "empreinte SHA-256 différente" in (errors["communes_france.csv"] or "")
    assert f"{server.url}missions_locales.csv répond « 404 Not Found »" in (
        errors["missions_locales.csv"] or ""
    )


def test_an_unreachable_server_is_a_clear_french_error(tmp_path: Path, files: Files) -> None:
    manifest = load_manifest(write_manifest(tmp_path / "manifest.yaml", files.content))
    url = "http://127.0.0.1:9/donnees/"  # discard port: nothing listens
    outcomes = fetch_all(manifest, Source.parse(url), tmp_path / "d", timeout=5, stream=io.StringIO())
    first = outcomes[0]
    assert first.error is not None
    assert first.error.startswith(
        f"communes_france.csv : téléchargement impossible depuis {url}communes_france.csv"
    )


def test_without_a_mirror_fetch_says_how_to_give_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("BOT_GEODATA_URL", raising=False)
    assert main(["geodata", "fetch", "--dest", str(tmp_path / "d")]) == 1
    assert "export BOT_GEODATA_URL=" in capsys.readouterr().err
    assert not (tmp_path / "d").exists()


def test_the_shipped_manifest_describes_every_file_the_code_reads() -> None:
    from bot.knowledge.geo import sources
    from bot.knowledge.structures import directories

    manifest = load_manifest()
    names = {spec.name for spec in manifest.files}
    read = {
        *sources.SOURCE_FILES,
        directories.ML_FILE,
        directories.ML_LINKS_FILE,
        *directories.HAND_MADE_FILES,
    }
    assert names == read
    assert {spec.name for spec in manifest.files if spec.required} == set(sources.SOURCE_FILES)
    for spec in manifest.files:
        assert spec.upstream and spec.licence and spec.vintage
        assert spec.sha256 is not None


def test_the_docs_describe_every_file_and_the_deployment_guide_links_them() -> None:
    docs = Path(__file__).resolve().parents[2] / "docs"
    donnees = (docs / "donnees.md").read_text(encoding="utf-8")
    for spec in load_manifest().files:
        assert f"`{spec.name}`" in donnees, spec.name
    deploiement = (docs / "deploiement.md").read_text(encoding="utf-8")
    assert "docs/donnees.md" in deploiement and "(postgresql.md)" in deploiement


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_on_a_terminal_the_progress_bar_is_redrawn_in_place() -> None:
    from bot.opendata.download import Progress

    screen = Terminal()
    progress = Progress("communes_france.csv", screen, interval=0)
    progress.start(0, 4 * 1024 * 1024)
    progress.advance(1024 * 1024)
    progress.advance(3 * 1024 * 1024)
    progress.finish()
    frames = screen.getvalue().split("\r\033[K")
    assert "communes_france.csv [█████···············]  25 % (1,0 Mo / 4,0 Mo)" in frames
    assert frames[-1] == "communes_france.csv [████████████████████] 100 % (4,0 Mo / 4,0 Mo) ✓\n"
