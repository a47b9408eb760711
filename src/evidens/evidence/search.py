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

import sqlite3
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .queries import interventions
from .records import InterventionSummary
from .stemming import fold, stem, words


@dataclass(frozen=True)
class SearchHit:
    """One intervention the search found (also ``records.SearchHit``). Defined here rather than
    with the other records: the app's first frame makes no search, so it need not create it."""

    intervention: InterventionSummary
    score: float
    matched_in: tuple[str, ...]
    terms: tuple[str, ...]
    # False when the search fell back to any word and this hit does not match every one
    all_terms: bool = True


MAX_TERMS = 16
# bm25 column weights: name (with aliases), lead (target group, purpose), body (the rest), and
# the synonyms of each (one step down). Far apart, so that the best MAX_DOCUMENTS by score are
# the best by field too.
WEIGHTS = "100.0, 10.0, 1.0, 10.0, 1.0, 0.5"
MAX_DOCUMENTS = 200  # best documents kept per query before mapping them to interventions
MAX_RESULTS = 200  # interventions returned: more is a list nobody reads while typing
FEW_RESULTS = 3  # fewer interventions matching every word than this: fall back to any word
# Where the words stand, best first: the columns each tier adds. A synonym counts one step down.
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
    text = unicodedata.normalize("NFC", text)
    found = words(text)
    if not found or not text[-1].isalnum():
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
    rows = _ranked(conn, terms, typing, group, limit, any_term=False, summaries=summaries)
    all_terms = {r["id"] for r in rows}
    if len(terms) > 1 and len(rows) < FEW_RESULTS:
        rows = _ranked(conn, terms, typing, group, limit, any_term=True, summaries=summaries)
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
            group: str | None, limit: int, any_term: bool,
            summaries: Mapping[str, InterventionSummary] | None = None) -> list[dict]:
    """The ordered hits (id, score, tier, matched_terms, matched) of one FTS expression.

    Intervention documents (``search_index``) are ranked apart from conclusions and barriers
    (``search_context``): at most MAX_DOCUMENTS of each. When every word must match,
    interventions are taken tier by tier, strongest evidence first within a tier: first the
    documents with every word in the name, then in name, target group, purpose or a synonym in
    the name, then anywhere. A tier that fills the places ends the search for more. When
    the best-placed interventions are enough, only what counts for them is summed; those found
    only through a conclusion or a barrier (which would come after them) are not looked at.
    """
    expressions = {t: term_expression(t, t == typing) for t in terms}
    joined = (" OR " if any_term else " AND ").join(expressions.values())
    direct: dict[int, list] = {}  # doc → [rank, tier, matched terms]
    if any_term:
        for doc, rank in _rank(conn, "search_index", joined):
            direct[doc] = [rank, len(TIERS) - 1, 0]
    else:
        # a word of one or two letters being typed matches names only: one tier is enough
        names_only = all(e.startswith("name : ") for e in expressions.values())
        for level in range(1 if names_only else len(TIERS)):
            columns = " ".join(TIERS[:level + 1])
            expression = joined if level == len(TIERS) - 1 else " AND ".join(
                f"{{{columns}}} : ({e})" for e in expressions.values())
            for doc, rank in _rank(conn, "search_index", expression, strongest_first=True):
                if len(direct) == MAX_DOCUMENTS:
                    break
                direct.setdefault(doc, [rank, level, len(terms)])
            if len(direct) == MAX_DOCUMENTS:
                break
    indirect = {doc: [rank, TIER_INDIRECT, len(terms)]
                for doc, rank in _rank(conn, "search_context", joined)}
    if any_term and (direct or indirect):
        _place(conn, expressions, direct, indirect)
    if not direct and not indirect:
        return []
    hits = direct | indirect
    if not any_term and len(direct) >= limit:  # (one document per intervention)
        # The interventions whose own document matched, with all that counts for them: when
        # they are enough, the interventions found only through a conclusion or a barrier
        # (which would come after them) are not looked at.
        own = [r[0] for r in conn.execute(
            "SELECT intervention_id FROM search_targets WHERE entity_type = 'intervention' "
            f"AND doc IN ({_marks(direct)})", list(direct))]
        rows = _order(conn, hits, group, limit, summaries, conn.execute(
            "SELECT doc, intervention_id, entity_type, factor FROM search_targets "
            f"WHERE intervention_id IN ({_marks(own)})", own))
        if len(rows) >= limit or not indirect:
            return rows
    # Everything the hits count for, summed and ordered in SQL: a barrier counts for every
    # intervention in its cell, which on a large database are thousands of rows.
    values = ", ".join("(?, ?, ?, ?)" * 1 for _ in hits)
    rows = conn.execute(
        f"""WITH h(doc, rank, tier, matched_terms) AS (VALUES {values}),
            per AS (
              SELECT t.intervention_id AS id, SUM(-h.rank * t.factor) AS score,
                     MIN(CASE t.entity_type WHEN 'intervention' THEN h.tier
                         ELSE {TIER_INDIRECT} END) AS tier,
                     MAX(h.matched_terms) AS matched_terms,
                     MAX(t.entity_type = 'intervention') AS intervention,
                     MAX(t.entity_type = 'conclusion') AS conclusion,
                     MAX(t.entity_type = 'barrier') AS barrier
              FROM h CROSS JOIN search_targets t ON t.doc = h.doc
              GROUP BY t.intervention_id)
            SELECT per.* FROM per JOIN interventions i ON i.id = per.id
            WHERE ? IS NULL OR i.age_group = ?
            ORDER BY per.matched_terms DESC, per.tier, i.strength DESC, per.score DESC, i.name
            LIMIT ?""",
        [x for doc, v in hits.items() for x in (doc, *v)] + [group, group, limit]).fetchall()
    return [{"id": r["id"], "score": r["score"], "matched": ",".join(
        kind for kind in ("barrier", "conclusion", "intervention") if r[kind])} for r in rows]


def _marks(values) -> str:
    return ", ".join("?" * len(values))


def _order(conn: sqlite3.Connection, hits: dict[int, list], group: str | None, limit: int,
           summaries: Mapping[str, InterventionSummary] | None, targets: Iterable
           ) -> list[dict]:
    """Sum the hits per intervention and order them (see the module); ``targets`` are rows of
    search_targets, of which those of documents not in ``hits`` are skipped. Group, strength
    and name come from ``summaries`` when the caller holds them, else from the database."""
    per: dict[str, dict] = {}
    for doc, iid, kind, factor in targets:
        hit = hits.get(doc)
        if hit is None:
            continue
        rank, tier, count = hit
        p = per.get(iid)
        if p is None:
            p = per[iid] = {"id": iid, "score": 0.0, "tier": TIER_INDIRECT, "matched_terms": 0,
                            "kinds": set()}
        p["score"] -= rank * factor
        if kind == "intervention":
            p["tier"] = min(p["tier"], tier)
        p["matched_terms"] = max(p["matched_terms"], count)
        p["kinds"].add(kind)
    if not per:
        return []
    if summaries is not None:
        facts = {iid: (s.group, s.strength, s.name) for iid in per
                 if (s := summaries.get(iid)) is not None}
    else:
        facts = {r[0]: r[1:] for r in conn.execute(
            "SELECT id, age_group, strength, name FROM interventions "
            f"WHERE id IN ({_marks(per)})", list(per))}
    rows = [p for iid, p in per.items()
            if iid in facts and (group is None or facts[iid][0] == group)]
    rows.sort(key=lambda p: (-p["matched_terms"], p["tier"], -(facts[p["id"]][1] or 0),
                             -p["score"], facts[p["id"]][2]))
    for p in rows[:limit]:
        p["matched"] = ",".join(sorted(p.pop("kinds")))
    return rows[:limit]


def _rank(conn: sqlite3.Connection, table: str, expression: str, strongest_first: bool = False
          ) -> list[tuple[int, float]]:
    """The best MAX_DOCUMENTS documents of one index (rowid, bm25: a negative score).

    By bm25, or with ``strongest_first`` in rowid order: build_db numbers the interventions
    strongest evidence first, and a tier is ordered by strength before score, so the first
    matches in rowid order are the tier's best. FTS5 then stops after MAX_DOCUMENTS matches and
    scores only those, instead of scoring every match of a common word to sort them.
    """
    order = "rowid" if strongest_first else "rank"
    return conn.execute(
        f"SELECT rowid, bm25({table}, {WEIGHTS}) AS rank FROM {table} "
        f"WHERE {table} MATCH ? ORDER BY {order} LIMIT {MAX_DOCUMENTS}", [expression]).fetchall()


def _place(conn: sqlite3.Connection, expressions: dict[str, str], direct: dict[int, list],
           indirect: dict[int, list]) -> None:
    """For a search on any word: how many words each document matches, and (for intervention
    documents) where its worst-placed matching word stands. The columns of the first tiers are
    short, so these lookups are cheap; the last tier is whatever is left."""
    matching = {t: (_docs(conn, "search_index", e) & set(direct))
                | (_docs(conn, "search_context", e) & set(indirect))
                for t, e in expressions.items()}
    placed = {}
    for t, expression in expressions.items():
        best = dict.fromkeys(direct, len(TIERS) - 1)
        left = set(direct)
        for level in range(len(TIERS) - 1):
            columns = " ".join(TIERS[:level + 1])
            found = _docs(conn, "search_index", f"{{{columns}}} : ({expression})") & left
            best.update(dict.fromkeys(found, level))
            left -= found
        placed[t] = best
    for doc, values in direct.items():
        values[1] = max((placed[t][doc] for t in expressions if doc in matching[t]), default=0)
        values[2] = sum(doc in matching[t] for t in expressions)
    for doc, values in indirect.items():
        values[2] = sum(doc in matching[t] for t in expressions)


def _docs(conn: sqlite3.Connection, table: str, expression: str) -> set[int]:
    return {r[0] for r in conn.execute(
        f"SELECT rowid FROM {table} WHERE {table} MATCH ?", [expression])}
