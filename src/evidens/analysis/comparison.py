"""Side-by-side comparison of two to four interventions or tools (issue 5, issue 11 §4).

A caseworker choosing between, say, IPS and KVIS needs the same question answered in the same
place for each: what evidence, which design, how many people, what happened to employment. So a
comparison is a table of rows with one text per intervention, built here once and shown by the
app, printed by ``evidens compare`` and written as JSON — all from the same objects, so they can
never disagree.

The rows come in two kinds. *Structured* rows hold facts with a fixed vocabulary (evidence class,
strongest design, largest sample, direction per outcome, headline figures, status, elements):
each carries machine values (``facts``) and "differs" is decided on those, never on the wording,
so two ◆ interventions do not differ on evidence because their sources phrase it differently.
*Free-text* rows follow with the sources' own words (design, samples, results, target group, ...);
the app folds them and the short brief leaves them out. Results are aligned on the controlled
``outcomes`` vocabulary rather than on the sources' wording, because that is the only way
"beskæftigelse" in one report meets "job" in another. Qt-free, and no SQL: everything comes from
:mod:`evidens.evidence.queries`.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from dataclasses import dataclass, field

from evidens.evidence import queries
from evidens.evidence.records import Intervention
from evidens.user_store import COMPARISON_MAX, COMPARISON_MIN

from . import comparison_rows
from .comparison_rows import EMPTY, ComparisonRow

__all__ = ["EMPTY", "Comparison", "ComparisonRow", "compare", "comparison_to_dict"]


@dataclass(frozen=True)
class Comparison:
    interventions: tuple[Intervention, ...]
    rows: tuple[ComparisonRow, ...]
    shared_tags: tuple[str, ...]
    unique_tags: dict[str, tuple[str, ...]] = field(hash=False)
    partly_shared_tags: dict[str, tuple[str, ...]] = field(hash=False)
    tag_labels: dict[str, str] = field(hash=False)

    def row(self, key: str) -> ComparisonRow:
        """The row with ``key``; KeyError if the comparison has none (e.g. an absent outcome)."""
        for row in self.rows:
            if row.key == key:
                return row
        raise KeyError(key)

    @property
    def structured_rows(self) -> tuple[ComparisonRow, ...]:
        return tuple(r for r in self.rows if r.structured)

    @property
    def text_rows(self) -> tuple[ComparisonRow, ...]:
        return tuple(r for r in self.rows if not r.structured)

    def visible_rows(self, *, only_differences: bool = False,
                     free_text: bool = False) -> tuple[ComparisonRow, ...]:
        """The rows a view shows: structured ones always, free text only when asked for, and
        with ``only_differences`` only the rows whose values differ."""
        return tuple(r for r in self.rows if (r.structured or free_text)
                     and (r.differs or not only_differences))


def compare(conn: sqlite3.Connection, ids: list[str]) -> Comparison:
    """Compare 2–4 distinct interventions/tools, in the order given.

    Raises ValueError with a Danish message fit to show the user for too few or too many ids, a
    repeated id or an unknown id: the caller (app or CLI) has already resolved names, so an
    unknown id here is a caller's mistake, but the message must still make sense on screen.
    """
    ids = list(ids)
    if len(ids) < COMPARISON_MIN:
        raise ValueError(f"Vælg mindst {COMPARISON_MIN} indsatser at sammenligne.")
    if len(ids) > COMPARISON_MAX:
        raise ValueError(f"Der kan højst sammenlignes {COMPARISON_MAX} indsatser ad gangen "
                         f"(du valgte {len(ids)}).")
    repeated = sorted({i for i in ids if ids.count(i) > 1})
    if repeated:
        raise ValueError("Den samme indsats må kun være med én gang i en sammenligning: "
                         + ", ".join(repeated) + ".")
    found = []
    for iid in ids:
        iv = queries.intervention(conn, iid)
        if iv is None:
            raise ValueError(f"Kender ingen indsats med id »{iid}«.")
        found.append(iv)
    ivs = tuple(found)
    tag_vocabulary = queries.vocabulary(conn, "element_tags")
    order = list(tag_vocabulary)
    shared, unique, partly = _tag_sets(ivs, order)
    used = {t for iv in ivs for t in iv.element_tags}
    labels = {t: tag_vocabulary.get(t, t) for t in comparison_rows.ordered(used, order)}
    rows = (comparison_rows.fact_rows(conn, ivs)
            + comparison_rows.element_rows(ivs, shared, unique, partly, labels)
            + comparison_rows.text_rows(conn, ivs))
    return Comparison(ivs, rows, shared, unique, partly, labels)


def _tag_sets(ivs: tuple[Intervention, ...], order: list[str]):
    holders: dict[str, list[str]] = defaultdict(list)
    for iv in ivs:
        for tag in dict.fromkeys(iv.element_tags):
            holders[tag].append(iv.id)
    ordered = comparison_rows.ordered
    shared = tuple(ordered((t for t, h in holders.items() if len(h) == len(ivs)), order))
    unique = {iv.id: tuple(ordered((t for t in set(iv.element_tags) if holders[t] == [iv.id]),
                                   order)) for iv in ivs}
    partly = {t: tuple(holders[t]) for t in ordered(holders, order)
              if 1 < len(holders[t]) < len(ivs)}
    return shared, unique, partly


def comparison_to_dict(comparison: Comparison) -> dict:
    """A JSON-ready dict: columns, rows in order, and the element-tag overlap.

    Every row says whether it is ``structured`` (a fact with machine values in ``facts``, on which
    ``differs`` is decided) or free text from the sources (``facts`` are then the texts)."""
    return {
        "columns": [{"id": iv.id, "name": iv.name, "group": iv.group, "kind": iv.kind,
                     "evidence": iv.evidence} for iv in comparison.interventions],
        "rows": [{"key": r.key, "label": r.label, "section": r.section,
                  "structured": r.structured, "differs": r.differs,
                  "values": list(r.values), "facts": list(r.facts)} for r in comparison.rows],
        "elements": {
            "shared": list(comparison.shared_tags),
            "unique": {k: list(v) for k, v in comparison.unique_tags.items()},
            "partly_shared": {k: list(v) for k, v in comparison.partly_shared_tags.items()},
            "labels": dict(comparison.tag_labels),
        },
    }
