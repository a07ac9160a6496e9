"""Cost shares per budget year: settings, participants, results, change against last year.

The calculation is :func:`dvmeet.domain.cost_shares.calculate` (method in its docstring).
Settings and results are stored together per budget year; saving recalculates, so the
stored amounts always follow from the stored settings. A budget whose case (see
`link_budget_case`) sits in a meeting with approved minutes is locked (B-3).

For a view: `preview` (no write, for live editing), `save_budget`, `recalculate` (when
participants change), `get_budget`, `list_budgets`, `participants_for`,
`link_budget_case` / `unlink_budget_case` / `budget_for_case`, `delete_budget`.
Documents: dvmeet.documents.cost_table (XLSX and PDF).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, selectinload

from dvmeet.db.models import (
    AgreementStatus,
    BudgetCaseCostShares,
    Case,
    CostShareBudget,
    CostShareLine,
    Meeting,
    Municipality,
)
from dvmeet.domain.cost_shares import (
    Bound,
    CostShareInfeasible,
    CostShareResult,
    CostShareSettings,
    Participant,
    calculate,
    share_summary,
)
from dvmeet.domain.enums import AgreementOutcome
from dvmeet.domain.labels import nynorsk
from dvmeet.errors import FrozenRecord, InvalidInput, NotFound
from dvmeet.i18n import _
from dvmeet.services._concurrency import ensure_absent_or_version, ensure_version
from dvmeet.services.context import Context
from dvmeet.services.cost_shares.models import (
    CostShareLineOut,
    CostShareOut,
    CostShareSettingsIn,
    LinkCaseIn,
    ParticipantSource,
    RecalculateIn,
    RecalculationOut,
)
from dvmeet.services.registry.text import nb_sort_key


class CostSharesRefused(InvalidInput):
    """The settings cannot share the budget (caps that cannot reach the total, ...)."""


# --- Participants -------------------------------------------------------------------------


def _participant_numbers(
    s: Session, source: ParticipantSource, year: int, given: Sequence[str] | None
) -> list[str]:
    if source is ParticipantSource.LIST:
        if not given:
            raise InvalidInput(_("Vel minst éin kommune som deltakar."))
        return list(dict.fromkeys(given))
    if source in (ParticipantSource.AGREEMENT, ParticipantSource.AGREEMENT_NOT_DECLINED):
        rows = s.execute(
            select(Municipality.number, AgreementStatus.council_outcome).outerjoin(
                AgreementStatus, AgreementStatus.municipality_id == Municipality.id
            )
        ).all()
        if source is ParticipantSource.AGREEMENT:
            return sorted(n for n, o in rows if o is AgreementOutcome.JOIN)
        return sorted(n for n, o in rows if o is not AgreementOutcome.DECLINE)
    if source is ParticipantSource.REGISTRY:
        day = dt.date(year, 1, 1)
        return sorted(
            s.scalars(
                select(Municipality.number).where(
                    Municipality.participant_from <= day,
                    or_(Municipality.participant_to.is_(None), Municipality.participant_to >= day),
                )
            )
        )
    last = _budget(s, year - 1)
    if last is None:
        raise NotFound(
            _("Det finst ingen kostnadsfordeling for {year} å hente deltakarane frå.").format(
                year=year - 1
            )
        )
    return sorted(line.municipality.number for line in last.lines)


def participants_for(
    ctx: Context,
    source: ParticipantSource,
    year: int,
    participants: Sequence[str] | None = None,
) -> list[str]:
    """The municipality numbers a source gives (for a view to show before saving)."""
    with ctx.reading() as s:
        return _participant_numbers(s, source, year, participants)


def _participants(
    s: Session, numbers: Sequence[str], populations: dict[str, int]
) -> list[tuple[Municipality, Participant]]:
    munis = {
        m.number: m for m in s.scalars(select(Municipality).where(Municipality.number.in_(numbers)))
    }
    unknown = [n for n in numbers if n not in munis]
    if unknown:
        raise InvalidInput(
            _("Kommunenummer som ikkje finst i registeret: {numbers}.").format(
                numbers=", ".join(unknown)
            )
        )
    stray = sorted(set(populations) - set(numbers))
    if stray:
        raise InvalidInput(
            _("Folketal er gjeve for kommunar som ikkje er deltakarar: {numbers}.").format(
                numbers=", ".join(stray)
            )
        )
    out = []
    missing = []
    for n in numbers:
        population = populations.get(n, munis[n].population)
        if population is None:
            missing.append(munis[n].name)
            continue
        if population < 1:
            raise InvalidInput(
                _("Folketalet for {name} må vere minst 1.").format(name=munis[n].name)
            )
        out.append((munis[n], Participant(key=n, population=population)))
    if missing:
        raise InvalidInput(
            _(
                "Folketal manglar for {names}. Før det inn i registeret eller "
                "oppgje det i utrekninga."
            ).format(names=", ".join(missing))
        )
    return out


def _calculate(settings: CostShareSettings, participants: Sequence[Participant]) -> CostShareResult:
    try:
        return calculate(settings, participants)
    except CostShareInfeasible as exc:
        raise CostSharesRefused(exc.message) from exc


def _settings(data: CostShareSettingsIn | CostShareBudget) -> CostShareSettings:
    if isinstance(data, CostShareBudget):
        return CostShareSettings(
            total=data.total_budget,
            base_weight=data.base_weight,
            population_weight=data.population_weight,
            minimum=data.min_payment,
            maximum=data.max_payment,
        )
    return CostShareSettings(
        total=data.total_budget,
        base_weight=data.base_weight,
        population_weight=data.population_weight,
        minimum=data.min_payment,
        maximum=data.max_payment,
    )


# --- Reading ------------------------------------------------------------------------------


def _budget(s: Session, year: int) -> CostShareBudget | None:
    return s.scalar(
        select(CostShareBudget)
        .options(selectinload(CostShareBudget.lines).joinedload(CostShareLine.municipality))
        .where(CostShareBudget.budget_year == year)
    )


def _require_budget(s: Session, year: int) -> CostShareBudget:
    budget = _budget(s, year)
    if budget is None:
        raise NotFound(
            _("Det finst inga kostnadsfordeling for budsjettåret {year}.").format(year=year)
        )
    return budget


def _case_ids(s: Session, budget: CostShareBudget) -> tuple[list[int], bool]:
    rows = s.execute(
        select(BudgetCaseCostShares.case_id, Meeting.frozen)
        .join(Case, Case.id == BudgetCaseCostShares.case_id)
        .join(Meeting, Meeting.id == Case.meeting_id)
        .where(BudgetCaseCostShares.budget_id == budget.id)
        .order_by(BudgetCaseCostShares.case_id)
    ).all()
    return [r[0] for r in rows], any(r[1] for r in rows)


def _refuse_locked(s: Session, budget: CostShareBudget) -> None:
    locked = _case_ids(s, budget)[1]
    if locked:
        raise FrozenRecord(
            _(
                "Kostnadsfordelinga for {year} er vedteken i ei sak med godkjend "
                "møtebok og kan ikkje endrast. Lag ei ny utrekning for eit anna budsjettår."
            ).format(year=budget.budget_year)
        )


def _last_year(s: Session, year: int) -> dict[str, tuple[str, int]]:
    last = _budget(s, year - 1)
    if last is None:
        return {}
    return {line.municipality.number: (line.municipality.name, line.amount) for line in last.lines}


def _out(
    s: Session,
    *,
    year: int,
    settings: CostShareSettings,
    rows: Sequence[
        tuple[str, str, int, int, int, Bound | None]
    ],  # number, name, pop, model, amount, bound
    note: str | None,
    saved: bool,
    calculated_at: dt.datetime | None,
    rounds: int | None,
    budget: CostShareBudget | None,
) -> CostShareOut:
    last = _last_year(s, year)
    lines = []
    for number, name, population, model, amount, bound in sorted(
        rows, key=lambda r: (nb_sort_key(r[1]), r[0])
    ):
        before = last.get(number)
        change = amount - before[1] if before else None
        percent = (
            100.0 * change / before[1] if before and before[1] and change is not None else None
        )
        lines.append(
            CostShareLineOut(
                municipality_number=number,
                municipality_name=name,
                population=population,
                model_amount=model,
                amount=amount,
                bound=bound,
                bound_word=nynorsk(bound) if bound else None,
                last_year=before[1] if before else None,
                change=change,
                change_percent=percent,
            )
        )
    current = {r[0] for r in rows}
    for number, (name, amount) in sorted(last.items(), key=lambda kv: nb_sort_key(kv[1][0])):
        if number not in current:
            lines.append(
                CostShareLineOut(
                    municipality_number=number,
                    municipality_name=name,
                    population=None,
                    model_amount=None,
                    amount=None,
                    bound=None,
                    bound_word=None,
                    last_year=amount,
                    change=None,
                    change_percent=None,
                )
            )
    case_ids, locked = _case_ids(s, budget) if budget is not None else ([], False)
    total = sum(r[4] for r in rows)
    at_min = sum(1 for r in rows if r[5] is Bound.MINIMUM)
    at_max = sum(1 for r in rows if r[5] is Bound.MAXIMUM)
    summary = share_summary(_, len(rows), total, at_max, at_min)
    return CostShareOut(
        year=year,
        total_budget=settings.total,
        base_weight=settings.base_weight,
        population_weight=settings.population_weight,
        min_payment=settings.minimum,
        max_payment=settings.maximum,
        note=note,
        saved=saved,
        calculated_at=calculated_at,
        participants=len(rows),
        lines=lines,
        total=total,
        at_minimum=at_min,
        at_maximum=at_max,
        last_year_total=sum(a for _, a in last.values()) if last else None,
        rounds=rounds,
        case_ids=case_ids,
        locked=locked,
        summary=summary,
        version=budget.version if budget is not None else 0,
    )


def _result_rows(
    pairs: Sequence[tuple[Municipality, Participant]], result: CostShareResult
) -> list[tuple[str, str, int, int, int, Bound | None]]:
    shares = result.by_key()
    return [
        (
            m.number,
            m.name,
            p.population,
            shares[p.key].base_and_population,
            shares[p.key].amount,
            shares[p.key].bound,
        )
        for m, p in pairs
    ]


def _stored_out(s: Session, budget: CostShareBudget, rounds: int | None = None) -> CostShareOut:
    rows = [
        (
            line.municipality.number,
            line.municipality.name,
            line.population,
            line.model_amount,
            line.amount,
            line.bound,
        )
        for line in budget.lines
    ]
    return _out(
        s,
        year=budget.budget_year,
        settings=_settings(budget),
        rows=rows,
        note=budget.note,
        saved=True,
        calculated_at=budget.calculated_at,
        rounds=rounds,
        budget=budget,
    )


def preview(ctx: Context, data: CostShareSettingsIn) -> CostShareOut:
    """Calculate without saving (for a view that recalculates as the secretary types)."""
    with ctx.reading() as s:
        numbers = _participant_numbers(s, data.participant_source, data.year, data.participants)
        pairs = _participants(s, numbers, data.populations)
        settings = _settings(data)
        result = _calculate(settings, [p for _, p in pairs])
        return _out(
            s,
            year=data.year,
            settings=settings,
            rows=_result_rows(pairs, result),
            note=data.note,
            saved=False,
            calculated_at=None,
            rounds=result.rounds,
            budget=None,
        )


def get_budget(ctx: Context, year: int) -> CostShareOut:
    with ctx.reading() as s:
        return _stored_out(s, _require_budget(s, year))


def list_budgets(ctx: Context) -> list[CostShareOut]:
    """Every stored budget year, newest first."""
    with ctx.reading() as s:
        years = s.scalars(
            select(CostShareBudget.budget_year).order_by(CostShareBudget.budget_year.desc())
        ).all()
        return [_stored_out(s, _require_budget(s, y)) for y in years]


# --- Writing ------------------------------------------------------------------------------


def _store(
    s: Session,
    budget: CostShareBudget,
    pairs: Sequence[tuple[Municipality, Participant]],
    result: CostShareResult,
) -> None:
    budget.lines.clear()
    s.flush()
    shares = result.by_key()
    for m, p in pairs:
        share = shares[p.key]
        budget.lines.append(
            CostShareLine(
                municipality_id=m.id,
                population=p.population,
                model_amount=share.base_and_population,
                amount=share.amount,
                bound=share.bound,
            )
        )
    budget.calculated_at = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    s.flush()


def save_budget(ctx: Context, data: CostShareSettingsIn) -> CostShareOut:
    """Store the settings of a budget year and the amounts they give (replacing the year's
    earlier calculation). Infeasible settings are refused and nothing is stored."""
    with ctx.unit_of_work() as uow:
        s = uow.session
        budget = _budget(s, data.year)
        found = budget
        ensure_absent_or_version(
            s,
            found,
            data.expected_version,
            lambda: _stored_out(s, found) if found is not None else None,
            _("kostnadsfordelinga for {year}").format(year=data.year),
        )
        if budget is not None:
            _refuse_locked(s, budget)
        numbers = _participant_numbers(s, data.participant_source, data.year, data.participants)
        pairs = _participants(s, numbers, data.populations)
        settings = _settings(data)
        result = _calculate(settings, [p for _, p in pairs])
        action = "cost_shares.update"
        if budget is None:
            budget = CostShareBudget(budget_year=data.year, total_budget=0, base_weight=0)
            s.add(budget)
            action = "cost_shares.create"
        budget.total_budget = data.total_budget
        budget.base_weight = data.base_weight
        budget.population_weight = data.population_weight
        budget.min_payment = data.min_payment
        budget.max_payment = data.max_payment
        budget.note = data.note
        _store(s, budget, pairs, result)
        out = _stored_out(s, budget, result.rounds)
        uow.audit(
            action,
            "cost_share_budget",
            budget.id,
            {
                "settings": data.model_dump(mode="json", exclude={"expected_version"}),
                "participants": numbers,
                "amounts": {line.municipality_number: line.amount for line in out.lines},
            },
        )
        return out


def recalculate(ctx: Context, data: RecalculateIn) -> RecalculationOut:
    """Recalculate a stored year when the participants change (a municipality declines):
    same settings, same populations for those already in it, new amounts."""
    with ctx.unit_of_work() as uow:
        s = uow.session
        budget = _require_budget(s, data.year)
        ensure_version(
            s,
            budget,
            data.expected_version,
            lambda: _stored_out(s, budget),
            _("kostnadsfordelinga for {year}").format(year=data.year),
        )
        _refuse_locked(s, budget)
        before = {line.municipality.number: line for line in budget.lines}
        numbers = _participant_numbers(s, data.participant_source, data.year, data.participants)
        populations = {n: before[n].population for n in numbers if n in before}
        pairs = _participants(s, numbers, populations)
        result = _calculate(_settings(budget), [p for _, p in pairs])
        _store(s, budget, pairs, result)
        out = _stored_out(s, budget, result.rounds)
        after = {ln.municipality_number: ln.amount for ln in out.lines if ln.amount is not None}
        changed = {
            n: after[n] - before[n].amount
            for n in sorted(after)
            if n in before and after[n] != before[n].amount
        }
        added = sorted(set(after) - set(before))
        removed = sorted(set(before) - set(after))
        uow.audit(
            "cost_shares.recalculate",
            "cost_share_budget",
            budget.id,
            {"added": added, "removed": removed, "changed": changed},
        )
        return RecalculationOut(result=out, added=added, removed=removed, changed=changed)


def delete_budget(ctx: Context, year: int) -> None:
    with ctx.unit_of_work() as uow:
        s = uow.session
        budget = _require_budget(s, year)
        case_ids = _case_ids(s, budget)[0]
        if case_ids:
            raise FrozenRecord(
                _(
                    "Kostnadsfordelinga for {year} er knytt til ei budsjettsak og kan ikkje "
                    "slettast. Fjern koplinga først."
                ).format(year=year)
            )
        s.delete(budget)
        s.flush()
        uow.audit("cost_shares.delete", "cost_share_budget", budget.id, {"year": year})


# --- The budget case ----------------------------------------------------------------------


def _case(s: Session, case_id: int) -> Case:
    case = s.get(Case, case_id)
    if case is None:
        raise NotFound(_("Saka med nummer {id} finst ikkje.").format(id=case_id))
    return case


def _refuse_frozen_case(s: Session, case: Case) -> None:
    meeting = s.get(Meeting, case.meeting_id)
    if meeting is not None and meeting.frozen:
        raise FrozenRecord(
            _("Møteboka for møtet med denne saka er godkjend, og saka kan ikkje endrast.")
        )


def link_budget_case(ctx: Context, data: LinkCaseIn) -> CostShareOut:
    """The budget case adopts the calculation of `data.year` (replaces an earlier link)."""
    with ctx.unit_of_work() as uow:
        s = uow.session
        case = _case(s, data.case_id)
        _refuse_frozen_case(s, case)
        budget = _require_budget(s, data.year)
        link = s.get(BudgetCaseCostShares, case.id)
        if link is None:
            s.add(BudgetCaseCostShares(case_id=case.id, budget_id=budget.id))
        else:
            link.budget_id = budget.id
        s.flush()
        uow.audit("cost_shares.link_case", "agenda_case", case.id, {"year": data.year})
        return _stored_out(s, budget)


def unlink_budget_case(ctx: Context, case_id: int) -> None:
    with ctx.unit_of_work() as uow:
        s = uow.session
        case = _case(s, case_id)
        _refuse_frozen_case(s, case)
        link = s.get(BudgetCaseCostShares, case.id)
        if link is None:
            raise NotFound(_("Saka peikar ikkje på nokon kostnadsfordeling."))
        s.delete(link)
        s.flush()
        uow.audit("cost_shares.unlink_case", "agenda_case", case.id, {})


def budget_for_case(ctx: Context, case_id: int) -> CostShareOut | None:
    """The calculation a budget case adopts, or None."""
    with ctx.reading() as s:
        link = s.get(BudgetCaseCostShares, case_id)
        if link is None:
            return None
        budget = s.get(CostShareBudget, link.budget_id)
        assert budget is not None
        return _stored_out(s, _require_budget(s, budget.budget_year))
