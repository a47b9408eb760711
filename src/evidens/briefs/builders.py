"""Every printable brief as one :class:`Brief`: a card, a matrix, a comparison, a target-group
profile, and the whole handbook.

The briefs are rendered from the same Jinja templates the app shows on screen (``_card.html`` for
a card), so screen and paper cannot disagree. Each builder reads its records once and returns the
title, the HTML and the paper it wants, so the CLI, the app's printing and the self-test all hand
the same object to :mod:`evidens.briefs.export`. Qt-free: :mod:`evidens.briefs.pdf_export`
typesets the HTML as PDF.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from evidens.analysis.comparison import compare
from evidens.analysis.profiles import GapAnalysis, Profile, build_profile, gap_analysis
from evidens.evidence import effects, queries
from evidens.evidence.records import GROUP_LABELS, Category, Matrix, RiskFactor

from .card_context import card_context, card_variables
from .templating import data_edition as word_edition
from .templating import render, render_pieces

PAPER_SIZES = ("A4", "A3")

# The tables of the VIVE report each part of a matrix comes from, for the legend.
TABLES = {"adult": {"barriers": "tabel 4.2", "interventions": "tabel 5.1"},
          "youth": {"barriers": "tabel 4.3", "interventions": "tabel 6.1"}}

HANDBOOK_TITLE = "Evidenshåndbogen"


@dataclass(frozen=True)
class Brief:
    """A document ready for the PDF writer, a printer or the HTML export."""

    title: str
    html: str
    page_size: str = "A4"
    landscape: bool = False


def data_context(conn: sqlite3.Connection) -> dict:
    """What every template needs for its "as of" line (the same keys as the app passes)."""
    meta = queries.meta(conn)
    return {"version": meta["data_version"], "built": meta["built"],
            "edition": word_edition(meta["data_version"], meta["built"]),
            "title": meta.get("title") or HANDBOOK_TITLE}


def data_edition(conn: sqlite3.Connection) -> str:
    """The data's edition as a reader sees it in footers: "udgave 2026.1 af 26. november 2026"."""
    meta = queries.meta(conn)
    return word_edition(meta["data_version"], meta["built"])


def page_css(page_size: str = "A4", landscape: bool = False) -> str:
    """The CSS ``@page`` size for a browser printing the HTML export."""
    return f"{page_size} {'landscape' if landscape else 'portrait'}"


# -- card ---------------------------------------------------------------------------------------
def _intervention(conn: sqlite3.Connection, intervention_id: str):
    iv = queries.intervention(conn, intervention_id)
    if iv is None:
        raise LookupError(f"Kender ingen indsats med id »{intervention_id}«.")
    return iv


def card_brief(conn: sqlite3.Connection, intervention_id: str, links: str = "text", *,
               curator: bool = False) -> Brief:
    """One intervention's or tool's whole card (A4 portrait), "Om kilderne" unfolded at the end.

    ``links="text"``: a single brief has nowhere to link to, so references print as plain text.
    ``curator``: append the curators' notes (``evidens brief --full --curator``).
    """
    iv = _intervention(conn, intervention_id)
    html = render("card_brief.html", title=iv.name, data=data_context(conn), links=links,
                  page_css=page_css("A4", False), show_asof=True,
                  **card_variables(iv, curator=curator))
    return Brief(iv.name, html)


def one_page_brief(conn: sqlite3.Connection, intervention_id: str, *,
                   curator: bool = False) -> Brief:
    """The one-page A4 brief: overview, target group, elements and sources in short.

    ``tests/test_one_page_brief.py`` checks that every record fits on one page.
    """
    iv = _intervention(conn, intervention_id)
    html = render("card_short.html", title=iv.name, data=data_context(conn), links="text",
                  page_css=page_css("A4", False),
                  **card_variables(iv, result_links=False, curator=curator))
    return Brief(iv.name, html)


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
    left_out = [category for category in m.categories if category.id not in in_table]
    reasons: dict[str, str] = {}
    if left_out:  # one query for all of them, not one per category
        for rf in queries.risk_factors(conn, group):
            if rf.note:
                reasons.setdefault(rf.category_id, rf.note)
    omitted = [(category, reasons.get(category.id)) for category in left_out]
    return {
        "matrix": m, "group": group, "group_label": GROUP_LABELS[group], "omitted": omitted,
        "evidence_only": evidence_only, "sections": _sections(m), "tables": TABLES[group],
        "footnotes": sorted(footnotes.items()), "notes": sorted(notes.items()),
        "matrix_title": matrix_title(group, evidence_only),
    }


def matrix_brief(conn: sqlite3.Connection, group: str, evidence_only: bool = False,
                 links: str = "text", page_size: str = "A4") -> Brief:
    """One group's risk-factor × level matrix (landscape: four level columns need the width)."""
    if page_size not in PAPER_SIZES:
        raise ValueError(f"Ukendt papirstørrelse »{page_size}«; vælg A4 eller A3.")
    ctx = matrix_context(conn, group, evidence_only)
    html = render("matrix.html", title=ctx["matrix_title"], data=data_context(conn), links=links,
                  page_css=page_css(page_size, landscape=True), **ctx)
    return Brief(ctx["matrix_title"], html, page_size, True)


# -- comparison and profile ---------------------------------------------------------------------
def comparison_brief(conn: sqlite3.Connection, ids: list[str], only_differences: bool = False,
                     links: str = "text", full: bool = False) -> Brief:
    """2–4 interventions side by side; landscape when there are more than two columns.

    The structured facts only, unless ``full``: the sources' free text is what made a comparison
    of three run to nine pages, and a manager comparing needs the facts side by side."""
    comparison = compare(conn, ids)
    landscape = len(comparison.interventions) > 2
    title = "Sammenligning: " + " · ".join(iv.short_name for iv in comparison.interventions)
    rows = comparison.visible_rows(only_differences=only_differences)
    text_rows = [r for r in comparison.visible_rows(only_differences=only_differences,
                                                    free_text=True) if not r.structured]
    html = render("comparison_brief.html", title=title, comparison=comparison, rows=rows,
                  text_rows=text_rows, full=full, only_differences=only_differences,
                  data=data_context(conn), links=links, label_width=14 if landscape else 18,
                  page_css=page_css("A4", landscape))
    return Brief(title, html, "A4", landscape)


def profile_brief(conn: sqlite3.Connection, group: str, risk_factor_ids: Iterable[str], *,
                  name: str | None = None, intervention_id: str | None = None,
                  cells: Iterable[tuple[str, str]] | None = None,
                  evidence_only: bool = False, links: str = "text") -> Brief:
    """A profile's barriers per level and ranked interventions, with an optional gap analysis
    of a handbook intervention or of a local one described by its cells."""
    # The whole matrix: the profile applies the evidence filter itself, and a named intervention
    # is judged on all its cells (as in `evidens profile`).
    matrix = queries.matrix(conn, group)
    profile = build_profile(matrix, risk_factor_ids, evidence_only)
    gap = None
    if intervention_id is not None or cells is not None:
        gap = gap_analysis(profile, matrix, intervention_id=intervention_id,
                           cells=None if cells is None else list(cells))
    return profile_brief_of(conn, group, profile, gap, name=name, links=links)


def profile_brief_of(conn: sqlite3.Connection, group: str, profile: Profile,
                     gap: GapAnalysis | None = None, *,
                     name: str | None = None, links: str = "text") -> Brief:
    """The brief of a profile (and gap analysis) already worked out, as `evidens profile`
    has when it also writes the file."""
    title = name or f"Målgruppeprofil – {GROUP_LABELS[group].lower()}"
    html = render("profile_brief.html", title=title, profile=profile, gap=gap,
                  data=data_context(conn), links=links, page_css=page_css("A4", False))
    return Brief(title, html)


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
NUMBERED_PART = "front"  # the part with the contents, the only one that prints page numbers


class LazyCards:
    """A group's cards, read from the database each time the template walks them.

    The handbook walks every card twice (contents, then the cards); holding 10,000 full records
    for the whole render is what made the export of a large evidence base take gigabytes. This
    keeps one card in memory at a time. Iterable only, on purpose: nothing in the template may
    need them all at once.
    """

    def __init__(self, conn: sqlite3.Connection, ids: list[str], tool_lists: dict | None = None):
        self._conn, self._ids = conn, ids
        self._tool_lists = {} if tool_lists is None else tool_lists

    def __iter__(self):
        for iid in self._ids:
            yield queries.intervention(self._conn, iid, tool_lists=self._tool_lists)

    def __bool__(self) -> bool:
        return bool(self._ids)


def handbook_context(conn: sqlite3.Connection, exported: dt.date | None = None) -> dict:
    """What every part of the handbook is rendered from: one read of the list, the matrices,
    the conclusions and the sources (the cards themselves are read as the template walks them).
    The PDF renders its parts twice (the second time with page numbers) from one context."""
    summaries = queries.interventions(conn)
    tool_lists: dict = {}  # shared: each group's tools are read once for all its cards
    cards = {group: LazyCards(conn, [s.id for s in summaries if s.group == group], tool_lists)
             for group in GROUP_LABELS}
    by_id = {s.id: s for s in summaries}
    conclusions = queries.conclusions(conn)
    return dict(
        # Worked out per card as the template reaches it: a dict of every card's variables
        # would hold every full record for the whole render, which LazyCards is there to avoid.
        card_context=card_context,
        title=HANDBOOK_TITLE, data=data_context(conn), links="anchor",
        directions=effects.DIRECTIONS,
        page_css=page_css("A4", False), show_asof=False,
        exported=exported or dt.date.today(), contents=handbook_sections(conn), cards=cards,
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
    return render("handbook.html", part="all", page_numbers=page_numbers or {},
                  **handbook_context(conn, exported))


def handbook_html_pieces(conn: sqlite3.Connection, page_numbers: dict[str, int] | None = None,
                         exported: dt.date | None = None) -> Iterator[str]:
    """:func:`handbook_html` as a stream of pieces: the HTML export writes them one by one, so
    its memory does not grow with the number of records."""
    return render_pieces("handbook.html", part="all", page_numbers=page_numbers or {},
                         **handbook_context(conn, exported))


def handbook_parts(context: dict, page_numbers: dict[str, int] | None = None,
                   previous: list[tuple[str, bool]] | None = None) -> list[tuple[str, bool]]:
    """The handbook for the PDF, from :func:`handbook_context`: (html, landscape) for the front
    matter and cards, the matrices (landscape, like the matrix brief) and the conclusions and
    sources. With ``previous`` (the parts rendered before the page numbers were known), only
    the front matter, whose contents print them, is rendered again."""
    return [previous[i] if previous is not None and part != NUMBERED_PART else
            (render("handbook.html", part=part, page_numbers=page_numbers or {}, **context),
             landscape)
            for i, (part, landscape) in enumerate(HANDBOOK_PARTS)]
