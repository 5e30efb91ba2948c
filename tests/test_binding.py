"""Parameters: typed checking, label resolution, and binding that hostile values cannot break."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st
from rdflib import Dataset, Graph, Literal, URIRef, Variable
from rdflib.namespace import RDFS, SKOS, XSD
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.term import Node

from il2kg.errors import BadParameterError, QueryError
from il2kg.graph import KnowledgeGraph, SourceFile
from il2kg.query.api import _LABEL_QUERY, label_resolver, run_query, run_sparql
from il2kg.query.catalogue import Parameter, load_catalogue, parse_named_query
from il2kg.query.parameters import bind_parameters, to_term
from il2kg.query.results import QueryResult
from il2kg.query.substitution import (
    bind_algebra,
    bind_text,
    declare_prefixes,
    term_text,
    where_brace,
)
from il2kg.terms import IL2

ALL_KINDS = load_catalogue(Path(__file__).parent / "fixtures" / "queries" / "good")["all-kinds"]


def memory_kg(triples: Iterable[tuple[Node, Node, Node]]) -> KnowledgeGraph:
    """A KnowledgeGraph of one in-memory named graph (no files, no parsing)."""
    dataset = Dataset()
    graph = dataset.graph(URIRef("urn:test:graph"))
    for triple in triples:
        graph.add(triple)
    return KnowledgeGraph(dataset, (SourceFile("memory", "urn:test:graph", len(graph)),), Path())


def param(name: str) -> Parameter:
    found = ALL_KINDS.parameter(name)
    assert found is not None
    return found


# --- each kind accepts good and refuses bad input, naming parameter and type ---


@pytest.mark.parametrize(
    ("name", "value", "term"),
    [
        ("thing", "il2:IL2RA", IL2.IL2RA),
        ("thing", "https://w3id.org/il2kg/id/IL2RA", IL2.IL2RA),
        ("thing", "<https://w3id.org/il2kg/id/IL2RA>", IL2.IL2RA),
        ("thing", "uniprot:P01589", URIRef("http://purl.uniprot.org/uniprot/P01589")),
        ("thing", "urn:isbn:0451450523", URIRef("urn:isbn:0451450523")),
        ("note", "any text at all", Literal("any text at all")),
        ("name", "interleukin-2", Literal("interleukin-2", lang="en")),
        ("label", "Interleukin-2", Literal("Interleukin-2", lang="de")),
        ("count", " 42 ", Literal(42)),
        ("count", "-7", Literal(-7)),
        ("ratio", "2.50", Literal("2.50", datatype=XSD.decimal)),
        ("flag", "TRUE", Literal(True)),
        ("flag", "no", Literal(False)),
        ("day", "2024-02-29", Literal("2024-02-29", datatype=XSD.date)),
    ],
)
def test_kind_accepts(name: str, value: str, term: Node) -> None:
    got = to_term(param(name), value, "all-kinds")
    assert got == term
    assert type(got) is type(term)


@pytest.mark.parametrize(
    ("name", "value", "reason"),
    [
        ("thing", "not an iri", "is not an IRI or a CURIE with a known prefix"),
        ("thing", "https://example.org/a b", "characters an IRI cannot hold"),
        ("thing", 'https://example.org/a"b', "characters an IRI cannot hold"),
        ("thing", "https://example.org/{x}", "characters an IRI cannot hold"),
        ("count", "4.5", "is not an integer"),
        ("count", "four", "is not an integer"),
        ("ratio", "1,5", "is not a decimal number"),
        ("flag", "maybe", "is not a boolean (true or false)"),
        ("day", "2023-02-30", f"is not a valid <{XSD}date>"),
    ],
)
def test_kind_refuses_naming_parameter_and_type(name: str, value: str, reason: str) -> None:
    with pytest.raises(BadParameterError) as caught:
        to_term(param(name), value, "all-kinds")
    message = str(caught.value)
    assert message.startswith(f"parameter {name!r} of all-kinds: {value!r} ")
    assert reason in message


def test_curie_with_unknown_prefix_is_refused() -> None:
    # Regression: 'xyz:IL2RA' used to be taken for an absolute IRI of scheme 'xyz'.
    with pytest.raises(BadParameterError, match="unknown prefix 'xyz'; expected an IRI"):
        to_term(param("thing"), "xyz:IL2RA", "all-kinds")
    # Even with a label resolver, when no entity has that label.
    with pytest.raises(BadParameterError, match="unknown prefix 'xyz'"):
        to_term(param("thing"), "xyz:IL2RA", "all-kinds", lambda text: [])


def test_bind_parameters_defaults_lists_and_errors() -> None:
    bindings = bind_parameters(ALL_KINDS, {"count": ["1", "2"]})
    assert bindings[Variable("_thing_iri")] == [IL2.IL2]  # the default
    assert bindings[Variable("__count_integer")] == [Literal(1), Literal(2)]
    assert bindings[Variable("__note")] == [Literal("hello world")]
    assert Variable("__ratio_xsd_decimal") not in bindings  # optional, no default: unbound
    with pytest.raises(BadParameterError, match=r"unknown parameter 'colour' for all-kinds; "):
        bind_parameters(ALL_KINDS, {"colour": "red"})
    required = parse_named_query("SELECT * WHERE { ?s ?p ?_n_integer }", "req", "req.rq")
    with pytest.raises(BadParameterError, match=r"'n' of req is required \(integer\)"):
        bind_parameters(required, {})


# --- labels ---


def test_label_resolving_to_one_entity(shipped_kg: KnowledgeGraph) -> None:
    resolver = label_resolver(kg=shipped_kg, endpoint=None)
    assert to_term(param("thing"), "CD25", "all-kinds", resolver) == IL2.IL2RA
    assert to_term(param("thing"), "cd25", "all-kinds", resolver) == IL2.IL2RA  # any case
    result = run_query("therapeutics-targeting", {"target": "CD25"}, kg=shipped_kg)
    assert set(result.column("target")) == {IL2.IL2RA}


def test_ambiguous_and_unknown_labels_are_refused() -> None:
    kg = memory_kg(
        [
            (URIRef("urn:a"), RDFS.label, Literal("twin", lang="en")),
            (URIRef("urn:b"), SKOS.altLabel, Literal("Twin")),
        ]
    )
    resolver = label_resolver(kg=kg, endpoint=None)
    # Neither name equals "TWIN" exactly, both ignoring case: ambiguous (one exact name wins,
    # see tests/test_lookup.py).
    with pytest.raises(
        BadParameterError, match=r"'TWIN' is the label of 2 entities \(urn:a, urn:b\)"
    ):
        to_term(param("thing"), "TWIN", "all-kinds", resolver)
    with pytest.raises(BadParameterError, match="nor the label of an entity"):
        to_term(param("thing"), "nobody", "all-kinds", resolver)


# --- hostile strings: bind_text keeps the query's structure and the exact value ---

HOSTILE = [
    "",
    "'",
    '"',
    "'''",
    '"""',
    "{",
    "}",
    "} ; DROP ALL",
    '" } ; DROP ALL ; SELECT * WHERE { "',
    "# comment",
    "line\nbreak",
    "carriage\rreturn",
    "tab\there",
    "back\\slash",
    "trailing\\",
    "\\u0022",
    '\\u0022 } ; DROP ALL #"',
    "\\U00000022",
    "\\\\u0022",
    "\u2028 line separator \u2029",
    "\x00 nul",
    "😀 ünïcödé ΑΒΓ 中文",
    "?x ?y",
    "> <urn:evil>",
    "@en",
    '"@en ^^<urn:t>',
]
FRAGMENTS = st.sampled_from(
    ["'", '"', "{", "}", "#", "\n", "\r", "\\", "u0022", "\\u", "U", ";", " ", "DROP ALL", "\u2028"]
)
HOSTILE_TEXT = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(max_size=30),
    st.lists(st.one_of(FRAGMENTS, st.text(max_size=4)), max_size=12).map("".join),
)
STRING_QUERY = parse_named_query(
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
    "SELECT ?s WHERE {\n  ?s rdfs:label ?_name .\n  FILTER (isIRI(?s))\n}",
    "by-string",
    "by-string.rq",
)
LANG_QUERY = parse_named_query(
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
    "SELECT ?s WHERE {\n  ?s rdfs:label ?_name_en .\n  FILTER (isIRI(?s))\n}",
    "by-lang",
    "by-lang.rq",
)


def examples(count: int) -> settings:
    """Hypothesis settings: ``count`` examples, no deadline (rdflib's parser is slow)."""
    return settings(max_examples=count, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _shape(node: Any) -> Any:
    """The algebra as plain data, with the rows of every VALUES block left out."""
    if isinstance(node, CompValue):
        if node.name == "values":
            return ("values", sorted({str(v) for row in node["res"] for v in row}))
        return (
            node.name,
            tuple(sorted((k, _shape(v)) for k, v in node.items() if k != "_vars")),
        )
    if isinstance(node, dict):
        return tuple(sorted((str(k), _shape(v)) for k, v in node.items()))
    if isinstance(node, list | tuple):
        return tuple(_shape(item) for item in node)
    if isinstance(node, set | frozenset):
        return tuple(sorted(str(item) for item in node))
    return repr(node)


def _values_rows(node: Any) -> list[dict[Variable, Node]]:
    if isinstance(node, CompValue):
        rows = list(node["res"]) if node.name == "values" else []
        return rows + [row for value in node.values() for row in _values_rows(value)]
    if isinstance(node, list | tuple):
        return [row for item in node for row in _values_rows(item)]
    return []


DECOY_LABEL = "an unrelated label"


def _graph_with_label(label: Literal) -> Graph:
    graph = Graph()
    graph.add((URIRef("urn:target"), RDFS.label, label))
    # Decoys: the same text longer, in another form, or in another language.
    graph.add((URIRef("urn:longer"), RDFS.label, Literal(str(label) + "x", lang=label.language)))
    graph.add((URIRef("urn:other"), RDFS.label, Literal(DECOY_LABEL)))
    if label.language:
        graph.add((URIRef("urn:plain"), RDFS.label, Literal(str(label))))
    else:
        graph.add((URIRef("urn:tagged"), RDFS.label, Literal(str(label), lang="fr")))
    return graph


@cache
def _reference(query_text: str, variable: Variable, language: str | None) -> tuple[Any, ...]:
    """Form, projection and shape of the query unbound, and bound to a harmless value."""
    before = translateQuery(parseQuery(query_text)).algebra
    harmless = bind_text(query_text, {variable: [Literal("placeholder", lang=language)]})
    return before.name, before["PV"], _shape(translateQuery(parseQuery(harmless)).algebra)


def _check_bound_text(
    query_text: str, variable: Variable, literal: Literal, graph: Graph | None = None
) -> None:
    bound = bind_text(query_text, {variable: [literal]})
    after = translateQuery(parseQuery(bound)).algebra
    # Same algebra as with a harmless value, VALUES data aside; same form and projection.
    name, projection, shape = _reference(query_text, variable, literal.language)
    assert _shape(after) == shape
    assert (after.name, after["PV"]) == (name, projection)
    # The VALUES block holds exactly the given string as a literal, and nothing else.
    assert _values_rows(after) == [{variable: literal}]
    found = _values_rows(after)[0][variable]
    assert isinstance(found, Literal)
    assert str(found) == str(literal)
    assert found.language == literal.language
    assert found.datatype == literal.datatype
    # Run on a graph holding that exact label (and decoys): exactly the one entity.
    rows = list((graph or _graph_with_label(literal)).query(bound))
    assert [row[0] for row in rows] == [URIRef("urn:target")]  # type: ignore[index]


@examples(150)
@given(HOSTILE_TEXT)
@example("} ; DROP ALL")
@example("\\u0022")
def test_hostile_string_parameter_is_bound_as_one_literal(text: str) -> None:
    if not text.strip():  # an empty value of a required parameter is refused, not bound
        with pytest.raises(BadParameterError, match="empty value"):
            bind_parameters(STRING_QUERY, {"name": text})
        return
    bindings = bind_parameters(STRING_QUERY, {"name": text})
    assert bindings == {Variable("_name"): [Literal(text)]}
    _check_bound_text(STRING_QUERY.text, Variable("_name"), Literal(text))


@examples(80)
@given(HOSTILE_TEXT)
def test_hostile_language_string_parameter_is_bound_as_one_literal(text: str) -> None:
    if not text.strip():  # an empty value of a required parameter is refused, not bound
        with pytest.raises(BadParameterError, match="empty value"):
            bind_parameters(LANG_QUERY, {"name": text})
        return
    bindings = bind_parameters(LANG_QUERY, {"name": text})
    assert bindings == {Variable("_name_en"): [Literal(text, lang="en")]}
    _check_bound_text(LANG_QUERY.text, Variable("_name_en"), Literal(text, lang="en"))


@examples(50)
@given(HOSTILE_TEXT)
def test_hostile_label_is_looked_up_as_one_literal(text: str) -> None:
    assume(text.lower() != DECOY_LABEL)
    # The label lookup matches any case and language: decoys differ in their text.
    graph = Graph()
    graph.add((URIRef("urn:target"), RDFS.label, Literal(text)))
    graph.add((URIRef("urn:longer"), SKOS.altLabel, Literal(text + "x", lang="en")))
    graph.add((URIRef("urn:other"), RDFS.label, Literal(DECOY_LABEL)))
    # The text form of the lookup (what an endpoint receives) ...
    lookup = _LABEL_QUERY.replace("?entity", "?s")
    _check_bound_text(lookup, Variable("_text"), Literal(text), graph)
    # ... and resolving an IRI parameter given as that label on the embedded graph (which
    # strips the value, and reads values with a colon or <> as a CURIE or an IRI).
    label = text.strip()
    assume(label and ":" not in label and "<" not in label)
    kg = memory_kg(
        [(URIRef("urn:target"), RDFS.label, Literal(label)), *graph.triples((None, None, None))]
    )
    resolver = label_resolver(kg=kg, endpoint=None)
    assert to_term(param("thing"), text, "all-kinds", resolver) == URIRef("urn:target")


@examples(60)
@given(st.text(min_size=1, max_size=10), st.sampled_from(list(' "<>{}|^`\\\n\t')))
def test_iri_with_forbidden_characters_is_refused(tail: str, bad: str) -> None:
    iri = f"https://example.org/{tail}{bad}end"
    with pytest.raises(BadParameterError):
        to_term(param("thing"), iri, "all-kinds")
    with pytest.raises(BadParameterError, match="cannot write"):
        term_text(URIRef(iri))


# --- binding on the embedded graph ---


def _join_nodes(node: Any) -> list[CompValue]:
    if isinstance(node, CompValue):
        own = [node] if node.name == "Join" and _values_rows(node["p1"]) else []
        return own + [j for value in node.values() for j in _join_nodes(value)]
    if isinstance(node, list | tuple):
        return [j for item in node for j in _join_nodes(item)]
    return []


@pytest.mark.parametrize(
    ("text", "lazy"),
    [
        ("SELECT * WHERE { ?s ?p ?_x_iri . OPTIONAL { ?s ?q ?o } }", True),
        ("SELECT * WHERE { { ?s ?p ?_x_iri } UNION { ?_x_iri ?p ?s } }", True),
        # A sub-select has its own scope: evaluated once, then joined.
        ("SELECT * WHERE { { SELECT ?s WHERE { ?s ?p ?_x_iri } LIMIT 1 } }", False),
        # A nested filter on the parameter, which that group does not bind.
        ("SELECT * WHERE { { ?s ?p ?o FILTER (?o = ?_x_iri) } UNION { ?s ?p ?_x_iri } }", False),
    ],
)
def test_bound_value_is_pushed_into_the_group_only_when_safe(text: str, lazy: bool) -> None:
    # Regression: the join with the bound values was never lazy, so rdflib evaluated the
    # whole WHERE group for every entity first (entity-summary took seconds, now ~0.2 s).
    prepared = bind_algebra(text, {Variable("_x_iri"): [URIRef("urn:x")]})
    joins = _join_nodes(prepared.algebra)
    assert len(joins) == 1
    assert bool(joins[0]["lazy"]) is lazy


def test_pushed_and_joined_binding_give_the_same_rows(shipped_kg: KnowledgeGraph) -> None:
    catalogue = load_catalogue()
    graph = shipped_kg.union()
    # (entity-summary, the query that was slow, is left out: joined, it takes seconds.)
    for name in ("provenance", "cytokine-cells", "signalling-cascade", "therapeutics-targeting"):
        query = catalogue[name]
        bindings = bind_parameters(query, {})
        lazy = bind_algebra(query.text, bindings)
        eager = bind_algebra(query.text, bindings)
        for join in _join_nodes(eager.algebra):
            join["lazy"] = False
        assert _join_nodes(lazy.algebra)[0]["lazy"], name
        rows_lazy = QueryResult.from_rdflib(graph.query(lazy)).rows
        rows_eager = QueryResult.from_rdflib(graph.query(eager)).rows
        assert sorted(map(repr, rows_lazy)) == sorted(map(repr, rows_eager)), name
        assert rows_lazy, name


def test_where_brace_skips_strings_comments_and_templates() -> None:
    text = 'CONSTRUCT { ?s ?p "{" } # { comment\nWHERE { ?s ?p ?o }'
    assert text[where_brace(text) :] == "{ ?s ?p ?o }"
    with pytest.raises(BadParameterError, match="no WHERE clause"):
        where_brace("CONSTRUCT { ?s ?p ?o }")


@pytest.mark.parametrize("text", ["\\u0022", "\\U00000022", "a\\u00e9b", "\\\\u005c", "x\\uZZ"])
def test_backslash_u_in_a_value_survives_the_text_binding(text: str) -> None:
    # Regression: SPARQL expands \u escapes before parsing, so "\\u0022" written as an
    # escaped backslash followed by u0022 turned into a quote; such values were refused.
    bound = bind_text(STRING_QUERY.text, {Variable("_name"): [Literal(text)]})
    assert _values_rows(translateQuery(parseQuery(bound)).algebra) == [
        {Variable("_name"): Literal(text)}
    ]


# --- run_sparql: the project's prefixes and parameters ---

CYTOKINES = "SELECT ?c WHERE { ?c a il2kg:Cytokine } ORDER BY ?c"


def test_run_sparql_knows_the_project_prefixes_on_both_engines(shipped_kg: KnowledgeGraph) -> None:
    answers = {
        engine: run_sparql(CYTOKINES, kg=shipped_kg, engine=engine).rows
        for engine in ("oxigraph", "rdflib")
    }
    assert answers["oxigraph"] == answers["rdflib"]
    assert (IL2.IL2,) in answers["rdflib"]


def test_a_prefix_the_query_declares_wins(shipped_kg: KnowledgeGraph) -> None:
    mine = "PREFIX il2kg: <urn:nothing:> " + CYTOKINES
    for engine in ("oxigraph", "rdflib"):
        assert run_sparql(mine, kg=shipped_kg, engine=engine).rows == ()


def test_run_sparql_binds_params_as_il2kg_sparql_does(shipped_kg: KnowledgeGraph) -> None:
    text = "SELECT ?c WHERE { ?c il2kg:usesChain ?_chain_iri } ORDER BY ?c"
    for engine in ("oxigraph", "rdflib"):
        by_label = run_sparql(text, {"chain": "CD122"}, kg=shipped_kg, engine=engine)
        by_curie = run_sparql(text, {"chain": "il2:IL2RB"}, kg=shipped_kg, engine=engine)
        assert by_label.rows == by_curie.rows
        assert set(by_label.column("c")) == {IL2.IL2, IL2.IL15}
    with pytest.raises(BadParameterError, match="unknown parameter 'colour'"):
        run_sparql(text, {"colour": "red"}, kg=shipped_kg)
    with pytest.raises(BadParameterError, match="not both"):
        run_sparql(text, {"chain": "CD122"}, bindings={Variable("_chain_iri"): [IL2.IL2RB]})


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_an_unknown_prefix_fails_with_one_clear_message(
    shipped_kg: KnowledgeGraph, engine: str
) -> None:
    with pytest.raises(QueryError) as caught:
        run_sparql("SELECT ?s WHERE { ?s a nope:Thing }", kg=shipped_kg, engine=engine)
    message = str(caught.value)
    assert message.startswith("query: unknown prefix 'nope': declare it (PREFIX nope: <...>)")
    assert "il2kg, il2," in message and "\n" not in message


def test_declared_prefixes_keep_the_line_numbers() -> None:
    text = "SELECT ?s\nWHERE { ?s a il2kg:Cytokine ;\n rdfs:label 'skos:x' } # owl:Thing"
    out = declare_prefixes(text)
    assert out.count("\n") == text.count("\n") and out.endswith(text)
    head = out[: -len(text)]
    assert "PREFIX il2kg:" in head and "PREFIX rdfs:" in head
    assert "skos" not in head and "owl" not in head  # in a string, in a comment
