"""Settings chosen by an argument, else an environment variable, else a default."""

from __future__ import annotations

import os

from il2kg.errors import ConfigurationError

__all__ = ["choose"]


def choose(given: str | None, env: str, choices: tuple[str, ...], what: str) -> str:
    """Return ``given`` if set, else ``$env`` if set, else ``choices[0]``.

    Raises:
        ConfigurationError: The value is not one of ``choices``; the message says where
            it came from and lists the choices.

    >>> choose(None, "IL2KG_NO_SUCH_SETTING", ("fast", "slow"), "engine")
    'fast'
    """
    name = given or os.environ.get(env) or choices[0]
    if name not in choices:
        source = "" if given else f" (from ${env})"
        raise ConfigurationError(
            f"unknown {what} {name!r}{source}; choose one of: {', '.join(choices)}"
        )
    return name
