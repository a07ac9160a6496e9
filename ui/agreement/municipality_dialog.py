"""One municipality in the agreement process: feedback, decision, signing, contact log."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable
from typing import Any

from pydantic import ValidationError
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from dvmeet.domain.agreement import NoteKind
from dvmeet.domain.enums import AgreementOutcome, CouncilKind
from dvmeet.errors import ChangedElsewhere
from dvmeet.i18n import _
from dvmeet.services import agreement
from dvmeet.services.agreement.models import (
    AgreementStatusOut,
    AttachmentIn,
    DecisionIn,
    FeedbackCorrection,
    FeedbackIn,
    FeedbackResult,
    MunicipalityDetail,
    NoteIn,
    NoteOut,
    SigningIn,
)
from dvmeet.services.models import explain_validation
from ui.agreement.models import cell_text
from ui.agreement.words import (
    council_label,
    fmt_date,
    note_word,
    outcome_label,
    qdate,
    tint,
    track_header,
)
from ui.conflict import KEEP_MINE, USE_STORED, ConflictDialog, differences, shown
from ui.errors import describe
from ui.registry.forms import OptionalDate, date_edit, date_of, error_label, hint_label
from ui.state import AppState


def _form() -> QFormLayout:
    form = QFormLayout()
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
    return form


def _fixed(edit: QWidget) -> QWidget:
    edit.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
    return edit


def _row(form: QFormLayout, text: str, widget: QWidget) -> None:
    caption = QLabel(text)
    caption.setBuddy(widget.check if isinstance(widget, OptionalDate) else widget)
    form.addRow(caption, widget)


def _fixed_date(name: str, accessible: str, value: dt.date) -> QDateEdit:
    edit = date_edit(name, accessible, value)
    _fixed(edit)
    return edit


def _link(reference: str) -> str:
    ref = html.escape(reference)
    if reference.startswith(("http://", "https://", "file:")):
        return f'<a href="{ref}">{ref}</a>'
    return ref


def notes_html(notes: list[NoteOut]) -> str:
    if not notes:
        return (
            "<p><i>" + html.escape(_("Ingen notat, tillegg eller tidlegare vedtak.")) + "</i></p>"
        )
    parts = []
    for n in notes:
        head = f"<b>{fmt_date(n.noted_on)} · {html.escape(note_word(n.kind))}</b>"
        if n.kind is NoteKind.AMENDMENT and n.change_of_principle:
            head += " · " + html.escape(_("ber om prinsipiell endring"))
        if n.actor:
            head += f" <span style='color:gray'>({html.escape(n.actor)})</span>"
        body = html.escape(n.text).replace("\n", "<br>")
        files = "".join(f"<br>📎 {_link(a)}" for a in n.attachments)
        parts.append(f"<p>{head}<br>{body}{files}</p>")
    return "".join(parts)


class MunicipalityDialog(QDialog):
    """Stays open while the secretary records several things; each save reloads it."""

    detail_loaded = Signal()

    def __init__(
        self, state: AppState, number: str, today: dt.date, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.state = state
        self.number = number
        self.today = today
        self.detail: MunicipalityDetail | None = None
        # the status each form was filled from (its version is sent with the save)
        self._opened: dict[str, AgreementStatusOut] = {}
        self.conflict: ConflictDialog | None = None
        self.setObjectName("municipality_dialog")
        self.setWindowTitle(_("Kommune i avtaleprosessen"))
        self.setModal(True)

        self.heading = QLabel()
        self.heading.setObjectName("municipality_heading")
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        self.cells = QLabel()
        self.cells.setObjectName("municipality_cells")
        self.cells.setTextFormat(Qt.TextFormat.RichText)
        self.cells.setWordWrap(True)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("municipality_tabs")
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self._feedback_tab(), _("&Tilbakemelding"))
        self.tabs.addTab(self._decision_tab(), _("&Vedtak og signering"))
        self.tabs.addTab(self._log_tab(), _("&Kontakt og logg"))
        self.error = error_label("municipality_error")
        self.notice = QLabel()
        self.notice.setObjectName("municipality_notice")
        self.notice.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("Lukk"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.cells)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.notice)
        layout.addWidget(buttons)
        self.resize(720, 620)
        self.setEnabled(False)
        self.reload()

    # --- tabs ---------------------------------------------------------------------------

    def _feedback_tab(self) -> QWidget:
        page = QWidget()
        self.feedback_state = QLabel()
        self.feedback_state.setObjectName("feedback_state")
        self.feedback_state.setWordWrap(True)
        self.feedback_state.setOpenExternalLinks(True)
        self.feedback_state.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.feedback_date = _fixed_date("feedback_date", _("Motteken"), self.today)
        self.feedback_summary = QPlainTextEdit()
        self.feedback_summary.setObjectName("feedback_summary")
        self.feedback_summary.setAccessibleName(_("Samandrag"))
        self.feedback_summary.setTabChangesFocus(True)
        self.feedback_summary.setMaximumHeight(self.fontMetrics().height() * 7)
        self.feedback_principle = QCheckBox(_("Ber om endring i prinsippa for avtalen"))
        self.feedback_principle.setObjectName("feedback_principle")
        self.feedback_attachment = QLineEdit()
        self.feedback_attachment.setObjectName("feedback_attachment")
        self.feedback_attachment.setAccessibleName(_("Vedlegg"))
        self.feedback_attachment.setPlaceholderText(_("Filsti eller lenke (valfritt)"))
        self.record_button = QPushButton(_("&Registrer tilbakemelding"))
        self.record_button.setObjectName("record_feedback")
        self.correct_button = QPushButton(_("&Rett registreringa"))
        self.correct_button.setObjectName("correct_feedback")
        self.correct_button.setToolTip(
            _("Rett skrivefeil i tilbakemeldinga slik ho vart ført (ikkje eit nytt innspel).")
        )
        self._correcting = False
        self.attach_button = QPushButton(_("&Legg ved"))
        self.attach_button.setObjectName("add_attachment")
        self.attach_button.setToolTip(_("Legg filstien eller lenka ved tilbakemeldinga."))
        form = _form()
        _row(form, _("&Motteken"), self.feedback_date)
        _row(form, _("&Samandrag"), self.feedback_summary)
        form.addRow("", self.feedback_principle)
        attach_row = QHBoxLayout()
        attach_row.addWidget(self.feedback_attachment, 1)
        attach_row.addWidget(self.attach_button)
        caption = QLabel(_("V&edlegg"))
        caption.setBuddy(self.feedback_attachment)
        form.addRow(caption, attach_row)
        self.feedback_hint = hint_label(
            _("Kvar kommune sender éi tilbakemelding. Kjem det meir seinare, blir det ført "
              "som tillegg i loggen.")
        )  # fmt: skip
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.correct_button)
        buttons.addWidget(self.record_button)
        self.feedback_form_title = QLabel()
        self.feedback_form_title.setObjectName("feedback_form_title")
        self.feedback_form_title.setWordWrap(True)
        layout = QVBoxLayout(page)
        layout.addWidget(self.feedback_state)
        layout.addSpacing(6)
        layout.addWidget(self.feedback_form_title)
        layout.addLayout(form)
        layout.addWidget(self.feedback_hint)
        layout.addStretch(1)
        layout.addLayout(buttons)
        self.record_button.clicked.connect(lambda _c=False: self._submit_feedback())
        self.correct_button.clicked.connect(lambda _c=False: self._toggle_correcting())
        self.attach_button.clicked.connect(lambda _c=False: self.attach())
        return page

    def _decision_tab(self) -> QWidget:
        page = QWidget()
        self.decision_date = _fixed_date("decision_date", _("Vedteke"), self.today)
        self.decision_body = QComboBox()
        self.decision_body.setObjectName("decision_body")
        self.decision_body.setAccessibleName(_("Organ"))
        for kind in CouncilKind:
            self.decision_body.addItem(council_label(kind), kind)
        self.decision_outcome = QComboBox()
        self.decision_outcome.setObjectName("decision_outcome")
        self.decision_outcome.setAccessibleName(_("Utfall"))
        for outcome in AgreementOutcome:
            self.decision_outcome.addItem(outcome_label(outcome), outcome)
        self.decision_reference = QLineEdit()
        self.decision_reference.setObjectName("decision_reference")
        self.decision_reference.setAccessibleName(_("Saksnummer"))
        self.decision_reference.setPlaceholderText(_("til dømes PS 45/24 (valfritt)"))
        self.decision_button = QPushButton(_("Lagre &vedtak"))
        _fixed(self.decision_button)
        self.decision_button.setObjectName("save_decision")
        self.signed = OptionalDate("signed_on", _("Signert"), None, self.today)
        self.signing_button = QPushButton(_("Lagre &signering"))
        _fixed(self.signing_button)
        self.signing_button.setObjectName("save_signing")
        form = _form()
        _row(form, _("&Vedteke"), self.decision_date)
        _row(form, _("&Organ"), self.decision_body)
        _row(form, _("&Utfall"), self.decision_outcome)
        _row(form, _("Sa&ksnummer"), self.decision_reference)
        form.addRow("", self.decision_button)
        form.addRow(QLabel(" "))
        _row(form, _("Avtalen &signert"), self.signed)
        form.addRow("", self.signing_button)
        layout = QVBoxLayout(page)
        layout.addLayout(form)
        layout.addWidget(
            hint_label(
                _(
                    "Eit nytt vedtak (til dømes etter ei utsetjing) erstattar det førre; det "
                    "førre blir teke vare på i loggen. Signering gjeld berre kommunar som har "
                    "slutta seg til."
                )
            )
        )
        layout.addStretch(1)
        self.decision_button.clicked.connect(lambda _c=False: self.save_decision())
        self.signing_button.clicked.connect(lambda _c=False: self.save_signing())
        return page

    def _log_tab(self) -> QWidget:
        page = QWidget()
        self.log = QTextBrowser()
        self.log.setObjectName("municipality_log")
        self.log.setAccessibleName(_("Logg"))
        self.log.setOpenExternalLinks(True)
        self.note_date = _fixed_date("note_date", _("Dato"), self.today)
        self.note_text = QPlainTextEdit()
        self.note_text.setObjectName("note_text")
        self.note_text.setAccessibleName(_("Notat"))
        self.note_text.setTabChangesFocus(True)
        self.note_text.setPlaceholderText(_("Kven de snakka med, og kva de vart samde om"))
        self.note_text.setMaximumHeight(self.fontMetrics().height() * 5)
        self.note_attachment = QLineEdit()
        self.note_attachment.setObjectName("note_attachment")
        self.note_attachment.setAccessibleName(_("Vedlegg til notatet"))
        self.note_attachment.setPlaceholderText(_("Filsti eller lenke (valfritt)"))
        self.note_button = QPushButton(_("Legg til &notat"))
        _fixed(self.note_button)
        self.note_button.setObjectName("add_note")
        form = _form()
        _row(form, _("&Dato"), self.note_date)
        _row(form, _("&Notat"), self.note_text)
        _row(form, _("V&edlegg"), self.note_attachment)
        form.addRow("", self.note_button)
        layout = QVBoxLayout(page)
        layout.addWidget(QLabel(_("Logg (nyaste først): tillegg, kontakt og tidlegare vedtak")))
        layout.addWidget(self.log, 1)
        layout.addLayout(form)
        self.note_button.clicked.connect(lambda _c=False: self.add_note())
        return page

    # --- loading ------------------------------------------------------------------------

    def reload(self) -> None:
        self.state.call(
            agreement.municipality_detail,
            self.number,
            self.today,
            on_done=self._loaded,
            on_error=self._failed,
        )

    def _loaded(self, detail: MunicipalityDetail) -> None:
        first = self.detail is None
        self.detail = detail
        st = detail.status
        self.setEnabled(True)
        self.setWindowTitle(_("{name} – avtaleprosessen").format(name=st.municipality_name))
        people = (
            _(", {n} innbyggjarar").format(n=f"{st.population:,}".replace(",", "\u00a0"))
            if st.population
            else ""
        )
        self.heading.setText(
            f"<h3 style='margin:0'>{html.escape(st.municipality_name)} "
            f"<span style='font-weight:normal'>({st.municipality_number})</span></h3>"
            f"{html.escape(council_label(st.council))}{html.escape(people)}"
        )
        cells = []
        for c in detail.cells:
            colour = tint(c.state)
            style = f"background:{colour.name()};" if colour else ""
            cells.append(
                f"<span style='{style}'>&nbsp;{html.escape(track_header(c.track))}: "
                f"{html.escape(cell_text(c))}&nbsp;</span>"
            )
        self.cells.setText(" &nbsp; ".join(cells))
        self._show_feedback(detail)
        if first:
            self._fill_decision(detail)
        self.log.setHtml(notes_html(detail.notes))
        self.detail_loaded.emit()

    def _show_feedback(self, detail: MunicipalityDetail) -> None:
        st = detail.status
        received = st.feedback_received_on is not None
        self._correcting = False
        if received:
            extra = []
            if st.change_of_principle:
                extra.append(_("ber om prinsipiell endring"))
            if st.amendments:
                extra.append(_("{n} tillegg i loggen").format(n=st.amendments))
            tail = f" ({html.escape(', '.join(extra))})" if extra else ""
            head = _("Motteken {date}").format(date=fmt_date(st.feedback_received_on))
            summary = html.escape(st.feedback_summary or "").replace("\n", "<br>")
            files = "".join(f"<br>📎 {_link(a)}" for a in st.feedback_attachments)
            self.feedback_state.setText(f"<b>{html.escape(head)}</b>{tail}<br>{summary}{files}")
        else:
            self.feedback_state.setText(_("Ingen tilbakemelding er motteken enno."))
        self.correct_button.setVisible(received)
        self.feedback_hint.setVisible(not received)
        self._blank_feedback_form()
        self._feedback_mode()

    def _blank_feedback_form(self) -> None:
        self.feedback_date.setDate(qdate(self.today))
        self.feedback_summary.clear()
        self.feedback_principle.setChecked(False)
        self.feedback_attachment.clear()

    def _feedback_mode(self) -> None:
        """New feedback, an amendment to it, or a correction of what was entered."""
        received = self.detail is not None and self.detail.status.feedback_received_on is not None
        if self._correcting:
            self.feedback_form_title.setText(
                _("<b>Rett det som vart ført</b> (skrivefeil, feil dato); ikkje eit nytt innspel:")
            )
            self.record_button.setText(_("Lagre &rettinga"))
            self.correct_button.setText(_("&Avbryt retting"))
        elif received:
            self.feedback_form_title.setText(
                _("<b>Nytt innspel frå kommunen</b>: kommunen har alt sendt tilbakemelding, så "
                  "dette blir ført som tillegg i loggen.")
            )  # fmt: skip
            self.record_button.setText(_("Før som &tillegg"))
            self.correct_button.setText(_("&Rett registreringa …"))
        else:
            self.feedback_form_title.setText(_("<b>Tilbakemeldinga frå kommunen</b>:"))
            self.record_button.setText(_("&Registrer tilbakemelding"))
        self.attach_button.setVisible(self._correcting)
        self.feedback_attachment.setPlaceholderText(
            _("Filsti eller lenke som skal leggjast ved tilbakemeldinga")
            if self._correcting
            else _("Filsti eller lenke (valfritt)")
        )

    def _toggle_correcting(self) -> None:
        st = self.detail.status if self.detail else None
        if st is None or st.feedback_received_on is None:
            return
        self._correcting = not self._correcting
        if self._correcting:
            self._opened["feedback"] = st  # the correction is based on this version
            self.feedback_date.setDate(qdate(st.feedback_received_on))
            self.feedback_summary.setPlainText(st.feedback_summary or "")
            self.feedback_principle.setChecked(st.change_of_principle)
            self.feedback_attachment.clear()
        else:
            self._blank_feedback_form()
        self._feedback_mode()

    def _submit_feedback(self) -> None:
        if self._correcting:
            self.correct_feedback()
        else:
            self.record_feedback()

    def _fill_decision(self, detail: MunicipalityDetail) -> None:
        st = detail.status
        self._opened["decision"] = st  # the decision and signing forms show this version
        body = st.council_body or st.council
        self.decision_body.setCurrentIndex(list(CouncilKind).index(body))
        if st.council_outcome is not None:
            self.decision_outcome.setCurrentIndex(list(AgreementOutcome).index(st.council_outcome))
        if st.council_decision_on:
            self.decision_date.setDate(qdate(st.council_decision_on))
        self.decision_reference.setText(st.council_case_reference or "")
        self.signed.check.setChecked(st.signed_on is not None)
        if st.signed_on:
            self.signed.edit.setDate(qdate(st.signed_on))

    # --- saving -------------------------------------------------------------------------

    def _failed(self, exc: BaseException) -> None:
        self.setEnabled(True)
        self.error.setText(describe(exc))
        self.error.setVisible(True)

    def _save(
        self,
        build: Callable[[], Any],
        service: Callable[..., Any],
        said: Callable[[Any], str],
        after: Callable[[], None] | None = None,
        form: str | None = None,
    ) -> None:
        """`form` ("decision", "signing", "feedback"): the form the data comes from, whose
        version is sent; a save someone else got in before opens the ConflictDialog."""
        self.error.setVisible(False)
        self.notice.clear()
        try:
            data = build()
        except ValidationError as exc:
            self.error.setText("\n".join(explain_validation(exc)))
            self.error.setVisible(True)
            return
        based_on = getattr(data, "expected_version", None)
        if based_on is None and self.detail is not None:
            based_on = self.detail.status.version

        def done(result: Any) -> None:
            # this dialog's own save: forms opened on the version it replaced stay current
            saved = getattr(result, "version", None)
            for key, st in list(self._opened.items()):
                if saved is not None and st.version == based_on:
                    self._opened[key] = st.model_copy(update={"version": saved})
            text = said(result)
            self.notice.setText(text)
            self.state.message.emit(text)
            if after is not None:
                after()
            self.reload()

        def failed(exc: BaseException) -> None:
            if (
                form is not None
                and isinstance(exc, ChangedElsewhere)
                and isinstance(exc.current, AgreementStatusOut)
            ):
                self._changed_elsewhere(
                    form, data, exc.current, lambda: self._save(build, service, said, after, form)
                )
                return
            self._failed(exc)

        self.state.call(service, data, on_done=done, on_error=failed)

    def _set_field(self, key: str, value: Any) -> None:
        """Show a value of the status in its input field."""
        if key == "decided_on" and value is not None:
            self.decision_date.setDate(qdate(value))
        elif key == "outcome" and value is not None:
            self.decision_outcome.setCurrentIndex(list(AgreementOutcome).index(value))
        elif key == "council_body" and value is not None:
            self.decision_body.setCurrentIndex(list(CouncilKind).index(value))
        elif key == "case_reference":
            self.decision_reference.setText(value or "")
        elif key == "signed_on":
            self.signed.set_value(value)
        elif key == "received_on" and value is not None:
            self.feedback_date.setDate(qdate(value))
        elif key == "summary":
            self.feedback_summary.setPlainText(value or "")
        elif key == "change_of_principle":
            self.feedback_principle.setChecked(bool(value))

    def _version(self, form: str) -> int:
        opened = self._opened.get("decision" if form == "signing" else form)
        if opened is not None:
            return opened.version
        return self.detail.status.version if self.detail is not None else 0

    def _changed_elsewhere(
        self, form: str, data: Any, current: AgreementStatusOut, again: Callable[[], None]
    ) -> None:
        """Someone else saved the municipality's status first: show what differs and let
        the user save on top of it, use what is saved, or go back to the form."""
        key = "decision" if form == "signing" else form
        opened = self._opened.get(key, current)
        fields = _status_fields(form)
        mine = {k: getattr(data, k, None) for k, _label in fields}
        rows = differences(
            fields, _status_values(form, opened), mine, _status_values(form, current), _shown
        )
        dialog = ConflictDialog(
            _("avtalestatusen til {name}").format(name=current.municipality_name), rows, self
        )

        def chosen(choice: str) -> None:
            self.conflict = None
            if choice == KEEP_MINE:
                # the fields I changed go over theirs; the others stay as they saved them
                before = _status_values(form, opened)
                for field, value in _status_values(form, current).items():
                    if mine.get(field) == before.get(field):
                        self._set_field(field, value)
                self._opened[key] = current  # overwrite knowingly, on what is saved now
                again()
            elif choice == USE_STORED:
                self.detail = None  # the next load fills the forms with what is saved
                self.reload()
            else:
                self.error.setText(
                    _(
                        "Ikkje lagra: nokon andre har lagra {what} medan du arbeidde. Det du har "
                        "skrive, står her framleis; trykk Lagre for å velje på nytt."
                    ).format(
                        what=_("avtalestatusen til {name}").format(name=current.municipality_name)
                    )
                )
                self.error.setVisible(True)

        dialog.chosen.connect(chosen)
        self.conflict = dialog
        dialog.open()

    def _name(self) -> str:
        return self.detail.status.municipality_name if self.detail else self.number

    def record_feedback(self) -> None:
        def said(result: FeedbackResult) -> str:
            return result.message

        self._save(
            lambda: FeedbackIn(
                number=self.number,
                received_on=date_of(self.feedback_date),
                summary=self.feedback_summary.toPlainText(),
                change_of_principle=self.feedback_principle.isChecked(),
                attachment=self.feedback_attachment.text(),
            ),
            agreement.record_feedback,
            said,
            self.feedback_attachment.clear,
        )

    def correct_feedback(self) -> None:
        self._save(
            lambda: FeedbackCorrection(
                number=self.number,
                received_on=date_of(self.feedback_date),
                summary=self.feedback_summary.toPlainText(),
                change_of_principle=self.feedback_principle.isChecked(),
                expected_version=self._version("feedback"),
            ),
            agreement.correct_feedback,
            lambda _r: _("{name}: tilbakemeldinga er retta.").format(name=self._name()),
            form="feedback",
        )

    def attach(self) -> None:
        self._save(
            lambda: AttachmentIn(number=self.number, reference=self.feedback_attachment.text()),
            agreement.add_attachment,
            lambda _r: _("{name}: vedlegget er lagt ved.").format(name=self._name()),
            self.feedback_attachment.clear,
        )

    def save_decision(self) -> None:
        self._save(
            lambda: DecisionIn(
                number=self.number,
                decided_on=date_of(self.decision_date),
                outcome=self.decision_outcome.currentData(),
                council_body=self.decision_body.currentData(),
                case_reference=self.decision_reference.text(),
                expected_version=self._version("decision"),
            ),
            agreement.record_decision,
            lambda st: _("{name}: vedtaket er lagra ({outcome}).").format(
                name=st.municipality_name, outcome=outcome_label(st.council_outcome).lower()
            ),
            form="decision",
        )

    def save_signing(self) -> None:
        self._save(
            lambda: SigningIn(
                number=self.number,
                signed_on=self.signed.value(),
                expected_version=self._version("signing"),
            ),
            agreement.record_signing,
            lambda st: (
                _("{name}: signert {date}.").format(
                    name=st.municipality_name, date=fmt_date(st.signed_on)
                )
                if st.signed_on
                else _("{name}: signeringa er fjerna.").format(name=st.municipality_name)
            ),
            form="signing",
        )

    def add_note(self) -> None:
        self._save(
            lambda: NoteIn(
                number=self.number,
                noted_on=date_of(self.note_date),
                text=self.note_text.toPlainText(),
                attachment=self.note_attachment.text(),
            ),
            agreement.add_contact_note,
            lambda _r: _("{name}: notatet er lagt til.").format(name=self._name()),
            self._clear_note,
        )

    def _clear_note(self) -> None:
        self.note_text.clear()
        self.note_attachment.clear()


def _status_fields(form: str) -> list[tuple[str, str]]:
    """The fields of a form as (input field, label), for the ConflictDialog."""
    if form == "feedback":
        return [
            ("received_on", _("Motteken")),
            ("summary", _("Samandrag")),
            ("change_of_principle", _("Prinsipiell endring")),
        ]
    if form == "signing":
        return [("signed_on", _("Signert"))]
    return [
        ("decided_on", _("Vedtaksdato")),
        ("outcome", _("Vedtak")),
        ("council_body", _("Organ")),
        ("case_reference", _("Saksnummer")),
    ]


def _status_values(form: str, st: AgreementStatusOut) -> dict[str, Any]:
    """What a status says in a form's input fields."""
    if form == "feedback":
        return {
            "received_on": st.feedback_received_on,
            "summary": st.feedback_summary,
            "change_of_principle": st.change_of_principle,
        }
    if form == "signing":
        return {"signed_on": st.signed_on}
    return {
        "decided_on": st.council_decision_on,
        "outcome": st.council_outcome,
        "council_body": st.council_body,
        "case_reference": st.council_case_reference,
    }


def _shown(key: str, value: Any) -> str:
    """A value of the status as the ConflictDialog shows it."""
    if value is None:
        return shown(value)
    if key == "outcome":
        return outcome_label(AgreementOutcome(value))
    if key == "council_body":
        return council_label(CouncilKind(value))
    if isinstance(value, dt.date):
        return fmt_date(value)
    return shown(value)
