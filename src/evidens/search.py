"""Full-text search over the FTS5 index built by :mod:`evidens.build_db`.

User input never reaches FTS5's query language: it is cut into words (so quotes, ``*``, ``AND``,
``NEAR``, parentheses, colons and emoji simply fall away), and each word becomes a quoted prefix
term matched against the written words *or* their Danish stem. The result is that any input gives
results or none — never an FTS syntax error.

Hits on a conclusion or a barrier count for the interventions that conclusion concerns or that
address the barrier's cell, at a lower weight than a hit on the intervention itself.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict

from .queries import interventions
from .records import SearchHit
from .stemming import stem, words

MAX_TERMS = 16
# bm25 column weights: entity_type, entity_id, age_group (unindexed), name, body, stemmed.
WEIGHTS = "0, 0, 0, 8.0, 2.0, 1.0"
INDIRECT_FACTOR = 0.35


def query_terms(text: str) -> list[str]:
    """The words of a query that the search uses, at most MAX_TERMS of them, in order."""
    seen: list[str] = []
    for w in words(text):
        if w not in seen:
            seen.append(w)
    return seen[:MAX_TERMS]


def fts_expression(terms: list[str]) -> str:
    """An FTS5 expression: every term must match as a prefix of a word or of a stem."""
    parts = []
    for term in terms:
        parts.append(f'("{term}"* OR stemmed : "{stem(term)}"*)')
    return " AND ".join(parts)


def search(conn: sqlite3.Connection, text: str, group: str | None = None) -> list[SearchHit]:
    """Interventions and tools matching ``text``, best first; [] for an empty query."""
    terms = query_terms(text)
    if not terms:
        return []
    rows = conn.execute(
        f"SELECT entity_type, entity_id, bm25(search_index, {WEIGHTS}) AS rank "
        "FROM search_index WHERE search_index MATCH ? ORDER BY rank LIMIT 500",
        [fts_expression(terms)]).fetchall()
    scores: dict[str, float] = defaultdict(float)
    matched: dict[str, set[str]] = defaultdict(set)
    for r in rows:
        score = -r["rank"]  # bm25 is lower-is-better; flip so higher is better
        for iid in _targets(conn, r["entity_type"], r["entity_id"]):
            factor = 1.0 if r["entity_type"] == "intervention" else INDIRECT_FACTOR
            scores[iid] += score * factor
            matched[iid].add(r["entity_type"])
    summaries = {s.id: s for s in interventions(conn, group=group)}
    hits = [SearchHit(summaries[i], s, tuple(sorted(matched[i])), tuple(terms))
            for i, s in scores.items() if i in summaries]
    hits.sort(key=lambda h: (-h.score, h.intervention.name.casefold()))
    return hits


def _targets(conn: sqlite3.Connection, entity_type: str, entity_id: str) -> list[str]:
    if entity_type == "intervention":
        return [entity_id]
    if entity_type == "conclusion":
        sql = "SELECT intervention_id FROM conclusion_interventions WHERE conclusion_id = ?"
    else:
        sql = ("SELECT DISTINCT m.intervention_id FROM barriers b JOIN matrix_links m "
               "ON m.risk_factor_id = b.risk_factor_id AND m.level_id = b.level_id "
               "WHERE b.id = ?")
    return [r[0] for r in conn.execute(sql, [entity_id])]
