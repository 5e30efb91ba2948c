"""Byte-stable writers for the exports: N-Triples, N-Quads, Turtle, TriG and RDF/XML.

Every writer takes statements whose blank nodes already carry stable labels and returns the
same text for the same statements, whatever order they come in and whatever the process's
hash seed. N-Triples, N-Quads and RDF/XML are written here, sorted; Turtle is rdflib's
serializer (which sorts subjects, properties and objects itself) on a graph with fixed
prefix bindings; TriG is the Turtle of each named graph, in a fixed graph order, under one
set of prefixes (rdflib's own TriG serializer orders graphs by hash).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import cache
from xml.sax.saxutils import escape, quoteattr

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import split_uri
from rdflib.term import Node

from il2kg.errors import ExportError
from il2kg.terms import PREFIXES

__all__ = [
    "Statement",
    "bindings_for",
    "nt_term",
    "sort_key",
    "write_nquads",
    "write_ntriples",
    "write_rdfxml",
    "write_trig",
    "write_turtle",
]

Statement = tuple[Node, Node, Node, "Node | None"]
"""Subject, predicate, object and named graph (``None`` in a flattened export)."""

Triple = tuple[Node, Node, Node]

_NCNAME = re.compile(r"[^\W\d][\w.\-]*\Z")
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_NT_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def nt_term(term: Node | None) -> str:
    r"""Return a term in N-Triples syntax (``""`` for ``None``, the default graph).

    >>> nt_term(Literal('say "hi"\n', lang="en"))
    '"say \\"hi\\"\\n"@en'
    """
    if term is None:
        return ""
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    if isinstance(term, Literal):
        quoted = '"' + str(term).translate(_NT_ESCAPES) + '"'
        if term.language:
            return f"{quoted}@{term.language}"
        return f"{quoted}^^<{term.datatype}>" if term.datatype else quoted
    raise ExportError(f"cannot export the term {term!r}: not an IRI, blank node or literal")


def sort_key(term: Node | None) -> tuple[int, str, str, str]:
    """A total order on terms: IRIs, then blank nodes, then literals, each by text."""
    if term is None:
        return (-1, "", "", "")
    if isinstance(term, Literal):
        return (3, str(term), str(term.datatype or ""), term.language or "")
    return (1 if isinstance(term, URIRef) else 2, str(term), "", "")


def _lines(statements: Iterable[Statement], with_graph: bool) -> str:
    rows = set()
    for s, p, o, g in statements:
        graph = f" {nt_term(g)}" if with_graph and g is not None else ""
        rows.add(f"{nt_term(s)} {nt_term(p)} {nt_term(o)}{graph} .\n")
    return "".join(sorted(rows))


def write_ntriples(statements: Iterable[Statement]) -> str:
    """N-Triples, one sorted line per distinct triple (graphs are ignored)."""
    return _lines(statements, with_graph=False)


def write_nquads(statements: Iterable[Statement]) -> str:
    """N-Quads, one sorted line per distinct quad."""
    return _lines(statements, with_graph=True)


def _qname(iri: str, bindings: Sequence[tuple[str, str]]) -> str | None:
    """``prefix:local`` with the longest bound namespace whose local part is an NCName."""
    fitting = [
        (len(namespace), prefix, namespace)
        for prefix, namespace in bindings
        if iri.startswith(namespace) and _NCNAME.match(iri[len(namespace) :])
    ]
    if not fitting:
        return None
    _length, prefix, namespace = max(fitting)
    return f"{prefix}:{iri[len(namespace) :]}"


def bindings_for(statements: Iterable[Statement]) -> list[tuple[str, str]]:
    """The prefixes an export binds: those of :data:`PREFIXES` its IRIs use, in that order.

    A predicate that no such prefix abbreviates to ``prefix:NCName`` (RDF/XML needs one)
    gets the prefix rdflib knows for its namespace (``vann``), else a generated one (``ns1``,
    ``ns2`` … numbered in the order of the namespace IRIs).
    """
    iris: set[str] = set()
    predicates: set[str] = set()
    for s, p, o, g in statements:
        predicates.add(str(p))
        for term in (s, p, o, g):
            if isinstance(term, URIRef):
                iris.add(str(term))
            elif isinstance(term, Literal) and term.datatype:
                iris.add(str(term.datatype))
    used = [  # rdf always: RDF/XML needs it
        (k, ns) for k, ns in PREFIXES.items() if k == "rdf" or any(i.startswith(ns) for i in iris)
    ]
    extra: set[str] = set()
    for predicate in predicates:
        if _qname(predicate, used) is None:
            try:
                namespace, _local = split_uri(URIRef(predicate))
            except ValueError:
                continue  # only RDF/XML needs a split; it reports the predicate
            extra.add(namespace)
    taken = {prefix for prefix, _ in used}
    known = _well_known()
    number = 0
    for namespace in sorted(extra):
        prefix = known.get(namespace, "")
        if not prefix or prefix in taken:
            number += 1
            while f"ns{number}" in taken:
                number += 1
            prefix = f"ns{number}"
        taken.add(prefix)
        used.append((prefix, namespace))
    return used


@cache
def _well_known() -> dict[str, str]:
    """Namespace → prefix for the vocabularies rdflib knows (``vann``, ``void``, ``dcat`` …)."""
    return {str(ns): prefix for prefix, ns in Graph(bind_namespaces="rdflib").namespaces()}


def _graph(triples: Iterable[Triple], bindings: Sequence[tuple[str, str]]) -> Graph:
    graph = Graph(bind_namespaces="none")
    for prefix, namespace in bindings:
        graph.bind(prefix, namespace, override=True, replace=True)
    for triple in sorted(set(triples), key=lambda t: tuple(map(sort_key, t))):
        graph.add(triple)
    return graph


def write_turtle(statements: Iterable[Statement], bindings: Sequence[tuple[str, str]]) -> str:
    """Turtle by rdflib's serializer: sorted subjects, properties and objects."""
    triples = [(s, p, o) for s, p, o, _ in statements]
    return _graph(triples, bindings).serialize(format="turtle")


def write_trig(
    statements: Iterable[Statement],
    bindings: Sequence[tuple[str, str]],
    graph_order: Sequence[Node],
) -> str:
    """TriG: the prefixes once, then each named graph's Turtle, in ``graph_order``."""
    by_graph: dict[Node | None, list[Triple]] = {}
    for s, p, o, g in statements:
        by_graph.setdefault(g, []).append((s, p, o))
    unknown = set(by_graph) - set(graph_order)
    if unknown:
        raise ExportError(f"statements in graphs not in the export's graph order: {unknown}")
    header = [f"@prefix {prefix}: <{namespace}> .\n" for prefix, namespace in bindings]
    parts = []
    for name in graph_order:
        if name not in by_graph:
            continue
        body = _graph(by_graph[name], bindings).serialize(format="turtle").splitlines()
        while body and (body[0].startswith("@prefix ") or not body[0].strip()):
            line = body.pop(0) + "\n"
            if line.strip() and line not in header:  # a prefix rdflib made up: declare it too
                header.append(line)
        text = "\n".join(body).rstrip()
        parts.append(f"\n{nt_term(name)} {{\n{text}\n}}\n")
    return "".join(header + parts)


def _xml_text(value: str, what: str) -> str:
    if _XML_INVALID.search(value):
        raise ExportError(f"{what} holds a character XML 1.0 cannot carry: {value!r}")
    return value


def _attr(value: str, what: str) -> str:
    return quoteattr(_xml_text(value, what), {"\n": "&#10;", "\r": "&#13;", "\t": "&#9;"})


def write_rdfxml(statements: Iterable[Statement], bindings: Sequence[tuple[str, str]]) -> str:
    """Flat RDF/XML: one sorted ``rdf:Description`` per subject, properties sorted."""
    by_subject: dict[Node, set[tuple[Node, Node]]] = {}
    for s, p, o, _ in statements:
        by_subject.setdefault(s, set()).add((p, o))
    names: dict[Node, str] = {}
    for pairs in by_subject.values():
        for predicate, _ in pairs:
            if predicate not in names:
                qname = _qname(str(predicate), bindings)
                if qname is None:
                    raise ExportError(
                        f"the predicate <{predicate}> cannot be written in RDF/XML: "
                        "its IRI does not end in an XML name"
                    )
                names[predicate] = qname
    declared = {name.split(":", 1)[0] for name in names.values()} | {"rdf"}
    out = ['<?xml version="1.0" encoding="utf-8"?>\n<rdf:RDF']
    for prefix, namespace in bindings:
        if prefix in declared:
            out.append(f"\n  xmlns:{prefix}={_attr(namespace, 'a namespace')}")
    out.append(">\n")
    for subject in sorted(by_subject, key=sort_key):
        if isinstance(subject, BNode):
            out.append(f'  <rdf:Description rdf:nodeID="{subject}">\n')
        else:
            out.append(f"  <rdf:Description rdf:about={_attr(str(subject), 'an IRI')}>\n")
        for predicate, obj in sorted(by_subject[subject], key=lambda po: tuple(map(sort_key, po))):
            out.append(_property(names[predicate], obj))
        out.append("  </rdf:Description>\n")
    out.append("</rdf:RDF>\n")
    return "".join(out)


def _property(name: str, obj: Node) -> str:
    if isinstance(obj, BNode):
        return f'    <{name} rdf:nodeID="{obj}"/>\n'
    if isinstance(obj, URIRef):
        return f"    <{name} rdf:resource={_attr(str(obj), 'an IRI')}/>\n"
    if not isinstance(obj, Literal):
        raise ExportError(f"cannot export the term {obj!r}")
    attributes = ""
    if obj.language:
        attributes = f' xml:lang="{obj.language}"'
    elif obj.datatype:
        attributes = f" rdf:datatype={_attr(str(obj.datatype), 'a datatype IRI')}"
    text = escape(_xml_text(str(obj), "a literal"), {"\r": "&#13;"})
    return f"    <{name}{attributes}>{text}</{name}>\n"
