"""The one place that knows where bundled files live.

Everything is found through :mod:`importlib.resources` on the ``evidens.resources`` and
``evidens.data`` packages. ``pyproject.toml`` maps those packages onto the repository's
``resources/`` and ``db/`` folders, and the PyInstaller spec copies them to the same place inside
the frozen package, so the same code works from a checkout, a wheel and a bundle: no
``sys._MEIPASS`` checks anywhere.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

DATABASE_NAME = "evidens.sqlite"


def _as_path(traversable) -> Path:
    # Our packages are always plain folders (never zipped), so a Traversable is a real path.
    return Path(str(traversable))


def resources_dir() -> Path:
    return _as_path(files("evidens.resources"))


def templates_dir() -> Path:
    return resources_dir() / "templates"


def fonts_dir() -> Path:
    """The bundled fonts the PDF briefs are typeset in (see resources/fonts/README.md)."""
    return resources_dir() / "fonts"


def resource_path(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)


def data_dir() -> Path:
    """The curated TOML source data (and, after ``build-db``, the built database)."""
    return _as_path(files("evidens.data"))


def bundled_database() -> Path:
    return data_dir() / DATABASE_NAME
