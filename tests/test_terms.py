"""The one prefix map (il2kg.terms.PREFIX_MAP): sound, complete, and the same everywhere."""

from __future__ import annotations

import re
from pathlib import Path

import bioregistry  # a test dependency; it loads offline from its package data
import curies
import pytest
from rdflib import URIRef

from il2kg.graph import KnowledgeGraph, load_graph
from il2kg.query.api import run_query
from il2kg.release.sssom import compress as sssom_compress
from il2kg.release.sssom import write_sssom
from il2kg.terms import (
    PREFIX_MAP,
    PREFIXES,
    canonical_prefix,
    compress,
    converter,
    curie,
    expand,
)

ROOT = Path(__file__).resolve().parents[1]
_DECLARED = re.compile(r"^\s*(?:@prefix|PREFIX)\s+([A-Za-z][\w.-]*)?:\s*<([^>]*)>", re.M | re.I)


@pytest.fixture(scope="module")
def kg() -> KnowledgeGraph:
    return load_graph()


def test_the_map_is_bijective_and_has_no_duplicates() -> None:
    names = [n for r in PREFIX_MAP for n in (r.prefix, *r.prefix_synonyms)]
    uris = [u for r in PREFIX_MAP for u in (r.uri_prefix, *r.uri_prefix_synonyms)]
    assert len(names) == len(set(names))
    assert len(uris) == len(set(uris))
    built = converter()  # curies refuses a map with a duplicate prefix or URI prefix
    assert isinstance(built, curies.Converter)
    assert len(built.records) == len(PREFIX_MAP)


def test_curies_refuses_a_duplicate_so_the_check_above_is_not_vacuous() -> None:
    records = [
        {"prefix": "a", "uri_prefix": "https://example.org/a/"},
        {"prefix": "b", "uri_prefix": "https://example.org/a/"},
    ]
    with pytest.raises(ValueError):
        curies.Converter.from_extended_prefix_map(records)


def test_every_prefix_the_shipped_files_and_queries_declare_is_in_the_map() -> None:
    known = {r.prefix: r.uri_prefix for r in PREFIX_MAP}
    files = [
        *ROOT.glob("graphs/*.ttl"),
        *ROOT.glob("ontology/*.ttl"),
        *ROOT.glob("queries/**/*.rq"),
    ]
    assert len(files) > 20
    seen = 0
    for path in files:
        for prefix, namespace in _DECLARED.findall(path.read_text(encoding="utf-8")):
            if not prefix:
                continue
            seen += 1
            assert known.get(prefix) == namespace, f"{path.name}: {prefix}: <{namespace}>"
    assert seen > 100


def test_every_namespace_the_shipped_data_links_to_compresses(kg: KnowledgeGraph) -> None:
    # Each external database the data links to has a record; none falls to a host prefix.
    for record in PREFIX_MAP:
        if record.registry:
            hits = [o for o in kg.union().objects() if str(o).startswith(record.uri_prefix)]
            if hits:
                assert sssom_compress(str(hits[0])).source == f"bioregistry:{record.registry}"


def test_prefixes_is_the_bound_part_of_the_map() -> None:
    assert {r.prefix: r.uri_prefix for r in PREFIX_MAP if r.bound} == PREFIXES
    assert "uniprot" in PREFIXES and "UniProtKB" not in PREFIXES


@pytest.mark.parametrize(
    ("text", "iri"),
    [
        ("uniprot:P60568", "http://purl.uniprot.org/uniprot/P60568"),
        ("UniProtKB:P60568", "http://purl.uniprot.org/uniprot/P60568"),
        ("NCBIGene:3558", "http://identifiers.org/ncbigene/3558"),
        ("PMID:2201821", "https://pubmed.ncbi.nlm.nih.gov/2201821"),
        ("NCT:NCT00004978", "https://clinicaltrials.gov/study/NCT00004978"),
        ("CHEMBL.COMPOUND:CHEMBL1201438", "http://identifiers.org/chembl.compound/CHEMBL1201438"),
    ],
)
def test_synonyms_expand_to_the_same_iri(text: str, iri: str) -> None:
    assert expand(text) == iri
    assert converter().expand(text) == iri
    assert canonical_prefix(text.split(":")[0]) == compress(iri).split(":")[0]  # type: ignore[union-attr]


def test_an_unknown_prefix_does_not_expand() -> None:
    assert expand("nosuch:1") is None
    assert expand("no colon") is None


@pytest.mark.parametrize(
    "iri",
    [
        "http://purl.uniprot.org/uniprot/P60568",
        "https://doi.org/10.1126/science.181845",
        "https://w3id.org/il2kg/id/IL2",
        "https://www.ncbi.nlm.nih.gov/pmc/articles/PMC123",
    ],
)
def test_the_fast_lookup_agrees_with_curies(iri: str) -> None:
    assert compress(iri) == converter().compress(iri)
    assert expand(compress(iri) or "") == iri


def test_uri_prefix_synonyms_standardise_to_the_preferred_namespace() -> None:
    assert (
        converter().standardize_uri("https://www.ncbi.nlm.nih.gov/gene/3558")
        == "http://identifiers.org/ncbigene/3558"
    )


def test_query_output_and_sssom_name_uniprot_and_ncbi_gene_alike(kg: KnowledgeGraph) -> None:
    text = write_sssom(kg)
    curie_map = {}
    for line in text.splitlines()[1:]:
        if not line.startswith("#   "):
            break
        key, _, value = line[4:].partition(": ")
        curie_map[key] = value.strip('"')
    rows = [line.split("\t") for line in text.splitlines() if not line.startswith("#")][1:]
    for entity, namespace in (("il2:IL2", "uniprot"), ("il2:IL2RG-gene", "ncbigene")):
        result = run_query("external-identifiers", {"entity": entity}, kg=kg, engine="rdflib")
        shown = {curie(str(t)) for t in result.column("external") if isinstance(t, URIRef)}
        in_query = {c for c in shown if c and c.startswith(f"{namespace}:")}
        in_sssom = {r[3] for r in rows if r[0] == entity and r[3].startswith(f"{namespace}:")}
        assert in_query and in_query == in_sssom, entity
        assert curie_map[namespace] == PREFIXES[namespace]
    synonyms = {s for r in PREFIX_MAP for s in r.prefix_synonyms}
    assert not synonyms & set(curie_map), "SSSOM declares a synonym instead of the prefix"


def test_json_ld_external_iris_and_sssom_use_the_same_prefixes() -> None:
    from il2kg.export.iris import EXTERNAL_SCHEMES
    from il2kg.export.jsonld import JsonLdContext

    context = JsonLdContext.from_file(ROOT / "ontology" / "context.jsonld")
    for iri in (
        "http://purl.uniprot.org/uniprot/P60568",
        "http://identifiers.org/ncbigene/3558",
        "https://identifiers.org/hgnc:6001",
        "https://clinicaltrials.gov/study/NCT00004978",
    ):
        assert context.compact(iri) == sssom_compress(iri).curie == compress(iri)
    for prefix, namespace in EXTERNAL_SCHEMES:
        assert sssom_compress(namespace + "1").prefix == prefix


# Where the map departs from Bioregistry, on purpose (each proven still true below).
#: Preferred prefixes that are not Bioregistry's canonical prefix of their resource: the
#: shipped data, context and queries say ``chembl:`` (Bioregistry's ``chembl`` is ChEMBL as a
#: whole, not its compounds; ``chembl.compound`` is a synonym here).
NOT_CANONICAL = {"chembl": "chembl.compound"}
#: Namespaces Bioregistry does not recognise as the resource's IRIs (it knows the www. form).
UNRECOGNISED = {"clinicaltrials"}


def test_preferred_prefixes_are_bioregistrys_canonical_ones() -> None:
    for record in PREFIX_MAP:
        if not record.registry:
            continue
        canonical = bioregistry.normalize_prefix(record.prefix)
        if record.prefix in NOT_CANONICAL:
            assert canonical != record.registry == NOT_CANONICAL[record.prefix]
        else:
            assert canonical == record.registry, record.prefix
        for synonym in record.prefix_synonyms:
            assert bioregistry.normalize_prefix(synonym) == record.registry, synonym


def test_bioregistry_reads_our_namespaces_as_the_same_resources() -> None:
    for record in PREFIX_MAP:
        if not record.registry:
            continue
        example = bioregistry.get_example(record.registry)
        parsed = bioregistry.parse_iri(record.uri_prefix + example)
        if record.registry in UNRECOGNISED:
            assert parsed[0] is None, record.registry
        else:
            assert parsed[0] == record.registry, record.registry
