"""Voting: the voting order (Q-8), the keyboard grid, counts with named dissenters or
unanimous, the result with its reason, elections (Q-4) and the decision text."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from dvmeet.domain import labels
from dvmeet.domain.enums import BallotChoice, ProposalKind, VoteKind, VoteMethod, VoteOutcome
from dvmeet.errors import ChangedElsewhere
from dvmeet.i18n import _
from dvmeet.services import attendance, voting
from dvmeet.services.attendance.models import ChairIn, Voter
from dvmeet.services.console.models import ConsoleCase, ConsoleSnapshot
from dvmeet.services.voting import VoteDraftIn
from dvmeet.services.voting.models import (
    DecisionIn,
    DecisionOut,
    ElectionIn,
    LotsIn,
    VoteIn,
    VoteOut,
    VotingStepOut,
)
from ui.colours import accent
from ui.conflict import KEEP_MINE, USE_STORED, ConflictDialog, differences
from ui.console.chair import ChairDialog
from ui.console.grid import BLANK, FOR, MOT, Candidate, VoteGrid
from ui.console.keys import InstantButton
from ui.console.words import outcome_word

Act = Callable[..., None]
SAVE_KEY = "Ctrl+S"  # the console's shortcut for saving the decision (shown on the button)
SAVE_KEY_HINT = f"  ({SAVE_KEY})"


def methods() -> tuple[tuple[VoteMethod, str], ...]:
    """The ways of voting, in the order shown (translated when asked)."""
    return tuple((method, labels.label(method)) for method in VoteMethod)


def ordinary_keys() -> str:
    # the letters F, M and A are the grid's keys: a translation keeps them
    return _("F / M · A = alle andre for · Shift+A = alle andre mot · / = namn · F1 = alle tastar")


def election_keys() -> str:
    return _(
        "1–9 = kandidat · B = blank · / = hopp til namn · Del = tøm · Ctrl+Enter = registrer runden"
    )


def result_text(vote: VoteOut, names: dict[int, str]) -> str:
    """The result as the chair reads it out: outcome, numbers, quorum, reason."""
    head = outcome_word(vote.outcome)
    if vote.outcome is VoteOutcome.NOT_QUORATE:
        # not quorate: nothing was decided, so no numbers and never «samrøystes»
        return _("{head}: berre {q} kunne røyste.").format(head=head, q=vote.quorum_text) + (
            f"\n{vote.reason}" if vote.reason else ""
        )
    if vote.kind.value == "election":
        if vote.elected_person_id:
            head += f": {names.get(vote.elected_person_id, '')}"
        numbers = _("Runde {n}. Blanke: {b}.").format(n=vote.round_no, b=vote.votes_blank)
    else:
        numbers = _("{f} for, {m} mot.").format(f=vote.votes_for, m=vote.votes_against)
        if vote.casting_vote_used:
            numbers += " " + _("Røystelikskap: møteleiaren si røyst var avgjerande.")
        if vote.unanimous:
            numbers += " " + _("Samrøystes.")
    quorum = _("Vedtaksfør: {q} røysta.").format(q=vote.quorum_text)
    return f"{head}. {numbers} {quorum}\n{vote.reason}"


def stored_ballots(vote: VoteOut) -> dict[int, str]:
    """The ballots of a recorded vote as the grid writes them."""
    out: dict[int, str] = {}
    for b in vote.ballots:
        if vote.kind is VoteKind.ELECTION:
            out[b.person_id] = (
                str(b.candidate_person_id) if b.candidate_person_id is not None else BLANK
            )
        else:
            out[b.person_id] = FOR if b.choice is BallotChoice.FOR else MOT
    return out


class VotePanel(QWidget):
    # the live count of the grid for the projector: (ballots given, voters), None when no
    # vote is being typed (the projector never sees who voted what before the result)
    progress = Signal(object)

    def __init__(
        self, act: Act, say: Callable[[str], None], save: Act, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._act = act
        self._say = say
        self._save = save  # quiet save of the draft (no reload)
        self.snapshot: ConsoleSnapshot | None = None
        # the decision being edited: (id, text, version) as read when the editing began
        self._decision_opened: tuple[int, str, int] | None = None
        self.conflict: ConflictDialog | None = None
        self.target: tuple[int, int | None, int | None, int] | None = None
        self.step: VotingStepOut | None = None
        self.last_vote: VoteOut | None = None

        self.plan = QListWidget()
        self.plan.setObjectName("voting_plan")
        self.plan.setAccessibleName(_("Voteringsorden"))
        self.plan.setWordWrap(True)
        self.plan.setToolTip(_("Voteringsorden"))
        self.plan.currentRowChanged.connect(self._step_chosen)
        self.what = QLabel()
        self.what.setObjectName("vote_subject")
        self.what.setWordWrap(True)
        self.method = QComboBox()
        self.method.setObjectName("vote_method")
        self.method.setAccessibleName(_("Røystemåte"))
        for method, label in methods():
            self.method.addItem(label, method)
        self.method.currentIndexChanged.connect(self._method_changed)
        self.final_round = QCheckBox(_("Siste runde (den med flest røyster vert vald)"))
        self.final_round.setObjectName("final_round")

        self.grid = VoteGrid()
        self.grid.ballots_changed.connect(self._ballots_changed)
        self.grid.submit_requested.connect(self.record_with_decision)
        self.dissenters = QListWidget()
        self.dissenters.setObjectName("dissenters")
        self.dissenters.setAccessibleName(_("Dei som røysta annleis"))
        self.dissent_choice = QComboBox()
        self.dissent_choice.setObjectName("dissent_choice")
        self.dissent_choice.addItem(_("Dei merkte røysta mot, resten for"), BallotChoice.MOT)
        self.dissent_choice.addItem(_("Dei merkte røysta for, resten mot"), BallotChoice.FOR)
        # the ticks are counted as they are made and kept as a draft, like the grid
        self.dissenters.itemChanged.connect(self._ticks_changed)
        self.dissent_choice.currentIndexChanged.connect(self._ticks_changed)
        self._loading_ticks = False
        counts_page = QWidget()
        counts_layout = QVBoxLayout(counts_page)
        counts_layout.setContentsMargins(0, 0, 0, 0)
        counts_layout.addWidget(self.dissent_choice)
        counts_layout.addWidget(self.dissenters)
        self.unanimous_label = QLabel(_("Alle som møter i saka, røystar for."))
        self.pages = QStackedWidget()
        self.pages.addWidget(self.grid)
        self.pages.addWidget(counts_page)
        self.pages.addWidget(self.unanimous_label)
        self.keys = QLabel()
        self.keys.setObjectName("vote_keys")
        self.keys.setWordWrap(True)
        self.tally = QLabel()
        self.tally.setObjectName("vote_tally")
        self.jump_label = QLabel()
        self.jump_label.setObjectName("vote_jump")
        self.jump_label.setStyleSheet("QLabel { background:#fff4c2; color:#1a1a1a; padding:2px; }")
        self.jump_label.hide()
        self.grid.jump_changed.connect(self._show_jump)
        # Ctrl+Enter: the vote, then its decision (the button records the vote only)
        self._decide_after: tuple[int, int] | None = None  # (case, votes before it)
        self.record_button = InstantButton(_("Registrer røystinga"))
        self.record_button.setObjectName("record_vote_button")
        self.record_button.clicked.connect(self.record)
        self.result = QLabel()
        self.result.setObjectName("vote_result")
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.witnesses = QLineEdit()
        self.witnesses.setObjectName("lot_witnesses")
        self.witnesses.setPlaceholderText(_("Vitne til loddtrekkinga"))
        self.lots_button = QPushButton(_("Trekk lodd"))
        self.lots_button.setObjectName("lots_button")
        self.lots_button.clicked.connect(self.draw_lots)
        self.decision = QPlainTextEdit()
        self.decision.setObjectName("decision_text")
        self.decision.setAccessibleName(_("Vedtakstekst"))
        # two lines in view (it scrolls): the height goes to the grid
        self.decision.setFixedHeight(2 * self.decision.fontMetrics().lineSpacing() + 14)
        self.decision.setPlaceholderText(_("Vedtak:"))
        self.decision.setTabChangesFocus(True)  # Tab moves on to the save button
        self.decision_button = InstantButton(_("Lagre vedtaket"))
        self.decision_button.setObjectName("save_decision_button")
        self.decision_button.clicked.connect(self.save_decision)
        self.decision_state = QLabel()
        self.decision_state.setObjectName("decision_state")

        top = QHBoxLayout()
        top.addWidget(QLabel(_("Røystemåte:")))
        top.addWidget(self.method, 1)
        lots = QHBoxLayout()
        lots.addWidget(self.witnesses, 1)
        lots.addWidget(self.lots_button)
        record_row = QHBoxLayout()
        record_row.addWidget(self.tally, 1)
        record_row.addWidget(self.jump_label)
        record_row.addWidget(self.record_button)
        decision_row = QHBoxLayout()
        decision_row.addWidget(self.decision_state, 1)
        decision_row.addWidget(self.decision_button)
        layout = QVBoxLayout(self)
        # the plan's own rows say what it is («1. Innstillinga vert røysta over …»): no
        # heading above it, and the list as high as its steps, so the grid keeps the rows
        layout.addWidget(self.plan)
        layout.addWidget(self.what)
        layout.addLayout(top)
        layout.addWidget(self.final_round)
        layout.addWidget(self.keys)
        layout.addWidget(self.pages, 1)
        layout.addLayout(record_row)
        layout.addWidget(self.result)
        layout.addLayout(lots)
        layout.addWidget(self.decision)
        layout.addLayout(decision_row)

    # --- showing ----------------------------------------------------------------------

    @property
    def case(self) -> ConsoleCase | None:
        return self.snapshot.case if self.snapshot is not None else None

    def show_snapshot(self, snap: ConsoleSnapshot) -> None:
        previous = self.case.case.id if self.case is not None else None
        self.snapshot = snap
        cs = snap.case
        if cs is None:
            self.plan.clear()
            self.setEnabled(False)
            return
        # held, minutes not approved: the decision texts can still be corrected
        self.setEnabled(snap.started or correcting(snap))
        new_case = previous != cs.case.id
        self.plan.blockSignals(True)
        self.plan.clear()
        if cs.case.is_election:
            item = QListWidgetItem(_("Val: kvar medlem røystar på ein kandidat eller blankt."))
            self.plan.addItem(item)
        for step in cs.plan:
            done = [cs.voted(p) for p in step.proposal_ids[:1]]
            mark = "✔ " if done and done[0] is not None else ""
            self.plan.addItem(QListWidgetItem(f"{mark}{step.number}. {step.text}"))
        self.plan.blockSignals(False)
        self._fit_plan()
        # Resume where the draft was; else the first step not voted on.
        row = 0
        if cs.draft is not None and cs.draft.proposal_id is not None:
            for i, step in enumerate(cs.plan):
                if step.proposal_ids[0] == cs.draft.proposal_id:
                    row = i
        elif not cs.case.is_election:
            row = next(
                (i for i, s in enumerate(cs.plan) if cs.voted(s.proposal_ids[0]) is None),
                max(len(cs.plan) - 1, 0),
            )
        if self.plan.count():
            if not new_case and self.step is not None and not cs.case.is_election:
                same = [
                    i for i, s in enumerate(cs.plan) if s.proposal_ids == self.step.proposal_ids
                ]
                if same and cs.voted(self.step.proposal_ids[0]) is None:
                    row = same[0]
            self.plan.blockSignals(True)
            self.plan.setCurrentRow(row)
            self.plan.blockSignals(False)
        self._load_step(row, force=new_case)
        self._show_decision(cs)
        self._decide_if_asked(cs)
        if correcting(snap):  # after the meeting: only a recorded decision's text
            for w in (
                self.plan,
                self.method,
                self.final_round,
                self.pages,
                self.record_button,
                self.witnesses,
                self.lots_button,
            ):
                w.setEnabled(False)
            self.decision.setReadOnly(cs.decision is None)
            self.decision_button.setEnabled(cs.decision is not None)
            if cs.decision is None:
                self.decision_state.setText(_("Det vart ikkje gjort vedtak i saka."))

    def _fit_plan(self) -> None:
        """As high as its steps, up to three (then it scrolls)."""
        # one step only: nothing to choose, the line «Røysting over: …» says it
        self.plan.setVisible(self.plan.count() > 1)
        rows = max(1, min(3, self.plan.count()))
        row = self.plan.sizeHintForRow(0) if self.plan.count() else self.fontMetrics().height()
        frame = 2 * self.plan.frameWidth()
        self.plan.setFixedHeight(rows * max(row, self.fontMetrics().height()) + frame + 6)

    def _step_chosen(self, row: int) -> None:
        self._load_step(row, force=False)

    def _load_step(self, row: int, force: bool) -> None:
        cs = self.case
        if cs is None:
            return
        election = cs.case.is_election
        self.step = None if election or not cs.plan else cs.plan[min(row, len(cs.plan) - 1)]
        proposal = self.step.proposal_ids[0] if self.step else None
        against = (
            self.step.proposal_ids[1]
            if self.step is not None and len(self.step.proposal_ids) > 1
            else None
        )
        rounds = cs.election_rounds
        target = (cs.case.id, proposal, against, len(rounds))
        voted = cs.voted(proposal) if proposal is not None else None
        if election:
            voted = rounds[-1] if rounds else None
            if voted is not None and voted.outcome is VoteOutcome.NEW_ROUND:
                voted = None
        self.last_vote = voted
        self.final_round.setVisible(election)
        self.method.setEnabled(not election)
        if election:
            self.method.setCurrentIndex(0)
        draft = cs.draft
        drafted = draft is not None and (draft.proposal_id, draft.against_proposal_id) == (
            proposal,
            against,
        )
        if voted is not None:
            # a recorded vote: its stored ballots, as they were given (read-only)
            self.target = target
            self._load_grid(cs, stored_ballots(voted), against, recorded=voted)
        elif force or target != self.target:
            ballots: dict[int, str] = {}
            if drafted and draft is not None and draft.method is not VoteMethod.COUNTS:
                ballots = dict(draft.ballots)
            self.target = target
            self._load_grid(cs, ballots, against)
            if drafted and draft is not None and draft.method is VoteMethod.COUNTS:
                self._load_ticks(draft.ballots)
        else:
            ticks = self._ticks()
            self._load_grid(cs, dict(self.grid.grid.ballots), against)
            if ticks:
                self._load_ticks(ticks)
        self.what.setText(self._subject(cs, proposal, against, rounds))
        self._show_result(cs, voted)
        self._update_tally()

    def _subject(
        self, cs: ConsoleCase, proposal: int | None, against: int | None, rounds: list[VoteOut]
    ) -> str:
        if cs.case.is_election:
            cands = [
                p for p in cs.proposals if p.kind is ProposalKind.CANDIDATE and not p.withdrawn
            ]
            names = ", ".join(
                f"{i}: {self._name(p.candidate_person_id)}" for i, p in enumerate(cands, start=1)
            )
            return _("Valrunde {n}. Kandidatar: {c}").format(
                n=len(rounds) + 1, c=names or _("ingen enno – legg dei til som framlegg")
            )
        p = cs.proposal(proposal)
        if p is None:
            return _("Ingen framlegg å røyste over.")
        if against is not None:
            q = cs.proposal(against)
            return _("F = {a}\nM = {b}").format(a=_short(p.text), b=_short(q.text if q else ""))
        return _("Røysting over: {text}").format(text=_short(p.text, 160))

    def _name(self, person_id: int | None) -> str:
        if self.snapshot is None or person_id is None:
            return ""
        return self.snapshot.names.get(person_id, str(person_id))

    def _load_grid(
        self,
        cs: ConsoleCase,
        ballots: dict[int, str],
        against: int | None,
        recorded: VoteOut | None = None,
    ) -> None:
        voters = list(cs.voters.voters)
        self.grid.end_jump()
        self.grid.read_only = recorded is not None
        if recorded is not None:
            # those who voted then, in the seat order; anyone gone since still shown
            known = {v.person_id for v in voters}
            voters = [v for v in voters if v.person_id in ballots] + [
                Voter(
                    person_id=b.person_id,
                    name=b.name,
                    municipality_name=b.municipality_name,
                    seat_person_id=b.person_id,
                    is_deputy=False,
                    weight=1,
                )
                for b in recorded.ballots
                if b.person_id not in known
            ]
        if cs.case.is_election:
            cands = [
                Candidate(p.candidate_person_id, self._name(p.candidate_person_id))
                for p in cs.proposals
                if p.kind is ProposalKind.CANDIDATE
                and not p.withdrawn
                and p.candidate_person_id is not None
            ]
            self.grid.load(voters, ballots, election=True, candidates=cands)
            self.keys.setText(election_keys())
        else:
            words = (_("Innstillinga"), _("Det andre")) if against is not None else (None, None)
            self.grid.load(voters, ballots, for_word=words[0], mot_word=words[1])
            self.keys.setText(ordinary_keys())
        self._loading_ticks = True
        self.dissenters.clear()
        for v in voters:
            item = QListWidgetItem(f"{v.name}, {v.municipality_name}")
            item.setData(Qt.ItemDataRole.UserRole, v.person_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.dissenters.addItem(item)
        self._loading_ticks = False
        if recorded is not None:
            self._show_recorded_method(recorded, ballots)
        self._method_changed()

    def _show_result(self, cs: ConsoleCase, vote: VoteOut | None) -> None:
        has_lots = (
            vote is not None and vote.outcome is VoteOutcome.LOTS and not vote.elected_person_id
        )
        self.witnesses.setVisible(has_lots)
        self.lots_button.setVisible(has_lots)
        rounds = cs.election_rounds
        shown = vote if vote is not None else (rounds[-1] if rounds else None)
        self.result.setVisible(shown is not None)  # no empty row above the decision
        if shown is None:
            self.result.setText("")
            self.result.setStyleSheet("")
        else:
            self.result.setText(result_text(shown, self.snapshot.names if self.snapshot else {}))
            good = shown.outcome in (VoteOutcome.ADOPTED, VoteOutcome.ELECTED)
            colour = accent("ok" if good else "warning")
            self.result.setStyleSheet(
                f"QLabel {{ border:2px solid {colour}; border-radius:6px; padding:6px; "
                "font-weight:bold; }"
            )
        recorded = vote is not None
        self.record_button.setEnabled(not recorded and bool(cs.voters.voters))
        # a recorded vote stays readable (its ballots), but nothing in it changes
        for w in (self.dissenters, self.dissent_choice):
            w.setEnabled(not recorded)
        self.method.setEnabled(not recorded and not cs.case.is_election)

    def _show_decision(self, cs: ConsoleCase) -> None:
        if cs.decision is not None:
            opened = self._decision_opened
            if (
                opened is None
                or opened[0] != cs.decision.id
                or self.decision.toPlainText() == opened[1]  # not edited: follow the votes
            ):
                # the text being edited and the version it was read at (sent with the save)
                self.decision.setPlainText(cs.decision.text)
                self._decision_opened = (cs.decision.id, cs.decision.text, cs.decision.version)
            self.decision_state.setText(
                _("Vedtaket er lagra.") + (" " + _("Samrøystes.") if cs.decision.unanimous else "")
            )
            self.decision_button.setText(_("Lagre endra vedtakstekst") + SAVE_KEY_HINT)
            return
        self._decision_opened = None
        self.decision_button.setText(_("Lagre vedtaket") + SAVE_KEY_HINT)
        self.decision_state.setText(_("Ikkje gjort vedtak enno."))
        self.decision.setPlainText(self._prefill(cs))

    def _prefill(self, cs: ConsoleCase) -> str:
        vote = cs.decisive_vote
        if vote is None:
            return ""
        if vote.elected_person_id:
            return _("{name} vart vald.").format(name=self._name(vote.elected_person_id))
        p = cs.proposal(vote.adopted_proposal_id)
        if p is None:
            return ""
        text = p.text
        additions = [
            cs.proposal(v.adopted_proposal_id)
            for v in cs.votes
            if v is not vote and v.adopted_proposal_id is not None
        ]
        for a in additions:
            if a is not None and a.kind is ProposalKind.ADDITION:
                text += "\n" + a.text
        return text

    def _method(self) -> VoteMethod:
        return VoteMethod(self.method.currentData())

    def _show_recorded_method(self, vote: VoteOut, ballots: dict[int, str]) -> None:
        """A recorded vote as it was taken: its method; counted with named dissenters,
        the dissenters ticked (the smaller side) with the choice they made."""
        self.method.blockSignals(True)
        self.method.setCurrentIndex(max(self.method.findData(vote.method), 0))
        self.method.blockSignals(False)
        if vote.method is VoteMethod.COUNTS and vote.kind is not VoteKind.ELECTION:
            dissent = MOT if vote.votes_against <= vote.votes_for else FOR
            self._load_ticks({p: dissent for p, c in ballots.items() if c == dissent})

    # --- the ticks of a count with named dissenters --------------------------------------

    def _ticks(self) -> dict[int, str]:
        """The ticked dissenters with the choice they made ("mot" or "for")."""
        choice = MOT if self.dissent_choice.currentData() == BallotChoice.MOT else FOR
        return {
            int(self.dissenters.item(i).data(Qt.ItemDataRole.UserRole)): choice
            for i in range(self.dissenters.count())
            if self.dissenters.item(i).checkState() == Qt.CheckState.Checked
        }

    def _load_ticks(self, ticks: dict[int, str]) -> None:
        """Ticks from a draft (or a recorded count): the method, the choice and the names."""
        self._loading_ticks = True
        try:
            self.method.setCurrentIndex(max(self.method.findData(VoteMethod.COUNTS), 0))
            choices = set(ticks.values())
            if choices:
                wanted = BallotChoice.FOR if choices == {FOR} else BallotChoice.MOT
                self.dissent_choice.setCurrentIndex(max(self.dissent_choice.findData(wanted), 0))
            for i in range(self.dissenters.count()):
                item = self.dissenters.item(i)
                person = int(item.data(Qt.ItemDataRole.UserRole))
                item.setCheckState(
                    Qt.CheckState.Checked if person in ticks else Qt.CheckState.Unchecked
                )
        finally:
            self._loading_ticks = False
        self._update_tally()

    def _ticks_changed(self, *args: Any) -> None:
        if self._loading_ticks:
            return
        self._update_tally()
        cs = self.case
        if cs is None or self.target is None or self.last_vote is not None:
            return
        _case, proposal, against, _round = self.target
        self._save(
            voting.save_vote_draft,
            VoteDraftIn(
                case_id=cs.case.id,
                proposal_id=proposal,
                against_proposal_id=against,
                ballots=self._ticks(),
                method=VoteMethod.COUNTS,
            ),
        )

    def _show_jump(self, letters: str | None) -> None:
        self.jump_label.setVisible(letters is not None)
        if letters is not None:
            self.jump_label.setText(_("Hopp til: {letters}_").format(letters=letters))

    def _method_changed(self, *args: Any) -> None:
        method = self._method()
        page = {VoteMethod.ROLL_CALL: 0, VoteMethod.COUNTS: 1, VoteMethod.UNANIMOUS: 2}[method]
        self.pages.setCurrentIndex(page)
        self.keys.setVisible(page == 0 and self.last_vote is None)
        self._update_tally()
        if not self._loading_ticks and self.last_vote is None and args:
            # the method chosen is kept with the draft: counts keep their ticks
            if method is VoteMethod.COUNTS:
                self._ticks_changed()
            elif method is VoteMethod.ROLL_CALL:
                self._ballots_changed(dict(self.grid.grid.ballots))

    def _update_tally(self) -> None:
        cs = self.case
        if cs is None:
            return
        model = self.grid.grid
        counts = model.counts()
        missing = len(model.voters) - sum(counts.values())
        vote = self.last_vote
        if vote is not None:
            self.progress.emit(None)
            if vote.kind is VoteKind.ELECTION:
                self.tally.setText(_("Registrert: {n} røyster.").format(n=len(vote.ballots)))
            else:
                self.tally.setText(
                    _("Registrert: {f} for, {m} mot.").format(
                        f=vote.votes_for, m=vote.votes_against
                    )
                )
            return
        method = self._method()
        if method is VoteMethod.COUNTS and not model.election:
            ticks = self._ticks()
            voters = len(model.voters)
            marked = (
                BallotChoice.MOT
                if self.dissent_choice.currentData() == BallotChoice.MOT
                else BallotChoice.FOR
            )
            against = len(ticks) if marked is BallotChoice.MOT else voters - len(ticks)
            self.tally.setText(
                _("For: {f} · Mot: {m} · {n} røysteføre").format(
                    f=voters - against, m=against, n=voters
                )
            )
            self.progress.emit(None)
            return
        if method is not VoteMethod.ROLL_CALL:
            self.tally.setText(_("{n} røysteføre").format(n=len(model.voters)))
            self.progress.emit(None)
            return
        given = sum(counts.values())
        # on the projector from the first ballot on (before it, no vote is under way)
        self.progress.emit((given, len(model.voters)) if given else None)
        if model.election:
            parts = [f"{c.name}: {counts.get(str(c.person_id), 0)}" for c in model.candidates] + [
                _("Blank: {n}").format(n=counts.get(BLANK, 0))
            ]
        else:
            parts = [
                f"{model.for_word}: {counts.get(FOR, 0)}",
                f"{model.mot_word}: {counts.get(MOT, 0)}",
            ]
        parts.append(_("manglar: {n}").format(n=missing))
        self.tally.setText(" · ".join(parts))

    def _ballots_changed(self, ballots: dict[int, str]) -> None:
        self._update_tally()
        cs = self.case
        if cs is None or self.target is None:
            return
        _case, proposal, against, _round = self.target
        self._save(
            voting.save_vote_draft,
            VoteDraftIn(
                case_id=cs.case.id,
                proposal_id=proposal,
                against_proposal_id=against,
                ballots=ballots,
                method=VoteMethod.ROLL_CALL,
            ),
        )

    # --- actions ----------------------------------------------------------------------

    def record(self, *, chair_known: bool = False) -> None:
        cs = self.case
        if cs is None or not self.record_button.isEnabled():
            return
        if not chair_known and cs.voters.chair_person_id is None and cs.voters.voters:
            self.ask_chair(cs)  # C-1: the body elects a chair before it votes
            return
        method = self._method()
        model = self.grid.grid
        if cs.case.is_election:
            if not model.complete:
                self._decide_after = None
                self._say(_("Alle som møter, må røyste (blankt er lov ved val)."))
                return
            self._act(
                voting.record_election_round,
                ElectionIn(
                    case_id=cs.case.id,
                    ballots={p: None if c == BLANK else int(c) for p, c in model.ballots.items()},
                    final_round=self.final_round.isChecked(),
                ),
                then=lambda _r: self._discard(cs.case.id),
            )
            return
        if self.step is None:
            self._say(_("Det er ingen framlegg å røyste over."))
            return
        proposal = self.step.proposal_ids[0]
        against = self.step.proposal_ids[1] if len(self.step.proposal_ids) > 1 else None
        if method is VoteMethod.ROLL_CALL:
            if not model.complete:
                self._decide_after = None
                self._say(_("Alle som møter i saka, må røyste: fyll ut heile lista."))
                return
            data = VoteIn(
                case_id=cs.case.id,
                proposal_id=proposal,
                against_proposal_id=against,
                method=method,
                ballots={
                    p: BallotChoice.FOR if c == FOR else BallotChoice.MOT
                    for p, c in model.ballots.items()
                },
            )
        elif method is VoteMethod.COUNTS:
            dissenters = list(self._ticks())
            data = VoteIn(
                case_id=cs.case.id,
                proposal_id=proposal,
                against_proposal_id=against,
                method=method,
                dissenters=dissenters,
                dissent_choice=BallotChoice(self.dissent_choice.currentData()),
            )
        else:
            data = VoteIn(
                case_id=cs.case.id,
                proposal_id=proposal,
                against_proposal_id=against,
                method=method,
            )
        self._act(voting.record_vote, data, then=lambda _r: self._discard(cs.case.id))

    def record_with_decision(self) -> None:
        """Ctrl+Enter: record the vote; when it settles the case (no step left to vote
        on), its decision follows with the text the vote gives."""
        cs = self.case
        if cs is None or not self.record_button.isEnabled():
            return
        self._decide_after = (cs.case.id, len(cs.votes))
        self.record()

    def _decide_if_asked(self, cs: ConsoleCase) -> None:
        """After Ctrl+Enter: the decision once every step is voted on (not after a vote
        without quorum, nor in an election round that did not elect)."""
        asked = self._decide_after
        if asked is None or asked[0] != cs.case.id or len(cs.votes) <= asked[1]:
            return  # no vote recorded since Ctrl+Enter (yet: the chair may be asked first)
        self._decide_after = None
        vote = cs.decisive_vote
        if cs.decision is not None or vote is None or vote.outcome is VoteOutcome.NOT_QUORATE:
            return
        if cs.case.is_election:
            if not vote.elected_person_id:
                return
        elif any(cs.voted(step.proposal_ids[0]) is None for step in cs.plan):
            return
        self.save_decision()

    def ask_chair(self, cs: ConsoleCase) -> None:
        """Neither leiar nor nestleiar takes part: who did the body elect to chair the
        case? Recorded, then the vote is taken as it was typed."""
        dialog = ChairDialog(cs.case.label, cs.voters.voters, self)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.person_id() is None:
            self._say(_("Røystinga er ikkje registrert: saka manglar møteleiar."))
            return
        self._act(
            attendance.set_case_chair,
            # on the case as the console shows it (a case changed since is refused)
            ChairIn(
                case_id=cs.case.id, person_id=dialog.person_id(), expected_version=cs.case.version
            ),
            then=lambda _r: self.record(chair_known=True),
        )

    def decision_changed(self) -> bool:
        """The decision text was edited and not saved."""
        cs = self.case
        if cs is None or not self.isEnabled():
            return False
        text = self.decision.toPlainText().strip()
        saved = cs.decision.text if cs.decision is not None else self._prefill(cs).strip()
        return text != saved

    def leave_decision(self) -> bool:
        """Before moving on: an edited decision text is saved, thrown away, or the move
        is cancelled (False)."""
        if not self.decision_changed():
            return True
        cs = self.case
        assert cs is not None
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(_("Vedtaksteksten er ikkje lagra"))
        box.setText(
            _("Vedtaksteksten i sak {label} er endra, men ikkje lagra.").format(label=cs.case.label)
        )
        save = box.addButton(_("Lagre vedtaket"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(_("Forkast endringa"), QMessageBox.ButtonRole.DestructiveRole)
        cancel = box.addButton(_("Avbryt"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(save)
        box.exec()
        if box.clickedButton() is cancel:
            return False
        if box.clickedButton() is save:
            self.save_decision()
        else:
            self.decision.setPlainText(
                cs.decision.text if cs.decision is not None else self._prefill(cs)
            )
        return True

    def focus_grid(self) -> None:
        """The keyboard in the vote grid (the ticks of the named dissenters when the vote
        is counted so), at the first row still without a ballot."""
        if not self.isEnabled():
            return
        page = self.pages.currentWidget()
        if page is None or page is self.grid or not page.isEnabled():
            self.grid.focus_first_empty()
        elif self._method() is VoteMethod.COUNTS:
            self.dissenters.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def save_decision_key(self) -> None:
        """Ctrl+S: save the decision when the case tab can."""
        if self.isVisible() and self.decision_button.isEnabled():
            self.decision_button.click()

    def _discard(self, case_id: int) -> None:
        self._save(voting.discard_vote_draft, case_id)

    def draw_lots(self) -> None:
        vote = self.last_vote
        witnesses = self.witnesses.text().strip()
        if vote is None:
            return
        if len(witnesses) < 3:
            self._say(_("Skriv namna på vitna til loddtrekkinga."))
            return
        self._act(voting.draw_election_lots, LotsIn(vote_id=vote.id, witnesses=witnesses))

    def save_decision(self) -> None:
        cs = self.case
        if cs is None:
            return
        text = self.decision.toPlainText().strip()
        if cs.decision is not None:
            opened = self._decision_opened
            version = opened[2] if opened and opened[0] == cs.decision.id else cs.decision.version
            self._act(
                partial(voting.update_decision_text, expected_version=version),
                cs.decision.id,
                text,
                failed=self._decision_conflict,
            )
            return
        vote = cs.decisive_vote
        self._act(
            voting.record_decision,
            DecisionIn(case_id=cs.case.id, text=text or None, vote_id=vote.id if vote else None),
        )

    def _decision_conflict(self, exc: BaseException) -> bool:
        """Someone else saved the decision text first: the ConflictDialog asks whether to
        save this text over theirs, use theirs, or go back to the text typed."""
        if not (isinstance(exc, ChangedElsewhere) and isinstance(exc.current, DecisionOut)):
            return False
        current = exc.current
        opened = self._decision_opened
        mine = self.decision.toPlainText().strip()
        rows = differences(
            [("text", _("Vedtakstekst"))],
            {"text": opened[1] if opened else None},
            {"text": mine},
            {"text": current.text},
        )
        dialog = ConflictDialog(_("vedtaksteksten"), rows, self)

        def chosen(choice: str) -> None:
            self.conflict = None
            if choice == KEEP_MINE:
                self._decision_opened = (current.id, current.text, current.version)
                self.decision.setPlainText(mine)
                self.save_decision()
            elif choice == USE_STORED:
                self._decision_opened = (current.id, current.text, current.version)
                self.decision.setPlainText(current.text)
                self._say(
                    _("Endringane dine er forkasta; du ser det som er lagra for {what}.").format(
                        what=_("vedtaksteksten")
                    )
                )
            else:
                self._say(
                    _(
                        "Ikkje lagra: nokon andre har lagra {what} medan du arbeidde. Det du har "
                        "skrive, står her framleis; trykk Lagre for å velje på nytt."
                    ).format(what=_("vedtaksteksten"))
                )

        dialog.chosen.connect(chosen)
        self.conflict = dialog
        dialog.open()
        return True


def correcting(snap: ConsoleSnapshot) -> bool:
    """The meeting is held and its minutes not approved: decision texts are corrected."""
    return snap.ended and not snap.meeting.minutes_frozen


def _short(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
