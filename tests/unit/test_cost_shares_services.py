"""Cost shares stored per budget year: participants from the decisions, recalculation,
change against last year, the budget case, exports (issue 8)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from pypdf import PdfReader
from snapshots import Rows, rows_of
from sqlalchemy import select

from dvmeet.db.models import (
    BudgetCaseCostShares,
    Case,
    CostShareBudget,
    CostShareLine,
    Meeting,
    Municipality,
)
from dvmeet.domain.cost_shares import Bound
from dvmeet.domain.enums import (
    AgreementOutcome,
    BodyKind,
    CaseKind,
    MeetingForm,
    MeetingKind,
)
from dvmeet.errors import FrozenRecord, InvalidInput, NotFound
from dvmeet.services import agreement, cost_shares
from dvmeet.services.agreement.models import DecisionIn
from dvmeet.services.context import Context
from dvmeet.services.cost_shares._cost_shares import CostSharesRefused
from dvmeet.services.cost_shares.models import (
    CostShareSettingsIn,
    LinkCaseIn,
    ParticipantSource,
    RecalculateIn,
)
from dvmeet.services.exports import cost_table_document, export_cost_table
from dvmeet.services.models import validate
from dvmeet.services.registry import create_body, list_municipalities, load_municipalities
from dvmeet.services.registry._io import find_body
from dvmeet.services.registry.models import BodyIn

BERGEN, ASKOY, SOLUND, STORD = "4601", "4627", "4636", "4614"
MILLION = 1_000_000


def snapshot(ctx: Context) -> Rows:
    return rows_of(ctx, CostShareBudget, CostShareLine, BudgetCaseCostShares)


@pytest.fixture
def numbers(ctx: Context) -> list[str]:
    load_municipalities(ctx)
    return [m.number for m in list_municipalities(ctx)]


def settings_in(year: int, **kw: Any) -> CostShareSettingsIn:
    data: dict[str, Any] = {
        "year": year,
        "total_budget": 20 * MILLION,
        "base_weight": 30,
        "population_weight": 70,
        "min_payment": 150_000,
        "max_payment": 3 * MILLION,
        "participant_source": ParticipantSource.AGREEMENT,
    }
    return CostShareSettingsIn(**(data | kw))


def decide(ctx: Context, numbers: list[str], declined: list[str]) -> None:
    for n in numbers:
        outcome = AgreementOutcome.DECLINE if n in declined else AgreementOutcome.JOIN
        agreement.record_decision(
            ctx, DecisionIn(number=n, decided_on=dt.date(2024, 10, 1), outcome=outcome)
        )


def test_shares_follow_the_decisions_and_compare_with_last_year(
    ctx: Context, numbers: list[str]
) -> None:
    last = cost_shares.save_budget(
        ctx, settings_in(2024, participant_source=ParticipantSource.LIST, participants=numbers)
    )
    assert last.participants == 43
    assert last.total == 20 * MILLION
    assert last.at_maximum == 1  # Bergen: 292 000 of about 650 000 inhabitants
    bergen = next(ln for ln in last.lines if ln.municipality_number == BERGEN)
    assert bergen.amount == 3 * MILLION and bergen.bound is Bound.MAXIMUM
    assert bergen.bound_word == "Maksimumsbeløp"
    assert last.last_year_total is None
    assert all(ln.change is None for ln in last.lines)

    decide(ctx, numbers, declined=[SOLUND, STORD, ASKOY])
    now = cost_shares.save_budget(ctx, settings_in(2025))
    assert now.participants == 40
    assert now.total == 20 * MILLION
    assert now.last_year_total == 20 * MILLION
    amounts = {ln.municipality_number: ln for ln in now.lines}
    # those that declined are listed with last year's amount only
    assert amounts[ASKOY].amount is None and amounts[ASKOY].last_year is not None
    assert [ln.municipality_number for ln in now.lines[-3:]] == [ASKOY, SOLUND, STORD]
    # everybody else pays more, the capped Bergen pays the same
    assert amounts[BERGEN].change == 0
    others = [ln for ln in now.lines[:-3] if ln.municipality_number != BERGEN]
    assert all(ln.change is not None and ln.change > 0 for ln in others)
    assert all(ln.change_percent is not None and ln.change_percent > 0 for ln in others)
    assert now.summary.startswith("40 deltakarar deler 20\u00a0000\u00a0000 kr; 1 betaler")
    assert [b.year for b in cost_shares.list_budgets(ctx)] == [2025, 2024]

    # Stord changes its mind: recalculate the year with the new participants
    agreement.record_decision(
        ctx,
        DecisionIn(number=STORD, decided_on=dt.date(2024, 11, 1), outcome=AgreementOutcome.JOIN),
    )
    re = cost_shares.recalculate(ctx, RecalculateIn(year=2025))
    assert re.added == [STORD] and re.removed == []
    assert re.result.participants == 41
    assert re.result.total == 20 * MILLION
    assert all(change < 0 for change in re.changed.values())  # the others pay less
    assert BERGEN not in re.changed
    assert cost_shares.get_budget(ctx, 2025) == re.result.model_copy(update={"rounds": None})


def test_infeasible_settings_are_refused_and_nothing_is_stored(
    ctx: Context, numbers: list[str]
) -> None:
    cost_shares.save_budget(
        ctx, settings_in(2024, participant_source=ParticipantSource.LIST, participants=numbers)
    )
    before = snapshot(ctx)
    with pytest.raises(CostSharesRefused, match=r"43 deltakarar × maksimum 400\u00a0000 kr"):
        cost_shares.save_budget(
            ctx,
            settings_in(
                2024,
                max_payment=400_000,
                participant_source=ParticipantSource.LIST,
                participants=numbers,
            ),
        )
    with pytest.raises(InvalidInput, match="Folketalet for Bergen må vere minst 1"):
        cost_shares.save_budget(
            ctx,
            settings_in(
                2024,
                participant_source=ParticipantSource.LIST,
                participants=numbers,
                populations={BERGEN: 0},
            ),
        )
    with pytest.raises(NotFound, match="2023"):
        cost_shares.save_budget(
            ctx, settings_in(2024, participant_source=ParticipantSource.LAST_YEAR)
        )
    with pytest.raises(CostSharesRefused, match="ingen deltakarar"):
        cost_shares.save_budget(ctx, settings_in(2025))  # nobody has decided to join yet
    with pytest.raises(InvalidInput, match="kan ikkje vere negativ"):
        validate(
            CostShareSettingsIn,
            {"year": 2025, "total_budget": -1, "base_weight": 1, "population_weight": 1},
        )
    with pytest.raises(InvalidInput, match="vel minst éin kommune"):
        validate(
            CostShareSettingsIn,
            {
                "year": 2025,
                "total_budget": 1,
                "base_weight": 1,
                "population_weight": 1,
                "participant_source": "list",
            },
        )
    assert snapshot(ctx) == before


def test_preview_writes_nothing(ctx: Context, numbers: list[str]) -> None:
    before = snapshot(ctx)
    out = cost_shares.preview(
        ctx,
        settings_in(2026, participant_source=ParticipantSource.LIST, participants=numbers[:10]),
    )
    assert not out.saved and out.total == 20 * MILLION and out.rounds is not None
    assert snapshot(ctx) == before


def _meeting_case(ctx: Context) -> int:
    create_body(ctx, BodyIn(code="RS", name="Representantskapet", kind=BodyKind.ELECTED, seats=43))
    with ctx.unit_of_work() as uow:
        s = uow.session
        body = find_body(s, "RS")
        assert body is not None
        meeting = Meeting(
            body_id=body.id,
            kind=MeetingKind.ORDINARY,
            date=dt.date(2025, 3, 1),
            start_time=dt.time(10),
            place="Bergen",
            form=MeetingForm.FYSISK,
        )
        s.add(meeting)
        s.flush()
        case = Case(
            meeting_id=meeting.id,
            body_id=body.id,
            year=2025,
            number=5,
            kind=CaseKind.PS,
            title="Budsjett 2025 og kostnadsfordeling",
            position=5,
        )
        s.add(case)
        s.flush()
        return case.id


def test_budget_case_adopts_a_calculation_and_locks_it(ctx: Context, numbers: list[str]) -> None:
    cost_shares.save_budget(
        ctx, settings_in(2025, participant_source=ParticipantSource.LIST, participants=numbers)
    )
    case_id = _meeting_case(ctx)
    assert cost_shares.budget_for_case(ctx, case_id) is None
    linked = cost_shares.link_budget_case(ctx, LinkCaseIn(case_id=case_id, year=2025))
    assert linked.case_ids == [case_id] and not linked.locked
    adopted = cost_shares.budget_for_case(ctx, case_id)
    assert adopted is not None and adopted.year == 2025
    with pytest.raises(FrozenRecord, match="knytt til ei budsjettsak"):
        cost_shares.delete_budget(ctx, 2025)

    with ctx.unit_of_work() as uow:  # the minutes are approved: the meeting is frozen
        meeting = uow.session.scalar(select(Meeting))
        assert meeting is not None
        meeting.frozen = True
    assert cost_shares.get_budget(ctx, 2025).locked
    before = snapshot(ctx)
    with pytest.raises(FrozenRecord, match="godkjend"):
        cost_shares.save_budget(
            ctx,
            settings_in(
                2025,
                total_budget=1,
                participant_source=ParticipantSource.LIST,
                participants=numbers,
            ),
        )
    with pytest.raises(FrozenRecord):
        cost_shares.recalculate(
            ctx, RecalculateIn(year=2025, participant_source=ParticipantSource.REGISTRY)
        )
    with pytest.raises(FrozenRecord):
        cost_shares.unlink_budget_case(ctx, case_id)
    assert snapshot(ctx) == before


def test_cost_table_xlsx_and_pdf(ctx: Context, numbers: list[str], tmp_path: Path) -> None:
    cost_shares.save_budget(
        ctx, settings_in(2024, participant_source=ParticipantSource.LIST, participants=numbers)
    )
    decide(ctx, numbers, declined=[SOLUND, STORD, ASKOY])
    with ctx.unit_of_work() as uow:
        muni = uow.session.scalar(select(Municipality).where(Municipality.number == BERGEN))
        assert muni is not None
        muni.name = "=Bergen"  # formula-looking text stays text
    cost_shares.save_budget(ctx, settings_in(2025, note="Vedteke i styringsgruppa."))
    doc = cost_table_document(ctx, 2025)
    assert len(doc.rows) == 43 and doc.total_row[4] == "20\u00a0000\u00a0000"

    path = tmp_path / "kostnad.xlsx"
    out = export_cost_table(ctx, 2025, path)
    assert out.rows == 43
    ws = openpyxl.load_workbook(path).active
    assert ws is not None
    values = [c.value for row in ws.iter_rows() for c in row]
    assert "=Bergen" in values
    assert all(c.data_type != "f" for row in ws.iter_rows() for c in row)
    amounts = [r[4].value for r in ws.iter_rows(min_row=2) if isinstance(r[4].value, int)]
    assert sum(amounts[:-1]) == amounts[-1] == 20 * MILLION  # the last row is the total

    assert export_cost_table(ctx, 2025, tmp_path / "k.pdf").rows == 43
    text = "".join(page.extract_text() for page in PdfReader(tmp_path / "k.pdf").pages)
    assert "Kostnadsfordeling 2025" in text
    assert "=Bergen" in text
    assert "Side 1 av" in text
