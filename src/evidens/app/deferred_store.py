"""The user store as the first frame needs it: favourites read now, the file opened after.

Opening the store (``UserStore.open``) proves the file writable by writing to it: a journal and
an fsync, 8–25 ms on the benchmark machine and more under a virus scanner, and for a new user
the folder and the file are created as well. The first frame needs none of that; it needs only
the favourites for the ★ column, which :func:`evidens.user_store.read_favourites` reads without
writing. So the window gets a :class:`DeferredUserStore`: the main window calls
:meth:`~DeferredUserStore.finish_opening` right after the first paint, and any other use before
that (a note, a saved comparison, a favourite ticked) opens the store at once.
"""

from __future__ import annotations

from pathlib import Path

from evidens.user_store import UserStore, open_or_fallback, read_favourites


class DeferredUserStore:
    """A UserStore (or its read-only NullUserStore fallback) opened on first use."""

    def __init__(self, path: Path, favourites: list[str]):
        self.path = path
        self._favourites = list(favourites)
        self._store: UserStore | None = None
        self.message: str | None = None  # why it fell back to read-only, once opened

    @property
    def is_open(self) -> bool:
        return self._store is not None

    def finish_opening(self) -> str | None:
        """Open the store now (once); the Danish message to show if it fell back to read-only
        (the same message on every call, also when something else opened it first)."""
        if self._store is None:
            self._store, self.message = open_or_fallback(self.path)
        return self.message

    @property
    def read_only(self) -> bool:
        # Until opened, as far as anyone can tell: the favourites were readable.
        return self._store.read_only if self._store is not None else False

    def favourites(self) -> list[str]:
        return list(self._favourites) if self._store is None else self._store.favourites()

    def is_favourite(self, intervention_id: str) -> bool:
        if self._store is None:
            return intervention_id in self._favourites
        return self._store.is_favourite(intervention_id)

    def close(self) -> None:
        if self._store is not None:
            self._store.close()

    def __getattr__(self, name: str):
        # Everything else (notes, profiles, comparisons, every write) needs the real store.
        self.finish_opening()
        return getattr(self._store, name)


def open_user_store(path: Path):
    """(store, message): deferred when the favourites can be read without writing; otherwise
    opened now, so a broken file is reported (and falls back) exactly as before."""
    favourites = read_favourites(path)
    if favourites is None:
        return open_or_fallback(path)
    return DeferredUserStore(path, favourites), None
