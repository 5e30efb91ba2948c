"""write_sssom(): the graph's SKOS mappings as an SSSOM TSV that the sssom library accepts."""

from __future__ import annotations

import logging
import subprocess
import sys
import warnings
from pathlib import Path

import pytest
from rdflib import URIRef
from subprocesses import digest, digest_in_fresh_process

from il2kg.graph import KnowledgeGraph, load_graph
from il2kg.release.metadata import ontology_metadata
from il2kg.release.sssom import MAPPING_PREDICATES, MAPPING_SET_ID, compress, write_sssom

with warnings.catch_warnings():  # sssom sets a pandas option that pandas 3 deprecates
    warnings.simplefilter("ignore")
    import sssom.parsers as sssom_parsers
    import sssom.validators as sssom_validators

# sssom calls pandas APIs that pandas 3 deprecates; that is sssom's business, not ours.
pytestmark = pytest.mark.filterwarnings("ignore::Warning:sssom")


@pytest.fixture(scope="module")
def text(shipped_kg: KnowledgeGraph) -> str:
    return write_sssom(shipped_kg)


@pytest.fixture
def tsv(text: str, tmp_path: Path) -> Path:
    path = tmp_path / "il2kg.sssom.tsv"
    path.write_text(text, encoding="utf-8")
    return path


def read(text: str) -> tuple[dict[str, str], dict[str, str], list[dict[str, str]]]:
    """Parse the file by hand: the curie_map, the other metadata, the rows."""
    curie_map: dict[str, str] = {}
    metadata: dict[str, str] = {}
    lines = text.splitlines()
    comments = [line[2:] for line in lines if line.startswith("# ")]
    table = [line for line in lines if not line.startswith("#")]
    for line in comments:
        if line.startswith("  ") and ": " in line and not line.strip().startswith("-"):
            prefix, value = line.strip().split(": ", 1)
            curie_map[prefix] = value.strip('"')
        elif not line.startswith(" ") and ": " in line:
            key, value = line.split(": ", 1)
            metadata[key] = value.strip('"')
    columns = table[0].split("\t")
    rows = [dict(zip(columns, line.split("\t"), strict=True)) for line in table[1:]]
    return curie_map, metadata, rows


def expand(curie_map: dict[str, str], curie: str) -> str:
    prefix, local = curie.split(":", 1)
    return curie_map[prefix] + local


def mapping_triples(kg: KnowledgeGraph) -> set[tuple[str, str, str]]:
    union = kg.union()
    return {
        (str(s), str(p), str(o))
        for p in MAPPING_PREDICATES
        for s, o in union.subject_objects(p)
        if isinstance(s, URIRef) and isinstance(o, URIRef)
    }


def test_the_sssom_library_validates_the_file_without_errors(
    tsv: Path, shipped_kg: KnowledgeGraph, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING):
        msdf = sssom_parsers.parse_sssom_table(tsv)
    # Warnings are how the parser reports redefined built-in prefixes and non-standard metadata.
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == []
    reports = sssom_validators.validate(msdf, fail_on_error=False)
    assert {str(kind) for kind in reports} >= {
        "SchemaValidationType.JsonSchema",
        "SchemaValidationType.PrefixMapCompleteness",
        "SchemaValidationType.StrictCurieFormat",
    }
    for kind, report in reports.items():
        assert report.results == [], f"{kind}: {[r.message for r in report.results]}"
    assert len(msdf.df) == len(mapping_triples(shipped_kg))
    for _, row in msdf.df.iterrows():
        assert msdf.converter.expand(row["object_id"]) is not None


def test_the_validator_is_not_vacuous(text: str, tmp_path: Path) -> None:
    undeclared = "\n".join(line for line in text.splitlines() if "#   uniprot:" not in line)
    path = tmp_path / "broken.sssom.tsv"
    path.write_text(undeclared + "\n", encoding="utf-8")
    msdf = sssom_parsers.parse_sssom_table(path)
    reports = sssom_validators.validate(msdf, fail_on_error=False)
    messages = [r.message for report in reports.values() for r in report.results]
    assert "Missing prefix: uniprot" in messages


def test_the_sssom_command_line_validator_accepts_the_file(tsv: Path) -> None:
    cli = Path(sys.executable).with_name("sssom")
    command = [str(cli)] if cli.exists() else [sys.executable, "-m", "sssom.cli"]
    done = subprocess.run(
        [*command, "validate", str(tsv)], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "error" not in (done.stdout + done.stderr).lower()


def test_every_mapping_triple_is_a_row_and_every_row_a_triple(
    text: str, shipped_kg: KnowledgeGraph
) -> None:
    curie_map, _, rows = read(text)
    from_rows = {
        (expand(curie_map, r["subject_id"]), expand(curie_map, r["predicate_id"]),
         expand(curie_map, r["object_id"]))
        for r in rows
    }  # fmt: skip
    assert len(from_rows) == len(rows), "a mapping is written twice"
    assert from_rows == mapping_triples(shipped_kg)
    assert len(rows) > 200


def test_rows_carry_labels_types_sources_and_the_justification(
    text: str, shipped_kg: KnowledgeGraph
) -> None:
    curie_map, _, rows = read(text)
    assert {r["mapping_justification"] for r in rows} == {"semapv:ManualMappingCuration"}
    il2 = next(r for r in rows if r["subject_id"] == "il2:IL2")
    assert il2["subject_label"] == shipped_kg.label("https://w3id.org/il2kg/id/IL2")
    assert (il2["object_id"], il2["object_source"]) == ("uniprot:P60568", "bioregistry:uniprot")
    assert il2["subject_type"] == "owl named individual"
    part_of = next(r for r in rows if r["subject_id"] == "il2kg:partOf")
    assert (part_of["predicate_id"], part_of["object_id"]) == ("skos:exactMatch", "BFO:0000050")
    assert part_of["subject_type"] == part_of["object_type"] == "owl object property"
    t_cell = next(r for r in rows if r["subject_id"] == "il2:TCell")
    assert (t_cell["object_id"], t_cell["object_type"]) == ("CL:0000084", "owl class")
    assert rows == sorted(rows, key=lambda r: (r["subject_id"], r["predicate_id"], r["object_id"]))
    expected = {"uniprot", "ncbigene", "hgnc", "drugbank", "CL", "GO", "MONDO", "HP", "DOID"}
    assert expected | {"RO", "BFO", "reactome", "il2", "il2kg", "skos", "semapv"} <= set(curie_map)


def test_header_metadata_comes_from_the_ontology(text: str, shipped_kg: KnowledgeGraph) -> None:
    _, metadata, _ = read(text)
    meta = ontology_metadata(shipped_kg)
    assert metadata["mapping_set_id"] == MAPPING_SET_ID
    assert metadata["mapping_set_version"] == meta.version_info == "0.1.0"
    assert metadata["license"] == meta.license == "https://creativecommons.org/licenses/by/4.0/"
    assert metadata["mapping_set_description"]
    assert '#   - "The il2kg contributors"' in text


def test_compress_uses_the_one_prefix_map() -> None:
    cases = {
        "http://purl.obolibrary.org/obo/GO_0038110": "GO:0038110",
        "http://identifiers.org/ncbigene/3558": "ncbigene:3558",
        "https://identifiers.org/hgnc:6001": "hgnc:6001",
        "https://go.drugbank.com/drugs/DB00041": "drugbank:DB00041",
        "https://reactome.org/content/detail/R-HSA-451927": "reactome:R-HSA-451927",
        "https://pubmed.ncbi.nlm.nih.gov/2201821": "pubmed:2201821",
        "http://purl.obolibrary.org/obo/cl.owl": "obo:cl.owl",
        "https://w3id.org/il2kg/ontology/partOf": "il2kg:partOf",
    }
    assert {iri: compress(iri).curie for iri in cases} == cases


def test_two_runs_give_the_same_bytes(text: str) -> None:
    imports = "from il2kg.graph import load_graph; from il2kg.release.sssom import write_sssom"
    assert digest_in_fresh_process(imports, "write_sssom(load_graph())", "12345") == digest(text)


def test_export_command_writes_the_sssom_table(tmp_path: Path) -> None:
    from il2kg.cli.app import main

    target = tmp_path / "il2kg.sssom.tsv"
    assert main(["export", "--format", "sssom", "-o", str(target)]) == 0
    assert target.read_text(encoding="utf-8") == write_sssom(load_graph())
