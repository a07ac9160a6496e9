"""The current case: number, title, recommendation, document version, proposals,
disqualification (H-1) and a case added in the meeting (M-5)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from dvmeet.domain.enums import (
    ProposalKind,
    SeatStatus,
)
from dvmeet.i18n import _
from dvmeet.services import meetings, voting
from dvmeet.services.console.models import ConsoleCase, ConsoleSnapshot
from dvmeet.services.meetings.models import AddCaseInMeetingIn, CaseIn
from dvmeet.services.voting.models import (
    ProposalIn,
)
from ui.console.closure import ClosureDialog, closure_pending
from ui.console.disqualification_box import DisqualificationBox
from ui.console.words import proposal_kind_word

Act = Callable[..., None]


def proposal_line(p: Any) -> str:
    who = ""
    if p.proposer_name:
        who = _(" frå {name}").format(name=p.proposer_name)
        if p.proposer_municipality:
            who += f", {p.proposer_municipality}"
    withdrawn = _(" (trekt)") if p.withdrawn else ""
    return f"{proposal_kind_word(p.kind)}{who}{withdrawn}: {p.text}"


def present_members(snap: ConsoleSnapshot) -> list[tuple[int, str]]:
    """(person id, «Namn, Kommune») of everyone sitting in the meeting at the current case,
    from the roll call (A-1), in the order of the roll."""
    seated = (SeatStatus.PRESENT, SeatStatus.DEPUTY_FOR)
    return [
        (holder.person_id, f"{holder.name}, {seat.municipality_name}")
        for seat in snap.roll.seats_list
        for holder in (*seat.members, *seat.deputies)
        if holder.status in seated
    ]


class AddCaseDialog(QDialog):
    """M-5: a case not on the list, unless the chair or a third of those present object.
    The objectors are ticked by name among those present; the core counts who is present."""

    def __init__(self, present: list[tuple[int, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Ny sak i møtet"))
        self.setObjectName("add_case_dialog")
        self.title = QLineEdit()
        self.title.setObjectName("new_case_title")
        self.recommendation = QPlainTextEdit()
        self.recommendation.setObjectName("new_case_recommendation")
        self.recommendation.setFixedHeight(80)
        self.recommendation.setTabChangesFocus(True)
        self.chair_objects = QCheckBox(_("Møteleiaren har innvending"))
        self.chair_objects.setObjectName("new_case_chair_objects")
        self.objecting = QListWidget()
        self.objecting.setObjectName("new_case_objecting")
        self.objecting.setAccessibleName(_("Medlemer som har innvending"))
        for person_id, label in present:
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, person_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.objecting.addItem(item)
        form = QFormLayout(self)
        form.addRow(_("Tittel:"), self.title)
        form.addRow(_("Framlegg til vedtak:"), self.recommendation)
        form.addRow(self.chair_objects)
        form.addRow(
            _("Medlemer som har innvending (kryss av; {n} til stades):").format(n=len(present)),
            self.objecting,
        )
        note = QLabel(
            _(
                "Ei sak som ikkje står på saklista, kan avgjerast om ikkje møteleiaren eller "
                "ein tredjedel av dei som møter, har innvendingar (koml. § 11-3)."
            )
        )
        note.setWordWrap(True)
        form.addRow(note)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def objectors(self) -> list[int]:
        """The person ids ticked as objecting."""
        items = (self.objecting.item(i) for i in range(self.objecting.count()))
        return [
            int(item.data(Qt.ItemDataRole.UserRole))
            for item in items
            if item.checkState() is Qt.CheckState.Checked
        ]

    def set_objectors(self, person_ids: list[int]) -> None:
        for i in range(self.objecting.count()):
            item = self.objecting.item(i)
            ticked = item.data(Qt.ItemDataRole.UserRole) in person_ids
            item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)


class CasePanel(QWidget):
    def __init__(self, act: Act, say: Callable[[str], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._act = act
        self._say = say
        self.snapshot: ConsoleSnapshot | None = None
        self.label = QLabel()
        self.label.setObjectName("case_label")
        font = self.label.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.label.setFont(font)
        self.label.setWordWrap(True)
        self.details = QLabel()
        self.details.setObjectName("case_details")
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.PlainText)
        self.proposal_list = QListWidget()
        self.proposal_list.setObjectName("proposal_list")
        self.proposal_list.setAccessibleName(_("Framlegg"))
        self.proposal_list.setWordWrap(True)

        # Add a proposal.
        self.kind = QComboBox()
        self.kind.setObjectName("proposal_kind")
        self.proposer = QComboBox()
        self.proposer.setObjectName("proposal_proposer")
        self.proposer.setAccessibleName(_("Framlegg frå"))
        self.text = QPlainTextEdit()
        self.text.setObjectName("proposal_text")
        self.text.setPlaceholderText(_("Teksten i framlegget"))
        self.text.setFixedHeight(60)
        self.text.setTabChangesFocus(True)  # Tab is not swallowed by the «Tekst» box
        self.candidate = QComboBox()
        self.candidate.setObjectName("proposal_candidate")
        self.add_button = QPushButton(_("Legg til framlegg"))
        self.add_button.setObjectName("add_proposal_button")
        self.add_button.clicked.connect(self.add_proposal)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        add_box = QGroupBox(_("Nytt framlegg i møtet"))
        add_form = QFormLayout(add_box)
        add_form.addRow(_("Slag:"), self.kind)
        add_form.addRow(_("Frå:"), self.proposer)
        add_form.addRow(_("Kandidat:"), self.candidate)
        add_form.addRow(_("Tekst:"), self.text)
        add_form.addRow(self.add_button)

        # Disqualification (H-1): its own box; the names below are kept for callers.
        self.disq = DisqualificationBox(act)
        self.disq_person = self.disq.person
        self.ground = self.disq.ground
        self.explanation = self.disq.explanation
        self.propose_disq = self.disq.propose
        self.pending = self.disq.pending
        self.deputy = self.disq.deputy
        self.decide_yes = self.disq.decide_yes
        self.decide_no = self.disq.decide_no

        self.new_case_button = QPushButton(_("Ny sak i møtet …"))
        self.new_case_button.setObjectName("new_case_button")
        self.new_case_button.clicked.connect(self.add_case_in_meeting)
        # O-1: the body's decision to close the meeting for a closed case
        self.closure_button = QPushButton(_("Vedtak om å lukke møtet …"))
        self.closure_button.setObjectName("closure_button")
        self.closure_button.clicked.connect(self.decide_closure)
        self.closure_button.setVisible(False)

        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        layout.addWidget(self.details)
        layout.addWidget(QLabel(_("Framlegg:")))
        layout.addWidget(self.proposal_list, 1)
        layout.addWidget(add_box)
        layout.addWidget(self.disq)
        layout.addWidget(self.closure_button)
        layout.addWidget(self.new_case_button)

    # --- showing ----------------------------------------------------------------------

    def show_snapshot(self, snap: ConsoleSnapshot) -> None:
        self.snapshot = snap
        cs = snap.case
        live = snap.started
        self.disq.show_snapshot(snap)
        for w in (self.add_button, self.new_case_button):
            w.setEnabled(live and (cs is not None or w is self.new_case_button))
        self.closure_button.setVisible(live and closure_pending(cs))
        if cs is None:
            self.label.setText(_("Inga sak er vald"))
            self.details.setText("")
            self.proposal_list.clear()
            return
        case = cs.case
        self.label.setText(f"{case.label}  {case.title}")
        lines = []
        if case.closed:
            lines.append(
                _("Lukka sak ({basis}). Offentleg tittel: {title}").format(
                    basis=case.closure_reference or "", title=case.public_title or ""
                )
            )
        if case.added_in_meeting:
            lines.append(_("Sak teken opp i møtet."))
        if case.recommendation:
            lines.append(_("Innstilling: {text}").format(text=case.recommendation))
        if cs.document:
            lines.append(_("Vedtek dokumentversjon: {doc}").format(doc=cs.document))
        if case.preparer_name:
            lines.append(_("Sakshandsamar: {name}").format(name=case.preparer_name))
        lines.append(
            _("Møteleiar i saka: {name}").format(name=cs.voters.chair_name or _("ikkje avklart"))
        )
        self.details.setText("\n".join(lines))
        self.proposal_list.clear()
        for p in cs.proposals:
            item = QListWidgetItem(proposal_line(p))
            item.setData(Qt.ItemDataRole.UserRole, p.id)
            self.proposal_list.addItem(item)
        self._fill_add(cs)

    def _fill_add(self, cs: ConsoleCase) -> None:
        kind = self._kind()
        self.kind.blockSignals(True)
        self.kind.clear()
        kinds = (
            [ProposalKind.CANDIDATE]
            if cs.case.is_election
            else [ProposalKind.ALTERNATIVE, ProposalKind.ADDITION, ProposalKind.POSTPONEMENT]
        )
        for k in kinds:
            self.kind.addItem(proposal_kind_word(k), k)
        if kind in kinds:
            self.kind.setCurrentIndex(kinds.index(kind))
        self.kind.blockSignals(False)
        self.proposer.clear()
        self.proposer.addItem(_("(ingen namngjeven)"), None)
        self.candidate.clear()
        for v in cs.voters.voters:
            self.proposer.addItem(f"{v.name}, {v.municipality_name}", v.person_id)
            self.candidate.addItem(f"{v.name}, {v.municipality_name}", v.person_id)
        self._kind_changed()

    def _kind(self) -> ProposalKind | None:
        value = self.kind.currentData()
        return ProposalKind(value) if value is not None else None

    def _kind_changed(self, *args: Any) -> None:
        candidate = self._kind() is ProposalKind.CANDIDATE
        self.candidate.setEnabled(candidate)
        self.text.setEnabled(not candidate)

    # --- actions ----------------------------------------------------------------------

    def _case_id(self) -> int | None:
        snap = self.snapshot
        return snap.case.case.id if snap is not None and snap.case is not None else None

    def add_proposal(self) -> None:
        case_id = self._case_id()
        kind = self._kind()
        if case_id is None or kind is None:
            return
        if kind is ProposalKind.CANDIDATE:
            candidate = self.candidate.currentData()
            data = ProposalIn(
                case_id=case_id,
                kind=kind,
                text=_("Kandidat: {name}").format(name=self.candidate.currentText()),
                candidate_person_id=candidate,
                proposer_person_id=self.proposer.currentData(),
            )
        else:
            text = self.text.toPlainText().strip()
            if not text:
                self._say(_("Skriv teksten i framlegget."))
                return
            data = ProposalIn(
                case_id=case_id,
                kind=kind,
                text=text,
                proposer_person_id=self.proposer.currentData(),
            )
        self.text.clear()
        self._act(voting.add_proposal, data)

    def decide_closure(self) -> None:
        snap = self.snapshot
        if snap is None or snap.case is None:
            return
        case = snap.case.case
        voters = [
            (v.person_id, f"{v.name}, {v.municipality_name}") for v in snap.case.voters.voters
        ]
        dialog = ClosureDialog(case.id, case.closure_reference or "", voters, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self._act(voting.decide_closure, dialog.data())

    def add_case_in_meeting(self) -> None:
        snap = self.snapshot
        if snap is None:
            return
        dialog = AddCaseDialog(present_members(snap), self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.submit_new_case(dialog)

    def submit_new_case(self, dialog: AddCaseDialog) -> None:
        assert self.snapshot is not None
        title = dialog.title.text().strip()
        if not title:
            self._say(_("Skriv tittelen på saka."))
            return
        self._act(
            meetings.add_case_in_meeting,
            AddCaseInMeetingIn(
                case=CaseIn(
                    meeting_id=self.snapshot.meeting.id,
                    title=title,
                    recommendation=dialog.recommendation.toPlainText().strip() or None,
                ),
                chair_objects=dialog.chair_objects.isChecked(),
                objecting=dialog.objectors(),
            ),
        )
