"""External identifiers are checked, not recalled, and sit on the right entity.

Every external IRI the graph maps to must be a `verified` row of ../shared/reference/identifiers.tsv
or of docs/identifier-evidence.tsv (which records where each extra identifier was seen next to
its label). Verified rows for genes, proteins and drugs must be attached to the entity they name,
so that two swapped accessions fail.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from il2kg.terms import IL2, IL2KG

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "reference" / "identifiers.tsv"
EVIDENCE = ROOT / "docs" / "identifier-evidence.tsv"
#: The evidence table, and the per-topic tables curators add beside it before they are merged.
EVIDENCE_FILES = sorted((ROOT / "docs").glob("identifier-evidence*.tsv"))
MAPPINGS = (SKOS.exactMatch, SKOS.closeMatch, SKOS.broadMatch, SKOS.narrowMatch, SKOS.relatedMatch)


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


@pytest.fixture(scope="module")
def graph() -> Graph:
    """Ontology and data as shipped."""
    g = Graph()
    g.parse(ROOT / "ontology" / "il2kg.ttl")
    for path in sorted((ROOT / "graphs").glob("*.ttl")):
        g.parse(path)
    return g


def test_every_external_identifier_is_verified(graph: Graph) -> None:
    verified = {row["iri"] for row in _rows(SHARED) if row["status"] == "verified"}
    verified |= {
        row["iri"] for path in EVIDENCE_FILES for row in _rows(path) if row["status"] == "verified"
    }
    used = {str(o) for p in MAPPINGS for o in graph.objects(None, p)}
    assert used, "the graph has no mappings at all"
    assert sorted(used - verified) == []


def test_evidence_rows_name_their_evidence() -> None:
    rows = [row for path in EVIDENCE_FILES for row in _rows(path)]
    assert rows
    assert [
        row["iri"] for row in rows if not row["evidence"].strip() or not row["label_seen"].strip()
    ] == []


def _names(graph: Graph, entity: URIRef) -> set[str]:
    names = {
        str(v).lower()
        for p in (RDFS.label, SKOS.altLabel, IL2KG.geneSymbol)
        for v in graph.objects(entity, p)
    }
    for gene in graph.subjects(IL2KG.hasGeneProduct, entity):
        names |= {str(v).lower() for v in graph.objects(gene, IL2KG.geneSymbol)}
    return names


ENTITY_ROWS = [
    r
    for r in _rows(SHARED)
    if r["status"] == "verified" and r["kind"] in {"protein", "gene", "drug"}
]


@pytest.mark.parametrize("row", ENTITY_ROWS, ids=lambda r: f"{r['scheme']}:{r['id']}")
def test_verified_identifier_sits_on_the_entity_it_names(graph: Graph, row: dict[str, str]) -> None:
    holders = [
        h
        for h in graph.subjects(SKOS.exactMatch, URIRef(row["iri"]))
        if (h, RDF.type, IL2KG.DatabaseRecord) not in graph
    ]
    assert len(holders) == 1, f"{row['iri']} is the exact match of {holders}"
    name = (
        row["label"].split(" ")[0].lower()
    )  # "IL2RA (CD25) - ..." -> "il2ra"; "aldesleukin (...)" -> "aldesleukin"
    assert name in _names(graph, holders[0]), f"{row['iri']} ({row['label']}) sits on {holders[0]}"


def _never_approved(graph: Graph) -> set[URIRef]:
    """Therapeutics whose every indication is investigational or discontinued and none ever approved
    (as the shapes say: such a product may have no DrugBank or ChEMBL record)."""
    not_approved = {IL2.Investigational, IL2.Discontinued}
    products = set(graph.subjects(IL2KG.hasIndication, None))
    return {
        product
        for product in products
        if all(
            graph.value(indication, IL2KG.hasApprovalStatus) in not_approved
            and graph.value(indication, IL2KG.approvalYear) is None
            for indication in graph.objects(product, IL2KG.hasIndication)
        )
    }


def test_never_approved_is_only_products_never_approved(graph: Graph) -> None:
    exempt = _never_approved(graph)
    assert IL2.Nemvaleukin in exempt
    assert not exempt & {IL2.Aldesleukin, IL2.Daclizumab, IL2.Basiliximab}


def test_entities_of_public_record_carry_their_identifiers(graph: Graph) -> None:
    missing = []
    expectations = {
        IL2KG.Gene: ("https://identifiers.org/hgnc:", "http://identifiers.org/ncbigene/"),
        IL2KG.Therapeutic: (
            "https://go.drugbank.com/drugs/",
            "http://identifiers.org/chembl.compound/",
        ),
        IL2KG.CellType: ("http://purl.obolibrary.org/obo/CL_",),
        IL2KG.Publication: ("https://doi.org/", "https://pubmed.ncbi.nlm.nih.gov/"),
    }
    subclasses = {
        IL2KG.Therapeutic: {
            IL2KG.RecombinantCytokine,
            IL2KG.HumanizedMonoclonalAntibody,
            IL2KG.ChimericMonoclonalAntibody,
        },
    }
    for cls, prefixes in expectations.items():
        members = set(graph.subjects(RDF.type, cls))
        for sub in subclasses.get(cls, set()):
            members |= set(graph.subjects(RDF.type, sub))
        assert members, f"no instances of {cls}"
        if cls == IL2KG.Therapeutic:
            members -= _never_approved(graph)
        for entity in members:
            iris = [str(o) for o in graph.objects(entity, SKOS.exactMatch)]
            needed = prefixes if cls != IL2KG.Publication else prefixes[:1]
            if cls == IL2KG.Therapeutic and not iris:
                # A substance DrugBank merges into another's record (daclizumab beta) has only a
                # close match to that record, and no ChEMBL record of its own.
                iris = [str(o) for o in graph.objects(entity, SKOS.closeMatch)]
                needed = prefixes[:1]
            if cls == IL2KG.Publication and not graph.value(entity, IL2KG.doi):
                needed = () if not graph.value(entity, IL2KG.pmid) else prefixes[1:]
            missing += [
                f"{entity} lacks {p}" for p in needed if not any(i.startswith(p) for i in iris)
            ]
    assert missing == []
