"""The start-up floor: the app's first screen built in plain PySide6, with no evidens code.

    python -m benchmarks.same_widgets [--exit-after-startup] [--with-data]

The same widget tree as ``evidens gui`` shows a new user: the menu bar (Filer, Rediger, Vis,
Kort, Hjælp with their actions and shortcuts), the navigation list, a stack of four pages, the
Indsatser page (search field, five labelled filter combos with their items and the risk-factor
button with its menu of 30 check items, check box, button, a sortable table of 33 rows and seven
columns through a sort/filter proxy, the empty-state label, the order line, the count label)
beside the card pane (tool bar, text browser, note label and editor in a splitter) and the
status bar, at the same size, with the same window icon. Keep it in step with the app's first
screen (compare screenshots of both). What it leaves out is exactly what the handbook does
on top: its own modules, the database, the user store, settings and translations.

``bench_startup`` runs it between the bare window and the app: the app's first paint may cost
at most 1.2× this script's (issue 15). ``--exit-after-startup`` prints
``first-paint <time.perf_counter_ns()>`` and ``first-paint-cpu <time.process_time_ns()>`` once
the first frame is painted and flushed, detected as in ``evidens.app.first_paint`` (copied:
without ``--with-data`` this script loads no evidens code).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QObject,
    QSortFilterProxyModel,
    Qt,
    QTimer,
)
from PySide6.QtGui import QAction, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QMainWindow,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTextBrowser,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

# From the repository, or from the frozen copy (build/bare/same_widgets.spec puts it there).
ICON = Path(getattr(sys, "_MEIPASS", Path(__file__).resolve().parents[1])) / "resources" / \
    "icons" / "evidens.png"
NAMES = [
    "Arbeid i Sikte", "Boligsocial job- og uddannelsesvejledning", "Brobygningsforløb",
    "Erhvervsklasser", "Exit Prostitution", "Fremskudt beskæftigelsesindsats", "Gældsrådgivning",
    "High:five", "Housing First", "I-Fokus", "Indsats i Udkanten", "Intensive læringsforløb",
    "Individual Placement and Support (IPS)",
    "KVIK – Koordineret Virksomhedsrettet Indsats for Kontanthjælpsmodtagere i matchgruppe 2 og 3",
    "KVIS – Koordineret Virksomhedsrettet Indsats for Sygedagpengemodtagere kategori 2",
    "Mening og Mestring", "Mentorordninger", "Mentorstøtte", "NExTWORK", "Økonomiske sanktioner",
    "Omsorgsarbeiderprosjektet", "Op På Hesten",
    "Satspuljeprojektet Unge med psykiske vanskeligheder – overgang fra barn til voksen",
    "Psykologisk støtte på ungdomsuddannelser",
    "Samarbejdsmodel for øget samarbejde mellem kommuner og væresteder",
    "Screenings- og udredningsmodel til borgere med psykiske lidelser og samtidigt misbrug",
    "Team Succes", "U-turn", "Unge Coach", "Unge godt i gang",
    "Ungeindsats for unge sindslidende med misbrug", "Virksomhedsrettede indsatser",
    "Virksomhedsrettet aktivering (herunder løntilskud)",
]
GROUPS, KINDS = ["Voksne", "Unge"], ["Indsats", "Redskab"]
EVIDENCE, STATUS = ["◆ Effekt", "◇ Indikationer"], ["Aktiv (2018)", "Afsluttet (2016)"]
STRENGTH = ["▲ RCT", "◐ kvasi", "· før-efter", "▲ review"]
HEADERS = ["", "Navn", "Evidens", "Styrke", "Målgruppe", "Type", "Status"]
RISK_FACTORS = [f"Risikofaktor nummer {i + 1}" for i in range(30)]
LEVELS = ["Individniveau", "Relationelt niveau", "Institutionelt niveau", "Strukturelt niveau"]


class Table(QAbstractTableModel):
    def rowCount(self, parent=QModelIndex()):  # noqa: B008, N802
        return 0 if parent.isValid() else len(NAMES)

    def columnCount(self, parent=QModelIndex()):  # noqa: B008, N802
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole or not index.isValid():
            return None
        row, col = index.row(), index.column()
        return ["", NAMES[row], EVIDENCE[row % 2], STRENGTH[row % 4], GROUPS[row % 2],
                KINDS[row % 3 == 0], STATUS[row % 2]][col]


def combo(parent: QWidget, items: list[str]) -> QComboBox:
    box = QComboBox(parent)
    for item in items:
        box.addItem(item, item)
    return box


def risk_factor_button(page: QWidget) -> QToolButton:
    """The multi-select risk-factor filter: a button with a menu of check items per group."""
    button = QToolButton(page)
    menu = QMenu(button)
    button.setMenu(menu)
    button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
    button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
    every = menu.addAction("Alle risikofaktorer")
    every.setCheckable(True)
    every.setChecked(True)
    for group in GROUPS:
        menu.addSection(group)
        for name in RISK_FACTORS[:15]:
            action = QAction(name, menu)
            action.setCheckable(True)
            menu.addAction(action)
    button.setText("Alle")
    return button


def list_pane(page: QWidget) -> QWidget:
    search = QLineEdit(page)
    search.setPlaceholderText("Søg i indsatser, redskaber, barrierer og konklusioner (Ctrl+F)")
    search.setClearButtonEnabled(True)
    filters = QGridLayout()
    filters.setContentsMargins(0, 0, 0, 0)
    filters.setVerticalSpacing(1)
    labelled = [("&Målgruppe", combo(page, ["Alle", *GROUPS])),
                ("&Type", combo(page, ["Indsatser og redskaber", "Kun indsatser",
                                       "Kun redskaber"])),
                ("&Evidens", combo(page, ["Alle", "Evidens for effekt",
                                          "Positive indikationer"])),
                ("&Status", combo(page, ["Alle", "Aktiv", "Afsluttet", "Ukendt"])),
                ("&Niveau", combo(page, ["Alle", *LEVELS])),
                ("&Risikofaktorer", risk_factor_button(page))]
    for i, (text, widget) in enumerate(labelled):
        label = QLabel(text, page)
        label.setBuddy(widget)
        row, col = divmod(i, 3)
        filters.addWidget(label, 2 * row, col)
        filters.addWidget(widget, 2 * row + 1, col)
        filters.setColumnStretch(col, 1)

    model, proxy = Table(page), QSortFilterProxyModel(page)
    proxy.setSourceModel(model)
    table = QTableView(page)
    table.setModel(proxy)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
    table.setSortingEnabled(True)
    table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
    table.verticalHeader().hide()
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 10)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(True)
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Fixed)
    metrics = table.fontMetrics()
    table.setColumnWidth(0, metrics.horizontalAdvance("★") + 14)
    for col, labels in {2: EVIDENCE, 3: STRENGTH, 4: GROUPS, 5: KINDS, 6: STATUS}.items():
        table.setColumnWidth(col, max(metrics.horizontalAdvance(t) for t in labels) + 24)
    table.setColumnWidth(1, metrics.horizontalAdvance("Individual Placement and Sup"))
    empty = QLabel("<p><b>Ingen indsatser eller redskaber matcher.</b></p>", page)
    empty.setWordWrap(True)
    stack = QStackedWidget(page)
    stack.addWidget(table)
    stack.addWidget(empty)
    bottom = QHBoxLayout()
    bottom.addWidget(QLabel(f"{len(NAMES)} indsatser og redskaber", page), 1)
    bottom.addWidget(QCheckBox("Kun favoritter", page))
    bottom.addWidget(QPushButton("Nulstil", page))

    left = QWidget(page)
    layout = QVBoxLayout(left)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(search)
    layout.addLayout(filters)
    layout.addWidget(stack, 1)
    order = QLabel("Voksne før unge, indsatser før redskaber, evidens for effekt først. Klik på "
                   "Styrke for stærkeste fund først.", page)
    order.setWordWrap(True)
    order.setStyleSheet("color: #4a5560;")
    layout.addWidget(order)
    layout.addLayout(bottom)
    return left


def card_pane(page: QWidget) -> QWidget:
    pane = QWidget(page)
    view = QTextBrowser(pane)
    view.setPlaceholderText("Vælg en indsats eller et redskab i listen.")
    toolbar = QToolBar(pane)
    toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    for text in ("◀ Tilbage", "Frem ▶"):
        toolbar.addAction(text).setEnabled(False)
    toolbar.addSeparator()
    favourite = QToolButton(pane)
    favourite.setCheckable(True)
    favourite.setText("☆ Favorit")
    favourite.setEnabled(False)
    toolbar.addWidget(favourite)
    toolbar.addAction("⇆ Føj til sammenligning").setEnabled(False)
    note_label = QLabel("<b>Min note</b> – kun til dig. Skriv aldrig personoplysninger om "
                        "borgere (navne, cpr-numre, sagsforhold).", pane)
    note_label.setWordWrap(True)
    note = QPlainTextEdit(pane)
    note.setPlaceholderText("Fx erfaringer med indsatsen i jeres kommune …")
    note.setEnabled(False)
    note_box = QWidget(pane)
    note_layout = QVBoxLayout(note_box)
    note_layout.setContentsMargins(0, 4, 0, 0)
    note_layout.addWidget(note_label)
    note_layout.addWidget(note)
    splitter = QSplitter(Qt.Orientation.Vertical, pane)
    splitter.addWidget(view)
    splitter.addWidget(note_box)
    splitter.setStretchFactor(0, 5)
    splitter.setStretchFactor(1, 1)
    splitter.setChildrenCollapsible(False)
    splitter.setSizes([600, 110])
    layout = QVBoxLayout(pane)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(toolbar)
    layout.addWidget(splitter)
    return pane


def interventions_page(parent: QWidget) -> QWidget:
    page = QWidget(parent)
    splitter = QSplitter(Qt.Orientation.Horizontal, page)
    splitter.addWidget(list_pane(page))
    splitter.addWidget(card_pane(page))
    splitter.setStretchFactor(0, 2)
    splitter.setStretchFactor(1, 3)
    splitter.setSizes([620, 740])
    splitter.setChildrenCollapsible(False)
    layout = QVBoxLayout(page)
    layout.setContentsMargins(6, 6, 6, 6)
    layout.addWidget(splitter)
    return page


def menus(window: QMainWindow) -> None:
    bar = window.menuBar()
    file_menu = bar.addMenu("&Filer")
    for text, keys in (("&Udskriv …", QKeySequence.StandardKey.Print),
                       ("Vis udskrift …", None), (None, None), ("Gem som PDF …", None),
                       ("Gem som HTML …", None), ("Eksportér hele håndbogen …", None),
                       (None, None), ("&Afslut", QKeySequence.StandardKey.Quit)):
        if text is None:
            file_menu.addSeparator()
            continue
        action = file_menu.addAction(text)
        if keys is not None:
            action.setShortcut(QKeySequence(keys))
    edit_menu = bar.addMenu("&Rediger")
    edit_menu.addAction("&Kopiér").setShortcut(QKeySequence(QKeySequence.StandardKey.Copy))
    edit_menu.addAction("&Søg").setShortcut(QKeySequence(QKeySequence.StandardKey.Find))
    edit_menu.addAction("&Nulstil søgning og filtre")
    view_menu = bar.addMenu("&Vis")
    view_menu.addAction("◀ Tilbage").setShortcut(QKeySequence(QKeySequence.StandardKey.Back))
    view_menu.addAction("Frem ▶").setShortcut(QKeySequence(QKeySequence.StandardKey.Forward))
    view_menu.addAction("Skjul eller vis &sidepanelet").setShortcut(QKeySequence(Qt.Key.Key_F9))
    view_menu.addSeparator()
    for number, label in enumerate(("Indsatser", "Voksne", "Unge", "Sammenlign"), start=1):
        view_menu.addAction(label).setShortcut(QKeySequence(f"Ctrl+{number}"))
    card_menu = bar.addMenu("&Kort")
    card_menu.addAction("☆ Favorit").setShortcut(QKeySequence("Ctrl+D"))
    card_menu.addAction("⇆ Føj til sammenligning")
    card_menu.addAction("Skriv i &min note").setShortcut(QKeySequence("Ctrl+Shift+N"))
    help_menu = bar.addMenu("&Hjælp")
    help_menu.addAction("&Tastatur").setShortcut(
        QKeySequence(QKeySequence.StandardKey.HelpContents))
    help_menu.addAction("&Om Evidenshåndbogen").setMenuRole(QAction.MenuRole.AboutRole)


def build_window() -> QMainWindow:
    window = QMainWindow()
    window.setWindowTitle("Evidenshåndbogen")
    window.setMinimumSize(900, 560)
    nav = QListWidget(window)
    stack = QStackedWidget(window)
    stack.addWidget(interventions_page(window))
    for label in ("Indsatser", "Voksne", "Unge", "Sammenlign"):
        nav.addItem(label)
    for _ in range(3):
        stack.addWidget(QWidget(window))
    nav.setCurrentRow(0)
    nav.setFixedWidth(max(nav.sizeHintForColumn(0) + 16, 96))
    central = QWidget(window)
    layout = QHBoxLayout(central)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(0)
    layout.addWidget(nav)
    layout.addWidget(stack, 1)
    window.setCentralWidget(central)
    menus(window)
    window.statusBar().showMessage("Datagrundlag: version 2026.1, bygget 1. januar 2026")
    window.resize(1280, 720)
    return window


class ExitAfterFirstPaint(QObject):
    def eventFilter(self, watched, event):  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, lambda: self.finish(watched))
        return False

    def finish(self, window: QMainWindow) -> None:
        if sys.stdout is not None:
            print(f"first-paint {time.perf_counter_ns()}", flush=True)
            print(f"first-paint-cpu {time.process_time_ns()}", flush=True)
        window.close()
        QApplication.quit()


def load_data() -> str:
    """``--with-data``: before building the window, the work the house style makes the first
    screen do below Qt and nothing more, through the app's own Qt-free doors to it (so the
    yardstick cannot drift from the app): open the bundled database with its checks (sha256
    against the manifest, schema) and read the list (``Repository``), the levels, the risk
    factors and the data edition, and read a new user's favourites without writing
    (``open_user_store``). The window still shows its own rows. ``bench_startup`` runs this as a
    fourth yardstick, so the start-up figures show how much of the app's lead over the plain
    widgets is the evidence layer and how much its own Qt code. Imported only with the flag:
    the plain run loads no evidens code."""
    from evidens.app.deferred_store import open_user_store
    from evidens.app.repository import Repository
    from evidens.evidence.database import open_database

    repository = Repository(open_database(None))
    repository.levels()
    repository.risk_factors()
    open_user_store(Path.home() / "brugerdata-findes-ikke.sqlite")
    return repository.edition  # the status bar's data line


def main() -> int:
    app = QApplication(sys.argv[:1])
    app.setWindowIcon(QIcon(str(ICON)))
    if "--with-data" in sys.argv[1:]:
        load_data()
    window = build_window()
    if "--exit-after-startup" in sys.argv[1:]:
        watcher = ExitAfterFirstPaint(window)
        window.installEventFilter(watcher)
    window.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
