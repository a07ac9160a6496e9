"""«Tillitsrøter for signaturar …» (issue 19): the CA certificates this installation trusts
when it checks the signatures on the minutes, kept in the database for everyone using it;
each listed with its subject, issuer and expiry; added from PEM or DER files and removed."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from dvmeet.errors import DvmeetError
from dvmeet.i18n import _
from dvmeet.services import signing
from dvmeet.services.signing.models import TrustRootIn, TrustRootOut
from ui.colours import message_style
from ui.meetings.form import error_label, problem_text
from ui.state import AppState


def choose_certificate_file(parent: QWidget | None) -> Path | None:
    """Ask for a CA certificate file (tests replace this function)."""
    path, _filter = QFileDialog.getOpenFileName(
        parent,
        _("Vel CA-sertifikatet"),
        "",
        _("Sertifikat (*.pem *.crt *.cer *.der);;Alle filer (*)"),
    )
    return Path(path) if path else None


def confirm_remove(parent: QWidget, subject: str) -> bool:
    """Ask before a root is removed (tests replace this function)."""
    answer = QMessageBox.question(
        parent,
        _("Fjern tillitsrota"),
        _(
            "Fjerne «{subject}» som tillitsrot? Signaturar med sertifikat frå denne "
            "utferdaren blir då viste som ikkje tiltrudde."
        ).format(subject=subject),
    )
    return answer == QMessageBox.StandardButton.Yes


class TrustRootsDialog(QDialog):
    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.setObjectName("trust_roots_dialog")
        title = _("Tillitsrøter for signaturar")
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.setModal(True)
        self.setMinimumSize(720, 380)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(18, 16, 18, 14)
        outer.setSpacing(10)
        intro = QLabel(
            _(
                "Signaturane på møtebøkene blir kontrollerte mot desse CA-sertifikata. Ein "
                "signatur er tiltrudd når sertifikatet til underskrivaren er utferda av ei "
                "av dei (til dømes rotsertifikatet til Buypass eller Commfides). Lista gjeld "
                "alle som brukar denne databasen."
            )
        )
        intro.setWordWrap(True)
        outer.addWidget(intro)
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("trust_roots")
        self.table.setAccessibleName(_("Tillitsrøtene"))
        self.table.setHorizontalHeaderLabels([_("Sertifikat"), _("Utferda av"), _("Gyldig til")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        outer.addWidget(self.table, 1)
        self.empty = QLabel(
            _("Ingen tillitsrøter enno: signaturane blir viste som ikkje tiltrudde.")
        )
        self.empty.setObjectName("no_roots")
        outer.addWidget(self.empty)
        self.message = error_label(self)
        outer.addWidget(self.message)

        buttons = QDialogButtonBox()
        self.add_button = QPushButton(_("&Legg til frå fil …"))
        self.add_button.setObjectName("add_root")
        self.add_button.clicked.connect(self.add)
        buttons.addButton(self.add_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.remove_button = QPushButton(_("&Fjern"))
        self.remove_button.setObjectName("remove_root")
        self.remove_button.clicked.connect(self.remove)
        buttons.addButton(self.remove_button, QDialogButtonBox.ButtonRole.ActionRole)
        close = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.setText(_("Lukk"))
        buttons.rejected.connect(self.reject)
        outer.addWidget(buttons)
        self.roots: list[TrustRootOut] = []
        self._busy = True
        self._set_busy(True)
        self.state.call(signing.trust_roots, on_done=self._show, on_error=self._failed)

    def _show(self, roots: list[TrustRootOut]) -> None:
        self.roots = roots
        self.table.setRowCount(len(roots))
        for row, root in enumerate(roots):
            for column, text in enumerate(
                (root.subject, root.issuer, f"{root.not_after:%d.%m.%Y}")
            ):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.empty.setVisible(not roots)
        self._set_busy(False)

    def _selection_changed(self) -> None:
        self._set_busy(self._busy)

    def _selected(self) -> TrustRootOut | None:
        rows = {i.row() for i in self.table.selectedIndexes()}
        return self.roots[rows.pop()] if len(rows) == 1 else None

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.add_button.setEnabled(not busy)
        self.remove_button.setEnabled(not busy and self._selected() is not None)

    def add(self) -> None:
        if self._busy:
            return
        path = choose_certificate_file(self)
        if path is None:
            return
        try:
            content = path.read_bytes()
            data = TrustRootIn(content=content, file_name=path.name)
        except OSError as exc:
            self.show_message(
                _("Kunne ikkje lese {where}: {reason}").format(
                    where=path, reason=exc.strerror or exc
                )
            )
            return
        except ValueError as exc:  # empty or far too large for a certificate file
            self.show_message(problem_text(exc))
            return
        self._set_busy(True)
        count = len(self.roots)

        def added(roots: list[TrustRootOut]) -> None:
            self._show(roots)
            self.show_message(
                _("La til {n} tillitsrot(er) frå {file}.").format(
                    n=len(roots) - count, file=path.name
                ),
                ok=True,
            )

        self.state.call(signing.add_trust_roots, data, on_done=added, on_error=self._failed)

    def remove(self) -> None:
        root = self._selected()
        if self._busy or root is None or not confirm_remove(self, root.subject):
            return
        self._set_busy(True)

        def removed(roots: list[TrustRootOut]) -> None:
            self._show(roots)
            self.show_message(_("Fjerna «{subject}».").format(subject=root.subject), ok=True)

        self.state.call(signing.remove_trust_root, root.id, on_done=removed, on_error=self._failed)

    def _failed(self, exc: BaseException) -> None:
        self.show_message(problem_text(exc))
        if isinstance(exc, DvmeetError):
            self.state.call(signing.trust_roots, on_done=self._show, on_error=self._gave_up)
        else:
            self._set_busy(False)

    def _gave_up(self, exc: BaseException) -> None:
        self.show_message(problem_text(exc))
        self._set_busy(False)

    def show_message(self, text: str, ok: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(message_style("QLabel#form_error", ok))
        self.message.setVisible(bool(text))


def open_trust_roots(state: AppState, parent: QWidget) -> None:
    """Innstillingar → Tillitsrøter for signaturar … (needs an open database)."""
    if not state.is_open:
        return
    dialog = TrustRootsDialog(state, parent)
    dialog.open()
