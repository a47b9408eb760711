"""The main window: navigation, menus, status bar and remembered layout — nothing else.

Each page is its own widget with its own model; the window only arranges them, wires the menu
actions to them and remembers geometry, splitter sizes and the last page in QSettings.

Start-up order (docs/performance.md): geometry and splitter sizes are restored before the window
is shown, because the first frame needs them; the last page and the last card are restored only
after the first frame is on the screen (:class:`FirstPaint`), so a returning caseworker sees the
window as soon as a new one does and the card or matrix follows a moment later.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QListWidget,
    QMainWindow,
    QStackedWidget,
    QWidget,
)

from evidens import APP_NAME

from . import rich_text
from .deferred_store import DeferredUserStore
from .first_paint import FirstPaint
from .history import History, Place
from .interventions_page import InterventionsPage
from .page_layout import fit_to_screen, toggle_side
from .printing import PrintController
from .repository import Repository

MINIMUM_SIZE = (640, 420)


class MainWindow(QMainWindow):
    viewRestored = Signal()  # the last page and card are back (after the first paint)

    def __init__(self, repository: Repository, store, settings: QSettings,
                 store_message: str | None = None):
        super().__init__()
        self.repository = repository
        self.first_paint = FirstPaint(self)
        self.first_paint.finished.connect(self.restore_view)
        self.view_restored = False
        self._pending_view: tuple[int, str] | None = None
        self._settings = settings
        self.setWindowTitle(APP_NAME)
        # Small enough for 1366×768 at 150 % (910×512 device-independent pixels, less the
        # taskbar) and 1024×768 at 100 %; the pages' splitters give way below their default sizes.
        self.setMinimumSize(MINIMUM_SIZE[0], MINIMUM_SIZE[1])
        self.history = History(self._where, self._restore_place, self)

        self._store = store
        self.interventions_page = InterventionsPage(repository, store, self)
        self.interventions_page.compareRequested.connect(self.add_to_comparison)
        # The matrices and the comparator are built the first time they are needed, so the
        # window a caseworker waits for at start-up holds only the page she starts on.
        self._built: dict[str, QWidget] = {"interventions": self.interventions_page}
        self.page_keys = ["interventions", "adult", "youth", "compare"]
        labels = [self.tr("Indsatser"), self.tr("Voksne"), self.tr("Unge"),
                  self.tr("Sammenlign")]
        self.nav = QListWidget(self)
        self.nav.setAccessibleName(self.tr("Navigation"))
        self.nav.setAccessibleDescription(self.tr("Håndbogens sider; Ctrl+1 til Ctrl+4 skifter "
                                                  "side fra hvor som helst"))
        self.stack = QStackedWidget(self)
        for key, label in zip(self.page_keys, labels, strict=True):
            self.nav.addItem(label)
            self.stack.addWidget(self._built.get(key) or QWidget(self))
        self.page_labels = labels
        self.nav.currentRowChanged.connect(self._on_nav)
        self.nav.setFixedWidth(max(self.nav.sizeHintForColumn(0) + 16, 96))
        central = QWidget(self)
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self._build_menus()
        self.data_label = self.tr("Datagrundlag: {0}").format(repository.edition)
        self._page_hint: str | None = None  # the status bar's page hint, gone with the page
        self.statusBar().showMessage(self.data_label)
        self.interventions_page.statusMessage.connect(self._on_status)
        self.interventions_page.card.storeError.connect(self._show_store_error)
        self.interventions_page.card.statusMessage.connect(
            lambda message: self.statusBar().showMessage(message, 8000))
        self.interventions_page.card.view.set_history(self.history)
        self.focus_tracker = None  # the focus ring, made after the first paint (restore_view)
        self.instance_lock = None  # the per-user lock, taken after the first paint (app/main.py)
        if store_message:
            self.statusBar().showMessage(store_message)
        with self.history.suspended():
            self.restore_state()

    def _build_menus(self) -> None:
        page = self.interventions_page
        file_menu = self.menuBar().addMenu(self.tr("&Filer"))
        self.printing = PrintController(self)
        for action in (self.printing.print_action, self.printing.preview_action, None,
                       self.printing.pdf_action, self.printing.html_action,
                       self.printing.handbook_action, None, *self.printing.card_actions,
                       None):
            if action is None:
                file_menu.addSeparator()
            else:
                file_menu.addAction(action)
        quit_action = file_menu.addAction(self.tr("&Afslut"), self.close)
        quit_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Quit))
        quit_action.setMenuRole(QAction.MenuRole.QuitRole)

        edit_menu = self.menuBar().addMenu(self.tr("&Rediger"))
        copy_action = edit_menu.addAction(self.tr("&Kopiér"), self._copy)
        copy_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Copy))
        copy_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        find_action = edit_menu.addAction(self.tr("&Søg"), self.focus_search)
        find_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Find))
        edit_menu.addAction(self.tr("&Nulstil søgning og filtre"), page.reset)

        view_menu = self.menuBar().addMenu(self.tr("&Vis"))
        view_menu.addAction(page.card.back_action)
        view_menu.addAction(page.card.forward_action)
        side = view_menu.addAction(self.tr("Skjul eller vis &sidepanelet"), self.toggle_side)
        side.setShortcut(QKeySequence(Qt.Key.Key_F9))
        side.setToolTip(self.tr("Giv listen, matrixen eller sammenligningen hele bredden"))
        side.setStatusTip(side.toolTip())
        view_menu.addSeparator()
        for number, label in enumerate(self.page_labels, start=1):
            action = view_menu.addAction(label, lambda n=number: self.go_to_page(n - 1))
            action.setShortcut(QKeySequence(f"Ctrl+{number}"))

        card_menu = self.menuBar().addMenu(self.tr("&Kort"))
        card_menu.addAction(page.card.favourite_action)
        card_menu.addAction(page.card.compare_action)
        note_action = card_menu.addAction(self.tr("Skriv i &min note"), self.focus_note)
        note_action.setShortcut(QKeySequence("Ctrl+Shift+N"))

        help_menu = self.menuBar().addMenu(self.tr("&Hjælp"))
        keys = help_menu.addAction(self.tr("&Tastatur"), self.show_keys)
        keys.setShortcut(QKeySequence(QKeySequence.StandardKey.HelpContents))
        about = help_menu.addAction(self.tr("&Om Evidenshåndbogen"), self.show_about)
        about.setMenuRole(QAction.MenuRole.AboutRole)
        help_menu.addAction(self.tr("Om &datagrundlaget"), self.show_data_notes)

    def add_to_comparison(self, ids: list[str]) -> None:
        self.compare_page.add(ids)
        self.show_page(self.compare_page)

    def open_intervention(self, intervention_id: str) -> None:
        """Open a card from a link elsewhere (a matrix cell, a profile, the comparison): one
        step in the history, so Tilbage returns to where the link was."""
        self.history.visit()
        with self.history.suspended():
            self.show_page(self.interventions_page)
            self.interventions_page.open_card(intervention_id)
        view = self.interventions_page.card.view
        view.setFocus(Qt.FocusReason.OtherFocusReason)
        # From a cell's menu, Qt gives the focus back to the (now hidden) matrix when the menu
        # closes; take it to the card once the menu is gone.
        QTimer.singleShot(0, lambda: view.setFocus(Qt.FocusReason.OtherFocusReason))

    # -- history ----------------------------------------------------------------------------
    def _where(self) -> Place | None:
        page = self.stack.currentWidget()
        key = next((k for k, w in self._built.items() if w is page), None)
        if key == "interventions":
            current = page.card.view.current
            return ("card", *current) if current else None
        if key in ("adult", "youth"):
            cell = page.current_cell()
            return ("matrix", key, *cell) if cell else ("page", key)
        return ("page", key) if key else None

    def _restore_place(self, place: Place) -> bool:
        """Go back (or forward) to ``place``; False when the card refused to be left."""
        if place[0] == "card":
            self.show_page(self.interventions_page)
            return self.interventions_page.card.view.show_target(place[1], place[2],
                                                                 record=False)
        if not self.interventions_page.card.may_leave():
            return False
        page = self.page(place[1])
        self.show_page(page)
        if place[0] == "matrix":
            page.select_cell(place[2], place[3])
            page.view.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def current_card_id(self) -> str | None:
        """The intervention or tool open on the Indsatser page, for the card's two briefs."""
        return self.interventions_page.card.current_card()

    def current_brief(self):
        """What the current view would put on paper (see app/printing.py), or None."""
        page = self.stack.currentWidget()
        return page.current_brief() if hasattr(page, "current_brief") else None

    # -- pages ----------------------------------------------------------------------------------
    def page(self, key: str) -> QWidget:
        """The page for ``key``, built (and put in its place in the stack) on first use."""
        if key not in self._built:
            widget = self._create_page(key)
            index = self.page_keys.index(key)
            placeholder = self.stack.widget(index)
            self.stack.insertWidget(index, widget)
            self.stack.removeWidget(placeholder)
            placeholder.deleteLater()
            self._built[key] = widget
            self._restore_splitter(key, widget.splitter)
        return self._built[key]

    def _create_page(self, key: str) -> QWidget:
        if key == "compare":
            from .compare_page import ComparePage

            page = ComparePage(self.repository, self._store, self)
            page.message.connect(self.statusBar().showMessage)
            page.openIntervention.connect(self.open_intervention)
            return page
        from .matrix_page import MatrixPage

        group = "adult" if key == "adult" else "youth"
        page = MatrixPage(self.repository, group, self._store, self)
        page.openIntervention.connect(self.open_intervention)
        page.storeError.connect(self._show_store_error)
        page.statusMessage.connect(self._show_page_hint)
        return page

    @property
    def pages(self) -> list[tuple[str, QWidget]]:
        """Every page with its label, building those not built yet (the self-test draws all)."""
        return [(label, self.page(key))
                for key, label in zip(self.page_keys, self.page_labels, strict=True)]

    @property
    def adult_matrix(self):
        return self.page("adult")

    @property
    def youth_matrix(self):
        return self.page("youth")

    @property
    def compare_page(self):
        return self.page("compare")

    def _on_nav(self, row: int) -> None:
        if 0 <= row < len(self.page_keys):
            self.page(self.page_keys[row])
            if self.stack.currentIndex() != row:
                self.history.visit()
                if self.statusBar().currentMessage() == self._page_hint:
                    self.statusBar().showMessage(self.data_label)
            self.stack.setCurrentIndex(row)

    def _show_page_hint(self, message: str) -> None:
        """A hint about the page being looked at; it goes when the page does (see _on_nav)."""
        self._page_hint = message
        self.statusBar().showMessage(message, 10000)

    def go_to_page(self, row: int) -> None:
        """Ctrl+1..4: show the page and put the keyboard on its first control, so the next
        key press acts on the page just chosen."""
        self.nav.setCurrentRow(row)
        page = self.stack.currentWidget()
        if hasattr(page, "first_focus"):
            page.first_focus().setFocus(Qt.FocusReason.ShortcutFocusReason)

    def toggle_side(self) -> None:
        """F9: the current page's side pane (the card, the cell panel, the list to choose from
        in Sammenlign) shut or open."""
        page = self.stack.currentWidget()
        if hasattr(page, "splitter"):
            shown = toggle_side(page.splitter)
            self.statusBar().showMessage(self.tr("Sidepanelet vises.") if shown
                                         else self.tr("Sidepanelet er skjult – F9 viser det igen."),
                                         5000)

    def focus_note(self) -> None:
        self.show_page(self.interventions_page)
        note = self.interventions_page.card.note_edit
        if note.isEnabled():
            note.setFocus(Qt.FocusReason.ShortcutFocusReason)
        else:
            self.statusBar().showMessage(self.tr("Åbn et kort først."), 5000)

    def show_page(self, widget: QWidget) -> None:
        self.nav.setCurrentRow(self.stack.indexOf(widget))

    def focus_search(self) -> None:
        self.show_page(self.interventions_page)
        self.interventions_page.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.interventions_page.search_edit.selectAll()

    def _copy(self) -> None:
        focus = QApplication.focusWidget()
        if hasattr(focus, "copy"):
            focus.copy()

    def show_about(self) -> None:
        from .about_dialog import AboutDialog  # not needed for the first frame

        AboutDialog(self.repository, self).exec()

    def show_data_notes(self) -> None:
        from .data_notes_dialog import DataNotesDialog

        DataNotesDialog(self.repository, self).exec()

    def show_keys(self) -> None:
        from .keys_dialog import KeysDialog

        KeysDialog(self).exec()

    def add_notice(self, text: str) -> None:
        """Put ``text`` in the status bar before what it says now (a warning already there, such
        as a read-only user store, stays readable); the data line is replaced."""
        current = self.statusBar().currentMessage()
        keep = "" if current in ("", self.data_label) else current
        self.statusBar().showMessage(" ".join(filter(None, [text, keep])))

    def _on_status(self, message: str) -> None:
        self.statusBar().showMessage(message or self.data_label)

    def _show_store_error(self, message: str) -> None:
        from PySide6.QtWidgets import QMessageBox  # only when it is needed, not at start-up

        QMessageBox.warning(self, APP_NAME, rich_text.message(message))

    # -- remembered state ---------------------------------------------------------------------
    def restore_state(self) -> None:
        """Geometry and splitters now; the last page and card wait for the first paint.

        The remembered page is marked in the navigation at once, with its (empty) placeholder
        showing, so the first frame does not show a page the caseworker did not leave open.
        """
        s = self._settings
        geometry = s.value("window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 720)
        fit_to_screen(self)
        for key, splitter in self._splitters().items():
            self._restore_splitter(key, splitter)
        try:
            row = min(max(int(s.value("view/page", 0)), 0), len(self.page_keys) - 1)
        except (TypeError, ValueError):
            row = 0
        last = s.value("view/card")
        self._pending_view = (row, last if isinstance(last, str) else "")
        self.nav.blockSignals(True)
        self.nav.setCurrentRow(row)
        self.nav.blockSignals(False)
        self.stack.setCurrentIndex(row)

    def restore_view(self) -> None:
        """Open the user store, the last card and the last page (once the first frame is on
        the screen)."""
        self._finish_opening_store()
        if self.focus_tracker is None:
            from .focus_ring import FocusTracker  # not needed for the first frame

            self.focus_tracker = FocusTracker(self)
            self.focus_tracker.follow(QApplication.focusWidget())
        if self._pending_view is not None:
            row, card = self._pending_view
            self._pending_view = None
            with self.history.suspended():  # where the user left off is no step to go back to
                if card:
                    self.interventions_page.open_card(card)
                self._on_nav(row)
        self.view_restored = True
        self.viewRestored.emit()

    def _finish_opening_store(self) -> None:
        """The store's first write, deferred from start-up; say so if it fell back."""
        if not isinstance(self._store, DeferredUserStore):
            return  # opened (or fallen back, and said so) before the window
        message = self._store.finish_opening()  # may already be open: a note was read
        if message:
            self.statusBar().showMessage(message)
        if self._store.read_only:  # the ★ column and the note pane follow the fallback
            self.interventions_page.model.set_favourites(set(self._store.favourites()))
            self.interventions_page.card.sync_read_only()

    def _restore_splitter(self, key: str, splitter) -> None:
        state = self._settings.value(f"splitters/{key}")
        if isinstance(state, QByteArray) and not state.isEmpty():
            splitter.restoreState(state)

    def save_state(self) -> None:
        s = self._settings
        s.setValue("window/geometry", self.saveGeometry())
        for key, splitter in self._splitters().items():
            s.setValue(f"splitters/{key}", splitter.saveState())
        if self._pending_view is not None:  # closed before the view was restored: keep it
            row, card = self._pending_view
        else:
            row, card = self.nav.currentRow(), self.current_card_id() or ""
        s.setValue("view/page", row)
        s.setValue("view/card", card)
        s.sync()

    def _splitters(self):
        """The splitters of the pages built so far (the others keep their saved state)."""
        page = self.interventions_page
        out = {"interventions": page.splitter, "card": page.card.splitter}
        out.update({key: p.splitter for key, p in self._built.items() if key != "interventions"})
        return out

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        if self.printing.is_busy():
            self.statusBar().showMessage(self.tr("Vent, til eksporten af håndbogen er færdig, "
                                                 "eller annullér den."), 5000)
            event.ignore()
            return
        if not self.interventions_page.card.may_leave():  # an unsaved note: asked, and stayed
            event.ignore()
            return
        self.save_state()
        super().closeEvent(event)
