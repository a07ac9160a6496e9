"""The cooperation: name, legal form, host municipality, agreement and when it began."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from dvmeet.domain.enums import LegalForm
from dvmeet.domain.labels import label
from dvmeet.i18n import _
from dvmeet.services.context import Context
from dvmeet.services.registry import get_cooperation, list_municipalities, set_cooperation
from dvmeet.services.registry.models import CooperationIn, CooperationOut, MunicipalityOut
from ui.registry.forms import FormDialog, OptionalDate
from ui.registry.person_dialog import municipality_combo
from ui.state import AppState


def cooperation_choices(ctx: Context) -> tuple[CooperationOut | None, list[MunicipalityOut]]:
    """What the dialog shows: the cooperation as saved (None: not yet) and the
    municipalities to choose the host from."""
    return get_cooperation(ctx), list_municipalities(ctx)


class CooperationDialog(FormDialog):
    """Create or change the one cooperation; `saved` holds the CooperationOut afterwards."""

    def __init__(
        self,
        state: AppState,
        cooperation: CooperationOut | None,
        municipalities: list[MunicipalityOut],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(state, _("Samarbeidet"), _("Lagre"), parent)
        self.setObjectName("cooperation_dialog")
        self.cooperation = cooperation
        self.saved: CooperationOut | None = None
        self.set_intro(
            _(
                "Namnet og samarbeidsforma står i dokumenta. Vertskommunen (kontorkommunen) "
                "er der møteboka blir arkivert."
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
        self.setMinimumWidth(560)
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
        self.name_edit.setFocus()

    def values(self) -> dict[str, Any]:
        return {
            "name": self.name_edit.text().strip(),
            "legal_form": self.legal_form.currentData(),
            "host_municipality_number": self.host.currentData() or None,
            "agreement_reference": self.agreement.text().strip() or None,
            "established": self.established.value(),
        }

    def submit(self) -> None:
        version = self.cooperation.version if self.cooperation is not None else 0
        data = CooperationIn(**self.values(), expected_version=version)
        self.run(set_cooperation, data, done=self._saved)

    def _saved(self, cooperation: CooperationOut) -> None:
        self.saved = cooperation
        self.state.message.emit(_("Lagra samarbeidet {name}.").format(name=cooperation.name))

    def field_of(self, message: str) -> str | None:
        if "kommunenummer" in message.casefold():
            return "host_municipality_number"
        return None

    def focus_field(self, key: str) -> None:
        widget = {
            "name": self.name_edit,
            "legal_form": self.legal_form,
            "host_municipality_number": self.host,
            "agreement_reference": self.agreement,
        }.get(key)
        if widget is not None:
            widget.setFocus()
