"""Back/Forward across the whole app, as in a browser: a card, a matrix cell, a page.

A caseworker follows a link from a matrix cell to a card and expects Tilbage to bring her back to
that cell, not to the card she read an hour ago. So the history is the window's, not the card
view's: a *place* is a plain tuple the window knows how to return to — ``("card", kind, id)``,
``("matrix", group, risk_factor_id, level_id)`` or ``("page", key)``. The history does not keep a
"current" place of its own: it asks ``where()`` at the moment the user leaves, so moving the
cursor in a matrix needs no bookkeeping and going back returns to the cell last looked at.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from PySide6.QtCore import QObject, Signal

Place = tuple[str, ...]
MAX_PLACES = 100


class History(QObject):
    changed = Signal(bool, bool)  # can go back, can go forward

    def __init__(self, where: Callable[[], Place | None],
                 restore: Callable[[Place], bool | None], parent=None):
        super().__init__(parent)
        self._where = where
        self._restore = restore
        self._back: list[Place] = []
        self._forward: list[Place] = []
        self._moving = False  # restoring a place: the moves it makes are not new visits

    def visit(self) -> None:
        """Call just before the user moves somewhere new: remembers where she was."""
        if self._moving:
            return
        here = self._where()
        if here is None:
            return
        if not self._back or self._back[-1] != here:
            self._back.append(here)
            del self._back[:-MAX_PLACES]
        self._forward.clear()
        self._emit()

    def go_back(self) -> None:
        self._go(self._back, self._forward)

    def go_forward(self) -> None:
        self._go(self._forward, self._back)

    def _go(self, source: list[Place], target: list[Place]) -> None:
        here = self._where()
        while source and source[-1] == here:  # the place we are at is no step
            source.pop()
        if not source:
            self._emit()
            return
        place = source.pop()
        with self.suspended():
            moved = self._restore(place) is not False
        if not moved:  # refused (an unsaved note asked to stay): the step stays where it was
            source.append(place)
        elif here is not None:
            target.append(here)
        self._emit()

    @contextmanager
    def suspended(self) -> Iterator[None]:
        """Moves made inside (restoring a place, opening a card for a link already recorded,
        start-up) are not visits."""
        before, self._moving = self._moving, True
        try:
            yield
        finally:
            self._moving = before

    def can_go_back(self) -> bool:
        return bool(self._back)

    def can_go_forward(self) -> bool:
        return bool(self._forward)

    def _emit(self) -> None:
        self.changed.emit(bool(self._back), bool(self._forward))
