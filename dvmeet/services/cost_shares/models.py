"""Pydantic inputs and outputs of the cost-share services (dvmeet.services.cost_shares)."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated

from pydantic import AfterValidator, Field, model_validator

from dvmeet.domain.cost_shares import Bound
from dvmeet.i18n import _
from dvmeet.services.models import In, Out
from dvmeet.services.registry.models import MunicipalityNumber


class ParticipantSource(StrEnum):
    AGREEMENT = "agreement"  # municipalities whose council decided to join
    AGREEMENT_NOT_DECLINED = "agreement_not_declined"  # joined, or no final decision yet
    REGISTRY = "registry"  # participants in the registry on 1 January of the budget year
    LAST_YEAR = "last_year"  # the participants of the previous budget year
    LIST = "list"  # the numbers given in `participants`


def _non_negative(value: int) -> int:
    if value < 0:
        raise ValueError(_("kan ikkje vere negativ"))
    return value


Kroner = Annotated[int, AfterValidator(_non_negative)]


class CostShareSettingsIn(In):
    year: Annotated[int, Field(ge=2000, le=2100)]
    total_budget: Kroner
    base_weight: Kroner  # e.g. 30 (30 % of the budget shared equally)
    population_weight: Kroner  # e.g. 70 (70 % by population)
    min_payment: Kroner = 0
    max_payment: Kroner | None = None
    participant_source: ParticipantSource = ParticipantSource.AGREEMENT
    participants: list[MunicipalityNumber] | None = None  # used with source LIST
    populations: dict[str, int] = Field(default_factory=dict)  # overrides per number
    note: Annotated[str | None, Field(max_length=5000)] = None
    # save_budget: the version of the year's stored calculation the settings were edited
    # from (CostShareOut.version; 0: none stored); a stale one is refused (ChangedElsewhere)
    expected_version: int | None = None

    @model_validator(mode="after")
    def _list_given(self) -> CostShareSettingsIn:
        if self.participant_source is ParticipantSource.LIST and not self.participants:
            raise ValueError(_("deltakarar: vel minst éin kommune"))
        return self


class RecalculateIn(In):
    """Recalculate a stored year with new participants, keeping its other settings."""

    year: int
    participant_source: ParticipantSource = ParticipantSource.AGREEMENT
    participants: list[MunicipalityNumber] | None = None
    # the version of the stored calculation (CostShareOut.version); stale: refused
    expected_version: int | None = None


class LinkCaseIn(In):
    case_id: int
    year: int


class CostShareLineOut(Out):
    municipality_number: str
    municipality_name: str
    population: int | None  # None: not a participant this year (listed for last year)
    model_amount: int | None  # base + population share before caps
    amount: int | None  # None: not a participant this year
    bound: Bound | None
    bound_word: str | None
    last_year: int | None
    change: int | None
    change_percent: float | None


class CostShareOut(Out):
    year: int
    total_budget: int
    base_weight: int
    population_weight: int
    min_payment: int
    max_payment: int | None
    note: str | None
    saved: bool  # False: a preview
    calculated_at: dt.datetime | None
    participants: int
    lines: list[CostShareLineOut]  # participants first (Norwegian order), then last year's
    total: int  # sum of the amounts: always total_budget
    at_minimum: int
    at_maximum: int
    last_year_total: int | None
    rounds: int | None  # redistribution rounds (previews and recalculations)
    case_ids: list[int]  # budget cases that point at this calculation
    locked: bool  # a linked case's minutes are approved
    summary: str
    version: int = 0  # the stored calculation's version (0: not stored, a preview)


class RecalculationOut(Out):
    result: CostShareOut
    added: list[str]  # municipality numbers
    removed: list[str]
    changed: dict[str, int]  # number -> change in kroner against the stored calculation
