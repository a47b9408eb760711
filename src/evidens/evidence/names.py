"""Resolve what a user typed (an id, a name or an alias) to one record.

The CLI's ``brief``, ``compare`` and ``profile`` commands all accept names "the way a caseworker
says them": ``ips``, ``IPS``, ``Housing First``, ``Individuelt Planlagt job med Støtte``. Matching
is case-insensitive and exact on id, name, short name or alias; when that finds nothing, a prefix
or word match is tried. Zero or several matches raise :class:`UnknownNameError` with close
matches, so every command can print the same helpful message.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


class UnknownNameError(Exception):
    """No record, or more than one, answers to a name. ``suggestions`` are close matches."""

    def __init__(self, what: str, name: str, suggestions: list[str], ambiguous: bool = False):
        self.name = name
        self.suggestions = suggestions
        self.ambiguous = ambiguous
        if ambiguous:
            message = f"»{name}« passer på flere {what}: {', '.join(suggestions)}. Vær mere præcis."
        elif suggestions:
            message = f"Kender ingen {what} ved navn »{name}«. Mente du: {', '.join(suggestions)}?"
        else:
            message = f"Kender ingen {what} ved navn »{name}«."
        super().__init__(message)


@dataclass(frozen=True)
class Candidate:
    id: str
    label: str  # what the user is shown: "Housing First (housing-first)"
    names: tuple[str, ...]  # every way to say it: id, name, short name, aliases


def _norm(text: str) -> str:
    return " ".join(text.casefold().replace("–", "-").split())


def resolve(name: str, candidates: Iterable[Candidate], what: str = "indsatser") -> str:
    """The id of the one candidate ``name`` means; raises UnknownNameError otherwise."""
    pool = list(candidates)
    wanted = _norm(name)
    exact = {c.id for c in pool if wanted in {_norm(n) for n in c.names}}
    if len(exact) == 1:
        return exact.pop()
    if not exact and wanted:
        exact = {c.id for c in pool
                 if any(_norm(n).startswith(wanted) or f" {wanted}" in _norm(n) for n in c.names)}
        if len(exact) == 1:
            return exact.pop()
    labels = {c.id: c.label for c in pool}
    if exact:
        raise UnknownNameError(what, name, sorted(labels[i] for i in exact), ambiguous=True)
    by_name = {_norm(n): c.id for c in pool for n in c.names}
    import difflib  # only when a name is not found (the app's start-up never needs it)

    close = difflib.get_close_matches(wanted, list(by_name), n=5, cutoff=0.6)
    suggestions = list(dict.fromkeys(labels[by_name[m]] for m in close))
    raise UnknownNameError(what, name, suggestions)
