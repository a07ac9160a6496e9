"""The core says what changed: a committed write records the areas of what it audited
(Context.recording_changes); a read or a refused write records nothing."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import threading

import pytest
from meeting_setup import make_body, running

from dvmeet.domain.enums import ApprovalMethod, BodyKind
from dvmeet.errors import Conflict, InvalidInput
from dvmeet.services import agreement, attendance, changes, minutes, registry
from dvmeet.services.agreement.models import MilestoneIn, StartProcessIn
from dvmeet.services.areas import AREAS, areas_of
from dvmeet.services.attendance.models import CloseMeetingIn, ForfallIn
from dvmeet.services.context import Context
from dvmeet.services.minutes.models import ApproveMinutesIn
from dvmeet.services.registry.models import BodyIn, PersonIn

DAY = dt.date(2025, 3, 12)


def test_a_registry_write_records_registry(ctx: Context) -> None:
    with ctx.recording_changes() as changed:
        registry.create_person(ctx, PersonIn(name="Kari Nordmann"))
    assert changed.areas == {"registry"}


def test_reads_record_nothing(ctx: Context) -> None:
    registry.create_person(ctx, PersonIn(name="Kari Nordmann"))
    with ctx.recording_changes() as changed:
        assert [p.name for p in registry.search_persons(ctx, "kari")] == ["Kari Nordmann"]
        registry.list_municipalities(ctx)
        changes.poll(ctx, 0)
    assert changed.areas == set()


def test_a_refused_write_records_nothing(ctx: Context) -> None:
    registry.load_municipalities(ctx)
    registry.create_body(
        ctx, BodyIn(code="RS", name="Representantskapet", kind=BodyKind.ELECTED, seats=7)
    )
    before = changes.latest_change(ctx)
    with ctx.recording_changes() as changed, pytest.raises(Conflict):
        registry.create_body(ctx, BodyIn(code="RS", name="Igjen", kind=BodyKind.ELECTED, seats=7))
    assert changed.areas == set()
    assert changes.latest_change(ctx) == before


def test_attendance_records_meetings_and_minutes(ctx: Context) -> None:
    body = make_body(ctx)
    m, _cases = running(ctx, body, present=body.members[:6])
    with ctx.recording_changes() as changed:
        attendance.mark_forfall(ctx, ForfallIn(meeting_id=m.id, person_id=body.member(6)))
    assert changed.areas == {"meetings", "minutes"}


def test_approving_minutes_records_minutes_and_meetings(ctx: Context) -> None:
    """Approval appends its audit event itself (for the chain head in the minutes)."""
    body = make_body(ctx)
    m, _cases = running(ctx, body)
    attendance.close_meeting(
        ctx, CloseMeetingIn(meeting_id=m.id, closed_at=dt.datetime.combine(DAY, dt.time(12)))
    )
    with ctx.recording_changes() as changed:
        minutes.approve_minutes(
            ctx,
            ApproveMinutesIn(
                meeting_id=m.id,
                method=ApprovalMethod.SIGNATURES,
                approved_on=DAY + dt.timedelta(days=3),
                signatory_person_ids=[body.member(2), body.member(3)],
            ),
        )
    assert changed.areas == {"minutes", "meetings"}


def test_an_agreement_write_records_agreement(ctx: Context) -> None:
    registry.load_municipalities(ctx)
    registry.create_body(
        ctx, BodyIn(code="RS", name="Representantskapet", kind=BodyKind.ELECTED, seats=43)
    )
    with ctx.recording_changes() as changed:
        agreement.start_process(ctx, StartProcessIn(title="Ny samarbeidsavtale", body_code="RS"))
    assert changed.areas == {"agreement"}
    with ctx.recording_changes() as refused, pytest.raises(InvalidInput):
        agreement.add_milestone(
            ctx, MilestoneIn(name="Feil", due_on=dt.date(2024, 8, 1), opens_on=DAY)
        )
    assert refused.areas == set()


def test_recordings_nest_and_see_only_their_own_block(ctx: Context) -> None:
    with ctx.recording_changes() as outer:
        registry.create_person(ctx, PersonIn(name="Først"))
        with ctx.recording_changes() as inner:
            registry.load_municipalities(ctx)
        assert inner.areas == {"registry"}
    registry.create_person(ctx, PersonIn(name="Etterpå"))  # after: recorded nowhere
    assert outer.areas == {"registry"}
    with ctx.recording_changes() as later:
        pass
    assert later.areas == set()


def test_a_recording_sees_only_writes_of_its_own_thread(ctx: Context) -> None:
    def elsewhere() -> None:
        registry.create_person(ctx, PersonIn(name="Annan tråd"))

    with ctx.recording_changes() as changed:
        thread = threading.Thread(target=elsewhere)
        thread.start()
        thread.join()
    assert changed.areas == set()
    assert [p.name for p in registry.search_persons(ctx, "annan")] == ["Annan tråd"]


def test_areas_of_entities() -> None:
    assert areas_of("person") == ("registry",)
    assert areas_of("agreement_status") == ("agreement",)
    assert areas_of("cost_share_budget") == ("agreement",)
    assert areas_of("something_new") == AREAS  # unknown: everything reloads
    assert changes.AREAS is AREAS


def test_the_areas_module_is_light() -> None:
    """The UI imports it before its window paints: no SQLAlchemy, no pydantic."""
    code = (
        "import sys, dvmeet.services.areas; "
        "print(sorted(m for m in ('sqlalchemy', 'pydantic') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"
