"""Fuzzing: generated and mutated input never ends in a traceback (issue 11).

Bytes, and mutations of a small valid document in each format, go to the loader; generated and
mutated SPARQL goes to the parser and, when it parses, to both engines over a tiny graph. Every
outcome is a result or an :class:`il2kg.errors.Il2kgError` (which the command line turns into
one line and exit 2, tested in tests/test_cli.py), and nothing is written outside the test's
temporary folder. A last test drives the command line itself with a few mutated files.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from il2kg.cli.app import main
from il2kg.errors import Il2kgError
from il2kg.graph import KnowledgeGraph, load_graph
from il2kg.query.api import run_sparql

SEEDS = {
    ".ttl": b'@prefix ex: <https://example.org/> .\nex:a ex:p "x"@en ; ex:q ex:b , 3 .\n',
    ".nt": b'<https://example.org/a> <https://example.org/p> "x"@en .\n',
    ".nq": b"<https://example.org/a> <https://example.org/p> <https://example.org/b> "
    b"<https://example.org/g> .\n",
    ".trig": b"@prefix ex: <https://example.org/> .\nex:g { ex:a ex:p ex:b . }\n",
    ".jsonld": b'{"@id": "https://example.org/a", "https://example.org/p": "x"}\n',
    ".rdf": b'<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-'
    b'syntax-ns#"><rdf:Description rdf:about="https://example.org/a"/></rdf:RDF>\n',
}
QUERIES = [
    "SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s LIMIT 5",
    'ASK { ?s <https://example.org/p> "x"@en }',
    "CONSTRUCT { ?o ?p ?s } WHERE { ?s ?p ?o FILTER (isIRI(?o)) }",
    "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o OPTIONAL { ?o ?q ?r } } GROUP BY ?p",
]
FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


@st.composite
def mutated(draw: st.DrawFn, seed: bytes) -> bytes:
    """``seed`` with a few bytes replaced, removed, or inserted."""
    data = bytearray(seed)
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(data)))
        what = draw(st.sampled_from(["replace", "delete", "insert"]))
        byte = draw(st.sampled_from(list(b'<>"{}@.;,:\\#\n \x00\xff') + list(range(32, 127))))
        if what == "insert" or at == len(data):
            data.insert(at, byte)
        elif what == "delete":
            del data[at]
        else:
            data[at] = byte
    return bytes(data)


def _suffix_and_bytes() -> st.SearchStrategy[tuple[str, bytes]]:
    return st.sampled_from(sorted(SEEDS)).flatmap(
        lambda suffix: st.tuples(
            st.just(suffix), st.one_of(mutated(SEEDS[suffix]), st.binary(max_size=200))
        )
    )


def _untouched(folder: Path, expected: set[str]) -> None:
    assert {p.name for p in folder.iterdir()} == expected


@FUZZ
@given(case=_suffix_and_bytes())
def test_the_loader_gives_a_graph_or_a_load_error(tmp_path: Path, case: tuple[str, bytes]) -> None:
    suffix, data = case
    with tempfile.TemporaryDirectory(dir=tmp_path) as name:  # one folder per example
        folder = Path(name)
        path = folder / f"input{suffix}"
        path.write_bytes(data)
        try:
            kg = load_graph([path], shipped=False)
        except Il2kgError as exc:
            assert path.name in str(exc)  # the message names the user's file
        else:
            assert isinstance(kg, KnowledgeGraph)
        _untouched(folder, {path.name})


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeGraph:
    path = tmp_path_factory.mktemp("tiny") / "tiny.ttl"
    path.write_bytes(SEEDS[".ttl"])
    return load_graph([path], shipped=False)


@FUZZ
@given(
    text=st.one_of(
        st.sampled_from(QUERIES).flatmap(
            lambda q: mutated(q.encode()).map(lambda b: b.decode("utf-8", "replace"))
        ),
        st.text(max_size=80),
    ),
    engine=st.sampled_from(["oxigraph", "rdflib"]),
)
@example(text='ASK { ?s <@ttps://example.org/p> "x"@en }', engine="oxigraph")  # found by fuzzing
def test_ad_hoc_sparql_gives_an_answer_or_a_query_error(
    tiny: KnowledgeGraph, text: str, engine: str
) -> None:
    try:
        result = run_sparql(text, kg=tiny, engine=engine, reasoning=False, timeout=5)
    except Il2kgError:
        return
    assert result.form in {"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"}


@pytest.mark.parametrize("suffix", sorted(SEEDS))
def test_the_command_line_turns_a_broken_file_into_one_line(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    suffix: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    broken = tmp_path / f"broken{suffix}"
    broken.write_bytes(SEEDS[suffix][: len(SEEDS[suffix]) // 2] + b"\x00<{")
    code = main(["sparql", "ASK { ?s ?p ?o }", "--no-reasoning", "--data", str(broken)])
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith("il2kg: error: ") and err.count("\n") == 1 and broken.name in err
    _untouched(tmp_path, {broken.name})
