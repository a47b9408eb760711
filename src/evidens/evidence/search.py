"""Full-text search over the FTS5 index built by :mod:`evidens.evidence.build_db`.

User input never reaches FTS5's query language: it is cut into words (so quotes, ``*``, ``AND``,
``NEAR``, parentheses, colons and emoji simply fall away), and each word becomes a quoted term
matched as the beginning of a written word or as its exact Danish stem, spelt with or without
æ, ø and å (both sides are folded alike: :mod:`evidens.evidence.stemming`). Synonyms need nothing
here: ``db/synonyms.toml`` was applied to the index when it was built. Any input gives results or
none — never an FTS syntax error.

How hits are ordered, best first:

1. in a search that fell back to any word: the number of the query's words a hit matches;
2. where the words stand: in the name or an alias, in the target group or purpose, in the rest
   of the record (design, elements, results, notes), or only in a conclusion or a barrier that
   concerns it; a synonym from ``db/synonyms.toml`` counts one step below the word itself;
3. evidence: the intervention's ``strength`` (a positive RCT before a descriptive before/after
   study; :func:`evidens.evidence.effects.strength`);
4. the bm25 score (name and aliases weigh most, then target group and purpose), in which a hit on
   a conclusion or a barrier also counts for the interventions it concerns or that address its
   cell, at a lower weight (``build_db.INDIRECT_FACTOR``);
5. the name.

Every word must match. When fewer than FEW_RESULTS interventions match them all, the search
falls back to any word and marks the hits that do not match every word (``SearchHit.all_terms``),
so that the app and the command line can say so.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping

from .queries import interventions
from .records import InterventionSummary, SearchHit
from .stemming import fold, stem, words

MAX_TERMS = 16
# bm25 column weights: name (with aliases), lead (target group, purpose), body (the rest), and
# the synonyms of each (one step down). Far apart, so that the best MAX_DOCUMENTS by score are
# the best by field too.
WEIGHTS = "100.0, 10.0, 1.0, 10.0, 1.0, 0.5"
MAX_DOCUMENTS = 200  # best documents kept per query before mapping them to interventions
MAX_RESULTS = 200  # interventions returned: more is a list nobody reads while typing
FEW_RESULTS = 3  # fewer interventions matching every word than this: fall back to any word
# Where the words stand, best first: the columns of each tier. A synonym counts one step down.
TIERS = ("name", "lead name_related", "body lead_related body_related")
TIER_INDIRECT = len(TIERS)  # only in a conclusion or a barrier that concerns the intervention

# Danish function words: in nearly every document, so they only slow a query down and blur its
# ranking. A query of nothing but stop words keeps them (someone may look for "unge med").
STOP_WORDS = frozenset({
    "og", "i", "at", "er", "en", "et", "den", "det", "de", "der", "som", "på", "til", "med",
    "for", "af", "om", "fra", "har", "var", "men", "ikke", "kan", "skal", "vil", "sig", "så",
    "også", "eller", "ved", "efter", "over", "under", "hvor", "når", "hvis", "jeg", "du", "vi",
    "man",
})
SHORT_TERM = 3  # shorter words still being typed are matched against names only


def query_terms(text: str) -> list[str]:
    """The words of a query that the search uses, at most MAX_TERMS of them, in order."""
    seen: list[str] = []
    for w in words(text):
        if w not in seen:
            seen.append(w)
    content = [w for w in seen if w not in STOP_WORDS]
    return (content or seen)[:MAX_TERMS]


def typed_word(text: str) -> str | None:
    """The word the user is still typing (the last one, unless a space or a mark follows it)."""
    found = words(text)
    if not found or not text or not text[-1].isalnum():
        return None
    return found[-1]


def term_expression(term: str, typing: bool = True) -> str:
    """One word as an FTS5 expression over the folded index.

    A word matches as the beginning of a written word, or as its exact Danish stem ("mentorer"
    → "mentor"). A word of one or two letters that is still being typed matches only the
    beginning of a name, which is what a caseworker typing "ho" is on the way to; a finished one
    (or a number such as "30") matches as a whole word anywhere.
    """
    folded = fold(term)
    if len(folded) < SHORT_TERM:
        return f'name : "{folded}"*' if typing and not folded.isdigit() else f'"{folded}"'
    stemmed = fold(stem(term))
    return f'"{folded}"*' if stemmed == folded else f'("{folded}"* OR "{stemmed}")'


def fts_expression(terms: list[str], typing: str | None = "", any_term: bool = False) -> str:
    """An FTS5 expression in which every term (or, with ``any_term``, any term) must match.

    ``typing`` is the term still being typed; by default the last one.
    """
    if typing == "":
        typing = terms[-1] if terms else None
    parts = [term_expression(t, t == typing) for t in terms]
    return (" OR " if any_term else " AND ").join(parts)


def search(conn: sqlite3.Connection, text: str, group: str | None = None,
           limit: int = MAX_RESULTS,
           summaries: Mapping[str, InterventionSummary] | None = None) -> list[SearchHit]:
    """Interventions and tools matching ``text``, best first (see the module); [] for none.

    The ranked part reads only the index (FTS rowid and bm25): the best MAX_DOCUMENTS documents
    are cut first, and only they are mapped to interventions through ``search_targets``.
    ``summaries`` (id → summary) lets a caller that already holds them, as the app does, skip
    reading them again; without it they are read for the hits only.
    """
    terms = query_terms(text)
    if not terms:
        return []
    typing = typed_word(text)
    rows = _ranked(conn, terms, typing, group, limit, any_term=False)
    all_terms = {r["id"] for r in rows}
    if len(terms) > 1 and len(rows) < FEW_RESULTS:
        rows = _ranked(conn, terms, typing, group, limit, any_term=True)
        # the interventions that match every word come first, whatever their order by field
        rows.sort(key=lambda r: r["id"] not in all_terms)
    if summaries is None:
        summaries = {s.id: s for s in interventions(conn, ids=[r["id"] for r in rows])}
    return [SearchHit(summaries[r["id"]], r["score"],
                      tuple(sorted(set(r["matched"].split(",")))), tuple(terms),
                      r["id"] in all_terms)
            for r in rows]


def fallback_note(hits: list[SearchHit]) -> str | None:
    """What the result line says when the search fell back to any word; None when it did not.

    One wording for the app and the command line.
    """
    full = sum(h.all_terms for h in hits)
    if full == len(hits):
        return None
    if full == 0:
        return "Ingen indsats matcher alle ord; viser dem, der matcher flest"
    return (f"Kun {full} {'indsats matcher' if full == 1 else 'indsatser matcher'} alle ord; "
            "derefter dem, der matcher flest")


def _ranked(conn: sqlite3.Connection, terms: list[str], typing: str | None,
            group: str | None, limit: int, any_term: bool) -> list[sqlite3.Row]:
    expression = fts_expression(terms, typing, any_term)
    docs = conn.execute(
        f"SELECT rowid, bm25(search_index, {WEIGHTS}) AS rank FROM search_index "
        f"WHERE search_index MATCH ? ORDER BY rank LIMIT {MAX_DOCUMENTS}", [expression]
    ).fetchall()
    if not docs:
        return []
    winners = {d[0] for d in docs}
    # Where the words stand, for the winners only. A word stands in the best tier it matches
    # in; a document stands where its worst-placed word stands ("psykisk" in the name and
    # "sygdom" only in the body is a body hit). The columns of the first tiers are short, so
    # these lookups are cheap; the last tier is whatever is left.
    expressions = {t: term_expression(t, t == typing) for t in terms}
    placed = {}
    for t, expression in expressions.items():
        best = dict.fromkeys(winners, len(TIERS) - 1)
        left = set(winners)
        for level, columns in enumerate(TIERS[:-1]):
            found = _docs(conn, f"{{{columns}}} : ({expression})") & left
            best.update(dict.fromkeys(found, level))
            left -= found
        placed[t] = best
    count = dict.fromkeys(winners, len(terms))
    matching = {t: winners for t in terms}
    if any_term:  # which words each document matches at all
        matching = {t: _docs(conn, expression) & winners for t, expression in expressions.items()}
        count = {doc: sum(doc in matching[t] for t in terms) for doc in winners}
    tier = {doc: max((placed[t][doc] for t in terms if doc in matching[t]), default=0)
            for doc in winners}
    hits = json.dumps([[doc, rank, tier[doc], count[doc]] for doc, rank in docs])
    return conn.execute(
        f"""WITH hits AS (
              SELECT value ->> 0 AS doc, value ->> 1 AS rank, value ->> 2 AS tier,
                     value ->> 3 AS matched_terms FROM json_each(?)),
            per AS (
              SELECT t.intervention_id AS id, SUM(-h.rank * t.factor) AS score,
                     MIN(CASE t.entity_type WHEN 'intervention' THEN h.tier
                         ELSE {TIER_INDIRECT} END) AS tier,
                     MAX(h.matched_terms) AS matched_terms,
                     GROUP_CONCAT(DISTINCT t.entity_type) AS matched
              FROM hits h JOIN search_targets t ON t.doc = h.doc
              GROUP BY t.intervention_id)
            SELECT per.* FROM per JOIN interventions i ON i.id = per.id
            WHERE ? IS NULL OR i.age_group = ?
            ORDER BY per.matched_terms DESC, per.tier, i.strength DESC, per.score DESC, i.name
            LIMIT ?""",
        [hits, group, group, limit]).fetchall()


def _docs(conn: sqlite3.Connection, expression: str) -> set[int]:
    return {r[0] for r in conn.execute(
        "SELECT rowid FROM search_index WHERE search_index MATCH ?", [expression])}
