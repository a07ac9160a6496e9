"""The speakers' list of a case (talarliste): the queue, replikkar, who has the floor and
for how long, counted from the stored times so the timer survives a crash or restart."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from dvmeet.db.models import Body, Case, Meeting, Municipality, Person
from dvmeet.db.models import SpeakerEntry as Entry
from dvmeet.db.models import SpeakerSettings as Settings
from dvmeet.domain import speakers as rules
from dvmeet.domain.enums import MeetingStatus
from dvmeet.domain.speakers import SpeakerKind
from dvmeet.errors import Conflict, InvalidInput, NotFound
from dvmeet.i18n import _
from dvmeet.services import _lookup as lookup
from dvmeet.services._concurrency import ensure_absent_or_version, ensure_version
from dvmeet.services._meeting_reads import current_case_id, seat_key
from dvmeet.services._records import case_label, case_voters, seat_memberships
from dvmeet.services.context import Context, UnitOfWork
from dvmeet.services.speakers.models import (
    MoveSpeakerIn,
    SpeakerActIn,
    SpeakerCandidate,
    SpeakerIn,
    SpeakerOut,
    SpeakerSettingsIn,
    SpeakerSettingsOut,
    SpeakersOut,
)

# --- reading ----------------------------------------------------------------------------


def speakers_list(ctx: Context, case_id: int, now: dt.datetime | None = None) -> SpeakersOut:
    """A case's list: the speaker on the floor with the time so far, the queue in order,
    who has spoken, and the members present who may ask for the floor."""
    with ctx.reading() as s:
        return _list_out(s, lookup.case(s, case_id), now or dt.datetime.now())


def meeting_speakers(
    ctx: Context, meeting_id: int, now: dt.datetime | None = None
) -> SpeakersOut | None:
    """The list of the case the meeting is at (None before the meeting has a case)."""
    with ctx.reading() as s:
        lookup.meeting(s, meeting_id)
        case_id = current_case_id(s, meeting_id)
        if case_id is None:
            return None
        return _list_out(s, lookup.case(s, case_id), now or dt.datetime.now())


def speaker_settings(ctx: Context, body_code: str) -> SpeakerSettingsOut:
    """A body's rules for the speakers' list (version 0: none stored, no limits)."""
    with ctx.reading() as s:
        body = lookup.body_by_code(s, body_code)
        return _settings_out(body, s.get(Settings, body.id))


def _settings_out(body: Body, row: Settings | None) -> SpeakerSettingsOut:
    return SpeakerSettingsOut(
        body_code=body.code,
        body_name=body.name,
        innlegg_seconds=row.innlegg_seconds if row else None,
        replikk_seconds=row.replikk_seconds if row else None,
        max_replikkar=row.max_replikkar if row else None,
        in_minutes=row.in_minutes if row else False,
        version=row.version if row else 0,
    )


def _entries(s: Session, case_id: int) -> list[Entry]:
    return list(
        s.scalars(select(Entry).where(Entry.case_id == case_id).order_by(Entry.position, Entry.id))
    )


def _people(s: Session, meeting: Meeting) -> dict[int, tuple[str, str | None, str | None]]:
    """Name, municipality name and number of everyone with a seat on the meeting day."""
    found: dict[int, tuple[str, str | None, str | None]] = {}
    for m in seat_memberships(s, meeting):
        muni = s.get(Municipality, m.municipality_id)
        found[m.person_id] = (
            s.get(Person, m.person_id).name,  # type: ignore[union-attr]
            muni.name if muni else None,
            muni.number if muni else None,
        )
    return found


def _list_out(s: Session, case: Case, now: dt.datetime) -> SpeakersOut:
    meeting = case.meeting
    body = meeting.body
    settings = _settings_out(body, s.get(Settings, body.id))
    people = _people(s, meeting)
    entries = _entries(s, case.id)
    by_id = {e.id: e for e in entries}

    def name_of(person_id: int) -> str:
        if person_id in people:
            return people[person_id][0]
        person = s.get(Person, person_id)
        return person.name if person else "?"

    running = meeting.status is MeetingStatus.IN_PROGRESS and not meeting.frozen
    # a turn still open when the meeting was closed ended with the meeting
    closed_at = None if running else (meeting.closed_at or now)

    def ended(e: Entry) -> dt.datetime | None:
        if e.ended_at is None and e.started_at is not None and closed_at is not None:
            return max(closed_at, e.started_at)
        return e.ended_at

    def out(e: Entry) -> SpeakerOut:
        elapsed = rules.elapsed_seconds(e.started_at, ended(e), now)
        limit = rules.time_limit(e.kind, settings.innlegg_seconds, settings.replikk_seconds)
        target = by_id.get(e.replying_to_id) if e.replying_to_id else None
        return SpeakerOut(
            id=e.id,
            version=e.version,
            person_id=e.person_id,
            name=name_of(e.person_id),
            municipality=people.get(e.person_id, (None, None, None))[1],
            kind=e.kind,
            kind_word=rules.kind_word(e.kind),
            position=e.position,
            replying_to_id=e.replying_to_id,
            replying_to_name=name_of(target.person_id) if target else None,
            requested_at=e.requested_at,
            started_at=e.started_at,
            ended_at=ended(e),
            elapsed_seconds=elapsed,
            limit_seconds=limit,
            over_limit=rules.over_limit(elapsed, limit),
        )

    current = next((e for e in entries if e.started_at and ended(e) is None), None)
    held = sorted(
        (e for e in entries if e.started_at is not None and ended(e) is not None),
        key=lambda e: (e.started_at, e.id),
    )
    queue = [e for e in entries if e.started_at is None]
    target = _replikk_target(entries)
    left = None
    if target is not None and settings.max_replikkar is not None:
        done = sum(1 for e in entries if e.replying_to_id == target.id)
        left = max(0, settings.max_replikkar - done)
    present = case_voters(s, case).voters if running else {}

    def place(person_id: int) -> tuple[object, ...]:
        """The seat's place in the body's seat order (the seat a deputy meets in)."""
        seat = present[person_id]
        _name, muni, number = people.get(seat, (name_of(seat), None, None))
        return (*seat_key(body, number or "", muni or "", name_of(seat)), person_id)

    candidates = [
        SpeakerCandidate(
            seat=i,
            person_id=p,
            name=name_of(p),
            municipality=people.get(p, (None, None, None))[1],
            municipality_number=people.get(p, (None, None, None))[2],
        )
        for i, p in enumerate(sorted(present, key=place), start=1)
    ]
    return SpeakersOut(
        meeting_id=meeting.id,
        case_id=case.id,
        case_label=case_label(case, body),
        case_closed=case.closed,
        meeting_running=running,
        settings=settings,
        current=out(current) if current else None,
        queue=[out(e) for e in queue],
        held=[out(e) for e in held],
        candidates=candidates,
        read_at=now,
        replikk_to=out(target) if target else None,
        replikkar_left=left,
    )


def _replikk_target(entries: list[Entry]) -> Entry | None:
    """The innlegg a replikk now answers: the latest innlegg that has had the floor."""
    started = [e for e in entries if e.kind is SpeakerKind.INNLEGG and e.started_at is not None]
    return max(started, key=lambda e: (e.started_at, e.id), default=None)


# --- changing ---------------------------------------------------------------------------


def _running_case(uow: UnitOfWork, case_id: int) -> Case:
    case = lookup.case(uow.session, case_id, for_update=True)
    meeting = case.meeting
    if meeting.status is not MeetingStatus.IN_PROGRESS:
        raise Conflict(_("Talarlista vert ført medan møtet er i gang."))
    if meeting.recorded_afterwards:
        raise Conflict(
            _(
                "Møtet vert ført inn etterpå frå notat; talarlista med tidene vert berre "
                "ført medan møtet går."
            )
        )
    return case


def _entry(uow: UnitOfWork, data: SpeakerActIn | MoveSpeakerIn) -> tuple[Entry, Case]:
    s = uow.session
    entry = s.get(Entry, data.entry_id)
    if entry is None:
        raise NotFound(
            _("Fann ikkje talaren på lista; lista er endra. Sjå over lista og prøv igjen.")
        )
    case = _running_case(uow, entry.case_id)
    ensure_version(
        s,
        entry,
        data.expected_version,
        lambda: _list_out(s, case, dt.datetime.now()),
        _("talarlista i saka {label}").format(label=case_label(case, case.meeting.body)),
    )
    return entry, case


def _renumber(queue: list[Entry]) -> None:
    """Positions 1, 2, … in the order given (only the rows whose place changed are written)."""
    for i, e in enumerate(queue, start=1):
        if e.position != i:
            e.position = i


def _payload(e: Entry) -> dict[str, object]:
    return {
        "meeting_id": e.meeting_id,
        "case_id": e.case_id,
        "person_id": e.person_id,
        "kind": e.kind.value,
        "position": e.position,
        "replying_to_id": e.replying_to_id,
        "started_at": e.started_at.isoformat() if e.started_at else None,
        "ended_at": e.ended_at.isoformat() if e.ended_at else None,
    }


def add_speaker(ctx: Context, data: SpeakerIn, now: dt.datetime | None = None) -> SpeakersOut:
    """Put a member present in the case on its list: an innlegg last in the queue, or a
    replikk to the innlegg that has (or just had) the floor, before the next innlegg and
    within the body's limit of replikkar per innlegg."""
    now = now or dt.datetime.now()
    with ctx.unit_of_work() as uow:
        s = uow.session
        case = _running_case(uow, data.case_id)
        meeting = case.meeting
        label = case_label(case, meeting.body)
        person = lookup.person(s, data.person_id)
        if data.person_id not in case_voters(s, case).voters:
            raise InvalidInput(
                _(
                    "{name} møter ikkje i saka {label} no og kan ikkje setjast på talarlista. "
                    "Før frammøtet først om {name} er komen."
                ).format(name=person.name, label=label)
            )
        entries = _entries(s, case.id)
        queue = [e for e in entries if e.started_at is None]
        target: Entry | None = None
        if data.kind is SpeakerKind.REPLIKK:
            target = _replikk_target(entries)
            if target is None:
                raise Conflict(
                    _(
                        "Ingen har hatt ordet med eit innlegg i saka {label} enno; ein replikk "
                        "svarar på innlegget som nett er halde."
                    ).format(label=label)
                )
            if target.person_id == data.person_id:
                raise InvalidInput(
                    _("{name} kan ikkje ta replikk på sitt eige innlegg.").format(name=person.name)
                )
            settings = s.get(Settings, meeting.body_id)
            limit = settings.max_replikkar if settings else None
            so_far = sum(1 for e in entries if e.replying_to_id == target.id)
            if not rules.replikk_allowed(so_far, limit):
                raise Conflict(
                    _(
                        "Innlegget til {name} har alt fått {count} replikkar, som er grensa "
                        "i {body}."
                    ).format(
                        name=s.get(Person, target.person_id).name,  # type: ignore[union-attr]
                        count=so_far,
                        body=meeting.body.name,
                    )
                )
        if any(
            e.person_id == data.person_id
            and e.kind is data.kind
            and (target is None or e.replying_to_id == target.id)
            for e in queue
        ):
            raise Conflict(
                _("{name} står alt på talarlista med {kind}.").format(
                    name=person.name, kind=rules.kind_word(data.kind)
                )
            )
        entry = Entry(
            meeting_id=meeting.id,
            case_id=case.id,
            person_id=data.person_id,
            kind=data.kind,
            position=len(queue) + 1,
            requested_at=now,
            replying_to_id=target.id if target else None,
        )
        if target is not None:
            # after the replikkar already waiting for the same innlegg, before the rest
            at = 0
            while (
                at < len(queue)
                and queue[at].kind is SpeakerKind.REPLIKK
                and queue[at].replying_to_id == target.id
            ):
                at += 1
            queue.insert(at, entry)
        else:
            queue.append(entry)
        s.add(entry)
        _renumber(queue)
        s.flush()
        uow.audit("speakers.added", "speaker_entry", entry.id, _payload(entry))
        return _list_out(s, case, now)


def start_speaker(ctx: Context, data: SpeakerActIn, now: dt.datetime | None = None) -> SpeakersOut:
    """Give the floor to a waiting speaker; whoever had it in the meeting stops now."""
    now = now or dt.datetime.now()
    with ctx.unit_of_work() as uow:
        s = uow.session
        entry, case = _entry(uow, data)
        if entry.started_at is not None:
            raise Conflict(_("Denne talaren har alt hatt ordet."))
        if entry.person_id not in case_voters(s, case).voters:
            raise Conflict(
                _(
                    "{name} møter ikkje i saka no (gått frå møtet?) og kan ikkje få ordet. "
                    "Ta {name} av lista, eller før frammøtet om {name} er komen att."
                ).format(name=lookup.person(s, entry.person_id).name)
            )
        for other in s.scalars(
            select(Entry).where(
                Entry.meeting_id == entry.meeting_id,
                Entry.started_at.is_not(None),
                Entry.ended_at.is_(None),
            )
        ):
            other.ended_at = max(now, other.started_at or now)
            uow.audit("speakers.stopped", "speaker_entry", other.id, _payload(other))
        entry.started_at = now
        s.flush()
        _renumber([e for e in _entries(s, case.id) if e.started_at is None])
        uow.audit("speakers.started", "speaker_entry", entry.id, _payload(entry))
        return _list_out(s, case, now)


def stop_speaker(ctx: Context, data: SpeakerActIn, now: dt.datetime | None = None) -> SpeakersOut:
    """The speaker on the floor is done."""
    now = now or dt.datetime.now()
    with ctx.unit_of_work() as uow:
        s = uow.session
        entry, case = _entry(uow, data)
        if entry.started_at is None or entry.ended_at is not None:
            raise Conflict(_("Denne talaren har ikkje ordet no."))
        entry.ended_at = max(now, entry.started_at)
        uow.audit("speakers.stopped", "speaker_entry", entry.id, _payload(entry))
        return _list_out(s, case, now)


def remove_speaker(ctx: Context, data: SpeakerActIn) -> SpeakersOut:
    """Take a waiting speaker off the list (one who has spoken stays in the history)."""
    with ctx.unit_of_work() as uow:
        s = uow.session
        entry, case = _entry(uow, data)
        if entry.started_at is not None:
            raise Conflict(
                _("Berre ein talar som ventar, kan takast av lista; eit halde innlegg står.")
            )
        payload = _payload(entry)
        entry_id = entry.id
        s.execute(delete(Entry).where(Entry.id == entry_id))
        s.expire_all()
        _renumber([e for e in _entries(s, case.id) if e.started_at is None])
        uow.audit("speakers.removed", "speaker_entry", entry_id, payload)
        return _list_out(s, case, dt.datetime.now())


def move_speaker(ctx: Context, data: MoveSpeakerIn) -> SpeakersOut:
    """Move a waiting speaker one place up or down the queue."""
    with ctx.unit_of_work() as uow:
        s = uow.session
        entry, case = _entry(uow, data)
        if entry.started_at is not None:
            raise Conflict(_("Berre ein talar som ventar, kan flyttast."))
        queue = [e for e in _entries(s, case.id) if e.started_at is None]
        i = queue.index(entry)
        j = i + data.step
        if data.step and 0 <= j < len(queue):
            queue[i], queue[j] = queue[j], queue[i]
            _renumber(queue)
            s.flush()
            uow.audit(
                "speakers.moved",
                "speaker_entry",
                entry.id,
                {**_payload(entry), "step": data.step},
            )
        return _list_out(s, case, dt.datetime.now())


def set_speaker_settings(ctx: Context, data: SpeakerSettingsIn) -> SpeakerSettingsOut:
    """A body's time limits per innlegg and per replikk, replikkar per innlegg, and
    whether the minutes list who spoke (new approvals only: approved minutes stand)."""
    with ctx.unit_of_work() as uow:
        s = uow.session
        body = lookup.body_by_code(s, data.body_code)
        row = s.get(Settings, body.id)
        ensure_absent_or_version(
            s,
            row,
            data.expected_version,
            lambda: _settings_out(body, row),
            _("innstillingane for talarlista i {body}").format(body=body.name),
        )
        if row is None:
            row = Settings(body_id=body.id)
            s.add(row)
        row.innlegg_seconds = data.innlegg_seconds
        row.replikk_seconds = data.replikk_seconds
        row.max_replikkar = data.max_replikkar
        row.in_minutes = data.in_minutes
        s.flush()
        uow.audit(
            "speakers.settings",
            "speaker_settings",
            body.id,
            {
                "innlegg_seconds": data.innlegg_seconds,
                "replikk_seconds": data.replikk_seconds,
                "max_replikkar": data.max_replikkar,
                "in_minutes": data.in_minutes,
            },
        )
        return _settings_out(body, row)
