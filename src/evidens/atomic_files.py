"""Write files so that a failure never leaves a partial file or destroys an existing one.

Everything the program saves for a user (JSON exports, briefs) goes through
:func:`write_atomic`: the bytes go to a temporary file in the target folder (same file system, so
the final rename is atomic) and replace the target only when they are complete. Operating-system
errors become :class:`WriteError` with a Danish message a caseworker can act on.

Saving onto a symbolic link writes to the file it points to (the link stays), and replacing an
existing file keeps its permissions: a caseworker's private 0600 file does not become 0644.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO


class WriteError(Exception):
    """Saving failed; the message is Danish and fit to show as it is."""


def describe(path: Path, exc: OSError) -> str:
    """A Danish sentence for an OSError met while saving ``path``."""
    if isinstance(exc, PermissionError) or exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return (f"Kan ikke gemme {path}: der er ikke skriveadgang til mappen, eller filen er "
                "åben i et andet program. Luk filen, eller vælg en anden mappe.")
    if exc.errno == errno.ENOSPC:
        return (f"Kan ikke gemme {path}: der er ikke plads nok på disken. Gør plads, eller "
                "vælg en anden mappe.")
    if exc.errno in (errno.ENAMETOOLONG,):
        return f"Kan ikke gemme {path}: stien er for lang. Vælg en kortere sti."
    if isinstance(exc, FileNotFoundError):
        return f"Kan ikke gemme {path}: mappen findes ikke."
    if isinstance(exc, NotADirectoryError) or exc.errno == errno.ENOTDIR:
        return f"Kan ikke gemme {path}: en del af stien er en fil, ikke en mappe."
    # The system's own text is English; the error number is for IT.
    return (f"Kan ikke gemme {path}: styresystemet afviste at gemme filen (fejl "
            f"{exc.errno or 'ukendt'}). Prøv en anden mappe, eller bed IT om hjælp.")


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
    if len(os.fsencode(path.name)) > 255:  # fsencode: a name may hold bytes that are not UTF-8
        raise WriteError(f"Kan ikke gemme {path}: stien er for lang. Vælg en kortere sti.")
    try:
        dest = final_target(path)
        dest.is_dir()
    except OSError as exc:  # a path too long even to look at, among others
        raise WriteError(describe(path, exc)) from None
    problem = _not_a_file(dest)
    if problem:
        raise WriteError(problem)
    try:
        fd, scratch = tempfile.mkstemp(prefix=f".{dest.name[:40]}.", suffix=".tmp",
                                       dir=dest.parent)
    except NotADirectoryError:
        raise WriteError(f"Kan ikke gemme {path}: mappen findes ikke "
                         f"({path.parent} er en fil).") from None
    except OSError as exc:
        raise WriteError(describe(path, exc)) from None
    os.close(fd)
    with contextlib.suppress(OSError):
        os.unlink(scratch)


def final_target(path: Path | str) -> Path:
    """Where the bytes for ``path`` really go: a symbolic link is followed to its target, so
    saving through a link updates the file it points to and the link stays a link."""
    path = Path(path)
    return Path(os.path.realpath(path)) if path.is_symlink() else path


@contextlib.contextmanager
def open_atomic(path: Path | str, mode: str = "wb", encoding: str | None = None
                ) -> Iterator[IO]:
    """A file object on a temporary file beside ``path``'s final target; when the block ends
    without an error it is flushed to disk and renamed onto the target, otherwise removed.

    The finished file keeps the permissions of the file it replaces (a private 0600 file stays
    private); a new file gets what any new file in that folder would (the umask). OSError
    becomes WriteError with a Danish message; other errors pass through unchanged, and in
    either case the target is as it was.
    """
    path = Path(path)
    tmp_name = None
    try:
        dest = final_target(path)
        problem = _not_a_file(dest)
        if problem:
            raise WriteError(problem)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{dest.name[:40]}.", suffix=".tmp",
                                        dir=dest.parent)
        with os.fdopen(fd, mode, encoding=encoding,
                       newline="" if "b" not in mode else None) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp_name, _mode_for(dest))
        os.replace(tmp_name, dest)
        tmp_name = None
    except OSError as exc:
        raise WriteError(describe(path, exc)) from None
    finally:
        if tmp_name is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp_name)


def _mode_for(dest: Path) -> int:
    """The existing file's permission bits, or those of a new file (mkstemp's are 0600)."""
    try:
        return stat.S_IMODE(os.stat(dest).st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_atomic(path: Path | str, data: bytes | str) -> Path:
    """Write ``data`` to ``path`` all-or-nothing. Raises WriteError with a Danish message."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    with open_atomic(path) as fh:
        fh.write(payload)
    return Path(path)
