"""Export to other graphs.

RDF formats with byte-stable output, external IRIs, JSON-LD with the shipped context.

May import: errors, config, terms, graph, reasoning, query.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from il2kg._lazy import lazy_exports

if TYPE_CHECKING:
    from il2kg.export.formats import FORMATS, GRAPHS, IRI_MODES, export_graph, write_export

__all__ = [
    "FORMATS",
    "GRAPHS",
    "IRI_MODES",
    "export_graph",
    "write_export",
]

_NAMES = {
    "FORMATS": "formats",
    "GRAPHS": "formats",
    "IRI_MODES": "formats",
    "export_graph": "formats",
    "write_export": "formats",
}

__getattr__, __dir__ = lazy_exports(__name__, _NAMES, __all__)
