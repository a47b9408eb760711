"""Saving a brief as PDF or HTML: the one path the command line and the app's menus share.

Qt is imported only for PDF, so an HTML export starts fast and runs without a display. A file
that cannot be written is a :class:`~evidens.atomic_files.WriteError` with a Danish message;
nothing is left half-written.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from evidens.atomic_files import check_writable

from . import builders
from .html_export import write_html, write_html_stream

FORMATS = ("pdf", "html")
SUFFIXES = {".pdf": "pdf", ".html": "html", ".htm": "html"}


class FormatError(ValueError):
    """The format asked for cannot be used; the message is Danish."""


def output_format(fmt: str | None, out: Path | str, pdf_a: bool = False) -> str:
    """The format asked for, or the one the file name says; FormatError otherwise."""
    if fmt is None:
        fmt = SUFFIXES.get(Path(out).suffix.lower())
        if fmt is None:
            raise FormatError(f"Angiv --format pdf eller html; formatet kan ikke ses af "
                              f"filnavnet »{Path(out).name}«.")
    if fmt not in FORMATS:
        raise FormatError(f"Ukendt format »{fmt}«; vælg pdf eller html.")
    if pdf_a and fmt != "pdf":
        raise FormatError("--pdf-a gælder kun for PDF.")
    return fmt


def save_brief(brief: builders.Brief, fmt: str | None, out: Path | str, *, data_version: str,
               pdf_a: bool = False) -> Path:
    """Save any brief (card, matrix, comparison, profile) as PDF or HTML."""
    fmt = output_format(fmt, out, pdf_a)
    if fmt == "html":
        return write_html(brief.html, out)
    from .pdf_export import write_pdf  # Qt only here

    return write_pdf(brief.html, out, title=brief.title, data_version=data_version,
                     page_size=brief.page_size, landscape=brief.landscape, pdf_a=pdf_a)


def save_handbook(conn: sqlite3.Connection, fmt: str | None, out: Path | str,
                  pdf_a: bool = False, progress=None, cancelled=None) -> Path:
    """Save the whole handbook. The PDF's contents get page numbers: it is laid out once to
    find them, then typeset with them (the numbers do not move anything). ``progress`` and
    ``cancelled`` are passed to the PDF writer (the app's worker thread uses them)."""
    fmt = output_format(fmt, out, pdf_a)
    if fmt == "html":
        # Streamed: on a large evidence base the handbook is too long to build as one string.
        return write_html_stream(builders.handbook_html_pieces(conn), out)
    from .pdf_export import anchor_pages, write_pdf  # Qt only here

    check_writable(out)  # before the slow part
    context = builders.handbook_context(conn)  # one read for both passes
    first = builders.handbook_parts(context)
    parts = builders.handbook_parts(context, anchor_pages(first), previous=first)
    return write_pdf(parts, out,
                     title=builders.HANDBOOK_TITLE, data_version=builders.data_edition(conn),
                     pdf_a=pdf_a, progress=progress, cancelled=cancelled)
