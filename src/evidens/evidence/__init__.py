"""The evidence base: the curated source data and everything that reads it, without Qt.

``source_data`` validates the TOML files in ``db/``, ``build_db`` turns them into SQLite,
``database`` opens that read-only, ``records`` holds the dataclasses every layer above works with
(the card's in ``card_records``, loaded on first use), ``queries`` (with ``card_queries``) is the
only place that runs SQL on the evidence, ``search`` and ``stemming`` find
records by Danish words, ``names`` resolves what a user types to an id, and ``export_json`` writes
the interchange format. Nothing here imports from the layers above (analysis, briefs, cli, app).
"""
