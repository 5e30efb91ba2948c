"""Make a release (``il2kg build``) and upload it.

Every export format, SSSOM mappings, VoID and statistics, HTML ontology docs, the manifest;
and upload to a Graph Store.

May import: everything but cli.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from il2kg._lazy import lazy_exports

if TYPE_CHECKING:
    from il2kg.release.builder import BuildReport, build
    from il2kg.release.sssom import write_sssom
    from il2kg.release.stats import GraphStatistics, compute_statistics
    from il2kg.release.upload import upload_graph
    from il2kg.release.void import void_description

__all__ = [
    "BuildReport",
    "GraphStatistics",
    "build",
    "compute_statistics",
    "upload_graph",
    "void_description",
    "write_sssom",
]

_NAMES = {
    "BuildReport": "builder",
    "GraphStatistics": "stats",
    "build": "builder",
    "compute_statistics": "stats",
    "upload_graph": "upload",
    "void_description": "void",
    "write_sssom": "sssom",
}

__getattr__, __dir__ = lazy_exports(__name__, _NAMES, __all__)
