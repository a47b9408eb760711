"""The ``evidens`` command.

Every error a user can meet ends as a Danish message on stderr and a non-zero exit code, never a
traceback: exit 1 for "nothing found", 2 for bad input, 3 for a missing or broken database or data,
4 for a file that could not be written. Qt is imported only by the subcommands that need it, so the
others start fast and run on machines without a display.
"""

from __future__ import annotations

import contextlib
import importlib
import io
import os
import sqlite3
import sys
from pathlib import Path

from evidens import __version__
from evidens.atomic_files import WriteError
from evidens.evidence.database import DatabaseError

from .common import EXIT_DATA, EXIT_WRITE, CliError
from .danish_argparse import DanishArgumentParser

# Each module adds its subcommands with register(subparsers, common_parent_parser). Only the
# module of the chosen command is imported (they pull in the briefs, Jinja and the analysis):
# `evidens gui`, the command a caseworker waits for, imports none of them (docs/performance.md).
COMMAND_MODULES = {"build-db": "data", "export-json": "data", "search": "data",
                   "compare": "compare", "matrix": "matrix", "profile": "matrix",
                   "brief": "briefs", "handbook": "briefs"}


DAMAGED = ("Evidensdatabasen kunne ikke læses; den er måske beskadiget eller lavet af en anden "
           "version. Byg den igen med 'evidens build-db', eller bed IT om at geninstallere "
           "Evidenshåndbogen.")


def _command(argv: list[str]) -> str | None:
    """The subcommand named in ``argv`` (its first word that is not an option), if any."""
    return next((word for word in argv if not word.startswith("-")), None)


def _modules_for(argv: list[str]) -> list[str]:
    """The subcommand modules the parser needs for ``argv``: the chosen command's, none for the
    app, all of them for the top-level help and for a misspelt command (so argparse can list
    every choice)."""
    command = _command(argv)
    if command in COMMAND_MODULES:
        return [COMMAND_MODULES[command]]
    if command == "gui" or (command is None and not {"-h", "--help"} & set(argv)):
        return []
    return list(dict.fromkeys(COMMAND_MODULES.values()))


def _parser(argv: list[str] | None = None) -> DanishArgumentParser:
    """The ``evidens`` parser; with ``argv``, only the subcommands needed to parse it."""
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
    names = (_modules_for(argv) if argv is not None
             else list(dict.fromkeys(COMMAND_MODULES.values())))
    for name in names:
        importlib.import_module(f"{__package__}.{name}").register(sub, common)
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
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = _parser(argv)
    args = parser.parse_args(argv)
    if args.selftest:
        from .selftest import main as selftest  # imports Qt only inside its checks

        return selftest()
    if args.command is None:
        args = parser.parse_args(["gui", *argv])
    try:
        return args.handler(args)
    except CliError as exc:
        print(f"evidens: {exc}", file=sys.stderr)
        return exc.code
    except DatabaseError as exc:
        print(f"evidens: {exc}", file=sys.stderr)
        return EXIT_DATA
    except ValueError as exc:
        # An HTML brief refused for pointing outside itself (html_export, imported only by the
        # commands that save HTML, hence looked up rather than imported here).
        html_export = sys.modules.get("evidens.briefs.html_export")
        if html_export is None or not isinstance(exc, html_export.ExternalReferenceError):
            raise
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
