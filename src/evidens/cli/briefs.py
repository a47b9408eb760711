"""Subcommands that print: ``brief`` (one card on one A4 page, or ``--full``) and ``handbook``
(everything), as PDF or HTML, and the output options every printing subcommand shares
(``matrix``, ``profile``, ``compare``).

The saving itself is :mod:`evidens.briefs.export`, the same code the app's menus use.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from evidens.briefs import export
from evidens.briefs.builders import Brief, card_brief, data_edition, one_page_brief
from evidens.evidence import queries
from evidens.evidence.database import open_database

from .common import EXIT_USAGE, CliError, resolve_or_fail


def register(sub, common) -> None:
    brief = sub.add_parser("brief", parents=[common],
                           help="gem en indsats' brief på én A4-side (eller hele kortet) som PDF "
                                "eller HTML")
    brief.add_argument("name", metavar="NAVN",
                       help="indsatsens eller redskabets id, navn eller forkortelse")
    brief.add_argument("--full", action="store_true",
                       help="hele kortet med alle resultater, noter og litteratur")
    brief.add_argument("--curator", action="store_true",
                       help="tilføj kuratorens noter om, hvordan kilderne er læst (til kontrol)")
    add_output_arguments(brief)
    brief.set_defaults(handler=_brief)

    handbook = sub.add_parser("handbook", parents=[common],
                              help="gem hele håndbogen (kort, matricer, konklusioner, kilder)")
    add_output_arguments(handbook)
    handbook.set_defaults(handler=_handbook)


def add_output_arguments(parser, required: bool = True) -> None:
    """--format, -o and --pdf-a; other commands (matrix, profile, compare) add them optional."""
    parser.add_argument("--format", choices=export.FORMATS,
                        help="pdf eller html (standard: ud fra filnavnets endelse)")
    parser.add_argument("-o", "--output", type=Path, required=required, metavar="FIL",
                        help="filen, der skal gemmes" + ("" if required else
                                                         " som PDF eller HTML til print"))
    parser.add_argument("--pdf-a", action="store_true",
                        help="gem PDF'en som PDF/A-1b til arkivering")


def output_format(args) -> str:
    """The format of ``args`` (--format or the file name), checked before any slow work."""
    try:
        return export.output_format(args.format, args.output, args.pdf_a)
    except export.FormatError as exc:
        raise CliError(str(exc), EXIT_USAGE) from None


def save(conn: sqlite3.Connection, brief: Brief, args) -> Path:
    """Save a brief where ``args`` say (-o, --format, --pdf-a)."""
    return export.save_brief(brief, output_format(args), args.output,
                             data_version=data_edition(conn), pdf_a=args.pdf_a)


def _brief(args) -> int:
    output_format(args)
    conn = open_database(args.db)
    iid = resolve_or_fail(args.name, queries.intervention_candidates(conn))
    if args.full:
        brief = card_brief(conn, iid, curator=args.curator)
    else:
        brief = one_page_brief(conn, iid, curator=args.curator)
    path = save(conn, brief, args)
    what = "hele kortet" if args.full else "den korte brief"  # docs/ordliste.md: kort brief
    print(f"Gemte {what} for {brief.title} i {path}.")
    return 0


def _handbook(args) -> int:
    fmt = output_format(args)
    conn = open_database(args.db)
    path = export.save_handbook(conn, fmt, args.output, pdf_a=args.pdf_a)
    print(f"Gemte håndbogen i {path}.")
    return 0
