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
import stat
import tempfile
from pathlib import Path


class WriteError(Exception):
    """Saving failed; the message is Danish and fit to show as it is."""


def describe(path: Path, exc: OSError) -> str:
    """A Danish sentence for an OSError met while saving ``path``."""
    if isinstance(exc, PermissionError) or exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return (f"Kan ikke gemme {path}: der er ikke skriveadgang til mappen, eller filen er "
                "åben i et andet program. Luk filen, eller vælg en anden mappe.")
    if exc.errno == errno.ENOSPC:
        return f"Kan ikke gemme {path}: der er ikke plads nok på disken."
    if exc.errno in (errno.ENAMETOOLONG,):
        return f"Kan ikke gemme {path}: stien er for lang. Vælg en kortere sti."
    if isinstance(exc, FileNotFoundError):
        return f"Kan ikke gemme {path}: mappen findes ikke."
    if isinstance(exc, NotADirectoryError) or exc.errno == errno.ENOTDIR:
        return f"Kan ikke gemme {path}: en del af stien er en fil, ikke en mappe."
    return f"Kan ikke gemme {path}: {exc.strerror or exc}."


def _not_a_file(path: Path) -> str | None:
    """Why ``path`` must not be replaced, if it exists and is not a regular file.

    A folder, a device such as /dev/full or a named pipe would otherwise be renamed away by the
    final os.replace (as an administrator even in /dev), which is never what saving means.
    """
    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):
        return None  # absent or unreachable: the save itself reports it
    if stat.S_ISDIR(mode):
        return f"Kan ikke gemme {path}: det er en mappe, ikke en fil."
    if not stat.S_ISREG(mode):
        return (f"Kan ikke gemme {path}: det er ikke en almindelig fil, men en enhed eller "
                "anden særlig fil. Vælg et andet filnavn.")
    return None


def check_writable(target: Path | str) -> None:
    """Fail early, before a slow export, when the target folder cannot take the file.

    Creates and removes a scratch file where write_atomic will put its temporary file and raises
    the Danish WriteError it would; also names a folder that is really a file, and a file name
    too long for the file system, which the operating system reports only in English.
    """
    path = Path(target)
    if len(path.name.encode("utf-8")) > 255:
        raise WriteError(f"Kan ikke gemme {path}: stien er for lang. Vælg en kortere sti.")
    try:
        path.is_dir()
    except OSError as exc:  # a path too long even to look at, among others
        raise WriteError(describe(path, exc)) from None
    problem = _not_a_file(path)
    if problem:
        raise WriteError(problem)
    try:
        fd, scratch = tempfile.mkstemp(prefix=f".{path.name[:40]}.", suffix=".tmp",
                                       dir=path.parent)
    except NotADirectoryError:
        raise WriteError(f"Kan ikke gemme {path}: mappen findes ikke "
                         f"({path.parent} er en fil).") from None
    except OSError as exc:
        raise WriteError(describe(path, exc)) from None
    os.close(fd)
    with contextlib.suppress(OSError):
        os.unlink(scratch)


def write_atomic(path: Path | str, data: bytes | str) -> Path:
    """Write ``data`` to ``path`` all-or-nothing. Raises WriteError with a Danish message."""
    path = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    tmp_name = None
    try:
        problem = _not_a_file(path)
        if problem:
            raise WriteError(problem)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name[:40]}.", suffix=".tmp",
                                        dir=path.parent)
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        # mkstemp makes the file private (0600); a saved brief should get the permissions any
        # other new file in that folder would.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp_name, 0o666 & ~umask)
        os.replace(tmp_name, path)
        tmp_name = None
    except OSError as exc:
        raise WriteError(describe(path, exc)) from None
    finally:
        if tmp_name is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp_name)
    return path
