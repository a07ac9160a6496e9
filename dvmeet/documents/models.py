"""Document models: what each document says, built from the services before rendering.

A public model is built from public fields only; the renderers print what they are given.
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict

from dvmeet.domain.enums import MeetingForm, Role
from dvmeet.model_build import DEFER_BUILD

LANGUAGE = "nn-NO"


def version_word(public: bool) -> str:
    """What a document's variant is called (on its pages, and where it is saved)."""
    return "Offentleg versjon" if public else "Intern versjon"


class DocModel(BaseModel):
    model_config = ConfigDict(frozen=True, defer_build=DEFER_BUILD)  # built on first use


class Letterhead(DocModel):
    """The cooperation's details on every page (issue 16): the logo beside its name in the
    header, the rest in a line under the footer. The logo is base64 text, so a model kept
    as JSON (the snapshot of approved minutes) keeps it as it was."""

    org_number: str | None = None
    address: str | None = None
    contact: str | None = None  # "name, e-mail, phone" of the secretariat
    text: str | None = None  # the letterhead text
    logo_base64: str | None = None

    def line(self) -> str:
        """The details in one line for the foot of each page."""
        parts = [
            self.text,
            f"Org.nr. {self.org_number[:3]} {self.org_number[3:6]} {self.org_number[6:]}"
            if self.org_number
            else None,
            self.address,
            self.contact,
        ]
        return " · ".join(p for p in parts if p)


class DocumentMeta(DocModel):
    """What every page and the PDF metadata say about the document."""

    kind: str  # "MØTEBOK", "INNKALLING", ...
    title: str  # PDF title and first heading
    subject: str
    author: str  # the cooperation
    cooperation: str
    body_name: str
    public: bool
    draft: bool = False
    date: dt.date | None = None
    language: str = LANGUAGE
    letterhead: Letterhead | None = None

    @property
    def version_word(self) -> str:
        return version_word(self.public)


class SaksgangRow(DocModel):
    """One handling in a matter's saksgang across bodies (issue 19): the body, and once the
    handling is planned into a meeting, that meeting's date and the case's number in the
    body's series. A step not yet planned has neither."""

    body_name: str
    meeting_date: dt.date | None = None
    label: str | None = None  # "PS 004/26"


class NoticeCase(DocModel):
    label: str
    title: str
    closed: bool
    withheld: bool
    closure_reference: str | None
    recommendation: str | None
    description: str | None
    preparer_name: str | None
    added_after_notice: bool = False
    saksgang: list[SaksgangRow] = []  # the handlings of the matter, in order (issue 19)
    recommendation_heading: str = "Framlegg til vedtak"


class NoticeDocument(DocModel):
    meta: DocumentMeta
    date: dt.date
    start_time: dt.time
    end_time: dt.time | None
    place: str
    form: MeetingForm
    meeting_title: str | None
    notice_days: int | None
    sent_on: dt.date | None
    secretariat: str | None
    chair: str | None
    issued_at: str | None  # the host municipality (kontorkommune)
    cases: list[NoticeCase]
    changes: list[str]


class AttendanceRow(DocModel):
    name: str
    municipality: str
    note: str  # "Medlem", "Vara for …", "Ugild (fvl. § 6 …)"
    votes: bool


class AttendanceCase(DocModel):
    label: str
    title: str
    closed: bool
    closure_reference: str | None
    seats: int
    voters: int
    quorate: bool
    chair: str | None
    rows: list[AttendanceRow]


class AttendanceDocument(DocModel):
    meta: DocumentMeta
    date: dt.date
    place: str
    cases: list[AttendanceCase]


class RegistryMember(DocModel):
    """One term in a seat: what the registry prints of it (no contact details)."""

    person_name: str
    role: Role
    deputy_rank: int | None
    valid_from: dt.date
    valid_to: dt.date | None
    electing_decision: str | None


class RegistrySeat(DocModel):
    municipality_number: str
    municipality_name: str
    members: list[RegistryMember]
    deputies: list[RegistryMember]

    @property
    def vacant(self) -> bool:
        return not self.members


class RegistryDocument(DocModel):
    meta: DocumentMeta
    body_code: str
    on_date: dt.date
    seats: list[RegistrySeat]


class CalendarCase(DocModel):
    label: str
    title: str  # the public title of a closed case in the public calendar (O-2)
    closed: bool
    closure_reference: str | None


class CalendarEvent(DocModel):
    meeting_id: int
    # Globally unique and stable: the database's own id and the meeting's, never a name.
    uid: str
    # Raised by every change of the meeting or its case list (RFC 5545 § 3.8.7.4).
    sequence: int
    last_modified: dt.datetime | None  # UTC
    body_name: str
    title: str | None
    date: dt.date
    start_time: dt.time
    end_time: dt.time | None
    place: str
    form: MeetingForm
    cases: list[CalendarCase]


class CalendarDocument(DocModel):
    """Meetings as an iCalendar file: one event per meeting."""

    cooperation: str
    events: list[CalendarEvent]
    stamp: dt.datetime  # UTC: when the file was made (DTSTAMP)
