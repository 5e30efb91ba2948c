"""Bind parameter values into a parsed query, safely, with the same meaning everywhere.

The meaning of a binding is that of a ``VALUES`` block at the very start of the query's
WHERE clause: the parameter variable is joined with the given terms before anything else
in the group, so filters, OPTIONALs and sub-patterns of that group all see it.

* On the embedded graph the binding is made in the parsed query's algebra
  (:func:`bind_algebra`): the terms are joined in as RDF terms, never as text.
* For a remote endpoint, whose interface is text, :func:`bind_text` writes that VALUES
  block from the terms' canonical serialisation (rdflib's ``n3()``, which escapes every
  quote, backslash and line break; IRIs are checked for characters an IRI cannot hold
  before they get here), places it just inside the WHERE clause's opening brace, and
  re-parses the result to prove that the query's structure is unchanged.
  :func:`declare_prefixes` adds the il2kg prefixes the text uses but does not declare, as
  the embedded engines do with ``initNs``/``prefixes=``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from rdflib import Literal, URIRef, Variable
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.algebra import Join, ToMultiSet, Values, translateQuery
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.plugins.sparql.sparql import Query
from rdflib.term import Node

from il2kg.errors import BadParameterError
from il2kg.lookup import BAD_IRI
from il2kg.terms import PREFIXES

__all__ = [
    "bind_algebra",
    "bind_text",
    "declare_prefixes",
    "term_text",
    "unknown_prefix",
    "where_brace",
]

# Nodes that wrap the WHERE group from above (solution modifiers, projection, grouping,
# and the group's own FILTER and BIND, which apply to the whole group).
_WRAPPERS = {
    "SelectQuery", "AskQuery", "ConstructQuery", "DescribeQuery", "Slice", "Distinct",
    "Reduced", "Project", "OrderBy", "Extend", "Filter", "AggregateJoin", "Group",
}  # fmt: skip
# Binary nodes whose first operand is the start of the group.
_LEFT_FIRST = {"Join", "LeftJoin", "Minus"}


def bind_algebra(text: str, bindings: dict[Variable, list[Node]]) -> Query:
    """Parse a query and join each bound variable to its terms in the parsed algebra.

    Args:
        text: The query text (its parameter variables unbound).
        bindings: Variable -> the terms it may take (one solution per term).

    Returns:
        The prepared query, ready for ``Graph.query``.

    >>> from rdflib import Graph, URIRef
    >>> g = Graph().parse(data="<urn:a> <urn:p> 1 . <urn:b> <urn:p> 2 .", format="turtle")
    >>> bindings = {Variable("_s_iri"): [URIRef("urn:b")]}
    >>> q = bind_algebra("SELECT ?o WHERE { ?_s_iri ?p ?o }", bindings)
    >>> [row.o.toPython() for row in g.query(q)]
    [2]
    """
    bound = prepareQuery(text, initNs=PREFIXES)  # a prefix the text declares wins
    if not bindings:
        return bound
    parent, key = _group_start(bound.algebra)
    start = parent[key]
    lazy = _pushable(start, set(bindings))
    for variable, terms in bindings.items():
        rows: list[dict[Variable, Any]] = [{variable: term} for term in terms]
        start = Join(ToMultiSet(Values(rows)), start)
        # A lazy join evaluates the group once per bound value, with the value in place,
        # instead of evaluating it for every value and joining afterwards.
        start["lazy"] = lazy
    parent[key] = start
    return bound


# Below these the bound value must not be pushed down: a sub-select has its own variables,
# and its LIMIT, DISTINCT or aggregates would see fewer solutions.
_OWN_SCOPE = {
    "Project", "Slice", "Distinct", "Reduced", "Group", "AggregateJoin", "OrderBy",
    "ServiceGraphPattern",
}  # fmt: skip
_EXPRESSION_NODES = {"Filter", "Extend", "LeftJoin"}


def _pushable(node: object, variables: set[Variable]) -> bool:
    """Whether evaluating ``node`` with ``variables`` already bound gives the same answer.

    That holds unless the group holds a sub-select, or an expression (FILTER, BIND, an
    OPTIONAL's filter) in a nested group mentions a bound variable that the nested
    group's own patterns do not bind: evaluated bottom-up, as SPARQL specifies, the
    variable is unbound there.
    """
    if isinstance(node, list | tuple):
        return all(_pushable(item, variables) for item in node)
    if not isinstance(node, CompValue):
        return True
    if node.name in _OWN_SCOPE:
        return False
    if node.name in _EXPRESSION_NODES:
        mentioned = _variables(dict.get(node, "expr")) & variables
        patterns = [dict.get(node, k) for k in ("p", "p1", "p2")]
        if mentioned - set().union(*(_pattern_variables(p) for p in patterns)):
            return False
    return all(_pushable(value, variables) for value in node.values())


def _variables(node: object) -> set[Variable]:
    if isinstance(node, Variable):
        return {node}
    if isinstance(node, CompValue | dict):
        return set().union(set(), *(_variables(v) for v in node.values()))
    if isinstance(node, list | tuple | set):
        return set().union(set(), *(_variables(v) for v in node))
    return set()


def _pattern_variables(node: object) -> set[Variable]:
    """The variables that triple patterns and VALUES under ``node`` bind."""
    if isinstance(node, list | tuple):
        return set().union(set(), *(_pattern_variables(item) for item in node))
    if not isinstance(node, CompValue):
        return set()
    if node.name == "BGP":
        return {term for triple in node["triples"] for term in triple if isinstance(term, Variable)}
    if node.name == "values":
        return {variable for row in node["res"] for variable in row}
    return set().union(set(), *(_pattern_variables(value) for value in node.values()))


def _group_start(algebra: CompValue) -> tuple[CompValue, str]:
    """Find where the first element of the WHERE group sits: (parent node, key)."""
    parent, key = algebra, "p"
    node = algebra["p"]
    while isinstance(node, CompValue):
        if node.name in _WRAPPERS and isinstance(dict.get(node, "p"), CompValue):
            parent, key = node, "p"
        elif node.name in _LEFT_FIRST and isinstance(dict.get(node, "p1"), CompValue):
            parent, key = node, "p1"
        else:
            break
        node = parent[key]
    return parent, key


def bind_text(text: str, bindings: dict[Variable, list[Node]]) -> str:
    r"""Return the query text with a VALUES block per variable just inside the WHERE clause.

    The result is re-parsed; if it does not parse, or its projection or form differ from
    the original's, the binding is refused.

    Raises:
        BadParameterError: A term cannot be written safely, or the bound text does not
            have the structure of the original.

    >>> from rdflib import Literal
    >>> print(bind_text('SELECT ?s WHERE { ?s ?p ?_t }', {Variable("_t"): [Literal('a"b')]}))
    SELECT ?s WHERE {
      VALUES ?_t { "a\"b" }
     ?s ?p ?_t }
    """
    if not bindings:
        return text
    rows = [
        f"  VALUES {variable.n3()} {{ {' '.join(term_text(term) for term in terms)} }}"
        for variable, terms in bindings.items()
    ]
    brace = where_brace(text)
    bound = text[: brace + 1] + "\n" + "\n".join(rows) + "\n" + text[brace + 1 :]
    _check_same_structure(text, bound, bindings)
    return bound


_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def term_text(term: Node) -> str:
    r"""Write an IRI or literal in SPARQL syntax, escaping everything that could end it.

    Literals are always written in short double quotes with the SPARQL escapes for
    backslash, quote and line breaks; IRIs holding characters an IRIREF cannot hold are
    refused rather than escaped.

    >>> from rdflib import Literal, URIRef
    >>> print(term_text(Literal('say "hi" } #', lang="en")))
    "say \"hi\" } #"@en
    >>> term_text(URIRef("https://w3id.org/il2kg/id/IL2"))
    '<https://w3id.org/il2kg/id/IL2>'
    """
    if isinstance(term, URIRef):
        if BAD_IRI.search(str(term)):
            raise BadParameterError(f"cannot write {str(term)!r} as an IRI")
        return f"<{term}>"
    if isinstance(term, Literal):
        body = _escape(str(term))
        if term.language:
            return f'"{body}"@{term.language}'
        if term.datatype:
            return f'"{body}"^^{term_text(term.datatype)}'
        return f'"{body}"'
    raise BadParameterError(f"cannot bind {term!r}: only IRIs and literals can be parameters")


def _escape(text: str) -> str:
    r"""Escape a string for a SPARQL short double-quoted literal.

    SPARQL expands ``\uXXXX`` and ``\UXXXXXXXX`` escapes anywhere in the text before it is
    parsed, so a backslash written as ``\\`` followed by ``u`` would start one (rdflib's
    expansion even reads eight hex digits after ``\u``); such a ``u`` is written as
    ``\U000000XX``, which every reading turns back into the letter.

    >>> print(_escape('a\\u0022"'))
    a\\\U000000750022\"
    """
    out = []
    after_backslash = False
    for ch in text:
        out.append(f"\\U{ord(ch):08X}" if after_backslash and ch in "uU" else _ESCAPES.get(ch, ch))
        after_backslash = ch == "\\"
    return "".join(out)


def _check_same_structure(original: str, bound: str, bindings: dict[Variable, list[Node]]) -> None:
    try:
        before = translateQuery(parseQuery(original))
        after = translateQuery(parseQuery(bound))
    except Exception as exc:  # pyparsing and rdflib raise many exception types
        raise BadParameterError(f"the parameter values broke the query text: {exc}") from None
    if before.algebra.name != after.algebra.name or dict.get(before.algebra, "PV") != dict.get(
        after.algebra, "PV"
    ):
        raise BadParameterError("the parameter values changed the query's form or projection")
    found = [tuple(row.items()) for node in _values_nodes(after.algebra) for row in node["res"]]
    expected = [((variable, term),) for variable, terms in bindings.items() for term in terms]
    if sorted(found, key=str) != sorted(expected, key=str) and not set(expected) <= set(found):
        raise BadParameterError("the parameter values did not survive the round trip to text")
    if len(list(_values_nodes(after.algebra))) != len(list(_values_nodes(before.algebra))) + len(
        bindings
    ):
        raise BadParameterError("the parameter values added or removed VALUES blocks")


def _values_nodes(node: object) -> Iterator[CompValue]:
    if isinstance(node, CompValue):
        if node.name == "values":
            yield node
        for value in node.values():
            yield from _values_nodes(value)
    elif isinstance(node, list | tuple):
        for item in node:
            yield from _values_nodes(item)


_TOKEN = re.compile(
    r"""
    (?P<comment>\#[^\n]*)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
               |'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")
  | (?P<iri><[^<>"{}|^`\\\s]*>)
  | (?P<word>[A-Za-z_][A-Za-z0-9_-]*)
  | (?P<brace>[{}])
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)


def where_brace(text: str) -> int:
    """Return the offset of the opening brace of the query's WHERE clause.

    Comments, strings and IRIs are skipped. The WHERE group is the first top-level brace
    after the keyword WHERE or, for SELECT, ASK and DESCRIBE without that keyword, the first
    top-level brace; a CONSTRUCT template is never taken for it.

    Raises:
        BadParameterError: The query has no WHERE group to bind parameters in.

    >>> where_brace('CONSTRUCT { ?s ?p "{" } WHERE { ?s ?p ?o }')
    30
    """
    depth = 0
    form = None
    seen_where = False
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        if kind == "word":
            word = match.group().upper()
            if depth == 0 and form is None and word in {"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"}:
                form = word
            elif depth == 0 and word == "WHERE":
                seen_where = True
        elif kind == "brace":
            if match.group() == "{":
                if depth == 0 and (seen_where or (form in {"SELECT", "ASK", "DESCRIBE"})):
                    return match.start()
                depth += 1
            else:
                depth -= 1
    raise BadParameterError("the query has no WHERE clause to bind parameters in")


_UNKNOWN_PREFIX = re.compile(r"^Unknown namespace prefix\s*:\s*(\S*)")
# What holds no prefixed name: IRIs, strings, comments (a rough lexer, enough to find prefixes).
_NOT_NAMES = re.compile(
    r"<[^<>\s]*>"
    r'|"""[\s\S]*?"""'
    r"|'''[\s\S]*?'''"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*'"
    r"|#[^\n]*"
)
_DECLARED = re.compile(r"\bPREFIX\s+([A-Za-z][\w.-]*)?:", re.IGNORECASE)


def unknown_prefix(shown: str, detail: str) -> str | None:
    """The message for rdflib's "Unknown namespace prefix" error ``detail``, else None."""
    found = _UNKNOWN_PREFIX.match(detail)
    if not found:
        return None
    prefix = found.group(1)
    return (
        f"{shown}: unknown prefix {prefix!r}: declare it (PREFIX {prefix}: <...>) or use one "
        f"il2kg declares ({', '.join(PREFIXES)})"
    )


def declare_prefixes(text: str) -> str:
    """The query with PREFIX declarations for the il2kg prefixes it uses but does not declare.

    The declarations go at the start of the first line, so that the line numbers an
    endpoint gives in an error are those of the text as written.

    >>> declare_prefixes("SELECT * WHERE { ?s a il2kg:Cytokine }")[:48]
    'PREFIX il2kg: <https://w3id.org/il2kg/ontology/>'
    >>> declare_prefixes("PREFIX il2kg: <urn:x:> ASK { ?s a il2kg:C }")[:22]
    'PREFIX il2kg: <urn:x:>'
    """
    names = _NOT_NAMES.sub(" ", text)
    declared = set(_DECLARED.findall(names))
    used = [
        prefix
        for prefix in PREFIXES
        if prefix not in declared and re.search(rf"(?<![\w.:-]){re.escape(prefix)}:", names)
    ]
    return "".join(f"PREFIX {prefix}: <{PREFIXES[prefix]}> " for prefix in used) + text
