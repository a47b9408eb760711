"""The right-hand side of the Indsatser page: a card with its toolbar and the personal note.

Favourites and notes belong to the user, not to the evidence, so they live beside the card (in
the user store) rather than inside the rendered template.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QPlainTextEdit,
    QSplitter,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from evidens.user_store import UserStoreError

from .card_view import CardView
from .repository import Repository

NOTE_SAVE_DELAY_MS = 600


class CardPanel(QWidget):
    favouritesChanged = Signal()
    compareRequested = Signal(list)
    storeError = Signal(str)

    def __init__(self, repository: Repository, store, parent=None):
        super().__init__(parent)
        self._store = store
        self._note_card: str | None = None
        self.view = CardView(repository, self)

        self.toolbar = QToolBar(self)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.back_action = self.toolbar.addAction(self.tr("◀ Tilbage"), self.view.go_back)
        self.back_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Back))
        self.back_action.setToolTip(self.tr("Tilbage (Alt+Venstre)"))
        self.forward_action = self.toolbar.addAction(self.tr("Frem ▶"), self.view.go_forward)
        self.forward_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Forward))
        self.forward_action.setToolTip(self.tr("Frem (Alt+Højre)"))
        for action in (self.back_action, self.forward_action):
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.setEnabled(False)
        self.toolbar.addSeparator()
        self.favourite_button = QToolButton(self)
        self.favourite_button.setCheckable(True)
        self.favourite_button.setText(self.tr("☆ Favorit"))
        self.favourite_button.setToolTip(self.tr("Markér kortet som favorit (Ctrl+D)"))
        self.favourite_button.setShortcut(QKeySequence("Ctrl+D"))
        self.favourite_button.toggled.connect(self._on_favourite)
        self.favourite_button.setEnabled(False)
        self.toolbar.addWidget(self.favourite_button)
        self.compare_action = self.toolbar.addAction(self.tr("⇆ Sammenlign"), self._on_compare)
        self.compare_action.setToolTip(self.tr("Føj kortet til sammenligningen"))
        self.compare_action.setEnabled(False)

        self.note_label = QLabel(self.tr(
            "<b>Min note</b> – kun til dig. Skriv aldrig personoplysninger om borgere "
            "(navne, cpr-numre, sagsforhold)."), self)
        self.note_label.setWordWrap(True)
        self.note_edit = QPlainTextEdit(self)
        self.note_edit.setPlaceholderText(self.tr(
            "Fx erfaringer med indsatsen i jeres kommune, kontaktpersoner i forvaltningen …"))
        self.note_edit.setAccessibleName(self.tr("Min note til kortet"))
        self.note_edit.setEnabled(False)
        self._note_timer = QTimer(self, singleShot=True, interval=NOTE_SAVE_DELAY_MS)
        self._note_timer.timeout.connect(self.save_note)
        self.note_edit.textChanged.connect(self._note_timer.start)

        note_box = QWidget(self)
        note_layout = QVBoxLayout(note_box)
        note_layout.setContentsMargins(0, 4, 0, 0)
        note_layout.addWidget(self.note_label)
        note_layout.addWidget(self.note_edit)
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.addWidget(self.view)
        self.splitter.addWidget(note_box)
        self.splitter.setStretchFactor(0, 5)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([600, 110])

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.splitter)

        self.view.historyChanged.connect(self._on_history)
        self.view.navigated.connect(self._on_navigated)
        self.sync_read_only()

    def sync_read_only(self) -> None:
        """Say so beside the note when the store is read-only (it may fall back after start-up,
        see app/deferred_store.py)."""
        if self._store.read_only:
            self.note_label.setText(self.tr(
                "<b>Min note</b> – dine favoritter og noter kunne ikke åbnes, så de er "
                "skrivebeskyttede i denne session."))
            self.favourite_button.setEnabled(False)
            self.note_edit.setEnabled(False)

    def _on_history(self, can_back: bool, can_forward: bool) -> None:
        self.back_action.setEnabled(can_back)
        self.forward_action.setEnabled(can_forward)

    def _on_navigated(self, kind: str, target_id: str) -> None:
        self.save_note()  # for the card we are leaving
        is_card = kind == "intervention"
        self._note_card = target_id if is_card else None
        writable = is_card and not self._store.read_only
        self.favourite_button.blockSignals(True)
        self.favourite_button.setChecked(is_card and self._store.is_favourite(target_id))
        self._sync_favourite_text()
        self.favourite_button.blockSignals(False)
        self.favourite_button.setEnabled(writable)
        self.compare_action.setEnabled(is_card)
        self.note_edit.blockSignals(True)
        self.note_edit.setPlainText(self._store.note(target_id) if is_card else "")
        self.note_edit.blockSignals(False)
        self.note_edit.setEnabled(writable)

    def _on_compare(self) -> None:
        card = self._current_card()
        if card:
            self.compareRequested.emit([card])

    def _sync_favourite_text(self) -> None:
        checked = self.favourite_button.isChecked()
        self.favourite_button.setText(self.tr("★ Favorit") if checked else self.tr("☆ Favorit"))

    def _current_card(self) -> str | None:
        current = self.view.current
        return current[1] if current and current[0] == "intervention" else None

    def _on_favourite(self, checked: bool) -> None:
        card = self._current_card()
        self._sync_favourite_text()
        if card is None:
            return
        try:
            self._store.set_favourite(card, checked)
        except UserStoreError as exc:
            self.storeError.emit(str(exc))
            return
        self.favouritesChanged.emit()

    def save_note(self) -> None:
        """Save the note now (also called on navigation and on close, so nothing is lost)."""
        self._note_timer.stop()
        card = self._note_card  # the card whose note is in the editor
        if card is None or self._store.read_only:
            return
        text = self.note_edit.toPlainText()
        if text == self._store.note(card):
            return
        try:
            self._store.set_note(card, text)
        except UserStoreError as exc:
            self.storeError.emit(str(exc))
