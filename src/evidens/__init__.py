"""Evidenshåndbogen: an offline evidence handbook for Danish employment and social work.

The package is split so that everything below the Qt layer can be used (and tested) without a
display: ``source_data`` and ``build_db`` turn the curated TOML files into SQLite, ``database`` and
``queries`` read it back as dataclasses, ``cli`` offers it on the command line, and ``evidens.app``
is the only place that imports Qt.
"""

__version__ = "0.1.0"
APP_NAME = "Evidenshåndbogen"
