"""Exceptions raised by il2kg.

Every error the library raises on purpose is an :class:`Il2kgError`; the CLI turns
each into one line on stderr and exit code 2. Messages name the file, line, IRI or
parameter involved.
"""

from __future__ import annotations

__all__ = [
    "BadParameterError",
    "ConfigurationError",
    "EndpointError",
    "Il2kgError",
    "InconsistencyError",
    "LoadError",
    "QueryError",
    "UnknownQueryError",
]


class Il2kgError(Exception):
    """Base class of every error il2kg raises on purpose."""


class LoadError(Il2kgError):
    """A file could not be read or parsed.

    Attributes:
        path: The file, relative to the data root for shipped files, as given for
            user files.
        line: The 1-based line of the problem, or ``None`` if it is not known.
        reason: What went wrong, without the file and line.

    >>> str(LoadError("graphs/x.ttl", 12, "bad syntax (objectList expected)"))
    'graphs/x.ttl, line 12: bad syntax (objectList expected)'
    >>> str(LoadError("extra.csv", None, "unsupported file extension"))
    'extra.csv: unsupported file extension'
    """

    def __init__(self, path: str, line: int | None, reason: str) -> None:
        """Create the error.

        Args:
            path: The file involved, as it should be shown to the user.
            line: The 1-based line number, if known.
            reason: What went wrong.
        """
        super().__init__(path, line, reason)
        self.path = path
        self.line = line
        self.reason = reason

    def __str__(self) -> str:
        """Return ``"<path>, line <n>: <reason>"`` (or without the line if unknown)."""
        where = self.path if self.line is None else f"{self.path}, line {self.line}"
        return f"{where}: {self.reason}"


class UnknownQueryError(Il2kgError):
    """A named query was asked for that does not exist."""


class BadParameterError(Il2kgError):
    """A query parameter is missing, unknown or of the wrong type."""


class EndpointError(Il2kgError):
    """A remote SPARQL endpoint could not be reached or answered with an error."""


class ConfigurationError(Il2kgError):
    """A setting (an option or environment variable) names something that does not exist."""


class InconsistencyError(Il2kgError):
    """The reasoner found the graph logically inconsistent."""


class QueryError(Il2kgError):
    """A SPARQL query cannot be run.

    Either it does not parse (the message gives the line), or it uses a feature the
    embedded engine refuses because it would reach outside the graph (SERVICE, FROM).
    """


class QueryTimeoutError(QueryError):
    """A query did not finish within its deadline (``--timeout``); it was given up."""
