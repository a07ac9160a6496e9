"""What the councils' decisions do to a body's seats and quorum, and applying that to the body."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from dvmeet.db.models import Body, Municipality
from dvmeet.domain.agreement import SeatEffect
from dvmeet.domain.enums import AgreementOutcome
from dvmeet.domain.quorum import minimum_voters
from dvmeet.errors import Conflict, InvalidInput
from dvmeet.i18n import _
from dvmeet.services._lookup import ref_body
from dvmeet.services.agreement._process import find_process
from dvmeet.services.agreement._statuses import all_statuses
from dvmeet.services.agreement.models import (
    AgreementStatusOut,
    ApplySeatsIn,
    ApplySeatsOut,
    SeatEffectOut,
)
from dvmeet.services.context import Context

# each participating municipality elects one member to the representantskap. The
# schema has no per-municipality seat count, so one member seat per municipality it is.
MEMBER_SEATS_PER_MUNICIPALITY = 1

_ONE_DAY = dt.timedelta(days=1)


def seat_effect_of(
    s: Session, body: Body | None, statuses: Sequence[AgreementStatusOut]
) -> SeatEffectOut:
    def numbers(*outcomes: AgreementOutcome | None) -> list[str]:
        return sorted(st.municipality_number for st in statuses if st.council_outcome in outcomes)

    joined = numbers(AgreementOutcome.JOIN)
    declined = numbers(AgreementOutcome.DECLINE)
    undecided = numbers(None, AgreementOutcome.POSTPONED)
    effect = SeatEffect(
        joined=len(joined),
        declined=len(declined),
        undecided=len(undecided),
        seats_per_municipality=MEMBER_SEATS_PER_MUNICIPALITY,
        current_seats=body.seats if body else None,
    )
    return SeatEffectOut(
        body_code=body.code if body else None,
        joined=effect.joined,
        declined=effect.declined,
        undecided=effect.undecided,
        seats=effect.seats,
        quorum=effect.quorum,
        seats_if_undecided_join=effect.seats_if_undecided_join,
        quorum_if_undecided_join=effect.quorum_if_undecided_join,
        current_seats=effect.current_seats,
        summary=effect.summary,
        sentences=effect.sentences,
        participants=joined,
        declined_numbers=declined,
        undecided_numbers=undecided,
    )


def seat_effect(ctx: Context, body_code: str | None = None) -> SeatEffectOut:
    """What the decisions do to a body's seats and quorum (default: the process's body)."""
    with ctx.reading() as s:
        if body_code is not None:
            body: Body | None = ref_body(s, body_code)
        else:
            process = find_process(s)
            body = process.body if process else None
        return seat_effect_of(s, body, all_statuses(s))


def apply_seats_to_body(ctx: Context, data: ApplySeatsIn) -> ApplySeatsOut:
    """Set the body's seat count from the decisions (one seat per joined municipality).

    With `update_participation`, municipalities that joined become participants from
    `participant_from` (default: the constituent meeting's date, else the in-force date;
    an earlier start is kept), and a participant that declined stops the day before.
    """
    with ctx.unit_of_work() as uow:
        s = uow.session
        body = ref_body(s, data.body_code)
        statuses = all_statuses(s)
        effect = seat_effect_of(s, body, statuses)
        before = body.seats
        after = effect.seats_if_undecided_join if data.count_undecided else effect.seats
        if after < 1:
            raise Conflict(
                _(
                    "Ingen kommune har vedteke å slutte seg til avtalen; organet kan ikkje "
                    "setjast til 0 sete."
                )
            )
        body.seats = after
        changed: list[str] = []
        if data.update_participation:
            start = data.participant_from or _default_start(s)
            joining = set(effect.participants)
            if data.count_undecided:
                joining |= set(effect.undecided_numbers)
            changed = _set_participation(s, joining, set(effect.declined_numbers), start)
        s.flush()
        message = _(
            "{body}: {before} → {after} sete; vedtaksfør med {quorum} (før: {quorum_before})."
        ).format(
            body=body.name,
            before=before,
            after=after,
            quorum=minimum_voters(after),
            quorum_before=minimum_voters(before) if before else 0,
        )
        uow.audit(
            "agreement.apply_seats",
            "body",
            body.id,
            {
                "seats_before": before,
                "seats_after": after,
                "count_undecided": data.count_undecided,
                "participation_changed": changed,
            },
        )
        return ApplySeatsOut(
            body_code=body.code,
            seats_before=before,
            seats_after=after,
            quorum_before=minimum_voters(before) if before else 0,
            quorum_after=minimum_voters(after),
            participation_changed=changed,
            message=message,
        )


def _default_start(s: Session) -> dt.date:
    process = find_process(s)
    if process is not None:
        by_key = {m.key: m for m in process.milestones}
        for key in ("constituent_meeting", "in_force"):
            if key in by_key:
                return by_key[key].due_on
    raise InvalidInput(_("Oppgje datoen deltakinga skal gjelde frå."))


def _set_participation(
    s: Session, joining: set[str], declined: set[str], start: dt.date
) -> list[str]:
    changed = []
    for muni in s.scalars(select(Municipality).order_by(Municipality.number)):
        before = (muni.participant_from, muni.participant_to)
        if muni.number in joining:
            if muni.participant_from is None or muni.participant_from > start:
                muni.participant_from = start
            if muni.participant_to is not None and muni.participant_to < start:
                # an ended participation restarts: the new period begins at `start`
                muni.participant_from = start
            muni.participant_to = None
        elif muni.number in declined and muni.participant_from is not None:
            last = start - _ONE_DAY
            if muni.participant_to is None or muni.participant_to > last:
                muni.participant_to = max(last, muni.participant_from)
        if (muni.participant_from, muni.participant_to) != before:
            changed.append(muni.number)
    return changed
