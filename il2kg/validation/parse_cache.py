"""Faster SHACL-SPARQL under pySHACL: parse each SPARQL text once per validation.

pySHACL runs a SPARQL-based constraint (``sh:sparql``) once per focus node, passing the same
query text each time with ``$this`` pre-bound (``initBindings``). rdflib parses and translates
the text on every call: about 5-15 ms with pyparsing, against well under 1 ms to evaluate it
on one focus node. On the shipped graph that parsing is most of the SHACL time left (27
publications x 2 constraints, 7 indications x 2).

:func:`parse_once` memoises rdflib's parse-and-translate step for the duration of a ``with``
block, keyed by the exact query text, base IRI and initial namespaces. The cached object is
what ``rdflib.plugins.sparql.prepareQuery`` returns and what rdflib itself would have built
for that text, and it is evaluated by the same engine with the same ``initBindings``, so every
result, and therefore every SHACL finding, is the same by construction; only the repeated
parsing goes away. This is the supported rdflib pattern (prepare once, run with different
bindings); the patch is needed only because pySHACL passes strings.

:func:`il2kg.validation.validator.validate` runs pySHACL inside ``parse_once()``.

Caveats: while the block runs, ``SPARQLProcessor.query`` is patched process-wide; calls from
other threads go to the original method (a translated query holds evaluation state while it
runs, so it must not be shared between threads), and the patch is removed when the outermost
block exits.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

__all__ = ["parse_once"]

_LOCK = threading.Lock()
_STATE: dict[str, Any] = {"depth": 0, "original": None, "owner": None, "cache": None}


def _key(text: str, base: str | None, init_ns: Mapping[str, Any] | None) -> tuple[Any, ...]:
    namespaces = tuple(sorted((str(k), str(v)) for k, v in (init_ns or {}).items()))
    return text, base, namespaces


@contextmanager
def parse_once() -> Iterator[None]:
    """Within the block, rdflib parses and translates each distinct SPARQL text only once.

    Only string queries run by the thread that entered the block are cached; prepared
    queries and other threads' queries are passed through unchanged. A text that fails to
    parse is not cached, so it raises the same error on every call, as before.
    """
    from rdflib.plugins.sparql import processor as sparql_processor
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery

    with _LOCK:
        if _STATE["depth"] == 0:
            original = sparql_processor.SPARQLProcessor.query
            cache: dict[tuple[Any, ...], Any] = {}
            owner = threading.get_ident()

            def query(
                self: Any,
                strOrQuery: Any,  # noqa: N803 - rdflib's parameter names
                initBindings: Any = None,  # noqa: N803
                initNs: Any = None,  # noqa: N803
                base: str | None = None,
                DEBUG: bool = False,  # noqa: N803
            ) -> Any:
                query_or_text = strOrQuery
                if isinstance(strOrQuery, str) and threading.get_ident() == owner:
                    key = _key(strOrQuery, base, initNs)
                    query_or_text = cache.get(key)
                    if query_or_text is None:
                        # What SPARQLProcessor.query does with a string, done once per text.
                        query_or_text = translateQuery(parseQuery(strOrQuery), base, initNs)
                        cache[key] = query_or_text
                return original(self, query_or_text, initBindings, initNs, base, DEBUG)

            _STATE.update(original=original, owner=owner, cache=cache)
            sparql_processor.SPARQLProcessor.query = query  # type: ignore[method-assign]
        _STATE["depth"] += 1
    try:
        yield
    finally:
        with _LOCK:
            _STATE["depth"] -= 1
            if _STATE["depth"] == 0:
                sparql_processor.SPARQLProcessor.query = _STATE["original"]  # type: ignore[method-assign]
                _STATE.update(original=None, owner=None, cache=None)
