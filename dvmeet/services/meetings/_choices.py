"""What the Møte view reads in one go: the meeting list with the meeting it opens with,
and what the view and its case dialog pick from."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from dvmeet.db.models import Body, GoverningDocument, Person
from dvmeet.services.context import Context
from dvmeet.services.meetings._planning import meeting_summaries
from dvmeet.services.meetings.models import (
    ChoiceOut,
    MeetingListIn,
    MeetingListOut,
    PlanningChoices,
)
from dvmeet.services.peek import opening_meeting
from dvmeet.services.registry.models import BodyOut
from dvmeet.services.registry.text import nb_sort_key


def meeting_list(ctx: Context, data: MeetingListIn) -> MeetingListOut:
    """The meetings of the body in the year, and the one the view opens with."""
    with ctx.reading() as s:
        rows = meeting_summaries(s, data.body_code, data.year)
        first = opening_meeting(rows, data.today)
        return MeetingListOut(rows=rows, opens_with=first.id if first else None)


def planning_choices(ctx: Context) -> PlanningChoices:
    """Bodies by code, persons in Norwegian name order, document versions newest first."""
    with ctx.reading() as s:
        return PlanningChoices(
            bodies=[BodyOut.model_validate(b) for b in s.scalars(select(Body).order_by(Body.code))],
            persons=_person_choices(s),
            versions=_version_choices(s),
        )


def _person_choices(s: Session) -> list[ChoiceOut]:
    persons = list(s.scalars(select(Person).options(joinedload(Person.municipality))))
    persons.sort(key=lambda p: (nb_sort_key(p.name), p.id))
    return [
        ChoiceOut(id=p.id, label=f"{p.name} ({p.municipality.name})" if p.municipality else p.name)
        for p in persons
    ]


def _version_choices(s: Session) -> list[ChoiceOut]:
    return [
        ChoiceOut(
            id=v.id,
            label=f"{d.title}, versjon {v.version_no}" + (f" – {v.note}" if v.note else ""),
        )
        for d in s.scalars(select(GoverningDocument).order_by(GoverningDocument.id))
        for v in sorted(d.versions, key=lambda v: v.version_no, reverse=True)
    ]
