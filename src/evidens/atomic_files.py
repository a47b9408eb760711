"""Write files so that a failure never leaves a partial file or destroys an existing one.

Everything the program saves for a user (JSON exports, briefs) goes through
:func:`write_atomic`: the bytes go to a temporary file in the target folder (same file system, so
the final rename is atomic) and replace the target only when they are complete. Operating-system
errors become :class:`WriteError` with a Danish message a caseworker can act on.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from pathlib import Path


class WriteError(Exception):
    """Saving failed; the message is Danish and fit to show as it is."""


def _message(path: Path, exc: OSError) -> str:
    if isinstance(exc, PermissionError) or exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return (f"Kan ikke gemme {path}: der er ikke skriveadgang til mappen, eller filen er "
                "åben i et andet program. Luk filen, eller vælg en anden mappe.")
    if exc.errno == errno.ENOSPC:
        return f"Kan ikke gemme {path}: der er ikke plads nok på disken."
    if exc.errno in (errno.ENAMETOOLONG,):
        return f"Kan ikke gemme {path}: stien er for lang. Vælg en kortere sti."
    if isinstance(exc, FileNotFoundError):
        return f"Kan ikke gemme {path}: mappen findes ikke."
    return f"Kan ikke gemme {path}: {exc.strerror or exc}."


def write_atomic(path: Path | str, data: bytes | str) -> Path:
    """Write ``data`` to ``path`` all-or-nothing. Raises WriteError with a Danish message."""
    path = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    if path.is_dir():
        raise WriteError(f"Kan ikke gemme {path}: det er en mappe, ikke en fil.")
    tmp_name = None
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name[:40]}.", suffix=".tmp",
                                        dir=path.parent)
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp_name, path)
        tmp_name = None
    except OSError as exc:
        raise WriteError(_message(path, exc)) from None
    finally:
        if tmp_name is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp_name)
    return path
