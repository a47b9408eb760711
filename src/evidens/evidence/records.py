"""The dataclasses the query layer returns: the labels and the records of the first screen.

Frozen and Qt-free: models, templates, the CLI and the JSON export all read the same objects, so a
field added here is available everywhere and a template can never run a query of its own.

The records a card, a matrix, a conclusion or a brief needs (``Intervention``, ``Result``,
``Matrix``, ``Provenance`` …) live in :mod:`evidens.evidence.card_records`: creating some twenty
frozen dataclasses costs about 30 ms, which the app's first frame does not wait for
(docs/performance.md). They are still importable from here (``from evidens.evidence.records
import Intervention``): this module hands them out on first use (PEP 562).
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module

GROUP_LABELS = {"adult": "Voksne", "youth": "Unge"}
KIND_LABELS = {"intervention": "Indsats", "tool": "Redskab"}
EVIDENCE_LABELS = {"effect": "Evidens for effekt", "indication": "Positive indikationer"}
EVIDENCE_SHORT_LABELS = {"effect": "Effekt", "indication": "Indikationer"}
# Shape as well as colour, so the class reads in greyscale print and for colour-blind users.
EVIDENCE_SYMBOLS = {"effect": "◆", "indication": "◇"}
STATUS_LABELS = {"active": "Aktiv", "ended": "Afsluttet", "unknown": "Ukendt"}
EVIDENCE_ORDER = {"effect": 0, "indication": 1}


@dataclass(frozen=True)
class Level:
    id: str
    name: str
    short_name: str
    position: int
    definition: str
    quote: str | None


@dataclass(frozen=True)
class Category:
    id: str
    group: str
    name: str
    position: int


@dataclass(frozen=True)
class RiskFactor:
    id: str
    group: str
    category_id: str
    category_name: str
    name: str
    position: int
    in_matrix: bool
    note: str | None = None
    curator_note: str | None = None


@dataclass(frozen=True)
class InterventionSummary:
    """What a list row needs; cheap to load for all interventions at once."""

    id: str
    kind: str
    group: str
    name: str
    short_name: str
    evidence: str
    status: str
    status_year: int | None
    table_number: int | None
    purpose: str
    aliases: tuple[str, ...] = ()
    risk_factor_ids: frozenset[str] = frozenset()
    level_ids: frozenset[str] = frozenset()
    summary: str | None = None        # "Kort fortalt", at most 300 characters
    strength: int = 0                 # effects.strength of its results; larger = stronger

    @property
    def evidence_label(self) -> str:
        return EVIDENCE_LABELS[self.evidence]

    @property
    def evidence_symbol(self) -> str:
        return EVIDENCE_SYMBOLS[self.evidence]

    @property
    def status_label(self) -> str:
        label = STATUS_LABELS[self.status]
        return f"{label} ({self.status_year})" if self.status_year else label

    @property
    def group_label(self) -> str:
        return GROUP_LABELS[self.group]

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]


# What card_records holds; records.<name> imports it on first use.
CARD_RECORDS = frozenset({
    "COMMON_LOCATOR_WORDS", "UNIT_LABELS", "citation", "Provenance", "Source", "Reference",
    "BarrierSource", "Barrier", "Figure", "Result", "Sample", "MatrixLink", "CrossRef", "CellRef",
    "Conclusion", "Intervention", "MatrixCell", "Matrix",
})


# Every name handed out on first use (PEP 562), with the module that defines it: the card
# records, and the search's hit (made with the first search).
ELSEWHERE = {**dict.fromkeys(CARD_RECORDS, "card_records"), "SearchHit": "search"}


def __getattr__(name: str):
    if name not in ELSEWHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f".{ELSEWHERE[name]}", __package__), name)
