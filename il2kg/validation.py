"""Validate a loaded graph with the SHACL shapes and the SPARQL quality checks.

Two kinds of findings end up in one :class:`ValidationReport`:

* the results of pySHACL run with ``ontology/shapes.ttl`` on the union of all loaded
  files (SHACL-AF enabled, so SPARQL-based constraints work; no inference);
* the rows of each quality check ``queries/checks/*-violation.rq``: a SPARQL SELECT of
  which every row is a finding. ``?focus`` is the focus node; ``?value``, ``?path`` and
  ``?message`` are optional. Header comments give the defaults:
  ``#+ summary: ...`` (the message when the row has no ``?message``) and
  ``#+ severity: Violation|Warning|Info`` (``Violation`` if absent).
"""

from __future__ import annotations

import multiprocessing
import os
import re
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from rdflib import RDF, BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SH
from rdflib.term import Node

from il2kg.errors import LoadError
from il2kg.load import KnowledgeGraph, parse_into
from il2kg.namespaces import PREFIXES, curie
from il2kg.paths import check_files, display_path, shapes_file
from il2kg.results import QueryResult

__all__ = ["SEVERITIES", "Finding", "ValidationReport", "validate"]

SEVERITIES: tuple[str, ...] = ("Violation", "Warning", "Info")
"""The severities, most severe first. Only ``Violation`` makes a graph not conform."""

_SEVERITY_IRIS = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}
_MAX_PATH_DEPTH = 20
_HEADER = re.compile(r"^#\+\s*([A-Za-z_-]+)\s*:\s*(.*?)\s*$")


@dataclass(frozen=True)
class Finding:
    """One problem found by a shape or a quality check.

    Attributes:
        severity: ``"Violation"``, ``"Warning"`` or ``"Info"``.
        focus: The focus node: an IRI, ``_:id`` for a blank node, or ``""`` if a check
            row did not bind ``?focus``.
        focus_label: Its label (see :meth:`~il2kg.load.KnowledgeGraph.label`).
        path: The property path involved, in CURIE/SPARQL path notation, if any.
        value: The offending value (an IRI or a literal's lexical form), if any.
        message: What is wrong.
        source: The IRI of the shape (for a blank property shape, of the node shape
            holding it), or the check's file name.
        files: The files stating triples about the focus node.
    """

    severity: str
    focus: str
    focus_label: str
    path: str | None
    value: str | None
    message: str
    source: str
    files: tuple[str, ...]


@dataclass(frozen=True)
class ValidationReport:
    """The outcome of :func:`validate`.

    Attributes:
        findings: Every finding, violations first, then warnings, then infos.
        checks_run: File names of the quality checks that were run.
        shapes_run: How many shapes (node and property shapes) the shapes graph holds.
    """

    findings: tuple[Finding, ...]
    checks_run: tuple[str, ...]
    shapes_run: int

    @property
    def conforms(self) -> bool:
        """Whether there is no finding of severity ``Violation`` (warnings are fine)."""
        return not self.violations

    @property
    def violations(self) -> tuple[Finding, ...]:
        """The findings of severity ``Violation``."""
        return self._of("Violation")

    @property
    def warnings(self) -> tuple[Finding, ...]:
        """The findings of severity ``Warning``."""
        return self._of("Warning")

    @property
    def infos(self) -> tuple[Finding, ...]:
        """The findings of severity ``Info``."""
        return self._of("Info")

    def _of(self, severity: str) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity == severity)

    def to_dict(self) -> dict[str, Any]:
        """Return the report as JSON-ready data."""
        return {
            "conforms": self.conforms,
            "counts": {severity: len(self._of(severity)) for severity in SEVERITIES},
            "shapes_run": self.shapes_run,
            "checks_run": list(self.checks_run),
            "findings": [
                {**asdict(finding), "files": list(finding.files)} for finding in self.findings
            ],
        }

    def to_text(self) -> str:
        """Return the report for people: a summary line, then findings by severity."""
        counts = ", ".join(
            f"{len(self._of(s))} {s.lower()}{'' if len(self._of(s)) == 1 else 's'}"
            for s in SEVERITIES
        )
        verdict = "Conforms" if self.conforms else "Does not conform"
        lines = [
            f"{verdict}: {counts} ({self.shapes_run} shapes, {len(self.checks_run)} checks run)"
        ]
        for severity in SEVERITIES:
            group = self._of(severity)
            if not group:
                continue
            lines.append("")
            lines.append(f"{severity}s ({len(group)}):")
            for finding in group:
                lines.extend(_finding_lines(finding))
        return "\n".join(lines)


def _finding_lines(finding: Finding) -> Iterator[str]:
    focus = _short(finding.focus) if finding.focus else "(no focus node)"
    title = focus if finding.focus_label in {focus, ""} else f"{finding.focus_label} ({focus})"
    yield f"- {title}: {finding.message}"
    if finding.path:
        yield f"    path:   {finding.path}"
    if finding.value is not None:
        yield f"    value:  {_short(finding.value)}"
    yield f"    source: {_short(finding.source)}"
    if finding.files:
        yield f"    file:   {', '.join(finding.files)}"


def _short(text: str) -> str:
    return curie(text) or text


def validate(
    kg: KnowledgeGraph,
    *,
    reasoning: bool = False,
    engine: str | None = None,
    workers: int | None = None,
) -> ValidationReport:
    """Validate a loaded graph with the SHACL shapes and the quality checks.

    Shapes and checks come from the graph's data root (``kg.root``): ``ontology/shapes.ttl``
    and ``queries/checks/*-violation.rq``.

    Args:
        kg: The graph to validate; shapes and checks see the union of all its files.
        reasoning: Run the shapes on the asserted triples plus their OWL 2 RL closure, so
            that shapes on inferred types (defined classes such as common gamma chain
            cytokines) apply. Provenance is still required of asserted relations only:
            an inferred relation cites the sources of the statements it follows from
            (see ``il2kg explain``). The quality checks always see the asserted triples.
        engine: The SPARQL engine for the quality checks (:mod:`il2kg.engines`):
            ``"oxigraph"`` (the default) or ``"rdflib"``; both find the same rows.
        workers: Processes sharing the SHACL shapes (forked; default: one per CPU core,
            at most four); 1 validates in this process alone. The findings are the same.

    Returns:
        The report; :attr:`ValidationReport.conforms` is false if any finding is a
        ``Violation``.

    Raises:
        LoadError: The shapes file is missing or does not parse, or a check file is not
            a valid SPARQL SELECT binding ``?focus``, or has a bad header.

    >>> from il2kg import load_graph
    >>> report = validate(load_graph())
    >>> report.shapes_run > 0
    True
    >>> report.conforms == (not report.violations)
    True
    """
    shapes = _shapes_graph(kg)
    count = workers if workers is not None else min(os.cpu_count() or 1, 4)
    if reasoning:
        from il2kg.execute import reasoned_graph

        data = reasoned_graph(kg)
        asserted = kg.union()
        findings = [
            f
            for f in _shacl_findings(kg, shapes, data, workers=count)
            if _about_asserted(f, asserted)
        ]
    else:
        findings = _shacl_findings(kg, shapes, kg.union(), workers=count)
    checks_run: list[str] = []
    for path in check_files(kg.root):
        checks_run.append(path.name)
        findings.extend(_check_findings(kg, path, engine))
    rank = {severity: i for i, severity in enumerate(SEVERITIES)}
    findings.sort(
        key=lambda f: (
            rank[f.severity],
            f.files,
            f.focus,
            f.source,
            f.message,
            f.path or "",
            f.value or "",
        )
    )
    return ValidationReport(
        findings=tuple(findings), checks_run=tuple(checks_run), shapes_run=_count_shapes(shapes)
    )


def _shapes_graph(kg: KnowledgeGraph) -> Graph:
    location = shapes_file(kg.root)
    shapes = Graph()
    parse_into(shapes, location, display_path(location, kg.root))
    return shapes


def _count_shapes(shapes: Graph) -> int:
    found: set[Node] = set(shapes.subjects(RDF.type, SH.NodeShape))
    found.update(shapes.subjects(RDF.type, SH.PropertyShape))
    found.update(shapes.objects(None, SH.property))
    found.update(shapes.objects(None, SH.node))
    return len(found)


# Shapes about what curators assert: with reasoning, only findings on asserted triples count.
_ASSERTED_ONLY = {"https://w3id.org/il2kg/shapes/RelationProvenanceShape"}


def _about_asserted(finding: Finding, asserted: Graph) -> bool:
    if finding.source not in _ASSERTED_ONLY or not finding.path or not finding.value:
        return True
    prefix, _, local = finding.path.partition(":")
    predicate = URIRef(PREFIXES[prefix] + local) if prefix in PREFIXES else URIRef(finding.path)
    return (URIRef(finding.focus), predicate, URIRef(finding.value)) in asserted


def _shacl_findings(
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
    parent: dict[URIRef, URIRef] = {shape: shape for shape in named}

    def root(shape: URIRef) -> URIRef:
        while parent[shape] != shape:
            shape = parent[shape]
        return shape

    for shape in named:
        for other in _referenced(shapes, shape, set(parent)):
            parent[root(other)] = root(shape)
    components: dict[URIRef, list[URIRef]] = {}
    for shape in named:
        components.setdefault(root(shape), []).append(shape)
    groups: list[list[URIRef]] = [[] for _ in range(workers)]
    for component in sorted(components.values(), key=lambda c: (-len(c), c[0])):
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

    from il2kg.shacl_sparql import parse_once

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
            str(min(messages, key=_message_rank))
            if messages
            else f"fails {_short(str(component)) if component else 'a constraint'}"
        )
        findings.append(
            Finding(
                severity=severity,
                focus=_term_text(focus) or "",
                focus_label=kg.label(focus) if focus is not None else "",
                path=_render_path(results, path_node) if path_node is not None else None,
                value=_term_text(value),
                message=message,
                source=_source_shape(shapes, results.value(result, SH.sourceShape)),
                files=tuple(kg.graph_of(focus)) if focus is not None else (),
            )
        )
    return findings


def _uri(node: Node | None) -> URIRef:
    return node if isinstance(node, URIRef) else URIRef("")


def _message_rank(message: Literal) -> tuple[int, str]:
    language = (message.language or "").lower()
    return (0 if language in {"", "en"} or language.startswith("en-") else 1), str(message)


def _term_text(term: Node | None) -> str | None:
    if term is None:
        return None
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def _source_shape(shapes: Graph, shape: Node | None) -> str:
    if shape is None:
        return ""
    if isinstance(shape, BNode):  # pySHACL keeps the blank node's id when copying it
        for parent in shapes.subjects(SH.property, shape):
            if isinstance(parent, URIRef):
                return str(parent)
        return f"_:{shape}"
    return str(shape)


def _render_path(graph: Graph, node: Node, depth: int = 0) -> str:
    """Render a SHACL property path in SPARQL syntax with CURIEs."""
    if depth > _MAX_PATH_DEPTH:  # a cyclic path description
        return "…"
    if isinstance(node, URIRef):
        return curie(str(node)) or f"<{node}>"
    if not isinstance(node, BNode):
        return str(node)
    if (node, RDF.first, None) in graph:
        parts = [_render_path(graph, item, depth + 1) for item in Collection(graph, node)]
        return "/".join(parts)
    for predicate, template in (
        (SH.inversePath, "^{}"),
        (SH.zeroOrMorePath, "{}*"),
        (SH.oneOrMorePath, "{}+"),
        (SH.zeroOrOnePath, "{}?"),
    ):
        inner = graph.value(node, predicate)
        if inner is not None:
            text = _render_path(graph, inner, depth + 1)
            return template.format(text if isinstance(inner, URIRef) else f"({text})")
    alternatives = graph.value(node, SH.alternativePath)
    if alternatives is not None:
        parts = [_render_path(graph, item, depth + 1) for item in Collection(graph, alternatives)]
        return "|".join(parts) if depth == 0 else "(" + "|".join(parts) + ")"
    return f"_:{node}"


@dataclass(frozen=True)
class _Check:
    name: str
    shown: str
    summary: str
    severity: str
    text: str


def _read_check(path: Path, shown: str) -> _Check:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise LoadError(shown, None, f"cannot be read ({exc})") from None
    summary = ""
    severity = "Violation"
    for number, line in enumerate(text.splitlines(), start=1):
        header = _HEADER.match(line.strip())
        if not header:
            continue
        key, value = header.group(1).lower(), header.group(2)
        if key == "summary":
            summary = value
        elif key == "severity":
            canonical = {s.lower(): s for s in SEVERITIES}.get(value.lower())
            if canonical is None:
                raise LoadError(
                    shown, number, f"severity {value!r} is not one of {', '.join(SEVERITIES)}"
                )
            severity = canonical
    return _Check(path.name, shown, summary or path.stem, severity, text)


def _run_check(kg: KnowledgeGraph, check: _Check, engine: str | None) -> QueryResult:
    from rdflib.plugins.sparql import prepareQuery

    from il2kg.execute import run_sparql

    try:
        query = prepareQuery(check.text)
    except Exception as exc:  # pyparsing's ParseException, undeclared prefixes ...
        line = getattr(exc, "lineno", None)
        reason = getattr(exc, "msg", None) or str(exc)
        raise LoadError(
            check.shown, line if isinstance(line, int) else None, f"bad SPARQL ({reason})"
        ) from None
    if query.algebra.name != "SelectQuery":
        raise LoadError(check.shown, None, "a check must be a SPARQL SELECT query")
    projected = {str(v) for v in query.algebra.get("PV") or ()}
    if "focus" not in projected:
        raise LoadError(check.shown, None, "a check must select the variable ?focus")
    try:
        return run_sparql(check.text, kg=kg, reasoning=False, engine=engine)
    except Exception as exc:  # a query that parses but cannot be evaluated
        raise LoadError(check.shown, None, f"the check failed to run ({exc})") from None


def _check_findings(kg: KnowledgeGraph, path: Path, engine: str | None) -> list[Finding]:
    check = _read_check(path, display_path(path, kg.root))
    findings = []
    result = _run_check(kg, check, engine)
    for values in result.rows:
        row = dict(zip(result.variables, values, strict=True))
        focus = row.get("focus")
        value = row.get("value")
        path_node = row.get("path")
        message = row.get("message")
        findings.append(
            Finding(
                severity=check.severity,
                focus=_term_text(focus) or "",
                focus_label=kg.label(focus) if focus is not None else "",
                path=_render_path(kg.union(), path_node) if path_node is not None else None,
                value=_term_text(value),
                message=str(message) if message is not None else check.summary,
                source=check.name,
                files=tuple(kg.graph_of(focus)) if focus is not None else (),
            )
        )
    return findings
