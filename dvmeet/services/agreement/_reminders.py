"""Reminders: municipalities behind a deadline that has passed or is near, as text and as a file."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from babel.dates import format_date
from sqlalchemy.orm import Session

from dvmeet.domain.agreement import (
    MilestoneState,
    MilestoneTrack,
    Translate,
    days_word,
    keep_nynorsk,
)
from dvmeet.domain.enums import AgreementOutcome
from dvmeet.i18n import _
from dvmeet.services.agreement._process import require_process
from dvmeet.services.agreement._statuses import all_statuses, milestone_cells, tracked_milestones
from dvmeet.services.agreement.models import (
    AgreementStatusOut,
    ReminderIn,
    ReminderItem,
    RemindersOut,
)
from dvmeet.services.context import Context
from dvmeet.services.registry.text import nb_sort_key

LOCALE = "nn_NO"


def long_date(day: dt.date) -> str:
    """'30. juni 2024'."""
    return format_date(day, "d. MMMM y", locale=LOCALE)


def _late_line(track: MilestoneTrack, _: Translate) -> str:
    if track is MilestoneTrack.FEEDBACK:
        return _("Vi har ikkje fått tilbakemeldinga på utkastet til samarbeidsavtale.")
    if track is MilestoneTrack.DECISION:
        return _(
            "Vi har ikkje fått melding om politisk vedtak om tilslutning til samarbeidsavtalen."
        )
    return _("Vi har ikkje fått den signerte samarbeidsavtalen.")


def _near_line(track: MilestoneTrack, _: Translate) -> str:
    if track is MilestoneTrack.FEEDBACK:
        return _("Tilbakemeldinga på utkastet til samarbeidsavtale skal vere send")
    if track is MilestoneTrack.DECISION:
        return _("Melding om politisk vedtak om tilslutning skal vere send")
    return _("Samarbeidsavtalen skal vere signert")


def _reminder_line(
    name: str,
    number: str,
    track: MilestoneTrack,
    due: dt.date,
    days_left: int,
    st: AgreementStatusOut,
    _: Translate = keep_nynorsk,
) -> str:
    """One reminder; nynorsk for the record (status report, export) unless `_` translates."""
    who = f"{name} ({number}): "
    postponed = ""
    if (
        track is MilestoneTrack.DECISION
        and st.council_outcome is AgreementOutcome.POSTPONED
        and st.council_decision_on
    ):
        body = f"{st.council_body.value}t" if st.council_body else "kommunestyret"
        postponed = " " + _(
            "Saka vart utsett i {body} {date}; vi treng melding om endeleg vedtak."
        ).format(body=body, date=long_date(st.council_decision_on))
    if days_left < 0:
        return f"{who}{_late_line(track, _)}{postponed} " + _(
            "Fristen var {date} ({days} sidan)."
        ).format(date=long_date(due), days=days_word(-days_left, _))
    when = _("i dag") if days_left == 0 else _("om {days}").format(days=days_word(days_left, _))
    return (
        f"{who}{_near_line(track, _)} "
        + _("innan {date} ({when}).").format(date=long_date(due), when=when)
        + postponed
    )


def reminders(ctx: Context, data: ReminderIn) -> RemindersOut:
    """Municipalities behind a deadline that has passed or is within `days_before` days."""
    with ctx.reading() as s:
        return reminders_of(s, data)


def reminders_of(s: Session, data: ReminderIn) -> RemindersOut:
    """`reminders` within an open read."""
    process = require_process(s)
    tracked = [
        m for m in tracked_milestones(process) if data.tracks is None or m.track in data.tracks
    ]
    items: list[ReminderItem] = []
    shown: list[str] = []  # each item's line in the interface language, for `text`
    for st in all_statuses(s):
        for m, cell in zip(tracked, milestone_cells(tracked, st, data.today), strict=True):
            assert m.track is not None
            days_left = (m.due_on - data.today).days
            due = cell.state is MilestoneState.LATE or (
                cell.state is MilestoneState.PENDING and days_left <= data.days_before
            )
            if not due:
                continue
            items.append(
                ReminderItem(
                    municipality_number=st.municipality_number,
                    municipality_name=st.municipality_name,
                    milestone_id=m.id,
                    milestone_name=m.name,
                    track=m.track,
                    due_on=m.due_on,
                    days_left=days_left,
                    overdue=days_left < 0,
                    state=cell.state,
                    line=_reminder_line(
                        st.municipality_name,
                        st.municipality_number,
                        m.track,
                        m.due_on,
                        days_left,
                        st,
                    ),
                )
            )
            shown.append(
                _reminder_line(
                    st.municipality_name,
                    st.municipality_number,
                    m.track,
                    m.due_on,
                    days_left,
                    st,
                    _,
                )
            )
    order = sorted(
        range(len(items)),
        key=lambda k: (items[k].due_on, nb_sort_key(items[k].municipality_name)),
    )
    items = [items[k] for k in order]
    return RemindersOut(
        today=data.today,
        days_before=data.days_before,
        items=items,
        text=_reminder_text(data.today, items, [shown[k] for k in order]),
    )


def _reminder_text(today: dt.date, items: Sequence[ReminderItem], lines: Sequence[str]) -> str:
    """The reminders to copy into an e-mail, in the interface language (`lines`: the
    items' lines, translated)."""
    if not items:
        return _("Påminningar per {date}: ingen kommunar ligg etter ein frist.").format(
            date=long_date(today)
        )
    munis = len({i.municipality_number for i in items})
    head = (
        _("Påminningar per {date}: 1 kommune ligg etter ein frist som er nær eller passert.")
        if munis == 1
        else _(
            "Påminningar per {date}: {n} kommunar ligg etter ein frist som er nær eller passert."
        )
    ).format(date=long_date(today), n=munis)
    return "\n".join([head, "", *(f"– {line}" for line in lines)]) + "\n"
