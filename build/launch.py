"""The frozen program's entry point: PyInstaller needs a script, the package has none.

Everything else (the GUI, every subcommand, ``--selftest``) is :func:`evidens.cli.main.main`,
so the bundle behaves exactly like the ``evidens`` command of a source install.
"""

import sys

from evidens.cli.main import main

if __name__ == "__main__":
    sys.exit(main())
