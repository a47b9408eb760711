"""The app's single door to the evidence: the query layer, cached for the UI.

Widgets and models never see a connection or SQL; they ask the repository, which asks
:mod:`evidens.evidence.queries` and :mod:`evidens.evidence.search`. The data is immutable while the
program runs, so caching the list and the cards is safe and keeps navigation instant.
"""

from __future__ import annotations

import sqlite3
from functools import lru_cache
from typing import TYPE_CHECKING

from evidens.evidence import queries
from evidens.evidence.database import database_info
from evidens.evidence.edition import data_edition
from evidens.evidence.records import InterventionSummary, RiskFactor

if TYPE_CHECKING:  # the card records load on first use (docs/performance.md)
    from evidens.analysis.comparison import Comparison
    from evidens.briefs.builders import Brief
    from evidens.evidence.records import Conclusion, Intervention, Matrix
    from evidens.evidence.search import SearchHit


class Repository:
    def __init__(self, conn: sqlite3.Connection):
        self._conn = conn
        self.info = database_info(conn)
        self._summaries = queries.interventions(conn)
        self._by_id = {s.id: s for s in self._summaries}
        self.intervention = lru_cache(maxsize=256)(self._intervention)
        self.matrix = lru_cache(maxsize=8)(self._matrix)

    @property
    def data_context(self) -> dict:
        """What every template needs to print its "as of" line."""
        return {"version": self.info.data_version, "built": self.info.built,
                "edition": self.edition}

    @property
    def edition(self) -> str:
        """The data as a reader names it: "udgave 2026.1 af 26. november 2026"."""
        return data_edition(self.info.data_version, self.info.built)

    def interventions(self) -> list[InterventionSummary]:
        return list(self._summaries)

    def summary(self, intervention_id: str) -> InterventionSummary | None:
        return self._by_id.get(intervention_id)

    def _intervention(self, intervention_id: str) -> Intervention | None:
        return queries.intervention(self._conn, intervention_id)

    def conclusion(self, conclusion_id: str) -> Conclusion | None:
        return queries.conclusion(self._conn, conclusion_id)

    # The comparison and the briefs are imported on first use: the window a caseworker waits for
    # at start-up needs neither.
    def compare(self, ids: list[str]) -> Comparison:
        from evidens.analysis.comparison import compare

        return compare(self._conn, ids)

    def search(self, text: str) -> list[SearchHit]:
        from evidens.evidence.search import search  # with the first search, not at start-up

        # The summaries are already in memory: search ranks in SQL and takes them from here.
        return search(self._conn, text, summaries=self._by_id)

    def risk_factors(self, group: str | None = None) -> list[RiskFactor]:
        return queries.risk_factors(self._conn, group, matrix_only=True)

    def levels(self):
        return queries.levels(self._conn)

    def sources(self):
        return queries.sources(self._conn)

    # -- printable briefs (the same documents the command line writes) ------------------------
    def card_brief(self, intervention_id: str) -> Brief:
        from evidens.briefs.builders import card_brief

        return card_brief(self._conn, intervention_id)

    def curator_notes(self):
        """Every curator note, for Hjælp → Om datagrundlaget (never on a card)."""
        from evidens.briefs.curator_notes import all_notes

        return all_notes(self._conn)

    def one_page_brief(self, intervention_id: str) -> Brief:
        from evidens.briefs.builders import one_page_brief

        return one_page_brief(self._conn, intervention_id)

    def matrix_brief(self, group: str, evidence_only: bool = False) -> Brief:
        from evidens.briefs.builders import matrix_brief

        return matrix_brief(self._conn, group, evidence_only)

    def comparison_brief(self, ids: list[str], only_differences: bool = False,
                         full: bool = False) -> Brief:
        from evidens.briefs.builders import comparison_brief

        return comparison_brief(self._conn, ids, only_differences, full=full)

    def profile_brief(self, group: str, risk_factor_ids, **options) -> Brief:
        from evidens.briefs.builders import profile_brief

        return profile_brief(self._conn, group, risk_factor_ids, **options)

    def _matrix(self, group: str, evidence_only: bool = False) -> Matrix:
        return queries.matrix(self._conn, group, evidence_only)
