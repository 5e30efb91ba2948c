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

import os
import threading

from il2kg.config import check_files
from il2kg.graph import KnowledgeGraph
from il2kg.validation.checks import check_findings
from il2kg.validation.report import SEVERITIES, ValidationReport
from il2kg.validation.shacl import about_asserted, count_shapes, shacl_findings, shapes_graph

__all__ = ["validate"]


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
        engine: The SPARQL engine for the quality checks (:mod:`il2kg.query.engines`):
            ``"oxigraph"`` (the default) or ``"rdflib"``; both find the same rows.
        workers: Processes sharing the SHACL shapes (forked; default: one per CPU core,
            at most four, but 1 when the calling process runs other threads, as a Jupyter
            kernel does, where ``fork()`` may deadlock); 1 validates in this process alone.
            The findings are the same.

    Returns:
        The report; :attr:`ValidationReport.conforms` is false if any finding is a
        ``Violation``.

    Raises:
        LoadError: The shapes file is missing or does not parse, or a check file is not
            a valid SPARQL SELECT binding ``?focus``, has a bad header, or cannot be run.
        ConfigurationError: ``engine`` or ``IL2KG_QUERY_ENGINE`` names no engine (said
            before any validation is done).

    >>> from il2kg import load_graph
    >>> report = validate(load_graph())
    >>> report.shapes_run > 0
    True
    >>> report.conforms == (not report.violations)
    True
    """
    from il2kg.query.engines import query_engine

    engine = query_engine(engine)  # a bad setting is said at once, not after the shapes ran
    shapes = shapes_graph(kg)
    count = workers if workers is not None else _default_workers()
    if reasoning:
        from il2kg.query.api import reasoned_graph

        data = reasoned_graph(kg)
        asserted = kg.union()
        findings = [
            f
            for f in shacl_findings(kg, shapes, data, workers=count)
            if about_asserted(f, asserted)
        ]
    else:
        findings = shacl_findings(kg, shapes, kg.union(), workers=count)
    checks_run: list[str] = []
    for path in check_files(kg.root):
        checks_run.append(path.name)
        findings.extend(check_findings(kg, path, engine))
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
        findings=tuple(findings), checks_run=tuple(checks_run), shapes_run=count_shapes(shapes)
    )


def _default_workers() -> int:
    """One per CPU core, at most four; one alone if other threads run (forking them is unsafe)."""
    if threading.active_count() > 1:
        return 1
    return min(os.cpu_count() or 1, 4)
