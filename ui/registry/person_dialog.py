"""Create or edit a person: namn, e-post, telefon, kommune, kjønn, tittel."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from dvmeet.domain.enums import Gender
from dvmeet.errors import ChangedElsewhere
from dvmeet.i18n import _
from dvmeet.services.registry import create_person, update_person
from dvmeet.services.registry.models import MunicipalityOut, PersonIn, PersonOut, PersonUpdate
from ui.conflict import ConflictDialog, differences, open_conflict, shown
from ui.registry.formats import gender_label, nb_key
from ui.registry.forms import FormDialog
from ui.registry.undo import person_command, remember
from ui.state import AppState

_FIELDS = ("name", "email", "phone", "municipality_number", "gender", "title")


def field_labels() -> list[tuple[str, str]]:
    return [
        ("name", _("Namn")),
        ("email", _("E-post")),
        ("phone", _("Telefon")),
        ("municipality_number", _("Kommune")),
        ("gender", _("Kjønn")),
        ("title", _("Tittel")),
    ]


def municipality_combo(
    municipalities: list[MunicipalityOut], empty: str, name: str, accessible: str
) -> QComboBox:
    combo = QComboBox()
    combo.setObjectName(name)
    combo.setAccessibleName(accessible)
    combo.addItem(empty, "")
    for m in sorted(municipalities, key=lambda m: nb_key(m.name)):
        combo.addItem(f"{m.name} ({m.number})", m.number)
    return combo


class PersonDialog(FormDialog):
    """`person` None creates a new person; `saved` holds the PersonOut afterwards.

    An edit is saved on the version the dialog was opened with (`based_on`); when someone
    else has saved the person since, a ConflictDialog (`conflict`) asks what to do."""

    def __init__(
        self,
        state: AppState,
        municipalities: list[MunicipalityOut],
        person: PersonOut | None = None,
        parent: QWidget | None = None,
        default_municipality: str | None = None,
    ) -> None:
        title = _("Ny person") if person is None else _("Endre person")
        super().__init__(state, title, _("Lagre"), parent)
        self.setObjectName("person_dialog")
        self.person = person
        self.based_on = person  # the saved version this edit builds on
        self.saved: PersonOut | None = None
        self.conflict: ConflictDialog | None = None
        self.name_edit = self._line("name", _("Namn"))
        self.email_edit = self._line("email", _("E-post"))
        self.email_edit.setPlaceholderText(_("namn@kommune.no"))
        self.phone_edit = self._line("phone", _("Telefon"))
        self.phone_edit.setPlaceholderText(_("+47 900 00 000"))
        self.municipality = municipality_combo(
            municipalities, _("(ingen kommune)"), "municipality_number", _("Kommune")
        )
        self.gender = QComboBox()
        self.gender.setObjectName("gender")
        self.gender.setAccessibleName(_("Kjønn"))
        self.gender.addItem(_("(ikkje oppgitt)"), "")
        for g in Gender:
            self.gender.addItem(gender_label(g), g)
        self.title_edit = self._line("title", _("Tittel"))
        self.title_edit.setPlaceholderText(_("til dømes ordførar"))
        self.add_field("name", _("&Namn"), self.name_edit)
        self.add_field("email", _("&E-post"), self.email_edit)
        self.add_field("phone", _("&Telefon"), self.phone_edit)
        self.add_field(
            "municipality_number",
            _("&Kommune"),
            self.municipality,
            _("Varamedlemer må høyre til same kommune som medlemen dei møter for."),
        )
        self.add_field(
            "gender", _("K&jønn"), self.gender, _("Berre til oversikta over kjønnsbalanse.")
        )
        self.add_field("title", _("T&ittel"), self.title_edit)
        self.setMinimumWidth(460)
        if person is not None:
            self.name_edit.setText(person.name)
            self.email_edit.setText(person.email or "")
            self.phone_edit.setText(person.phone or "")
            self._select(self.municipality, person.municipality_number)
            self._select(self.gender, person.gender)
            self.title_edit.setText(person.title or "")
        else:
            self._select(self.municipality, default_municipality)
        self.name_edit.setFocus()

    def _line(self, name: str, accessible: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(name)
        edit.setAccessibleName(accessible)
        edit.setMaxLength(254)
        return edit

    @staticmethod
    def _select(combo: QComboBox, value: Any) -> None:
        index = combo.findData(value or "")
        combo.setCurrentIndex(max(index, 0))

    def values(self) -> dict[str, Any]:
        return {
            "name": self.name_edit.text().strip(),
            "email": self.email_edit.text().strip() or None,
            "phone": self.phone_edit.text().strip() or None,
            "municipality_number": self.municipality.currentData() or None,
            "gender": self.gender.currentData() or None,
            "title": self.title_edit.text().strip() or None,
        }

    def submit(self) -> None:
        values = self.values()
        if self.person is None:
            self.run(create_person, PersonIn(**values), done=self._saved)
            return
        old = self.person.model_dump(include=set(_FIELDS))
        changed = {k: v for k, v in values.items() if v != old[k]}
        if not changed:
            self.reject()
            return
        version = self.based_on.version if self.based_on else None
        update = PersonUpdate(id=self.person.id, expected_version=version, **changed)
        self.run(update_person, update, done=self._saved)

    def _saved(self, person: PersonOut) -> None:
        self.saved = person
        if self.based_on is not None:
            remember(self.state, person_command(self.state, self.based_on, person))
        self.state.message.emit(_("Lagra {name}.").format(name=person.name))

    # --- saved by someone else meanwhile ------------------------------------------

    def show_service_error(self, exc: BaseException) -> None:
        if isinstance(exc, ChangedElsewhere) and isinstance(exc.current, PersonOut):
            self.ok_button.setEnabled(True)
            self.clear_errors()
            self._changed_elsewhere(exc.current)
            return
        super().show_service_error(exc)

    def shown_value(self, key: str, value: Any) -> str:
        combo = {"municipality_number": self.municipality, "gender": self.gender}.get(key)
        if combo is not None and value:
            index = combo.findData(value)
            return combo.itemText(index) if index >= 0 else str(value)
        return shown(value)

    def _changed_elsewhere(self, current: PersonOut) -> None:
        assert self.person is not None
        fields = list(_FIELDS)
        rows = differences(
            field_labels(),
            self.person.model_dump(include=set(fields)),
            self.values(),
            current.model_dump(include=set(fields)),
            self.shown_value,
        )
        what = _("personen {name}").format(name=current.name)
        open_conflict(
            self,
            self.state,
            what,
            rows,
            area="registry",
            save_mine=lambda: self._save_on(current),
            back_to_form=lambda text: self.show_problem(None, text),
        )

    def _save_on(self, current: PersonOut) -> None:
        self.based_on = current  # overwrite knowingly: build on what is saved now
        self._on_ok()

    def field_of(self, message: str) -> str | None:
        lowered = message.casefold()
        if "e-post" in lowered:
            return "email"
        if "kommunenummer" in lowered:
            return "municipality_number"
        if lowered.startswith((_("namn").casefold(), "namn")):
            return "name"
        return None

    def focus_field(self, key: str) -> None:
        widget = {
            "name": self.name_edit,
            "email": self.email_edit,
            "phone": self.phone_edit,
            "municipality_number": self.municipality,
            "gender": self.gender,
            "title": self.title_edit,
        }.get(key)
        if widget is not None:
            widget.setFocus()
