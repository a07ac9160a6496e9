"""The agreement process of the seed letter, run for all 43 municipalities (issue 8)."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from snapshots import Rows, rows_of
from sqlalchemy import select

from dvmeet.db.models import (
    AgreementAttachment,
    AgreementMilestone,
    AgreementNote,
    AgreementProcess,
    AgreementStatus,
    AuditEvent,
    Body,
    Municipality,
)
from dvmeet.domain.agreement import MilestoneState, MilestoneTrack, NoteKind
from dvmeet.domain.enums import AgreementOutcome, BodyKind, CouncilKind
from dvmeet.errors import Conflict, InvalidInput, NotFound
from dvmeet.services import agreement, exports
from dvmeet.services.agreement.models import (
    ApplySeatsIn,
    AttachmentIn,
    DecisionIn,
    FeedbackCorrection,
    FeedbackIn,
    MilestoneIn,
    MilestoneUpdate,
    NoteIn,
    OverviewFilter,
    OverviewIn,
    ProcessUpdate,
    ReminderIn,
    ReorderMilestonesIn,
    SigningIn,
    StartProcessIn,
)
from dvmeet.services.context import Context
from dvmeet.services.registry import (
    create_body,
    get_body,
    list_municipalities,
    load_municipalities,
    seats,
)
from dvmeet.services.registry.models import BodyIn

D = dt.date
FEEDBACK_DUE, DECISION_DUE = D(2024, 6, 30), D(2024, 11, 5)
TODAY = D(2024, 11, 20)
BERGEN, ASKOY, SOLUND, STORD = "4601", "4627", "4636", "4614"


def snapshot(ctx: Context) -> Rows:
    return rows_of(
        ctx,
        AgreementProcess,
        AgreementMilestone,
        AgreementStatus,
        AgreementNote,
        AgreementAttachment,
        Body,
        Municipality,
    )


@pytest.fixture
def numbers(ctx: Context) -> list[str]:
    load_municipalities(ctx)
    create_body(ctx, BodyIn(code="RS", name="Representantskapet", kind=BodyKind.ELECTED, seats=43))
    agreement.start_process(ctx, StartProcessIn(title="Ny samarbeidsavtale", body_code="RS"))
    return [m.number for m in list_municipalities(ctx)]


def run_seed_process(ctx: Context, numbers: list[str]) -> dict[str, list[str]]:
    """Mixed outcomes: 38 feedback on time, 3 late, 2 missing; 38 join on time, 1 joins
    late, 3 decline, 1 postpones; 30 of those that joined have signed."""
    assert len(numbers) == 43
    rest = [n for n in numbers if n not in (BERGEN, ASKOY, SOLUND, STORD)]
    declined = rest[0:3]
    postponed = [ASKOY]
    late_join = [rest[3]]
    no_feedback = [rest[4], rest[5]]  # both join on time
    late_feedback = [rest[6], rest[7], SOLUND]
    joined = [n for n in numbers if n not in declined + postponed]
    for i, n in enumerate(numbers):
        if n in no_feedback:
            continue
        day = D(2024, 7, 3 + i % 5) if n in late_feedback else D(2024, 6, 10 + i % 20)
        agreement.record_feedback(
            ctx,
            FeedbackIn(
                number=n,
                received_on=day,
                summary=f"Innspel frå {n}",
                change_of_principle=n == STORD,
            ),
        )
    for i, n in enumerate(numbers):
        if n in declined:
            outcome, day = AgreementOutcome.DECLINE, D(2024, 10, 10 + i % 10)
        elif n in postponed:
            outcome, day = AgreementOutcome.POSTPONED, D(2024, 10, 24)
        elif n in late_join:
            outcome, day = AgreementOutcome.JOIN, D(2024, 11, 12)
        else:
            outcome, day = AgreementOutcome.JOIN, D(2024, 9, 20 + i % 40 // 4)
        agreement.record_decision(
            ctx, DecisionIn(number=n, decided_on=day, outcome=outcome, case_reference=f"PS {i}/24")
        )
    signed = [n for n in joined if n not in late_join][:30]
    for n in signed:
        agreement.record_signing(ctx, SigningIn(number=n, signed_on=D(2024, 11, 15)))
    return {
        "declined": declined,
        "postponed": postponed,
        "late_join": late_join,
        "no_feedback": no_feedback,
        "late_feedback": late_feedback,
        "joined": joined,
        "signed": signed,
    }


def test_seed_process_for_43_municipalities(ctx: Context, numbers: list[str]) -> None:
    groups = run_seed_process(ctx, numbers)

    view = agreement.overview(ctx, OverviewIn(today=TODAY))
    c = view.counts
    assert c.municipalities == 43
    assert (c.feedback_received, c.feedback_after_deadline, c.feedback_missing) == (41, 3, 2)
    assert c.change_of_principle == 1
    assert (c.joined, c.declined, c.postponed, c.missing_decision) == (39, 3, 1, 1)
    assert c.signed == 30
    # behind a passed deadline: two without feedback, one with a postponed decision
    assert c.late == 3
    assert len(view.rows) == 43

    tracked = [m for m in view.process.milestones if m.track]
    assert [m.track for m in tracked] == [
        MilestoneTrack.FEEDBACK,
        MilestoneTrack.DECISION,
        MilestoneTrack.SIGNING,
    ]
    by_track = {mc.track: mc.counts for mc in view.milestone_counts}
    assert by_track[MilestoneTrack.FEEDBACK][MilestoneState.DONE] == 38
    assert by_track[MilestoneTrack.FEEDBACK][MilestoneState.DONE_LATE] == 3
    assert by_track[MilestoneTrack.FEEDBACK][MilestoneState.LATE] == 2
    assert by_track[MilestoneTrack.DECISION][MilestoneState.DONE] == 41
    assert by_track[MilestoneTrack.DECISION][MilestoneState.DONE_LATE] == 1
    assert by_track[MilestoneTrack.DECISION][MilestoneState.LATE] == 1
    assert by_track[MilestoneTrack.SIGNING][MilestoneState.DONE] == 30
    assert by_track[MilestoneTrack.SIGNING][MilestoneState.PENDING] == 10
    assert by_track[MilestoneTrack.SIGNING][MilestoneState.NOT_APPLICABLE] == 3
    states = {m.key: m.state for m in view.process.milestones}
    assert states["feedback_deadline"] is MilestoneState.LATE
    assert states["draft_sent"] is MilestoneState.LATE  # not marked done by the secretariat
    assert states["constituent_meeting"] is MilestoneState.PENDING

    # filters
    missing = agreement.overview(
        ctx, OverviewIn(today=TODAY, filter=OverviewFilter.MISSING_DECISION)
    )
    assert [r.status.municipality_number for r in missing.rows] == [ASKOY]
    assert missing.counts == c  # counts are over everybody
    late = agreement.overview(ctx, OverviewIn(today=TODAY, filter=OverviewFilter.LATE))
    assert {r.status.municipality_number for r in late.rows} == {ASKOY, *groups["no_feedback"]}
    declined = agreement.overview(ctx, OverviewIn(today=TODAY, filter=OverviewFilter.DECLINED))
    assert {r.status.municipality_number for r in declined.rows} == set(groups["declined"])
    principle = agreement.overview(
        ctx, OverviewIn(today=TODAY, filter=OverviewFilter.CHANGE_OF_PRINCIPLE)
    )
    assert [r.status.municipality_number for r in principle.rows] == [STORD]
    unsigned = agreement.overview(ctx, OverviewIn(today=TODAY, filter=OverviewFilter.NOT_SIGNED))
    assert len(unsigned.rows) == 9

    # reminders: only passed deadlines within 14 days' reach (signing is 42 days away)
    r = agreement.reminders(ctx, ReminderIn(today=TODAY))
    assert len(r.items) == 3
    assert {(i.municipality_number, i.track) for i in r.items} == {
        (ASKOY, MilestoneTrack.DECISION),
        *((n, MilestoneTrack.FEEDBACK) for n in groups["no_feedback"]),
    }
    assert all(i.overdue for i in r.items)
    askoy = next(i for i in r.items if i.municipality_number == ASKOY)
    assert askoy.line == (
        "Askøy (4627): Vi har ikkje fått melding om politisk vedtak om tilslutning til "
        "samarbeidsavtalen. Saka vart utsett i kommunestyret 24. oktober 2024; vi treng "
        "melding om endeleg vedtak. Fristen var 5. november 2024 (15 dagar sidan)."
    )
    assert r.text.startswith("Påminningar per 20. november 2024: 3 kommunar ligg etter")
    assert r.text.count("\n– ") == 3
    near = agreement.reminders(ctx, ReminderIn(today=TODAY, days_before=45))
    assert len(near.items) == 3 + 10
    assert sum(1 for i in near.items if i.track is MilestoneTrack.SIGNING) == 10
    signing = next(i for i in near.items if i.track is MilestoneTrack.SIGNING)
    assert signing.line.endswith(
        "Samarbeidsavtalen skal vere signert innan 1. januar 2025 (om 42 dagar)."
    )

    # the constituent meeting: those that declined get no seat
    effect = view.seat_effect
    assert effect.summary == "39 deltakarar → 39 sete; vedtaksfør med 20"
    assert (effect.seats, effect.quorum, effect.current_seats) == (39, 20, 43)
    assert (effect.seats_if_undecided_join, effect.quorum_if_undecided_join) == (40, 20)
    assert effect.declined_numbers == sorted(groups["declined"])
    assert effect.undecided_numbers == [ASKOY]
    assert any("3 kommunar har takka nei" in s for s in effect.sentences)
    assert any("det blir 4 færre" in s for s in effect.sentences)

    applied = agreement.apply_seats_to_body(
        ctx, ApplySeatsIn(body_code="RS", update_participation=True)
    )
    assert (applied.seats_before, applied.seats_after) == (43, 39)
    assert (applied.quorum_before, applied.quorum_after) == (22, 20)
    assert get_body(ctx, "RS").seats == 39
    meeting_day = D.fromisocalendar(2024, 50, 1)
    on_meeting_day = {s.municipality_number for s in seats(ctx, "RS", meeting_day)}
    assert on_meeting_day == set(groups["joined"]) - {ASKOY}
    assert len(on_meeting_day) == 39

    # Askøy decides after all: 40 seats
    agreement.record_decision(
        ctx, DecisionIn(number=ASKOY, decided_on=D(2024, 11, 21), outcome=AgreementOutcome.JOIN)
    )
    after = agreement.seat_effect(ctx)
    assert after.summary == "40 deltakarar → 40 sete; vedtaksfør med 20"
    detail = agreement.municipality_detail(ctx, ASKOY, TODAY)
    assert detail.status.council_outcome is AgreementOutcome.JOIN
    assert detail.status.council_body is CouncilKind.KOMMUNESTYRE
    assert [n.kind for n in detail.notes] == [NoteKind.DECISION]  # the postponement is kept
    assert "Utsett" in detail.notes[0].text


def test_export_reminders_csv_and_xlsx_are_formula_safe(
    ctx: Context, numbers: list[str], tmp_path: Path
) -> None:
    run_seed_process(ctx, numbers)
    # a municipality name a spreadsheet would run as a formula
    with ctx.unit_of_work() as uow:
        muni = uow.session.scalar(select(Municipality).where(Municipality.number == ASKOY))
        assert muni is not None
        muni.name = "=HYPERLINK(1)"
    data = ReminderIn(today=TODAY)
    out = exports.export_reminders(ctx, data, tmp_path / "p.csv")
    assert out.rows == 3
    with (tmp_path / "p.csv").open(encoding="utf-8-sig") as f:
        rows = list(csv.reader(f, delimiter=";"))
    assert rows[0][:4] == ["kommunenummer", "kommune", "milepæl", "frist"]
    assert len(rows) == 4
    assert [r[1] for r in rows if r[0] == ASKOY] == ["'=HYPERLINK(1)"]
    exports.export_reminders(ctx, data, tmp_path / "p.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "p.xlsx").active
    assert ws is not None
    cells = [c.value for row in ws.iter_rows() for c in row]
    assert "=HYPERLINK(1)" in cells
    assert all(c.data_type != "f" for row in ws.iter_rows() for c in row)
    with pytest.raises(InvalidInput, match=r"\.csv eller \.xlsx"):
        exports.export_reminders(ctx, data, tmp_path / "p.txt")


def test_reminders_before_the_feedback_deadline(ctx: Context, numbers: list[str]) -> None:
    agreement.record_feedback(
        ctx, FeedbackIn(number=BERGEN, received_on=D(2024, 6, 12), summary="Innspel")
    )
    r = agreement.reminders(ctx, ReminderIn(today=D(2024, 6, 25), days_before=7))
    assert len(r.items) == 42
    assert all(not i.overdue and i.days_left == 5 for i in r.items)
    assert r.items[0].line.endswith("innan 30. juni 2024 (om 5 dagar).")
    assert agreement.reminders(ctx, ReminderIn(today=D(2024, 6, 20), days_before=7)).items == []
    view = agreement.overview(ctx, OverviewIn(today=D(2024, 6, 1)))
    assert view.milestone_counts[0].counts[MilestoneState.NOT_DUE] == 42
    assert view.milestone_counts[1].counts[MilestoneState.NOT_DUE] == 43


def test_one_feedback_per_municipality_later_ones_are_amendments(
    ctx: Context, numbers: list[str]
) -> None:
    first = agreement.record_feedback(
        ctx,
        FeedbackIn(
            number=BERGEN,
            received_on=D(2024, 6, 20),
            summary="Vi støttar utkastet.",
            attachment="https://example.org/innspel.pdf",
        ),
    )
    assert not first.amendment
    second = agreement.record_feedback(
        ctx,
        FeedbackIn(
            number=BERGEN,
            received_on=D(2024, 7, 2),
            summary="Tillegg: kostnadsfordelinga bør endrast.",
            change_of_principle=True,
            attachment="/srv/innspel/bergen-tillegg.docx",
        ),
    )
    assert second.amendment
    assert "éi innsending per kommune" in second.message
    note = agreement.add_contact_note(
        ctx, NoteIn(number=BERGEN, noted_on=D(2024, 7, 5), text="Ringde kommunedirektøren.")
    )
    agreement.add_attachment(
        ctx, AttachmentIn(number=BERGEN, reference="møtereferat.pdf", note_id=note.id)
    )
    detail = agreement.municipality_detail(ctx, BERGEN, D(2024, 7, 10))
    st = detail.status
    assert st.feedback_received_on == D(2024, 6, 20)  # the submission stays the first one
    assert st.feedback_summary == "Vi støttar utkastet."
    assert st.change_of_principle  # from the amendment
    assert st.feedback_attachments == ["https://example.org/innspel.pdf"]
    assert (st.amendments, st.contacts) == (1, 1)
    assert [n.kind for n in detail.notes] == [NoteKind.CONTACT, NoteKind.AMENDMENT]
    assert detail.notes[0].attachments == ["møtereferat.pdf"]
    assert detail.notes[1].attachments == ["/srv/innspel/bergen-tillegg.docx"]
    assert detail.cells[0].state is MilestoneState.DONE

    corrected = agreement.correct_feedback(
        ctx, FeedbackCorrection(number=BERGEN, summary="Vi støttar utkastet, med merknader.")
    )
    assert corrected.feedback_summary == "Vi støttar utkastet, med merknader."
    assert corrected.feedback_received_on == D(2024, 6, 20)
    with pytest.raises(Conflict, match="ikkje sendt tilbakemelding"):
        agreement.correct_feedback(ctx, FeedbackCorrection(number=ASKOY, summary="x"))


def test_refused_calls_change_nothing(ctx: Context, numbers: list[str]) -> None:
    agreement.record_decision(
        ctx, DecisionIn(number=SOLUND, decided_on=D(2024, 10, 1), outcome=AgreementOutcome.DECLINE)
    )
    before = snapshot(ctx)
    with pytest.raises(Conflict, match="Solund har ikkje vedteke å slutte seg til"):
        agreement.record_signing(ctx, SigningIn(number=SOLUND, signed_on=D(2024, 11, 1)))
    with pytest.raises(InvalidInput, match="finst ikkje i registeret"):
        agreement.record_feedback(
            ctx, FeedbackIn(number="9999", received_on=D(2024, 6, 1), summary="x")
        )
    with pytest.raises(Conflict, match="alt ein avtaleprosess"):
        agreement.start_process(ctx, StartProcessIn())
    with pytest.raises(InvalidInput, match="opne etter fristen"):
        agreement.add_milestone(
            ctx, MilestoneIn(name="Feil", due_on=D(2024, 8, 1), opens_on=D(2024, 9, 1))
        )
    with pytest.raises(InvalidInput, match="Berre éin milepæl"):
        agreement.add_milestone(
            ctx, MilestoneIn(name="Ny frist", due_on=D(2024, 8, 1), track=MilestoneTrack.FEEDBACK)
        )
    with pytest.raises(InvalidInput, match="kvar milepæl"):
        agreement.reorder_milestones(ctx, ReorderMilestonesIn(ids=[1, 2]))
    with pytest.raises(Conflict, match="0 sete"):
        agreement.apply_seats_to_body(ctx, ApplySeatsIn(body_code="RS"))
    with pytest.raises(NotFound):
        agreement.remove_milestone(ctx, 9999)
    assert snapshot(ctx) == before
    # a join, then signing, then a later decline is refused until the signing is removed
    agreement.record_decision(
        ctx, DecisionIn(number=STORD, decided_on=D(2024, 10, 1), outcome=AgreementOutcome.JOIN)
    )
    with pytest.raises(InvalidInput, match="før vedtaket"):
        agreement.record_signing(ctx, SigningIn(number=STORD, signed_on=D(2024, 9, 1)))
    agreement.record_signing(ctx, SigningIn(number=STORD, signed_on=D(2024, 10, 2)))
    with pytest.raises(Conflict, match="alt signert"):
        agreement.record_decision(
            ctx,
            DecisionIn(number=STORD, decided_on=D(2024, 10, 3), outcome=AgreementOutcome.DECLINE),
        )


def test_milestones_are_editable(ctx: Context, numbers: list[str]) -> None:
    process = agreement.get_process(ctx)
    assert process is not None
    assert process.body_code == "RS"
    assert [m.due_on for m in process.milestones] == [
        D(2024, 6, 5),
        D(2024, 6, 11),
        FEEDBACK_DUE,
        D(2024, 9, 4),
        D(2024, 9, 10),
        DECISION_DUE,
        D(2024, 11, 8),
        D(2024, 12, 9),  # Monday of week 50
        D(2025, 1, 1),
    ]
    decision = next(m for m in process.milestones if m.track is MilestoneTrack.DECISION)
    moved = agreement.update_milestone(ctx, MilestoneUpdate(id=decision.id, due_on=D(2024, 11, 25)))
    assert next(m for m in moved.milestones if m.id == decision.id).due_on == D(2024, 11, 25)
    draft = process.milestones[0]
    done = agreement.update_milestone(ctx, MilestoneUpdate(id=draft.id, completed_on=D(2024, 6, 5)))
    assert done.milestones[0].completed_on == D(2024, 6, 5)
    with_states = agreement.get_process(ctx, today=D(2024, 11, 20))
    assert with_states is not None
    assert with_states.milestones[0].state is MilestoneState.DONE
    assert with_states.milestones[5].state is MilestoneState.PENDING  # moved to 25 November

    added = agreement.add_milestone(
        ctx, MilestoneIn(name="Ekstra informasjonsmøte", due_on=D(2024, 10, 1), position=5)
    )
    assert [m.position for m in added.milestones] == list(range(1, 11))
    assert added.milestones[4].name == "Ekstra informasjonsmøte"
    removed = agreement.remove_milestone(ctx, added.milestones[4].id)
    assert [m.position for m in removed.milestones] == list(range(1, 10))
    ids = [m.id for m in removed.milestones]
    reordered = agreement.reorder_milestones(ctx, ReorderMilestonesIn(ids=list(reversed(ids))))
    assert [m.id for m in reordered.milestones] == list(reversed(ids))
    renamed = agreement.update_process(ctx, ProcessUpdate(title="Avtale 2025–2028"))
    assert renamed.title == "Avtale 2025–2028"

    with ctx.reading() as s:
        actions = [e.action for e in s.scalars(select(AuditEvent).order_by(AuditEvent.id))]
    assert "agreement.process.start" in actions
    assert actions[-1] == "agreement.process.update"


def test_no_process_yet(ctx: Context) -> None:
    assert agreement.get_process(ctx) is None
    with pytest.raises(NotFound, match="Opprett prosessen"):
        agreement.overview(ctx, OverviewIn(today=TODAY))
