"""Printable comparisons and target-group profiles (with gap analysis).

The same objects the app shows (:func:`evidens.comparison.compare`,
:func:`evidens.profiles.build_profile` and :func:`evidens.profiles.gap_analysis`) rendered
through the brief templates, so paper says what the screen says. Kept apart from
:mod:`evidens.briefs`, which holds the cards, matrices and the handbook. Qt-free.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass

from . import queries
from .briefs import data_context, page_css
from .comparison import compare
from .profiles import build_profile, gap_analysis
from .records import GROUP_LABELS
from .templating import render


@dataclass(frozen=True)
class Brief:
    """A document ready for the PDF writer, a printer or the HTML export."""

    title: str
    html: str
    page_size: str = "A4"
    landscape: bool = False


def comparison_brief(conn: sqlite3.Connection, ids: list[str], only_differences: bool = False,
                     links: str = "text") -> Brief:
    """2–4 interventions side by side; landscape when there are more than two columns."""
    comparison = compare(conn, ids)
    landscape = len(comparison.interventions) > 2
    title = "Sammenligning: " + " · ".join(iv.short_name for iv in comparison.interventions)
    rows = [r for r in comparison.rows if r.differs or not only_differences]
    html = render("comparison_brief.html", title=title, comparison=comparison, rows=rows,
                  only_differences=only_differences, data=data_context(conn), links=links,
                  label_width=16 if landscape else 20,
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
    title = name or f"Målgruppeprofil – {GROUP_LABELS[group].lower()}"
    html = render("profile_brief.html", title=title, profile=profile, gap=gap,
                  data=data_context(conn), links=links, page_css=page_css("A4", False))
    return Brief(title, html)
