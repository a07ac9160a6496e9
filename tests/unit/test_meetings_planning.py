"""Planning a meeting: standing cases, case numbers, the case list and the notice
(M-1, M-2, M-3, M-6, M-7, M-8, O-1, H-2)."""

from __future__ import annotations

import datetime as dt

import pytest
from meeting_setup import add_case, make_body, plan
from pydantic import ValidationError

from dvmeet.domain.enums import (
    BodyKind,
    CaseKind,
    ClosureBasis,
    MeetingForm,
    MeetingKind,
    MeetingStatus,
    StandingCase,
)
from dvmeet.errors import RuleRefused
from dvmeet.services import meetings, registry
from dvmeet.services.context import Context
from dvmeet.services.meetings import models as meeting_models
from dvmeet.services.meetings.models import (
    CaseIn,
    PlanMeetingIn,
    ReorderCasesIn,
    SendNoticeIn,
    UpdateCaseIn,
    UpdateMeetingIn,
    UrgentDecisionIn,
)
from dvmeet.services.registry.models import PersonIn

MARCH = dt.date(2025, 3, 12)
JUNE = dt.date(2025, 6, 11)
SEPTEMBER = dt.date(2025, 9, 10)


def _standing(meeting: meeting_models.MeetingOut) -> list[StandingCase | None]:
    return [c.standing for c in meeting.cases]


def _rule_ids(meeting: meeting_models.MeetingOut) -> set[str]:
    return {w.rule_id for w in meeting.warnings}


def test_standing_cases_with_previous_minutes_only_after_an_earlier_meeting(
    ctx: Context,
) -> None:
    body = make_body(ctx)
    first = plan(ctx, body, MARCH)
    assert _standing(first) == [
        StandingCase.NOTICE_APPROVAL,
        StandingCase.SIGNATORIES,
        StandingCase.EVENTUELT,
    ]
    assert [c.label for c in first.cases] == ["PS 001/25", "PS 002/25", "OS 001/25"]
    assert first.cases[0].heading == "Sak 001/25"
    assert [c.position for c in first.cases] == [1, 2, 3]
    signatories = first.cases[1]
    assert signatories.is_election and not first.cases[0].is_election

    second = plan(ctx, body, JUNE)
    assert _standing(second) == [
        StandingCase.NOTICE_APPROVAL,
        StandingCase.SIGNATORIES,
        StandingCase.PREVIOUS_MINUTES,
        StandingCase.EVENTUELT,
    ]
    assert second.cases[2].title == "Godkjenning av møtebok frå førre møte"

    # Another body's meetings do not count as "an earlier meeting".
    other = make_body(ctx, "KDM", BodyKind.ADMINISTRATIVE)
    assert StandingCase.PREVIOUS_MINUTES not in _standing(plan(ctx, other, SEPTEMBER))

    bare = meetings.plan_meeting(
        ctx,
        PlanMeetingIn(
            body_code=body.code,
            date=SEPTEMBER,
            start_time=dt.time(9),
            place="Førde",
            standing_cases=False,
        ),
    )
    assert bare.cases == []


def test_case_numbers_run_per_body_year_and_kind(ctx: Context) -> None:
    body = make_body(ctx)
    m1 = plan(ctx, body, MARCH)
    a = add_case(ctx, m1.id, "Budsjett")
    r = add_case(ctx, m1.id, "Melding", kind=CaseKind.RS, recommendation=None)
    b = add_case(ctx, m1.id, "Plan")
    assert (a.label, r.label, b.label) == ("PS 003/25", "RS 001/25", "PS 004/25")

    # A second meeting of the same year continues the numbering.
    m2 = plan(ctx, body, JUNE)
    assert [c.label for c in m2.cases][:3] == ["PS 005/25", "PS 006/25", "PS 007/25"]
    assert add_case(ctx, m2.id, "Rekneskap").label == "PS 008/25"
    assert add_case(ctx, m2.id, "Melding 2", kind=CaseKind.RS).label == "RS 002/25"
    assert m2.cases[-1].label == "OS 002/25"

    # A new year starts at 001.
    m3 = plan(ctx, body, dt.date(2026, 2, 11))
    assert [c.label for c in m3.cases] == ["PS 001/26", "PS 002/26", "PS 003/26", "OS 001/26"]

    # Another body has its own series.
    other = make_body(ctx, "KDM", BodyKind.ADMINISTRATIVE)
    k = plan(ctx, other, JUNE)
    assert [c.label for c in k.cases] == ["PS 001/25", "PS 002/25", "OS 001/25"]


def test_new_cases_go_before_eventuelt(ctx: Context) -> None:
    body = make_body(ctx)
    m = plan(ctx, body, MARCH)
    add_case(ctx, m.id, "Fyrste")
    add_case(ctx, m.id, "Andre")
    cases = meetings.get_meeting(ctx, m.id).cases
    assert [c.title for c in cases][2:] == ["Fyrste", "Andre", "Eventuelt"]
    assert [c.position for c in cases] == [1, 2, 3, 4, 5]
    assert cases[-1].standing is StandingCase.EVENTUELT


def test_reorder_keeps_standing_cases_and_renumbers_only_before_notice(ctx: Context) -> None:
    body = make_body(ctx)
    m = plan(ctx, body, MARCH)
    a = add_case(ctx, m.id, "A")
    b = add_case(ctx, m.id, "B")
    ids = [c.id for c in meetings.get_meeting(ctx, m.id).cases]
    notice, sign, _a, _b, eventuelt = ids

    for wrong in (
        [a.id, notice, sign, b.id, eventuelt],  # an ordinary case before the standing ones
        [sign, notice, a.id, b.id, eventuelt],  # standing cases swapped among themselves
        [notice, sign, a.id, eventuelt, b.id],  # eventuelt not last
    ):
        with pytest.raises(RuleRefused) as err:
            meetings.reorder_cases(ctx, ReorderCasesIn(meeting_id=m.id, case_ids=wrong))
        assert err.value.rule_id == "M-7"
    assert [c.id for c in meetings.get_meeting(ctx, m.id).cases] == ids

    # Before the notice: the numbers follow the new order.
    out = meetings.reorder_cases(
        ctx, ReorderCasesIn(meeting_id=m.id, case_ids=[notice, sign, b.id, a.id, eventuelt])
    )
    by_id = {c.id: c for c in out.cases}
    assert [c.title for c in out.cases] == [
        "Godkjenning av innkalling og sakliste",
        by_id[sign].title,
        "B",
        "A",
        "Eventuelt",
    ]
    assert (by_id[b.id].label, by_id[a.id].label) == ("PS 003/25", "PS 004/25")
    assert meetings.notice_changes(ctx, m.id) == []

    # After the notice: the order changes, the numbers stay, and the change is logged.
    meetings.send_notice(ctx, SendNoticeIn(meeting_id=m.id, sent_on=MARCH - dt.timedelta(20)))
    out = meetings.reorder_cases(
        ctx, ReorderCasesIn(meeting_id=m.id, case_ids=[notice, sign, a.id, b.id, eventuelt])
    )
    assert [c.title for c in out.cases][2:4] == ["A", "B"]
    by_id = {c.id: c for c in out.cases}
    assert (by_id[a.id].label, by_id[b.id].label) == ("PS 004/25", "PS 003/25")
    assert [c.description for c in meetings.notice_changes(ctx, m.id)] == [
        "Rekkjefølgja på saklista er endra"
    ]


def test_reorder_of_standing_cases_is_a_warning_for_an_administrative_body(
    ctx: Context,
) -> None:
    body = make_body(ctx, "KDM", BodyKind.ADMINISTRATIVE)
    m = plan(ctx, body, MARCH)
    a = add_case(ctx, m.id, "A")
    notice, sign, _a, eventuelt = [c.id for c in m.cases[:2]] + [a.id, m.cases[-1].id]
    out = meetings.reorder_cases(
        ctx, ReorderCasesIn(meeting_id=m.id, case_ids=[a.id, notice, sign, eventuelt])
    )
    assert [c.id for c in out.cases] == [a.id, notice, sign, eventuelt]
    assert any(w.rule_id == "M-7" and w.severity == "warning" for w in out.warnings)


def test_notice_sent_and_short_notice_warns(ctx: Context) -> None:
    body = make_body(ctx)
    ok = plan(ctx, body, MARCH)
    sent = meetings.send_notice(
        ctx, SendNoticeIn(meeting_id=ok.id, sent_on=MARCH - dt.timedelta(days=14))
    )
    assert sent.status is MeetingStatus.NOTICE_SENT
    assert sent.notice_sent_at is not None
    assert sent.notice_sent_at.date() == MARCH - dt.timedelta(days=14)
    assert "M-3" not in _rule_ids(meetings.get_meeting(ctx, ok.id))

    short = plan(ctx, body, JUNE)
    meetings.send_notice(ctx, SendNoticeIn(meeting_id=short.id, sent_on=JUNE - dt.timedelta(5)))
    warnings = [w for w in meetings.get_meeting(ctx, short.id).warnings if w.rule_id == "M-3"]
    assert len(warnings) == 1 and "5 dagar" in warnings[0].message
    assert warnings[0].severity == "warning"


def test_changes_after_notice_are_logged(ctx: Context) -> None:
    body = make_body(ctx)
    m = plan(ctx, body, MARCH)
    before = add_case(ctx, m.id, "Før innkallinga")
    meetings.update_case(ctx, UpdateCaseIn(case_id=before.id, title="Før innkallinga, endra"))
    assert meetings.notice_changes(ctx, m.id) == []

    meetings.send_notice(ctx, SendNoticeIn(meeting_id=m.id, sent_on=MARCH - dt.timedelta(20)))
    added = add_case(ctx, m.id, "Etter innkallinga")
    meetings.update_case(ctx, UpdateCaseIn(case_id=before.id, title="Endra etter"))
    meetings.remove_case(ctx, added.id)
    meetings.update_meeting(ctx, UpdateMeetingIn(meeting_id=m.id, place="Førde"))
    changes = [c.description for c in meetings.notice_changes(ctx, m.id)]
    assert len(changes) == 4
    assert changes[0] == f"Ny sak {added.label}: Etter innkallinga"
    assert changes[1] == f"Endra sak {before.label}: tittel"
    assert changes[2] == f"Saka {added.label} er teken av saklista"
    assert changes[3] == "Møtet er endra: møtestad"
    assert all(c.actor == "test" for c in meetings.notice_changes(ctx, m.id))


def test_extraordinary_meeting_needs_demanded_by(ctx: Context) -> None:
    body = make_body(ctx)
    with pytest.raises(ValidationError, match="må seie kven som kravde det"):
        PlanMeetingIn(
            body_code=body.code,
            date=MARCH,
            start_time=dt.time(10),
            place="Bergen",
            kind=MeetingKind.EXTRAORDINARY,
        )
    m = meetings.plan_meeting(
        ctx,
        PlanMeetingIn(
            body_code=body.code,
            date=MARCH,
            start_time=dt.time(10),
            place="Bergen",
            kind=MeetingKind.EXTRAORDINARY,
            demanded_by="Tre av sju medlemer (brev 1. mars)",
        ),
    )
    assert m.kind is MeetingKind.EXTRAORDINARY
    assert meetings.get_meeting(ctx, m.id).demanded_by == "Tre av sju medlemer (brev 1. mars)"


def _urgent(body_code: str, day: dt.date, title: str = "Innkjøp") -> UrgentDecisionIn:
    return UrgentDecisionIn(
        body_code=body_code,
        decided_on=day,
        decided_by="Leiaren",
        title=title,
        text="Vedteke som hastevedtak.",
    )


def test_urgent_decision_goes_to_the_next_planned_meeting(ctx: Context) -> None:
    body = make_body(ctx)
    earlier = plan(ctx, body, MARCH)
    nxt = plan(ctx, body, SEPTEMBER)
    later = plan(ctx, body, dt.date(2025, 11, 12))
    u = meetings.record_urgent_decision(ctx, _urgent(body.code, JUNE))
    assert u.reported_case_id is not None
    target = meetings.get_meeting(ctx, nxt.id)
    case = next(c for c in target.cases if c.id == u.reported_case_id)
    assert case.kind is CaseKind.RS and case.label == "RS 001/25"
    assert "hastevedtak" in case.title and "Innkjøp" in case.title
    assert target.cases[-1].standing is StandingCase.EVENTUELT
    for other in (earlier, later):
        assert all(c.kind is not CaseKind.RS for c in meetings.get_meeting(ctx, other.id).cases)
    assert meetings.pending_urgent_decisions(ctx, body.code) == []


def test_urgent_decision_waits_for_the_next_meeting_planned_later(ctx: Context) -> None:
    body = make_body(ctx)
    plan(ctx, body, MARCH)  # before the decision: not where it is reported
    u = meetings.record_urgent_decision(ctx, _urgent(body.code, JUNE))
    assert u.reported_case_id is None
    assert [p.id for p in meetings.pending_urgent_decisions(ctx, body.code)] == [u.id]

    # A meeting planned for a date before the decision is not where it is reported either.
    back = plan(ctx, body, dt.date(2025, 5, 14))
    assert all(c.kind is not CaseKind.RS for c in back.cases)

    m = plan(ctx, body, SEPTEMBER)
    rs = [c for c in m.cases if c.kind is CaseKind.RS]
    assert len(rs) == 1 and "Innkjøp" in rs[0].title
    assert m.cases[-1].standing is StandingCase.EVENTUELT
    assert meetings.pending_urgent_decisions(ctx, body.code) == []


def test_urgent_decision_after_notice_is_a_notice_change(ctx: Context) -> None:
    body = make_body(ctx)
    m = plan(ctx, body, SEPTEMBER)
    meetings.send_notice(ctx, SendNoticeIn(meeting_id=m.id, sent_on=SEPTEMBER - dt.timedelta(20)))
    meetings.record_urgent_decision(ctx, _urgent(body.code, JUNE))
    changes = meetings.notice_changes(ctx, m.id)
    assert len(changes) == 1 and "Ny referatsak" in changes[0].description


def test_closed_case_needs_a_legal_basis(ctx: Context) -> None:
    body = make_body(ctx)
    m = plan(ctx, body, MARCH)
    with pytest.raises(RuleRefused) as err:
        add_case(ctx, m.id, "Personalsak", closed=True, public_title="Personalsak")
    assert err.value.rule_id == "O-1"
    case = add_case(
        ctx,
        m.id,
        "Personalsak – NN",
        closed=True,
        public_title="Personalsak",
        closure_basis=ClosureBasis.KOML_11_5_3A,
    )
    assert case.closure_reference is not None and "11-5" in case.closure_reference
    with pytest.raises(RuleRefused) as err:
        meetings.update_case(ctx, UpdateCaseIn(case_id=case.id, clear=frozenset({"closure_basis"})))
    assert err.value.rule_id == "O-1"
    assert meetings.get_meeting(ctx, m.id).cases[2].closure_basis is ClosureBasis.KOML_11_5_3A
    with pytest.raises(ValidationError, match="må ha ein offentleg tittel"):
        CaseIn(meeting_id=m.id, title="Lukka utan offentleg tittel", closed=True)


def test_confidential_case_cannot_be_in_a_remote_meeting(ctx: Context) -> None:
    body = make_body(ctx)
    secret = {
        "closed": True,
        "public_title": "Sak om teiepliktige opplysningar",
        "closure_basis": ClosureBasis.KOML_11_5_2,
    }
    for form in (MeetingForm.FJERNMOTE, MeetingForm.HYBRID):
        remote = plan(ctx, body, MARCH, form=form)
        with pytest.raises(RuleRefused) as err:
            add_case(ctx, remote.id, "Teieplikt", **secret)
        assert err.value.rule_id == "M-6"

    physical = plan(ctx, body, JUNE)
    add_case(ctx, physical.id, "Teieplikt", **secret)
    with pytest.raises(RuleRefused) as err:
        meetings.update_meeting(
            ctx, UpdateMeetingIn(meeting_id=physical.id, form=MeetingForm.FJERNMOTE)
        )
    assert err.value.rule_id == "M-6"
    assert meetings.get_meeting(ctx, physical.id).form is MeetingForm.FYSISK
    # A case that may be closed (§ 11-5 (3)) is fine in a remote meeting.
    remote = plan(ctx, body, SEPTEMBER, form=MeetingForm.FJERNMOTE)
    add_case(
        ctx,
        remote.id,
        "Personvern",
        closed=True,
        public_title="Personalsak",
        closure_basis=ClosureBasis.KOML_11_5_3A,
    )


def test_administrative_body_gets_closure_rules_as_warnings(ctx: Context) -> None:
    body = make_body(ctx, "KDM", BodyKind.ADMINISTRATIVE)
    m = plan(ctx, body, MARCH, form=MeetingForm.FJERNMOTE)
    add_case(ctx, m.id, "Lukka utan heimel", closed=True, public_title="Lukka sak")
    add_case(
        ctx,
        m.id,
        "Teieplikt",
        closed=True,
        public_title="Teiepliktig sak",
        closure_basis=ClosureBasis.KOML_11_5_2,
    )
    warnings = meetings.get_meeting(ctx, m.id).warnings
    found = {w.rule_id: w.severity for w in warnings}
    assert found.get("O-1") == "warning" and found.get("M-6") == "warning"
    assert all(w.severity != "refusal" for w in warnings)

    physical = plan(ctx, body, JUNE)
    add_case(
        ctx,
        physical.id,
        "Teieplikt",
        closed=True,
        public_title="Teiepliktig sak",
        closure_basis=ClosureBasis.KOML_11_5_2,
    )
    changed = meetings.update_meeting(
        ctx, UpdateMeetingIn(meeting_id=physical.id, form=MeetingForm.HYBRID)
    )
    assert changed.form is MeetingForm.HYBRID
    assert any(w.rule_id == "M-6" for w in changed.warnings)


def test_preparer_in_the_body_gives_a_warning(ctx: Context) -> None:
    body = make_body(ctx)
    m = plan(ctx, body, MARCH)
    outsider = registry.create_person(
        ctx, PersonIn(name="Dagleg leiar", municipality_number="4601")
    )
    add_case(ctx, m.id, "Budsjett", preparer_person_id=outsider.id)
    assert "H-2" not in _rule_ids(meetings.get_meeting(ctx, m.id))

    case = add_case(ctx, m.id, "Rapport", preparer_person_id=body.member(3))
    assert case.preparer_name == "RS Person 4612-0"
    warnings = [w for w in meetings.get_meeting(ctx, m.id).warnings if w.rule_id == "H-2"]
    assert len(warnings) == 1 and warnings[0].message.startswith(case.label)
    assert warnings[0].severity == "warning"
