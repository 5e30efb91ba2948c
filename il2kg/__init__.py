"""il2kg: a knowledge graph of Interleukin-2 biology.

The public API, stage by stage (each name is also exported by its stage's subpackage):

- load: :func:`load_graph` reads the shipped ontology and data (and any user files) into a
  :class:`KnowledgeGraph`;
- validate: :func:`validate` checks it with the SHACL shapes and the quality checks
  (a :class:`ValidationReport` of :class:`Finding` s);
- reason: :func:`compute_closure` (a :class:`Closure`), :func:`find_inconsistencies` and
  :func:`run_reasoning` (a :class:`ReasoningReport`), :func:`explain` (an
  :class:`Explanation` of one inference);
- query: :func:`run_query` (a named query of the :class:`Catalogue`, see
  :func:`load_catalogue`), :func:`run_sparql` (ad-hoc SPARQL), both giving a
  :class:`QueryResult`; :func:`resolve_term` turns an IRI, CURIE or label into a term;
- export: :func:`export_graph`, :func:`write_export`;
- release: :func:`build` (a :class:`BuildReport`), :func:`compute_statistics`
  (:class:`GraphStatistics`), :func:`upload_graph`.

Errors are in :mod:`il2kg.errors`. ``import il2kg`` is cheap: rdflib and pySHACL are
imported only when a function that needs them is first used. Subpackages are nouns and the
exported functions verbs, so importing a submodule never replaces an exported name.

>>> import il2kg
>>> il2kg.__version__
'0.1.0'
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from il2kg import errors
from il2kg._lazy import lazy_exports
from il2kg._version import __version__

if TYPE_CHECKING:
    from il2kg.export.formats import export_graph, write_export
    from il2kg.graph import KnowledgeGraph, load_graph
    from il2kg.query.api import run_query, run_sparql
    from il2kg.query.catalogue import Catalogue, NamedQuery, load_catalogue
    from il2kg.query.results import QueryResult
    from il2kg.reasoning.closure import Closure, compute_closure
    from il2kg.reasoning.consistency import Inconsistency, find_inconsistencies
    from il2kg.reasoning.derivation import Explanation
    from il2kg.reasoning.explanation import explain, resolve_term
    from il2kg.reasoning.report import ReasoningReport, run_reasoning
    from il2kg.release.builder import BuildReport, build
    from il2kg.release.stats import GraphStatistics, compute_statistics
    from il2kg.release.upload import upload_graph
    from il2kg.validation.report import Finding, ValidationReport
    from il2kg.validation.validator import validate

_NAMES = {
    "KnowledgeGraph": "graph",
    "load_graph": "graph",
    "Finding": "validation.report",
    "ValidationReport": "validation.report",
    "validate": "validation.validator",
    "Closure": "reasoning.closure",
    "compute_closure": "reasoning.closure",
    "Inconsistency": "reasoning.consistency",
    "find_inconsistencies": "reasoning.consistency",
    "ReasoningReport": "reasoning.report",
    "run_reasoning": "reasoning.report",
    "Explanation": "reasoning.derivation",
    "explain": "reasoning.explanation",
    "resolve_term": "reasoning.explanation",
    "Catalogue": "query.catalogue",
    "NamedQuery": "query.catalogue",
    "load_catalogue": "query.catalogue",
    "QueryResult": "query.results",
    "run_query": "query.api",
    "run_sparql": "query.api",
    "export_graph": "export.formats",
    "write_export": "export.formats",
    "BuildReport": "release.builder",
    "build": "release.builder",
    "GraphStatistics": "release.stats",
    "compute_statistics": "release.stats",
    "upload_graph": "release.upload",
}

__all__ = [
    "BuildReport",
    "Catalogue",
    "Closure",
    "Explanation",
    "Finding",
    "GraphStatistics",
    "Inconsistency",
    "KnowledgeGraph",
    "NamedQuery",
    "QueryResult",
    "ReasoningReport",
    "ValidationReport",
    "__version__",
    "build",
    "compute_closure",
    "compute_statistics",
    "errors",
    "explain",
    "export_graph",
    "find_inconsistencies",
    "load_catalogue",
    "load_graph",
    "resolve_term",
    "run_query",
    "run_reasoning",
    "run_sparql",
    "upload_graph",
    "validate",
    "write_export",
]

__getattr__, __dir__ = lazy_exports(__name__, _NAMES, __all__)
