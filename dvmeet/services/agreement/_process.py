"""The agreement process and its milestones: starting and changing the process, adding,
changing, removing and reordering milestones.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload, selectinload

from dvmeet.db.models import AgreementMilestone, AgreementProcess
from dvmeet.domain.agreement import (
    MilestoneState,
    MilestoneTrack,
    default_milestones,
    keep_nynorsk,
)
from dvmeet.domain.labels import nynorsk
from dvmeet.errors import Conflict, InvalidInput, NotFound
from dvmeet.i18n import _
from dvmeet.services._concurrency import ensure_version, ensure_versions
from dvmeet.services._lookup import ref_body
from dvmeet.services.agreement._statuses import milestone_states
from dvmeet.services.agreement.models import (
    MilestoneIn,
    MilestoneOut,
    MilestoneUpdate,
    ProcessOut,
    ProcessUpdate,
    ReorderMilestonesIn,
    StartProcessIn,
)
from dvmeet.services.context import Context

# --- Lookups ------------------------------------------------------------------------------


def find_process(session: Session) -> AgreementProcess | None:
    return session.scalar(
        select(AgreementProcess)
        .options(joinedload(AgreementProcess.body), selectinload(AgreementProcess.milestones))
        .order_by(AgreementProcess.id)
        .limit(1)
    )


def require_process(session: Session) -> AgreementProcess:
    process = find_process(session)
    if process is None:
        raise NotFound(_("Ingen avtaleprosess er oppretta. Opprett prosessen først."))
    return process


def _milestone(
    session: Session, process: AgreementProcess, milestone_id: int
) -> AgreementMilestone:
    m = session.get(AgreementMilestone, milestone_id)
    if m is None or m.process_id != process.id:
        raise NotFound(_("Milepælen med nummer {id} finst ikkje.").format(id=milestone_id))
    return m


# --- Output -------------------------------------------------------------------------------


def _milestone_out(m: AgreementMilestone, state: MilestoneState | None = None) -> MilestoneOut:
    return MilestoneOut(
        id=m.id,
        key=m.key,
        name=m.name,
        due_on=m.due_on,
        opens_on=m.opens_on,
        track=m.track,
        completed_on=m.completed_on,
        position=m.position,
        version=m.version,
        state=state,
        state_word=nynorsk(state) if state else None,
    )


def process_out(
    process: AgreementProcess, states: dict[int, MilestoneState] | None = None
) -> ProcessOut:
    states = states or {}
    ordered = sorted(process.milestones, key=lambda m: (m.position, m.id))
    return ProcessOut(
        id=process.id,
        title=process.title,
        body_code=process.body.code if process.body else None,
        body_name=process.body.name if process.body else None,
        milestones=[_milestone_out(m, states.get(m.id)) for m in ordered],
        version=process.version,
    )


# --- The process and its milestones -------------------------------------------------------


def start_process(ctx: Context, data: StartProcessIn) -> ProcessOut:
    """Create the agreement process, with the seed's timeline unless milestones are given."""
    with ctx.unit_of_work() as uow:
        s = uow.session
        if find_process(s) is not None:
            raise Conflict(_("Det finst alt ein avtaleprosess. Endre milepælane i han i staden."))
        body = ref_body(s, data.body_code) if data.body_code else None
        process = AgreementProcess(title=data.title, body=body)
        s.add(process)
        s.flush()
        if data.milestones is None:
            items = [
                MilestoneIn(
                    name=t.name, due_on=t.due_on, opens_on=t.opens_on, track=t.track, key=t.key
                )
                for t in default_milestones(data.year, keep_nynorsk)  # stored: nynorsk
            ]
        else:
            items = list(data.milestones)
        _check_tracks([m.track for m in items])
        for position, item in enumerate(items, start=1):
            _check_dates(item.name, item.opens_on, item.due_on)
            s.add(
                AgreementMilestone(
                    process_id=process.id,
                    key=item.key,
                    name=item.name,
                    due_on=item.due_on,
                    opens_on=item.opens_on,
                    track=item.track,
                    position=position,
                )
            )
        s.flush()
        s.refresh(process)
        out = process_out(process)
        uow.audit("agreement.process.start", "agreement_process", process.id, out.model_dump())
        return out


def get_process(ctx: Context, today: dt.date | None = None) -> ProcessOut | None:
    """The process with its milestones (with states when `today` is given), or None."""
    with ctx.reading() as s:
        return process_of(s, today)


def process_of(s: Session, today: dt.date | None = None) -> ProcessOut | None:
    """`get_process` within an open read."""
    process = find_process(s)
    if process is None:
        return None
    if today is None:
        return process_out(process)
    return process_out(process, milestone_states(s, process, today))


def update_process(ctx: Context, data: ProcessUpdate) -> ProcessOut:
    fields = data.model_fields_set - {"expected_version"}
    with ctx.unit_of_work() as uow:
        s = uow.session
        process = require_process(s)
        ensure_version(
            s,
            process,
            data.expected_version,
            lambda: process_out(process),
            _("avtaleprosessen «{title}»").format(title=process.title),
        )
        if "title" in fields:
            if data.title is None:
                raise InvalidInput(_("{field}: må fyllast ut").format(field=_("tittel")))
            process.title = data.title
        if "body_code" in fields:
            process.body = ref_body(s, data.body_code) if data.body_code else None
        s.flush()
        uow.audit(
            "agreement.process.update",
            "agreement_process",
            process.id,
            data.model_dump(include=fields),
        )
        return process_out(process)


def _check_dates(name: str, opens_on: dt.date | None, due_on: dt.date) -> None:
    if opens_on is not None and opens_on > due_on:
        raise InvalidInput(_("Milepælen «{name}» kan ikkje opne etter fristen.").format(name=name))


def _check_tracks(tracks: Sequence[MilestoneTrack | None]) -> None:
    used = [t for t in tracks if t is not None]
    for track in set(used):
        if used.count(track) > 1:
            raise InvalidInput(
                _(
                    "Berre éin milepæl kan måle «{track}» for kommunane; "
                    "fjern målinga frå den andre."
                ).format(track=track.value)
            )


def _renumber(milestones: Sequence[AgreementMilestone]) -> None:
    for position, m in enumerate(milestones, start=1):
        m.position = position


def add_milestone(ctx: Context, data: MilestoneIn) -> ProcessOut:
    with ctx.unit_of_work() as uow:
        s = uow.session
        process = require_process(s)
        _check_dates(data.name, data.opens_on, data.due_on)
        ordered = sorted(process.milestones, key=lambda m: (m.position, m.id))
        _check_tracks([m.track for m in ordered] + [data.track])
        new = AgreementMilestone(
            process_id=process.id,
            key=data.key,
            name=data.name,
            due_on=data.due_on,
            opens_on=data.opens_on,
            track=data.track,
            position=0,
        )
        place = (
            len(ordered) if data.position is None else max(0, min(data.position - 1, len(ordered)))
        )
        ordered.insert(place, new)
        s.add(new)
        _renumber(ordered)
        s.flush()
        s.refresh(process)
        uow.audit("agreement.milestone.add", "agreement_milestone", new.id, data.model_dump())
        return process_out(process)


def update_milestone(ctx: Context, data: MilestoneUpdate) -> ProcessOut:
    """Change the fields given (an explicit None clears opens_on, track or completed_on)."""
    fields = data.model_fields_set - {"id", "expected_version"}
    with ctx.unit_of_work() as uow:
        s = uow.session
        process = require_process(s)
        m = _milestone(s, process, data.id)
        ensure_version(
            s,
            m,
            data.expected_version,
            lambda: process_out(process),
            _("milepælen «{name}»").format(name=m.name),
        )
        for key in ("name", "due_on"):
            if key in fields and getattr(data, key) is None:
                field = _("namn") if key == "name" else _("frist")
                raise InvalidInput(_("{field}: må fyllast ut").format(field=field))
        for key in fields:
            setattr(m, key, getattr(data, key))
        _check_dates(m.name, m.opens_on, m.due_on)
        _check_tracks([x.track for x in process.milestones])
        s.flush()
        uow.audit(
            "agreement.milestone.update",
            "agreement_milestone",
            m.id,
            data.model_dump(include=fields),
        )
        return process_out(process)


def remove_milestone(
    ctx: Context, milestone_id: int, *, expected_version: int | None = None
) -> ProcessOut:
    """Remove a milestone; `expected_version` is the version the user saw (a milestone
    changed since is refused with ChangedElsewhere)."""
    with ctx.unit_of_work() as uow:
        s = uow.session
        process = require_process(s)
        m = _milestone(s, process, milestone_id)
        ensure_version(
            s,
            m,
            expected_version,
            lambda: process_out(process),
            _("milepælen «{name}»").format(name=m.name),
        )
        payload = _milestone_out(m).model_dump()
        s.delete(m)
        s.flush()
        s.refresh(process)
        _renumber(sorted(process.milestones, key=lambda x: (x.position, x.id)))
        s.flush()
        uow.audit("agreement.milestone.remove", "agreement_milestone", milestone_id, payload)
        return process_out(process)


def reorder_milestones(ctx: Context, data: ReorderMilestonesIn) -> ProcessOut:
    with ctx.unit_of_work() as uow:
        s = uow.session
        process = require_process(s)
        by_id = {m.id: m for m in process.milestones}
        ensure_versions(
            s,
            list(by_id.values()),
            data.expected_versions,
            lambda: process_out(process),
            _("rekkjefølgja av milepælane"),
        )
        if sorted(data.ids) != sorted(by_id):
            raise InvalidInput(
                _("Den nye rekkjefølgja må innehalde kvar milepæl nøyaktig éin gong.")
            )
        _renumber([by_id[i] for i in data.ids])
        s.flush()
        uow.audit("agreement.milestone.reorder", "agreement_process", process.id, data.ids)
        return process_out(process)
