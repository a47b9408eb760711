"""The rows of a comparison: structured facts first, then the sources' free text.

Kept apart from :mod:`evidens.analysis.comparison` (which checks the choice and assembles the
result) because this is where the reading happens: which facts are comparable, how each is shown
in words and symbols, and which machine value decides whether two columns differ. A structured
row's ``facts`` are those machine values (an evidence class, a design code, a number); a free-text
row's facts are its texts, so it differs whenever the wording does — which is why free text is
folded away and never drives "Vis kun forskelle" on its own.
"""

from __future__ import annotations

import re
import sqlite3
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from evidens.evidence import effects, queries
from evidens.evidence.records import GROUP_LABELS, Intervention

EMPTY = "—"  # a cell with nothing to show; a dash reads as "none" rather than as "missing data"

SECTION_OVERVIEW = "Overblik"
SECTION_EFFECTS = "Effekt pr. udfald"
SECTION_CONTENT = "Målgruppe og indhold"
SECTION_TEXT = "Fritekst fra kilderne"

TARGET_SHORT_MAX = 110  # characters of the target group shown in the structured part
# Designs in a few words, so an outcome's direction and design share one line of a column.
DESIGN_SHORT = {"rct": "RCT", "quasi": "kvasi-eksperimentelt", "before_after": "før-efter-måling",
                "qualitative": "kvalitativ", "review": "litteraturgennemgang", "unknown": ""}


@dataclass(frozen=True)
class ComparisonRow:
    """One aspect across all columns. ``key`` is stable (for tests, JSON and saved views).

    ``values`` are what a reader sees; ``facts`` what is compared (JSON-ready, one per column);
    ``structured`` is False for the sources' free text, which views fold by default.
    """

    key: str
    label: str
    values: tuple[str, ...]
    differs: bool
    section: str
    structured: bool = True
    facts: tuple = field(default=(), hash=False)


def ordered(tags: Iterable[str], order: list[str]) -> list[str]:
    """Tags (or outcomes) in vocabulary order, so every view lists them the same way."""
    rank = {t: i for i, t in enumerate(order)}
    return sorted(tags, key=lambda t: (rank.get(t, len(rank)), t))


def _fact_row(key: str, label: str, section: str, values: Iterable[str],
              facts: Iterable) -> ComparisonRow:
    values = tuple(v if v and v.strip() else EMPTY for v in values)
    facts = tuple(facts)
    return ComparisonRow(key, label, values, any(f != facts[0] for f in facts), section,
                         True, facts)


def _text_row(key: str, label: str, values: Iterable[str]) -> ComparisonRow:
    values = tuple(v if v and v.strip() else EMPTY for v in values)
    return ComparisonRow(key, label, values, len(set(values)) > 1, SECTION_TEXT, False, values)


def _bullets(lines: Iterable[str]) -> str:
    lines = [line for line in lines if line]
    return "\n".join(f"• {line}" for line in lines) if lines else EMPTY


def number(n: int) -> str:
    return f"{n:,}".replace(",", ".")


# -- structured rows ----------------------------------------------------------------------------
def fact_rows(conn: sqlite3.Connection, ivs: tuple[Intervention, ...]
              ) -> tuple[ComparisonRow, ...]:
    """Overview, effect per outcome and headline figures, target group in short."""
    designs = [effects.strongest_design(r.design for r in iv.results) if iv.results else None
               for iv in ivs]
    largest = [max((s.n for s in iv.samples if s.n is not None), default=None) for iv in ivs]
    rows = [
        _fact_row("group", "Gruppe og type", SECTION_OVERVIEW,
                  (f"{GROUP_LABELS[iv.group]} · {iv.kind_label}" for iv in ivs),
                  ({"group": iv.group, "kind": iv.kind} for iv in ivs)),
        _fact_row("evidence", "Evidensklasse", SECTION_OVERVIEW,
                  (f"{iv.evidence_symbol} {iv.evidence_label}" for iv in ivs),
                  (iv.evidence for iv in ivs)),
        _fact_row("design", "Stærkeste design", SECTION_OVERVIEW,
                  (effects.DESIGNS[d].label if d else EMPTY for d in designs), designs),
        _fact_row("largest_n", "Største stikprøve", SECTION_OVERVIEW,
                  (f"n = {number(n)}" if n is not None else EMPTY for n in largest), largest),
        _fact_row("status", "Status", SECTION_OVERVIEW, (iv.status_label for iv in ivs),
                  ({"status": iv.status, "year": iv.status_year} for iv in ivs)),
    ]
    per_iv = [{e.outcome: e for e in iv.outcome_effects} for iv in ivs]
    outcomes = queries.vocabulary(conn, "outcomes")
    present = {o for found in per_iv for o in found}
    for outcome in ordered(present, list(outcomes)):
        found = [f.get(outcome) for f in per_iv]
        rows.append(_fact_row(
            f"effect:{outcome}", outcomes.get(outcome, outcome), SECTION_EFFECTS,
            (_effect_text(e) for e in found),
            ({"direction": e.direction, "design": e.design} if e else None for e in found)))
    # One row per headline result (the 1st of each column side by side, then the 2nd, ...):
    # smaller rows, so a printed page can break between them instead of leaving half a page.
    for i in range(max(len(iv.headline_results) for iv in ivs)):
        found = [iv.headline_results[i] if i < len(iv.headline_results) else None
                 for iv in ivs]
        rows.append(_fact_row(f"headline:{i + 1}", f"Hovedresultat {i + 1}", SECTION_EFFECTS,
                              (_headline_text(r) for r in found),
                              (_headline_fact(r) for r in found)))
    shorts = [short_target_group(iv.target_group) for iv in ivs]
    rows.append(_fact_row("target_short", "Målgruppe kort", SECTION_CONTENT, shorts, shorts))
    summaries = [iv.summary or "" for iv in ivs]
    rows.append(_fact_row("summary", "Kort fortalt", SECTION_CONTENT, summaries, summaries))
    return tuple(rows)


def _effect_text(effect) -> str:
    """Direction in a word and a symbol (never colour alone), then the design behind it in
    short ("▲ Positiv effekt, RCT"); an unknown design is left unsaid."""
    if effect is None:
        return EMPTY
    design = DESIGN_SHORT.get(effect.design, effects.DESIGNS[effect.design].label)
    return f"{direction_text(effect.direction)}, {design}" if design else direction_text(
        effect.direction)


def direction_text(direction: str) -> str:
    """"▲ Positiv effekt": the symbol and the word, capitalised to open a table cell."""
    term = effects.DIRECTIONS[direction]
    return f"{term.symbol} {term.label[:1].upper()}{term.label[1:]}"


def _headline_text(result) -> str:
    """A headline result in as few lines as it can be said faithfully: its figures, each number
    with what it counts, or its own text when that is shorter (the text names the same numbers);
    a headline without figures by its text."""
    if result is None:
        return EMPTY
    figures = "\n".join(f"• {f.display} {f.label}" for f in result.figures)
    if figures and len(figures) < len(result.text):
        return figures
    return result.text


def _headline_fact(result):
    if result is None:
        return None
    return {"outcome": result.outcome, "direction": result.direction, "design": result.design,
            "figures": [{"value": f.value, "unit": f.unit} for f in result.figures]}


_SENTENCE_END = re.compile(r"(?<=[a-zæøå)])\.\s+(?=[A-ZÆØÅ])|;\s")


def short_target_group(text: str, limit: int = TARGET_SHORT_MAX) -> str:
    """The target group's first sentence (or clause before a semicolon); if that is still long,
    cut at a word with "…". A sentence boundary is a full stop after a letter and before a
    capital, so "9. klasse" and "8.-10. klasse" are not cut."""
    text = " ".join(text.split())
    match = _SENTENCE_END.search(text)
    first = text[:match.start()] if match else text.rstrip(".")
    if len(first) <= limit:
        return first
    cut = first[:limit].rsplit(" ", 1)[0].rstrip(",;:(–- ")
    return cut + " …"


def element_rows(ivs: tuple[Intervention, ...], shared: tuple[str, ...],
                 unique: dict[str, tuple[str, ...]], partly: dict[str, tuple[str, ...]],
                 labels: dict[str, str]) -> tuple[ComparisonRow, ...]:
    """Shared elements (the same text in every column) and each column's own elements, with
    those it shares with only some of the others."""
    shared_text = "; ".join(labels[t] for t in shared) or "ingen"
    short = {iv.id: iv.short_name for iv in ivs}
    own_values, own_facts = [], []
    for iv in ivs:
        lines = [labels[t] for t in unique[iv.id]]
        with_others: dict[tuple[str, ...], list[str]] = defaultdict(list)
        for tag, holders in partly.items():
            if iv.id in holders:
                with_others[tuple(h for h in holders if h != iv.id)].append(labels[tag])
        lines += [f"{'; '.join(tags)} (også hos {' og '.join(short[h] for h in others)})"
                  for others, tags in with_others.items()]
        own_values.append(_bullets(lines))
        own_facts.append(sorted(t for t in iv.element_tags if t not in shared))
    return (
        _fact_row("shared_elements", "Fælles elementer", SECTION_CONTENT,
                  (shared_text for _ in ivs), (list(shared) for _ in ivs)),
        _fact_row("own_elements", "Egne elementer", SECTION_CONTENT, own_values, own_facts),
    )


# -- free-text rows -----------------------------------------------------------------------------
def text_rows(conn: sqlite3.Connection, ivs: tuple[Intervention, ...]
              ) -> tuple[ComparisonRow, ...]:
    """The sources' own words, aligned on the same outcomes as the structured rows."""
    rows = [
        _text_row("evidence_wording", "Kildens ordlyd om evidensen",
                  (f"»{iv.evidence_wording}«" for iv in ivs)),
        _text_row("design_text", "Evalueringsdesign", (iv.evaluation_design for iv in ivs)),
        _text_row("samples", "Stikprøver", (_samples(iv) for iv in ivs)),
    ]
    outcomes = queries.vocabulary(conn, "outcomes")
    present = {r.outcome for iv in ivs for r in iv.results}
    for outcome in ordered(present, list(outcomes)):
        rows.append(_text_row(f"result:{outcome}",
                              f"Resultater: {outcomes.get(outcome, outcome).lower()}",
                              (_results(iv, outcome) for iv in ivs)))
    level_order = {lv.id: (lv.position, lv.short_name) for lv in queries.levels(conn)}
    rf_names = {rf.id: rf.name for rf in queries.risk_factors(conn)}
    rows += [
        _text_row("target_group", "Målgruppe", (iv.target_group for iv in ivs)),
        _text_row("elements", "Elementer", (_bullets(iv.elements) for iv in ivs)),
        _text_row("status_text", "Om status", (iv.status_text or "" for iv in ivs)),
        _text_row("coverage", "Dækning i matricen",
                  (_coverage(iv, level_order, rf_names) for iv in ivs)),
        _text_row("conclusions", "STAR-konklusioner",
                  (_bullets(_conclusion_line(c) for c in iv.conclusions) for iv in ivs)),
        _text_row("sources", "Kilder",
                  (_bullets(p.citation for p in iv.provenance) for iv in ivs)),
    ]
    return tuple(rows)


def _samples(iv: Intervention) -> str:
    return _bullets(s.text if s.n is None else f"n = {number(s.n)}: {s.text}"
                    for s in iv.samples)


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
    """A STAR conclusion by its title and where it stands, in words ("STAR 2025, konklusion 2")."""
    kind = "projekt" if c.kind == "project" else "konklusion"
    number_text = f" {c.number}" if c.number is not None else ""
    return f"{c.title} ({c.source_label or c.source_title}, {kind}{number_text})"
