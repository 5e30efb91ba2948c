"""The catalogue of named queries: headers, parameter kinds, errors, and the catalogue as RDF."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH, XSD

from il2kg.errors import LoadError, UnknownQueryError
from il2kg.query.api import parse_sparql
from il2kg.query.catalogue import Catalogue, load_catalogue, parse_named_query
from il2kg.query.examples import CATALOGUE_IRI, DATASET_IRI, QUERIES, SCHEMA, catalogue_graph
from il2kg.terms import PREFIXES

FIXTURES = Path(__file__).parent / "fixtures" / "queries"
GOOD = FIXTURES / "good"
BAD = sorted((FIXTURES / "bad").glob("*.rq"))
XSD_NS = str(XSD)
SH_NS = str(SH)


@pytest.fixture(scope="module")
def good() -> Catalogue:
    return load_catalogue(GOOD)


@pytest.fixture(scope="module")
def shipped() -> Catalogue:
    return load_catalogue()


def test_header_fields(good: Catalogue) -> None:
    query = good["all-kinds"]
    assert query.name == "all-kinds"
    assert query.path == "queries/all-kinds.rq"
    assert query.summary == "Every kind of parameter, for the catalogue tests."
    # A '#+' line indented by three spaces continues the previous value.
    assert query.description == "A first line of description continued on a second line."
    assert query.tags == ("test", "parameters")
    assert query.example == "il2kg query all-kinds --param thing=il2:IL2"
    assert query.form == "SELECT"
    assert good["graph-of"].tags == ("single-tag",)  # a scalar tag is a list of one


def test_parameter_kinds_defaults_and_enumerate(good: Catalogue) -> None:
    got = {
        p.name: (p.variable, p.kind, p.required, p.default, p.language, p.datatype, p.enumerate)
        for p in good["all-kinds"].parameters
    }
    assert got == {
        "thing": ("_thing_iri", "iri", True, ("https://w3id.org/il2kg/id/IL2",), None, None, True),
        "note": ("__note", "string", False, ("hello world",), None, None, False),
        "name": ("__name_en", "lang", False, (), "en", None, False),
        "count": ("__count_integer", "integer", False, ("3", "4"), None, XSD_NS + "integer", False),
        "ratio": ("__ratio_xsd_decimal", "decimal", False, (), None, XSD_NS + "decimal", False),
        "flag": ("__flag_xsd_boolean", "boolean", False, (), None, XSD_NS + "boolean", False),
        "day": ("__day_xsd_date", "datatype", False, (), None, XSD_NS + "date", False),
        "label": ("__label_de", "lang", False, (), "de", None, False),
    }
    # Parameters come in the order they first appear in the query.
    assert [p.name for p in good["all-kinds"].parameters][:3] == ["thing", "note", "name"]


def test_type_labels_name_the_expected_type(good: Catalogue) -> None:
    labels = {p.name: p.type_label for p in good["all-kinds"].parameters}
    assert labels["thing"] == "IRI, CURIE or label"
    assert labels["name"] == "string (@en)"
    assert labels["count"] == "integer"
    assert labels["day"] == f"literal of datatype <{XSD_NS}date>"


@pytest.mark.parametrize(
    ("name", "form"),
    [
        ("all-kinds", "SELECT"),
        ("yes-or-no", "ASK"),
        ("graph-of", "CONSTRUCT"),
        ("describe-it", "DESCRIBE"),
    ],
)
def test_query_form(good: Catalogue, name: str, form: str) -> None:
    assert good[name].form == form


@pytest.mark.parametrize("path", BAD, ids=lambda p: p.stem)
def test_bad_header_is_a_load_error_with_file_and_line(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    expected = re.search(r"^# expect: line (\d+): (.*)$", text, re.MULTILINE)
    assert expected, f"{path.name} must state the error it expects"
    shown = f"queries/{path.name}"
    with pytest.raises(LoadError) as caught:
        parse_named_query(text, path.stem, shown)
    assert caught.value.path == shown
    assert caught.value.line == int(expected.group(1))
    assert caught.value.reason == expected.group(2)
    assert str(caught.value).startswith(f"{shown}, line {expected.group(1)}: ")


def test_load_catalogue_names_the_bad_file(tmp_path: Path) -> None:
    (tmp_path / "queries").mkdir()
    bad = BAD[0]
    (tmp_path / "queries" / bad.name).write_text(bad.read_text(encoding="utf-8"))
    with pytest.raises(LoadError, match=rf"^queries/{re.escape(bad.name)}, line \d+: "):
        load_catalogue(tmp_path)


def test_unknown_name_suggests_the_nearest(shipped: Catalogue) -> None:
    with pytest.raises(UnknownQueryError, match="did you mean receptor-chains") as caught:
        shipped.get_query("receptor-chain")
    assert "no named query 'receptor-chain'" in str(caught.value)


def test_unknown_name_far_from_all_lists_them(good: Catalogue) -> None:
    with pytest.raises(UnknownQueryError, match="known: all-kinds, describe-it"):
        good.get_query("zzzzzz")


def test_catalogue_is_a_sorted_mapping(shipped: Catalogue) -> None:
    assert list(shipped) == sorted(shipped)
    from il2kg.config import data_root

    assert len(shipped) == len(list((data_root() / "queries").glob("*.rq")))
    assert shipped.get_query("receptor-chains") is shipped["receptor-chains"]


def test_every_shipped_query_has_a_summary_and_parses(shipped: Catalogue) -> None:
    assert len(shipped) >= 10
    for query in shipped.values():
        assert query.summary, query.name
        parse_sparql(query.text, query.path)


# --- the catalogue as RDF (SIB sparql-examples form) ---


def _reparsed(catalogue: Catalogue, endpoint: str | None = None) -> Graph:
    text = catalogue_graph(catalogue, endpoint).serialize(format="turtle")
    return Graph().parse(data=text, format="turtle")


def test_catalogue_graph_has_one_executable_per_query_and_texts_round_trip(
    shipped: Catalogue,
) -> None:
    graph = _reparsed(shipped)
    executables = set(graph.subjects(RDF.type, SH.SPARQLExecutable))
    assert executables == {QUERIES[name] for name in shipped}
    for name, query in shipped.items():
        node = QUERIES[name]
        assert str(node) == f"https://w3id.org/il2kg/queries/{name}"
        assert (node, RDF.type, SH.SPARQLSelectExecutable) in graph
        assert list(graph.objects(node, SH.select)) == [Literal(query.text)]
        assert graph.value(node, RDFS.label) == Literal(name)
        assert graph.value(node, RDFS.comment) == Literal(query.summary, lang="en")
        assert set(graph.objects(node, SCHEMA.keywords)) == {Literal(t) for t in query.tags}
        assert graph.value(node, SCHEMA.target) == DATASET_IRI
        assert graph.value(node, SH.prefixes) == CATALOGUE_IRI


def test_catalogue_graph_declares_the_prefixes(shipped: Catalogue) -> None:
    graph = _reparsed(shipped)
    declared = {
        str(graph.value(d, SH.prefix)): graph.value(d, SH.namespace)
        for d in graph.objects(CATALOGUE_IRI, SH.declare)
    }
    assert declared == {p: Literal(ns, datatype=XSD.anyURI) for p, ns in PREFIXES.items()}


def test_catalogue_graph_forms_description_and_endpoint(good: Catalogue) -> None:
    endpoint = "http://127.0.0.1:7878/query"
    graph = _reparsed(good, endpoint)
    expected = {
        "all-kinds": (SH.SPARQLSelectExecutable, SH.select),
        "yes-or-no": (SH.SPARQLAskExecutable, SH.ask),
        "graph-of": (SH.SPARQLConstructExecutable, SH.construct),
        "describe-it": (
            URIRef(SH_NS + "SPARQLDescribeExecutable"),
            URIRef(SH_NS + "describe"),
        ),
    }
    for name, (kind, text_property) in expected.items():
        node = QUERIES[name]
        assert (node, RDF.type, kind) in graph
        assert graph.value(node, text_property) == Literal(good[name].text)
        assert graph.value(node, SCHEMA.target) == URIRef(endpoint)
    assert graph.value(QUERIES["all-kinds"], SCHEMA.description) == Literal(
        good["all-kinds"].description, lang="en"
    )
