"""Writing files safely: all or nothing, with the permissions a plain ``open()`` gives.

:func:`write_atomically` is the one way il2kg replaces a file: the bytes go to a temporary
file in the same folder, which is then renamed over the target, so that a reader sees the
old file or the new one, never half of one, and a failure leaves nothing behind. The
exports (:func:`il2kg.export.formats.write_bytes`) and the closure cache
(:mod:`il2kg.reasoning.closure`) both use it.

This module imports nothing else from il2kg, so that any layer may use it.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

__all__ = ["TEMPORARY_SUFFIX", "apply_umask", "temporary_prefix", "write_atomically"]

TEMPORARY_SUFFIX = ".tmp"
"""The suffix of the temporary file :func:`write_atomically` writes before the rename."""


def temporary_prefix(target: Path) -> str:
    """The prefix of :func:`write_atomically`'s temporary files for ``target``.

    >>> temporary_prefix(Path("/tmp/out.ttl"))
    '.out.ttl.'
    """
    return f".{target.name}."


def apply_umask(path: Path, mode: int) -> None:
    """Give ``path`` the permissions a plain ``open()`` or ``mkdir()`` would have given it.

    That is ``mode`` less the user's umask, for what il2kg made private while writing it
    (temporary files and folders).
    """
    umask = os.umask(0)
    os.umask(umask)
    path.chmod(mode & ~umask)


def write_atomically(data: bytes, target: Path, *, mode: int | None = 0o666) -> None:
    """Replace ``target`` with ``data``, all or nothing.

    The bytes are written to a temporary file beside ``target`` (named
    :func:`temporary_prefix` + random + :data:`TEMPORARY_SUFFIX`), which is then renamed over
    it. ``target`` must be a regular file or not exist: the rename replaces whatever is there,
    so a caller that may meet a device, a FIFO or a symbolic link handles those first (as
    :func:`il2kg.export.formats.write_bytes` does).

    Args:
        data: The new content.
        target: The file to replace; its folder must exist.
        mode: The permission bits the file gets, less the umask (as ``open()`` would give);
            ``None`` keeps it private to the user (``0600``), for caches.

    Raises:
        OSError: The file could not be written or renamed; the temporary file is removed
            and ``target`` is untouched.

    >>> import tempfile
    >>> target = Path(tempfile.mkdtemp()) / "out.txt"
    >>> write_atomically(b"one", target); write_atomically(b"two", target)
    >>> target.read_bytes(), [p.name for p in target.parent.iterdir()]
    (b'two', ['out.txt'])
    """
    descriptor, temporary = tempfile.mkstemp(
        dir=target.parent, prefix=temporary_prefix(target), suffix=TEMPORARY_SUFFIX
    )
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
        if mode is not None:
            apply_umask(Path(temporary), mode)  # mkstemp makes it private
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
