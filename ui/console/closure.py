"""O-1, koml. § 11-5: the body's decision to close the meeting for the current case. The
case is marked closed with its legal basis in the case list; here the body votes on it,
unanimously or with named members against."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from dvmeet.domain.enums import BallotChoice, VoteKind, VoteMethod
from dvmeet.i18n import _
from dvmeet.services.console.models import ConsoleCase
from dvmeet.services.voting.models import ClosureVoteIn


def closure_pending(cs: ConsoleCase | None) -> bool:
    """A closed case whose closing the body has not voted on yet."""
    if cs is None or not cs.case.closed:
        return False
    return not any(v.kind is VoteKind.CLOSURE for v in cs.votes)


class ClosureDialog(QDialog):
    """Unanimous, or tick who voted against closing the meeting for the case."""

    def __init__(
        self, case_id: int, basis: str, voters: list[tuple[int, str]], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.case_id = case_id
        self.setWindowTitle(_("Vedtak om å lukke møtet"))
        self.setObjectName("closure_dialog")
        intro = QLabel(
            _("Organet røystar over å lukke møtet medan saka vert handsama ({basis}).").format(
                basis=basis
            )
        )
        intro.setWordWrap(True)
        self.unanimous = QRadioButton(_("Samrøystes vedteke"))
        self.unanimous.setObjectName("closure_unanimous")
        self.counted = QRadioButton(_("Vedteke eller forkasta med røyster mot (kryss av dei):"))
        self.counted.setObjectName("closure_counted")
        self.unanimous.setChecked(True)
        self.against = QListWidget()
        self.against.setObjectName("closure_against")
        self.against.setAccessibleName(_("Røysta mot å lukke møtet"))
        for person_id, label in voters:
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, person_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.against.addItem(item)
        self.against.setEnabled(False)
        self.counted.toggled.connect(self.against.setEnabled)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.unanimous)
        layout.addWidget(self.counted)
        layout.addWidget(self.against, 1)
        layout.addWidget(buttons)

    def against_ids(self) -> list[int]:
        items = (self.against.item(i) for i in range(self.against.count()))
        return [
            int(item.data(Qt.ItemDataRole.UserRole))
            for item in items
            if item.checkState() is Qt.CheckState.Checked
        ]

    def set_against(self, person_ids: list[int]) -> None:
        self.counted.setChecked(True)
        for i in range(self.against.count()):
            item = self.against.item(i)
            ticked = item.data(Qt.ItemDataRole.UserRole) in person_ids
            item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)

    def data(self) -> ClosureVoteIn:
        if self.unanimous.isChecked():
            return ClosureVoteIn(case_id=self.case_id, method=VoteMethod.UNANIMOUS)
        return ClosureVoteIn(
            case_id=self.case_id,
            method=VoteMethod.COUNTS,
            dissenters=self.against_ids(),
            dissent_choice=BallotChoice.MOT,
        )
