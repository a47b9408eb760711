"""The shape every page shares: a column of controls and content beside a panel, split.

Three pages (Indsatser, the matrices, Sammenlign) are a left column and a right panel in a
splitter with the same margins; building that here keeps them alike, and the splitter is what the
main window remembers the sizes of. The right panel can be collapsed (dragged shut, or F9 in the
Vis menu) so a 1366×768 screen at 150 % can give the list or the matrix the whole width; and the
window itself is never made larger than the screen (fit_to_screen).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLayout, QSplitter, QVBoxLayout, QWidget

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
               stretch: tuple[int, int] = (1, 1), side: int = 1) -> QSplitter:
    """Fill ``page`` with ``left`` and ``right`` side by side; returns the splitter. ``side``
    is the pane that may collapse (1: the right one)."""
    splitter = QSplitter(Qt.Orientation.Horizontal, page)
    splitter.addWidget(left)
    splitter.addWidget(right)
    splitter.setStretchFactor(0, stretch[0])
    splitter.setStretchFactor(1, stretch[1])
    splitter.setSizes(list(sizes))
    splitter.setCollapsible(1 - side, False)
    splitter.setCollapsible(side, True)
    splitter.setProperty("side", side)
    layout = QVBoxLayout(page)
    layout.setContentsMargins(PAGE_MARGIN, PAGE_MARGIN, PAGE_MARGIN, PAGE_MARGIN)
    layout.addWidget(splitter)
    return splitter


def toggle_side(splitter: QSplitter) -> bool:
    """Collapse the splitter's side pane, or open it again; returns whether it is shown."""
    side = int(splitter.property("side") or 1)
    sizes = splitter.sizes()
    total = sum(sizes)
    if sizes[side] > 0:
        splitter.setProperty("open_sizes", sizes)
        splitter.setSizes([0, total] if side == 0 else [total, 0])
        return False
    previous = splitter.property("open_sizes")
    if previous and previous[side] > 0:
        splitter.setSizes(list(previous))
    else:
        splitter.setSizes([total // 4, total - total // 4] if side == 0
                          else [total * 2 // 3, total - total * 2 // 3])
    return True


def tab_order(*widgets: QWidget) -> None:
    """Tab visits ``widgets`` in this order (a page's panes left to right, top to bottom)."""
    for first, second in zip(widgets, widgets[1:], strict=False):
        QWidget.setTabOrder(first, second)


def fit_to_screen(window: QWidget) -> None:
    """Never larger than the screen's free area (a laptop at 150 % has 910×512 of it)."""
    screen = window.screen() or QApplication.primaryScreen()
    if screen is None:
        return
    free = screen.availableGeometry()
    frame = window.frameGeometry().size() - window.geometry().size()
    width = min(window.width(), free.width() - frame.width())
    height = min(window.height(), free.height() - frame.height())
    if (width, height) != (window.width(), window.height()):
        window.resize(max(width, window.minimumWidth()), max(height, window.minimumHeight()))
    if not free.contains(window.frameGeometry().topLeft()):
        window.move(free.topLeft())
