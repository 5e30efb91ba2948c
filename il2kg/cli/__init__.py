"""The ``il2kg`` command: a thin layer of argument parsing and formatting over the library.

May import: everything.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from il2kg._lazy import lazy_exports

if TYPE_CHECKING:
    from il2kg.cli.app import main

__all__ = [
    "main",
]

_NAMES = {
    "main": "app",
}

__getattr__, __dir__ = lazy_exports(__name__, _NAMES, __all__)
