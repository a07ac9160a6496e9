"""The cooperation: name, legal form, host municipality, agreement and when it began, and
the details printed on every document (organisation number, address, the secretariat's
contact, logo, letterhead text)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from dvmeet.domain.enums import LegalForm
from dvmeet.domain.labels import label
from dvmeet.i18n import _
from dvmeet.services.context import Context
from dvmeet.services.registry import get_cooperation, list_municipalities, set_cooperation
from dvmeet.services.registry.models import CooperationIn, CooperationOut, MunicipalityOut
from dvmeet.services.setup import get_cooperation_details, logo_type, set_cooperation_details
from dvmeet.services.setup.models import (
    LOGO_MAX_BYTES,
    CooperationDetailsIn,
    CooperationDetailsOut,
)
from ui.registry.forms import FormDialog, OptionalDate
from ui.registry.person_dialog import municipality_combo
from ui.state import AppState


def cooperation_choices(
    ctx: Context,
) -> tuple[CooperationOut | None, list[MunicipalityOut], CooperationDetailsOut | None]:
    """What the dialog shows: the cooperation as saved (None: not yet), the
    municipalities to choose the host from, and its details."""
    return get_cooperation(ctx), list_municipalities(ctx), get_cooperation_details(ctx)


def save_cooperation(
    ctx: Context, cooperation: CooperationIn, details: CooperationDetailsIn
) -> CooperationOut:
    """Save the name and form, then the details on the version that save made. A logo is
    checked first, so a refused logo leaves both as they were."""
    if details.logo is not None:
        logo_type(details.logo)
    saved = set_cooperation(ctx, cooperation)
    set_cooperation_details(ctx, details.model_copy(update={"expected_version": saved.version}))
    return saved


class CooperationDialog(FormDialog):
    """Create or change the one cooperation; `saved` holds the CooperationOut afterwards."""

    def __init__(
        self,
        state: AppState,
        cooperation: CooperationOut | None,
        municipalities: list[MunicipalityOut],
        parent: QWidget | None = None,
        details: CooperationDetailsOut | None = None,
    ) -> None:
        super().__init__(state, _("Samarbeidet"), _("Lagre"), parent)
        self.setObjectName("cooperation_dialog")
        self.cooperation = cooperation
        self.details = details
        self.saved: CooperationOut | None = None
        self.logo: bytes | None = details.logo if details is not None else None
        self.logo_changed = False
        self.set_intro(
            _(
                "Namnet og samarbeidsforma står i dokumenta. Vertskommunen (kontorkommunen) "
                "er der møteboka blir arkivert. Organisasjonsnummer, adresse, kontakt, logo og "
                "brevhovud står øvst og nedst på kvar side i dokumenta."
            )
        )
        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("name")
        self.name_edit.setAccessibleName(_("Namn"))
        self.name_edit.setMaxLength(200)
        self.name_edit.setPlaceholderText(_("til dømes DigiVestland"))
        self.legal_form = QComboBox()
        self.legal_form.setObjectName("legal_form")
        self.legal_form.setAccessibleName(_("Samarbeidsform"))
        for form in LegalForm:
            self.legal_form.addItem(label(form), form)
        self.host = municipality_combo(
            municipalities, _("(ingen vertskommune)"), "host_municipality_number", _("Vertskommune")
        )
        self.agreement = QLineEdit()
        self.agreement.setObjectName("agreement_reference")
        self.agreement.setAccessibleName(_("Avtale"))
        self.agreement.setMaxLength(200)
        self.agreement.setPlaceholderText(_("til dømes Samarbeidsavtale frå 1.1.2025"))
        self.established = OptionalDate(
            "established", _("Oppretta"), None, dt.date(dt.date.today().year, 1, 1)
        )
        self.add_field("name", _("&Namn"), self.name_edit)
        self.add_field("legal_form", _("&Samarbeidsform"), self.legal_form)
        self.add_field("host_municipality_number", _("&Vertskommune"), self.host)
        self.add_field("agreement_reference", _("&Avtale"), self.agreement)
        self.add_field("established", _("&Oppretta"), self.established)
        self.org_number = self._line("org_number", _("Organisasjonsnummer"), 11, _("ni siffer"))
        self.address = self._line(
            "address", _("Adresse"), 300, _("til dømes Postboks 7900, 5020 Bergen")
        )
        self.contact_name = self._line("contact_name", _("Kontaktperson"), 200, "")
        self.contact_email = self._line("contact_email", _("E-post"), 254, "")
        self.contact_phone = self._line("contact_phone", _("Telefon"), 40, "")
        self.letterhead = self._line(
            "letterhead", _("Brevhovud"), 500, _("ei kort linje, til dømes eit slagord")
        )
        self.add_field(
            "org_number",
            _("Org&anisasjonsnummer"),
            self.org_number,
            _("Ni siffer frå Einingsregisteret; det siste er eit kontrollsiffer."),
        )
        self.add_field("address", _("A&dresse"), self.address)
        self.add_field("contact_name", _("&Kontaktperson"), self.contact_name)
        self.add_field("contact_email", _("&E-post"), self.contact_email)
        self.add_field("contact_phone", _("&Telefon"), self.contact_phone)
        self.add_field("letterhead", _("&Brevhovud"), self.letterhead)
        self.add_field(
            "logo",
            _("&Logo"),
            self._logo_row(),
            _("PNG eller JPEG, høgst {kb} kB.").format(kb=LOGO_MAX_BYTES // 1024),
        )
        self.setMinimumWidth(600)
        if not municipalities:
            self.host.setToolTip(_("Registeret har ingen kommunar."))
        if cooperation is not None:
            self.name_edit.setText(cooperation.name)
            self.legal_form.setCurrentIndex(
                max(self.legal_form.findData(cooperation.legal_form), 0)
            )
            index = self.host.findData(cooperation.host_municipality_number or "")
            self.host.setCurrentIndex(max(index, 0))
            self.agreement.setText(cooperation.agreement_reference or "")
            self.established.set_value(cooperation.established)
        if details is not None:
            self.org_number.setText(details.org_number or "")
            self.address.setText(details.address or "")
            self.contact_name.setText(details.contact_name or "")
            self.contact_email.setText(details.contact_email or "")
            self.contact_phone.setText(details.contact_phone or "")
            self.letterhead.setText(details.letterhead or "")
        self._show_logo()
        self.name_edit.setFocus()

    def _line(self, key: str, name: str, length: int, placeholder: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(key)
        edit.setAccessibleName(name)
        edit.setMaxLength(length)
        if placeholder:
            edit.setPlaceholderText(placeholder)
        return edit

    def _logo_row(self) -> QWidget:
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        self.logo_preview = QLabel()
        self.logo_preview.setObjectName("logo_preview")
        self.logo_preview.setMinimumSize(90, 36)
        self.logo_preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.logo_preview.setStyleSheet("border: 1px solid palette(mid);")
        self.choose_logo_button = QPushButton(_("Vel fil …"))
        self.choose_logo_button.setObjectName("choose_logo")
        self.choose_logo_button.clicked.connect(self.choose_logo)
        self.remove_logo_button = QPushButton(_("Fjern"))
        self.remove_logo_button.setObjectName("remove_logo")
        self.remove_logo_button.clicked.connect(self.remove_logo)
        layout.addWidget(self.logo_preview)
        layout.addWidget(self.choose_logo_button)
        layout.addWidget(self.remove_logo_button)
        layout.addStretch(1)
        return row

    def _show_logo(self) -> None:
        pixmap = QPixmap()
        if self.logo and pixmap.loadFromData(self.logo):
            self.logo_preview.setPixmap(
                pixmap.scaled(
                    88,
                    34,
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            )
        else:
            self.logo_preview.setPixmap(QPixmap())
            self.logo_preview.setText(_("(ingen)"))
        self.remove_logo_button.setEnabled(bool(self.logo))

    def choose_logo(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, _("Vel logo"), "", _("Bilete (*.png *.jpg *.jpeg)")
        )
        if path:
            self.set_logo_file(Path(path))

    def set_logo_file(self, path: Path) -> None:
        """Read the chosen file; too large or unreadable is said under the field at once."""
        self.field_errors["logo"].setVisible(False)
        try:
            size = path.stat().st_size
            if size > LOGO_MAX_BYTES:
                self.show_problem(
                    "logo",
                    _("Logoen er {size} kB; han kan vere på høgst {limit} kB.").format(
                        size=(size + 1023) // 1024, limit=LOGO_MAX_BYTES // 1024
                    ),
                )
                return
            data = path.read_bytes()
        except OSError as exc:
            self.show_problem("logo", _("Fila kan ikkje lesast: {error}").format(error=exc))
            return
        self.logo, self.logo_changed = data, True
        self._show_logo()

    def remove_logo(self) -> None:
        self.logo, self.logo_changed = None, True
        self._show_logo()

    def values(self) -> dict[str, Any]:
        return {
            "name": self.name_edit.text().strip(),
            "legal_form": self.legal_form.currentData(),
            "host_municipality_number": self.host.currentData() or None,
            "agreement_reference": self.agreement.text().strip() or None,
            "established": self.established.value(),
        }

    def detail_values(self) -> dict[str, Any]:
        return {
            "org_number": self.org_number.text().strip() or None,
            "address": self.address.text().strip() or None,
            "contact_name": self.contact_name.text().strip() or None,
            "contact_email": self.contact_email.text().strip() or None,
            "contact_phone": self.contact_phone.text().strip() or None,
            "letterhead": self.letterhead.text().strip() or None,
        }

    def submit(self) -> None:
        version = self.cooperation.version if self.cooperation is not None else 0
        data = CooperationIn(**self.values(), expected_version=version)
        details = CooperationDetailsIn(
            **self.detail_values(),
            logo=self.logo if self.logo_changed else None,
            keep_logo=not self.logo_changed,
        )
        self.run(save_cooperation, data, details, done=self._saved)

    def _saved(self, cooperation: CooperationOut) -> None:
        self.saved = cooperation
        self.state.message.emit(_("Lagra samarbeidet {name}.").format(name=cooperation.name))

    def field_of(self, message: str) -> str | None:
        text = message.casefold()
        if "logo" in text:
            return "logo"
        if "kommunenummer" in text:
            return "host_municipality_number"
        return None

    def focus_field(self, key: str) -> None:
        widget = {
            "name": self.name_edit,
            "legal_form": self.legal_form,
            "host_municipality_number": self.host,
            "agreement_reference": self.agreement,
            "org_number": self.org_number,
            "address": self.address,
            "contact_name": self.contact_name,
            "contact_email": self.contact_email,
            "contact_phone": self.contact_phone,
            "letterhead": self.letterhead,
            "logo": self.choose_logo_button,
        }.get(key)
        if widget is not None:
            widget.setFocus()
