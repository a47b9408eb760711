"""Performance benchmarks for Evidenshåndbogen (run with ``make bench``).

Not tests: pytest only collects ``tests/``, and nothing here asserts. Each benchmark times a public
function of the package (``evidens.evidence.search.search``, ``evidens.evidence.queries.matrix``)
on the real evidence database and on synthetic databases that are many times larger, so we learn
how the program behaves when the evidence base grows.

- :mod:`benchmarks.synthetic` writes a synthetic *source-data folder* in the ``db/README.md``
  format and builds it with the real validator and builder (``evidens.evidence.build_db.build``);
  built databases are cached in the temporary folder, keyed by their parameters and inputs.
- :mod:`benchmarks.bench_search` times search-as-you-type, one prefix per keystroke.
- :mod:`benchmarks.bench_matrix` times building the risk-factor × level matrix.
- ``python -m benchmarks`` runs them all and prints a table; ``--write-docs`` also rewrites the
  figures section of ``docs/performance.md``.
"""
