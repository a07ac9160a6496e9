"""The overview: every municipality against every tracked milestone, filtered, with counts."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session

from dvmeet.domain.agreement import MilestoneState, MilestoneTrack
from dvmeet.domain.enums import AgreementOutcome
from dvmeet.services.agreement._process import process_out, require_process
from dvmeet.services.agreement._seats import seat_effect_of
from dvmeet.services.agreement._statuses import (
    all_statuses,
    milestone_cells,
    milestone_states,
    tracked_milestones,
)
from dvmeet.services.agreement.models import (
    AgreementOverview,
    MilestoneCount,
    OverviewCounts,
    OverviewFilter,
    OverviewIn,
    OverviewRow,
)
from dvmeet.services.context import Context

_DECIDED = (AgreementOutcome.JOIN, AgreementOutcome.DECLINE)


def _matches(row: OverviewRow, which: OverviewFilter) -> bool:
    st = row.status
    if which is OverviewFilter.ALL:
        return True
    if which is OverviewFilter.MISSING_DECISION:
        return row.missing_decision
    if which is OverviewFilter.LATE:
        return row.late
    if which is OverviewFilter.MISSING_FEEDBACK:
        return st.feedback_received_on is None
    if which is OverviewFilter.CHANGE_OF_PRINCIPLE:
        return st.change_of_principle
    if which is OverviewFilter.DECLINED:
        return st.council_outcome is AgreementOutcome.DECLINE
    return st.council_outcome is AgreementOutcome.JOIN and st.signed_on is None


def overview(ctx: Context, data: OverviewIn) -> AgreementOverview:
    """Every municipality against every tracked milestone on `data.today`, filtered; the
    counts and the seat effect are over all municipalities, whatever the filter."""
    with ctx.reading() as s:
        return overview_of(s, data)


def overview_of(s: Session, data: OverviewIn) -> AgreementOverview:
    """`overview` within an open read."""
    process = require_process(s)
    tracked = tracked_milestones(process)
    rows = []
    for st in all_statuses(s):
        cells = milestone_cells(tracked, st, data.today)
        rows.append(
            OverviewRow(
                status=st,
                cells=cells,
                late=any(c.state is MilestoneState.LATE for c in cells),
                missing_decision=st.council_outcome not in _DECIDED,
            )
        )
    counts = _counts(rows)
    milestone_counts = [
        MilestoneCount(
            milestone_id=m.id,
            name=m.name,
            track=m.track,
            counts={
                state: sum(1 for r in rows if r.cells[i].state is state) for state in MilestoneState
            },
        )
        for i, m in enumerate(tracked)
        if m.track is not None
    ]
    effect = seat_effect_of(s, process.body, [r.status for r in rows])
    return AgreementOverview(
        today=data.today,
        filter=data.filter,
        process=process_out(process, milestone_states(s, process, data.today)),
        rows=[r for r in rows if _matches(r, data.filter)],
        counts=counts,
        milestone_counts=milestone_counts,
        seat_effect=effect,
    )


def _counts(rows: Sequence[OverviewRow]) -> OverviewCounts:
    statuses = [r.status for r in rows]

    def outcome(o: AgreementOutcome) -> int:
        return sum(1 for st in statuses if st.council_outcome is o)

    feedback_cells = [c for r in rows for c in r.cells if c.track is MilestoneTrack.FEEDBACK]
    return OverviewCounts(
        municipalities=len(rows),
        feedback_received=sum(1 for st in statuses if st.feedback_received_on is not None),
        feedback_after_deadline=sum(
            1 for c in feedback_cells if c.state is MilestoneState.DONE_LATE
        ),
        feedback_missing=sum(1 for st in statuses if st.feedback_received_on is None),
        change_of_principle=sum(1 for st in statuses if st.change_of_principle),
        joined=outcome(AgreementOutcome.JOIN),
        declined=outcome(AgreementOutcome.DECLINE),
        postponed=outcome(AgreementOutcome.POSTPONED),
        missing_decision=sum(1 for r in rows if r.missing_decision),
        signed=sum(1 for st in statuses if st.signed_on is not None),
        late=sum(1 for r in rows if r.late),
    )
