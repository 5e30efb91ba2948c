"""Render the ontology as one self-contained HTML page: every class and property, explained.

:func:`render_docs` lists every class, object, datatype and annotation property of the il2kg
namespace (and the few terms of other vocabularies the ontology labels and defines, such as
``prov:Agent``), plus the named individuals the ontology itself declares, with their label,
IRI, CURIE, definition and synonyms. Classes show their superclasses, subclasses, equivalent
classes, disjoint classes and the properties whose domain or range they are; properties their
characteristics, domain, range, inverse, super- and sub-properties, property chains and their
alignments (SKOS mappings to RO and BFO). Class expressions are written in words, in the style of
the Manchester syntax: ``cytokine and (has receptor some (has chain value IL-2R gamma))``.

The page has the ontology's metadata as its header and a table of contents with anchors; its
CSS is inlined and it loads no script, font or stylesheet from anywhere. The same graph gives
the same bytes. (pyLODE was tried first: its latest release does not import, and the one
before it writes blank-node identifiers into the page, so the output changes from run to run,
and it leaves out the SKOS alignments.)
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable
from importlib.resources import files
from string import Template

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SKOS
from rdflib.term import Node

from il2kg._version import __version__
from il2kg.graph import KnowledgeGraph
from il2kg.release.metadata import OntologyMetadata, ontology_metadata
from il2kg.release.sssom import MAPPING_PREDICATES, compress
from il2kg.terms import IL2KG

__all__ = ["KINDS", "documented_terms", "render_docs"]

KINDS: tuple[tuple[str, str, str, URIRef], ...] = (
    ("classes", "Classes", "c", OWL.Class),
    ("object-properties", "Object properties", "op", OWL.ObjectProperty),
    ("datatype-properties", "Datatype properties", "dp", OWL.DatatypeProperty),
    ("annotation-properties", "Annotation properties", "ap", OWL.AnnotationProperty),
    ("individuals", "Named individuals", "ni", OWL.NamedIndividual),
)
"""The page's sections: anchor, heading, badge and the ``rdf:type`` of their terms."""

# fmt: off
_CHARACTERISTICS = ("Functional", "InverseFunctional", "Transitive", "Symmetric", "Asymmetric",
                    "Reflexive", "Irreflexive")
_CARDINALITY = {"cardinality": "exactly", "minCardinality": "min", "maxCardinality": "max",
                "qualifiedCardinality": "exactly", "minQualifiedCardinality": "min",
                "maxQualifiedCardinality": "max"}
# fmt: on
_NOTES = (RDFS.comment, SKOS.scopeNote, SKOS.note, SKOS.example)


def documented_terms(kg: KnowledgeGraph) -> dict[str, list[URIRef]]:
    """Return the terms the page documents, by section anchor, each list sorted by label.

    A class or property is documented if it is in the il2kg namespace or has an
    ``rdfs:label``; a named individual if the file that declares the ontology declares it.

    >>> from il2kg.graph import load_graph
    >>> from il2kg.terms import IL2KG
    >>> terms = documented_terms(load_graph())
    >>> IL2KG.Cytokine in terms["classes"], IL2KG.partOf in terms["object-properties"]
    (True, True)
    """
    union = kg.union()
    ontology_graphs = [kg.named_graph(s) for s in kg.files]
    ontology_graphs = [g for g in ontology_graphs if (None, RDF.type, OWL.Ontology) in g]
    found: dict[str, list[URIRef]] = {}
    for anchor, _, _, rdf_type in KINDS:
        if rdf_type == OWL.NamedIndividual:
            members = [s for g in ontology_graphs for s in g.subjects(RDF.type, rdf_type)]
        else:
            members = [
                t
                for t in union.subjects(RDF.type, rdf_type)
                if str(t).startswith(str(IL2KG)) or (t, RDFS.label, None) in union
            ]
        uris = {t for t in members if isinstance(t, URIRef)}
        found[anchor] = sorted(uris, key=lambda t: (kg.label(t).casefold(), str(t)))
    return found


def render_docs(kg: KnowledgeGraph) -> str:
    """Render the ontology's documentation as one self-contained HTML page.

    Args:
        kg: The loaded graph (the ontology, and the data whose labels name individuals).

    Returns:
        The HTML text.

    >>> from il2kg.graph import load_graph
    >>> page = render_docs(load_graph())
    >>> page.startswith("<!DOCTYPE html>"), 'id="CommonGammaChainCytokine"' in page
    (True, True)
    """
    return _Page(kg).render()


class _Page:
    def __init__(self, kg: KnowledgeGraph) -> None:
        self.kg = kg
        self.g: Graph = kg.union()
        self.terms = documented_terms(kg)
        self.anchors: dict[Node, str] = {t: _anchor(t) for ts in self.terms.values() for t in ts}
        synonym_predicates: set[Node] = {SKOS.altLabel}
        for _ in range(3):  # sub-properties of skos:altLabel, such as il2kg:brandName
            synonym_predicates |= {
                s for p in synonym_predicates for s in self.g.subjects(RDFS.subPropertyOf, p)
            }
        self.synonyms = sorted(synonym_predicates, key=str)

    def render(self) -> str:
        template = files("il2kg.release").joinpath("templates")
        meta = ontology_metadata(self.kg)
        toc, sections = [], []
        for anchor, heading, badge, _ in KINDS:
            terms = self.terms[anchor]
            toc.append(f'<h2><a href="#{anchor}">{heading}</a> ({len(terms)})</h2>\n<ul>\n')
            toc += [f"<li>{self.ref(t)}</li>\n" for t in terms]
            toc.append("</ul>\n")
            sections.append(f'<h2 class="kind" id="{anchor}">{heading}</h2>\n')
            sections += [self.term(t, badge) for t in terms]
        page = Template(template.joinpath("docs.html").read_text(encoding="utf-8"))
        return page.substitute(
            generator=_e(__version__),
            title=_e(meta.title or "Ontology documentation"),
            style=template.joinpath("docs.css").read_text(encoding="utf-8"),
            toc="".join(toc),
            header=self.header(meta),
            sections="".join(sections),
        )

    def header(self, meta: OntologyMetadata) -> str:
        prefix = f"<code>{_e(meta.preferred_prefix)}:</code> <code>{_e(str(IL2KG))}</code>"
        rows = [
            ("IRI", _link(meta.iri)),
            ("Version IRI", _link(meta.version_iri)),
            ("Version", _e(meta.version_info)),
            ("License", _link(meta.license)),
            ("Creators", ", ".join(_link(c) if "://" in c else _e(c) for c in meta.creators)),
            ("Created", _e(meta.created)),
            ("Modified", _e(meta.modified)),
            ("Preferred prefix", prefix if meta.preferred_prefix else ""),
            ("Comment", _e(meta.comment)),
        ]
        counts = ", ".join(f"{len(self.terms[a])} {h.lower()}" for a, h, _, _ in KINDS)
        return (
            f'<header id="ontology">\n<h1>{_e(meta.title)}</h1>\n'
            f'<p class="description">{_e(meta.description)}</p>\n'
            f"{_table(rows)}<p>This page documents {counts}.</p>\n</header>\n"
        )

    def term(self, term: URIRef, badge: str) -> str:
        g = self.g
        rows = [
            ("IRI", f"<code>{_e(str(term))}</code>"),
            ("CURIE", f"<code>{_e(compress(str(term)).curie)}</code>"),
            ("Definition", self.texts(g.objects(term, SKOS.definition))),
            ("Synonyms", self.texts(o for p in self.synonyms for o in g.objects(term, p))),
            ("Note", self.texts(o for p in _NOTES for o in g.objects(term, p))),
        ]
        if badge == "c":
            rows += self.class_rows(term)
        elif badge == "ni":
            rows.append(
                ("Member of", self.refs(g.objects(term, RDF.type), skip={OWL.NamedIndividual}))
            )
        else:
            rows += self.property_rows(term)
        mappings = [
            f"{p[len(str(SKOS)) : -len('Match')]} match {_link(str(o), compress(str(o)).curie)}"
            for p in MAPPING_PREDICATES
            for o in sorted(g.objects(term, p), key=str)
        ]
        rows.append(("Mappings", _list(mappings)))
        return (
            f'<section class="term" id="{self.anchors[term]}">\n<h3>{_e(self.kg.label(term))}'
            f' <span class="badge {badge}">{badge}</span></h3>\n{_table(rows)}</section>\n'
        )

    def class_rows(self, term: URIRef) -> list[tuple[str, str]]:
        g = self.g
        disjoint = set(g.objects(term, OWL.disjointWith)) | set(g.subjects(OWL.disjointWith, term))
        for group in g.subjects(RDF.type, OWL.AllDisjointClasses):
            members = list(Collection(g, g.value(group, OWL.members) or RDF.nil))
            if term in members:
                disjoint |= set(members) - {term}
        domain_of = [
            p for p in g.subjects(RDFS.domain) if term in self.operands(g.value(p, RDFS.domain))
        ]
        range_of = [
            p for p in g.subjects(RDFS.range) if term in self.operands(g.value(p, RDFS.range))
        ]
        return [
            ("Superclasses", self.refs(g.objects(term, RDFS.subClassOf))),
            ("Subclasses", self.refs(g.subjects(RDFS.subClassOf, term))),
            ("Equivalent to", self.refs(g.objects(term, OWL.equivalentClass))),
            ("Disjoint with", self.refs(disjoint)),
            ("Domain of", self.refs(domain_of)),
            ("Range of", self.refs(range_of)),
            ("Members", self.refs(m for m in g.subjects(RDF.type, term) if m in self.anchors)),
        ]

    def property_rows(self, term: URIRef) -> list[tuple[str, str]]:
        g = self.g
        traits = [c for c in _CHARACTERISTICS if (term, RDF.type, OWL[f"{c}Property"]) in g]
        inverse = set(g.objects(term, OWL.inverseOf)) | set(g.subjects(OWL.inverseOf, term))
        chains = [
            ' <span class="kw">o</span> '.join(self.expr(p, True) for p in Collection(g, chain))
            for chain in g.objects(term, OWL.propertyChainAxiom)
        ]
        return [
            ("Characteristics", _e(", ".join(traits))),
            ("Domain", self.refs(g.objects(term, RDFS.domain))),
            ("Range", self.refs(g.objects(term, RDFS.range))),
            ("Inverse of", self.refs(inverse)),
            ("Super-properties", self.refs(g.objects(term, RDFS.subPropertyOf))),
            ("Sub-properties", self.refs(g.subjects(RDFS.subPropertyOf, term))),
            ("Implied by chain", _list(sorted(chains))),
        ]

    def operands(self, node: Node | None) -> set[Node]:
        """The class itself, or the members of a union."""
        union = self.g.value(node, OWL.unionOf) if isinstance(node, BNode) else None
        return set(Collection(self.g, union)) if union is not None else {node} if node else set()

    def refs(self, nodes: Iterable[Node], skip: frozenset[Node] | set[Node] = frozenset()) -> str:
        return _list(sorted({self.expr(n) for n in nodes if n not in skip}, key=_text_key))

    def texts(self, values: Iterable[Node]) -> str:
        return _list(sorted({_e(str(v)) for v in values}, key=str.casefold))

    def ref(self, node: Node) -> str:
        if isinstance(node, Literal):
            return _e(str(node))
        if node in self.anchors:
            return f'<a href="#{self.anchors[node]}">{_e(self.kg.label(node))}</a>'
        text = self.kg.label(node)
        short = compress(str(node)).curie
        if text == short or text == str(node):
            return _link(str(node), short)
        return f'<a href="{_e(str(node))}" title="{_e(short)}">{_e(text)}</a>'

    def expr(self, node: Node, nested: bool = False, depth: int = 0) -> str:
        """A class or property expression in words (Manchester style), as HTML."""
        g = self.g
        if not isinstance(node, BNode):
            return self.ref(node)
        if depth > 12:
            return "…"

        def sub(n: Node) -> str:
            return self.expr(n, True, depth + 1)

        def kw(word: str) -> str:
            return f' <span class="kw">{word}</span> '

        text = "anonymous class"
        if (found := g.value(node, OWL.intersectionOf)) is not None:
            text = kw("and").join(sub(n) for n in Collection(g, found))
        elif (found := g.value(node, OWL.unionOf)) is not None:
            text = kw("or").join(sub(n) for n in Collection(g, found))
        elif (found := g.value(node, OWL.complementOf)) is not None:
            text = kw("not").lstrip() + sub(found)
        elif (found := g.value(node, OWL.oneOf)) is not None:
            return "{" + ", ".join(self.ref(n) for n in Collection(g, found)) + "}"
        elif (found := g.value(node, OWL.inverseOf)) is not None:
            return kw("inverse").strip() + f" ({self.ref(found)})"
        elif (prop := g.value(node, OWL.onProperty)) is not None:
            text = self.expr(prop, True, depth + 1) + self.restriction(node, sub, kw)
        return f"({text})" if nested else text

    def restriction(self, node: BNode, sub: Callable[[Node], str], kw: Callable[[str], str]) -> str:
        g = self.g
        for predicate, word in ((OWL.someValuesFrom, "some"), (OWL.allValuesFrom, "only")):
            if (filler := g.value(node, predicate)) is not None:
                return kw(word) + sub(filler)
        if (value := g.value(node, OWL.hasValue)) is not None:
            return kw("value") + self.ref(value)
        if g.value(node, OWL.hasSelf) is not None:
            return kw("Self").rstrip()
        for name, word in _CARDINALITY.items():
            if (number := g.value(node, OWL[name])) is not None:
                filler = g.value(node, OWL.onClass) or g.value(node, OWL.onDataRange)
                return kw(word) + _e(str(number)) + (" " + sub(filler) if filler else "")
        return kw("(restriction)").rstrip()


def _anchor(term: URIRef) -> str:
    text = str(term)
    if text.startswith(str(IL2KG)):
        return text[len(str(IL2KG)) :]
    return compress(text).curie.replace(":", "_")


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _link(iri: str, text: str | None = None) -> str:
    return f'<a href="{_e(iri)}">{_e(text or iri)}</a>' if iri else ""


def _list(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return '<ul class="values">' + "".join(f"<li>{item}</li>" for item in items) + "</ul>"


def _table(rows: list[tuple[str, str]]) -> str:
    body = "".join(
        f"<tr><th>{_e(name)}</th><td>{value}</td></tr>\n" for name, value in rows if value
    )
    return f"<table>\n{body}</table>\n"


def _text_key(fragment: str) -> tuple[str, str]:
    """Sort HTML fragments by their visible text, then by their markup."""
    return re.sub(r"<[^>]*>", "", fragment).casefold(), fragment
