"""What every ``il2kg`` command shares: the exit codes, the option decorators, the value types.

Each option is defined once here and put on a command with a decorator, so that ``--data``,
``--timeout``, ``--engine``, ``--reasoner`` and the rest read and behave the same wherever they
appear. Nothing heavy is imported at module level (the reasoner names are looked up only when a
command that takes ``--reasoner`` parses its options), so that ``il2kg --help`` stays fast.

>>> KeyValue().convert("chain=il2:IL2RB", None, None)
('chain', 'il2:IL2RB')
>>> Seconds().convert("2.5", None, None)
2.5
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

import click

from il2kg.query.engines import QUERY_ENGINES

__all__ = [
    "EXIT_NO",
    "EXIT_OK",
    "EXIT_UNUSABLE",
    "Choice",
    "KeyValue",
    "Seconds",
    "data_option",
    "endpoint_option",
    "engine_option",
    "format_option",
    "no_reasoning_option",
    "reasoner_option",
    "reasoning_option",
    "timeout_option",
]

#: The data answered "yes": it conforms, it is consistent, the query ran.
EXIT_OK = 0
#: The data answered "no": a violation, an inconsistency, an ASK answering false, a failed check.
EXIT_NO = 1
#: The input could not be used: a bad option, a missing or unparsable file, an unreachable URL.
EXIT_UNUSABLE = 2


def say_error(message: str) -> None:
    """Tell the user one thing went wrong: one line on standard error, ``il2kg: error: ...``."""
    print(f"il2kg: error: {message}", file=sys.stderr)


#: A click command callback (what a decorator takes and gives back).
F = TypeVar("F", bound=Callable[..., Any])
#: What the option factories return: a decorator of command callbacks.
Decorator = Callable[[Callable[..., Any]], Callable[..., Any]]

if TYPE_CHECKING:  # generic in click >= 8.2 only; plain classes at run time
    _ChoiceBase = click.Choice[str]
    _PairType = click.ParamType[tuple[str, str]]
    _FloatType = click.ParamType[float]
else:
    _ChoiceBase = click.Choice
    _PairType = _FloatType = click.ParamType


class Choice(_ChoiceBase):
    """A choice among names, shown as ``{a,b}`` and refused as "invalid choice", as before.

    Args:
        choices: The names, or a function returning them: it is called only when the choices
            are needed (parsing the option or showing the command's help), so that a module
            that is slow to import is imported only then.
    """

    def __init__(self, choices: Sequence[str] | Callable[[], Sequence[str]]) -> None:  # noqa: D107
        self._load = choices if callable(choices) else None
        self._names: tuple[str, ...] | None = None if callable(choices) else tuple(choices)
        self.case_sensitive = True

    @property
    def choices(self) -> tuple[str, ...]:
        """The names, looked up on first use."""
        if self._names is None:
            assert self._load is not None  # noqa: S101 - set together in __init__
            self._names = tuple(self._load())
        return self._names

    @choices.setter
    def choices(self, value: Sequence[str]) -> None:
        self._names = tuple(value)

    def get_metavar(self, param: click.Parameter, ctx: click.Context) -> str:
        """``{text,json}``."""
        return "{" + ",".join(self.choices) + "}"

    def get_missing_message(self, param: click.Parameter, ctx: click.Context | None) -> str:
        """``choose from 'turtle', 'nt'``, on the line of the error."""
        return "choose from " + ", ".join(repr(name) for name in self.choices)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        """The name itself; anything else is refused as argparse refused it.

        The message reads ``invalid choice: 'xml' (choose from 'text', 'json')``.
        """
        if value in self.choices:
            return str(value)
        names = ", ".join(repr(name) for name in self.choices)
        self.fail(f"invalid choice: {value!r} (choose from {names})", param, ctx)


class KeyValue(_PairType):
    """``KEY=VALUE``, converted to the pair ``(KEY, VALUE)``; the value may be empty."""

    name = "KEY=VALUE"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> tuple[str, str]:
        """Split at the first ``=``; refuse text without one or with an empty key."""
        if isinstance(value, tuple):
            return value  # already converted (a default)
        name, sep, rest = str(value).partition("=")
        if not sep or not name.strip():
            self.fail(f"expected KEY=VALUE, got {value!r}", param, ctx)
        return name.strip(), rest


class Seconds(_FloatType):
    """A number of seconds above 0."""

    name = "S"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> float:
        """Parse a float; refuse zero, negatives, NaN and text."""
        if isinstance(value, float):
            return value
        try:
            seconds = float(value)
        except ValueError:
            seconds = -1.0
        if not seconds > 0:
            self.fail(f"expected a number of seconds above 0, got {value!r}", param, ctx)
        return seconds


def _reasoners() -> Sequence[str]:
    from il2kg.reasoning.closure import REASONERS  # rdflib: only when --reasoner is parsed

    return REASONERS


def data_option(function: F) -> F:
    """``--data FILE``: an extra RDF file loaded with the shipped graph; repeat for several.

    One file per flag on every command: a flag that took several files would swallow the
    positional arguments of ``query``, ``sparql`` and ``explain``.
    """
    return click.option(
        "--data",
        "data",
        metavar="FILE",
        multiple=True,
        help="an extra RDF file to load with the shipped graph (.ttl .nt .nq .trig .jsonld "
        ".rdf .owl .xml); repeat --data for each file",
    )(function)


def format_option(
    choices: Sequence[str], default: str | None, help: str = "output format (default: text)"
) -> Decorator:
    """``--format NAME`` among ``choices`` (required when ``default`` is None)."""
    if default is None:  # click takes an explicit default=None as a default given
        return click.option(
            "--format", "output_format", type=Choice(choices), required=True, help=help
        )
    return click.option(
        "--format", "output_format", type=Choice(choices), default=default, help=help
    )


def endpoint_option(help: str = "send the query to this SPARQL 1.1 endpoint") -> Decorator:
    """``--endpoint URL``."""
    return click.option("--endpoint", metavar="URL", default=None, help=help)


def timeout_option(
    help: str = "seconds a query may take, on the embedded graph or an endpoint (the whole "
    "exchange); then it is stopped and the command exits 2 (default: 60)",
) -> Decorator:
    """``--timeout S``, seconds above 0, default 60."""
    return click.option("--timeout", type=Seconds(), default=60.0, help=help)


def engine_option(function: F) -> F:
    """``--engine NAME`` among :data:`il2kg.query.engines.QUERY_ENGINES`; None: the default."""
    return click.option(
        "--engine",
        type=Choice(QUERY_ENGINES),
        default=None,
        help="the engine for the embedded graph: oxigraph (fast, the default; or set "
        "IL2KG_QUERY_ENGINE) or rdflib (the reference); both give the same answers",
    )(function)


def reasoner_option(function: F) -> F:
    """``--reasoner NAME`` among :data:`il2kg.reasoning.closure.REASONERS`; None: the default."""
    return click.option(
        "--reasoner",
        type=Choice(_reasoners),
        default=None,
        help="reasonable (fast, the default; or set IL2KG_REASONER) or owlrl (the reference); "
        "both give the same closure",
    )(function)


def reasoning_option(help: str) -> Decorator:
    """``--reasoning``: add the OWL 2 RL closure (what it adds to is the command's ``help``)."""
    return click.option("--reasoning", is_flag=True, default=False, help=help)


def no_reasoning_option(help: str) -> Decorator:
    """``--no-reasoning``: the asserted triples only."""
    return click.option("--no-reasoning", "no_reasoning", is_flag=True, default=False, help=help)
