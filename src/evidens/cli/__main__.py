"""``python -m evidens.cli``: the ``evidens`` command without its console script."""

import sys

from .main import main

sys.exit(main())
