"""The Avtaleprosess tab: the process, its overview and the reminders, in one read."""

from __future__ import annotations

from dvmeet.services.agreement._overview import overview_of
from dvmeet.services.agreement._process import process_of
from dvmeet.services.agreement._reminders import reminders_of
from dvmeet.services.agreement.models import OverviewIn, ProcessView, ProcessViewIn, ReminderIn
from dvmeet.services.context import Context


def process_view(ctx: Context, data: ProcessViewIn) -> ProcessView:
    """What the tab shows on `data.today`: the overview filtered by `data.filter`, the
    reminders for deadlines within `data.days_before` days."""
    with ctx.reading() as s:
        process = process_of(s)
        if process is None:
            return ProcessView(process=None, overview=None, reminders=None)
        return ProcessView(
            process=process,
            overview=overview_of(s, OverviewIn(today=data.today, filter=data.filter)),
            reminders=reminders_of(s, ReminderIn(today=data.today, days_before=data.days_before)),
        )
