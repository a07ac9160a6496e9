"""«Send innkalling» by e-mail (issue 20), through a real SMTP server on loopback (aiosmtpd,
STARTTLS with a self-signed certificate, login): the constituent meeting's notice to 43
members and 3 deputies called in, 46 messages received and read back (headers, nynorsk
subject, the PDF's text, the calendar file), one recipient refused once and retried, the
send log; the public copies carry no closed content; .eml files where no server is set up;
clear refusals for settings that cannot work. SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import email
import hashlib
import io
import json
from collections.abc import Iterator
from email import policy
from email.message import EmailMessage
from email.utils import parsedate_to_datetime
from pathlib import Path

import pytest
import vobject
from icalendar import Calendar
from mail_loopback import PASSWORD, SENDER, USER, Loopback, memory_keyring, smtp_server
from pypdf import PdfReader

from dvmeet.domain.enums import BodyKind, ClosureBasis, LegalForm, MeetingKind, MeetingStatus, Role
from dvmeet.domain.mail import MailKind, MailStatus, RecipientKind, Transport
from dvmeet.errors import Conflict, InvalidInput
from dvmeet.services import attendance, mail, meetings, papers, registry
from dvmeet.services.attendance.models import DeputyIn, ForfallIn
from dvmeet.services.context import Context
from dvmeet.services.mail.models import (
    MailSettingsIn,
    PostAddressIn,
    PostRecipientIn,
    RecipientIn,
    RemoveRecipientIn,
    RetryIn,
    Security,
    SendNoticeMailIn,
)
from dvmeet.services.meetings.models import CaseIn, PlanMeetingIn, SendNoticeIn, UpdateMeetingIn
from dvmeet.services.papers.models import PaperIn
from dvmeet.services.registry.models import (
    BodyIn,
    CooperationIn,
    MembershipIn,
    ParticipationManyIn,
    PersonIn,
)

CLOSED_MARKER = "Hemmelegsen"  # in the closed case's title and recommendation only
START = dt.date(2024, 1, 1)


def meeting_day() -> dt.date:
    """A Wednesday about a month ahead: the notice is sent today, before the meeting."""
    day = dt.date.today() + dt.timedelta(days=30)
    return day + dt.timedelta(days=(2 - day.weekday()) % 7)


def representantskap(ctx: Context, *, called_in: int = 3) -> tuple[int, dict[str, str]]:
    """Every Vestland municipality taking part, a member each (with an address) and a
    deputy for the first `called_in`, who are called in for their members (forfall); the
    constituent meeting planned with a closed case. Returns the meeting and the addresses
    of the deputies called in (number -> address)."""
    registry.load_municipalities(ctx)
    registry.set_cooperation(
        ctx,
        CooperationIn(
            name="DigiVestland",
            legal_form=LegalForm.OPPGAVEFELLESSKAP,
            host_municipality_number="4601",
        ),
    )
    munis = registry.list_municipalities(ctx)
    registry.set_participations(
        ctx, ParticipationManyIn(numbers=[m.number for m in munis], participant_from=START)
    )
    registry.create_body(
        ctx,
        BodyIn(
            code="RS",
            name="Representantskapet",
            kind=BodyKind.ELECTED,
            seats=len(munis),
            notice_days=14,
        ),
    )
    members: dict[str, int] = {}
    deputies: dict[str, tuple[int, str]] = {}
    for i, m in enumerate(munis):
        person = registry.create_person(
            ctx,
            PersonIn(
                name=f"Medlem {m.name}",
                email=f"medlem.{m.number}@example.no",
                municipality_number=m.number,
            ),
        )
        registry.add_membership(
            ctx,
            MembershipIn(
                person_id=person.id,
                body_code="RS",
                municipality_number=m.number,
                role=Role.LEIAR if i == 0 else Role.MEDLEM,
                valid_from=START,
            ),
        )
        members[m.number] = person.id
        if i < called_in:
            address = f"vara.{m.number}@example.no"
            deputy = registry.create_person(
                ctx,
                PersonIn(name=f"Vara {m.name}", email=address, municipality_number=m.number),
            )
            registry.add_membership(
                ctx,
                MembershipIn(
                    person_id=deputy.id,
                    body_code="RS",
                    municipality_number=m.number,
                    role=Role.VARAMEDLEM,
                    deputy_rank=1,
                    valid_from=START,
                ),
            )
            deputies[m.number] = (deputy.id, address)
    meeting = meetings.plan_meeting(
        ctx,
        PlanMeetingIn(
            body_code="RS",
            date=meeting_day(),
            start_time=dt.time(10, 0),
            end_time=dt.time(13, 0),
            place="Bergen rådhus, bystyresalen",
            kind=MeetingKind.CONSTITUENT,
            title="Konstituerande møte i representantskapet",
        ),
    )
    meetings.add_case(
        ctx,
        CaseIn(
            meeting_id=meeting.id,
            title="Strategi for DigiVestland 2025–2028",
            recommendation="Representantskapet vedtek strategien.",
        ),
    )
    meetings.add_case(
        ctx,
        CaseIn(
            meeting_id=meeting.id,
            title=f"Tilsetjing av dagleg leiar – Kari {CLOSED_MARKER}",
            public_title="Tilsetjing av dagleg leiar",
            closed=True,
            closure_basis=ClosureBasis.KOML_11_5_3A,
            closure_note="offl. § 25",
            recommendation=f"Kari {CLOSED_MARKER} vert tilsett.",
        ),
    )
    for number, (deputy_id, _address) in deputies.items():
        attendance.mark_forfall(ctx, ForfallIn(meeting_id=meeting.id, person_id=members[number]))
        attendance.call_deputy(
            ctx,
            DeputyIn(
                meeting_id=meeting.id, deputy_person_id=deputy_id, for_person_id=members[number]
            ),
        )
    return meeting.id, {n: a for n, (_i, a) in deputies.items()}


@pytest.fixture
def ring() -> Iterator[object]:
    with memory_keyring() as r:
        yield r


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Loopback]:
    with smtp_server(tmp_path) as s:
        yield s


def settings_for(server: Loopback, **changes: object) -> MailSettingsIn:
    values: dict[str, object] = {
        "host": server.host,
        "port": server.port,
        "security": Security.STARTTLS,
        "username": USER,
        "password": PASSWORD,
        "sender_address": SENDER,
        "sender_name": "DigiVestland sekretariat",
        "ca_file": str(server.cert),
        "timeout_seconds": 10,
    }
    values.update(changes)
    return MailSettingsIn.model_validate(values)


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


def attachments(msg: EmailMessage) -> dict[str, tuple[str, bytes, str | None]]:
    """filename -> (content type, bytes, METHOD parameter)"""
    found = {}
    for part in msg.iter_attachments():
        name = part.get_filename()
        assert name is not None
        payload = part.get_payload(decode=True)
        assert isinstance(payload, bytes)
        found[name] = (part.get_content_type(), payload, part.get_param("method"))
    return found


def test_constituent_notice_to_43_members_and_3_deputies(
    ctx: Context, ring: object, server: Loopback
) -> None:
    meeting_id, deputies = representantskap(ctx)
    saved = mail.save_mail_settings(ctx, settings_for(server))
    assert saved.has_password
    assert PASSWORD not in saved.path.read_text(encoding="utf-8")  # only in the keyring
    assert mail.test_mail_connection(ctx).logged_in

    preview = mail.notice_recipients(ctx, meeting_id)
    assert preview.transport is Transport.SMTP
    assert preview.subject.startswith("Innkalling til møte i Representantskapet ")
    kinds = [r.kind for r in preview.recipients]
    assert kinds.count(RecipientKind.MEMBER) == 43
    assert kinds.count(RecipientKind.DEPUTY) == 3
    assert not preview.without_address

    refused = "medlem.4602@example.no"
    server.handler.refuse[refused] = 1  # refused once by the server, then accepted
    result = mail.send_notice_mail(ctx, SendNoticeMailIn(meeting_id=meeting_id))

    meeting = meetings.get_meeting(ctx, meeting_id)
    assert meeting.status is MeetingStatus.NOTICE_SENT  # the notice was marked sent first
    assert len(result.entries) == 46
    (failed,) = result.failed
    assert failed.address == refused and failed.status is MailStatus.FAILED
    assert failed.error is not None and "550" in failed.error
    assert len(server.handler.received) == 45

    retried = mail.retry_mail(ctx, RetryIn(message_ids=[failed.id]))
    (again,) = retried.entries
    assert again.status is MailStatus.SENT and again.attempts == 2 and again.error is None
    assert again.message_id == failed.message_id

    received = server.handler.received
    assert len(received) == 46
    by_address = {r.recipients[0]: r for r in received}
    assert len(by_address) == 46
    assert set(deputies.values()) <= set(by_address)

    log = {e.address: e for e in mail.mail_log(ctx, meeting_id)}
    assert set(log) == set(by_address)
    assert all(e.status is MailStatus.SENT and e.transport is Transport.SMTP for e in log.values())
    assert all(e.kind is MailKind.NOTICE and e.batch == 1 for e in log.values())
    day = f"{meeting.date:%d.%m.%Y}"
    for address, got in by_address.items():
        msg = got.message
        entry = log[address]
        assert msg["Subject"] == f"Innkalling til møte i Representantskapet {day}"
        assert msg["Message-ID"].strip() == entry.message_id
        assert msg["To"].addresses[0].addr_spec == address
        assert msg["From"].addresses[0].addr_spec == SENDER
        assert parsedate_to_datetime(msg["Date"]).tzinfo is not None
        assert got.sender == SENDER
        body = msg.get_body(("plain",))
        assert body is not None
        called = (
            "kalla inn som varamedlem til møte i Representantskapet"
            if entry.recipient_kind is RecipientKind.DEPUTY
            else "Du er kalla inn til møte i Representantskapet"
        )
        assert called in body.get_content()
        files = attachments(msg)
        assert len(files) == 3  # the notice, the sakspapir and the calendar file
        # the log holds each attachment's SHA-256, as received
        assert {(a.name, a.sha256) for a in entry.attachments} == {
            (name, hashlib.sha256(data).hexdigest()) for name, (_t, data, _m) in files.items()
        }
        pdf_name = next(n for n in files if n.startswith("Innkalling"))
        assert CLOSED_MARKER in pdf_text(files[f"Sakspapir{pdf_name[10:]}"][1])
        ics_name = next(n for n in files if n.endswith(".ics"))
        assert files[pdf_name][0] == "application/pdf"
        text = pdf_text(files[pdf_name][1])
        assert "Innkalling" in text and "Tilsetjing av dagleg leiar" in text
        # members and deputies get the internal notice: the closed case in full
        assert pdf_name.endswith("intern.pdf") and not entry.public
        assert CLOSED_MARKER in text
        ctype, ics, method = files[ics_name]
        assert ctype == "text/calendar" and method == "REQUEST"
        cal = Calendar.from_ical(ics)
        assert str(cal["METHOD"]) == "REQUEST"
        (event,) = cal.walk("VEVENT")
        assert str(event["ORGANIZER"]).lower() == f"mailto:{SENDER}"
        assert str(event["ATTENDEE"]).lower() == f"mailto:{address}"
        parsed = vobject.readOne(ics.decode("utf-8"))  # a second parser reads it the same
        start = parsed.vevent.dtstart.value
        assert start.astimezone(dt.UTC).hour in (8, 9)  # 10:00 in Oslo
        assert start.date() == meeting.date
    assert log[refused].attempts == 2 and log[refused].status is MailStatus.SENT
    assert sum(1 for e in log.values() if e.recipient_kind is RecipientKind.DEPUTY) == 3

    # once sent, the notice is not sent again by mistake; an «endra innkalling» is
    with pytest.raises(Conflict, match="alt send på e-post"):
        mail.send_notice_mail(ctx, SendNoticeMailIn(meeting_id=meeting_id))


def small_body(ctx: Context) -> int:
    """Three municipalities, a member each (the third without an address); a meeting
    planned with a closed case."""
    registry.load_municipalities(ctx)
    registry.set_cooperation(
        ctx,
        CooperationIn(
            name="DigiVestland",
            legal_form=LegalForm.OPPGAVEFELLESSKAP,
            host_municipality_number="4601",
        ),
    )
    numbers = ["4601", "4602", "4611"]
    registry.set_participations(ctx, ParticipationManyIn(numbers=numbers, participant_from=START))
    registry.create_body(
        ctx, BodyIn(code="RS", name="Representantskapet", kind=BodyKind.ELECTED, seats=3)
    )
    for i, number in enumerate(numbers):
        person = registry.create_person(
            ctx,
            PersonIn(
                name=f"Medlem {number}",
                email=f"medlem.{number}@example.no" if i < 2 else None,
                municipality_number=number,
            ),
        )
        registry.add_membership(
            ctx,
            MembershipIn(
                person_id=person.id,
                body_code="RS",
                municipality_number=number,
                role=Role.LEIAR if i == 0 else Role.MEDLEM,
                valid_from=START,
            ),
        )
    meeting = meetings.plan_meeting(
        ctx,
        PlanMeetingIn(
            body_code="RS",
            date=meeting_day(),
            start_time=dt.time(10, 0),
            place="Bergen rådhus",
        ),
    )
    meetings.add_case(
        ctx,
        CaseIn(
            meeting_id=meeting.id,
            title=f"Tilsetjing – Kari {CLOSED_MARKER}",
            public_title="Tilsetjing av dagleg leiar",
            closed=True,
            closure_basis=ClosureBasis.KOML_11_5_3A,
            closure_note="offl. § 25",
            recommendation=f"Kari {CLOSED_MARKER} vert tilsett.",
        ),
    )
    return meeting.id


def test_public_copies_and_a_changed_notice_to_the_same_list(
    ctx: Context, ring: object, server: Loopback
) -> None:
    meeting_id = small_body(ctx)
    mail.set_post_address(
        ctx, PostAddressIn(municipality_number="4601", post_email="postmottak@bergen.kommune.no")
    )
    mail.add_post_recipient(ctx, PostRecipientIn(body_code="RS", municipality_number="4601"))
    mail.add_post_recipient(
        ctx, PostRecipientIn(body_code="RS", municipality_number="4602")
    )  # no post address yet: named in the preview, not sent
    mail.add_recipient(
        ctx,
        RecipientIn(
            body_code="RS",
            kind=RecipientKind.OBSERVER,
            name="Dagleg leiar",
            email="leiar@digivestland.no",
        ),
    )
    listed = mail.add_recipient(
        ctx,
        RecipientIn(
            body_code="RS", kind=RecipientKind.COPY, name="Arkivet", email="arkiv@bergen.kommune.no"
        ),
    )
    assert {e.kind for e in listed.entries} == {
        RecipientKind.POST,
        RecipientKind.OBSERVER,
        RecipientKind.COPY,
    }
    assert listed.members_without_email == ["Medlem 4611"]
    mail.save_mail_settings(ctx, settings_for(server))
    # case papers: the sakspapir goes with the notice (public: the closed paper left out)
    planned = meetings.get_meeting(ctx, meeting_id)
    closed = next(c for c in planned.cases if c.closed)
    budget = meetings.add_case(
        ctx, CaseIn(meeting_id=meeting_id, title="Budsjett 2026", recommendation="Vedteke.")
    )
    papers.update_paper(
        ctx, PaperIn(case_id=budget.id, expected_version=0, background="Bakgrunn for budsjettet.")
    )
    papers.update_paper(
        ctx,
        PaperIn(case_id=closed.id, expected_version=0, background=f"Søkjaren {CLOSED_MARKER}."),
    )

    preview = mail.notice_recipients(ctx, meeting_id)
    assert preview.case_papers
    assert [(r.kind, r.name) for r in preview.without_address] == [
        (RecipientKind.MEMBER, "Medlem 4611"),
        (RecipientKind.POST, "Postmottak Kinn"),
    ]
    result = mail.send_notice_mail(ctx, SendNoticeMailIn(meeting_id=meeting_id))
    assert not result.failed and len(result.entries) == 5
    public = {"postmottak@bergen.kommune.no", "leiar@digivestland.no", "arkiv@bergen.kommune.no"}
    for got in server.handler.received:
        address = got.recipients[0]
        msg = got.message
        files = attachments(msg)
        assert len(files) == 3
        pdf = next(d for name, (_t, d, _m) in files.items() if name.startswith("Innkalling"))
        paper = next(d for name, (_t, d, _m) in files.items() if name.startswith("Sakspapir"))
        ics = next(data for name, (_t, data, _m) in files.items() if name.endswith(".ics"))
        assert "Bakgrunn for budsjettet." in pdf_text(paper)
        assert "sakspapira (PDF)" in (msg.get_body(("plain",)) or msg).get_content()
        everything = (
            msg.as_bytes().decode("utf-8", "replace")
            + pdf_text(pdf)
            + pdf_text(paper)
            + ics.decode()
        )
        if address in public:
            assert CLOSED_MARKER not in everything, address
            assert CLOSED_MARKER not in (msg.get_body(("plain",)) or msg).get_content()
            assert "Tilsetjing av dagleg leiar" in pdf_text(pdf)
            text = (msg.get_body(("plain",)) or msg).get_content()
            assert "Til orientering: Representantskapet har møte" in text
            assert any(name.endswith("offentleg.pdf") for name in files)
        else:
            assert CLOSED_MARKER in pdf_text(pdf)
            assert CLOSED_MARKER in pdf_text(paper)
    methods = {
        r.recipients[0]: next(m for n, (_t, _d, m) in attachments(r.message).items() if ".ics" in n)
        for r in server.handler.received
    }
    assert methods["leiar@digivestland.no"] == "REQUEST"  # an observer is invited
    assert methods["postmottak@bergen.kommune.no"] == "PUBLISH"  # a copy is no invitation
    assert methods["arkiv@bergen.kommune.no"] == "PUBLISH"

    # A change after the notice, then an «endra innkalling» to the same list: the copy
    # recipient taken off the list meanwhile still gets it (it got the first one).
    entry = next(e for e in listed.entries if e.kind is RecipientKind.COPY)
    mail.remove_recipient(ctx, RemoveRecipientIn(id=entry.id, expected_version=entry.version))
    current = meetings.get_meeting(ctx, meeting_id)
    meetings.update_meeting(
        ctx,
        UpdateMeetingIn(
            meeting_id=meeting_id,
            place="Bergen rådhus, formannskapssalen",
            expected_version=current.version,
        ),
    )
    server.handler.received.clear()
    changed = mail.send_notice_mail(
        ctx, SendNoticeMailIn(meeting_id=meeting_id, kind=MailKind.CHANGED_NOTICE)
    )
    assert changed.batch == 2 and not changed.failed
    addresses = {r.recipients[0] for r in server.handler.received}
    assert addresses == {"medlem.4601@example.no", "medlem.4602@example.no", *public}
    for got in server.handler.received:
        msg = got.message
        assert msg["Subject"].startswith("Endra innkalling til møte i Representantskapet")
        text = (msg.get_body(("plain",)) or msg).get_content()
        assert "formannskapssalen" in text and "er endra" in text


def test_without_a_server_the_messages_are_written_as_eml_files(
    ctx: Context, ring: object, tmp_path: Path
) -> None:
    meeting_id = small_body(ctx)
    assert mail.mail_settings(ctx) is None
    with pytest.raises(InvalidInput, match="Ingen e-posttenar er sett opp"):
        mail.send_notice_mail(ctx, SendNoticeMailIn(meeting_id=meeting_id))
    assert meetings.get_meeting(ctx, meeting_id).status is MeetingStatus.PLANNED  # unchanged
    folder = tmp_path / "eml"
    result = mail.send_notice_mail(ctx, SendNoticeMailIn(meeting_id=meeting_id, eml_folder=folder))
    assert len(result.entries) == 2
    assert all(
        e.status is MailStatus.WRITTEN and e.transport is Transport.EML for e in result.entries
    )
    files = sorted(folder.glob("*.eml"))
    assert len(files) == 2
    assert {e.eml_path for e in result.entries} == {str(f) for f in files}
    for f in files:
        msg = email.message_from_bytes(f.read_bytes(), policy=policy.default)
        assert msg["X-Unsent"] == "1"  # Outlook opens it ready to send
        assert msg["Subject"].startswith("Innkalling til møte i Representantskapet")
        assert msg["From"] is None  # no sender set up: Outlook fills in the account's
        ics = next(p for p in msg.iter_attachments() if p.get_filename().endswith(".ics"))
        assert ics.get_param("method") == "PUBLISH"  # no organizer: no invitation
    log = mail.mail_log(ctx, meeting_id)
    assert [e.status for e in log] == [MailStatus.WRITTEN, MailStatus.WRITTEN]
    assert json.loads(json.dumps([a.model_dump() for a in log[0].attachments]))


def test_settings_that_cannot_work_are_refused_clearly(
    ctx: Context, ring: object, server: Loopback, tmp_path: Path
) -> None:
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match="berre sende til ein e-posttenar på denne"):
        settings_for(server, host="smtp.example.no", security=Security.NONE)
    with pytest.raises(ValidationError, match="ikkje ei gyldig e-postadresse"):
        settings_for(server, sender_address="ikkje-ei-adresse")
    # a wrong password: refused by the server, said so
    with pytest.raises(mail.MailUnavailable, match="godtok ikkje brukarnamnet og passordet"):
        mail.test_mail_connection(ctx, settings_for(server, password="feil"))
    # the server's own certificate not trusted: said so
    with pytest.raises(mail.MailUnavailable, match="Sertifikatet til e-posttenaren"):
        mail.test_mail_connection(ctx, settings_for(server, ca_file=None))
    # nobody listening there
    from mail_loopback import free_port

    with pytest.raises(mail.MailUnavailable, match="Får ikkje kontakt"):
        mail.test_mail_connection(ctx, settings_for(server, port=free_port()))
    # SSL against a STARTTLS port
    with pytest.raises(mail.MailUnavailable, match="krypterte tilkoplinga"):
        mail.test_mail_connection(ctx, settings_for(server, security=Security.SSL))

    meeting_id = small_body(ctx)
    saved = mail.save_mail_settings(ctx, settings_for(server))
    # the password gone from the keyring: sending refuses before anything changes
    ring.store.clear()  # type: ignore[attr-defined]
    with pytest.raises(mail.MailUnavailable, match="finst ikkje i nøkkelringen"):
        mail.send_notice_mail(ctx, SendNoticeMailIn(meeting_id=meeting_id))
    assert meetings.get_meeting(ctx, meeting_id).status is MeetingStatus.PLANNED
    assert mail.mail_log(ctx, meeting_id) == []
    # a damaged settings file: named, with what to do
    saved.path.write_text("{ikkje json", encoding="utf-8")
    with pytest.raises(mail.MailUnavailable, match="øydelagde"):
        mail.mail_settings(ctx)
    saved.path.write_text(json.dumps({"host": "x", "port": 99999}), encoding="utf-8")
    with pytest.raises(mail.MailUnavailable, match="ikkje gyldige"):
        mail.mail_settings(ctx)
    mail.clear_mail_settings(ctx)
    assert mail.mail_settings(ctx) is None


def test_distribution_list_refusals_change_nothing(ctx: Context) -> None:
    small_body(ctx)
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match="ikkje ei gyldig e-postadresse"):
        RecipientIn(body_code="RS", kind=RecipientKind.COPY, name="X", email="x@")
    with pytest.raises(ValidationError, match="berre observatørar og kopimottakarar"):
        RecipientIn(body_code="RS", kind=RecipientKind.MEMBER, name="X", email="x@example.no")
    mail.add_recipient(
        ctx, RecipientIn(body_code="RS", kind=RecipientKind.COPY, name="A", email="a@example.no")
    )
    before = mail.distribution_list(ctx, "RS")
    with pytest.raises(Conflict, match="står alt på lista"):
        mail.add_recipient(
            ctx,
            RecipientIn(
                body_code="RS", kind=RecipientKind.OBSERVER, name="B", email="A@example.no"
            ),
        )
    mail.add_all_post_recipients(ctx, "RS")
    after = mail.distribution_list(ctx, "RS")
    assert [m.municipality_number for m in after.municipalities if m.on_list] == [
        "4601",
        "4602",
        "4611",
    ]
    with pytest.raises(Conflict, match="står alt på lista"):
        mail.add_post_recipient(ctx, PostRecipientIn(body_code="RS", municipality_number="4601"))
    assert len(after.entries) == len(before.entries) + 3


def test_the_send_log_is_frozen_with_the_approved_meeting(ctx: Context, tmp_path: Path) -> None:
    """Approved minutes freeze the meeting and every row it owns (0007): the send log too,
    in the service and in the database."""
    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError

    from dvmeet.errors import FrozenRecord

    meeting_id = small_body(ctx)
    result = mail.send_notice_mail(
        ctx, SendNoticeMailIn(meeting_id=meeting_id, eml_folder=tmp_path / "eml")
    )
    first = result.entries[0]
    with ctx.db.engine.begin() as conn:
        conn.execute(
            text("UPDATE meeting SET frozen = :t WHERE id = :m"), {"t": True, "m": meeting_id}
        )
    with pytest.raises(FrozenRecord):
        mail.retry_mail(ctx, RetryIn(message_ids=[first.id], eml_folder=tmp_path / "eml"))
    with pytest.raises(FrozenRecord):
        mail.send_notice_mail(
            ctx,
            SendNoticeMailIn(
                meeting_id=meeting_id,
                kind=MailKind.CHANGED_NOTICE,
                eml_folder=tmp_path / "eml",
            ),
        )
    for statement in (
        "UPDATE mail_message SET status = 'failed' WHERE id = :i",
        "DELETE FROM mail_message WHERE id = :i",
        "INSERT INTO mail_message (meeting_id, batch, kind, recipient_kind, name, address, "
        "public, subject, message_id, transport, status, attempts, attachments, created_at) "
        "SELECT meeting_id, 9, kind, recipient_kind, name, address, public, subject, "
        "'<x@y>', transport, status, attempts, attachments, created_at "
        "FROM mail_message WHERE id = :i",
    ):
        with pytest.raises(DBAPIError, match="dvmeet_frozen"), ctx.db.engine.begin() as conn:
            conn.execute(text(statement), {"i": first.id})
    assert [e.status for e in mail.mail_log(ctx, meeting_id)] == [
        MailStatus.WRITTEN,
        MailStatus.WRITTEN,
    ]


def test_an_address_with_aeoeaa_goes_as_smtputf8(
    ctx: Context, ring: object, server: Loopback
) -> None:
    meeting_id = small_body(ctx)
    address = "åse.øvrebø@example.no"
    mail.add_recipient(
        ctx,
        RecipientIn(body_code="RS", kind=RecipientKind.OBSERVER, name="Åse Øvrebø", email=address),
    )
    mail.save_mail_settings(ctx, settings_for(server))
    result = mail.send_notice_mail(ctx, SendNoticeMailIn(meeting_id=meeting_id))
    assert not result.failed and len(result.entries) == 3
    (got,) = [r for r in server.handler.received if r.recipients[0] == address]
    # sent as UTF-8 (RFC 6532): the header reads back as typed
    parsed = email.message_from_string(got.data.decode("utf-8"), policy=policy.default)
    assert parsed["To"].addresses[0].addr_spec == address
    assert parsed["Subject"].startswith("Innkalling til møte i Representantskapet")


def test_two_users_sending_the_notice_at_once_send_it_once(
    ctx: Context, database_url: object, tmp_path: Path
) -> None:
    """Whatever the interleaving: one round of messages, the other user told it is sent."""
    import threading

    from dvmeet.db.database import connect

    meeting_id = small_body(ctx)
    meetings.send_notice(ctx, SendNoticeIn(meeting_id=meeting_id))
    other = Context(connect(database_url), actor="andre")  # type: ignore[arg-type]
    outcomes: list[object] = []
    start = threading.Barrier(2)

    def send(c: Context, folder: str) -> None:
        start.wait()
        try:
            outcomes.append(
                mail.send_notice_mail(
                    c, SendNoticeMailIn(meeting_id=meeting_id, eml_folder=tmp_path / folder)
                )
            )
        except Conflict as exc:
            outcomes.append(exc)

    try:
        threads = [
            threading.Thread(target=send, args=(c, f"eml{i}")) for i, c in enumerate((ctx, other))
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=120)
    finally:
        other.close()
    assert sorted(type(o).__name__ for o in outcomes) == ["Conflict", "SendResult"]
    log = mail.mail_log(ctx, meeting_id)
    assert len(log) == 2 and {e.batch for e in log} == {1}


def test_the_exported_calendar_names_the_sender_as_organizer(
    ctx: Context, ring: object, server: Loopback, tmp_path: Path
) -> None:
    from dvmeet.services import exports

    meeting_id = small_body(ctx)
    meetings.send_notice(ctx, SendNoticeIn(meeting_id=meeting_id))

    def exported(folder: Path) -> Calendar:
        folder.mkdir()
        written = exports.export_notice(ctx, meeting_id, folder)
        (ics,) = [p for p in written.files if p.suffix == ".ics"]
        return Calendar.from_ical(ics.read_bytes())

    plain = exported(tmp_path / "utan")
    assert str(plain["METHOD"]) == "PUBLISH"
    assert "ORGANIZER" not in plain.walk("VEVENT")[0]
    mail.save_mail_settings(ctx, settings_for(server))
    named = exported(tmp_path / "med")
    assert str(named["METHOD"]) == "PUBLISH"  # a file to import, no invitation
    (event,) = named.walk("VEVENT")
    assert str(event["ORGANIZER"]).lower() == f"mailto:{SENDER}"
    assert "ATTENDEE" not in event


def test_cancelled_midway_the_rest_are_shown_failed_and_retried(
    ctx: Context, ring: object, server: Loopback
) -> None:
    from dvmeet.services.progress import Progress

    meeting_id = small_body(ctx)
    for i in range(3):
        mail.add_recipient(
            ctx,
            RecipientIn(
                body_code="RS", kind=RecipientKind.COPY, name=f"Kopi {i}", email=f"k{i}@example.no"
            ),
        )
    mail.save_mail_settings(ctx, settings_for(server))
    progress: Progress

    def report(done: int, total: int, text: str) -> None:
        if done == 4:  # two messages sent, then the user presses «Avbryt»
            progress.cancel()

    progress = Progress(report)
    result = mail.send_notice_mail(ctx, SendNoticeMailIn(meeting_id=meeting_id), progress)
    assert [e.status for e in result.entries] == [MailStatus.SENT] * 2 + [MailStatus.FAILED] * 3
    assert {e.error for e in result.failed} == {"Avbrote før sending."}
    assert len(server.handler.received) == 2
    again = mail.retry_mail(ctx, RetryIn(message_ids=[e.id for e in result.failed]))
    assert [e.status for e in again.entries] == [MailStatus.SENT] * 3
    assert len(server.handler.received) == 5
    with pytest.raises(Conflict, match="har alt fått meldinga"):
        mail.retry_mail(ctx, RetryIn(message_ids=[result.entries[0].id]))


def test_the_send_log_is_in_the_facts_digest(ctx: Context, tmp_path: Path) -> None:
    """Approval's digest covers the send log: a message changed after approval (triggers
    dropped) is found by the check like any other row of the record."""
    from dvmeet.services.minutes import _facts

    meeting_id = small_body(ctx)
    mail.send_notice_mail(ctx, SendNoticeMailIn(meeting_id=meeting_id, eml_folder=tmp_path))
    columns = _facts.manifest()
    assert "address" in columns["mail_message"] and "attachments" in columns["mail_message"]
    with ctx.reading() as s:
        before = _facts.facts_digest(s, meeting_id, columns)
        rows = _facts.owned_rows(s, meeting_id, columns)["mail_message"]
    assert len(rows) == 2
    from sqlalchemy import text

    with ctx.db.engine.begin() as conn:
        conn.execute(
            text("UPDATE mail_message SET status = 'failed' WHERE meeting_id = :m"),
            {"m": meeting_id},
        )
    with ctx.reading() as s:
        assert _facts.facts_digest(s, meeting_id, columns) != before


def test_the_mail_view_says_what_sending_does_next(ctx: Context, tmp_path: Path) -> None:
    from sqlalchemy import text

    meeting_id = small_body(ctx)
    view = mail.mail_view(ctx, meeting_id)
    assert view.kind is MailKind.NOTICE and view.can_send and view.why_not is None
    assert view.server is None and view.preview.transport is Transport.EML
    assert len(view.preview.recipients) == 2 and not view.log
    assert view.warnings == [w.message for w in meetings.get_meeting(ctx, meeting_id).warnings]
    mail.send_notice_mail(ctx, SendNoticeMailIn(meeting_id=meeting_id, eml_folder=tmp_path))
    view = mail.mail_view(ctx, meeting_id)
    assert view.kind is MailKind.CHANGED_NOTICE and view.can_send and len(view.log) == 2
    assert view.preview.subject.startswith("Endra innkalling til møte i Representantskapet")
    with ctx.db.engine.begin() as conn:
        conn.execute(
            text("UPDATE meeting SET frozen = :t WHERE id = :m"), {"t": True, "m": meeting_id}
        )
    view = mail.mail_view(ctx, meeting_id)
    assert not view.can_send and view.why_not is not None and "låst" in view.why_not


def test_without_a_keyring_the_password_is_refused_and_never_written(
    ctx: Context, server: Loopback
) -> None:
    import keyring
    from keyring.backends.fail import Keyring as NoKeyring

    before = keyring.get_keyring()
    keyring.set_keyring(NoKeyring())
    try:
        with pytest.raises(mail.MailUnavailable, match="nøkkelringen til operativsystemet"):
            mail.save_mail_settings(ctx, settings_for(server))
    finally:
        keyring.set_keyring(before)
    assert mail.mail_settings(ctx) is None  # nothing written, the password nowhere


def test_a_server_that_hangs_up_midway_is_reconnected(
    ctx: Context, ring: object, server: Loopback
) -> None:
    """421 (the server closes the connection) fails that message alone; the next ones go
    through a new connection."""
    meeting_id = small_body(ctx)
    for i in range(3):
        mail.add_recipient(
            ctx,
            RecipientIn(
                body_code="RS", kind=RecipientKind.COPY, name=f"Kopi {i}", email=f"k{i}@example.no"
            ),
        )
    mail.save_mail_settings(ctx, settings_for(server))
    server.handler.hang_up.add("k0@example.no")
    result = mail.send_notice_mail(ctx, SendNoticeMailIn(meeting_id=meeting_id))
    (failed,) = result.failed
    assert failed.address == "k0@example.no" and failed.error and "421" in failed.error
    assert len(result.done) == 4 and len(server.handler.received) == 4
    mail.retry_mail(ctx, RetryIn(message_ids=[failed.id]))
    assert len(server.handler.received) == 5
