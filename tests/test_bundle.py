"""``smkg export --bundle``: every export at once, described by a DCAT catalogue
whose sizes and checksums match the files; and a failed export (a read-only
folder, a full disk) leaves no partial file and keeps the previous one."""

from __future__ import annotations

import contextlib
import hashlib
import os
import subprocess
from pathlib import Path

import pytest
from conftest import letter_with
from rdflib import Graph, Literal, URIRef
from typer.testing import CliRunner

from graph.bundle import BUNDLE, CATALOGUE, FORMATS, export, export_bundle, format_for
from graph.cli import app
from graph.exports import ExportError
from graph.manifest import OGL_V3
from graph.namespace import DCAT, DCTERMS, PROV, SPDX
from graph.tables import all_tables

runner = CliRunner()


@pytest.fixture(scope="module")
def bundle(corpus_store, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("bundle")
    result = runner.invoke(app, ["export", "--store", str(corpus_store), "--bundle", str(out), "--publisher", "Ofgem"])
    assert result.exit_code == 0, result.output
    return out


def _catalogue(folder: Path) -> Graph:
    return Graph().parse(folder / CATALOGUE, format="turtle")  # relative IRIs resolve against the file


def test_a_bundle_holds_every_export_and_every_table(bundle, corpus_store):
    files = {str(p.relative_to(bundle)) for p in bundle.rglob("*") if p.is_file()}
    tables = {t.name for t in all_tables(corpus_store)}
    expected = set(BUNDLE) | {CATALOGUE} | {f"{folder}/{name}{suffix}" for folder in ("tables", "tables-for-excel")
                                            for name in tables for suffix in (".csv", ".csv-metadata.json")}
    assert files == expected
    assert {"Consultation", "DocumentVersion", "GovernedDocument", "Decision", "consultations"} <= tables


def test_the_catalogue_describes_each_file_with_its_size_checksum_and_media_type(bundle):
    g = _catalogue(bundle)
    (dataset,) = g.subjects(predicate=None, object=DCAT.Dataset)
    distributions = set(g.objects(dataset, DCAT.distribution))
    described = set()
    for dist in distributions:
        url = g.value(dist, DCAT.downloadURL)
        path = Path(url.removeprefix("file://"))
        assert path.is_file() and bundle in path.parents, url
        data = path.read_bytes()
        assert int(g.value(dist, DCAT.byteSize)) == len(data)
        checksum = g.value(dist, SPDX.checksum)
        assert str(g.value(checksum, SPDX.checksumValue)) == hashlib.sha256(data).hexdigest()
        assert g.value(checksum, SPDX.algorithm) == SPDX.checksumAlgorithm_sha256
        media = str(g.value(dist, DCAT.mediaType))
        assert media.startswith("https://www.iana.org/assignments/media-types/"), media
        described.add(str(path.relative_to(bundle)))
    assert len(described) == len(distributions) == len([p for p in bundle.rglob("*") if p.is_file()]) - 1
    media_of = {str(Path(str(g.value(d, DCAT.downloadURL)).removeprefix("file://")).relative_to(bundle)):
                str(g.value(d, DCAT.mediaType)).rsplit("media-types/", 1)[1] for d in distributions}
    assert media_of["graph.ttl"] == "text/turtle" and media_of["tables.xlsx"] == FORMATS["xlsx"][1]
    assert media_of["tables/consultations.csv"] == "text/csv"


def test_the_catalogue_names_the_publisher_the_licence_and_the_provenance(bundle, corpus_store):
    g = _catalogue(bundle)
    (dataset,) = g.subjects(predicate=None, object=DCAT.Dataset)
    assert g.value(dataset, DCTERMS.title) is not None
    publisher = g.value(dataset, DCTERMS.publisher)
    assert str(g.value(publisher, URIRef("http://xmlns.com/foaf/0.1/name"))) == "Ofgem"
    assert URIRef(OGL_V3) in set(g.objects(dataset, DCTERMS.license))
    assert any("Crown copyright" in str(r) for r in g.objects(dataset, DCTERMS.rights))
    texts = {str(t) for t in g.objects(dataset, PROV.wasDerivedFrom)}
    sources = Graph().parse(bundle / "graph.ttl", format="turtle")
    stored = {str(s) for s in sources.subjects(URIRef("http://data.europa.eu/eli/ontology#is_embodied_by"), None)}
    assert texts == stored and len(texts) == 2
    for run in g.objects(dataset, PROV.wasGeneratedBy):
        assert g.value(run, URIRef("https://w3id.org/smkg/def#softwareVersion")) is not None


def test_a_bundle_is_the_same_bytes_every_time(bundle, corpus_store, tmp_path):
    export_bundle(corpus_store, tmp_path, publisher="Ofgem")
    for path in bundle.rglob("*"):
        if path.is_file():
            assert (tmp_path / path.relative_to(bundle)).read_bytes() == path.read_bytes(), path


@pytest.mark.parametrize(("name", "fmt"), [("x.graphml", "graphml"), ("x.gexf", "gexf"), ("x.cyjs", "cyjs"),
                                           ("x.xlsx", "xlsx"), ("x.ttl", "turtle"), ("x.jsonld", "jsonld")])
def test_the_format_is_guessed_from_the_extension(name, fmt):
    assert format_for(Path(name), None) == fmt


def test_an_unknown_format_or_a_missing_store_is_a_usage_error(tmp_path):
    with pytest.raises(ExportError, match="unknown format"):
        format_for(None, "pdf")
    with pytest.raises(ExportError, match="no store"):
        export(tmp_path / "nowhere", "graphml")
    result = runner.invoke(app, ["export", "--store", str(tmp_path / "nowhere"), "--bundle", str(tmp_path / "b")])
    assert result.exit_code == 2 and "no store" in result.output
    assert not (tmp_path / "b").exists()


# --- failures midway ---------------------------------------------------------------------------------------------

@contextlib.contextmanager
def _tmpfs(folder: Path, size: str):
    """A small filesystem of its own at ``folder``: as root, chmod does not stop writes, a read-only mount does."""
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)], check=True)
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=True)


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _previous_export(folder: Path) -> dict[str, bytes]:
    for name in ["graph.ttl", "network.graphml", "tables/consultations.csv"]:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(f"previous {name}\n", encoding="utf-8")
    return _snapshot(folder)


def _make_read_only(folder: Path):
    if os.geteuid() == 0:
        subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
    else:
        for path in [folder, *[p for p in folder.rglob("*") if p.is_dir()]]:
            path.chmod(0o555)


def test_an_export_into_a_read_only_folder_fails_clearly_and_keeps_the_previous_files(corpus_store, tmp_path):
    folder = tmp_path / "bundle"
    folder.mkdir()
    with _tmpfs(folder, "16m") if os.geteuid() == 0 else contextlib.nullcontext(folder):
        before = _previous_export(folder)
        _make_read_only(folder)
        for args in (["--bundle", str(folder)], ["-o", str(folder / "graph.ttl")],
                     ["--tables", str(folder / "tables")]):
            result = runner.invoke(app, ["export", "--store", str(corpus_store), *args])
            assert result.exit_code == 2, (args, result.output)
            assert "Read-only file system" in result.output or "Permission denied" in result.output
            assert _snapshot(folder) == before  # nothing partial, nothing lost


def test_a_full_disk_midway_leaves_no_partial_file_and_keeps_the_previous_ones(corpus_store, tmp_path):
    if os.geteuid() != 0:
        pytest.fail("a full disk is made with a small tmpfs, which needs root (CI runs as root)")
    folder = tmp_path / "bundle"
    folder.mkdir()
    with _tmpfs(folder, "96k"):  # room for the small files of a bundle, not for the large ones
        before = _previous_export(folder)
        result = runner.invoke(app, ["export", "--store", str(corpus_store), "--bundle", str(folder)])
        assert result.exit_code == 2 and "No space left on device" in result.output, result.output
        after = _snapshot(folder)
        assert not [name for name in after if ".tmp" in name or name.startswith(".")], after
        assert not (folder / CATALOGUE).exists()  # the catalogue comes last: it never describes a failed bundle
        fresh = dict(export_bundle_contents(corpus_store))
        for name, data in after.items():  # each file is whole: its previous content, or the new one
            assert data in (before.get(name), fresh.get(name)), name
        assert any(after.get(name) == data for name, data in before.items())  # some previous file is kept


def export_bundle_contents(store: Path):
    from graph.bundle import bundle_files

    for name, (data, _) in bundle_files(store).items():
        yield name, data


def test_a_formula_in_a_fact_is_inert_in_the_bundles_excel_files_and_kept_in_its_rdf(tmp_path):
    from graph.build import build

    formula = '=HYPERLINK("http://x","y")'
    letter_with(tmp_path, formula, "formula.txt")
    build([tmp_path / "formula.txt"], tmp_path / "store", validate=False)
    export_bundle(tmp_path / "store", tmp_path / "bundle")
    excel = (tmp_path / "bundle" / "tables-for-excel" / "sources.csv").read_text(encoding="utf-8-sig")
    assert "'" + formula.replace('"', '""') in excel
    ttl = Graph().parse(tmp_path / "bundle" / "graph.ttl")
    assert Literal(formula) in set(ttl.objects())
