"""What a card's templates print, prepared in Qt-free code: the overview, the results grouped by
outcome, every source in words, the sources' own words and the reader's notes.

``_card.html`` (the app's card and the full brief) and ``card_short.html`` (the one-page brief)
take :func:`card_variables`, so the app, ``evidens brief`` and the handbook cannot word a card
differently. Curator notes (how a table or OCR text was read) are gathered only when asked for:
they belong to the "Om datagrundlaget" view and ``--curator``, never to a card.
"""

from __future__ import annotations

from dataclasses import dataclass

from evidens.evidence.records import Intervention, Result

from .overview import OutcomeLine, Overview, card_overview, result_anchor
from .wording import cite, short_element, short_reference, shorten


@dataclass(frozen=True)
class ResultView:
    anchor: str
    text: str
    note: str | None
    marks: str  # "▲ positiv effekt · lodtrækningsforsøg (RCT)"
    citation: str
    references: tuple[str, ...]
    headline: bool


@dataclass(frozen=True)
class OutcomeGroup:
    label: str
    effect: OutcomeLine | None
    results: tuple[ResultView, ...]


@dataclass(frozen=True)
class Quote:
    text: str
    citation: str


@dataclass(frozen=True)
class CardContext:
    overview: Overview
    groups: tuple[OutcomeGroup, ...]
    samples: tuple[str, ...]
    quotes: tuple[Quote, ...]
    notes: tuple[str, ...]
    references: tuple[str, ...]
    conclusion_sources: dict[str, str]
    sources: str  # every source once, with its places: "VIVE 2018: afsnit 5.2.1.2, bilag 2"
    # One-page brief: the same facts, in short.
    short_target_group: str
    short_elements: tuple[str, ...]
    short_sources: str

    @property
    def fold_summary(self) -> str:
        parts = []
        if self.notes:
            parts.append("bemærkninger")
        if self.quotes:
            parts.append(f"{len(self.quotes)} citater" if len(self.quotes) > 1 else "1 citat")
        if self.references:
            parts.append(f"{len(self.references)} titler i litteraturlisten"
                         if len(self.references) > 1 else "1 titel i litteraturlisten")
        return ", ".join(parts)


def _result_view(iv: Intervention, index: int, result: Result) -> ResultView:
    # Direction and design once the data has them (a result not yet classified says nothing).
    marks = (f"{result.direction_term.display} · {result.design_term.label}"
             if result.direction else "")
    return ResultView(result_anchor(iv.id, index), result.text, result.note or None, marks,
                      result.citation,
                      tuple(short_reference(r.citation) for r in result.references),
                      result.headline)


def _groups(iv: Intervention, overview: Overview) -> tuple[OutcomeGroup, ...]:
    """Results under their outcome, in the overview's order (main outcomes first); headline
    results first within an outcome."""
    effect_of = {e.outcome: e for e in overview.effects}
    order: dict[str, list[int]] = {o: [] for o in overview.outcome_order}
    for index, result in enumerate(iv.results):
        order.setdefault(result.outcome, []).append(index)
    groups = []
    for outcome, indexes in order.items():
        if not indexes:
            continue
        indexes.sort(key=lambda i: not iv.results[i].headline)
        groups.append(OutcomeGroup(
            iv.results[indexes[0]].outcome_label, effect_of.get(outcome),
            tuple(_result_view(iv, i, iv.results[i]) for i in indexes)))
    return tuple(groups)


def _quotes(iv: Intervention) -> tuple[Quote, ...]:
    return tuple(Quote(r.quote, r.quote_citation) for r in iv.results if r.quote)


def _samples(iv: Intervention) -> tuple[str, ...]:
    return tuple(s.text for s in iv.samples)


def short_sources(iv: Intervention) -> str:
    """The card's sources in one line, each source named once: "VIVE 2018: afsnit 5.2.1.2,
    bilag 2; STAR 2025: konklusion 2"."""
    places: dict[str, list[str]] = {}
    for p in iv.provenance:
        label = p.source_label or p.source_title
        places.setdefault(label, []).append(p.citation[len(label) + 2:] if p.locator else "")
    return "; ".join(f"{label}: {', '.join(x for x in locs if x)}" if any(locs) else label
                     for label, locs in places.items())


def card_context(iv: Intervention) -> CardContext:
    overview = card_overview(iv)
    sources = short_sources(iv)
    return CardContext(
        overview=overview, groups=_groups(iv, overview), samples=_samples(iv),
        quotes=_quotes(iv), notes=tuple(n for n in (iv.note,) if n),
        references=tuple(r.citation for r in iv.references),
        conclusion_sources={c.id: cite(c.source_label or c.source_title,
                                       f"nr. {c.number}" if c.number else None)
                            for c in iv.conclusions},
        short_target_group=shorten(iv.target_group, 320),
        short_elements=tuple(short_element(e) for e in iv.elements[:6]),
        sources=sources, short_sources=shorten(sources, 400))


def card_variables(iv: Intervention, *, sources_open: bool = True, result_links: bool = True,
                   curator: bool = False) -> dict:
    """Everything ``_card.html`` and ``card_short.html`` need besides ``links`` and ``data``."""
    out = {"intervention": iv, "card": card_context(iv), "sources_open": sources_open,
           "result_links": result_links, "curator": curator}
    if curator:
        from .curator_notes import intervention_notes

        out["curator_notes"] = intervention_notes(iv)
    return out


