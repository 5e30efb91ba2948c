"""One resolver (il2kg.lookup.resolve): ``il2kg query``, ``il2kg explain`` and the library agree.

The same texts go through ``il2kg query --param`` and ``il2kg explain`` in-process; each is
accepted by both or refused by both, with the same reason. Labels rank exact names first, then
names equal ignoring case; the lookup gives the same answers on a loaded graph and on an
endpoint (Oxigraph on loopback, the fixture of tests/test_remote_oxigraph.py).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS
from test_remote_oxigraph import Oxigraph, loaded, oxigraph  # noqa: F401 - fixtures

import il2kg
from il2kg.cli.app import main
from il2kg.errors import BadParameterError
from il2kg.graph import KnowledgeGraph, load_graph
from il2kg.lookup import NAME_PREDICATES, GraphNames, resolve
from il2kg.query.api import _LABEL_QUERY, label_resolver
from il2kg.reasoning.explanation import explain, resolve_term
from il2kg.terms import IL2, IL2KG

ACCEPTED = [
    ("il2:IL2", IL2.IL2),
    ("  il2:IL2  ", IL2.IL2),
    ("<https://w3id.org/il2kg/id/IL2>", IL2.IL2),
    ("https://w3id.org/il2kg/id/IL2", IL2.IL2),
    ("uniprot:P60568", URIRef("http://purl.uniprot.org/uniprot/P60568")),
    ("UniProtKB:P60568", URIRef("http://purl.uniprot.org/uniprot/P60568")),  # a synonym
    ("interleukin-2", IL2.IL2),
    ("CD25", IL2.IL2RA),  # an altLabel
    ("cd25", IL2.IL2RA),  # ignoring case
    ("X-SCID", IL2.XSCID),
    ("a", RDF.type),
]
REFUSED = [
    ("foo:bar", "unknown prefix 'foo'"),
    ("outcome measure", "is the label of 2 entities (il2kg:ClinicalMeasure, il2kg:outcomeMeasure)"),
    ("no such thing", "nor the label of an entity"),
    ("https://example.org/a b", "characters an IRI cannot hold"),
    ("<https://example.org/a b>", "characters an IRI cannot hold"),
    ("interleukin-2 recep", "it is part of the names of"),
]


@pytest.fixture(scope="module")
def kg() -> KnowledgeGraph:
    return load_graph()


@pytest.fixture(scope="module", autouse=True)
def _one_loaded_graph(kg: KnowledgeGraph) -> Iterator[None]:
    """The commands load the shipped graph once for the module (what they resolve in is the
    same graph; loading it again for every case only costs time)."""

    def shipped_once(extra_files: Sequence[str] = (), *, shipped: bool = True) -> KnowledgeGraph:
        return kg if not extra_files and shipped else load_graph(extra_files, shipped=shipped)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("il2kg.graph.load_graph", shipped_once)
        yield


def _query(text: str) -> int:
    return main(["query", "entity-summary", "--param", f"entity={text}", "--format", "json"])


def _explain(text: str) -> int:
    return main(["explain", text, "rdfs:label", "interleukin-2"])


@pytest.mark.parametrize(("text", "term"), ACCEPTED, ids=[t for t, _ in ACCEPTED])
def test_query_and_explain_accept_the_same_texts(
    text: str, term: URIRef, kg: KnowledgeGraph, capsys: pytest.CaptureFixture[str]
) -> None:
    assert resolve_term(kg, text) == term
    assert _query(text) == 0
    assert "error" not in capsys.readouterr().err
    assert _explain(text) in (0, 1)  # asserted, or absent: the terms were understood
    assert "error" not in capsys.readouterr().err


@pytest.mark.parametrize(("text", "reason"), REFUSED, ids=[t for t, _ in REFUSED])
def test_query_and_explain_refuse_the_same_texts_with_the_same_reason(
    text: str, reason: str, kg: KnowledgeGraph, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _query(text) == 2
    from_query = capsys.readouterr().err
    assert _explain(text) == 2
    from_explain = capsys.readouterr().err
    for err in (from_query, from_explain):
        assert reason in err, err
        assert err.count("\n") == 1 and "Traceback" not in err
    with pytest.raises(BadParameterError, match=reason.replace("(", r"\(").replace(")", r"\)")):
        resolve_term(kg, text)


def test_explain_alone_refuses_a_term_the_graph_does_not_hold(
    kg: KnowledgeGraph, capsys: pytest.CaptureFixture[str]
) -> None:
    # The one difference, on purpose: a query may ask about any IRI (no rows), but a
    # statement about a term the graph lacks cannot be explained, so a typo is refused.
    assert _query("il2:NoSuchEntity") == 0
    assert _explain("il2:NoSuchEntity") == 2
    assert "does not occur in the loaded graph" in capsys.readouterr().err


def test_explain_takes_text_as_the_command_line_does(kg: KnowledgeGraph) -> None:
    from_text = explain(kg, "il2:IL2", "il2kg:usesChain", "CD122")
    from_terms = explain(kg, IL2.IL2, IL2KG.usesChain, IL2.IL2RB)
    assert from_text == from_terms
    assert from_text.status == "inferred"
    assert il2kg.explain(kg, "interleukin-2", "uses chain", "il2:IL2RB").status == "inferred"
    with pytest.raises(BadParameterError, match="unknown prefix 'nope'"):
        explain(kg, "nope:IL2", "il2kg:usesChain", "il2:IL2RB")


def test_a_literal_object_is_still_a_literal(kg: KnowledgeGraph) -> None:
    answer = explain(kg, "il2:IL2", "rdfs:label", Literal("interleukin-2", lang="en"))
    assert answer.status == "asserted"


# --- the ranking ---


def _memory(triples: list[tuple[URIRef, URIRef, Literal]], tmp_path: object) -> KnowledgeGraph:
    from pathlib import Path

    path = Path(str(tmp_path)) / "names.nt"
    path.write_text("".join(f"{s.n3()} {p.n3()} {o.n3()} .\n" for s, p, o in triples))
    return load_graph([path], shipped=False)


def test_an_exact_name_wins_over_one_equal_ignoring_case(tmp_path: object) -> None:
    a, b = URIRef("urn:a"), URIRef("urn:b")
    kg = _memory(
        [(a, RDFS.label, Literal("Twin")), (b, SKOS.hiddenLabel, Literal("twin"))], tmp_path
    )
    assert resolve("Twin", GraphNames(kg)) == a
    assert resolve("twin", GraphNames(kg)) == b  # hiddenLabel counts, as every name property
    with pytest.raises(
        BadParameterError, match=r"'TWIN' is the label of 2 entities \(urn:a, urn:b\)"
    ):
        resolve("TWIN", GraphNames(kg))
    # The SPARQL an endpoint receives marks the same exact name.
    rows = kg.union().query(_LABEL_QUERY, initBindings={"_text": Literal("twin")})
    assert sorted((row[0], int(row[1])) for row in rows) == [(a, 0), (b, 1)]  # type: ignore[index]


def test_every_name_property_is_searched(tmp_path: object) -> None:
    triples = [
        (URIRef(f"urn:e{i}"), predicate, Literal(f"name {i}"))
        for i, predicate in enumerate(NAME_PREDICATES)
    ]
    kg = _memory(triples, tmp_path)
    for i, _ in enumerate(NAME_PREDICATES):
        assert resolve(f"NAME {i}", GraphNames(kg)) == URIRef(f"urn:e{i}")


def test_the_sparql_lookup_uses_the_same_name_properties() -> None:
    for predicate in NAME_PREDICATES:
        assert f"<{predicate}>" in _LABEL_QUERY
    assert "LCASE" in _LABEL_QUERY


def test_without_names_a_label_is_refused() -> None:
    with pytest.raises(BadParameterError, match="is not an IRI or a CURIE with a known prefix"):
        resolve("interleukin-2", None)


@pytest.mark.parametrize(
    "text", ["urn:x:1", "tag:example.org,2026:x", "mailto:someone@example.org", "info:x/y"]
)
def test_the_same_opaque_schemes_everywhere(text: str, kg: KnowledgeGraph) -> None:
    assert resolve(text, None) == URIRef(text)
    assert resolve(text, GraphNames(kg)) == URIRef(text)


# --- the endpoint path ---

SAMPLE = [
    "interleukin-2",
    "CD25",
    "cd25",
    "X-SCID",
    "outcome measure",
    "interleukin-2 recep",
    "no such thing",
]


def _outcome(text: str, names: object) -> str:
    try:
        return str(resolve(text, names))  # type: ignore[arg-type]
    except BadParameterError as exc:
        return f"refused: {exc}"


def test_the_endpoint_lookup_agrees_with_the_local_index(
    loaded: Oxigraph,  # noqa: F811 - the fixture
    kg: KnowledgeGraph,
) -> None:
    remote = label_resolver(kg=None, endpoint=loaded.query, timeout=30)
    local = GraphNames(kg)
    for text in SAMPLE:
        assert _outcome(text, remote) == _outcome(text, local), text
    assert _outcome("CD25", remote) == str(IL2.IL2RA)


def test_query_over_an_endpoint_resolves_labels(
    loaded: Oxigraph,  # noqa: F811 - the fixture
    capsys: pytest.CaptureFixture[str],
) -> None:
    code = main(
        ["query", "entity-summary", "--param", "entity=CD25", "--endpoint", loaded.query,
         "--format", "json"]
    )  # fmt: skip
    out = capsys.readouterr()
    assert code == 0, out.err
    assert str(IL2.IL2RA) in out.out
