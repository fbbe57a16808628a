"""Atomic file writes: a temporary file in the target folder, then a rename.

An interrupted run leaves no half-written file, and a rerun overwrites cleanly.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

__all__ = ["atomic_path", "uninterrupted", "write_bytes", "write_text"]


@contextlib.contextmanager
def atomic_path(target: str | Path, suffix: str | None = None):
    """Yield a temporary path beside ``target``; rename it onto ``target`` on success.

    On any exception the temporary file is removed and ``target`` is untouched.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> with atomic_path(d / "a.txt") as tmp:
    ...     _ = tmp.write_text("hei")
    >>> (d / "a.txt").read_text()
    'hei'
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(
        prefix=f".{target.name}.", suffix=suffix or ".part", dir=target.parent
    )
    os.close(fd)
    tmp = Path(name)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)
    try:
        yield tmp
        os.replace(tmp, target)
    finally:
        if tmp.exists():
            tmp.unlink()


@contextlib.contextmanager
def uninterrupted():
    """Hold Ctrl-C and SIGTERM back while the block runs (e.g. moving a brief's HTML and DOCX
    into place: both or neither); a signal that came meanwhile is handled right after.

    POSIX ``pthread_sigmask`` in the main thread; elsewhere the block runs as it is.

    Examples
    --------
    >>> with uninterrupted():
    ...     pass
    """
    import signal
    import threading

    if not hasattr(signal, "pthread_sigmask") or threading.current_thread() is not threading.main_thread():
        yield
        return
    held = {signal.SIGINT, signal.SIGTERM}
    old = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def write_bytes(target: str | Path, data: bytes) -> Path:
    """Write bytes atomically; return the target path."""
    with atomic_path(target) as tmp:
        tmp.write_bytes(data)
    return Path(target)


def write_text(target: str | Path, text: str, encoding: str = "utf-8") -> Path:
    """Write text atomically (``\\n`` line endings); return the target path."""
    with atomic_path(target) as tmp:
        with open(tmp, "w", encoding=encoding, newline="\n") as fh:
            fh.write(text)
    return Path(target)
