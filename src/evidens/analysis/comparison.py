"""Side-by-side comparison of two to four interventions or tools (issue 5).

A caseworker choosing between, say, IPS and KVIS needs the same question answered in the same
place for each: what evidence, which design, how many people, what happened to employment. So a
comparison is a table of rows with one text per intervention, built here once and shown by the
app, printed by ``evidens compare`` and written as JSON — all from the same objects, so they can
never disagree. Results are aligned on the controlled ``outcomes`` vocabulary rather than on the
sources' wording, because that is the only way "beskæftigelse" in one report meets "job" in
another. Qt-free, and no SQL: everything comes from :mod:`evidens.evidence.queries`.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from dataclasses import dataclass, field

from evidens.evidence import queries
from evidens.evidence.records import GROUP_LABELS, Intervention
from evidens.user_store import COMPARISON_MAX, COMPARISON_MIN

EMPTY = "—"  # a cell with nothing to show; a dash reads as "none" rather than as "missing data"

SECTION_OVERVIEW = "Overblik"
SECTION_RESULTS = "Resultater"
SECTION_CONTENT = "Indhold"
SECTION_COVERAGE = "Dækning og kilder"


@dataclass(frozen=True)
class ComparisonRow:
    """One aspect across all columns. ``key`` is stable (for tests, JSON and saved views)."""

    key: str
    label: str
    values: tuple[str, ...]
    differs: bool
    section: str


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
    shared, unique, partly = _tag_sets(ivs, list(tag_vocabulary))
    used = {t for iv in ivs for t in iv.element_tags}
    labels = {t: tag_vocabulary.get(t, t) for t in _ordered(used, list(tag_vocabulary))}
    return Comparison(ivs, _rows(conn, ivs), shared, unique, partly, labels)


def _ordered(tags, order: list[str]) -> list[str]:
    """Tags in vocabulary order, so every view lists them the same way."""
    rank = {t: i for i, t in enumerate(order)}
    return sorted(tags, key=lambda t: (rank.get(t, len(rank)), t))


def _tag_sets(ivs: tuple[Intervention, ...], order: list[str]):
    holders: dict[str, list[str]] = defaultdict(list)
    for iv in ivs:
        for tag in dict.fromkeys(iv.element_tags):
            holders[tag].append(iv.id)
    shared = tuple(_ordered((t for t, h in holders.items() if len(h) == len(ivs)), order))
    unique = {iv.id: tuple(_ordered((t for t in set(iv.element_tags) if holders[t] == [iv.id]),
                                    order)) for iv in ivs}
    partly = {t: tuple(holders[t]) for t in _ordered(holders, order)
              if 1 < len(holders[t]) < len(ivs)}
    return shared, unique, partly


def _row(key: str, label: str, section: str, values) -> ComparisonRow:
    values = tuple(v if v.strip() else EMPTY for v in values)
    return ComparisonRow(key, label, values, len(set(values)) > 1, section)


def _bullets(lines) -> str:
    lines = [line for line in lines if line]
    return "\n".join(f"• {line}" for line in lines) if lines else EMPTY


def _rows(conn: sqlite3.Connection, ivs: tuple[Intervention, ...]) -> tuple[ComparisonRow, ...]:
    rows = [
        _row("group", "Gruppe og type", SECTION_OVERVIEW,
             (f"{GROUP_LABELS[iv.group]} · {iv.kind_label}" for iv in ivs)),
        _row("evidence", "Evidens", SECTION_OVERVIEW,
             (f"{iv.evidence_symbol} {iv.evidence_label}\n»{iv.evidence_wording}«"
              for iv in ivs)),
        _row("design", "Evalueringsdesign", SECTION_OVERVIEW,
             (iv.evaluation_design for iv in ivs)),
        _row("sample", "Stikprøve", SECTION_OVERVIEW, (_samples(iv) for iv in ivs)),
    ]
    outcomes = queries.vocabulary(conn, "outcomes")
    present = {r.outcome for iv in ivs for r in iv.results}
    for outcome in _ordered(present, list(outcomes)):
        rows.append(_row(f"result:{outcome}", outcomes.get(outcome, outcome), SECTION_RESULTS,
                         (_results(iv, outcome) for iv in ivs)))
    level_order = {lv.id: (lv.position, lv.short_name) for lv in queries.levels(conn)}
    rf_names = {rf.id: rf.name for rf in queries.risk_factors(conn)}
    rows += [
        _row("target_group", "Målgruppe", SECTION_CONTENT, (iv.target_group for iv in ivs)),
        _row("elements", "Elementer", SECTION_CONTENT, (_bullets(iv.elements) for iv in ivs)),
        _row("status", "Status", SECTION_CONTENT,
             (f"{iv.status_label}" + (f"\n{iv.status_text}" if iv.status_text else "")
              for iv in ivs)),
        _row("coverage", "Dækning i matricen", SECTION_COVERAGE,
             (_coverage(iv, level_order, rf_names) for iv in ivs)),
        _row("conclusions", "STAR-konklusioner", SECTION_COVERAGE,
             (_bullets(_conclusion_line(c) for c in iv.conclusions) for iv in ivs)),
        _row("sources", "Kilder", SECTION_COVERAGE,
             (_bullets(f"{p.source_id}: {p.locator}" for p in iv.provenance) for iv in ivs)),
    ]
    return tuple(rows)


def _samples(iv: Intervention) -> str:
    return _bullets(s.text if s.n is None else f"n = {_number(s.n)}: {s.text}"
                    for s in iv.samples)


def _number(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def _results(iv: Intervention, outcome: str) -> str:
    """Each result text as a bullet, its figures below it: the number first, then what it is."""
    parts = []
    for result in iv.results:
        if result.outcome != outcome:
            continue
        lines = [f"• {result.text}"]
        lines += [f"   – {f.display}: {f.label}" for f in result.figures]
        parts.append("\n".join(lines))
    return "\n".join(parts) if parts else EMPTY


def _coverage(iv: Intervention, level_order: dict[str, tuple[int, str]],
              rf_names: dict[str, str]) -> str:
    """Matrix cells as one line per level, plus the #/¤ notes that point to it from elsewhere."""
    by_level: dict[str, list[str]] = defaultdict(list)
    for cell in iv.cells:
        by_level[cell.level_id].append(cell.risk_factor_name)
    lines = [f"{level_order[lv][1]}: {', '.join(dict.fromkeys(names))}"
             for lv, names in sorted(by_level.items(), key=lambda kv: level_order[kv[0]][0])]
    pointers: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    for x in iv.crossrefs:
        pointers[(x.mark, x.group, x.risk_factor_id)].append(x.level_id)
    for (mark, group, rf), lvs in pointers.items():
        names = ", ".join(level_order[lv][1] for lv in sorted(set(lvs),
                                                               key=lambda v: level_order[v][0]))
        lines.append(f"Henvisning ({mark}) i tabellen for {GROUP_LABELS[group].lower()}, "
                     f"{rf_names.get(rf, rf)}: {names}")
    if lines:
        return "\n".join(lines)
    if iv.kind == "tool":
        return "Ikke nummereret i matricen (redskab; vises sammen med alle indsatser i gruppen)"
    return EMPTY


def _conclusion_line(c) -> str:
    kind = "projekt" if c.kind == "project" else "konklusion"
    number = f" {c.number}" if c.number is not None else ""
    return f"{c.title} ({c.source_id}, {kind}{number})"


def comparison_to_dict(comparison: Comparison) -> dict:
    """A JSON-ready dict: columns, rows in order, and the element-tag overlap."""
    return {
        "columns": [{"id": iv.id, "name": iv.name, "group": iv.group, "kind": iv.kind,
                     "evidence": iv.evidence} for iv in comparison.interventions],
        "rows": [{"key": r.key, "label": r.label, "section": r.section, "differs": r.differs,
                  "values": list(r.values)} for r in comparison.rows],
        "elements": {
            "shared": list(comparison.shared_tags),
            "unique": {k: list(v) for k, v in comparison.unique_tags.items()},
            "partly_shared": {k: list(v) for k, v in comparison.partly_shared_tags.items()},
            "labels": dict(comparison.tag_labels),
        },
    }
