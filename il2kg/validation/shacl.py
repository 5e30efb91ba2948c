"""The SHACL half of validation: pySHACL with the shipped shapes, shared among forked workers.

pySHACL runs with SHACL-AF enabled (so SPARQL-based constraints work) and no inference, on the
union of all loaded files (or on it with its closure, for ``validate(reasoning=True)``).
"""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from typing import Any

from rdflib import RDF, BNode, Graph, Literal, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from il2kg.config import display_path, shapes_file
from il2kg.graph import KnowledgeGraph, language_rank
from il2kg.grouping import connected_groups
from il2kg.parsing import parse_into
from il2kg.terms import expand
from il2kg.validation.report import Finding, render_path, short, term_text

__all__ = ["about_asserted", "count_shapes", "shacl_findings", "shapes_graph"]

_SEVERITY_IRIS = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}


def shapes_graph(kg: KnowledgeGraph) -> Graph:
    """The shapes of ``kg``'s data root, parsed."""
    location = shapes_file(kg.root)
    shapes = Graph()
    parse_into(shapes, location, display_path(location, kg.root))
    return shapes


def count_shapes(shapes: Graph) -> int:
    """The number of node and property shapes, named or blank."""
    found: set[Node] = set(shapes.subjects(RDF.type, SH.NodeShape))
    found.update(shapes.subjects(RDF.type, SH.PropertyShape))
    found.update(shapes.objects(None, SH.property))
    found.update(shapes.objects(None, SH.node))
    return len(found)


# Shapes about what curators assert: with reasoning, only findings on asserted triples count.
_ASSERTED_ONLY = {"https://w3id.org/il2kg/shapes/RelationProvenanceShape"}


def about_asserted(finding: Finding, asserted: Graph) -> bool:
    """Whether ``finding`` counts when validating with the closure (see ``_ASSERTED_ONLY``)."""
    if finding.source not in _ASSERTED_ONLY or not finding.path or not finding.value:
        return True
    predicate = URIRef(expand(finding.path) or finding.path)
    return (URIRef(finding.focus), predicate, URIRef(finding.value)) in asserted


def shacl_findings(
    kg: KnowledgeGraph, shapes: Graph, data: Graph, *, workers: int = 1
) -> list[Finding]:
    """PySHACL's findings; with ``workers`` > 1 the shapes are shared among forked processes.

    Each shape's results depend on that shape and the data alone, so validating the shapes
    in groups and joining the findings gives what one run gives (tested).
    """
    import pyshacl  # noqa: F401 - imported once, before any fork

    groups = _shape_groups(shapes, workers)
    if len(groups) < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return _pyshacl_findings(kg, shapes, data, None)
    _FORKED.update(kg=kg, shapes=shapes, data=data)
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(workers - 1, mp_context=context) as pool:
            others = [pool.submit(_forked_findings, group) for group in groups[1:]]
            findings = _pyshacl_findings(kg, shapes, data, groups[0])
            for other in others:
                findings.extend(other.result())
    finally:
        _FORKED.clear()
    return findings


# What a forked worker validates: set just before the fork, inherited, never pickled.
_FORKED: dict[str, Any] = {}


def _forked_findings(group: list[URIRef]) -> list[Finding]:
    return _pyshacl_findings(_FORKED["kg"], _FORKED["shapes"], _FORKED["data"], group)


_TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target)


def _shape_groups(shapes: Graph, workers: int) -> list[list[URIRef]]:
    """Share the named shapes among ``workers`` groups, keeping connected shapes together.

    Shapes that refer to one another (through sh:property, sh:node, sh:or ... lists and
    blank nodes) go to the same group. Fewer than two groups when that is not possible:
    one worker, a single group of connected shapes, or a shape that is a blank node
    (pySHACL cannot be told to use it).
    """
    found: set[Node] = set(shapes.subjects(RDF.type, SH.NodeShape))
    found.update(shapes.subjects(RDF.type, SH.PropertyShape))
    for target in _TARGETS:
        found.update(shapes.subjects(target, None))
    if workers < 2 or any(isinstance(shape, BNode) for shape in found):
        return []
    named = sorted(shape for shape in found if isinstance(shape, URIRef))
    known = set(named)
    links = [(shape, other) for shape in named for other in _referenced(shapes, shape, known)]
    components = connected_groups(named, links)
    groups: list[list[URIRef]] = [[] for _ in range(workers)]
    for component in sorted(components, key=lambda c: (-len(c), c[0])):
        min(groups, key=len).extend(component)
    return [group for group in groups if group]


def _referenced(shapes: Graph, shape: URIRef, named: set[URIRef]) -> set[URIRef]:
    """The named shapes among the objects reachable from ``shape`` through blank nodes."""
    seen: set[Node] = set()
    found: set[URIRef] = set()
    stack: list[Node] = [shape]
    while stack:
        node = stack.pop()
        for _, obj in shapes.predicate_objects(node):
            if isinstance(obj, URIRef) and obj in named and obj != shape:
                found.add(obj)
            elif isinstance(obj, BNode) and obj not in seen:
                seen.add(obj)
                stack.append(obj)
    return found


def _pyshacl_findings(
    kg: KnowledgeGraph, shapes: Graph, data: Graph, use_shapes: list[URIRef] | None
) -> list[Finding]:
    from pyshacl import validate as shacl_validate  # a slow import: only when validating

    from il2kg.validation.parse_cache import parse_once

    with parse_once():  # pySHACL passes each SPARQL text once per focus node
        _conforms, results, _text = shacl_validate(
            data,
            shacl_graph=shapes,
            inference="none",
            advanced=True,
            allow_warnings=True,
            abort_on_first=False,
            use_shapes=None if use_shapes is None else list[str | URIRef](use_shapes),
        )
    if not isinstance(results, Graph):  # pragma: no cover - pySHACL returns a Graph here
        raise TypeError(f"pySHACL returned {type(results).__name__}, not a results graph")
    findings = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        focus = results.value(result, SH.focusNode)
        severity = _SEVERITY_IRIS.get(_uri(results.value(result, SH.resultSeverity)), "Violation")
        path_node = results.value(result, SH.resultPath)
        value = results.value(result, SH.value)
        messages = [m for m in results.objects(result, SH.resultMessage) if isinstance(m, Literal)]
        component = results.value(result, SH.sourceConstraintComponent)
        message = (
            str(min(messages, key=language_rank))
            if messages
            else f"fails {short(str(component)) if component else 'a constraint'}"
        )
        findings.append(
            Finding(
                severity=severity,
                focus=term_text(focus) or "",
                focus_label=kg.label(focus) if focus is not None else "",
                path=render_path(results, path_node) if path_node is not None else None,
                value=term_text(value),
                message=message,
                source=_source_shape(shapes, results.value(result, SH.sourceShape)),
                files=tuple(kg.graph_of(focus)) if focus is not None else (),
            )
        )
    return findings


def _uri(node: Node | None) -> URIRef:
    return node if isinstance(node, URIRef) else URIRef("")


def _source_shape(shapes: Graph, shape: Node | None) -> str:
    if shape is None:
        return ""
    if isinstance(shape, BNode):  # pySHACL keeps the blank node's id when copying it
        for parent in shapes.subjects(SH.property, shape):
            if isinstance(parent, URIRef):
                return str(parent)
        return f"_:{shape}"
    return str(shape)
