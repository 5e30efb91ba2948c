"""Lazy re-exports for the facade and the stage subpackages.

``import il2kg`` (and ``import il2kg.query``) stays cheap: a public name is imported from
its module on first use. Collisions cannot happen by construction: modules and subpackages
are nouns and the exported functions are verbs, and :func:`lazy_exports` refuses a name
that is also a submodule (``tests/test_facade.py`` checks every package).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["lazy_exports"]


def lazy_exports(
    package: str, names: Mapping[str, str], public: list[str]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """The ``__getattr__`` and ``__dir__`` of ``package``, which exports ``names`` lazily.

    Args:
        package: The package's ``__name__``.
        names: Exported name -> the module (relative to ``package``) that defines it.
        public: The package's ``__all__``.
    """
    for name, module in names.items():
        if name == module.rpartition(".")[2]:
            raise ImportError(f"{package}.{name} would be both a module and an exported name")

    def __getattr__(name: str) -> Any:  # noqa: N807 - the module-level hook
        module = names.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(f"{package}.{module}"), name)
        globals_of(package)[name] = value
        return value

    def __dir__() -> list[str]:  # noqa: N807 - the module-level hook
        return sorted(public)

    return __getattr__, __dir__


def globals_of(package: str) -> dict[str, Any]:
    """The namespace of an imported package."""
    return vars(importlib.import_module(package))
