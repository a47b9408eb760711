"""The card pane: the brief's own Jinja template shown in a QTextBrowser, with history.

Rendering the very template the PDF and HTML briefs use means screen and paper cannot drift apart.
Links inside a card use the ``evidens:`` scheme (``evidens:intervention/ips``,
``evidens:conclusion/star-unge-1``); the view navigates them itself and keeps a browser-like
Back/Forward history. Search hits are marked with extra selections, so the template stays free of
search logic.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QTextOption
from PySide6.QtWidgets import QTextBrowser

if TYPE_CHECKING:
    from PySide6.QtCore import QUrl

from .history import History, Place
from .repository import Repository

Target = tuple[str, str]  # ("intervention" | "conclusion", id)


class CardView(QTextBrowser):
    """Shows one card at a time; emits ``navigated`` whenever the shown card changes."""

    navigated = Signal(str, str)
    historyChanged = Signal(bool, bool)  # can go back, can go forward

    def __init__(self, repository: Repository, parent=None):
        super().__init__(parent)
        self._repo = repository
        self._current: Target | None = None
        self._title_size: float | None = None  # the heading's size as the template set it
        # Its own history until the main window hands it the app-wide one (set_history).
        self.history = History(self._where, self._restore, self)
        self.history.changed.connect(self.historyChanged)
        self._terms: tuple[str, ...] = ()
        # "Om kilderne" (notes, the sources' words, literature) is folded until asked for;
        # QTextBrowser has no <details>, so the link re-renders the card unfolded.
        self._sources_open = False
        # Asked before the shown card changes; False keeps the card (an unsaved note, see
        # CardPanel.may_leave).
        self.leave_guard = lambda: True
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.anchorClicked.connect(self._on_anchor)
        self.setAccessibleName(self.tr("Kort"))
        self.setPlaceholderText(self.tr("Vælg en indsats eller et redskab i listen."))
        self.setWordWrapMode(QTextOption.WrapMode.WordWrap)  # never "Evaluerings|design"

    # -- navigation ---------------------------------------------------------------------------
    @property
    def current(self) -> Target | None:
        return self._current

    def set_history(self, history: History) -> None:
        """Share the window's history, so Back can leave the card for a matrix cell."""
        self.history.changed.disconnect(self.historyChanged)
        self.history = history
        history.changed.connect(self.historyChanged)

    def _where(self) -> Place | None:
        return ("card", *self._current) if self._current else None

    def _restore(self, place: Place) -> bool:
        return place[0] == "card" and self.show_target(place[1], place[2], record=False)

    def show_target(self, kind: str, target_id: str, *, record: bool = True) -> bool:
        if self._current not in (None, (kind, target_id)) and not self.leave_guard():
            return False
        if (kind, target_id) != self._current:
            self._sources_open = False  # every card opens with its source notes folded
        html = self._render(kind, target_id)
        if html is None:
            return False
        if record and self._current != (kind, target_id):
            self.history.visit()
        self._current = (kind, target_id)
        self._set_card_html(html)
        self.navigated.emit(kind, target_id)
        return True

    def go_back(self) -> None:
        self.history.go_back()

    def go_forward(self) -> None:
        self.history.go_forward()

    def set_search_terms(self, terms: tuple[str, ...]) -> None:
        self._terms = terms
        self._mark_terms()

    def _on_anchor(self, url: QUrl) -> None:
        if url.scheme() == "evidens":
            kind, _, target = url.path().partition("/")
            if kind == "fold":
                self.toggle_sources()
            else:
                self.show_target(kind, target)
        elif url.hasFragment() and not url.path():
            self.scrollToAnchor(url.fragment())  # a headline number → its result

    @property
    def sources_open(self) -> bool:
        return self._sources_open

    def toggle_sources(self) -> None:
        """Unfold or fold "Om kilderne" on the shown card and keep it in view."""
        self._sources_open = not self._sources_open
        if self._current is None:
            return
        html = self._render(*self._current)
        if html is not None:
            self._set_card_html(html)
            self.scrollToAnchor(f"{self._current[1]}-om-kilderne")

    def mousePressEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if event.button() == Qt.MouseButton.BackButton:
            self.go_back()
        elif event.button() == Qt.MouseButton.ForwardButton:
            self.go_forward()
        else:
            super().mousePressEvent(event)

    # -- rendering ----------------------------------------------------------------------------
    def _render(self, kind: str, target_id: str) -> str | None:
        # Jinja and the templates come with the first card, not with the first frame.
        from evidens.briefs.templating import render

        data = self._repo.data_context
        if kind == "intervention":
            from evidens.briefs.card_context import card_variables  # after the first paint

            iv = self._repo.intervention(target_id)
            if iv is None:
                return None
            return render("card.html", title=iv.name, data=data, links="app",
                          **card_variables(iv, sources_open=self._sources_open))
        if kind == "conclusion":
            c = self._repo.conclusion(target_id)
            if c is None:
                return None
            ivs = [s for s in (self._repo.summary(i) for i in c.intervention_ids) if s]
            return render("conclusion.html", title=c.title, conclusion=c, interventions=ivs,
                          data=data, links="app")
        return None

    def _set_card_html(self, html: str) -> None:
        self._title_size = None  # no fitting while the new card is set (it may resize the view)
        self.setHtml(html)
        heading = self._heading()
        if heading is not None:  # its size as the template set it, before any fitting
            self._title_size = heading[1].charFormat().font().pointSizeF()
            self._fit_title()
        self._mark_terms()

    def _heading(self):
        """(block, cursor over its text) of the card's <h1>, or None."""
        from PySide6.QtGui import QTextCursor

        block = self.document().begin()
        while block.isValid() and block.blockFormat().headingLevel() != 1:
            block = block.next()
        if not block.isValid() or not block.text().split():
            return None
        cursor = QTextCursor(block)
        cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock, QTextCursor.MoveMode.KeepAnchor)
        return block, cursor

    def _fit_title(self) -> None:
        """Set the heading smaller when one of its words is wider than the pane.

        Lines break only between words here (WordWrap: never "Evaluerings|design"), so a name
        that is itself one long word, »Omsorgsarbeiderprosjektet« in a 368-pixel pane at 150 %,
        would make the whole card scroll sideways. Qt cannot hyphenate; a smaller heading (never
        below 60 % of its size) keeps the name whole and in view. Back to full size when the
        pane is wide enough again."""
        if not self._title_size or self._title_size <= 0 or (heading := self._heading()) is None:
            return  # no card (start-up), a card being set, a size in pixels, or no heading
        from PySide6.QtGui import QFontMetricsF, QTextFormat

        block, cursor = heading
        font = cursor.charFormat().font()
        shown = font.pointSizeF()
        font.setPointSizeF(self._title_size)
        widest = max(QFontMetricsF(font).horizontalAdvance(w) for w in block.text().split())
        room = self.viewport().width() - 2 * self.document().documentMargin() - 4
        size = self._title_size * min(1.0, max(room / widest, 0.6))
        if abs(size - shown) > 0.05:
            fmt = cursor.charFormat()  # the heading's one format (bold, colour, anchor)
            # Qt sizes an <h1> by its level (a size adjustment), which outranks a point size.
            fmt.clearProperty(QTextFormat.Property.FontSizeAdjustment)
            fmt.setFontPointSize(size)
            cursor.setCharFormat(fmt)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._fit_title()

    def _mark_terms(self) -> None:
        """Highlight words starting with a search term (what the search matched as a prefix)."""
        # Imported here, not at start-up: the first frame shows no card (docs/performance.md).
        from PySide6.QtCore import QRegularExpression
        from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor
        from PySide6.QtWidgets import QTextEdit

        from evidens.evidence.stemming import spelling_pattern

        options = (QRegularExpression.PatternOption.CaseInsensitiveOption
                   | QRegularExpression.PatternOption.UseUnicodePropertiesOption)
        selections = []
        fmt = QTextCharFormat()
        fmt.setBackground(QColor("#ffe58a"))
        fmt.setForeground(QColor("#1d1d1d"))
        doc = self.document()
        for term in self._terms:
            if len(term) < 2:
                continue
            # spelt with or without æ, ø, å, as the search matched it
            pattern = QRegularExpression(rf"\b{spelling_pattern(term)}\w*", options)
            cursor = QTextCursor(doc)
            while True:
                cursor = doc.find(pattern, cursor)
                if cursor.isNull():
                    break
                sel = QTextEdit.ExtraSelection()
                sel.cursor = cursor
                sel.format = fmt
                selections.append(sel)
        self.setExtraSelections(selections)

