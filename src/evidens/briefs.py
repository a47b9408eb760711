"""Printable briefs as HTML: one card, one matrix, the whole handbook.

The briefs are rendered from the same Jinja templates the app shows on screen (``_card.html``
for a card), so screen and paper cannot disagree. This module is Qt-free: it builds template
contexts from the query layer and returns HTML strings; :mod:`evidens.pdf_export` typesets them
as PDF, and :func:`write_html` saves them as one self-contained HTML file that opens anywhere,
offline, with nothing to fetch.
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import mimetypes
import os
import re
import sqlite3
import tempfile
from pathlib import Path

from . import queries
from .atomic_files import WriteError, write_atomic
from .atomic_files import describe as write_error_message
from .records import GROUP_LABELS, Category, Matrix, RiskFactor
from .resource_files import resources_dir
from .templating import render

# How each brief goes on paper; the keys are write_pdf()'s keyword arguments. The matrix has four
# level columns of barriers and interventions, so it needs the width of a landscape page.
PAGE_SETUP: dict[str, dict] = {
    "card": {"page_size": "A4", "landscape": False},
    "matrix": {"page_size": "A4", "landscape": True},
    "handbook": {"page_size": "A4", "landscape": False},
}
PAPER_SIZES = ("A4", "A3")

# The tables of the VIVE report each part of a matrix comes from, for the legend.
TABLES = {"adult": {"barriers": "Tabel 4.2", "interventions": "Tabel 5.1"},
          "youth": {"barriers": "Tabel 4.3", "interventions": "Tabel 6.1"}}

HANDBOOK_TITLE = "Evidenshåndbogen"


def data_context(conn: sqlite3.Connection) -> dict:
    """What every template needs for its "as of" line (the same keys as the app passes)."""
    meta = queries.meta(conn)
    return {"version": meta["data_version"], "built": meta["built"],
            "title": meta.get("title") or HANDBOOK_TITLE}


def page_css(page_size: str = "A4", landscape: bool = False) -> str:
    """The CSS ``@page`` size for a browser printing the HTML export."""
    return f"{page_size} {'landscape' if landscape else 'portrait'}"


# -- card ---------------------------------------------------------------------------------------
def card_title(conn: sqlite3.Connection, intervention_id: str) -> str:
    iv = queries.intervention(conn, intervention_id)
    if iv is None:
        raise LookupError(f"Kender ingen indsats med id »{intervention_id}«.")
    return iv.name


def card_html(conn: sqlite3.Connection, intervention_id: str, links: str = "text") -> str:
    """One intervention's or tool's card as a printable document (A4 portrait).

    ``links="text"``: a single brief has nowhere to link to, so references print as plain text.
    """
    iv = queries.intervention(conn, intervention_id)
    if iv is None:
        raise LookupError(f"Kender ingen indsats med id »{intervention_id}«.")
    return render("card_brief.html", title=iv.name, intervention=iv, data=data_context(conn),
                  links=links, page_css=page_css(**PAGE_SETUP["card"]), show_asof=True)


# -- matrix -------------------------------------------------------------------------------------
def matrix_title(group: str, evidence_only: bool = False) -> str:
    _check_group(group)
    title = f"Risikofaktorer, barrierer og indsatser – {GROUP_LABELS[group].lower()}"
    return title + (" (kun evidens for effekt)" if evidence_only else "")


def _check_group(group: str) -> None:
    if group not in GROUP_LABELS:
        raise ValueError(f"Ukendt målgruppe »{group}«; vælg adult eller youth.")


def _sections(matrix: Matrix) -> list[tuple[Category, list[RiskFactor]]]:
    """Risk factors under their category heading; categories without matrix rows are left out."""
    out = []
    for category in matrix.categories:
        rows = [rf for rf in matrix.risk_factors if rf.category_id == category.id]
        if rows:
            out.append((category, rows))
    return out


def matrix_context(conn: sqlite3.Connection, group: str, evidence_only: bool = False) -> dict:
    """Everything ``_matrix.html`` needs for one group's table, its footnotes and its legend."""
    _check_group(group)
    m = queries.matrix(conn, group, evidence_only)
    footnotes: dict[int, str] = {}
    notes: dict[str, str] = {}
    for cell in m.cells.values():
        for barrier in cell.barriers:
            for source in barrier.sources:
                footnotes.setdefault(source.footnote, source.label)
        for x in cell.crossrefs:
            notes.setdefault(x.mark, x.text)
    # Categories the tables leave out, with the risk factors' note saying why (adults: the
    # educational ones, which cut across all the others).
    in_table = {rf.category_id for rf in m.risk_factors}
    omitted = []
    for category in m.categories:
        if category.id not in in_table:
            reasons = [rf.note for rf in queries.risk_factors(conn, group)
                       if rf.category_id == category.id and rf.note]
            omitted.append((category, reasons[0] if reasons else None))
    return {
        "matrix": m, "group": group, "group_label": GROUP_LABELS[group], "omitted": omitted,
        "evidence_only": evidence_only, "sections": _sections(m), "tables": TABLES[group],
        "footnotes": sorted(footnotes.items()), "notes": sorted(notes.items()),
        "matrix_title": matrix_title(group, evidence_only),
    }


def matrix_html(conn: sqlite3.Connection, group: str, evidence_only: bool = False,
                links: str = "text", page_size: str = "A4") -> str:
    """One group's risk-factor × level matrix as a printable document (landscape)."""
    ctx = matrix_context(conn, group, evidence_only)
    return render("matrix.html", title=ctx["matrix_title"], data=data_context(conn), links=links,
                  page_css=page_css(page_size, landscape=True), **ctx)


# -- handbook -----------------------------------------------------------------------------------
def handbook_sections(conn: sqlite3.Connection) -> list[tuple[str, str]]:
    """The handbook's table of contents: (anchor, heading) in document order; the heading's
    element id is ``section-<anchor>``."""
    out = [("how-to-read", "Sådan læses håndbogen")]
    for group, label in GROUP_LABELS.items():
        out.append((f"cards-{group}", f"Indsatser og redskaber – {label.lower()}"))
    for group in GROUP_LABELS:
        out.append((f"matrix-{group}", matrix_title(group)))
    out += [("conclusions", "STAR's konklusioner og vidensprojekter"),
            ("sources", "Kilder og litteratur")]
    return out


HANDBOOK_PARTS = (("front", False), ("matrices", True), ("back", False))


def _handbook_context(conn: sqlite3.Connection, page_numbers: dict[str, int] | None,
                      exported: dt.date | None) -> dict:
    summaries = queries.interventions(conn)
    cards = {group: [queries.intervention(conn, s.id) for s in summaries if s.group == group]
             for group in GROUP_LABELS}
    by_id = {s.id: s for s in summaries}
    conclusions = queries.conclusions(conn)
    return dict(
        title=HANDBOOK_TITLE, data=data_context(conn), links="anchor",
        page_css=page_css(**PAGE_SETUP["handbook"]), show_asof=False,
        exported=exported or dt.date.today(), contents=handbook_sections(conn),
        page_numbers=page_numbers or {}, cards=cards,
        matrices=[matrix_context(conn, group) for group in GROUP_LABELS],
        levels=queries.levels(conn), conclusions=conclusions,
        conclusion_interventions={c.id: [by_id[i] for i in c.intervention_ids if i in by_id]
                                  for c in conclusions},
        sources=queries.sources(conn), references=queries.references(conn),
        counts={"interventions": sum(s.kind == "intervention" for s in summaries),
                "tools": sum(s.kind == "tool" for s in summaries)})


def handbook_html(conn: sqlite3.Connection, page_numbers: dict[str, int] | None = None,
                  exported: dt.date | None = None) -> str:
    """The whole handbook as one document: cover, contents, every card, both matrices, the
    conclusions, the sources and the bibliography. Cross-references are links inside it.

    ``page_numbers`` (anchor → page), when the PDF export knows them, go in the contents.
    """
    return render("handbook.html", part="all",
                  **_handbook_context(conn, page_numbers, exported))


def handbook_parts(conn: sqlite3.Connection, page_numbers: dict[str, int] | None = None,
                   exported: dt.date | None = None) -> list[tuple[str, bool]]:
    """The handbook for the PDF: (html, landscape) for the front matter and cards, the
    matrices (landscape, like the matrix brief) and the conclusions and sources."""
    ctx = _handbook_context(conn, page_numbers, exported)
    return [(render("handbook.html", part=part, **ctx), landscape)
            for part, landscape in HANDBOOK_PARTS]


# -- HTML export --------------------------------------------------------------------------------
_IMG_SRC = re.compile(r'(<img\b[^>]*?\bsrc=")([^"]+)(")', re.IGNORECASE)
_EXTERNAL = re.compile(
    r"<script\b|<link\b|<iframe\b|<object\b|<embed\b|@import"
    r"|\bhref\s*=\s*(?![\"']?#)|\bsrc\s*=\s*(?![\"']?data:)|url\(\s*(?![\"']?data:)",
    re.IGNORECASE)


def _inline_images(html: str) -> str:
    """Bundled images become data: URIs, so the file shows them without its resource folder."""
    def data_uri(match: re.Match) -> str:
        src = match.group(2)
        if src.startswith("data:"):
            return match.group(0)
        path = resources_dir() / src
        if not path.is_file():
            return match.group(0)  # not ours: self_contained() refuses it
        mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        encoded = base64.b64encode(path.read_bytes()).decode("ascii")
        return f"{match.group(1)}data:{mime};base64,{encoded}{match.group(3)}"

    return _IMG_SRC.sub(data_uri, html)


def self_contained(html: str) -> str:
    """``html`` with images inlined; ValueError if anything would still load from elsewhere.

    A brief must open the same on a machine with no network and without our resource folder, and
    must never run code: no scripts, no linked style sheets, no external or file references.
    """
    html = _inline_images(html)
    found = _EXTERNAL.search(html)
    if found:
        raise ValueError(f"HTML-udskriften henviser til noget uden for filen: {found.group(0)!r}")
    return html


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
        is_dir = path.is_dir()
    except OSError as exc:  # a path too long even to look at, among others
        raise WriteError(write_error_message(path, exc)) from None
    if is_dir:
        raise WriteError(f"Kan ikke gemme {path}: det er en mappe, ikke en fil.")
    try:
        fd, scratch = tempfile.mkstemp(prefix=f".{path.name[:40]}.", suffix=".tmp",
                                       dir=path.parent)
    except NotADirectoryError:
        raise WriteError(f"Kan ikke gemme {path}: mappen findes ikke "
                         f"({path.parent} er en fil).") from None
    except OSError as exc:
        raise WriteError(write_error_message(path, exc)) from None
    os.close(fd)
    with contextlib.suppress(OSError):
        os.unlink(scratch)


def write_html(html: str, target: Path | str) -> Path:
    """Save a brief as one self-contained HTML file, all or nothing (raises WriteError)."""
    html = self_contained(html)
    check_writable(target)
    return write_atomic(target, html)
