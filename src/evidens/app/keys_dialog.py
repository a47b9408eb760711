"""Hjælp → Tastatur: every key the handbook answers to, in one list a screen reader can read.

Shortcuts are only useful when they can be found; the menus show those on actions, this dialog
also lists the keys that work inside lists, the matrix and the card.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout

from .rich_text import escape

KEYS = (
    ("Overalt", (
        ("Ctrl+1 … Ctrl+4", "Indsatser, Voksne, Unge, Sammenlign"),
        ("Tab / Shift+Tab", "Næste / forrige felt eller rude"),
        ("Alt+Venstre / Alt+Højre", "Tilbage / frem – også fra et kort tilbage til matrixcellen"),
        ("Ctrl+F", "Søg"),
        ("Ctrl+P", "Udskriv; Ctrl+Shift+P viser udskriften først"),
        ("Ctrl+Shift+S", "Gem det viste som PDF"),
        ("F9", "Skjul eller vis sidepanelet (kortet, cellen, listen i Sammenlign)"),
        ("F10 eller Alt", "Menulinjen"),
        ("F1", "Denne liste"),
    )),
    ("Indsatser", (
        ("Esc i søgefeltet", "Ryd søgningen"),
        ("Pil op / ned", "Flyt i listen; kortet vises med det samme"),
        ("Enter", "Gå til kortet"),
        ("Ctrl+D", "Favorit til og fra"),
        ("Ctrl+Shift+C", "Føj kortet (eller de markerede) til sammenligningen"),
        ("Ctrl+Shift+N", "Skriv i din note; noten gemmes af sig selv"),
        ("Tab i kortet", "Næste henvisning; Enter følger den"),
    )),
    ("Voksne og Unge", (
        ("Piletaster, Home, End, Page Up/Down", "Flyt mellem cellerne"),
        ("Shift+piletaster", "Markér flere celler (fx til en lokal indsats)"),
        ("Enter eller menutasten", "Vælg en indsats i cellen og åbn kortet"),
        ("Ctrl+C", "Kopiér de markerede celler som tekst"),
        ("Mellemrum i listen over risikofaktorer", "Sæt eller fjern kryds"),
    )),
    ("Sammenlign", (
        ("Enter eller mellemrum i listen", "Føj indsatsen til sammenligningen"),
        ("Delete i sammenligningen", "Fjern den valgte kolonne"),
    )),
)


class KeysDialog(QDialog):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Tastatur"))
        self.resize(560, 520)
        parts = []
        for heading, rows in KEYS:
            cells = "".join(f"<tr><th align='left'>{escape(k)}</th><td>{escape(v)}</td></tr>"
                            for k, v in rows)
            parts.append(f"<h2>{escape(heading)}</h2><table cellpadding='3'>{cells}</table>")
        self.browser = QTextBrowser(self)
        self.browser.setAccessibleName(self.tr("Tastaturgenveje"))
        self.browser.setHtml("".join(parts))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)
