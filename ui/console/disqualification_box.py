"""Disqualification in the current case (H-1, fvl. §§ 6 and 8): raise a question, see
each question's state, call in the deputy (R-1) and decide, by a vote or without one.

An open question is shown as open with the reason the member does not vote in the case;
the decision is offered only when the body is quorate on the question (the services count
it from the database), so it can be decided later, when the deputy or more members come.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QWidget,
)

from dvmeet.domain.disqualification import QuestionState
from dvmeet.domain.enums import DisqualificationGround, Role, SeatStatus, VoteMethod
from dvmeet.i18n import _
from dvmeet.services import voting
from dvmeet.services.console.models import ConsoleCase, ConsoleSnapshot
from dvmeet.services.voting.models import (
    DecideDisqualificationIn,
    DisqualificationDeputyIn,
    DisqualificationIn,
    DisqualificationOut,
)
from ui.console.words import ground_word

Act = Callable[..., None]


def question_line(d: DisqualificationOut) -> str:
    """One question as the console lists it."""
    basis = d.legal_basis
    if d.state is QuestionState.OPEN:
        text = _("Ope: {name} ({basis}). {name} røystar ikkje i saka før spørsmålet er avgjort.")
        text = text.format(name=d.name, basis=basis)
        if d.quorate_now is False:
            text += " " + _(
                "Organet er ikkje vedtaksfør i spørsmålet ({quorum}); kall inn vara eller "
                "avgjer det når fleire har kome."
            ).format(quorum=d.quorum_text or "")
        if d.deputy_name:
            text += " " + _("{name} er kalla inn.").format(name=d.deputy_name)
        return text
    if d.state is QuestionState.DISQUALIFIED:
        text = _("{name}: ugild ({basis})").format(name=d.name, basis=basis)
        if d.deputy_name:
            text += _(", {name} møter i staden").format(name=d.deputy_name)
        return text
    return _("{name}: ikkje ugild ({basis})").format(name=d.name, basis=basis)


class DisqualificationBox(QGroupBox):
    def __init__(self, act: Act, parent: QWidget | None = None) -> None:
        super().__init__(_("Ugildskap (fvl. § 6, koml. § 11-10)"), parent)
        self._act = act
        self.snapshot: ConsoleSnapshot | None = None
        self.person = QComboBox()
        self.person.setObjectName("disq_person")
        self.ground = QComboBox()
        self.ground.setObjectName("disq_ground")
        for g in DisqualificationGround:
            self.ground.addItem(ground_word(g), g)
        # a long ground gives way in the box (its list shows it whole) so that the case's
        # column fits a laptop; the chosen one is in the tooltip
        self.ground.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.ground.setMinimumContentsLength(18)
        self.ground.view().setMinimumWidth(self.ground.view().sizeHintForColumn(0) + 24)
        self.ground.currentIndexChanged.connect(
            lambda _i: self.ground.setToolTip(self.ground.currentText())
        )
        self.ground.setToolTip(self.ground.currentText())
        self.explanation = QLineEdit()
        self.explanation.setObjectName("disq_explanation")
        self.explanation.setPlaceholderText(_("Kort grunngjeving"))
        self.propose = QPushButton(_("Gjer framlegg om ugildskap"))
        self.propose.setObjectName("propose_disq_button")
        self.propose.clicked.connect(self.propose_question)

        self.questions = QListWidget()
        self.questions.setObjectName("disq_questions")
        self.questions.setAccessibleName(_("Spørsmål om ugildskap i saka"))
        self.questions.setWordWrap(True)
        self.questions.setMaximumHeight(110)
        self.questions.currentRowChanged.connect(self._question_chosen)
        self.pending = QLabel()
        self.pending.setObjectName("disq_pending")
        self.pending.setWordWrap(True)

        self.deputy = QComboBox()
        self.deputy.setObjectName("disq_deputy")
        self.deputy.setAccessibleName(_("Varamedlem som trer inn"))
        self.call_deputy = QPushButton(_("Kall inn vara"))
        self.call_deputy.setObjectName("disq_call_deputy_button")
        self.call_deputy.clicked.connect(self.call_in)

        self.decide_yes = QPushButton(_("Organet: ugild"))
        self.decide_yes.setObjectName("disq_yes_button")
        self.decide_yes.setToolTip(_("Organet fann at medlemen er ugild, utan røysting."))
        self.decide_yes.clicked.connect(lambda: self.decide(True))
        self.decide_no = QPushButton(_("Organet: ikkje ugild"))
        self.decide_no.setObjectName("disq_no_button")
        self.decide_no.setToolTip(_("Organet fann at medlemen ikkje er ugild, utan røysting."))
        self.decide_no.clicked.connect(lambda: self.decide(False))

        self.dissenters = QListWidget()
        self.dissenters.setObjectName("disq_dissenters")
        self.dissenters.setAccessibleName(_("Røysta mot at medlemen er ugild"))
        self.dissenters.setMaximumHeight(90)
        self.vote = QPushButton(_("Registrer røystinga"))
        self.vote.setObjectName("disq_vote_button")
        self.vote.setToolTip(_("Dei som ikkje er kryssa av, røysta for at medlemen er ugild."))
        self.vote.clicked.connect(self.record_vote)

        form = QFormLayout(self)
        form.addRow(_("Medlem:"), self.person)
        form.addRow(_("Grunnlag:"), self.ground)
        form.addRow(_("Merknad:"), self.explanation)
        form.addRow(self.propose)
        form.addRow(self.questions)
        form.addRow(self.pending)
        deputy_row = QHBoxLayout()
        deputy_row.addWidget(self.deputy, 1)
        deputy_row.addWidget(self.call_deputy)
        form.addRow(_("Vara trer inn:"), deputy_row)
        decide_row = QHBoxLayout()
        decide_row.addWidget(self.decide_yes)
        decide_row.addWidget(self.decide_no)
        form.addRow(_("Utan røysting:"), decide_row)
        form.addRow(_("Røysta mot:"), self.dissenters)
        form.addRow(self.vote)
        self._current: DisqualificationOut | None = None

    # --- showing ----------------------------------------------------------------------

    def show_snapshot(self, snap: ConsoleSnapshot) -> None:
        self.snapshot = snap
        cs = snap.case
        self.propose.setEnabled(snap.started and cs is not None)
        if cs is None:
            self.questions.clear()
            self._current = None
            self._fill_decision(snap, None)
            return
        person = self.person.currentData()
        self.person.clear()
        for v in cs.voters.voters:
            self.person.addItem(f"{v.name}, {v.municipality_name}", v.person_id)
        if person is not None and (i := self.person.findData(person)) >= 0:
            self.person.setCurrentIndex(i)
        chosen = self._current.id if self._current is not None else None
        self.questions.blockSignals(True)
        self.questions.clear()
        for d in cs.disqualifications:
            item = QListWidgetItem(question_line(d))
            item.setData(Qt.ItemDataRole.UserRole, d.id)
            self.questions.addItem(item)
        ids = [d.id for d in cs.disqualifications]
        open_ids = [d.id for d in cs.disqualifications if d.is_open]
        row = -1
        if chosen in ids and chosen in open_ids:
            row = ids.index(chosen)
        elif open_ids:
            row = ids.index(open_ids[0])
        self.questions.setCurrentRow(row)
        self.questions.blockSignals(False)
        self._current = cs.disqualifications[row] if row >= 0 else None
        self._fill_decision(snap, cs)

    def _question_chosen(self, row: int) -> None:
        snap = self.snapshot
        if snap is None or snap.case is None:
            return
        qs = snap.case.disqualifications
        self._current = qs[row] if 0 <= row < len(qs) else None
        self._fill_decision(snap, snap.case)

    def _fill_decision(self, snap: ConsoleSnapshot, cs: ConsoleCase | None) -> None:
        d = self._current
        live = snap.started
        self.deputy.clear()
        self.deputy.addItem(_("(ingen vara)"), None)
        self.dissenters.clear()
        if d is None or cs is None:
            self.pending.setText("")
            for w in (self.deputy, self.call_deputy, self.decide_yes, self.decide_no, self.vote):
                w.setEnabled(False)
            return
        can_call = d.deputy_person_id is None and d.state is not QuestionState.NOT_DISQUALIFIED
        if can_call:
            for deputy_id, text in self._deputies_for(snap, cs, d):
                self.deputy.addItem(text, deputy_id)
            if d.suggested_deputy_id is not None:
                i = self.deputy.findData(d.suggested_deputy_id)
                self.deputy.setCurrentIndex(max(i, 0))
        lines = []
        if d.is_open:
            how = (
                _("ugild etter lova; organet fører det inn, røysting trengst ikkje")
                if d.automatic
                else _("organet vurderer og avgjer, gjerne ved røysting")
            )
            lines.append(
                _("Til avgjerd: {name} ({basis}, {how}). Organet avgjer utan medlemen.").format(
                    name=d.name, basis=d.legal_basis, how=how
                )
            )
            if d.all_took_part:
                lines.append(
                    _(
                        "Spørsmålet gjeld fleire medlemer i saka, og organet ville elles ikkje "
                        "vere vedtaksfør: alle medlemene er med på avgjerda (fvl. § 8 (2))."
                    )
                )
            if d.quorate_now is False:
                lines.append(
                    _(
                        "Kan ikkje avgjerast no: {quorum} kan vere med på avgjerda. Kall inn "
                        "varamedlemen, eller avgjer spørsmålet når fleire har kome."
                    ).format(quorum=d.quorum_text or "")
                )
            names = snap.names
            for person_id in d.deciders:
                item = QListWidgetItem(names.get(person_id, str(person_id)))
                item.setData(Qt.ItemDataRole.UserRole, person_id)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Unchecked)
                self.dissenters.addItem(item)
        else:
            lines.append(question_line(d))
        self.pending.setText("\n".join(lines))
        decidable = live and d.is_open and d.quorate_now is not False
        self.decide_yes.setEnabled(decidable)
        self.decide_no.setEnabled(decidable)
        self.vote.setEnabled(decidable)
        self.dissenters.setEnabled(decidable)
        self.deputy.setEnabled(live and can_call)
        self.call_deputy.setEnabled(live and can_call and self.deputy.count() > 1)

    def _deputies_for(
        self, snap: ConsoleSnapshot, cs: ConsoleCase, d: DisqualificationOut
    ) -> list[tuple[int, str]]:
        """Deputies of the seat's municipality who can come, in rank order (R-1)."""
        seat_person = next(
            (v.seat_person_id for v in cs.voters.voters if v.person_id == d.person_id),
            d.person_id,
        )
        called = {q.deputy_person_id for q in cs.disqualifications if q.deputy_person_id}
        meeting = {v.person_id for v in cs.voters.voters} | called
        for seat in snap.roll.seats_list:
            if any(m.person_id == seat_person for m in seat.members):
                return [
                    (
                        deputy.person_id,
                        _("{name} ({rank}. vara)").format(
                            name=deputy.name, rank=deputy.deputy_rank
                        ),
                    )
                    for deputy in sorted(seat.deputies, key=lambda x: x.deputy_rank or 0)
                    if deputy.person_id not in meeting
                    and deputy.status != SeatStatus.FORFALL
                    and deputy.role is Role.VARAMEDLEM
                ]
        return []

    # --- actions ----------------------------------------------------------------------

    def _case_id(self) -> int | None:
        snap = self.snapshot
        return snap.case.case.id if snap is not None and snap.case is not None else None

    def propose_question(self) -> None:
        case_id = self._case_id()
        person = self.person.currentData()
        if case_id is None or person is None:
            return
        self._act(
            voting.propose_disqualification,
            DisqualificationIn(
                case_id=case_id,
                person_id=person,
                ground=DisqualificationGround(self.ground.currentData()),
                explanation=self.explanation.text().strip() or None,
            ),
        )
        self.explanation.clear()

    def call_in(self) -> None:
        d = self._current
        deputy = self.deputy.currentData()
        if d is None or deputy is None:
            return
        self._act(
            voting.call_disqualification_deputy,
            DisqualificationDeputyIn(disqualification_id=d.id, deputy_person_id=deputy),
        )

    def decide(self, disqualified: bool) -> None:
        """The body's finding without a vote (the minutes say so; no vote is invented)."""
        d = self._current
        if d is None:
            return
        self._act(
            voting.decide_disqualification,
            DecideDisqualificationIn(
                disqualification_id=d.id,
                disqualified=disqualified,
                deputy_person_id=self._deputy_with(disqualified, d),
            ),
        )

    def record_vote(self) -> None:
        """The vote that took place: the ticked voted against, everyone else for."""
        d = self._current
        if d is None:
            return
        against = [
            self.dissenters.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.dissenters.count())
            if self.dissenters.item(i).checkState() == Qt.CheckState.Checked
        ]
        data: dict[str, Any] = {
            "disqualification_id": d.id,
            "method": VoteMethod.COUNTS if against else VoteMethod.UNANIMOUS,
            "dissenters": against,
        }
        self._act(voting.decide_disqualification, DecideDisqualificationIn(**data))

    def _deputy_with(self, disqualified: bool, d: DisqualificationOut) -> int | None:
        """The deputy chosen steps in with an ugild finding (if not called in already)."""
        if not disqualified or d.deputy_person_id is not None:
            return None
        value = self.deputy.currentData()
        return int(value) if value is not None else None
