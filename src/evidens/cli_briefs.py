"""Subcommands that print: ``brief`` (one card) and ``handbook`` (everything), as PDF or HTML.

:func:`export_matrix` does the same for a matrix; ``evidens matrix --format`` calls it. Qt is
imported only for PDF, so an HTML export starts fast and runs without a display. A file that
cannot be written is a :class:`~evidens.atomic_files.WriteError`, which :mod:`evidens.cli`
turns into a Danish message and exit code 4; nothing is left half-written.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from . import briefs, queries
from .cli_common import EXIT_USAGE, CliError, resolve_or_fail
from .database import open_database
from .records import GROUP_LABELS

FORMATS = ("pdf", "html")
SUFFIXES = {".pdf": "pdf", ".html": "html", ".htm": "html"}


def register(sub, common) -> None:
    brief = sub.add_parser("brief", parents=[common],
                           help="gem ét indsatskort som PDF eller HTML til print")
    brief.add_argument("name", metavar="NAVN",
                       help="indsatsens eller redskabets id, navn eller forkortelse")
    _output_arguments(brief)
    brief.set_defaults(handler=_brief)

    handbook = sub.add_parser("handbook", parents=[common],
                              help="gem hele håndbogen (kort, matricer, konklusioner, kilder)")
    _output_arguments(handbook)
    handbook.set_defaults(handler=_handbook)


def _output_arguments(parser, required: bool = True) -> None:
    """--format, -o and --pdf-a; other commands (matrix, profile, compare) add them optional."""
    parser.add_argument("--format", choices=FORMATS,
                        help="pdf eller html (standard: ud fra filnavnets endelse)")
    parser.add_argument("-o", "--output", type=Path, required=required, metavar="FIL",
                        help="filen, der skal gemmes" + ("" if required else
                                                         " som PDF eller HTML til print"))
    parser.add_argument("--pdf-a", action="store_true",
                        help="gem PDF'en som PDF/A-1b til arkivering")


def output_format(fmt: str | None, out: Path, pdf_a: bool = False) -> str:
    """The format asked for, or the one the file name says; CliError (exit 2) otherwise."""
    if fmt is None:
        fmt = SUFFIXES.get(Path(out).suffix.lower())
        if fmt is None:
            raise CliError(f"Angiv --format pdf eller html; formatet kan ikke ses af "
                           f"filnavnet »{Path(out).name}«.", EXIT_USAGE)
    if fmt not in FORMATS:
        raise CliError(f"Ukendt format »{fmt}«; vælg pdf eller html.", EXIT_USAGE)
    if pdf_a and fmt != "pdf":
        raise CliError("--pdf-a gælder kun for PDF.", EXIT_USAGE)
    return fmt


def _data_version(conn: sqlite3.Connection) -> str:
    return queries.meta(conn)["data_version"]


add_output_arguments = _output_arguments


def export_brief(conn: sqlite3.Connection, brief, fmt: str | None, out: Path,
                 pdf_a: bool = False) -> Path:
    """Save an analysis_briefs.Brief (comparison, profile) as PDF or HTML."""
    fmt = output_format(fmt, out, pdf_a)
    if fmt == "html":
        return briefs.write_html(brief.html, out)
    from .pdf_export import write_pdf  # Qt only here

    return write_pdf(brief.html, out, title=brief.title, data_version=_data_version(conn),
                     page_size=brief.page_size, landscape=brief.landscape, pdf_a=pdf_a)


def export_card(conn: sqlite3.Connection, intervention_id: str, fmt: str, out: Path,
                pdf_a: bool = False) -> Path:
    """Save one intervention's or tool's card (A4 portrait) as PDF or HTML."""
    fmt = output_format(fmt, out, pdf_a)
    html = briefs.card_html(conn, intervention_id)
    if fmt == "html":
        return briefs.write_html(html, out)
    from .pdf_export import write_pdf  # Qt only here

    return write_pdf(html, out, title=briefs.card_title(conn, intervention_id),
                     data_version=_data_version(conn), pdf_a=pdf_a, **briefs.PAGE_SETUP["card"])


def export_matrix(conn: sqlite3.Connection, group: str, evidence_only: bool, fmt: str,
                  out: Path, paper: str = "A4", pdf_a: bool = False) -> Path:
    """Save one group's matrix (landscape, A4 or A3) as PDF or HTML."""
    if group not in GROUP_LABELS:
        raise CliError(f"Ukendt målgruppe »{group}«; vælg adult eller youth.", EXIT_USAGE)
    if paper not in briefs.PAPER_SIZES:
        raise CliError(f"Ukendt papirstørrelse »{paper}«; vælg A4 eller A3.", EXIT_USAGE)
    fmt = output_format(fmt, out, pdf_a)
    html = briefs.matrix_html(conn, group, evidence_only, page_size=paper)
    if fmt == "html":
        return briefs.write_html(html, out)
    from .pdf_export import write_pdf  # Qt only here

    return write_pdf(html, out, title=briefs.matrix_title(group, evidence_only),
                     data_version=_data_version(conn), page_size=paper, landscape=True,
                     pdf_a=pdf_a)


def export_handbook(conn: sqlite3.Connection, fmt: str, out: Path, pdf_a: bool = False,
                    progress=None, cancelled=None) -> Path:
    """Save the whole handbook. The PDF's contents get page numbers: it is laid out once to
    find them, then typeset with them (the numbers do not move anything). ``progress`` and
    ``cancelled`` are passed to the PDF writer (the app's worker thread uses them)."""
    fmt = output_format(fmt, out, pdf_a)
    if fmt == "html":
        return briefs.write_html(briefs.handbook_html(conn), out)
    from .pdf_export import anchor_pages, write_pdf  # Qt only here

    briefs.check_writable(out)  # before the slow part
    pages = anchor_pages(briefs.handbook_parts(conn))
    return write_pdf(briefs.handbook_parts(conn, page_numbers=pages), out,
                     title=briefs.HANDBOOK_TITLE, data_version=_data_version(conn), pdf_a=pdf_a,
                     progress=progress, cancelled=cancelled)


def _brief(args) -> int:
    fmt = output_format(args.format, args.output, args.pdf_a)
    conn = open_database(args.db)
    iid = resolve_or_fail(args.name, queries.intervention_candidates(conn))
    path = export_card(conn, iid, fmt, args.output, pdf_a=args.pdf_a)
    print(f"Gemte kortet for {briefs.card_title(conn, iid)} i {path}.")
    return 0


def _handbook(args) -> int:
    fmt = output_format(args.format, args.output, args.pdf_a)
    conn = open_database(args.db)
    path = export_handbook(conn, fmt, args.output, pdf_a=args.pdf_a)
    print(f"Gemte håndbogen i {path}.")
    return 0
