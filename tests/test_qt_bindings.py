"""Guards against a broken Qt binding: the pinned PySide6 must not leak references to None.

PySide6 6.12.0 on Python 3.11 drops one reference to ``None`` on every call of a Qt method that
returns nothing; after a few thousand calls (one handbook export, or an hour in the app) the
interpreter aborts with "deallocating None". pyproject.toml pins PySide6 below 6.12; this test
fails if an upgrade brings the bug back.
"""

from __future__ import annotations

import sys

from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QWidget


def test_void_qt_calls_keep_none_alive(qapp):
    widget, document = QWidget(), QTextDocument()
    before = sys.getrefcount(None)
    for _ in range(200):
        widget.setEnabled(True)
        document.setTextWidth(100)
    assert abs(sys.getrefcount(None) - before) < 50
    widget.deleteLater()
