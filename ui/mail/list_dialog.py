"""Innstillingar → «Mottakarlister …»: a body's distribution list. Members and the deputies
called in come from the registry by themselves; here are the observers, the copy
recipients and the participating municipalities' post addresses."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from dvmeet.domain.mail import RecipientKind
from dvmeet.i18n import _
from dvmeet.services.mail import (
    add_all_post_recipients,
    add_post_recipient,
    add_recipient,
    distribution_list,
    remove_recipient,
    set_post_address,
    update_recipient,
)
from dvmeet.services.mail.models import (
    DistributionListOut,
    ListedRecipient,
    PostAddressIn,
    PostAddressOut,
    PostRecipientIn,
    RecipientIn,
    RemoveRecipientIn,
    UpdateRecipientIn,
)
from dvmeet.services.registry.models import BodyOut
from ui.colours import message_style
from ui.errors import confirm, describe
from ui.mail.words import recipient_word
from ui.registry.forms import FormDialog
from ui.state import AppState
from ui.table import Column, RowsModel, make_table, selected_row


class RecipientDialog(FormDialog):
    """A new observer or copy recipient (`kind`), or changes to `entry`."""

    def __init__(
        self,
        state: AppState,
        body_code: str,
        kind: RecipientKind,
        entry: ListedRecipient | None = None,
        parent: QWidget | None = None,
    ) -> None:
        title = (
            _("Ny mottakar: {kind}").format(kind=recipient_word(kind).lower())
            if entry is None
            else _("Endre mottakaren {name}").format(name=entry.name)
        )
        super().__init__(state, title, _("Lagre"), parent)
        self.setObjectName("recipient_dialog")
        self.body_code, self.kind, self.entry = body_code, kind, entry
        self.name_edit = QLineEdit(entry.name if entry else "")
        self.name_edit.setObjectName("name")
        self.name_edit.setAccessibleName(_("Namn"))
        self.name_edit.setMaxLength(200)
        self.email_edit = QLineEdit(entry.email or "" if entry else "")
        self.email_edit.setObjectName("email")
        self.email_edit.setAccessibleName(_("E-postadresse"))
        self.email_edit.setMaxLength(254)
        self.add_field("name", _("&Namn"), self.name_edit)
        self.add_field("email", _("&E-post"), self.email_edit)
        self.saved: DistributionListOut | None = None

    def focus_field(self, key: str) -> None:
        (self.email_edit if key == "email" else self.name_edit).setFocus()

    def field_of(self, message: str) -> str | None:
        return "email" if "@" in message or "e-post" in message.lower() else None

    def submit(self) -> None:
        def done(result: DistributionListOut) -> None:
            self.saved = result

        if self.entry is None:
            data: Any = RecipientIn(
                body_code=self.body_code,
                kind=self.kind,
                name=self.name_edit.text(),
                email=self.email_edit.text(),
            )
            self.run(add_recipient, data, done=done)
        else:
            data = UpdateRecipientIn(
                id=self.entry.id,
                name=self.name_edit.text(),
                email=self.email_edit.text(),
                expected_version=self.entry.version,
            )
            self.run(update_recipient, data, done=done)


class PostAddressDialog(FormDialog):
    def __init__(
        self, state: AppState, municipality: PostAddressOut, parent: QWidget | None = None
    ) -> None:
        super().__init__(
            state,
            _("Postadressa til {municipality}").format(municipality=municipality.municipality_name),
            _("Lagre"),
            parent,
        )
        self.setObjectName("post_address_dialog")
        self.municipality = municipality
        self.email_edit = QLineEdit(municipality.post_email or "")
        self.email_edit.setObjectName("post_email")
        self.email_edit.setAccessibleName(_("Postadresse"))
        self.email_edit.setMaxLength(254)
        self.email_edit.setPlaceholderText(_("til dømes postmottak@kommune.no"))
        self.add_field(
            "post_email",
            _("&Postadresse"),
            self.email_edit,
            _("Gjeld for alle organ der kommunen står på lista. Tomt: inga adresse."),
        )

    def focus_field(self, key: str) -> None:
        self.email_edit.setFocus()

    def submit(self) -> None:
        self.run(
            set_post_address,
            PostAddressIn(
                municipality_number=self.municipality.municipality_number,
                post_email=self.email_edit.text() or None,
                expected_version=self.municipality.version,
            ),
        )


class DistributionListDialog(QDialog):
    def __init__(
        self,
        state: AppState,
        bodies: list[BodyOut],
        parent: QWidget | None = None,
        body_code: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.state = state
        self.setObjectName("distribution_list_dialog")
        self.setWindowTitle(_("Mottakarlister"))
        self.setAccessibleName(_("Mottakarlister"))
        self.setMinimumSize(820, 640)
        self.current: DistributionListOut | None = None

        self.body = QComboBox()
        self.body.setObjectName("body")
        self.body.setAccessibleName(_("Organ"))
        for b in bodies:
            self.body.addItem(b.name, b.code)
        if body_code is not None:
            self.body.setCurrentIndex(max(self.body.findData(body_code), 0))
        self.body.currentIndexChanged.connect(lambda _i: self.reload())
        body_row = QHBoxLayout()
        caption = QLabel(_("&Organ"))
        caption.setBuddy(self.body)
        body_row.addWidget(caption)
        body_row.addWidget(self.body, 1)

        self.members = QLabel()
        self.members.setObjectName("members_note")
        self.members.setWordWrap(True)

        self.entries = RowsModel[ListedRecipient](
            [
                Column(_("Kva"), lambda r: recipient_word(r.kind), width=14),
                Column(_("Namn"), lambda r: r.name),
                Column(_("E-post"), lambda r: r.email or _("(inga adresse)")),
            ],
            self,
        )
        self.entry_table, _proxy = make_table(self.entries, "list_entries", self)
        self.entry_table.setAccessibleName(_("Mottakarar på lista"))
        self.entry_table.doubleClicked.connect(lambda _i: self.edit_entry())
        add_observer = QPushButton(_("Legg til &observatør …"))
        add_observer.setObjectName("add_observer")
        add_observer.clicked.connect(lambda: self.add_entry(RecipientKind.OBSERVER))
        add_copy = QPushButton(_("Legg til &kopimottakar …"))
        add_copy.setObjectName("add_copy")
        add_copy.clicked.connect(lambda: self.add_entry(RecipientKind.COPY))
        self.edit_button = QPushButton(_("&Endre …"))
        self.edit_button.setObjectName("edit_entry")
        self.edit_button.clicked.connect(self.edit_entry)
        self.remove_button = QPushButton(_("&Fjern frå lista"))
        self.remove_button.setObjectName("remove_entry")
        self.remove_button.clicked.connect(self.remove_entry)
        entry_buttons = QHBoxLayout()
        for widget in (add_observer, add_copy, self.edit_button, self.remove_button):
            entry_buttons.addWidget(widget)
        entry_buttons.addStretch(1)
        list_box = QGroupBox(_("På lista i tillegg til medlemene"))
        list_layout = QVBoxLayout(list_box)
        list_layout.addWidget(self.members)
        list_layout.addWidget(self.entry_table, 1)
        list_layout.addLayout(entry_buttons)

        self.municipalities = RowsModel[PostAddressOut](
            [
                Column(_("Kommune"), lambda m: f"{m.municipality_number} {m.municipality_name}"),
                Column(_("Postadresse"), lambda m: m.post_email or _("(inga adresse)")),
                Column(_("På lista"), lambda m: _("ja") if m.on_list else "", width=8),
            ],
            self,
        )
        self.municipality_table, _mproxy = make_table(self.municipalities, "post_addresses", self)
        self.municipality_table.setAccessibleName(_("Postadressene til kommunane"))
        self.municipality_table.doubleClicked.connect(lambda _i: self.edit_post_address())
        edit_post = QPushButton(_("Endre &postadresse …"))
        edit_post.setObjectName("edit_post_address")
        edit_post.clicked.connect(self.edit_post_address)
        add_post = QPushButton(_("Set &kommunen på lista"))
        add_post.setObjectName("add_post")
        add_post.clicked.connect(self.add_post)
        add_all = QPushButton(_("Set &alle deltakarkommunane på lista"))
        add_all.setObjectName("add_all_post")
        add_all.clicked.connect(self.add_all_post)
        post_buttons = QHBoxLayout()
        for widget in (edit_post, add_post, add_all):
            post_buttons.addWidget(widget)
        post_buttons.addStretch(1)
        post_box = QGroupBox(_("Postmottaka til deltakarkommunane"))
        post_layout = QVBoxLayout(post_box)
        post_layout.addWidget(self.municipality_table, 1)
        post_layout.addLayout(post_buttons)

        self.message = QLabel()
        self.message.setObjectName("list_message")
        self.message.setWordWrap(True)
        self.message.setVisible(False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("Lukk"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(body_row)
        layout.addWidget(list_box, 3)
        layout.addWidget(post_box, 3)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.reload()

    @property
    def body_code(self) -> str | None:
        code = self.body.currentData()
        return str(code) if code else None

    def reload(self) -> None:
        code = self.body_code
        if code is None:
            return
        self.state.call(distribution_list, code, on_done=self.show_list, on_error=self._failed)

    def show_list(self, found: DistributionListOut) -> None:
        if found.body_code != self.body_code:
            return
        self.current = found
        text = _(
            "Dei {n} medlemene i {body} og varamedlemene som blir kalla inn får innkallinga "
            "til adressa si i registeret."
        ).format(n=found.members, body=found.body_name)
        if found.members_without_email:
            text += " " + _("Utan e-postadresse: {names}.").format(
                names=", ".join(found.members_without_email)
            )
        self.members.setText(text)
        self.entries.set_rows(found.entries)
        self.municipalities.set_rows(found.municipalities)

    def _failed(self, exc: BaseException) -> None:
        self.message.setText(describe(exc))
        self.message.setStyleSheet(message_style("QLabel#list_message", ok=False))
        self.message.setVisible(True)

    def _changed(self, result: Any) -> None:
        self.message.setVisible(False)
        if isinstance(result, DistributionListOut):
            self.show_list(result)
        else:
            self.reload()

    def _open(self, dialog: FormDialog) -> None:
        dialog.accepted.connect(self.reload)
        dialog.open()

    def add_entry(self, kind: RecipientKind) -> None:
        if self.body_code is not None:
            self._open(RecipientDialog(self.state, self.body_code, kind, None, self))

    def edit_entry(self) -> None:
        entry = selected_row(self.entry_table)
        if entry is None or self.body_code is None:
            return
        if entry.kind is RecipientKind.POST:
            self._failed_text(_("Adressa til eit postmottak blir endra under kommunen nedanfor."))
            return
        self._open(RecipientDialog(self.state, self.body_code, entry.kind, entry, self))

    def _failed_text(self, text: str) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(message_style("QLabel#list_message", ok=False))
        self.message.setVisible(True)

    def remove_entry(self) -> None:
        entry = selected_row(self.entry_table)
        if entry is None:
            return
        if not confirm(
            self,
            _("Fjerne mottakaren?"),
            _("{name} blir teken av lista og får ikkje innkallingar framover.").format(
                name=entry.name
            ),
            _("Fjern"),
        ):
            return
        self.state.call(
            remove_recipient,
            RemoveRecipientIn(id=entry.id, expected_version=entry.version),
            on_done=self._changed,
            on_error=self._failed,
        )

    def edit_post_address(self) -> None:
        muni = selected_row(self.municipality_table)
        if muni is not None:
            self._open(PostAddressDialog(self.state, muni, self))

    def add_post(self) -> None:
        muni = selected_row(self.municipality_table)
        if muni is None or self.body_code is None:
            return
        self.state.call(
            add_post_recipient,
            PostRecipientIn(body_code=self.body_code, municipality_number=muni.municipality_number),
            on_done=self._changed,
            on_error=self._failed,
        )

    def add_all_post(self) -> None:
        if self.body_code is not None:
            self.state.call(
                add_all_post_recipients,
                self.body_code,
                on_done=self._changed,
                on_error=self._failed,
            )
