"""Generate a synthetic IL-2 knowledge graph of about N triples, for benchmarks.

The output copies the patterns of the shipped data under ``graphs/`` with new individuals:
a *family* is one cytokine with its gene, two receptor chains (with genes) forming a
receptor complex with an affinity class and a dissociation constant, a cell type that
produces the cytokine, a biological process, a cytokine effect on that cell type, a
humanized antibody against the first chain with an indication, an adverse effect and a
disease, one publication cited by everything, and owl:Axiom provenance annotations on
the main relations. It uses only classes and properties of ``ontology/il2kg.ttl``, and
links to a few shipped individuals (``il2:TCell``, ``il2:IntravenousInfusion`` ...).

Lines are written as Turtle directly (one triple per line, blank nodes as ``_:x``), so
1M triples take a few seconds. The output is deterministic from ``--seed``.

    python bench/generate.py --triples 100000 --seed 1 --out /tmp/il2kg-100k.ttl
"""

from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Iterator
from pathlib import Path

PREFIXES = """\
@prefix il2kg:   <https://w3id.org/il2kg/ontology/> .
@prefix il2:     <https://w3id.org/il2kg/id/> .
@prefix rdfs:    <http://www.w3.org/2000/01/rdf-schema#> .
@prefix owl:     <http://www.w3.org/2002/07/owl#> .
@prefix xsd:     <http://www.w3.org/2001/XMLSchema#> .
@prefix skos:    <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix qudt:    <http://qudt.org/schema/qudt/> .
@prefix unit:    <http://qudt.org/vocab/unit/> .
@prefix obo:     <http://purl.obolibrary.org/obo/> .
"""

_PROCESS_WORDS = ("proliferation", "survival", "activation", "differentiation", "migration")
_PARENT_CELLS = ("il2:TCell", "il2:CD4TCell", "il2:CD8TCell")
_AFFINITY = ("il2:LowAffinity", "il2:IntermediateAffinity", "il2:HighAffinity")
_STATUS = ("il2:Approved", "il2:NotApproved", "il2:Investigational", "il2:Withdrawn")
_INTENT = ("il2:Treatment", "il2:Prophylaxis")
_LETTERS = "ABCDEFGHIJKLMNPQRSTUVWXYZ"


def _uniprot(n: int) -> str:
    """A UniProt-shaped accession ([A-NR-Z][0-9][A-Z][A-Z0-9]{2}[0-9]), unique for n < 4.5M."""
    alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
    first = "ABCDEFGHIJKLMNRSTUVWXYZ"
    n, d5 = divmod(n, 10)
    n, c4 = divmod(n, 36)
    n, c3 = divmod(n, 36)
    n, c2 = divmod(n, 26)
    n, d1 = divmod(n, 10)
    c0 = first[n % len(first)]
    return f"{c0}{d1}{_LETTERS[c2 % 25] if c2 < 25 else 'Z'}{alnum[c3]}{alnum[c4]}{d5}"


def _lit(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"@en'


class _Writer:
    """Counts triples and numbers blank nodes."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.count = 0
        self.bnodes = 0

    def t(self, s: str, p: str, o: str) -> None:
        self.lines.append(f"{s} {p} {o} .\n")
        self.count += 1

    def bnode(self) -> str:
        self.bnodes += 1
        return f"_:b{self.bnodes}"

    def axiom(self, s: str, p: str, o: str, *sources: str) -> None:
        b = self.bnode()
        self.t(b, "a", "owl:Axiom")
        self.t(b, "owl:annotatedSource", s)
        self.t(b, "owl:annotatedProperty", p)
        self.t(b, "owl:annotatedTarget", o)
        for src in sources:
            self.t(b, "dcterms:source", src)

    def entity(self, iri: str, cls: str, label: str, definition: str) -> None:
        self.t(iri, "a", "owl:NamedIndividual")
        self.t(iri, "a", cls)
        self.t(iri, "rdfs:label", _lit(label))
        self.t(iri, "skos:definition", _lit(definition))


def _family(w: _Writer, i: int, rng: random.Random) -> None:
    """Write one family of individuals (about 150 triples)."""
    k = f"X{i}"
    pub = f"il2:synth-pub-{i}"
    w.t(pub, "a", "owl:NamedIndividual")
    w.t(pub, "a", "il2kg:Publication")
    w.t(pub, "il2kg:evidenceType", "obo:ECO_0000269")
    w.t(pub, "rdfs:label", _lit(f"Synthetic {i} 20{i % 25:02d}, study of cytokine {k}"))
    w.t(pub, "dcterms:title", _lit(f"A synthetic study of cytokine {k} and its receptor"))
    w.t(pub, "dcterms:bibliographicCitation", f'"Synthetic A, Bench B. J Synth {i};1:1-9."')
    w.t(pub, "dcterms:issued", f'"{1980 + i % 45}"^^xsd:gYear')
    w.t(pub, "il2kg:pmid", f'"{90000000 + i}"')
    w.t(pub, "skos:exactMatch", f"<https://pubmed.ncbi.nlm.nih.gov/{90000000 + i}>")

    # Cytokine and its gene.
    cyt = f"il2:synth-IL{k}"
    w.entity(
        cyt,
        "il2kg:Cytokine",
        f"synthetic interleukin {k}",
        f"A synthetic cytokine number {i}, generated for benchmarks.",
    )
    w.t(cyt, "skos:altLabel", _lit(f"IL-{k}"))
    w.t(cyt, "skos:altLabel", _lit(f"IL{k}"))
    w.t(cyt, "skos:exactMatch", f"<http://purl.uniprot.org/uniprot/{_uniprot(4 * i)}>")
    gene_base = 1_000_000 + 4 * i
    _gene(w, f"IL{k}", cyt, gene_base, pub)

    # Two chains with genes, and the receptor complex they form.
    chains = []
    for j, suffix in enumerate(("A", "B"), start=1):
        chain = f"il2:synth-IL{k}R{suffix}"
        chains.append(chain)
        w.entity(
            chain,
            "il2kg:ReceptorChain",
            f"synthetic interleukin {k} receptor subunit {suffix}",
            f"Receptor chain {suffix} of synthetic cytokine {k}.",
        )
        w.t(chain, "skos:altLabel", _lit(f"IL-{k}R{suffix}"))
        w.t(chain, "il2kg:cdDesignation", f'"CD{1000 + 2 * i + j}"')
        w.t(chain, "skos:exactMatch", f"<http://purl.uniprot.org/uniprot/{_uniprot(4 * i + j)}>")
        _gene(w, f"IL{k}R{suffix}", chain, gene_base + j, pub)
    rc = f"il2:synth-IL{k}R-complex"
    w.entity(
        rc,
        "il2kg:ReceptorComplex",
        f"synthetic IL-{k} receptor",
        f"The receptor of synthetic cytokine {k}, formed by its two chains.",
    )
    aff = rng.choice(_AFFINITY)
    for chain in chains:
        w.t(rc, "il2kg:hasChain", chain)
        w.axiom(rc, "il2kg:hasChain", chain, pub)
    w.t(rc, "il2kg:hasAffinityClass", aff)
    w.axiom(rc, "il2kg:hasAffinityClass", aff, pub)
    kd = w.bnode()
    w.t(rc, "il2kg:hasDissociationConstant", kd)
    w.t(kd, "a", "qudt:QuantityValue")
    w.t(kd, "qudt:numericValue", f"{rng.uniform(1, 9):.2f}E-{rng.randint(8, 11)}")
    w.t(kd, "qudt:unit", "unit:MOL-PER-L")
    w.t(kd, "dcterms:source", pub)
    w.t(cyt, "il2kg:hasReceptor", rc)
    w.axiom(cyt, "il2kg:hasReceptor", rc, pub)

    # A cell type that makes the cytokine, a process and the effect of the cytokine on it.
    cell = f"il2:synth-cell-{i}"
    w.entity(
        cell,
        "il2kg:CellType",
        f"synthetic T cell subset {i}",
        f"A synthetic T cell subset number {i} that makes cytokine {k}.",
    )
    w.t(cell, "skos:altLabel", _lit(f"T{i} cell"))
    w.t(cell, "skos:exactMatch", f"obo:CL_{5_000_000 + i:07d}")
    parent = rng.choice(_PARENT_CELLS)
    w.t(cell, "il2kg:isSubtypeOf", parent)
    w.axiom(cell, "il2kg:isSubtypeOf", parent, pub)
    w.t(cell, "il2kg:produces", cyt)
    w.axiom(cell, "il2kg:produces", cyt, pub)
    proc = f"il2:synth-process-{i}"
    word = _PROCESS_WORDS[i % len(_PROCESS_WORDS)]
    w.entity(
        proc,
        "il2kg:BiologicalProcess",
        f"synthetic T cell subset {i} {word}",
        f"The {word} of synthetic T cell subset {i}.",
    )
    w.t(proc, "skos:exactMatch", f"obo:GO_{5_000_000 + i:07d}")
    eff = f"il2:synth-effect-{i}"
    w.entity(
        eff,
        "il2kg:CytokineEffect",
        f"IL-{k} drives {word} of T cell subset {i}",
        f"Synthetic cytokine {k} drives the {word} of T cell subset {i}.",
    )
    w.t(eff, "il2kg:effectOnCellType", cell)
    w.t(eff, "il2kg:effectProcess", proc)
    w.t(eff, "dcterms:source", pub)
    w.t(cyt, "il2kg:hasEffect", eff)
    w.t(cyt, "il2kg:hasGeneralEffect", eff)

    # A disease, and an antibody against the first chain with an indication and an adverse effect.
    dis = f"il2:synth-disease-{i}"
    w.entity(
        dis,
        "il2kg:Disease",
        f"synthetic disease {i}",
        f"A synthetic disease number {i} treated by blocking receptor {k}.",
    )
    w.t(dis, "skos:broadMatch", f"obo:MONDO_{5_000_000 + i:07d}")
    if i % 3 == 0:  # a monogenic disease of the first chain: the disrupts-signalling chain applies
        w.t(dis, "il2kg:hasMonogenicCauseIn", chains[0])
        w.axiom(dis, "il2kg:hasMonogenicCauseIn", chains[0], pub)
    drug = f"il2:synth-drug-{i}"
    w.entity(
        drug,
        "il2kg:HumanizedMonoclonalAntibody",
        f"synthizumab-{i}",
        f"A synthetic humanized antibody against receptor chain IL-{k}RA.",
    )
    w.t(drug, "skos:altLabel", _lit(f"anti-IL-{k}RA antibody"))
    w.t(drug, "skos:exactMatch", f"<https://go.drugbank.com/drugs/DB{i % 100000:05d}>")
    w.t(drug, "skos:exactMatch", f"<http://identifiers.org/chembl.compound/CHEMBL{9_000_000 + i}>")
    for p, o in (
        ("il2kg:isAntagonistOf", chains[0]),
        ("il2kg:hasMechanismOfAction", "il2:IL2RAlphaBlockade"),
        ("il2kg:actsOnCellType", cell),
        ("il2kg:inhibitsProcess", proc),
        ("il2kg:administeredVia", "il2:IntravenousInfusion"),
        ("il2kg:isApprovedFor", dis),
    ):
        w.t(drug, p, o)
        w.axiom(drug, p, o, pub)
    ind = f"il2:synth-ind-{i}"
    w.entity(
        ind,
        "il2kg:Indication",
        f"synthizumab-{i} for synthetic disease {i}",
        f"Synthizumab-{i} as treatment of synthetic disease {i}.",
    )
    w.t(ind, "il2kg:indicationFor", dis)
    status = rng.choice(_STATUS)
    w.t(ind, "il2kg:hasApprovalStatus", status)
    if status in ("il2:Approved", "il2:Withdrawn"):
        w.t(ind, "il2kg:regulatoryAgency", "il2:FDA")
        w.t(ind, "il2kg:approvalYear", str(1980 + i % 45))
    w.t(ind, "il2kg:hasUseIntent", rng.choice(_INTENT))
    w.t(ind, "dcterms:source", pub)
    w.t(drug, "il2kg:hasIndication", ind)
    ae = f"il2:synth-ae-{i}"
    w.entity(
        ae,
        "il2kg:AdverseEffect",
        f"worsening of synthetic disease {i} with synthizumab-{i}",
        f"Synthizumab-{i} can make synthetic disease {i} worse.",
    )
    w.t(ae, "il2kg:adverseCondition", dis)
    w.t(ae, "il2kg:isWorsening", "true")
    w.t(ae, "dcterms:source", pub)
    w.t(drug, "il2kg:hasAdverseEffect", ae)


def _gene(w: _Writer, symbol: str, product: str, number: int, pub: str) -> None:
    gene = f"il2:synth-{symbol}-gene"
    w.entity(gene, "il2kg:Gene", f"{symbol} gene", f"The synthetic gene that encodes {symbol}.")
    w.t(gene, "il2kg:geneSymbol", f'"{symbol}"')
    hgnc = 10_000 + number % 90_000  # HGNC identifiers have at most five digits
    w.t(gene, "skos:exactMatch", f"<https://identifiers.org/hgnc:{hgnc}>")
    w.t(gene, "skos:exactMatch", f"<http://identifiers.org/ncbigene/{number}>")
    w.t(gene, "il2kg:hasGeneProduct", product)
    w.axiom(gene, "il2kg:hasGeneProduct", product, pub)


def iter_chunks(triples: int, seed: int = 0) -> Iterator[str]:
    """Yield the Turtle text of a graph of about ``triples`` triples (never fewer)."""
    rng = random.Random(seed)  # noqa: S311 - reproducible data, not secrets
    yield PREFIXES
    w = _Writer()
    i = 0
    while w.count < triples:
        _family(w, i, rng)
        i += 1
        if len(w.lines) >= 20_000:
            yield "".join(w.lines)
            w.lines.clear()
    yield "".join(w.lines)


def generate(triples: int, out: Path, seed: int = 0) -> int:
    """Write the graph to ``out``; return the number of triples written."""
    count = 0
    with out.open("w", encoding="utf-8") as fh:
        for chunk in iter_chunks(triples, seed):
            fh.write(chunk)
            count += chunk.count(" .\n") if not chunk.startswith("@prefix") else 0
    return count


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", type=int, default=10_000, help="about how many triples")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    n = generate(args.triples, args.out, args.seed)
    print(f"wrote {n} triples to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
