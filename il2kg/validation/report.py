"""What validation found (:class:`Finding`, :class:`ValidationReport`) and how it is written.

Terms are written as CURIEs where a prefix is known, property paths in SPARQL syntax.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict, dataclass
from typing import Any

from rdflib import RDF, BNode, Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SH
from rdflib.term import Node

from il2kg.terms import curie

__all__ = ["SEVERITIES", "Finding", "ValidationReport", "render_path", "short", "term_text"]

SEVERITIES: tuple[str, ...] = ("Violation", "Warning", "Info")
"""The severities, most severe first. Only ``Violation`` makes a graph not conform."""

MAX_PATH_DEPTH = 20


@dataclass(frozen=True)
class Finding:
    """One problem found by a shape or a quality check.

    Attributes:
        severity: ``"Violation"``, ``"Warning"`` or ``"Info"``.
        focus: The focus node: an IRI, ``_:id`` for a blank node, or ``""`` if a check
            row did not bind ``?focus``.
        focus_label: Its label (see :meth:`~il2kg.graph.KnowledgeGraph.label`).
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
    focus = short(finding.focus) if finding.focus else "(no focus node)"
    title = focus if finding.focus_label in {focus, ""} else f"{finding.focus_label} ({focus})"
    yield f"- {title}: {finding.message}"
    if finding.path:
        yield f"    path:   {finding.path}"
    if finding.value is not None:
        yield f"    value:  {short(finding.value)}"
    yield f"    source: {short(finding.source)}"
    if finding.files:
        yield f"    file:   {', '.join(finding.files)}"


def short(text: str) -> str:
    """An IRI as a CURIE where a prefix is known, else as it is."""
    return curie(text) or text


def term_text(term: Node | None) -> str | None:
    """A term as a finding shows it: an IRI or lexical form, ``_:id`` for a blank node."""
    if term is None:
        return None
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def render_path(graph: Graph, node: Node, depth: int = 0) -> str:
    """Render a SHACL property path in SPARQL syntax with CURIEs."""
    if depth > MAX_PATH_DEPTH:  # a cyclic path description
        return "…"
    if isinstance(node, URIRef):
        return curie(str(node)) or f"<{node}>"
    if not isinstance(node, BNode):
        return str(node)
    if (node, RDF.first, None) in graph:
        parts = [render_path(graph, item, depth + 1) for item in Collection(graph, node)]
        return "/".join(parts)
    for predicate, template in (
        (SH.inversePath, "^{}"),
        (SH.zeroOrMorePath, "{}*"),
        (SH.oneOrMorePath, "{}+"),
        (SH.zeroOrOnePath, "{}?"),
    ):
        inner = graph.value(node, predicate)
        if inner is not None:
            text = render_path(graph, inner, depth + 1)
            return template.format(text if isinstance(inner, URIRef) else f"({text})")
    alternatives = graph.value(node, SH.alternativePath)
    if alternatives is not None:
        parts = [render_path(graph, item, depth + 1) for item in Collection(graph, alternatives)]
        return "|".join(parts) if depth == 0 else "(" + "|".join(parts) + ")"
    return f"_:{node}"
