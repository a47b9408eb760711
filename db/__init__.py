"""Curated source data and the built database, installed as the ``evidens.data`` package.

Mapped into the package by ``pyproject.toml`` so the bundled ``evidens.sqlite`` is found through
``importlib.resources`` from a checkout, a wheel and a frozen bundle alike.
"""
