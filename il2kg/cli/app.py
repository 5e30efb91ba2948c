"""The ``il2kg`` command: a click group over the library, and :func:`main`, its entry point.

Exit codes (:mod:`il2kg.cli.options`): 0 fine; 1 the data answered "no" (a violation, an
inconsistency, an ASK answering false); 2 the input could not be used (a missing or unparsable
file, a bad option). Every user mistake, click's usage errors included, ends in one line on
standard error, ``il2kg: error: <message>``.

The commands live in :mod:`il2kg.cli.graph`, :mod:`il2kg.cli.query` and :mod:`il2kg.cli.export`;
none imports anything heavy at module level, so that ``il2kg --help`` stays fast.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import Any

import click

from il2kg._version import __version__
from il2kg.cli import export, graph, query
from il2kg.cli.options import EXIT_NO, EXIT_OK, EXIT_UNUSABLE, say_error
from il2kg.errors import Il2kgError

__all__ = ["EXIT_NO", "EXIT_OK", "EXIT_UNUSABLE", "cli", "main"]

PROG = "il2kg"


class _Commands(click.Group):
    """The ``il2kg`` group: commands listed in the pipeline's order, run through :func:`main`.

    ``cli.main(args)`` (what click's ``CliRunner`` calls) is :func:`main`: the same one-line
    errors and the same exit codes as the installed command.
    """

    def list_commands(self, ctx: click.Context) -> list[str]:
        """The names of the commands, in the order they were added."""
        return list(self.commands)

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> int:
        """Run :func:`main`; exit with its code in standalone mode, else return it."""
        code = main(args)
        if standalone_mode:
            sys.exit(code)
        return code


@click.group(
    cls=_Commands,
    name=PROG,
    help="A knowledge graph of Interleukin-2 biology: validate it, count it, query it.",
    epilog="Set IL2KG_DATA_ROOT to use another copy of ontology/, graphs/ and queries/.",
    context_settings={"help_option_names": ["-h", "--help"]},
    no_args_is_help=False,
)
@click.version_option(__version__, "--version", prog_name=PROG, message="%(prog)s %(version)s")
def cli() -> None:
    """The ``il2kg`` group (its help text is given to the decorator)."""


for _command in (*graph.COMMANDS, *query.COMMANDS, *export.COMMANDS):
    _command.context_settings.setdefault("help_option_names", ["-h", "--help"])
    cli.add_command(_command)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``il2kg`` command.

    Args:
        argv: The arguments, without the program name; ``sys.argv[1:]`` if omitted.

    Returns:
        The exit code: 0 fine, 1 the data answered "no", 2 the input could not be used
        (including bad arguments; ``--help`` and ``--version`` return 0).
    """
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        code = _run(args)
        sys.stdout.flush()
    except click.UsageError as exc:
        say_error(usage_message(exc))
        return EXIT_UNUSABLE
    except Il2kgError as exc:
        say_error(str(exc))
        return EXIT_UNUSABLE
    except BrokenPipeError:  # the reader stopped early (| head): not an error of ours
        _silence_stdout()
        return EXIT_OK
    except OSError as exc:  # standard output cannot take the answer (a full disk, ...)
        where = exc.filename if exc.filename is not None else "standard output"
        say_error(f"cannot write {where}: {exc.strerror}")
        _silence_stdout()
        return EXIT_UNUSABLE
    return code


def _run(args: list[str]) -> int:
    """Parse and run one command; its exit code."""
    try:
        with cli.make_context(PROG, args) as ctx:
            code = cli.invoke(ctx)
    except click.exceptions.Exit as exc:  # --help or --version, already printed
        return exc.exit_code
    return code if isinstance(code, int) else EXIT_OK


def usage_message(exc: click.UsageError) -> str:
    """One line for a usage error: what is wrong, and where to read how to do it.

    >>> usage_message(click.UsageError("No such command 'frobnicate'."))
    "no such command 'frobnicate'"
    """
    param = getattr(exc, "param", None)
    if isinstance(exc, click.MissingParameter) and param is not None:
        kind = "argument" if isinstance(param, click.Argument) else "option"
        text = f"missing {kind} {_hint(param)}"
        extra = param.type.get_missing_message(param=param, ctx=exc.ctx)
        text += f" ({extra})" if extra else ""
    elif isinstance(exc, click.BadParameter) and param is not None:
        text = f"argument {_hint(param)}: {exc.message}"
    else:
        text, _, guess = exc.format_message().strip().partition(". Did you mean ")
        text = text[:1].lower() + text[1:].rstrip(".")
        text += f" (did you mean {guess})" if guess else ""
        if "unexpected extra argument" in text and _takes_data(exc.ctx):
            text += "; give each file its own --data (--data A.ttl --data B.ttl)"
    if exc.ctx is not None:
        text += f"; see '{exc.ctx.command_path} --help'"
    return " ".join(text.split())  # one line, whatever click's message held


def _hint(param: click.Parameter) -> str:
    """``--format``, ``-o/--output`` or ``NAME``: the parameter as the user types it."""
    return "/".join(param.opts) if isinstance(param, click.Option) else param.human_readable_name


def _takes_data(ctx: click.Context | None) -> bool:
    return ctx is not None and any(p.name == "data" for p in ctx.command.params)


def _silence_stdout() -> None:
    """Point standard output at the null device, so that the flush at exit does not fail again.

    A standard output without a file descriptor (a test's, click's runner's) is left as it is.
    """
    try:
        descriptor = sys.stdout.fileno()
    except (OSError, ValueError):
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, descriptor)
