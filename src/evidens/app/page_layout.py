"""The shape every page shares: a column of controls and content beside a panel, split.

Three pages (Indsatser, the matrices, Sammenlign) are a left column and a right panel in a
non-collapsible splitter with the same margins; building that here keeps them alike, and the
splitter is what the main window remembers the sizes of.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLayout, QSplitter, QVBoxLayout, QWidget

PAGE_MARGIN = 6


def column(parent: QWidget, *items, stretch=None) -> QWidget:
    """A widget holding ``items`` (widgets or layouts) top to bottom; ``stretch`` takes the
    spare height."""
    widget = QWidget(parent)
    layout = QVBoxLayout(widget)
    layout.setContentsMargins(0, 0, 0, 0)
    for item in items:
        factor = 1 if item is stretch else 0
        if isinstance(item, QLayout):
            layout.addLayout(item, factor)
        else:
            layout.addWidget(item, factor)
    return widget


def split_page(page: QWidget, left: QWidget, right: QWidget, sizes: tuple[int, int],
               stretch: tuple[int, int] = (1, 1)) -> QSplitter:
    """Fill ``page`` with ``left`` and ``right`` side by side; returns the splitter."""
    splitter = QSplitter(Qt.Orientation.Horizontal, page)
    splitter.addWidget(left)
    splitter.addWidget(right)
    splitter.setStretchFactor(0, stretch[0])
    splitter.setStretchFactor(1, stretch[1])
    splitter.setSizes(list(sizes))
    splitter.setChildrenCollapsible(False)
    layout = QVBoxLayout(page)
    layout.setContentsMargins(PAGE_MARGIN, PAGE_MARGIN, PAGE_MARGIN, PAGE_MARGIN)
    layout.addWidget(splitter)
    return splitter
