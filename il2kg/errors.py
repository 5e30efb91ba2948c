"""Exceptions raised by il2kg.

Every error the library raises on purpose is an :class:`Il2kgError`; the CLI turns
each into one line on stderr and exit code 2. Messages name the file, line, IRI or
parameter involved.
"""

from __future__ import annotations

__all__ = [
    "BadParameterError",
    "BuildError",
    "ConfigurationError",
    "EndpointError",
    "ExportError",
    "Il2kgError",
    "LoadError",
    "QueryError",
    "QueryTimeoutError",
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


class QueryError(Il2kgError):
    """A SPARQL query cannot be run.

    Either it does not parse (the message gives the line), or it uses a feature the
    embedded engine refuses because it would reach outside the graph (SERVICE, FROM).
    """


class QueryTimeoutError(QueryError):
    """A query did not finish within its deadline (``--timeout``); it was given up."""


class ExportError(Il2kgError):
    """A graph cannot be exported as asked: a bad option, an unwritable file or term."""


class BuildError(Il2kgError):
    """A build stage failed; nothing was written (the previous output is untouched).

    Attributes:
        stage: The stage that failed (``validate``, ``reason``, ``consistency``, ``write``).
        data_said_no: True when the data failed a check (exit 1), false when an input
            or the output could not be used (exit 2).
    """

    def __init__(self, stage: str, message: str, *, data_said_no: bool) -> None:
        """Create the error for ``stage``."""
        super().__init__(f"build failed at {stage}: {message}")
        self.stage = stage
        self.data_said_no = data_said_no
