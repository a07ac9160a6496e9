"""The console's keys on one sheet (F1 or ?): every key the chair can use, by where it
works. The list is the one the console binds (window.py, grid.py, rollcall.py)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from dvmeet.i18n import _


def console_keys() -> list[tuple[str, list[tuple[str, str]]]]:
    """(where, [(key, what it does)]) in the order the sheet shows them."""
    return [
        (
            _("Overalt i konsollen"),
            [
                ("F1 / ?", _("denne lista")),
                ("Ctrl+1 / Ctrl+2", _("opprop og frammøte / saka og røysting")),
                ("Ctrl+PgDn / Ctrl+PgUp", _("neste / førre sak")),
                ("G", _("til røystegridet, på første rad utan røyst")),
                ("Ctrl+Enter", _("registrer røystinga, og vedtaket når saka er ferdig røysta")),
                ("Ctrl+S", _("lagre vedtaket")),
                ("B / Ctrl+B", _("svart projektor av og på")),
                ("Tab / Shift+Tab", _("neste / førre felt")),
            ],
        ),
        (
            _("Opprop og frammøte"),
            [
                (
                    _("bokstavar"),
                    _(
                        "hopp til namnet som byrjar slik (førenamn eller etternamn); "
                        "G fyrst går til røystegridet når møtet er i gang"
                    ),
                ),
                ("Alt+T", _("til stades")),
                ("Alt+A", _("alle til stades (dei som ikkje er registrerte)")),
                ("Alt+F", _("forfall")),
                ("Alt+V", _("kall inn vara")),
                ("Alt+K / Alt+G", _("kom / gjekk (under møtet)")),
            ],
        ),
        (
            _("Røystegridet"),
            [
                ("F / M", _("for / mot, og vidare til neste rad")),
                ("A", _("alle andre for (dei utan røyst)")),
                ("Shift+A", _("alle andre mot (dei utan røyst)")),
                ("/", _("hopp til namn: skriv dei første bokstavane, Enter eller Esc sluttar")),
                ("1–9 / B", _("kandidat / blank (val)")),
                ("Del", _("tøm røysta på rada")),
                (_("piltastar / Enter"), _("flytt mellom radene")),
                ("Home / End", _("første / siste rad")),
            ],
        ),
        (
            _("Talarliste"),
            [
                ("Ctrl+3", _("til talarlista, i namnefeltet")),
                (
                    _("bokstavar / siffer"),
                    _("finn medlemen på namn, kommune eller kommunenummer; ↑/↓ vel"),
                ),
                ("Enter / Alt+I", _("innlegg")),
                ("R / Alt+R", _("replikk til innlegget som har ordet")),
                ("N / Alt+N", _("neste talar får ordet")),
                ("S / Alt+S", _("stopp talaren")),
                ("Alt+↑ / Alt+↓", _("flytt talaren i lista")),
                ("Del", _("ta talaren av lista")),
            ],
        ),
    ]


class KeySheet(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("console_key_sheet")
        self.setWindowTitle(_("Tastane i møtekonsollen"))
        table = QTableWidget(0, 2)
        table.setObjectName("key_table")
        table.setHorizontalHeaderLabels([_("Tast"), _("Gjer")])
        table.verticalHeader().hide()
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        table.setWordWrap(True)
        for where, keys in console_keys():
            row = table.rowCount()
            table.insertRow(row)
            heading = QTableWidgetItem(where)
            font = heading.font()
            font.setBold(True)
            heading.setFont(font)
            table.setItem(row, 0, heading)
            table.setSpan(row, 0, 1, 2)
            for key, what in keys:
                row = table.rowCount()
                table.insertRow(row)
                table.setItem(row, 0, QTableWidgetItem(key))
                table.setItem(row, 1, QTableWidgetItem(what))
        header = table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        table.resizeRowsToContents()
        self.table = table
        table.setSelectionMode(QTableWidget.SelectionMode.NoSelection)
        buttons = QDialogButtonBox()
        close = buttons.addButton(_("Lukk"), QDialogButtonBox.ButtonRole.RejectRole)
        close.setObjectName("key_sheet_close")
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(table)
        layout.addWidget(buttons)
        self.resize(720, 620)
        table.setFocus(Qt.FocusReason.OtherFocusReason)
