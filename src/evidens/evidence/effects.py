"""Structured effects: what a finding says (direction) and how it was found (design).

The card overview, the comparator, the one-page brief and the ranking all answer "does it work,
how sure" from the same two fields of every result, so the vocabularies, their Danish words and
the rules that add results up live here, once, free of Qt.

Every direction has a symbol as well as a word, so the effect never rests on colour alone.

Rules (documented for readers in docs/data-model.md, "Structured effects"):

- **Per outcome** (:func:`outcome_effects`): the results of one outcome are added up. Results
  that compare (``positive``, ``none``, ``negative``, ``mixed``) decide the direction; descriptive
  results (no comparison, no effect measured) do not. When every comparing result says the same
  thing, that is the outcome's direction; when they disagree (or one is already ``mixed``), the
  outcome is ``mixed``; when no result compares, it is ``descriptive``. The design shown is the
  strongest design among the results that decided the direction; for a descriptive outcome, the
  strongest among its headline results (all its results if none is a headline), since no effect
  was measured and the reader wants to know how the headline figures were found. Unanimity, not
  a majority, because a reader is better served by "blandede resultater" than by a vote that
  hides a study finding no effect.
- **Design strength** (:data:`DESIGN_STRENGTH`, kept in :mod:`.ranks`): rct > review > quasi >
  before_after > qualitative > unknown. A review ranks just below an RCT and above a single
  quasi-experiment: the reviews cited in this handbook (``design = "review"``) are reviews of
  effect studies, so they rest on several controlled studies, but they are narrative reviews
  whose studies we cannot weigh, and a Danish RCT is the more direct evidence for a Danish
  caseworker.
- **Strength of an intervention** (:func:`strength`): the best outcome, ranked by direction first
  (positive > mixed > descriptive > none > negative: "what works" comes first, and a measured
  absence of effect ranks below no measurement), then by its design. Only outcomes with a
  headline result count (the main effect), unless no result is a headline. The integer is
  ``10 * direction rank + design rank``; larger is stronger, 0 means no results.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from .ranks import DESIGN_STRENGTH, DIRECTION_RANK, DIRECTION_SYMBOLS


@dataclass(frozen=True)
class Term:
    """One value of a vocabulary: its key, its Danish words and a symbol that is not a colour."""

    key: str
    label: str
    symbol: str

    @property
    def display(self) -> str:
        return f"{self.symbol} {self.label}" if self.symbol else self.label


DIRECTIONS: dict[str, Term] = {key: Term(key, label, DIRECTION_SYMBOLS[key]) for key, label in (
    ("positive", "positiv effekt"),
    ("none", "ingen effekt"),
    ("negative", "negativ effekt"),
    ("mixed", "blandede resultater"),
    ("descriptive", "beskrivende (ingen effektmåling)"),
)}

DESIGNS: dict[str, Term] = {t.key: t for t in (
    Term("rct", "Randomiseret forsøg (RCT)", ""),
    Term("quasi", "Kvasi-eksperimentelt design", ""),
    Term("before_after", "Før-efter-måling", ""),
    Term("qualitative", "Kvalitativ", ""),
    Term("review", "Litteraturgennemgang", ""),
    Term("unknown", "Ukendt design", ""),
)}

# DESIGN_STRENGTH and DIRECTION_RANK (the rules above) live in .ranks, which the list's first
# frame reads without loading this module.
COMPARING = ("positive", "none", "negative", "mixed")


class ResultLike(Protocol):
    outcome: str
    direction: str | None
    design: str | None
    headline: bool


@dataclass(frozen=True)
class OutcomeEffect:
    """The added-up effect on one outcome: direction, the strongest design behind it, counts."""

    outcome: str
    direction: str
    design: str
    results: int
    headline: bool

    @property
    def direction_term(self) -> Term:
        return DIRECTIONS[self.direction]

    @property
    def design_term(self) -> Term:
        return DESIGNS[self.design]

    @property
    def rank(self) -> int:
        return rank(self.direction, self.design)


def rank(direction: str | None, design: str | None) -> int:
    """The rank key of one finding: direction first, then design; larger is stronger."""
    return (10 * DIRECTION_RANK.get(direction or "descriptive", 2)
            + DESIGN_STRENGTH.get(design or "unknown", 0))


def strongest_design(designs: Iterable[str | None]) -> str:
    return max((d or "unknown" for d in designs), key=lambda d: DESIGN_STRENGTH.get(d, 0),
               default="unknown")


def outcome_effects(results: Iterable[ResultLike]) -> list[OutcomeEffect]:
    """One effect per outcome, in the order the outcomes first appear among the results."""
    by_outcome: dict[str, list[ResultLike]] = {}
    for r in results:
        by_outcome.setdefault(r.outcome, []).append(r)
    out = []
    for outcome, items in by_outcome.items():
        comparing = [r for r in items if (r.direction or "descriptive") in COMPARING]
        directions = {r.direction for r in comparing}
        if not comparing:
            # nothing was measured against a comparison: show how the headline figures were found
            direction, behind = "descriptive", [r for r in items if r.headline] or items
        elif len(directions) == 1:
            direction, behind = directions.pop(), comparing
        else:
            direction, behind = "mixed", comparing
        out.append(OutcomeEffect(outcome, direction, strongest_design(r.design for r in behind),
                                 len(items), any(r.headline for r in items)))
    return out


def strength(results: Iterable[ResultLike]) -> int:
    """The evidence-strength key of an intervention (stored by build_db): larger is stronger."""
    effects = outcome_effects(results)
    main = [e for e in effects if e.headline] or effects
    return max((e.rank for e in main), default=0)
