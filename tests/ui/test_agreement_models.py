"""The Avtale view's table models pass Qt's model tester, with real service data."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester

from dvmeet.domain.agreement import MilestoneState
from dvmeet.domain.enums import AgreementOutcome
from dvmeet.services import agreement, cost_shares
from dvmeet.services.agreement.models import (
    DecisionIn,
    FeedbackIn,
    OverviewIn,
    StartProcessIn,
)
from dvmeet.services.context import open_context
from dvmeet.services.cost_shares.models import CostShareSettingsIn, ParticipantSource
from dvmeet.services.maintenance import fill_demo
from ui.agreement.dialogs import milestone_columns
from ui.agreement.models import STATE_ROLE, OverviewModel, cost_columns
from ui.state import AppState
from ui.table import ROW_ROLE, RowsModel, SortProxy

pytestmark = pytest.mark.ui


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Demo data without the agreement process: these tests start one themselves."""
    path = tmp_path_factory.mktemp("demo_no_process") / "demo.sqlite"
    ctx = open_context(path)
    fill_demo(ctx, years=1, agreement=False)
    ctx.close()
    return path


def _prepare(state: AppState) -> None:
    ctx = state.ctx
    assert ctx is not None
    agreement.start_process(ctx, StartProcessIn(year=2024, body_code="RS"))
    agreement.record_feedback(
        ctx, FeedbackIn(number="4601", received_on=dt.date(2024, 6, 20), summary="Ja.")
    )
    agreement.record_decision(
        ctx,
        DecisionIn(
            number="4613", decided_on=dt.date(2024, 10, 1), outcome=AgreementOutcome.DECLINE
        ),
    )


def test_overview_model(qtmodeltester: ModelTester, state: AppState) -> None:
    _prepare(state)
    assert state.ctx is not None
    ov = agreement.overview(state.ctx, OverviewIn(today=dt.date(2024, 11, 12)))
    model = OverviewModel()
    qtmodeltester.check(model)
    model.set_rows(ov.rows, ov.process.milestones)
    qtmodeltester.check(model)
    assert model.rowCount() == 43
    assert model.columnCount() == 2 + 3 + 2
    proxy = SortProxy(model)
    proxy.sort(3, Qt.SortOrder.AscendingOrder)
    qtmodeltester.check(proxy)
    # Bergen's feedback is done, with a colour, a symbol and a word
    bergen = next(r for r in range(43) if model.index(r, 0).data() == "4601")
    cell = model.index(bergen, 2)
    assert cell.data(STATE_ROLE) == MilestoneState.DONE
    assert cell.data().startswith("✓ 20.06.2024")
    assert cell.data(Qt.ItemDataRole.BackgroundRole) is not None
    assert "Frist" in cell.data(Qt.ItemDataRole.ToolTipRole)
    bomlo = next(r for r in range(43) if model.index(r, 0).data() == "4613")
    assert model.index(bomlo, 4).data(STATE_ROLE) == MilestoneState.NOT_APPLICABLE
    assert model.index(bomlo, 5).data() == "Takka nei"
    assert model.index(bomlo, 0).data(ROW_ROLE).status.municipality_name == "Bømlo"
    assert "Tilbakemelding" in model.headerData(2, Qt.Orientation.Horizontal)


def test_cost_and_milestone_models(qtmodeltester: ModelTester, state: AppState) -> None:
    assert state.ctx is not None
    out = cost_shares.preview(
        state.ctx,
        CostShareSettingsIn(
            year=2027,
            total_budget=9_000_000,
            base_weight=30,
            population_weight=70,
            max_payment=1_000_000,
            participant_source=ParticipantSource.AGREEMENT_NOT_DECLINED,
        ),
    )
    costs: RowsModel[object] = RowsModel(cost_columns())
    costs.set_rows(out.lines)
    qtmodeltester.check(costs)
    amounts = [costs.index(r, 3).data() for r in range(costs.rowCount())]
    assert all(a.endswith(" kr") for a in amounts)
    assert any(costs.index(r, 4).data() for r in range(costs.rowCount()))  # a cap binds
    qtmodeltester.check(SortProxy(costs))

    process = agreement.start_process(state.ctx, StartProcessIn(year=2024))
    milestones: RowsModel[object] = RowsModel(milestone_columns())
    milestones.set_rows(process.milestones)
    qtmodeltester.check(milestones)
    assert milestones.rowCount() == 9
