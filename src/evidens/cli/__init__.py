"""The ``evidens`` command: ``main`` assembles the subcommands, one module per group (``data``,
``matrix``, ``compare``, ``briefs``), and ``selftest`` checks an installation."""
