"""What every ``evidens`` subcommand module shares: exit codes, errors and name resolution.

Subcommands live in small modules (``data``, ``matrix``, ...) that each expose
``register(subparsers, common)``; :mod:`evidens.cli.main` only assembles them and turns every error
a user can meet into a Danish message and an exit code.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from evidens.evidence.names import Candidate

EXIT_NOT_FOUND, EXIT_USAGE, EXIT_DATA, EXIT_WRITE = 1, 2, 3, 4


class CliError(Exception):
    def __init__(self, message: str, code: int):
        super().__init__(message)
        self.code = code


def resolve_or_fail(name: str, candidates: Iterable[Candidate], what: str = "indsatser") -> str:
    """Resolve a name, or fail with close matches and exit code 2."""
    # Imported by the commands that take names, not by `evidens gui` (docs/performance.md).
    from evidens.evidence.names import UnknownNameError, resolve

    if not isinstance(name, str):  # argparse makes ``--risk=--`` an empty list
        name = ""
    try:
        return resolve(name, candidates, what)
    except UnknownNameError as exc:
        raise CliError(str(exc), EXIT_USAGE) from None
