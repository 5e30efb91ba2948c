"""il2kg: a knowledge graph of Interleukin-2 biology.

The public API: :func:`load_graph` reads the shipped ontology and data (and any user
files) into a :class:`KnowledgeGraph`; :func:`validate` checks it with the SHACL
shapes and the quality checks; :func:`compute_statistics` counts what it holds.

``import il2kg`` is cheap: rdflib and pySHACL are imported only when a function
that needs them is first used. (The validation code lives in ``il2kg.validation``, not
``il2kg.validate``: a submodule of that name would replace the lazily exported
function ``il2kg.validate`` as soon as it was imported.)

>>> import il2kg
>>> il2kg.__version__
'0.1.0'
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from il2kg import errors
from il2kg._version import __version__

if TYPE_CHECKING:
    from il2kg.build import BuildReport, build
    from il2kg.catalogue import Catalogue, NamedQuery, load_catalogue
    from il2kg.execute import run_query, run_sparql
    from il2kg.explain import Explanation, explain
    from il2kg.export import export_graph, write_export
    from il2kg.load import KnowledgeGraph, load_graph
    from il2kg.reasoning import Closure, compute_closure
    from il2kg.results import QueryResult
    from il2kg.stats import GraphStatistics, compute_statistics
    from il2kg.upload import upload_graph
    from il2kg.validation import Finding, ValidationReport, validate

__all__ = [
    "BuildReport",
    "Catalogue",
    "Closure",
    "Explanation",
    "Finding",
    "GraphStatistics",
    "KnowledgeGraph",
    "NamedQuery",
    "QueryResult",
    "ValidationReport",
    "__version__",
    "build",
    "compute_closure",
    "compute_statistics",
    "errors",
    "explain",
    "export_graph",
    "load_catalogue",
    "load_graph",
    "run_query",
    "run_sparql",
    "upload_graph",
    "validate",
    "write_export",
]

_LAZY = {
    "KnowledgeGraph": "il2kg.load",
    "load_graph": "il2kg.load",
    "Finding": "il2kg.validation",
    "ValidationReport": "il2kg.validation",
    "validate": "il2kg.validation",
    "GraphStatistics": "il2kg.stats",
    "compute_statistics": "il2kg.stats",
    "Catalogue": "il2kg.catalogue",
    "NamedQuery": "il2kg.catalogue",
    "load_catalogue": "il2kg.catalogue",
    "run_query": "il2kg.execute",
    "run_sparql": "il2kg.execute",
    "QueryResult": "il2kg.results",
    "Closure": "il2kg.reasoning",
    "compute_closure": "il2kg.reasoning",
    "upload_graph": "il2kg.upload",
    "explain": "il2kg.explain",
    "build": "il2kg.build",
    "BuildReport": "il2kg.build",
    "export_graph": "il2kg.export",
    "write_export": "il2kg.export",
    "Explanation": "il2kg.explain",
}


def __getattr__(name: str) -> Any:
    """Import the public names from their modules on first use."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'il2kg' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    """List the public API together with the module's other attributes."""
    return sorted(set(globals()) | set(__all__))
