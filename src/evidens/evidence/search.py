"""Full-text search over the FTS5 index built by :mod:`evidens.evidence.build_db`.

User input never reaches FTS5's query language: it is cut into words (so quotes, ``*``, ``AND``,
``NEAR``, parentheses, colons and emoji simply fall away), and each word becomes a quoted prefix
term matched against the written words *or* their Danish stem. The result is that any input gives
results or none — never an FTS syntax error.

Hits on a conclusion or a barrier count for the interventions that conclusion concerns or that
address the barrier's cell, at a lower weight than a hit on the intervention itself
(``build_db.INDIRECT_FACTOR``).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping

from .queries import interventions
from .records import InterventionSummary, SearchHit
from .stemming import stem, words

MAX_TERMS = 16
# bm25 column weights: name, body, stemmed.
WEIGHTS = "8.0, 2.0, 1.0"
MAX_DOCUMENTS = 200  # best documents kept per query before mapping them to interventions
MAX_RESULTS = 200  # interventions returned: more is a list nobody reads while typing


# Danish function words: in nearly every document, so they only slow a query down and blur its
# ranking. A query of nothing but stop words keeps them (someone may look for "unge med").
STOP_WORDS = frozenset({
    "og", "i", "at", "er", "en", "et", "den", "det", "de", "der", "som", "på", "til", "med",
    "for", "af", "om", "fra", "har", "var", "men", "ikke", "kan", "skal", "vil", "sig", "så",
    "også", "eller", "ved", "efter", "over", "under", "hvor", "når", "hvis", "jeg", "du", "vi",
    "man",
})
SHORT_TERM = 3  # shorter terms are matched against names only while the user is still typing


def query_terms(text: str) -> list[str]:
    """The words of a query that the search uses, at most MAX_TERMS of them, in order."""
    seen: list[str] = []
    for w in words(text):
        if w not in seen:
            seen.append(w)
    content = [w for w in seen if w not in STOP_WORDS]
    return (content or seen)[:MAX_TERMS]


def fts_expression(terms: list[str]) -> str:
    """An FTS5 expression in which every term must match.

    A term matches as a prefix of a written word or of a Danish stem ("mentorer" → "mentor");
    a term of one or two letters only as a prefix of a name, which is what a caseworker typing
    "ho" is on the way to.
    """
    parts = []
    for term in terms:
        if len(term) < SHORT_TERM:
            parts.append(f'name : "{term}"*')
            continue
        stemmed = stem(term)
        parts.append(f'"{term}"*' if stemmed == term else f'("{term}"* OR stemmed : "{stemmed}"*)')
    return " AND ".join(parts)


def search(conn: sqlite3.Connection, text: str, group: str | None = None,
           limit: int = MAX_RESULTS,
           summaries: Mapping[str, InterventionSummary] | None = None) -> list[SearchHit]:
    """Interventions and tools matching ``text``, best first; [] for an empty query.

    Ranking and the mapping of conclusion and barrier hits to interventions happen in one SQL
    statement. The ranked part reads only the index (FTS rowid and bm25): the best
    MAX_DOCUMENTS documents are cut first, and only they are looked up in ``search_targets``.
    ``summaries`` (id → summary) lets a caller that already holds them, as the app does, skip
    reading them again; without it they are read for the hits only.
    """
    terms = query_terms(text)
    if not terms:
        return []
    rows = conn.execute(
        f"""WITH hits AS (
              SELECT rowid AS doc, bm25(search_index, {WEIGHTS}) AS rank
              FROM search_index WHERE search_index MATCH ? ORDER BY rank LIMIT {MAX_DOCUMENTS})
            SELECT t.intervention_id AS id, SUM(-h.rank * t.factor) AS score,
                   GROUP_CONCAT(DISTINCT t.entity_type) AS matched
            FROM hits h
            JOIN search_targets t ON t.doc = h.doc
            JOIN interventions i ON i.id = t.intervention_id
            WHERE ? IS NULL OR i.age_group = ?
            GROUP BY t.intervention_id ORDER BY score DESC, i.name LIMIT ?""",
        [fts_expression(terms), group, group, limit]).fetchall()
    if summaries is None:
        summaries = {s.id: s for s in interventions(conn, ids=[r["id"] for r in rows])}
    return [SearchHit(summaries[r["id"]], r["score"],
                      tuple(sorted(set(r["matched"].split(",")))), tuple(terms))
            for r in rows]
