"""What the Møte view reads in one go: the meeting list with the meeting it opens with,
and what the view and its case dialog pick from."""

from __future__ import annotations

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from dvmeet.db.models import DocumentVersion, GoverningDocument, Municipality, Person
from dvmeet.services._nb_order import nb_sort_expression
from dvmeet.services.context import Context
from dvmeet.services.meetings._planning import meeting_summaries
from dvmeet.services.meetings.models import (
    ChoiceOut,
    MeetingListIn,
    MeetingListOut,
    PlanningChoices,
)
from dvmeet.services.peek import opening_meeting


def meeting_list(ctx: Context, data: MeetingListIn) -> MeetingListOut:
    """The meetings of the body in the year, and the one the view opens with."""
    with ctx.reading() as s:
        rows = meeting_summaries(s, data.body_code, data.year)
        first = opening_meeting(rows, data.today)
        return MeetingListOut(rows=rows, opens_with=first.id if first else None)


def planning_choices(ctx: Context) -> PlanningChoices:
    """Bodies by code and document versions newest first: what the Møte view needs when it
    opens (the persons a case dialog picks from are read when it opens:
    `preparer_choices`).

    Of a body only what the view and its plan and edit dialogs use is read (BodyChoice:
    code, name, last day), as the driver gives it, and pydantic checks and converts the
    whole answer in one call: the per-body work is a small dict (issue 21: the 10x data
    has 21 bodies to 1x's 3)."""
    with ctx.reading() as s:
        return PlanningChoices.model_validate(
            {
                "bodies": [
                    {"code": code, "name": name, "retired_on": retired_on}
                    for code, name, retired_on in s.execute(_BODIES)
                ],
                "versions": _version_choices(s),
            }
        )


# Plain SQL: no SQLAlchemy type conversion per column (the date is pydantic's to convert).
_BODIES = text("SELECT code, name, retired_on FROM body ORDER BY code")


def preparer_choices(ctx: Context) -> list[ChoiceOut]:
    """Every person who may prepare a case, «Namn (Kommune)», in Norwegian name order."""
    with ctx.reading() as s:
        stmt = (
            select(Person.id, Person.name, Municipality.name)
            .outerjoin(Municipality, Person.municipality_id == Municipality.id)
            .order_by(nb_sort_expression("person.name", s.get_bind().dialect.name), Person.id)
        )
        return [
            ChoiceOut(id=pid, label=f"{name} ({muni})" if muni else name)
            for pid, name, muni in s.execute(stmt)
        ]


def _version_choices(s: Session) -> list[ChoiceOut]:
    stmt = (
        select(DocumentVersion.id, DocumentVersion.version_no, DocumentVersion.note)
        .add_columns(GoverningDocument.title)
        .join(GoverningDocument, DocumentVersion.document_id == GoverningDocument.id)
        .order_by(GoverningDocument.id, DocumentVersion.version_no.desc())
    )
    return [
        ChoiceOut(id=vid, label=f"{title}, versjon {no}" + (f" – {note}" if note else ""))
        for vid, no, note, title in s.execute(stmt)
    ]
