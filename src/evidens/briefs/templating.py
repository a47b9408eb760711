"""The one Jinja environment and its ``render()``.

Like qutebrowser's ``utils/jinja.py``: templates come from the package's resources through a
loader on :mod:`evidens.resource_files`, autoescape is always on (the data contains ``<`` and
``&``), and ``StrictUndefined`` turns a misspelt variable into an error in the tests instead of a
silent blank on a printed brief. Templates receive dataclasses and never query anything.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from typing import TYPE_CHECKING

from evidens.evidence import records
from evidens.evidence.edition import content_hash, danish_date, data_edition  # noqa: F401 - re-exported
from evidens.resource_files import resource_path, templates_dir

from .wording import danish_quotes, figure_line, figure_number, locator_words

if TYPE_CHECKING:
    import jinja2


def _finalize(value):
    """Every plain string a template prints gets Danish quote marks (»…«), whatever mark the
    source used; markup made by macros is left alone."""
    import markupsafe

    if isinstance(value, str) and not isinstance(value, markupsafe.Markup):
        return danish_quotes(value)
    return value


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    import jinja2  # on first render, not at start-up: the first card is shown after the window

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(templates_dir()), str(resource_path("styles"))]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=_finalize,
    )
    env.filters["danish_date"] = danish_date
    env.filters["figure_line"] = figure_line
    env.filters["figure_number"] = figure_number
    env.filters["locator_words"] = locator_words
    env.filters["citation"] = lambda p: p.citation  # a Provenance in words
    env.filters["edition"] = lambda data: data_edition(data["version"], data["built"])
    env.globals.update(
        GROUP_LABELS=records.GROUP_LABELS, KIND_LABELS=records.KIND_LABELS,
        EVIDENCE_LABELS=records.EVIDENCE_LABELS, EVIDENCE_SYMBOLS=records.EVIDENCE_SYMBOLS,
        STATUS_LABELS=records.STATUS_LABELS,
    )
    return env


def render(template: str, **context) -> str:
    """Render ``template`` (a file in resources/templates) with ``context``."""
    return environment().get_template(template).render(**context)


def render_pieces(template: str, **context) -> Iterator[str]:
    """:func:`render` as a stream of pieces, for documents too long to hold in memory at once
    (the handbook of a large evidence base); joined, the pieces are exactly ``render()``."""
    return environment().get_template(template).generate(**context)
