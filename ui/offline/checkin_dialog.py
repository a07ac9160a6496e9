"""What a checkin will bring in, and the conflicts: per item «Behald heime» or «Bruk fila».

The dialog shows `offline.preview_checkin`'s lines; when the meeting was changed at home
after the checkout, a table lists each change with the value at checkout, at home and in
the file, and a choice per row. «Hent inn» is enabled when every row has a choice."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from dvmeet.i18n import _
from dvmeet.services.offline.models import CheckinPreviewOut, Side


class CheckinDialog(QDialog):
    def __init__(self, preview: CheckinPreviewOut, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.preview = preview
        self.setWindowTitle(_("Hent inn møtet"))
        self.setObjectName("checkin_dialog")
        self.groups: dict[str, QButtonGroup] = {}
        layout = QVBoxLayout(self)
        f = preview.file
        heading = QLabel(
            _("{title}, {date}: teke med ut av {who} {when}.").format(
                title=preview.meeting_title or _("Møtet"),
                date=f.meeting_date.strftime("%d.%m.%Y"),
                who=f.taken_by,
                when=f.taken_at.strftime("%d.%m.%Y %H:%M"),
            )
        )
        heading.setWordWrap(True)
        font = heading.font()
        font.setBold(True)
        heading.setFont(font)
        layout.addWidget(heading)
        intro = QLabel(_("Dette blir henta inn frå møtefila, alt på ein gong:"))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        lines = QLabel("\n".join(f"•  {line}" for line in preview.lines))
        lines.setObjectName("checkin_lines")
        lines.setWordWrap(True)
        layout.addWidget(lines)
        self.table: QTableWidget | None = None
        if preview.conflicts:
            layout.addWidget(self._conflicts(), 1)
        else:
            layout.addStretch(1)
        self.buttons = QDialogButtonBox()
        self.ok = QPushButton(_("Hent inn"))
        self.ok.setObjectName("checkin_ok")
        self.buttons.addButton(self.ok, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(_("Avbryt"), QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._update_ok()
        self.resize(760 if preview.conflicts else 520, 520 if preview.conflicts else 300)

    def _conflicts(self) -> QWidget:
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 8, 0, 0)
        text = QLabel(
            _(
                "Møtet er endra heime etter at det vart teke med ut. Vel for kvar endring "
                "kva som skal gjelde:"
            )
        )
        text.setWordWrap(True)
        column.addWidget(text)
        quick = QHBoxLayout()
        all_home = QPushButton(_("Behald heime for alle"))
        all_file = QPushButton(_("Bruk fila for alle"))
        all_home.clicked.connect(lambda: self._choose_all(Side.HOME))
        all_file.clicked.connect(lambda: self._choose_all(Side.FILE))
        quick.addWidget(all_home)
        quick.addWidget(all_file)
        quick.addStretch(1)
        column.addLayout(quick)
        conflicts = self.preview.conflicts
        table = QTableWidget(len(conflicts), 5)
        table.setObjectName("conflict_table")
        table.setHorizontalHeaderLabels(
            [_("Kva"), _("Ved uttaket"), _("Heime no"), _("I fila"), _("Vel")]
        )
        table.verticalHeader().setVisible(False)
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for row, c in enumerate(conflicts):
            for col, value in enumerate((c.what, c.at_checkout, c.home, c.file)):
                table.setItem(row, col, QTableWidgetItem(value or "–"))
            cell = QWidget()
            choice = QHBoxLayout(cell)
            choice.setContentsMargins(4, 0, 4, 0)
            group = QButtonGroup(cell)
            for side, label in ((Side.HOME, _("Behald heime")), (Side.FILE, _("Bruk fila"))):
                button = QRadioButton(label)
                button.setProperty("side", side.value)
                group.addButton(button)
                choice.addWidget(button)
            group.buttonToggled.connect(lambda _b, _on: self._update_ok())
            self.groups[c.key] = group
            table.setCellWidget(row, 4, cell)
        header = table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in (1, 2, 3, 4):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.table = table
        column.addWidget(table, 1)
        return box

    def _choose_all(self, side: Side) -> None:
        for group in self.groups.values():
            for button in group.buttons():
                if button.property("side") == side.value:
                    button.setChecked(True)

    def choices(self) -> dict[str, Side]:
        chosen = {}
        for key, group in self.groups.items():
            button = group.checkedButton()
            if button is not None:
                chosen[key] = Side(button.property("side"))
        return chosen

    def _update_ok(self) -> None:
        self.ok.setEnabled(len(self.choices()) == len(self.groups))
