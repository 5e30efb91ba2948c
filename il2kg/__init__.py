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
    from il2kg.load import KnowledgeGraph, load_graph
    from il2kg.stats import GraphStatistics, compute_statistics
    from il2kg.validation import Finding, ValidationReport, validate

__all__ = [
    "Finding",
    "GraphStatistics",
    "KnowledgeGraph",
    "ValidationReport",
    "__version__",
    "compute_statistics",
    "errors",
    "load_graph",
    "validate",
]

_LAZY = {
    "KnowledgeGraph": "il2kg.load",
    "load_graph": "il2kg.load",
    "Finding": "il2kg.validation",
    "ValidationReport": "il2kg.validation",
    "validate": "il2kg.validation",
    "GraphStatistics": "il2kg.stats",
    "compute_statistics": "il2kg.stats",
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
