"""The catalogue of named queries: ``queries/*.rq`` files with grlc-style headers.

A named query is a SPARQL file whose name (the file stem) is how users call it. Its header
is a block of ``#+`` comment lines in the grlc decorator syntax::

    #+ summary: The cytokines that use a given receptor chain.
    #+ description: ...
    #+ tags:
    #+   - receptor
    #+ defaults:
    #+   - chain: https://w3id.org/il2kg/id/IL2RG
    #+ enumerate:
    #+   - chain
    #+ example: il2kg query cytokines-sharing-chain --param chain=il2:IL2RB

Parameters are the query's variables named after the grlc/BASIL convention: ``?_name``
(required) or ``?__name`` (optional), with a type suffix: ``_iri``, ``_integer``, ``_en``
(or any language tag), ``_xsd_boolean`` (or any ``_prefix_datatype``); no suffix means a
plain string. The file stays runnable as it is in any SPARQL client: unbound parameter
variables simply match everything.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from il2kg.config import data_root, display_path
from il2kg.errors import LoadError, UnknownQueryError

__all__ = ["Catalogue", "NamedQuery", "Parameter", "load_catalogue"]

#: Parameter kinds and the datatype or language each implies.
KINDS = ("iri", "string", "lang", "integer", "decimal", "boolean", "datatype")

_VARIABLE = re.compile(r"[?$](__?)([A-Za-z][A-Za-z0-9]*)((?:_[A-Za-z0-9]+)*)\b")
_LANG = re.compile(r"^[a-z]{2,3}(?:-[a-z0-9]+)*$")
_FORM = re.compile(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.IGNORECASE)
_XSD = "http://www.w3.org/2001/XMLSchema#"


@dataclass(frozen=True)
class Parameter:
    """One parameter of a named query.

    Attributes:
        name: The name users pass (``chain`` for ``?_chain_iri``).
        variable: The SPARQL variable, without ``?`` (``_chain_iri``).
        kind: One of ``iri``, ``string``, ``lang``, ``integer``, ``decimal``,
            ``boolean``, ``datatype``.
        required: True for ``?_name``; false for ``?__name``.
        default: Default values (strings, as a user would type them), or empty.
        language: The language tag of a ``lang`` parameter.
        datatype: The datatype IRI of typed literal parameters.
        enumerate: True if the header lists it under ``enumerate`` (its values can be
            listed from the graph).
    """

    name: str
    variable: str
    kind: str
    required: bool
    default: tuple[str, ...] = ()
    language: str | None = None
    datatype: str | None = None
    enumerate: bool = False

    @property
    def type_label(self) -> str:
        """A short human description of the expected type, such as ``IRI or CURIE``."""
        labels = {
            "iri": "IRI, CURIE or label",
            "string": "plain string",
            "lang": f"string (@{self.language})",
            "integer": "integer",
            "decimal": "decimal number",
            "boolean": "boolean (true/false)",
            "datatype": f"literal of datatype <{self.datatype}>",
        }
        return labels[self.kind]


@dataclass(frozen=True)
class NamedQuery:
    """A query of the catalogue, with the metadata of its header.

    Attributes:
        name: The file stem, by which the query is called.
        path: Where the file is, as shown to users.
        text: The full file text (header comments included; valid SPARQL as it is).
        summary: One line.
        description: A paragraph.
        tags: Keywords.
        parameters: The parameters, in the order they first appear in the query.
        example: An example command line.
        form: ``SELECT``, ``ASK``, ``CONSTRUCT`` or ``DESCRIBE``.
    """

    name: str
    path: str
    text: str
    summary: str
    description: str
    tags: tuple[str, ...]
    parameters: tuple[Parameter, ...]
    example: str
    form: str

    def parameter(self, name: str) -> Parameter | None:
        """Return the parameter called ``name``, or None."""
        return next((p for p in self.parameters if p.name == name), None)


class Catalogue(Mapping[str, NamedQuery]):
    """The named queries, by name; ``get_query`` suggests the nearest names on a miss."""

    def __init__(self, queries: Mapping[str, NamedQuery]) -> None:
        """Wrap a mapping of names to queries."""
        self._queries = dict(sorted(queries.items()))

    def __getitem__(self, name: str) -> NamedQuery:
        """Return the query called ``name`` (KeyError if there is none)."""
        return self._queries[name]

    def __iter__(self) -> Iterator[str]:
        """Iterate over the names, sorted."""
        return iter(self._queries)

    def __len__(self) -> int:
        """Return the number of queries."""
        return len(self._queries)

    def get_query(self, name: str) -> NamedQuery:
        """Return the query called ``name``.

        Raises:
            UnknownQueryError: There is no such query; the message suggests the nearest
                names (or lists them all when none is near).
        """
        if name in self._queries:
            return self._queries[name]
        near = difflib.get_close_matches(name, list(self._queries), n=3, cutoff=0.5)
        near += [n for n in self._queries if name and name in n and n not in near][:3]
        hint = f"did you mean {', '.join(near)}?" if near else f"known: {', '.join(self._queries)}"
        raise UnknownQueryError(f"no named query {name!r}; {hint}")


def load_catalogue(root: Path | None = None) -> Catalogue:
    """Read every ``queries/*.rq`` file under the data root into a :class:`Catalogue`.

    Args:
        root: The data root; by default :func:`il2kg.config.data_root`.

    Raises:
        LoadError: A query file has a malformed header.

    >>> catalogue = load_catalogue()
    >>> "receptor-chains" in catalogue
    True
    """
    base = root if root is not None else data_root()
    queries = {}
    for path in sorted((base / "queries").glob("*.rq")):
        query = parse_named_query(
            path.read_text(encoding="utf-8"), path.stem, display_path(path, base)
        )
        queries[query.name] = query
    return Catalogue(queries)


def parse_named_query(text: str, name: str, shown: str) -> NamedQuery:
    r"""Parse a named query's header and parameters.

    Args:
        text: The file's text.
        name: The query's name (file stem).
        shown: The path to show in error messages.

    Raises:
        LoadError: The header is malformed, a default names an unknown parameter, or a
            parameter type suffix is unknown.

    >>> q = parse_named_query('#+ summary: s\n#+ defaults:\n#+   - x: 1\n'
    ...     'SELECT * WHERE { ?s ?p ?_x_integer . OPTIONAL { ?s ?q ?__y } }', "t", "t.rq")
    >>> [(p.name, p.kind, p.required, p.default) for p in q.parameters]
    [('x', 'integer', True, ('1',)), ('y', 'string', False, ())]
    """
    header, lines = _parse_header(text, shown)
    # Comment lines are blanked, not dropped, so that offsets in ``body`` keep their line.
    body = "\n".join("" if line.lstrip().startswith("#") else line for line in text.splitlines())
    defaults = _pairs(header.get("defaults", []), "defaults", shown, lines.get("defaults"))
    enumerated = set(_strings(header.get("enumerate", []), "enumerate", shown))
    parameters: dict[str, Parameter] = {}
    for match in _VARIABLE.finditer(body):
        underscores, pname, suffix = match.groups()
        if pname in parameters:
            continue
        at = body.count("\n", 0, match.start()) + 1
        kind, language, datatype = _kind(suffix, shown, match.group(0), at)
        parameters[pname] = Parameter(
            name=pname,
            variable=match.group(0)[1:],
            kind=kind,
            required=underscores == "_",
            default=tuple(defaults.get(pname, ())),
            language=language,
            datatype=datatype,
            enumerate=pname in enumerated,
        )
    unknown = sorted((set(defaults) | enumerated) - set(parameters))
    if unknown:
        where = min(lines.get(name, lines.get("defaults", 0)) for name in unknown) or None
        raise LoadError(
            shown, where, f"header names parameters the query does not use: {', '.join(unknown)}"
        )
    form = _FORM.search(body)
    return NamedQuery(
        name=name,
        path=shown,
        text=text,
        summary=_scalar(header.get("summary", ""), "summary", shown, lines.get("summary")),
        description=_scalar(
            header.get("description", ""), "description", shown, lines.get("description")
        ),
        tags=tuple(_strings(header.get("tags", []), "tags", shown)),
        parameters=tuple(parameters.values()),
        example=_scalar(header.get("example", ""), "example", shown, lines.get("example")),
        form=form.group(1).upper() if form else "SELECT",
    )


def _kind(
    suffix: str, shown: str, variable: str, line: int | None = None
) -> tuple[str, str | None, str | None]:
    parts = [p for p in suffix.split("_") if p]
    if not parts:
        return "string", None, None
    if parts == ["iri"]:
        return "iri", None, None
    if parts == ["integer"]:
        return "integer", None, _XSD + "integer"
    if len(parts) == 1 and _LANG.match(parts[0]):
        return "lang", parts[0], None
    if len(parts) == 2 and parts[0] == "xsd":
        local = parts[1]
        special = {
            "boolean": "boolean",
            "integer": "integer",
            "decimal": "decimal",
            "string": "string",
        }
        return special.get(local, "datatype"), None, _XSD + local
    raise LoadError(
        shown, line, f"parameter variable {variable} has an unknown type suffix {suffix!r}"
    )


def _parse_header(text: str, shown: str) -> tuple[dict[str, object], dict[str, int]]:
    """Parse the ``#+`` lines: ``key: value`` scalars and ``key:`` followed by ``- item`` lists.

    Returns the header and, for error messages, the line of each key and of each list
    item's name (the part before its first colon).
    """
    header: dict[str, object] = {}
    lines: dict[str, int] = {}
    current: str | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line.startswith("#+"):
            continue
        content = line[2:].rstrip()
        stripped = content.strip()
        if not stripped:
            continue
        if stripped.startswith("- "):
            if current is None or not isinstance(header.get(current), list):
                raise LoadError(shown, number, "a '- item' line must follow a 'key:' line")
            items = header[current]
            assert isinstance(items, list)  # noqa: S101 - narrowed above
            items.append(stripped[2:].strip())
            lines.setdefault(stripped[2:].partition(":")[0].strip(), number)
            continue
        if (
            content.startswith("   ")
            and current is not None
            and isinstance(header.get(current), str)
        ):
            header[current] = f"{header[current]} {stripped}".strip()
            continue
        key, sep, value = stripped.partition(":")
        if not sep or not key.isidentifier():
            raise LoadError(shown, number, f"header line is not 'key: value': {stripped!r}")
        current = key
        header[key] = value.strip() if value.strip() else []
        lines.setdefault(key, number)
    return header, lines


def _scalar(value: object, key: str, shown: str, line: int | None = None) -> str:
    if isinstance(value, list):
        if value:
            raise LoadError(shown, line, f"header '{key}' must be a single value, not a list")
        return ""
    return str(value)


def _strings(value: object, key: str, shown: str) -> list[str]:
    if isinstance(value, str):
        return [value] if value else []
    assert isinstance(value, list)  # noqa: S101 - _parse_header yields str or list
    return [str(v) for v in value]


def _pairs(value: object, key: str, shown: str, line: int | None = None) -> dict[str, list[str]]:
    pairs: dict[str, list[str]] = {}
    for item in _strings(value, key, shown):
        name, sep, val = item.partition(":")
        if not sep:
            raise LoadError(shown, line, f"'{key}' items must be 'name: value', got {item!r}")
        pairs.setdefault(name.strip(), []).append(val.strip())
    return pairs
