"""The Møtebok panel of a held meeting: preview, remarks, approval and export (B-1..B-4)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from dvmeet.domain.enums import MeetingStatus
from dvmeet.errors import ChangedElsewhere
from dvmeet.i18n import _
from dvmeet.services import minutes
from ui.colours import accent, message_style
from ui.meetings import export
from ui.meetings.form import error_label, problem_text
from ui.progress import run_with_progress
from ui.state import AppState

if TYPE_CHECKING:  # the panel is built before the core is imported (the Møte view's start)
    from dvmeet.services.context import Context
    from dvmeet.services.exports import Written
    from dvmeet.services.meetings.models import MeetingOut
    from dvmeet.services.minutes.models import (
        ApprovalChoices,
        CorrectionTarget,
        HtmlColours,
        MinutesDraft,
        MinutesPreview,
        RemarksOut,
    )
    from ui.conflict import ConflictDialog
    from ui.meetings.approve_dialog import ApproveMinutesDialog


def _preview(ctx: Context, meeting_id: int, public: bool, colours: HtmlColours) -> MinutesPreview:
    return minutes.minutes_preview(ctx, meeting_id, public=public, colours=colours)


class MinutesPanel(QWidget):
    """Shown for a meeting that has been held; read-only once the minutes are approved."""

    approved = Signal(int)
    remarks_saved = Signal(int)

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("minutes_panel")
        self.state = state
        self.meeting: MeetingOut | None = None
        self.draft: MinutesDraft | None = None
        self.dialog: ApproveMinutesDialog | None = None
        self._request = 0

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.setSpacing(12)

        preview_box = QVBoxLayout()
        switch = QHBoxLayout()
        switch.addWidget(QLabel(_("Førehandsvising:")))
        self.version_group = QButtonGroup(self)
        self.internal = QRadioButton(_("Intern"))
        self.internal.setObjectName("preview_internal")
        self.internal.setChecked(True)
        self.public = QRadioButton(_("Offentleg"))
        self.public.setObjectName("preview_public")
        self.version_group.addButton(self.internal)
        self.version_group.addButton(self.public)
        self.public.toggled.connect(lambda _checked: self.reload())
        switch.addWidget(self.internal)
        switch.addWidget(self.public)
        switch.addStretch(1)
        preview_box.addLayout(switch)
        self.preview = QTextBrowser()
        self.preview.setObjectName("minutes_preview")
        self.preview.setAccessibleName(_("Førehandsvising av møteboka"))
        self.preview.setOpenLinks(False)
        self.preview.document().setDocumentMargin(18)
        preview_box.addWidget(self.preview, 1)
        layout.addLayout(preview_box, 1)

        side = QVBoxLayout()
        side.setSpacing(10)
        remarks_box = QGroupBox(_("Merknader til møteboka"))
        remarks_layout = QVBoxLayout(remarks_box)
        self.remarks = QPlainTextEdit()
        self.remarks.setObjectName("remarks")
        self.remarks.setAccessibleName(_("Merknader til møteboka"))
        self.remarks.setTabChangesFocus(True)
        self.remarks.setMinimumHeight(self.remarks.fontMetrics().lineSpacing() * 2 + 12)
        self.remarks.setPlaceholderText(_("Til dømes merknader til innkalling og sakliste"))
        self.remarks.textChanged.connect(self._remarks_edited)
        remarks_layout.addWidget(self.remarks)
        self.save_remarks = QPushButton(_("Lagre merknader"))
        self.save_remarks.setObjectName("save_remarks")
        self.save_remarks.setEnabled(False)
        self.save_remarks.clicked.connect(self.store_remarks)
        remarks_layout.addWidget(self.save_remarks, 0, Qt.AlignmentFlag.AlignRight)
        side.addWidget(remarks_box)

        approve_box = QGroupBox(_("Godkjenning"))
        approve_layout = QVBoxLayout(approve_box)
        self.approval_text = QLabel()
        self.approval_text.setObjectName("approval_text")
        self.approval_text.setWordWrap(True)
        approve_layout.addWidget(self.approval_text)
        self.approve_button = QPushButton(_("Godkjenn møteboka …"))
        self.approve_button.setObjectName("approve")
        self.approve_button.clicked.connect(self.open_approval)
        approve_layout.addWidget(self.approve_button)
        # B-3: approved minutes are corrected by new, linked records
        self.correct_button = QPushButton(_("Legg til retting …"))
        self.correct_button.setObjectName("correct")
        self.correct_button.clicked.connect(self.open_correction)
        approve_layout.addWidget(self.correct_button)
        # issue 19: the signatories sign the approved møtebok (PAdES) in the app
        self.sign_button = QPushButton(_("Signer møteboka …"))
        self.sign_button.setObjectName("sign_minutes")
        self.sign_button.clicked.connect(self.open_signing)
        approve_layout.addWidget(self.sign_button)
        side.addWidget(approve_box)

        export_box = QGroupBox(_("Eksport"))
        export_layout = QVBoxLayout(export_box)
        self.export_internal = QPushButton(_("Intern møtebok (PDF) …"))
        self.export_internal.setObjectName("export_internal")
        self.export_internal.clicked.connect(lambda: self.export_minutes(public=False))
        self.export_public = QPushButton(_("Offentleg møtebok (PDF) …"))
        self.export_public.setObjectName("export_public")
        self.export_public.clicked.connect(lambda: self.export_minutes(public=True))
        self.export_pages = QPushButton(_("Offentlege nettsider (HTML) …"))
        self.export_pages.setObjectName("export_pages")
        self.export_pages.setToolTip(
            _("Offentleg innkalling og møtebok som nettsider (HTML) for nettstaden")
        )
        self.export_pages.clicked.connect(self.export_public_pages)
        # issue 19: the hand-off to the archive through Fiks Arkiv, and the references back
        self.export_fiks = QPushButton(_("Arkiver …"))
        self.export_fiks.setObjectName("export_arkivmelding")
        self.export_fiks.clicked.connect(self.export_arkivmelding)
        self.archive_refs = QPushButton(_("Arkivreferansar …"))
        self.archive_refs.setObjectName("archive_refs")
        self.archive_refs.setToolTip(
            _("Saksnummer, journalpostnummer, arkivdel og klasse i arkivet, for møtet og sakene")
        )
        self.archive_refs.clicked.connect(self.open_archive_refs)
        self.export_archive = QPushButton(_("Arkivpakke (PDF/A og JSON) …"))
        self.export_archive.setObjectName("export_archive")
        self.export_archive.clicked.connect(self.export_archive_package)
        for button in (
            self.export_internal,
            self.export_public,
            self.export_pages,
            self.export_fiks,
            self.archive_refs,
            self.export_archive,
        ):
            export_layout.addWidget(button)
        side.addWidget(export_box)
        self.message = error_label(self)
        side.addWidget(self.message)
        side.addStretch(1)
        side_widget = QWidget()
        side_widget.setLayout(side)
        side_widget.setFixedWidth(270)
        side.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(side_widget)
        self._loaded_remarks = ""
        # the version of the remarks being edited (sent with the save; None: not loaded)
        self._remarks_version: int | None = None
        self.conflict: ConflictDialog | None = None

    # --- state --------------------------------------------------------------------------

    @property
    def frozen(self) -> bool:
        return self.meeting is not None and self.meeting.minutes_frozen

    def set_meeting(self, meeting: MeetingOut) -> None:
        same = self.meeting is not None and self.meeting.id == meeting.id
        self.meeting = meeting
        if not same:
            self.preview.clear()
            self.message.setVisible(False)
        self._update_controls()
        self.reload()

    def reload(self) -> None:
        if self.meeting is None or not self.state.is_open:
            return
        from dvmeet.services.minutes.models import HtmlColours

        self._request += 1
        request = self._request
        self.state.call(
            _preview,
            self.meeting.id,
            self.public.isChecked(),
            HtmlColours(muted=accent("muted"), error=accent("error")),
            on_done=lambda preview: self._show(request, preview),
            on_error=self._failed,
        )

    def _show(self, request: int, preview: MinutesPreview) -> None:
        draft = preview.draft
        if request != self._request or self.meeting is None or draft.meeting_id != self.meeting.id:
            return
        self.draft = draft
        scroll = self.preview.verticalScrollBar().value()
        self.preview.setHtml(preview.html)
        self.preview.verticalScrollBar().setValue(scroll)
        if not self.remarks.document().isModified():
            self._loaded_remarks = draft.remarks or ""
            self._remarks_version = preview.remarks_version
            self.remarks.blockSignals(True)
            self.remarks.setPlainText(self._loaded_remarks)
            self.remarks.blockSignals(False)
            self.remarks.document().setModified(False)
            self.save_remarks.setEnabled(False)
        a = draft.approval
        if a is not None:
            signers = ", ".join(a.signatories)
            self.approval_text.setText(
                _("Godkjend {date}.").format(date=f"{a.approved_on:%d.%m.%Y}")
                + (" " + _("Underskrivarar: {names}.").format(names=signers) if signers else "")
            )
        else:
            self.approval_text.setText(_("Møteboka er eit utkast og er ikkje godkjend."))
        self._update_controls()

    def _update_controls(self) -> None:
        frozen = self.frozen
        self.remarks.setReadOnly(frozen)
        self.remarks.setPlaceholderText(
            _("Ingen merknader.") if frozen else _("Til dømes merknader til innkalling og sakliste")
        )
        self.save_remarks.setVisible(not frozen)
        held = self.meeting is not None and self.meeting.status is MeetingStatus.HELD
        self.approve_button.setEnabled(held and not frozen)
        self.approve_button.setVisible(not frozen)
        self.correct_button.setVisible(frozen)
        self.sign_button.setVisible(frozen)
        self.export_internal.setEnabled(True)
        self.export_public.setEnabled(True)
        self.export_archive.setEnabled(frozen)
        self.export_archive.setToolTip(
            _("dvmeet si eiga arkivpakke: PDF/A-filer med metadata.json, utan Fiks Arkiv")
            if frozen
            else _("Arkivpakka kan lagast når møteboka er godkjend.")
        )
        self.export_fiks.setEnabled(frozen)
        self.export_fiks.setToolTip(
            _("Arkivmelding til Fiks Arkiv med innkalling, sakspapir og godkjend møtebok")
            if frozen
            else _("Møtet kan arkiverast når møteboka er godkjend.")
        )

    def _failed(self, exc: BaseException) -> None:
        self.show_message(problem_text(exc))

    def show_message(self, text: str, ok: bool = False) -> None:
        self.message.setText(text)
        self.message.setToolTip("")
        self.message.setStyleSheet(message_style("QLabel#form_error", ok))
        self.message.setVisible(bool(text))

    # --- remarks ------------------------------------------------------------------------

    def _remarks_edited(self) -> None:
        self.save_remarks.setEnabled(
            not self.frozen and self.remarks.toPlainText() != self._loaded_remarks
        )

    def store_remarks(self) -> None:
        if self.meeting is None or self.frozen:
            return
        text = self.remarks.toPlainText().strip()
        meeting_id = self.meeting.id

        def done(result: RemarksOut) -> None:
            self._loaded_remarks = text
            self._remarks_version = result.version
            self.remarks.document().setModified(False)
            self.save_remarks.setEnabled(False)
            self.show_message(_("Merknadene er lagra."), ok=True)
            self.remarks_saved.emit(meeting_id)
            self.reload()

        from dvmeet.services.minutes.models import RemarksIn

        try:
            data = RemarksIn(
                meeting_id=meeting_id, remarks=text, expected_version=self._remarks_version
            )
        except ValueError as exc:
            self.show_message(problem_text(exc))
            return
        self.save_remarks.setEnabled(False)
        self.state.call(
            minutes.set_remarks,
            data,
            on_done=done,
            on_error=self._remarks_failed,
        )

    def _remarks_failed(self, exc: BaseException) -> None:
        from dvmeet.services.minutes.models import RemarksOut

        self.save_remarks.setEnabled(True)
        if isinstance(exc, ChangedElsewhere) and isinstance(exc.current, RemarksOut):
            self._remarks_changed_elsewhere(exc.current)
            return
        self._failed(exc)

    def _remarks_changed_elsewhere(self, current: RemarksOut) -> None:
        """Someone else saved the remarks first: the ConflictDialog asks what to do."""
        from ui.conflict import differences, open_conflict

        rows = differences(
            [("remarks", _("Merknader til møteboka"))],
            {"remarks": self._loaded_remarks or None},
            {"remarks": self.remarks.toPlainText().strip() or None},
            {"remarks": current.remarks},
        )

        def save_mine() -> None:
            self._remarks_version = current.version  # overwrite knowingly
            self.store_remarks()

        open_conflict(
            self,
            self.state,
            _("merknadene til møteboka"),
            rows,
            area="minutes",
            save_mine=save_mine,
            back_to_form=self.show_message,
        )

    def reject(self) -> None:
        """«Bruk det som er lagra» in the ConflictDialog: drop the remarks typed."""
        self.remarks.document().setModified(False)
        self._remarks_version = None
        self.reload()

    # --- approval -----------------------------------------------------------------------

    def open_approval(self) -> None:
        if self.meeting is None or self.frozen:
            return
        if self.remarks.document().isModified() and self.save_remarks.isEnabled():
            self.show_message(_("Lagre merknadene før du godkjenner møteboka."))
            return
        self.approve_button.setEnabled(False)
        self.state.call(
            minutes.approval_choices,
            self.meeting.id,
            on_done=self._open_dialog,
            on_error=self._choices_failed,
        )

    def _choices_failed(self, exc: BaseException) -> None:
        self._update_controls()
        self._failed(exc)

    def _open_dialog(self, choices: ApprovalChoices) -> None:
        from ui.meetings.approve_dialog import ApproveMinutesDialog

        self._update_controls()
        dialog = ApproveMinutesDialog(self.state, choices, self)
        dialog.saved.connect(lambda _draft: self._approved(choices.meeting_id))
        dialog.finished.connect(lambda _r: self._forget_dialog(dialog))
        self.dialog = dialog
        dialog.open()

    def _forget_dialog(self, dialog: ApproveMinutesDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    def _approved(self, meeting_id: int) -> None:
        self.show_message(_("Møteboka er godkjend, og møtet er låst."), ok=True)
        self.state.message.emit(_("Møteboka er godkjend."))
        self.approved.emit(meeting_id)

    # --- corrections (B-3) -------------------------------------------------------------

    def open_correction(self) -> None:
        if self.meeting is None or not self.frozen:
            return
        meeting_id = self.meeting.id
        self.correct_button.setEnabled(False)

        def failed(exc: BaseException) -> None:
            self.correct_button.setEnabled(True)
            self._failed(exc)

        self.state.call(
            minutes.correction_targets,
            meeting_id,
            on_done=lambda targets: self._open_correction(meeting_id, targets),
            on_error=failed,
        )

    def _open_correction(self, meeting_id: int, targets: list[CorrectionTarget]) -> None:
        from ui.meetings.correction_dialog import CorrectionDialog

        self.correct_button.setEnabled(True)
        dialog = CorrectionDialog(self.state, meeting_id, targets, self)
        dialog.saved.connect(
            lambda _c: self.show_message(_("Rettinga er lagd til møteboka."), ok=True)
        )
        dialog.finished.connect(lambda _r: dialog.deleteLater())
        self.correction_dialog = dialog
        dialog.open()

    # --- export -------------------------------------------------------------------------

    def export_minutes(self, public: bool) -> None:
        from dvmeet.services.exports import export_minutes

        if self.meeting is None:
            return
        folder = export.choose_folder(self, _("Vel mappe for møteboka"))
        if folder is None:
            return
        title = _("Lagar møteboka …")
        job = partial(export_minutes, public=public)
        self._run_export(title, job, self.meeting.id, folder)

    def export_public_pages(self) -> None:
        from dvmeet.services.exports import export_public_pages

        if self.meeting is None:
            return
        folder = export.choose_folder(self, _("Vel mappe for nettsidene"))
        if folder is None:
            return
        self._run_export(_("Lagar nettsidene …"), export_public_pages, self.meeting.id, folder)

    def export_archive_package(self) -> None:
        from dvmeet.services.exports import export_archive

        if self.meeting is None:
            return
        folder = export.choose_folder(self, _("Vel mappe for arkivpakka"))
        if folder is None:
            return
        self._run_export(_("Lagar arkivpakka …"), export_archive, self.meeting.id, folder)

    def export_arkivmelding(self) -> None:
        from dvmeet.services.archive import export_arkivmelding
        from dvmeet.services.exports import Written

        if self.meeting is None:
            return
        folder = export.choose_folder(self, _("Vel mappe for arkivmeldinga"))
        if folder is None:
            return
        run_with_progress(
            self.state,
            self,
            _("Lagar arkivmeldinga …"),
            export_arkivmelding,
            self.meeting.id,
            folder,
            on_done=lambda written: self._exported(
                Written([*written.messages, *written.documents])
            ),
            on_error=self._failed,
        )

    def open_signing(self) -> None:
        from ui.archive.sign_dialog import SignMinutesDialog

        if self.meeting is None:
            return
        SignMinutesDialog(self.state, self.meeting.id, self).open()

    def open_archive_refs(self) -> None:
        from ui.archive.refs_dialog import ArchiveRefsDialog

        if self.meeting is None:
            return
        ArchiveRefsDialog(self.state, self.meeting.id, self).open()

    def _run_export(
        self, title: str, job: Callable[..., Any], meeting_id: int, folder: Path
    ) -> None:
        run_with_progress(
            self.state,
            self,
            title,
            job,
            meeting_id,
            folder,
            on_done=self._exported,
            on_error=self._failed,
        )

    def _exported(self, written: Written) -> None:
        if len(written.files) > 2 and written.folder is not None:  # the archive package
            self.show_message(
                _("Lagra {count} filer i «{name}».").format(
                    count=len(written.files), name=written.folder.name
                ),
                ok=True,
            )
            self.message.setToolTip(str(written.folder))
            self.state.message.emit(
                _("Lagra {count} filer i mappa {folder}.").format(
                    count=len(written.files), folder=written.folder
                )
            )
            return
        names = "\n".join(p.name for p in written.files)
        self.show_message(
            _("Lagra i {folder}:\n{names}").format(folder=written.folder, names=names), ok=True
        )
        self.state.message.emit(_("Eksportert: {names}").format(names=names.replace("\n", ", ")))
