"""The ``evidens`` command.

Every error a user can meet ends as a Danish message on stderr and a non-zero exit code, never a
traceback: exit 1 for "nothing found", 2 for bad input, 3 for a missing or broken database or data,
4 for a file that could not be written. Qt is imported only by the subcommands that need it, so the
others start fast and run on machines without a display.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from pathlib import Path

from evidens import __version__
from evidens.atomic_files import WriteError
from evidens.evidence.database import DatabaseError

from . import briefs, compare, data, matrix
from .common import EXIT_DATA, EXIT_WRITE, CliError

# Each module adds its subcommands with register(subparsers, common_parent_parser).
COMMAND_MODULES = [data, compare, matrix, briefs]


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", type=Path, metavar="STI",
                        help="brug en anden evidensdatabase end den indbyggede")
    parser = argparse.ArgumentParser(
        prog="evidens", description="Evidenshåndbogen – evidens for beskæftigelses- og "
                                    "socialområdet, offline.")
    parser.add_argument("--version", action="version", version=f"evidens {__version__}")
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


def main(argv: list[str] | None = None) -> int:
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
