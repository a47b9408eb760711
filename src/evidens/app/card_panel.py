"""The right-hand side of the Indsatser page: a card with its toolbar and the personal note.

Favourites and notes belong to the user, not to the evidence, so they live beside the card (in
the user store) rather than inside the rendered template.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTime, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QPlainTextEdit,
    QSplitter,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from evidens.user_store import UserStoreError

from .accessibility import announce
from .card_view import CardView
from .repository import Repository

NOTE_SAVE_DELAY_MS = 600
COMPARE_SHORTCUT = "Ctrl+Shift+C"


class CardPanel(QWidget):
    favouritesChanged = Signal()
    compareRequested = Signal(list)
    storeError = Signal(str)
    statusMessage = Signal(str)

    def __init__(self, repository: Repository, store, parent=None):
        super().__init__(parent)
        self._store = store
        self._repository = repository
        self._note_card: str | None = None
        self.view = CardView(repository, self)

        self.toolbar = QToolBar(self)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toolbar.setAccessibleName(self.tr("Kortets knapper"))
        self.back_action = self.toolbar.addAction(self.tr("◀ Tilbage"), self.view.go_back)
        self.back_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Back))
        self.back_action.setToolTip(self.tr("Tilbage til det forrige sted (Alt+Venstre)"))
        self.forward_action = self.toolbar.addAction(self.tr("Frem ▶"), self.view.go_forward)
        self.forward_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Forward))
        self.forward_action.setToolTip(self.tr("Frem igen (Alt+Højre)"))
        for action in (self.back_action, self.forward_action):
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.setEnabled(False)
        self.toolbar.addSeparator()
        # Shortcuts live on actions (also in the Kort menu), never on a button's text: changing
        # ☆ to ★ on a button would wipe a shortcut set on the button.
        self.favourite_action = QAction(self.tr("☆ Favorit"), self)
        self.favourite_action.setCheckable(True)
        self.favourite_action.setShortcut(QKeySequence("Ctrl+D"))
        self.favourite_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.favourite_action.setToolTip(self.tr("Markér kortet som favorit (Ctrl+D)"))
        self.favourite_action.toggled.connect(self._on_favourite)
        self.favourite_action.setEnabled(False)
        self.toolbar.addAction(self.favourite_action)
        self.favourite_button = self.toolbar.widgetForAction(self.favourite_action)
        self.compare_action = QAction(self.tr("⇆ Føj til sammenligning"), self)
        self.compare_action.setShortcut(QKeySequence(COMPARE_SHORTCUT))
        self.compare_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.compare_action.setToolTip(self.tr("Føj kortet til sammenligningen ({0})").format(
            QKeySequence(COMPARE_SHORTCUT).toString(QKeySequence.SequenceFormat.NativeText)))
        self.compare_action.triggered.connect(self._on_compare)
        self.compare_action.setEnabled(False)
        self.toolbar.addAction(self.compare_action)
        for action in (self.back_action, self.forward_action, self.favourite_action,
                       self.compare_action):
            button = self.toolbar.widgetForAction(action)
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # toolbars give theirs none
            button.setAccessibleName(action.text().strip("◀▶☆★⇆ "))
            button.setAccessibleDescription(action.toolTip())

        self.note_label = QLabel(self.tr(
            "<b>Min note</b> – kun til dig. Skriv aldrig personoplysninger om borgere "
            "(navne, cpr-numre, sagsforhold)."), self)
        self.note_label.setWordWrap(True)
        self.note_edit = QPlainTextEdit(self)
        self.note_edit.setPlaceholderText(self.tr(
            "Fx erfaringer med indsatsen i jeres kommune, kontaktpersoner i forvaltningen …"))
        self.note_edit.setAccessibleName(self.tr("Min note til kortet"))
        self.note_edit.setTabChangesFocus(True)  # Tab leaves the note instead of typing a tab
        self.note_edit.setEnabled(False)
        self.note_label.setBuddy(self.note_edit)
        self.note_status = QLabel(self)
        self.note_status.setAccessibleName(self.tr("Notens status"))
        self.note_status.setStyleSheet("color: #3d4a55;")
        self._note_timer = QTimer(self, singleShot=True, interval=NOTE_SAVE_DELAY_MS)
        self._note_timer.timeout.connect(self.save_note)
        self.note_edit.textChanged.connect(self._note_timer.start)

        note_box = QWidget(self)
        note_layout = QVBoxLayout(note_box)
        note_layout.setContentsMargins(0, 4, 0, 0)
        note_layout.addWidget(self.note_label)
        note_layout.addWidget(self.note_edit)
        note_layout.addWidget(self.note_status)
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
            self.favourite_action.setEnabled(False)
            self.note_edit.setEnabled(False)

    def focus_chain(self) -> list[QWidget]:
        """The panel's controls in Tab order: toolbar, card, note."""
        buttons = [self.toolbar.widgetForAction(a) for a in (
            self.back_action, self.forward_action, self.favourite_action, self.compare_action)]
        return [*buttons, self.view, self.note_edit]

    def _on_history(self, can_back: bool, can_forward: bool) -> None:
        self.back_action.setEnabled(can_back)
        self.forward_action.setEnabled(can_forward)

    def _on_navigated(self, kind: str, target_id: str) -> None:
        self.save_note()  # for the card we are leaving
        is_card = kind == "intervention"
        self._note_card = target_id if is_card else None
        writable = is_card and not self._store.read_only
        self.favourite_action.blockSignals(True)
        self.favourite_action.setChecked(is_card and self._store.is_favourite(target_id))
        self._sync_favourite_text()
        self.favourite_action.blockSignals(False)
        self.favourite_action.setEnabled(writable)
        self.note_status.clear()
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
        checked = self.favourite_action.isChecked()
        self.favourite_action.setText(self.tr("★ Favorit") if checked else self.tr("☆ Favorit"))
        self.favourite_button.setAccessibleDescription(
            self.tr("Kortet er en favorit") if checked else self.tr("Kortet er ikke en favorit"))

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
        name = self._card_name(card)
        self.announce(self.tr("{0} er gemt som favorit.").format(name) if checked
                      else self.tr("{0} er ikke længere favorit.").format(name),
                      self.favourite_button)

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
            return
        if card == self._note_card:
            saved = self.tr("Noten er gemt kl. {0}.").format(
                QTime.currentTime().toString("HH.mm"))
            self.note_status.setText(saved)
            self.announce(saved, self.note_edit)

    def _card_name(self, card: str) -> str:
        summary = self._repository.summary(card)
        return summary.name if summary else card

    def announce(self, message: str, widget: QWidget) -> None:
        """Say a state change aloud (screen reader) and in the status bar."""
        announce(widget, message)
        self.statusMessage.emit(message)
