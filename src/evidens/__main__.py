"""``python -m evidens``: the ``evidens`` command without its console script."""

import sys

from evidens.cli.main import main

sys.exit(main())
