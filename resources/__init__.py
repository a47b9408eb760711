"""Templates, styles, icons, fonts and translations, installed as the ``evidens.resources`` package.

The folder sits at the top of the repository so designers find it, but ``pyproject.toml`` maps it
into the package; read files only through :mod:`evidens.resource_files`.
"""
