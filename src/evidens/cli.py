"""The ``evidens`` command.

Every error a user can meet ends as a Danish message on stderr and a non-zero exit code, never a
traceback: exit 1 for "nothing found", 2 for bad input, 3 for a missing or broken database or data,
4 for a file that could not be written. Qt is imported only by the ``gui`` subcommand, so the other
subcommands start fast and run on machines without a display.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from . import __version__
from .atomic_files import WriteError
from .database import DatabaseError, open_database
from .records import GROUP_LABELS

EXIT_NOT_FOUND, EXIT_USAGE, EXIT_DATA, EXIT_WRITE = 1, 2, 3, 4


class CliError(Exception):
    def __init__(self, message: str, code: int):
        super().__init__(message)
        self.code = code


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", type=Path, metavar="STI",
                        help="brug en anden evidensdatabase end den indbyggede")
    parser = argparse.ArgumentParser(
        prog="evidens", description="Evidenshåndbogen – evidens for beskæftigelses- og "
                                    "socialområdet, offline.")
    parser.add_argument("--version", action="version", version=f"evidens {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="KOMMANDO")

    gui = sub.add_parser("gui", parents=[common], help="åbn programmet (standard)")
    gui.add_argument("--exit-after-startup", action="store_true",
                     help="luk igen, så snart vinduet er vist (til målinger og røgtest)")

    build = sub.add_parser("build-db", help="valider kildedata og byg databasen")
    build.add_argument("--source", type=Path, metavar="MAPPE",
                       help="mappen med kildedata (standard: pakkens db/)")
    build.add_argument("--output", type=Path, metavar="FIL",
                       help="databasefilen (standard: db/evidens.sqlite)")
    build.add_argument("--check", action="store_true", help="valider kun; byg ikke")

    export = sub.add_parser("export-json", parents=[common],
                            help="gem hele evidensgrundlaget som én JSON-fil")
    export.add_argument("out", type=Path, metavar="FIL")

    search = sub.add_parser("search", parents=[common], help="søg i indsatser og redskaber")
    search.add_argument("query", metavar="SØGNING")
    search.add_argument("--group", choices=("adult", "youth"))
    search.add_argument("--json", action="store_true", help="skriv resultatet som JSON")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    command = args.command or "gui"
    try:
        if command == "gui":
            from .app.main import run_app  # Qt only here
            return run_app(getattr(args, "db", None),
                           exit_after_startup=getattr(args, "exit_after_startup", False))
        handler = {"build-db": _build_db, "export-json": _export_json, "search": _search}[command]
        return handler(args)
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


def _build_db(args) -> int:
    from . import build_db, source_data
    from .resource_files import DATABASE_NAME, data_dir

    root = args.source or data_dir()
    try:
        if args.check:
            data = source_data.load(root)
            total = sum(len(v) for v in data.records.values())
            print(f"Kildedata er i orden: {total} poster i {root}.")
            return 0
        report = build_db.build(root, args.output or root / DATABASE_NAME)
    except source_data.SourceDataError as exc:
        print(f"evidens: kildedata har {len(exc.problems)} fejl; databasen er ikke ændret:",
              file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        return EXIT_DATA
    except OSError as exc:
        raise CliError(f"kan ikke skrive databasen: {exc}", EXIT_WRITE) from None
    counts = ", ".join(f"{k}: {v}" for k, v in report.counts.items())
    print(f"Byggede {report.path} (version {report.data_version}). {counts}")
    return 0


def _export_json(args) -> int:
    from .export_json import export

    conn = open_database(args.db)
    path = export(conn, args.out)
    print(f"Gemte evidensgrundlaget i {path}.")
    return 0


def _search(args) -> int:
    from .search import search

    conn = open_database(args.db)
    hits = search(conn, args.query, group=args.group)
    if args.json:
        print(json.dumps([
            {"id": h.intervention.id, "name": h.intervention.name,
             "group": h.intervention.group, "kind": h.intervention.kind,
             "evidence": h.intervention.evidence, "score": round(h.score, 3),
             "matched_in": list(h.matched_in)} for h in hits], ensure_ascii=False, indent=2))
    if not hits:
        print("Ingen resultater.", file=sys.stderr)
        return EXIT_NOT_FOUND
    if not args.json:
        for h in hits:
            iv = h.intervention
            print(f"{iv.evidence_symbol} {iv.name} [{iv.id}] – {GROUP_LABELS[iv.group]}, "
                  f"{iv.kind_label.lower()}, {iv.evidence_label.lower()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
