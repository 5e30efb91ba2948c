"""The identifier patterns of the identifier-pattern check, held to Bioregistry's.

The check (queries/checks/identifier-pattern-violation.rq) runs its regular expressions inside
SPARQL. Bioregistry (a test dependency, loaded offline from its package data) is the oracle:
for every scheme, both must accept and refuse the same identifiers among the ones the shipped
graph uses, Bioregistry's own example, and a set of crafted bad ones. Where the check is
deliberately narrower, the identifiers it refuses on purpose are listed in ``NARROWER`` with
the reason, and the test proves each of them is still a real difference.
"""

from __future__ import annotations

import re
from pathlib import Path

import bioregistry
import pytest

from il2kg.graph import KnowledgeGraph, load_graph

ROOT = Path(__file__).resolve().parents[1]
CHECK = ROOT / "queries" / "checks" / "identifier-pattern-violation.rq"
_ROW = re.compile(r'\("([^"]+)"\s+"([^"]+)"\s+"([^"]+)"\)')

#: The check's scheme name → the Bioregistry prefix.
REGISTRY = {
    "UniProt": "uniprot",
    "NCBI Gene": "ncbigene",
    "HGNC": "hgnc",
    "DrugBank": "drugbank",
    "ChEMBL": "chembl.compound",
    "CL": "cl",
    "GO": "go",
    "MONDO": "mondo",
    "HP": "hp",
    "DOID": "doid",
    "RO": "ro",
    "BFO": "bfo",
    "Reactome": "reactome",
    "NCT": "clinicaltrials",
    "DOI": "doi",
    "PubMed": "pubmed",
}

CRAFTED = (
    "", "x", "abc", "12 34", "0", "007", "0000000", "123456", "1234567890", "p60568", "P6056",
    "CHEMBL", "CHEMBL0", "DB1234", "NCT1234567", "R-HSA-", "R-HSA-1.2", "10.1/x", "10.12/x",
    "10.1234/", "HOM0000001", "GO_0000001",
)  # fmt: skip

#: Identifiers Bioregistry accepts and the check refuses on purpose.
NARROWER: dict[str, dict[str, str]] = {
    "NCBI Gene": dict.fromkeys(("0", "007", "0000000"), "no leading zero: not an NCBI Gene ID"),
    "HGNC": dict.fromkeys(("0", "007"), "no leading zero: not an HGNC ID"),
    "ChEMBL": {"CHEMBL0": "no leading zero: not a ChEMBL ID"},
    "PubMed": {
        **dict.fromkeys(("0", "007", "0000000"), "no leading zero: not a PMID"),
        "1234567890": "at most 9 digits (PMIDs have 8 today)",
    },
    "DOI": {
        "10.12/x": "a registrant code has at least 4 digits (DOI Handbook 2.2.2)",
        "10.1234/": "a DOI has a non-empty suffix",
    },
}


def _rows() -> list[tuple[str, str, re.Pattern[str]]]:
    found = _ROW.findall(CHECK.read_text(encoding="utf-8"))
    return [(s, base, re.compile(pattern.replace("\\\\", "\\"))) for s, base, pattern in found]


@pytest.fixture(scope="module")
def shipped_ids() -> dict[str, list[str]]:
    kg: KnowledgeGraph = load_graph()
    objects = {str(o) for o in kg.union().objects()}
    return {
        scheme: sorted(iri[len(base) :] for iri in objects if iri.startswith(base))
        for scheme, base, _ in _rows()
    }


def test_the_check_has_a_pattern_for_every_scheme_named_here() -> None:
    assert sorted(s for s, _, _ in _rows()) == sorted(REGISTRY)


@pytest.mark.parametrize(("scheme", "base", "ours"), _rows(), ids=[r[0] for r in _rows()])
def test_the_pattern_agrees_with_bioregistry(
    scheme: str, base: str, ours: re.Pattern[str], shipped_ids: dict[str, list[str]]
) -> None:
    theirs = re.compile(str(bioregistry.get_pattern(REGISTRY[scheme])))
    example = str(bioregistry.get_example(REGISTRY[scheme]))
    sample = [*shipped_ids[scheme], example, *CRAFTED]
    looser = [i for i in sample if ours.match(base + i) and not theirs.match(i)]
    narrower = {i for i in sample if theirs.match(i) and not ours.match(base + i)}
    assert not looser, f"{scheme}: the check accepts what Bioregistry refuses: {looser}"
    assert narrower == set(NARROWER.get(scheme, {})), f"{scheme}: {sorted(narrower)}"
    assert ours.match(base + example), f"{scheme}: Bioregistry's example {example} is refused"
    assert all(ours.match(base + i) for i in shipped_ids[scheme])


def test_the_sample_reaches_the_shipped_identifiers(shipped_ids: dict[str, list[str]]) -> None:
    assert sum(len(ids) for ids in shipped_ids.values()) > 250
    assert all(shipped_ids[s] for s in ("UniProt", "NCBI Gene", "HGNC", "CL", "PubMed", "DOI"))
