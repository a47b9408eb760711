"""Page breaks that Qt's rich text cannot be told in CSS, made on the laid-out document.

QTextDocument paginates on its own but knows no ``page-break-after: avoid`` or
``page-break-inside: avoid``: a heading can end a page, a table row can break anywhere, and
Qt 6 ignores a heading's CSS font-size. :func:`prepare` fixes the text before layout and
:func:`paginate` moves what should not be split, by page breaks and cell padding, then lays the
document out once more from scratch. QtGui only; used by :mod:`evidens.briefs.pdf_export`.
"""

from __future__ import annotations

from PySide6.QtGui import (
    QTextBlockFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
    QTextFrame,
    QTextTable,
)

# A block whose CSS says "-qt-user-state: 1" (class "keep" in paper.css) is kept on the same page
# as the block after it, like a heading.
KEEP_WITH_NEXT = 1
NUDGE_MM = 1.2  # how far above the page end a row is padded down to (see _keep_rows_together)


def _mm(value: float, resolution: int) -> float:
    return value * resolution / 25.4


def prepare(doc: QTextDocument) -> None:
    """Let a heading's CSS font-size win, as it does in a browser.

    Qt gives h1-h6 a size step relative to the default font, and that step overrides any
    font-size the style sheet sets (brief.css: h1 16 pt, h2 11.5 pt), so on paper every card
    title would be 18 pt and every section heading 15 pt next to 9 pt text. Where a fragment has
    both, the step is dropped.
    """
    block = doc.begin()
    while block.isValid():
        if block.blockFormat().headingLevel():
            it = block.begin()
            while not it.atEnd():
                fragment = it.fragment()
                fmt = fragment.charFormat()
                if (fmt.hasProperty(QTextFormat.Property.FontPointSize)
                        and fmt.hasProperty(QTextFormat.Property.FontSizeAdjustment)):
                    fmt.clearProperty(QTextFormat.Property.FontSizeAdjustment)
                    cursor = QTextCursor(doc)
                    cursor.setPosition(fragment.position())
                    cursor.setPosition(fragment.position() + fragment.length(),
                                       QTextCursor.MoveMode.KeepAnchor)
                    cursor.setCharFormat(fmt)
                it += 1
        block = block.next()


def line_top(doc: QTextDocument, block) -> float:
    """Where a block's first line starts, in document coordinates (lines may be pushed down to
    the next page, away from where the block itself begins)."""
    rect = doc.documentLayout().blockBoundingRect(block)
    layout = block.layout()
    first = layout.lineAt(0) if layout is not None and layout.lineCount() else None
    return rect.top() + (first.y() if first is not None else 0.0)


def page_index(y: float, height: float) -> int:
    return int(y // height)


def _sticky(block) -> bool:
    """A heading, or a block the template marked to stay with what follows it."""
    return bool(block.text().strip()) and (block.blockFormat().headingLevel() > 0
                                           or block.userState() == KEEP_WITH_NEXT)


def _keep_with_next(doc: QTextDocument) -> bool:
    """Move a heading (or a run of blocks marked "keep") that ends a page to the next page,
    together with the text it introduces; likewise a paragraph of two or three lines that
    would be split.

    Qt's rich text has no ``page-break-after: avoid``, so this looks at the laid-out document,
    top to bottom, so that moving one run never disturbs the ones already checked. A run that
    already starts its page stays, or it would only move on and on.
    """
    height = doc.pageSize().height()
    changed = False
    block = doc.begin()
    while block.isValid():
        following = block.next()
        while following.isValid() and not following.text().strip():
            following = following.next()
        page = page_index(line_top(doc, block), height)
        separated = (_sticky(block) and following.isValid()
                     and page_index(line_top(doc, following) + 1, height) > page)
        # A short paragraph is not split: one or two lines alone at a page end or start.
        split = (block.layout() is not None and 1 < block.layout().lineCount() <= 3
                 and page_index(line_bottom(doc, block) - 1, height) > page
                 and QTextCursor(block).currentTable() is None)
        if separated or split:
            start = block
            while (start.previous().isValid() and _sticky(start.previous())
                   and page_index(line_top(doc, start.previous()), height) == page):
                start = start.previous()
            before = start.previous()
            starts_page = not before.isValid() or page_index(line_bottom(doc, before) - 1,
                                                        height) < page
            if (not starts_page and start.blockFormat().pageBreakPolicy()
                    == QTextBlockFormat.PageBreakFlag.PageBreak_Auto):
                moved = QTextBlockFormat()
                moved.setPageBreakPolicy(QTextBlockFormat.PageBreakFlag.PageBreak_AlwaysBefore)
                QTextCursor(start).mergeBlockFormat(moved)
                changed = True
        block = block.next()
    return changed


def tables(frame: QTextFrame):
    for child in frame.childFrames():
        if isinstance(child, QTextTable):
            yield child
        yield from tables(child)


def line_bottom(doc: QTextDocument, block) -> float:
    """Where a block's last line ends, in document coordinates."""
    rect = doc.documentLayout().blockBoundingRect(block)
    layout = block.layout()
    if layout is None or not layout.lineCount():
        return rect.top()
    last = layout.lineAt(layout.lineCount() - 1)
    return rect.top() + last.y() + last.height()


def cell_extent(doc: QTextDocument, cell) -> tuple[float, float]:
    first = cell.firstCursorPosition().block()
    last = cell.lastCursorPosition().block()
    return line_top(doc, first), line_bottom(doc, last)


def row_extent(doc: QTextDocument, table: QTextTable, row: int) -> tuple[float, float]:
    extents = []
    for column in range(table.columns()):
        cell = table.cellAt(row, column)
        if cell.row() == row and cell.column() == column:
            extents.append(cell_extent(doc, cell))
    return min(e[0] for e in extents), max(e[1] for e in extents)


def _break_before_table(doc: QTextDocument, table: QTextTable) -> None:
    """Start ``table`` on a new page; a heading (or "keep" run) right before it goes along."""
    before = table.firstCursorPosition().block().previous()
    while before.isValid() and not before.text().strip():
        before = before.previous()
    start = None
    while before.isValid() and _sticky(before):
        start, before = before, before.previous()
    if start is not None:
        moved = QTextBlockFormat()
        moved.setPageBreakPolicy(QTextBlockFormat.PageBreakFlag.PageBreak_AlwaysBefore)
        QTextCursor(start).mergeBlockFormat(moved)
    else:
        fmt = table.format()
        fmt.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
        table.setFormat(fmt)


def _keep_rows_together(doc: QTextDocument, scale: float, nudge: float) -> bool:
    """Start a table row that would break across pages on the next page instead, and take a
    spanning heading row (a category of the matrix) along with the row under it; a small table
    without a header row moves to the next page whole.

    Qt breaks rows anywhere and has no ``page-break-inside: avoid``. Its own rule is to drop a
    row to the next page (under the repeated header) when no cell's first line fits; so the row
    above is given bottom padding down to ``nudge`` above the page end: far enough that the padded
    cell itself still fits on its page (counting the page's own bottom margin), near enough that
    no first line of the next row does. ``scale`` turns document units into CSS pixels.
    """
    height = doc.pageSize().height()
    changed = False
    for table in list(tables(doc.rootFrame())):
        columns, rows = table.columns(), table.rows()
        first = table.format().headerRowCount()

        def heading(row: int, table=table, columns=columns) -> bool:
            return table.cellAt(row, 0).columnSpan() == columns

        top, bottom = row_extent(doc, table, 0)[0], row_extent(doc, table, rows - 1)[1]
        if not first and page_index(top, height) != page_index(bottom - 1, height):
            # A small table without a header row to repeat moves to the next page whole,
            # with the heading that introduces it.
            if bottom - top < 0.8 * height:
                _break_before_table(doc, table)
                doc.pageCount()
                changed = True
            continue
        for row in range(first + 1, rows):
            top, bottom = row_extent(doc, table, row)
            move = None
            if (page_index(top, height) != page_index(bottom - 1, height)
                    and bottom - top < 0.8 * height):
                move = row - 1 if heading(row - 1) and row - 1 > first else row
            elif (heading(row) and row + 1 < rows and page_index(
                    row_extent(doc, table, row + 1)[0], height) > page_index(top, height)):
                move = row
            if move is None:
                continue
            page_end = (page_index(row_extent(doc, table, move)[0], height) + 1) * height
            above = table.cellAt(move - 1, 0)
            content_bottom = cell_extent(doc, above)[1]
            fmt = above.format().toTableCellFormat()
            fmt.setBottomPadding(max(fmt.bottomPadding(),
                                     (page_end - nudge - content_bottom) / scale))
            above.setFormat(fmt)
            doc.pageCount()  # finish the relayout before measuring the rows below
            changed = True
    return changed


def paginate(doc: QTextDocument, resolution: int, bleed_mm: float) -> None:
    """Keep headings with their text and table rows whole, then lay out once more from scratch.

    The document is laid out completely first: Qt lays out lazily, and blocks changed before
    they were laid out can be skipped altogether.
    """
    doc.pageCount()
    changed = False
    for _ in range(3):  # a moved row can push a later heading to a page end, and back
        step = _keep_with_next(doc)
        step = _keep_rows_together(doc, resolution / 96,
                                   _mm(bleed_mm + NUDGE_MM, resolution)) or step
        if not step:
            break
        changed = True
        doc.pageCount()
    if changed:
        doc.setPageSize(doc.pageSize())  # so no block keeps a position from before the moves
        doc.pageCount()
