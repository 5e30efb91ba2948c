"""render_docs(): one self-contained HTML page that documents every term of the ontology."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from importlib.resources import files

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS
from subprocesses import digest, digest_in_fresh_process

from il2kg.graph import KnowledgeGraph
from il2kg.release.docs_html import render_docs
from il2kg.terms import IL2KG

KINDS = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)


class Page(HTMLParser):
    """Collect, per element id, the visible text inside it; and every tag with its attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: dict[str, list[str]] = {}
        self.open: list[tuple[str, str | None]] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.ids: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.separate(tag)
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        anchor = attributes.get("id")
        if anchor:
            self.ids.append(anchor)
            self.texts[anchor] = []
        if tag not in {"meta", "br", "img", "link", "input", "hr"}:
            self.open.append((tag, anchor))

    def handle_endtag(self, tag: str) -> None:
        self.separate(tag)
        while self.open:
            name, _ = self.open.pop()
            if name == tag:
                break

    def separate(self, tag: str) -> None:
        """Table cells, list items and headings are separate words."""
        if tag in {"th", "td", "li", "tr", "h1", "h2", "h3", "p", "ul"}:
            self.handle_data(" ")

    def handle_data(self, data: str) -> None:
        for _, anchor in self.open:
            if anchor:
                self.texts[anchor].append(data)

    def text(self, anchor: str) -> str:
        return " ".join("".join(self.texts[anchor]).split())


@pytest.fixture(scope="module")
def page(shipped_kg: KnowledgeGraph) -> str:
    return render_docs(shipped_kg)


@pytest.fixture(scope="module")
def parsed(page: str) -> Page:
    parser = Page()
    parser.feed(page)
    parser.close()
    return parser


@pytest.fixture(scope="module")
def ontology(shipped_kg: KnowledgeGraph) -> Graph:
    """The ontology file alone, parsed afresh: the terms the page must document."""
    return Graph().parse(shipped_kg.root / "ontology" / "il2kg.ttl", format="turtle")


def namespace_terms(ontology: Graph) -> set[URIRef]:
    return {
        term
        for kind in KINDS
        for term in ontology.subjects(RDF.type, kind)
        if isinstance(term, URIRef) and str(term).startswith(str(IL2KG))
    }


def english(graph: Graph, term: URIRef, predicate: URIRef) -> str:
    values = [v for v in graph.objects(term, predicate) if isinstance(v, Literal)]
    assert len(values) == 1, f"{term} has {len(values)} {predicate}"
    return " ".join(str(values[0]).split())


def test_every_class_and_property_has_a_section_with_iri_label_and_definition(
    parsed: Page, ontology: Graph
) -> None:
    terms = namespace_terms(ontology)
    assert len(terms) > 200
    for term in terms:
        anchor = str(term)[len(str(IL2KG)) :]
        assert anchor in parsed.texts, f"no section for {term}"
        text = parsed.text(anchor)
        assert str(term) in text
        assert english(ontology, term, RDFS.label) in text, term
        assert english(ontology, term, SKOS.definition) in text, term


def test_synonyms_relations_and_class_expressions_are_written_out(parsed: Page) -> None:
    gamma = parsed.text("CommonGammaChainCytokine")
    assert "\u03b3c cytokine" in gamma  # gamma-c cytokine
    assert (
        "cytokine and (has receptor some (has chain value "
        "interleukin-2 receptor subunit gamma))" in gamma
    )
    assert "Superclasses cytokine" in gamma
    complex_ = parsed.text("ReceptorComplex")
    assert "has chain some receptor chain" in complex_
    assert "Disjoint with signalling complex" in complex_
    assert "Domain of" in complex_ and "has affinity class" in complex_
    assert "{low affinity, intermediate affinity, high affinity}" in parsed.text("AffinityClass")

    part_of = parsed.text("partOf")
    assert "Characteristics Transitive" in part_of
    assert "Inverse of part of" in parsed.text("hasPart")  # stated on partOf only
    assert "exact match BFO:0000050" in part_of
    targets = parsed.text("targets")
    assert "Implied by chain targets o is chain of" in targets
    assert "broad match RO:0002436" in targets
    assert "is agonist of" in targets and "is antagonist of" in targets  # sub-properties
    interaction = parsed.text("hasNoSeriousInteractionWith")
    assert "Domain therapeutic or drug class" in interaction
    assert "Symmetric" in interaction
    assert "Super-properties skos:altLabel" in parsed.text("brandName")


def test_table_of_contents_lists_every_term(parsed: Page, ontology: Graph) -> None:
    toc = parsed.text("toc")
    for term in namespace_terms(ontology):
        assert english(ontology, term, RDFS.label) in toc


def test_every_internal_link_resolves_and_ids_are_unique(page: str, parsed: Page) -> None:
    assert len(parsed.ids) == len(set(parsed.ids))
    targets = {
        attrs["href"][1:]
        for _, attrs in parsed.tags
        if (attrs.get("href") or "").startswith("#")  # type: ignore[union-attr]
    }
    assert targets - set(parsed.ids) == set()
    assert len(targets) > 250


def test_the_page_fetches_nothing(page: str, parsed: Page) -> None:
    assert "<script src=" not in page.lower()
    assert not re.search(r"<link[^>]+href=[\"']?https?:", page, re.IGNORECASE)
    for tag, attrs in parsed.tags:
        assert tag not in {"script", "iframe", "img", "object", "embed"}
        if tag == "link":
            assert not (attrs.get("href") or "").startswith(("http", "//"))
    styles = page[page.index("<style>") : page.index("</style>")]
    assert "@import" not in styles and "url(" not in styles


def test_the_metadata_header(parsed: Page, page: str) -> None:
    title = page[page.index("<h1>") + 4 : page.index("</h1>")]
    assert title == "il2kg: an ontology of interleukin-2 biology and therapeutics"
    header = parsed.text("ontology")
    for fact in (
        "Version 0.1.0",
        "Version IRI https://w3id.org/il2kg/ontology/0.1.0",
        "License https://creativecommons.org/licenses/by/4.0/",
        "Creators The il2kg contributors",
        "Modified 2026-11-21",
        "Classes and relations for a knowledge graph of interleukin-2",
    ):
        assert fact in header


def test_templates_ship_inside_the_package() -> None:
    folder = files("il2kg.release").joinpath("templates")
    assert folder.joinpath("docs.html").is_file()
    assert folder.joinpath("docs.css").is_file()


def test_two_runs_give_the_same_bytes(page: str) -> None:
    imports = "from il2kg.graph import load_graph; from il2kg.release.docs_html import render_docs"
    fresh = digest_in_fresh_process(imports, "render_docs(load_graph())", "777")
    assert fresh == digest(page)
