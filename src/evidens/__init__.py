"""Evidenshåndbogen: an offline evidence handbook for Danish employment and social work.

The package is cut into layers, each a subpackage, and imports only point down
(``tests/test_layers.py`` enforces it):

- ``evidence``: the curated source data, its validation and build, the read-only database, the
  records, the query layer (the only SQL), search, name resolution and the JSON export. Qt-free.
- ``analysis``: target-group profiles, gap analysis and comparison. Qt-free.
- ``briefs``: templating, the brief builders, the HTML and PDF writers.
- ``cli`` and ``app``: the command line and the PySide6 app, which use all of the above.

What every layer shares stays here at the top: ``atomic_files`` (all-or-nothing writes),
``resource_files`` (templates, fonts and the database through importlib.resources) and
``user_store`` (favourites, notes and saved comparisons, never about citizens).
"""

__version__ = "0.1.0"
APP_NAME = "Evidenshåndbogen"
