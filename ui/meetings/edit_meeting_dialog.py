"""Change a planned meeting: date and time, place, form, title, and who from the secretariat
attends. The planning form, filled in, with the body and the kind of meeting fixed.

Before the meeting is held everything can change; once it is running or held (but the
minutes not approved) the title, the secretariat and the actual times can, for the minutes:
the time fields then show when the meeting was opened and closed, and a change corrects
them (every recorded arrival and departure must still lie within them).
The save carries the version the dialog was opened with; if someone else has saved the
meeting since, a ConflictDialog asks what to do, as for a case.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QDate, QTime
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QWidget

from dvmeet.domain.enums import MeetingForm, MeetingKind, MeetingStatus
from dvmeet.domain.lifecycle import before_meeting
from dvmeet.errors import ChangedElsewhere
from dvmeet.i18n import _
from dvmeet.services import meetings
from dvmeet.services.meetings.models import BodyChoice, MeetingOut, UpdateMeetingIn
from ui.conflict import ConflictDialog, differences, open_conflict, shown
from ui.meetings.plan_dialog import PlanMeetingDialog
from ui.meetings.words import date_text, form_word, time_text
from ui.state import AppState

NOTICED = {"date", "start_time", "place", "form"}  # a change after the notice is logged (M-3)


def field_labels() -> list[tuple[str, str]]:
    return [
        ("date", _("Dato")),
        ("start_time", _("Starttid")),
        ("end_time", _("Sluttid")),
        ("actual_start", _("Faktisk start")),
        ("actual_end", _("Faktisk slutt")),
        ("place", _("Stad")),
        ("form", _("Møteform")),
        ("title", _("Tittel")),
        ("secretariat", _("Frå sekretariatet")),
    ]


def meeting_values(m: MeetingOut) -> dict[str, Any]:
    """The meeting's editable values (the keys of EditMeetingDialog.values)."""
    return {
        "date": m.date,
        "start_time": m.start_time,
        "end_time": m.end_time,
        "actual_start": m.opened_at.time().replace(second=0) if m.opened_at else None,
        "actual_end": m.closed_at.time().replace(second=0) if m.closed_at else None,
        "place": m.place,
        "form": m.form,
        "title": m.title,
        "secretariat": m.secretariat,
    }


def meeting_update(m: MeetingOut) -> UpdateMeetingIn:
    """Every editable value of a meeting, as an update that sets them all back (undo)."""
    values = {k: v for k, v in meeting_values(m).items() if not k.startswith("actual_") or v}
    return UpdateMeetingIn(meeting_id=m.id, **values)


def shown_value(key: str, value: Any) -> str:
    if value is None:
        return shown(value)
    if key == "date":
        return date_text(value)
    if key in ("start_time", "end_time", "actual_start", "actual_end"):
        return time_text(value)
    if key == "form":
        return form_word(MeetingForm(value))
    return shown(value)


class EditMeetingDialog(PlanMeetingDialog):
    def __init__(
        self,
        state: AppState,
        bodies: Sequence[BodyChoice],
        meeting: MeetingOut,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(state, bodies, meeting.body_code, parent)
        self.setObjectName("edit_meeting_dialog")
        title = _("Endre møtet")
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.meeting = meeting
        self.based_on: MeetingOut | None = None  # after a conflict: what is saved now
        self.conflict: ConflictDialog | None = None

        self.secretariat = QPlainTextEdit()
        self.secretariat.setObjectName("secretariat")
        self.secretariat.setAccessibleName(_("Frå sekretariatet møtte"))
        self.secretariat.setPlaceholderText(_("Til dømes Kari Nordmann, dagleg leiar"))
        self.secretariat.setMaximumHeight(60)
        self.secretariat.setTabChangesFocus(True)
        self.form_layout.addRow(_("Frå &sekretariatet:"), self.secretariat)
        self.notice_hint = QLabel(
            _(
                "Innkallinga er send. Endrar du dato, tid, stad eller møteform, blir endringa "
                "ført i loggen, og medlemene må få ny innkalling."
            )
        )
        self.notice_hint.setObjectName("notice_hint")
        self.notice_hint.setWordWrap(True)
        self.notice_hint.setVisible(meeting.status is MeetingStatus.NOTICE_SENT)
        self.form_area.addWidget(self.notice_hint)
        self.started = meeting.opened_at is not None
        self.actual_hint = QLabel(
            _(
                "Tidene er den faktiske møtetida: då møtet vart opna og heva. Ei retting må "
                "romme alle tider for kom og gjekk."
            )
        )
        self.actual_hint.setObjectName("actual_hint")
        self.actual_hint.setWordWrap(True)
        self.actual_hint.setVisible(self.started)
        self.form_area.addWidget(self.actual_hint)

        self._fill(meeting)
        fixed: list[QWidget] = [self.body, self.ordinary, self.extraordinary, self.demanded_by]
        if not before_meeting(meeting.status):  # the minutes' facts only
            fixed += [self.date, self.place, *self.form_group.buttons()]
        if self.started:  # the actual end: there once closed, none while running
            fixed += [self.has_end] + ([self.end] if meeting.closed_at is None else [])
        for widget in fixed:
            widget.setEnabled(False)
        self.ok_button.setText(_("Lagre"))

    def _fill(self, m: MeetingOut) -> None:
        self.date.setDate(QDate(m.date.year, m.date.month, m.date.day))
        # once opened, the time fields are the actual start and end (opened, closed)
        start = m.opened_at.time() if m.opened_at else m.start_time
        end = (m.closed_at.time() if m.closed_at else None) if m.opened_at else m.end_time
        self.start.setTime(QTime(start.hour, start.minute))
        self.has_end.setChecked(end is not None)
        if end is not None:
            self.end.setTime(QTime(end.hour, end.minute))
        self.place.setText(m.place)
        self.form_group.button(list(MeetingForm).index(m.form)).setChecked(True)
        kind = self.extraordinary if m.kind is MeetingKind.EXTRAORDINARY else self.ordinary
        kind.setChecked(True)
        self.demanded_by.setPlainText(m.demanded_by or "")
        self.title.setText(m.title or "")
        self.secretariat.setPlainText(m.secretariat or "")

    def values(self) -> dict[str, Any]:
        day = self.date.date().toPython()
        start = self.start.time().toPython()
        end = self.end.time().toPython() if self.has_end.isChecked() else None
        assert isinstance(day, dt.date) and isinstance(start, dt.time)
        start = start.replace(second=0, microsecond=0)
        end = end.replace(second=0, microsecond=0) if isinstance(end, dt.time) else None
        m = self.meeting
        if self.started:  # the actual times; the planned ones stay as they were
            times = {
                "start_time": m.start_time,
                "end_time": m.end_time,
                "actual_start": start,
                "actual_end": end if m.closed_at is not None else None,
            }
        else:
            times = {"start_time": start, "end_time": end, "actual_start": None, "actual_end": None}
        return {
            "date": day,
            **times,
            "place": self.place.text().strip(),
            "form": self.selected_form(),
            "title": self.title.text().strip() or None,
            "secretariat": self.secretariat.toPlainText().strip() or None,
        }

    def build_call(self) -> tuple[Callable[..., Any], tuple[Any, ...]] | None:
        stored = meeting_values(self.meeting)
        changed = {k: v for k, v in self.values().items() if v != stored[k]}
        if not changed:
            return None
        update = UpdateMeetingIn(
            meeting_id=self.meeting.id,
            expected_version=(self.based_on or self.meeting).version,
            **changed,
        )
        return meetings.update_meeting, (update,)

    # --- saved by someone else meanwhile ------------------------------------------

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, ChangedElsewhere) and isinstance(exc.current, MeetingOut):
            self._running = False
            self.ok_button.setEnabled(True)
            self.show_problem("")
            current = exc.current
            rows = differences(
                field_labels(),
                meeting_values(self.meeting),
                self.values(),
                meeting_values(current),
                shown_value,
            )
            open_conflict(
                self,
                self.state,
                _("møtet"),
                rows,
                area="meetings",
                save_mine=lambda: self._save_on(current),
                back_to_form=self.show_problem,
            )
            return
        super()._failed(exc)

    def _save_on(self, current: MeetingOut) -> None:
        self.based_on = current  # overwrite knowingly: build on what is saved now
        self.submit()
