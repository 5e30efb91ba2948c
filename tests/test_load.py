"""Loading files into one Dataset: named graphs, labels, formats and load errors."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import BNode, Literal, URIRef

import il2kg
from il2kg import config
from il2kg.errors import Il2kgError, LoadError
from il2kg.graph import KnowledgeGraph, load_graph
from il2kg.parsing import PARSERS
from il2kg.terms import GRAPH_BASE, IL2, PREFIXES, curie, prefix_of

pytestmark = pytest.mark.usefixtures("fixture_root")

USER = Path(__file__).parent / "fixtures" / "package" / "user"
VIOLATING = USER / "violating.ttl"
SYNTAX_ERROR = USER / "syntax-error.ttl"
PREAMBLE = "@prefix il2: <https://w3id.org/il2kg/id/> .\n"


def test_each_shipped_file_is_one_named_graph() -> None:
    kg = load_graph()
    assert [f.path for f in kg.files] == ["ontology/mini.ttl", "graphs/data.ttl"]
    assert [f.graph_iri for f in kg.files] == [
        GRAPH_BASE + "ontology/mini",
        GRAPH_BASE + "graphs/data",
    ]
    named = {str(g.identifier): len(g) for g in kg.dataset.graphs() if len(g)}
    assert named == {f.graph_iri: f.triples for f in kg.files}
    assert all(f.triples > 0 for f in kg.files)


def test_shapes_are_not_loaded_as_data() -> None:
    kg = load_graph()
    assert not any("shapes" in f.path for f in kg.files)
    sh = URIRef(PREFIXES["sh"] + "NodeShape")
    assert (None, None, sh) not in kg.union()


def test_user_file_gets_its_file_uri_and_path_as_given() -> None:
    given_path = os.path.relpath(VIOLATING)
    kg = load_graph([given_path])
    user = kg.files[-1]
    assert user.path == given_path
    assert user.graph_iri == VIOLATING.resolve().as_uri()
    assert user.triples == 3
    assert len(kg.files) == 3


def test_shipped_false_loads_only_the_extra_files() -> None:
    kg = load_graph([VIOLATING], shipped=False)
    assert [f.path for f in kg.files] == [str(VIOLATING)]


def test_a_file_given_twice_is_loaded_once() -> None:
    kg = load_graph([VIOLATING, os.path.relpath(VIOLATING)], shipped=False)
    assert len(kg.files) == 1


def test_union_holds_every_file_and_is_cached() -> None:
    kg = load_graph([VIOLATING])
    union = kg.union()
    assert len(union) == sum(f.triples for f in kg.files)
    assert kg.union() is union


def test_union_counts_a_triple_stated_in_two_files_once(tmp_path: Path) -> None:
    triple = PREAMBLE + "il2:a il2:b il2:c .\n"
    first, second = tmp_path / "a.ttl", tmp_path / "b.ttl"
    first.write_text(triple)
    second.write_text(triple)
    kg = load_graph([first, second], shipped=False)
    assert [f.triples for f in kg.files] == [1, 1]
    assert len(kg.union()) == 1
    assert kg.graph_of(IL2.a) == [str(first), str(second)]


def test_graph_of_names_the_files_stating_a_subject() -> None:
    kg = load_graph([VIOLATING])
    assert kg.graph_of(str(IL2.IL7)) == [str(VIOLATING)]
    assert kg.graph_of(IL2.IL2) == ["graphs/data.ttl"]
    assert kg.graph_of("https://example.org/nothing") == []


def test_graph_of_accepts_blank_nodes(tmp_path: Path) -> None:
    data = tmp_path / "b.ttl"
    data.write_text(PREAMBLE + "[] il2:b il2:c .\n")
    kg = load_graph([data], shipped=False)
    (node,) = kg.union().subjects()
    assert isinstance(node, BNode)
    assert kg.graph_of(node) == [str(data)]
    assert kg.graph_of(f"_:{node}") == [str(data)]


def test_label_prefers_rdfs_label_then_pref_label_then_curie() -> None:
    kg = load_graph()
    assert kg.label(IL2.IL2) == "interleukin-2"
    assert kg.label(str(IL2.handbook)) == "IL-2 handbook"
    assert kg.label("http://purl.uniprot.org/uniprot/P60568") == "uniprot:P60568"
    assert kg.label("https://example.org/il2ra") == "https://example.org/il2ra"
    assert kg.label(Literal("15.5")) == "15.5"
    assert kg.label(BNode("x1")) == "_:x1"


def test_label_prefers_english(tmp_path: Path) -> None:
    data = tmp_path / "labels.ttl"
    data.write_text(
        PREAMBLE + "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        'il2:x rdfs:label "interleukine-2"@fr, "interleukin-2"@en-GB, "IL2" .\n'
    )
    assert load_graph([data], shipped=False).label(IL2.x) == "interleukin-2"


def test_prefixes_are_bound() -> None:
    kg = load_graph()
    for graph in (kg.dataset, kg.union()):
        bound = {prefix: str(ns) for prefix, ns in graph.namespaces()}
        assert bound["hgnc"] == PREFIXES["hgnc"]
        assert bound["il2"] == str(IL2)


def test_syntax_error_names_the_file_and_the_line() -> None:
    given_path = os.path.relpath(SYNTAX_ERROR)
    with pytest.raises(LoadError) as caught:
        load_graph([given_path])
    error = caught.value
    assert (error.path, error.line) == (given_path, 7)
    assert str(error).startswith(f"{given_path}, line 7: bad syntax (")
    assert "il2kg:bindsTo ." in str(error)
    assert "\n" not in str(error)


def test_syntax_error_in_a_shipped_file_is_shown_relative_to_the_root(tmp_root: Path) -> None:
    (tmp_root / "graphs" / "broken.ttl").write_text(PREAMBLE + "\nil2:a il2:b .\n")
    with pytest.raises(LoadError, match=r"^graphs/broken\.ttl, line 3: "):
        load_graph()


@settings(max_examples=25, deadline=None)
@given(
    before=st.lists(
        st.sampled_from(["", "# a comment", "il2:a il2:b il2:c .", 'il2:a il2:b "x\\ny" .']),
        max_size=15,
    ),
    bad=st.sampled_from(
        ["il2:a il2:b .", "il2:a il2:b il2:c", "il2:a il2:b 'open", "undeclared:a il2:b il2:c ."]
    ),
)
def test_syntax_error_line_is_exact(
    tmp_path_factory: pytest.TempPathFactory, before: list[str], bad: str
) -> None:
    path = tmp_path_factory.mktemp("lines") / "x.ttl"
    path.write_text(PREAMBLE + "".join(line + "\n" for line in before) + bad + "\n")
    expected = len(before) + 2
    with pytest.raises(LoadError) as caught:
        load_graph([path], shipped=False)
    # An unterminated statement is only noticed at the end of the file, one line later.
    assert caught.value.line in {expected, expected + 1}
    if bad != "il2:a il2:b il2:c":
        assert caught.value.line == expected


def test_missing_file_is_named(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.ttl"
    with pytest.raises(LoadError, match=r"nowhere\.ttl: no such file") as caught:
        load_graph([missing])
    assert caught.value.line is None
    assert isinstance(caught.value, Il2kgError)


def test_directory_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "folder.ttl"
    folder.mkdir()
    with pytest.raises(LoadError, match="is a directory"):
        load_graph([folder])


def test_unsupported_extension_lists_the_accepted_ones() -> None:
    with pytest.raises(LoadError, match=r"data\.csv: unsupported file extension '\.csv'") as e:
        load_graph([USER / "data.csv"])
    for extension in PARSERS:
        assert extension in str(e.value)


def test_invalid_utf8_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "latin1.ttl"
    path.write_bytes(PREAMBLE.encode() + b'il2:a il2:b "caf\xe9" .\n')
    with pytest.raises(LoadError, match="line 2: not valid UTF-8"):
        load_graph([path], shipped=False)


GOOD = {
    "x.nt": '<https://w3id.org/il2kg/id/a> <https://w3id.org/il2kg/id/b> "c" .\n',
    "x.nq": '<https://w3id.org/il2kg/id/a> <https://w3id.org/il2kg/id/b> "c" '
    "<https://example.org/g> .\n",
    "x.trig": PREAMBLE + 'il2:g { il2:a il2:b "c" . }\n',
    "x.jsonld": '{"@context": {"il2": "https://w3id.org/il2kg/id/"},'
    ' "@id": "il2:a", "il2:b": "c"}\n',
    "x.rdf": '<?xml version="1.0"?>\n'
    '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
    ' xmlns:il2="https://w3id.org/il2kg/id/">\n'
    '  <rdf:Description rdf:about="https://w3id.org/il2kg/id/a"><il2:b>c</il2:b>'
    "</rdf:Description>\n</rdf:RDF>\n",
}
GOOD["x.owl"] = GOOD["x.rdf"]


@pytest.mark.parametrize("name", sorted(GOOD))
def test_every_accepted_format_loads_into_one_named_graph(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text(GOOD[name])
    kg = load_graph([path], shipped=False)
    assert [f.triples for f in kg.files] == [1]
    assert (IL2.a, IL2.b, Literal("c")) in kg.union()
    graph_iris = {str(g.identifier) for g in kg.dataset.graphs() if len(g)}
    assert graph_iris == {path.resolve().as_uri()}


BAD = {
    "bad.nt": ('<https://w3id.org/il2kg/id/a> <https://w3id.org/il2kg/id/b> "c" .\n' * 2)
    + "<https://w3id.org/il2kg/id/a> <https://w3id.org/il2kg/id/b> .\n",
    "bad.nq": '<https://w3id.org/il2kg/id/a> <https://w3id.org/il2kg/id/b> "c" .\n\n'
    "<https://w3id.org/il2kg/id/a> .\n",
    "bad.trig": PREAMBLE + "il2:g {\n  il2:a il2:b .\n}\n",
    "bad.jsonld": '{\n  "@id": "https://w3id.org/il2kg/id/a",\n  "b": \n}\n',
    "bad.rdf": '<?xml version="1.0"?>\n'
    '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
    "<rdf:Description>\n</rdf:RDF>\n",
}


@pytest.mark.parametrize(
    ("name", "line"),
    [("bad.nt", 3), ("bad.nq", 3), ("bad.trig", 3), ("bad.jsonld", 4), ("bad.rdf", 4)],
)
def test_every_format_reports_the_line_of_a_syntax_error(
    tmp_path: Path, name: str, line: int
) -> None:
    path = tmp_path / name
    path.write_text(BAD[name])
    with pytest.raises(LoadError) as caught:
        load_graph([path], shipped=False)
    assert (caught.value.path, caught.value.line) == (str(path), line)
    assert str(caught.value).startswith(f"{path}, line {line}: ")


@pytest.mark.parametrize(
    "context",
    [
        '"https://schema.org/"',
        '["https://schema.org/", {"il2": "https://w3id.org/il2kg/id/"}]',
        '{"@import": "https://schema.org/"}',
    ],
)
def test_json_ld_remote_context_is_refused_not_fetched(tmp_path: Path, context: str) -> None:
    path = tmp_path / "remote.jsonld"
    path.write_text(
        '{\n  "@context": ' + context + ',\n  "@id": "https://w3id.org/il2kg/id/a"\n}\n'
    )
    with pytest.raises(LoadError, match=r"line 2: remote JSON-LD context 'https://schema.org/'"):
        load_graph([path], shipped=False)


def test_data_root_comes_from_the_environment(fixture_root: Path) -> None:
    assert config.data_root() == fixture_root.resolve()
    assert [p.name for p in config.ontology_files()] == ["mini.ttl"]
    assert config.shapes_file().name == "shapes.ttl"
    assert [p.name for p in config.data_files()] == ["data.ttl"]
    assert [p.name for p in config.check_files()] == [
        "missing-weight-violation.rq",
        "unsourced-binding-violation.rq",
    ]


def test_data_root_defaults_to_the_checkout(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(config.DATA_ROOT_ENV)
    package = Path(il2kg.__file__).resolve().parent
    installed = package / "_data"
    assert config.data_root() == (installed if installed.is_dir() else package.parent)


def test_data_root_that_is_not_a_directory_is_an_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv(config.DATA_ROOT_ENV, str(tmp_path / "absent"))
    with pytest.raises(LoadError, match="IL2KG_DATA_ROOT is not a directory"):
        load_graph()


def test_knowledge_graph_is_frozen() -> None:
    kg = load_graph()
    assert isinstance(kg, KnowledgeGraph)
    with pytest.raises(AttributeError):
        kg.files = ()  # type: ignore[misc]


@pytest.mark.parametrize(
    ("iri", "expected"),
    [
        ("https://identifiers.org/hgnc:6008", "hgnc:6008"),
        ("http://purl.obolibrary.org/obo/CL_0000815", "obo:CL_0000815"),
        ("https://w3id.org/il2kg/ontology/Cytokine", "il2kg:Cytokine"),
        ("https://w3id.org/il2kg/id/IL2", "il2:IL2"),
        ("https://w3id.org/il2kg/id/", None),
        ("https://doi.org/10.1000/182", None),
        ("https://example.org/x", None),
    ],
)
def test_curie(iri: str, expected: str | None) -> None:
    assert curie(iri) == expected


def test_prefix_of_prefers_the_longest_namespace() -> None:
    assert prefix_of("https://w3id.org/il2kg/id/IL2") == ("il2", "IL2")
    assert prefix_of("https://doi.org/10.1000/182") == ("doi", "10.1000/182")
    assert prefix_of("urn:x") is None


def test_a_data_root_without_ontology_is_an_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv(config.DATA_ROOT_ENV, str(tmp_path))
    with pytest.raises(LoadError, match="no ontology files"):
        load_graph()
    assert load_graph([VIOLATING], shipped=False).files[0].triples == 3


def test_a_single_path_is_one_file_not_a_sequence_of_characters() -> None:
    assert [f.path for f in load_graph(str(VIOLATING), shipped=False).files] == [str(VIOLATING)]
