"""The speakers in the minutes (issue 17): when the body keeps them, each case's minutes
say who had the floor, in order («Talarar: A, B (replikk) og C.»); a closed case's
speakers stay out of the public version; approved minutes keep what they were approved
with. Both engines."""

from __future__ import annotations

import datetime as dt
import io
import re
from html import unescape

import pytest
from meeting_setup import Body, add_case, make_body, plan
from pypdf import PdfReader

from dvmeet.documents.minutes import minutes_pdf
from dvmeet.domain.enums import ApprovalMethod, ClosureBasis
from dvmeet.domain.speakers import SpeakerKind
from dvmeet.services import attendance, minutes, registry, speakers
from dvmeet.services.attendance.models import CloseMeetingIn, OpenMeetingIn, PresenceIn
from dvmeet.services.context import Context
from dvmeet.services.minutes.models import ApproveMinutesIn
from dvmeet.services.speakers import SpeakerActIn, SpeakerIn, SpeakerSettingsIn

DAY = dt.date(2025, 3, 12)
T0 = dt.datetime(2025, 3, 12, 10, 30)


def _keep_in_minutes(ctx: Context, body: Body, keep: bool) -> None:
    now = speakers.speaker_settings(ctx, body.code)
    speakers.set_speaker_settings(
        ctx,
        SpeakerSettingsIn(body_code=body.code, in_minutes=keep, expected_version=now.version),
    )


def _speak(
    ctx: Context, case_id: int, turns: list[tuple[int, SpeakerKind]], at: dt.datetime
) -> None:
    for person, kind in turns:
        listed = speakers.add_speaker(ctx, SpeakerIn(case_id=case_id, person_id=person, kind=kind))
        turn = listed.queue[-1] if kind is SpeakerKind.INNLEGG else listed.queue[0]
        speakers.start_speaker(
            ctx, SpeakerActIn(entry_id=turn.id, expected_version=turn.version), now=at
        )
        at += dt.timedelta(minutes=2)


def _text(html: str) -> str:
    """The preview's words without the markup."""
    return " ".join(unescape(re.sub(r"<[^>]+>", "", html)).split())


def _name(ctx: Context, person: int) -> str:
    return registry.get_person(ctx, person).name


def _held_meeting(ctx: Context, body: Body) -> tuple[int, int, int]:
    meeting = plan(ctx, body, DAY).id
    open_case = add_case(ctx, meeting, "Open sak").id
    closed_case = add_case(
        ctx,
        meeting,
        "Personalsak Ola",
        closed=True,
        closure_basis=ClosureBasis.KOML_11_5_3A,
        public_title="Personalsak",
    ).id
    for person in body.members:
        attendance.mark_present(ctx, PresenceIn(meeting_id=meeting, person_id=person))
    attendance.open_meeting(
        ctx, OpenMeetingIn(meeting_id=meeting, opened_at=dt.datetime.combine(DAY, dt.time(10)))
    )
    a, b, c = body.members[2:5]
    _speak(ctx, open_case, [(a, SpeakerKind.INNLEGG), (b, SpeakerKind.REPLIKK)], T0)
    _speak(ctx, open_case, [(c, SpeakerKind.INNLEGG)], T0 + dt.timedelta(minutes=5))
    _speak(ctx, closed_case, [(b, SpeakerKind.INNLEGG)], T0 + dt.timedelta(minutes=9))
    attendance.close_meeting(
        ctx, CloseMeetingIn(meeting_id=meeting, closed_at=dt.datetime.combine(DAY, dt.time(12)))
    )
    return meeting, open_case, closed_case


def _speakers_by_title(ctx: Context, meeting: int, *, public: bool) -> dict[str, list[str]]:
    doc = minutes.minutes_document(ctx, meeting, public=public)
    return {c.title: c.speakers for c in doc.minutes.cases}


@pytest.fixture
def body(ctx: Context) -> Body:
    return make_body(ctx)


def test_the_minutes_list_who_spoke_in_order_when_the_body_wants_it(
    ctx: Context, body: Body
) -> None:
    _keep_in_minutes(ctx, body, True)
    meeting, _open, _closed = _held_meeting(ctx, body)
    a, b, c = (_name(ctx, p) for p in body.members[2:5])
    internal = _speakers_by_title(ctx, meeting, public=False)
    assert internal["Open sak"] == [a, f"{b} (replikk)", c]
    assert internal["Personalsak Ola"] == [b]
    line = f"Talarar: {a}, {b} (replikk) og {c}."
    preview = minutes.minutes_preview(ctx, meeting, public=False)
    assert line in _text(preview.html)
    pdf = minutes_pdf(minutes.minutes_document(ctx, meeting, public=False))
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert line in " ".join(text.split())
    # the public version: the closed case is withheld, its speakers with it
    public = _speakers_by_title(ctx, meeting, public=True)
    assert public["Open sak"] == [a, f"{b} (replikk)", c]
    assert public["Personalsak"] == []
    assert f"Talarar: {b}." not in _text(minutes.minutes_preview(ctx, meeting, public=True).html)


def test_no_speakers_line_when_the_body_does_not_keep_it(ctx: Context, body: Body) -> None:
    meeting, _open, _closed = _held_meeting(ctx, body)
    assert all(not s for s in _speakers_by_title(ctx, meeting, public=False).values())
    assert "Talarar" not in minutes.minutes_preview(ctx, meeting, public=False).html


def test_approved_minutes_keep_what_they_were_approved_with(ctx: Context, body: Body) -> None:
    meeting, _open, _closed = _held_meeting(ctx, body)
    minutes.approve_minutes(
        ctx,
        ApproveMinutesIn(meeting_id=meeting, method=ApprovalMethod.EMAIL_ROUND, approved_on=DAY),
    )
    before = minutes_pdf(minutes.minutes_document(ctx, meeting, public=False))
    _keep_in_minutes(ctx, body, True)  # the body starts keeping them after the approval
    assert all(not s for s in _speakers_by_title(ctx, meeting, public=False).values())
    assert minutes_pdf(minutes.minutes_document(ctx, meeting, public=False)) == before
