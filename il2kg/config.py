"""Configuration: where the shipped data is, and how a setting is chosen.

A setting is chosen by an argument, else an environment variable, else a default
(:func:`choose`).

The data root is, in order of precedence:

1. the directory named by the environment variable ``IL2KG_DATA_ROOT`` (used by the
   tests to point at a small fixture package, and by anyone who wants to run the tool
   on another copy of the data);
2. ``il2kg/_data`` inside the installed package (a regular, non-editable install:
   the wheel ships ``ontology/``, ``graphs/`` and ``queries/`` there);
3. the checkout root, i.e. the parent of the package directory (editable installs and
   running from a checkout).

Every helper takes an optional ``root`` so that a caller holding a root (such as a
loaded :class:`~il2kg.graph.KnowledgeGraph`) keeps using it.
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

from il2kg.errors import ConfigurationError, LoadError

__all__ = [
    "DATA_ROOT_ENV",
    "ENVIRONMENT",
    "check_files",
    "choose",
    "data_files",
    "data_root",
    "display_path",
    "ontology_files",
    "shapes_file",
]

ENVIRONMENT: dict[str, str] = {
    "IL2KG_DATA_ROOT": "the directory holding ontology/, graphs/ and queries/ (default: the "
    "copy shipped with il2kg)",
    "IL2KG_QUERY_ENGINE": "the engine for the embedded graph: oxigraph (default) or rdflib "
    "(the reference); the --engine option wins",
    "IL2KG_REASONER": "the OWL 2 RL reasoner: reasonable (default, fast) or owlrl (the "
    "reference); the --reasoner option wins",
    "IL2KG_CACHE_DIR": "where closures are cached (default: the user cache directory, "
    "~/.cache/il2kg on Linux)",
    "IL2KG_ENDPOINT_USER": "the user name for HTTP basic authentication to an endpoint",
    "IL2KG_ENDPOINT_PASSWORD": "its password (never given on the command line)",
    "IL2KG_ENDPOINT_HEADERS": "extra HTTP headers for an endpoint, one 'Name: value' per line",
}
"""Every environment variable il2kg reads, and what it sets (tests/test_settings.py holds the
code and the README to this table)."""

DATA_ROOT_ENV = "IL2KG_DATA_ROOT"
"""Environment variable that overrides the data root."""

_SHAPES_NAME = "shapes.ttl"


def data_root() -> Path:
    """Return the directory holding ``ontology/``, ``graphs/`` and ``queries/``.

    Returns:
        An absolute path; see the module docstring for how it is chosen.

    Raises:
        LoadError: ``IL2KG_DATA_ROOT`` is set but names no directory.

    >>> (data_root() / "ontology").name
    'ontology'
    """
    override = os.environ.get(DATA_ROOT_ENV, "").strip()
    if override:
        root = Path(override).expanduser()
        if not root.is_dir():
            raise LoadError(override, None, f"data root set by {DATA_ROOT_ENV} is not a directory")
        return root.resolve()
    installed = Path(str(resources.files("il2kg").joinpath("_data")))
    if installed.is_dir():
        return installed.resolve()
    return Path(__file__).resolve().parent.parent


def _root(root: Path | None) -> Path:
    return data_root() if root is None else root


def ontology_files(root: Path | None = None) -> list[Path]:
    """Return the ontology files: ``ontology/*.ttl`` except the shapes, sorted.

    Args:
        root: The data root; :func:`data_root` if omitted.
    """
    folder = _root(root) / "ontology"
    return sorted(p for p in folder.glob("*.ttl") if p.name != _SHAPES_NAME)


def data_files(root: Path | None = None) -> list[Path]:
    """Return the data files ``graphs/*.ttl``, sorted.

    Args:
        root: The data root; :func:`data_root` if omitted.
    """
    return sorted((_root(root) / "graphs").glob("*.ttl"))


def shapes_file(root: Path | None = None) -> Path:
    """Return the SHACL shapes file ``ontology/shapes.ttl`` (which may not exist).

    Args:
        root: The data root; :func:`data_root` if omitted.
    """
    return _root(root) / "ontology" / _SHAPES_NAME


def check_files(root: Path | None = None) -> list[Path]:
    """Return the quality checks ``queries/checks/*-violation.rq``, sorted.

    Args:
        root: The data root; :func:`data_root` if omitted.
    """
    return sorted((_root(root) / "queries" / "checks").glob("*-violation.rq"))


def display_path(path: Path, root: Path) -> str:
    """Return ``path`` relative to ``root`` with forward slashes, or as is if outside it.

    >>> display_path(Path("/r/graphs/x.ttl"), Path("/r"))
    'graphs/x.ttl'
    """
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def choose(given: str | None, env: str, choices: tuple[str, ...], what: str) -> str:
    """Return ``given`` if set, else ``$env`` if set, else ``choices[0]``.

    Raises:
        ConfigurationError: The value is not one of ``choices``; the message says where
            it came from and lists the choices.

    >>> choose(None, "IL2KG_NO_SUCH_SETTING", ("fast", "slow"), "engine")
    'fast'
    """
    name = given or os.environ.get(env) or choices[0]
    if name not in choices:
        source = "" if given else f" (from ${env})"
        raise ConfigurationError(
            f"unknown {what} {name!r}{source}; choose one of: {', '.join(choices)}"
        )
    return name
