"""Typeset a brief's HTML as a PDF with Qt's own text engine: no browser, no network.

QTextDocument lays the HTML out in pages the size of the page body; every page is then drawn by
hand with a QPainter on a QPdfWriter, so each gets a header (title, export date) and a footer
(data version, "Side n af m"), which ``QTextDocument.print()`` cannot do. The bundled Evidens Sans
fonts are registered first, so a PDF looks the same on every machine and embeds every glyph (its
text stays searchable and copyable); :mod:`evidens.briefs.pagination` keeps headings with their text
and table rows whole. The finished bytes go through :func:`write_atomic`: a
failed or cancelled export never leaves a partial file or harms an existing one.

Uses QtGui only (no widgets, no QtWebEngine), and makes an offscreen QGuiApplication when the
command line runs it on a machine without a display.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Callable, Sequence
from functools import lru_cache
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QFontMetricsF,
    QGuiApplication,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
    QTextDocument,
)

from evidens import APP_NAME, __version__
from evidens.atomic_files import WriteError, check_writable, write_atomic
from evidens.briefs import pagination
from evidens.resource_files import fonts_dir

from .templating import danish_date, data_edition

FONT_FAMILY = "Evidens Sans"
PAGE_SIZES = {"A4": QPageSize.PageSizeId.A4, "A3": QPageSize.PageSizeId.A3}
# Page body margins in millimetres; the header and footer sit inside the top and bottom margin.
MARGINS_MM = {"left": 15.0, "top": 20.0, "right": 15.0, "bottom": 18.0}
# Each laid-out page keeps this much room inside the body's edge, for the parts of glyphs that
# stick out of their line (raised footnote numbers): without it they are drawn, cut off, at the
# foot of the page before the line's own page.
BLEED_MM = 1.5
FURNITURE_PT = 7.5
FURNITURE_COLOUR = "#4a5560"
RULE_COLOUR = "#c9d3de"

Progress = Callable[[int, int], None]  # (pages done, pages in all)

_app: QGuiApplication | None = None  # the one we made, if we had to; kept alive for the process


class ExportCancelled(Exception):
    """The user cancelled the export; nothing was written."""


def ensure_gui_app() -> QGuiApplication:
    """The running QGuiApplication; without one, make one (offscreen when there is no display).

    Fonts and QPdfWriter need a GUI application. The desktop app already has one; the command
    line has none, and on a server there may be no display to connect to. The one made here is
    a (widgets) QApplication, not just a QGuiApplication: a process that exports first and shows
    a window later (the self-test) cannot swap its application object.
    """
    global _app
    app = QGuiApplication.instance()
    if app is None:
        no_display = not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
        if sys.platform.startswith("linux") and no_display:
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from PySide6.QtWidgets import QApplication

        _app = QApplication([sys.argv[0] if sys.argv else "evidens"])
        app = _app
    if not isinstance(app, QGuiApplication):
        raise RuntimeError("PDF-udskrift kræver en QGuiApplication, men programmet kører uden.")
    return app


@lru_cache(maxsize=1)
def register_fonts() -> tuple[str, ...]:
    """Register the bundled fonts once per process; returns their family names."""
    ensure_gui_app()
    families: list[str] = []
    for path in sorted(fonts_dir().glob("*.ttf")):
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id >= 0:
            families += QFontDatabase.applicationFontFamilies(font_id)
    return tuple(dict.fromkeys(families))


def _mm(value: float, resolution: int) -> float:
    return value * resolution / 25.4


# What write_pdf() typesets: one HTML document, or parts that each start on a new page in their
# own orientation, (html, landscape) - the handbook turns its matrices sideways.
Document = str | Sequence[tuple[str, bool]]


def _writer(device: QIODevice, *, title: str, pdf_a: bool) -> QPdfWriter:
    writer = QPdfWriter(device)
    writer.setTitle(title)
    writer.setCreator(f"{APP_NAME} {__version__}")
    if pdf_a:
        writer.setPdfVersion(QPagedPaintDevice.PdfVersion.PdfVersion_A1b)
    return writer


def page_layout(page_size: str = "A4", landscape: bool = False) -> QPageLayout:
    """The paper of a brief; margins are drawn by us, so the layout has none."""
    return QPageLayout(
        QPageSize(PAGE_SIZES[page_size]),
        QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait,
        QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Millimeter)


class _Part:
    """One part of the document, laid out in pages of one size and orientation."""

    def __init__(self, writer: QPagedPaintDevice, html: str, *, page_size: str,
                 landscape: bool):
        if page_size not in PAGE_SIZES:
            raise ValueError(f"Ukendt papirstørrelse »{page_size}«; vælg A4 eller A3.")
        res = writer.resolution()
        self.page_layout = page_layout(page_size, landscape)
        full = self.page_layout.fullRectPixels(res)
        self.resolution = res
        self.body = QRectF(_mm(MARGINS_MM["left"], res), _mm(MARGINS_MM["top"], res),
                           full.width() - _mm(MARGINS_MM["left"] + MARGINS_MM["right"], res),
                           full.height() - _mm(MARGINS_MM["top"] + MARGINS_MM["bottom"], res))
        bleed = _mm(BLEED_MM, res)
        self.frame = self.body.adjusted(-bleed, -bleed, bleed, bleed)
        doc = QTextDocument()
        # Lay out with the PDF's own metrics: px lengths in the CSS scale to the device, and
        # glyph positions are exact at the writer's resolution.
        doc.documentLayout().setPaintDevice(writer)
        base = QFont(FONT_FAMILY)
        base.setPointSizeF(10)
        doc.setDefaultFont(base)
        doc.setDocumentMargin(_mm(BLEED_MM, 96))  # in CSS pixels, scaled to the device by Qt
        doc.setPageSize(QSizeF(0, 0))  # a null page size: no layout while the text is changed
        doc.setHtml(html)
        pagination.prepare(doc)
        doc.setPageSize(self.frame.size())
        pagination.paginate(doc, res, BLEED_MM)
        self.doc = doc

    @property
    def page_height(self) -> float:
        return self.frame.height()

    @property
    def count(self) -> int:
        return self.doc.pageCount()


def _parts(writer: QPagedPaintDevice, html: Document, page_size: str,
           landscape: bool) -> list[_Part]:
    register_fonts()
    pieces = [(html, landscape)] if isinstance(html, str) else list(html)
    return [_Part(writer, piece, page_size=page_size, landscape=sideways)
            for piece, sideways in pieces]


def anchor_pages(html: Document, *, page_size: str = "A4", landscape: bool = False
                 ) -> dict[str, int]:
    """The page (1-based) every anchor (element id) of ``html`` lands on, for a contents page."""
    ensure_gui_app()
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = _writer(buffer, title="", pdf_a=False)
    out: dict[str, int] = {}
    offset = 0
    for part in _parts(writer, html, page_size, landscape):
        block = part.doc.begin()
        while block.isValid():
            it = block.begin()
            while not it.atEnd():
                for name in it.fragment().charFormat().anchorNames():
                    top = pagination.line_top(part.doc, block)
                    page = pagination.page_index(top + 1, part.page_height)
                    out.setdefault(name, offset + page + 1)
                it += 1
            block = block.next()
        offset += part.count
    return out


def _draw_furniture(painter: QPainter, part: _Part, *, title: str, data_version: str,
                    exported: str, page: int, count: int) -> None:
    """Header and footer of one page, inside the top and bottom margins."""
    res = part.resolution
    body = part.body
    font = QFont(FONT_FAMILY)
    font.setPointSizeF(FURNITURE_PT)
    metrics = QFontMetricsF(font, painter.device())
    painter.save()
    painter.setFont(font)
    gap = _mm(3, res)
    line_h = metrics.height()
    header = QRectF(body.left(), body.top() - gap - line_h - _mm(1.5, res), body.width(), line_h)
    footer = QRectF(body.left(), body.bottom() + gap + _mm(1.5, res), body.width(), line_h)
    right_header = f"{APP_NAME} · udskrevet {exported}"
    room = body.width() - metrics.horizontalAdvance(right_header) - _mm(8, res)
    left_flags = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
    right_flags = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
    painter.setPen(QColor(FURNITURE_COLOUR))
    painter.drawText(header, left_flags, metrics.elidedText(title, Qt.TextElideMode.ElideRight,
                                                            room))
    painter.drawText(header, right_flags, right_header)
    painter.drawText(footer, left_flags, f"Datagrundlag: {data_edition(data_version)}")
    painter.drawText(footer, right_flags, f"Side {page} af {count}")
    pen = QPen(QColor(RULE_COLOUR))
    pen.setWidthF(_mm(0.2, res))
    painter.setPen(pen)
    painter.drawLine(QPointF(body.left(), body.top() - gap),
                     QPointF(body.right(), body.top() - gap))
    painter.drawLine(QPointF(body.left(), body.bottom() + gap),
                     QPointF(body.right(), body.bottom() + gap))
    painter.restore()


def render_pdf(html: Document, *, title: str, data_version: str, page_size: str = "A4",
               landscape: bool = False, pdf_a: bool = False, progress: Progress | None = None,
               cancelled: Callable[[], bool] | None = None,
               exported: dt.date | None = None) -> bytes:
    """The PDF as bytes. Raises ExportCancelled when ``cancelled()`` turns true between pages."""
    ensure_gui_app()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = _writer(buffer, title=title, pdf_a=pdf_a)
    try:
        paint_pages(writer, html, title=title, data_version=data_version, page_size=page_size,
                    landscape=landscape, progress=progress, cancelled=cancelled,
                    exported=exported)
    finally:
        buffer.close()
    return bytes(data.data())


def paint_pages(device: QPagedPaintDevice, html: Document, *, title: str, data_version: str,
                page_size: str = "A4", landscape: bool = False,
                progress: Progress | None = None, cancelled: Callable[[], bool] | None = None,
                exported: dt.date | None = None) -> int:
    """Lay ``html`` out and paint every page, with header and footer, on ``device``.

    ``data_version`` goes in the footer as the edition a reader can quote: pass it worded
    (:func:`evidens.briefs.builders.data_edition`: "udgave 2026.1 af 26. november 2026"); a bare
    version ("2026.1+b040ce50") is printed as its edition without the date.

    The device is a QPdfWriter for a PDF, or the QPrinter of a print preview or a real printer,
    so paper and preview come from the same code. Returns the number of pages.
    """
    parts = _parts(device, html, page_size, landscape)
    count = sum(part.count for part in parts)
    date = danish_date(exported or dt.date.today())
    if not device.pageLayout().isEquivalentTo(parts[0].page_layout):
        device.setPageLayout(parts[0].page_layout)  # a print preview sets it beforehand
    painter = QPainter()
    if not painter.begin(device):
        raise WriteError("Kan ikke danne udskriften (Qt kunne ikke starte den).")
    done = 0
    try:
        for part in parts:
            for index in range(part.count):
                if cancelled is not None and cancelled():
                    raise ExportCancelled
                if done:
                    if not device.pageLayout().isEquivalentTo(part.page_layout):
                        device.setPageLayout(part.page_layout)  # for the new page (handbook)
                    device.newPage()
                top = index * part.page_height
                painter.save()
                painter.translate(part.frame.left(), part.frame.top() - top)
                part.doc.drawContents(painter,
                                      QRectF(0, top, part.frame.width(), part.page_height))
                painter.restore()
                done += 1
                _draw_furniture(painter, part, title=title, data_version=data_version,
                                exported=date, page=done, count=count)
                if progress is not None:
                    progress(done, count)
    finally:
        painter.end()
    return count


def write_pdf(html: Document, target: Path | str, *, title: str, data_version: str,
              page_size: str = "A4", landscape: bool = False, pdf_a: bool = False,
              progress: Progress | None = None, cancelled: Callable[[], bool] | None = None,
              exported: dt.date | None = None) -> Path:
    """Typeset ``html`` and save it as ``target``, all or nothing (raises WriteError,
    ExportCancelled)."""
    check_writable(target)
    data = render_pdf(html, title=title, data_version=data_version, page_size=page_size,
                      landscape=landscape, pdf_a=pdf_a, progress=progress, cancelled=cancelled,
                      exported=exported)
    return write_atomic(target, data)
