"""The ``evidens`` command.

Every error a user can meet ends as a Danish message on stderr and a non-zero exit code, never a
traceback: exit 1 for "nothing found", 2 for bad input, 3 for a missing or broken database or data,
4 for a file that could not be written. Qt is imported only by the subcommands that need it, so the
others start fast and run on machines without a display.
"""

from __future__ import annotations

import contextlib
import io
import os
import sqlite3
import sys
from pathlib import Path

from evidens import __version__
from evidens.atomic_files import WriteError
from evidens.briefs.html_export import ExternalReferenceError
from evidens.evidence.database import DatabaseError

from . import briefs, compare, data, matrix
from .common import EXIT_DATA, EXIT_WRITE, CliError
from .danish_argparse import DanishArgumentParser

# Each module adds its subcommands with register(subparsers, common_parent_parser).
COMMAND_MODULES = [data, compare, matrix, briefs]


DAMAGED = ("Evidensdatabasen kunne ikke læses; den er måske beskadiget eller lavet af en anden "
           "version. Byg den igen med 'evidens build-db', eller bed IT om at geninstallere "
           "Evidenshåndbogen.")


def _parser() -> DanishArgumentParser:
    common = DanishArgumentParser(add_help=False)
    common.add_argument("--db", type=Path, metavar="STI",
                        help="brug en anden evidensdatabase end den indbyggede")
    parser = DanishArgumentParser(
        prog="evidens", description="Evidenshåndbogen – evidens for beskæftigelses- og "
                                    "socialområdet, offline.")
    parser.add_argument("--version", action="version", version=f"evidens {__version__}",
                        help="vis programmets version og afslut")
    parser.add_argument("--selftest", action="store_true",
                        help="kontrollér database, skabeloner, visninger og udskrifter; "
                             "rører ikke dine egne data")
    sub = parser.add_subparsers(dest="command", metavar="KOMMANDO")
    gui = sub.add_parser("gui", parents=[common], help="åbn programmet (standard)")
    gui.add_argument("--exit-after-startup", action="store_true",
                     help="luk igen, så snart vinduet er vist (til målinger og røgtest)")
    gui.set_defaults(handler=_gui)
    for module in COMMAND_MODULES:
        module.register(sub, common)
    return parser


def _gui(args) -> int:
    from evidens.app.main import run_app  # Qt only here

    return run_app(args.db, exit_after_startup=args.exit_after_startup)


def _tolerant_output() -> None:
    """Never crash on printing: a Windows console without UTF-8 mode (cp1252, cp850) has no ◆,
    and a file name with a byte that is not UTF-8 arrives as a lone surrogate. Such characters
    print as "?" instead of raising UnicodeEncodeError."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            with contextlib.suppress(ValueError, AttributeError):
                stream.reconfigure(errors="replace")


def main(argv: list[str] | None = None) -> int:
    _tolerant_output()
    parser = _parser()
    args = parser.parse_args(argv)
    if args.selftest:
        from .selftest import main as selftest  # imports Qt only inside its checks

        return selftest()
    if args.command is None:
        args = parser.parse_args(["gui", *(argv if argv is not None else sys.argv[1:])])
    try:
        return args.handler(args)
    except CliError as exc:
        print(f"evidens: {exc}", file=sys.stderr)
        return exc.code
    except DatabaseError as exc:
        print(f"evidens: {exc}", file=sys.stderr)
        return EXIT_DATA
    except ExternalReferenceError as exc:
        print(f"evidens: {exc}", file=sys.stderr)
        return EXIT_DATA
    except (sqlite3.Error, UnicodeDecodeError):
        # open_database checks the schema and pages; this is the net for damage it cannot see.
        print(f"evidens: {DAMAGED}", file=sys.stderr)
        return EXIT_DATA
    except WriteError as exc:
        print(f"evidens: {exc}", file=sys.stderr)
        return EXIT_WRITE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`evidens search x | head`): not an error worth a traceback.
        with contextlib.suppress(OSError):
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - silences the exit-time flush
        return 0


if __name__ == "__main__":
    sys.exit(main())
