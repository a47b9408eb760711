"""The records behind a card, a matrix, a conclusion and a brief (see :mod:`.records`).

Kept apart from the first screen's records so the app's window can paint before these twenty
frozen dataclasses are created; :mod:`.records` still hands every one of them out by name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import effects
from .records import Category, InterventionSummary, Level, RiskFactor

# Locators that begin with a common noun ("Afsnit 5.2.1.2", "Tabel 5.1", "Ad 2") read with a
# small letter after the source label: "VIVE 2018, afsnit 5.2.1.2". Proper names keep theirs.
COMMON_LOCATOR_WORDS = frozenset({
    "afsnit", "tabel", "bilag", "ad", "konklusion", "konklusioner", "litteraturliste",
    "oversigtsside", "indledning", "kapitel", "forside", "forord", "figur", "boks", "note",
    "side", "resumé", "sammenfatning", "litteratur", "referencer",
})


# A second place joined on ("afsnit 5.2.2.9 og Bilag 3, U-turn") reads the same way.
_JOINED_NOUN = re.compile(r"(\bog |\bsamt |; )([A-ZÆØÅ]\w*)")


def _lower_joined(match: re.Match) -> str:
    joint, word = match.groups()
    if word.casefold() in COMMON_LOCATOR_WORDS:
        word = word[0].lower() + word[1:]
    return joint + word


def citation(label: str, locator: str | None) -> str:
    """A source and a place in words, as a reader cites it: "VIVE 2018, afsnit 5.2.1.2"."""
    if not locator:
        return label
    first = locator.split(maxsplit=1)[0].rstrip(",.:;").casefold()
    if first in COMMON_LOCATOR_WORDS:
        locator = locator[0].lower() + locator[1:]
        locator = _JOINED_NOUN.sub(_lower_joined, locator)
    return f"{label}, {locator}"


@dataclass(frozen=True)
class Provenance:
    source_id: str
    source_title: str
    file: str
    locator: str
    source_label: str = ""

    @property
    def citation(self) -> str:
        """Label and locator in words; never the file name or the source id."""
        return citation(self.source_label or self.source_title, self.locator)


@dataclass(frozen=True)
class Source:
    id: str
    file: str
    title: str
    publisher: str
    year: int | None
    kind: str
    note: str | None
    label: str = ""
    curator_note: str | None = None


@dataclass(frozen=True)
class Reference:
    id: str
    citation: str
    kind: str | None
    note: str | None = None
    curator_note: str | None = None


@dataclass(frozen=True)
class BarrierSource:
    footnote: int
    label: str
    reference: Reference


@dataclass(frozen=True)
class Barrier:
    id: str
    group: str
    risk_factor_id: str
    level_id: str
    text: str
    sources: tuple[BarrierSource, ...]
    note: str | None
    curator_note: str | None = None


@dataclass(frozen=True)
class Figure:
    value: float
    unit: str
    label: str

    @property
    def display(self) -> str:
        """The number as a Danish reader writes it: 59,5 procent, 72.000 kr."""
        number = self.value
        if float(number).is_integer():
            text = f"{int(number):,}".replace(",", ".")
        else:
            text = f"{number:,.2f}".rstrip("0").rstrip(".").replace(",", "X").replace(
                ".", ",").replace("X", ".")
        unit = UNIT_LABELS.get(self.unit, self.unit)
        return f"{text} {unit}".strip()


UNIT_LABELS = {
    "procent": "%", "procentpoint": "procentpoint", "personer": "personer", "kr": "kr.",
    "maaneder": "måneder", "aar": "år", "uger": "uger", "andel": "", "timer": "timer",
    "dage": "dage", "antal": "",
}


@dataclass(frozen=True)
class Result:
    outcome: str
    outcome_label: str
    text: str
    source_id: str
    source_title: str
    locator: str | None
    quote: str | None
    quote_locator: str | None
    figures: tuple[Figure, ...]
    references: tuple[Reference, ...]
    source_label: str = ""
    direction: str | None = None      # effects.DIRECTIONS key
    design: str | None = None         # effects.DESIGNS key
    headline: bool = False
    note: str | None = None           # a caveat the reader needs (shown)
    curator_note: str | None = None   # how the curator read the source (never on a card)
    quote_source_id: str | None = None
    quote_source_label: str = ""

    @property
    def citation(self) -> str:
        """Where the finding stands, in words: "STAR, litteraturstudie, ad 2"."""
        return citation(self.source_label or self.source_title, self.locator)

    @property
    def quote_citation(self) -> str | None:
        """Where the quote stands, in words (its own source and locator)."""
        if not self.quote:
            return None
        return citation(self.quote_source_label or self.source_label or self.source_title,
                        self.quote_locator)

    @property
    def direction_term(self) -> effects.Term:
        return effects.DIRECTIONS[self.direction or "descriptive"]

    @property
    def design_term(self) -> effects.Term:
        return effects.DESIGNS[self.design or "unknown"]


@dataclass(frozen=True)
class Sample:
    n: int | None
    text: str
    locator: str | None
    source_id: str = ""
    source_label: str = ""
    note: str | None = None
    curator_note: str | None = None

    @property
    def citation(self) -> str | None:
        return citation(self.source_label, self.locator) if self.source_label else self.locator


@dataclass(frozen=True)
class MatrixLink:
    group: str
    risk_factor_id: str
    level_id: str
    intervention_id: str
    starred: bool
    note: str | None
    curator_note: str | None = None


@dataclass(frozen=True)
class CrossRef:
    group: str
    mark: str
    risk_factor_id: str
    level_id: str
    intervention_id: str
    text: str
    note: str | None = None
    curator_note: str | None = None


@dataclass(frozen=True)
class CellRef:
    """A matrix cell an intervention addresses, with names for display."""

    group: str
    risk_factor_id: str
    risk_factor_name: str
    level_id: str
    level_name: str
    starred: bool


@dataclass(frozen=True)
class Conclusion:
    id: str
    source_id: str
    source_title: str
    kind: str
    number: int | None
    title: str
    text: str
    period: str | None
    target_group: str | None
    design: str | None
    quote: str | None
    quote_locator: str | None
    note: str | None
    figures: tuple[Figure, ...]
    intervention_ids: tuple[str, ...]
    topics: tuple[str, ...]
    references: tuple[Reference, ...]
    provenance: tuple[Provenance, ...]
    curator_note: str | None = None
    source_label: str = ""

    @property
    def quote_citation(self) -> str | None:
        """Where the quote stands, in words (a conclusion quotes its own source)."""
        if not self.quote:
            return None
        return citation(self.source_label or self.source_title, self.quote_locator)


@dataclass(frozen=True)
class Intervention(InterventionSummary):
    """Everything the card shows, with its links resolved."""

    evidence_wording: str = ""
    target_group: str = ""
    elements: tuple[str, ...] = ()
    element_tags: tuple[str, ...] = ()
    evaluation_design: str = ""
    status_text: str | None = None
    note: str | None = None
    curator_note: str | None = None
    samples: tuple[Sample, ...] = ()
    results: tuple[Result, ...] = ()
    references: tuple[Reference, ...] = ()
    provenance: tuple[Provenance, ...] = ()
    cells: tuple[CellRef, ...] = ()
    crossrefs: tuple[CrossRef, ...] = ()
    conclusions: tuple[Conclusion, ...] = ()
    related_tools: tuple[InterventionSummary, ...] = ()

    @property
    def outcome_effects(self) -> list[effects.OutcomeEffect]:
        """Direction per outcome with the strongest design behind it (see ``effects``)."""
        return effects.outcome_effects(self.results)

    @property
    def headline_results(self) -> tuple[Result, ...]:
        return tuple(r for r in self.results if r.headline)


@dataclass(frozen=True)
class MatrixCell:
    risk_factor_id: str
    level_id: str
    barriers: tuple[Barrier, ...]
    links: tuple[MatrixLink, ...]
    crossrefs: tuple[CrossRef, ...]


@dataclass(frozen=True)
class Matrix:
    group: str
    levels: tuple[Level, ...]
    categories: tuple[Category, ...]
    risk_factors: tuple[RiskFactor, ...]
    cells: dict[tuple[str, str], MatrixCell] = field(hash=False)
    interventions: dict[str, InterventionSummary] = field(hash=False)

    def cell(self, risk_factor_id: str, level_id: str) -> MatrixCell:
        return self.cells[(risk_factor_id, level_id)]
