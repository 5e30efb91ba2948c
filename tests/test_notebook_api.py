"""The library as a notebook user meets it: iterable results, plain paths, format aliases, a
short repr, and errors of il2kg's own for the mistakes people make (issue 12, review 3.9)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef

from il2kg import export_graph, load_graph
from il2kg.errors import BadParameterError, ExportError, Il2kgError
from il2kg.export.formats import FORMAT_ALIASES, FORMATS, format_name
from il2kg.graph import KnowledgeGraph
from il2kg.query.api import run_sparql
from il2kg.query.results import QueryResult

pytestmark = pytest.mark.usefixtures("fixture_root")

A, B, C = URIRef("urn:a"), URIRef("urn:b"), URIRef("urn:c")


def _select() -> QueryResult:
    return QueryResult("SELECT", ("s", "n"), ((A, Literal(1)), (B, None)))


def _construct() -> QueryResult:
    graph = Graph()
    graph.add((A, B, C))
    graph.add((A, B, Literal("x")))
    return QueryResult("CONSTRUCT", graph=graph)


# --- QueryResult is iterable ---------------------------------------------------------------


def test_a_select_result_iterates_over_its_rows() -> None:
    assert list(_select()) == [(A, Literal(1)), (B, None)]
    assert [s for s, _n in _select()] == [A, B]  # type: ignore[misc]


def test_a_graph_result_iterates_over_its_triples() -> None:
    assert sorted(_construct(), key=str) == sorted(_construct().graph or (), key=str)
    assert len(list(_construct())) == 2 == len(_construct())


def test_an_ask_result_gives_its_answer_once() -> None:
    assert list(QueryResult("ASK", boolean=False)) == [False]
    assert list(QueryResult("ASK", boolean=True)) == [True]


def test_iteration_agrees_with_rdflib_on_a_real_query() -> None:
    kg = load_graph()
    text = "SELECT ?s ?label WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?label }"
    ours = run_sparql(text, kg=kg, reasoning=False, engine="rdflib")
    theirs = kg.union().query(text)
    assert sorted(ours, key=str) == sorted((tuple(row) for row in theirs), key=str)  # type: ignore[arg-type]
    assert len(list(ours)) == len(ours) > 0


def test_to_pandas_gives_a_frame_of_python_values() -> None:
    pytest.importorskip("pandas")
    frame = _select().to_pandas()
    assert list(frame.columns) == ["s", "n"]
    assert frame["s"].tolist() == ["urn:a", "urn:b"]
    assert frame["n"].tolist()[0] == 1
    triples = _construct().to_pandas()
    assert list(triples.columns) == ["subject", "predicate", "object"]
    assert len(triples) == 2


def test_to_pandas_of_an_ask_or_without_pandas_is_an_il2kg_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with pytest.raises(ExportError, match="ASK result is one boolean"):
        QueryResult("ASK", boolean=True).to_pandas()
    monkeypatch.setitem(sys.modules, "pandas", None)  # import pandas now raises ImportError
    with pytest.raises(ExportError, match="needs pandas; install it"):
        _select().to_pandas()


# --- result mistakes are il2kg errors, not ValueError ----------------------------------------


def test_writing_a_select_as_turtle_says_which_formats_it_takes() -> None:
    with pytest.raises(ExportError, match=r"SELECT result has no graph.*json, csv, tsv") as caught:
        _select().to_turtle()
    assert not isinstance(caught.value, ValueError)


@pytest.mark.parametrize("writer", ["to_json", "to_csv", "to_tsv"])
def test_writing_a_graph_as_solutions_says_to_use_turtle(writer: str) -> None:
    with pytest.raises(ExportError, match="CONSTRUCT result is a graph; write it as Turtle"):
        getattr(_construct(), writer)()


def test_an_unknown_result_format_lists_the_choices() -> None:
    with pytest.raises(ExportError, match=r"unknown result format 'xlsx'; choose one of: json"):
        _select().serialize("xlsx")
    turtle = _construct().serialize("xlsx")  # a graph is always written as Turtle
    assert len(Graph().parse(data=turtle, format="turtle")) == 2


def test_an_unknown_column_names_the_variables() -> None:
    with pytest.raises(BadParameterError, match=r"no variable 'x'; its variables are: s, n"):
        _select().column("x")
    assert _select().column("n") == [Literal(1), None]


# --- export formats by the names rdflib knows -------------------------------------------------


@pytest.mark.parametrize(
    ("alias", "canonical"),
    [
        ("ttl", "turtle"),
        ("TTL", "turtle"),
        ("text/turtle", "turtle"),
        ("n-triples", "nt"),
        ("ntriples", "nt"),
        ("nq", "nquads"),
        ("n-quads", "nquads"),
        ("json-ld", "jsonld"),
        ("application/ld+json", "jsonld"),
        ("rdf/xml", "xml"),
        ("pretty-xml", "xml"),
        ("rdf", "xml"),
    ],
)
def test_an_alias_exports_the_same_bytes_as_its_format(alias: str, canonical: str) -> None:
    kg = load_graph()
    assert format_name(alias) == canonical
    assert export_graph(kg, alias) == export_graph(kg, canonical)


def test_every_alias_names_a_format() -> None:
    assert set(FORMAT_ALIASES.values()) <= set(FORMATS)
    assert all(format_name(name) == name for name in FORMATS)


@pytest.mark.parametrize("bad", ["n3", "turtles", ""])
def test_an_unknown_export_format_lists_the_choices(bad: str) -> None:
    with pytest.raises(ExportError, match=rf"unknown format {bad!r}; choose one of: turtle, nt"):
        export_graph(load_graph(), bad)


# --- a short repr ------------------------------------------------------------------------------


def test_the_repr_of_a_graph_is_one_short_line(fixture_root: Path) -> None:
    kg = load_graph()
    text = repr(kg)
    assert text == f"<KnowledgeGraph: 2 files, 42 triples, root {fixture_root}>"
    assert "\n" not in text and len(text) < 200
    one = load_graph([fixture_root / "user" / "violating.ttl"], shipped=False)
    assert repr(one).startswith("<KnowledgeGraph: 1 file, 3 triples, ")


# --- build with a str path -------------------------------------------------------------------


def test_build_takes_a_str_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fixture_root: Path
) -> None:
    from il2kg.release import builder

    def small_release(kg: KnowledgeGraph, target: Path) -> None:
        (target / "il2kg.ttl").write_bytes(export_graph(kg, "ttl"))

    monkeypatch.setenv("IL2KG_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(builder, "_write_artifacts", small_release)
    out = str(tmp_path / "dist")
    report = builder.build(load_graph(), out)
    assert report.out_dir == Path(out)
    assert (Path(out) / "il2kg.ttl").read_bytes() == export_graph(load_graph(), "turtle")
    assert {name for name, _ in report.files} == {"il2kg.ttl", "manifest.json"}


def test_a_bad_output_str_is_a_build_error(tmp_path: Path) -> None:
    from il2kg.release.builder import check_output_dir

    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(Il2kgError, match="exists and is not a folder"):
        check_output_dir(str(blocker))
