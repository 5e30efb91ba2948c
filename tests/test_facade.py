"""The public API cannot break: every exported name is what the docs say it is (issue 12).

The facade (``il2kg``) and each stage's subpackage export their names lazily. A submodule of
the same name as an exported function would replace it as soon as it was imported (the bug
that turned ``il2kg.explain`` and ``il2kg.build`` into modules), so these tests import every
submodule first, in a fresh interpreter, and then look at every exported name.
"""

from __future__ import annotations

import importlib
import inspect
import json
import pkgutil
import subprocess
import sys
import types

import pytest

import il2kg

PACKAGES = ["il2kg", "il2kg.validation", "il2kg.reasoning", "il2kg.query", "il2kg.export",
            "il2kg.release", "il2kg.cli"]  # fmt: skip


def _kind(value: object) -> str:
    if isinstance(value, types.ModuleType):
        return "module"
    if inspect.isclass(value):
        return "exception" if issubclass(value, BaseException) else "class"
    if inspect.isfunction(value):
        return "function"
    return "constant"


def _expected(name: str) -> str:
    """The kind a name promises by its spelling: Capitalised a class, lower case a function."""
    if name in {"errors"}:
        return "module"
    if name == "__version__" or name.isupper():
        return "constant"
    if name.endswith("Error"):
        return "exception"
    return "class" if name[0].isupper() else "function"


_PROBE = """
import importlib, json, pkgutil, sys
import il2kg
for info in pkgutil.walk_packages(il2kg.__path__, "il2kg."):
    if not info.name.endswith("__main__"):
        importlib.import_module(info.name)
packages = json.loads(sys.argv[1])
kinds = {}
for package in packages:
    module = importlib.import_module(package)
    for name in module.__all__:
        value = getattr(module, name)
        kinds[package + ":" + name] = type(value).__name__ if not isinstance(value, type) else (
            "exception" if issubclass(value, BaseException) else "class")
print(json.dumps(kinds))
"""


def test_every_exported_name_survives_importing_every_submodule_first() -> None:
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, json.dumps(PACKAGES)],
        capture_output=True, text=True, check=True, timeout=120,
    )  # fmt: skip
    kinds = json.loads(done.stdout)
    wrong = {}
    for key, kind in kinds.items():
        name = key.split(":")[1]
        expected = {"function": "function", "class": "class", "exception": "exception",
                    "module": "module"}.get(_expected(name))  # fmt: skip
        if expected is not None and kind != expected:
            wrong[key] = kind
        if expected is None and kind in {"module", "function"}:
            wrong[key] = kind
    assert not wrong, wrong
    assert kinds["il2kg:explain"] == "function" and kinds["il2kg:build"] == "function"


@pytest.mark.parametrize("package", PACKAGES)
def test_each_package_exports_what_its_all_lists(package: str) -> None:
    module = importlib.import_module(package)
    for info in pkgutil.iter_modules(module.__path__, f"{package}."):
        importlib.import_module(info.name)
    assert sorted(module.__all__) == sorted(set(module.__all__)), "a name listed twice"
    assert dir(module) == sorted(module.__all__)
    for name in module.__all__:
        assert _kind(getattr(module, name)) == _expected(name), name
    with pytest.raises(AttributeError, match="no attribute 'no_such_name'"):
        _ = module.no_such_name


def test_a_subpackage_name_can_never_shadow_an_exported_function() -> None:
    from il2kg._lazy import lazy_exports

    with pytest.raises(ImportError, match="both a module and an exported name"):
        lazy_exports("il2kg", {"explain": "explain"}, ["explain"])


def test_the_facade_reaches_every_stage() -> None:
    for name in ("load_graph", "validate", "compute_closure", "find_inconsistencies",
                 "run_reasoning", "explain", "resolve_term", "run_query", "run_sparql",
                 "export_graph", "write_export", "build", "compute_statistics",
                 "upload_graph"):  # fmt: skip
        assert inspect.isfunction(getattr(il2kg, name)), name
        assert inspect.getdoc(getattr(il2kg, name)), f"{name} has no docstring"
    assert il2kg.errors.ExportError.__module__ == "il2kg.errors"
    assert il2kg.errors.BuildError.__module__ == "il2kg.errors"
