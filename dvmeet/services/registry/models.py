"""Pydantic inputs and outputs of the registry services (rules R-1 to R-4)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated

from pydantic import AfterValidator, Field, ValidationInfo, field_validator

from dvmeet.domain.enums import (
    BodyKind,
    CouncilKind,
    Gender,
    LegalForm,
    MembershipEnd,
    Role,
    SeatOrder,
)
from dvmeet.domain.labels import label
from dvmeet.i18n import _
from dvmeet.services.models import In, Out

TERM_YEARS = 4  # default term

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")
_PHONE = re.compile(r"^\+?[0-9][0-9 ().-]{3,30}$")
_BODY_CODE = re.compile(r"^[A-ZÆØÅ0-9_-]{1,16}$")


def role_word(role: Role) -> str:
    """The role as a word in a sentence, in the interface language ("leiar")."""
    return label(role, "in_sentence")


def _municipality_number(value: str) -> str:
    if not re.fullmatch(r"\d{4}", value):
        raise ValueError(_("må vere fire siffer, til dømes 4601"))
    return value


def _non_empty(value: str) -> str:
    if not value:
        raise ValueError(_("må fyllast ut"))
    return value


def _email(value: str | None) -> str | None:
    if value is None or value == "":
        return None
    if not _EMAIL.fullmatch(value):
        raise ValueError(_("«{value}» er ikkje ei gyldig e-postadresse").format(value=value))
    return value


def _phone(value: str | None) -> str | None:
    if value is None or value == "":
        return None
    if not _PHONE.fullmatch(value):
        raise ValueError(_("«{value}» er ikkje eit gyldig telefonnummer").format(value=value))
    return value


def _body_code(value: str) -> str:
    code = value.upper()
    if not _BODY_CODE.fullmatch(code):
        raise ValueError(_("må vere 1–16 store bokstavar eller siffer, til dømes RS"))
    return code


def _at_least(minimum: int) -> AfterValidator:
    def check(value: int) -> int:
        if value < minimum:
            raise ValueError(_("må vere minst {minimum}").format(minimum=minimum))
        return value

    return AfterValidator(check)


def _optional_text(value: str | None) -> str | None:
    return value or None


MunicipalityNumber = Annotated[str, AfterValidator(_municipality_number)]
Name = Annotated[str, Field(max_length=200), AfterValidator(_non_empty)]
Email = Annotated[str | None, Field(max_length=254), AfterValidator(_email)]
Phone = Annotated[str | None, Field(max_length=40), AfterValidator(_phone)]
OptText = Annotated[str | None, Field(max_length=200), AfterValidator(_optional_text)]
BodyCode = Annotated[str, AfterValidator(_body_code)]


def default_term_end(valid_from: dt.date) -> dt.date:
    """Last day of a term of TERM_YEARS years starting on valid_from (R-2)."""
    try:
        end = valid_from.replace(year=valid_from.year + TERM_YEARS)
    except ValueError:  # 29 February into a year without it
        end = dt.date(valid_from.year + TERM_YEARS, 3, 1)
    return end - dt.timedelta(days=1)


# --- Municipalities and the cooperation ---------------------------------------------------


# The columns of a member file, for import and export alike (dvmeet registry import/export).
MEMBER_COLUMNS = (
    "namn",
    "e-post",
    "telefon",
    "kommunenummer",
    "organ",
    "rolle",
    "vararang",
    "frå",
    "til",
    "vedtak",
    "kjønn",
)


class LoadResult(Out):
    created: int
    updated: int
    unchanged: int


class MunicipalityOut(Out):
    number: str
    name: str
    population: int | None
    council: CouncilKind
    participant_from: dt.date | None
    participant_to: dt.date | None
    version: int = 1  # send it back as ParticipationIn.expected_version


class ParticipationIn(In):
    number: MunicipalityNumber
    participant_from: dt.date | None = None
    participant_to: dt.date | None = Field(default=None, validate_default=True)
    # The municipality's version the change is based on; a stale one is refused.
    expected_version: int | None = None

    @field_validator("participant_to")
    @classmethod
    def _after_start(cls, value: dt.date | None, info: ValidationInfo) -> dt.date | None:
        start = info.data.get("participant_from")
        if value is not None and start is not None and value < start:
            raise ValueError(_("kan ikkje vere før deltakinga tek til"))
        return value


class ParticipationManyIn(In):
    """Participation for several municipalities at once: all of them or none."""

    numbers: Annotated[list[MunicipalityNumber], Field(min_length=1)]
    participant_from: dt.date | None = None
    participant_to: dt.date | None = Field(default=None, validate_default=True)
    # Each municipality's version the change is based on (number: version); a stale one
    # refuses the whole call.
    expected_versions: dict[str, int] | None = None

    @field_validator("numbers")
    @classmethod
    def _distinct(cls, value: list[str]) -> list[str]:
        seen: set[str] = set()
        for number in value:
            if number in seen:
                raise ValueError(_("kommunenummeret {number} står to gonger").format(number=number))
            seen.add(number)
        return value

    @field_validator("participant_to")
    @classmethod
    def _after_start(cls, value: dt.date | None, info: ValidationInfo) -> dt.date | None:
        start = info.data.get("participant_from")
        if value is not None and start is not None and value < start:
            raise ValueError(_("kan ikkje vere før deltakinga tek til"))
        return value


class CooperationIn(In):
    name: Name
    legal_form: LegalForm
    host_municipality_number: MunicipalityNumber | None = None
    agreement_reference: OptText = None
    established: dt.date | None = None
    # The version the change is based on (0: no cooperation was recorded); a stale one is
    # refused (ChangedElsewhere).
    expected_version: int | None = None


class CooperationOut(Out):
    name: str
    legal_form: LegalForm
    host_municipality_number: str | None
    host_municipality_name: str | None
    agreement_reference: str | None
    established: dt.date | None
    version: int = 1


# --- Bodies -------------------------------------------------------------------------------


class BodyIn(In):
    code: BodyCode
    name: Name
    kind: BodyKind
    seats: Annotated[int, _at_least(0)]
    notice_days: Annotated[int, _at_least(0)] = 14
    remote_allowed: bool = True
    qualified_numerator: Annotated[int, _at_least(1)] = 2
    qualified_denominator: Annotated[int, _at_least(1)] = Field(default=3, validate_default=True)
    weighted_votes: bool = False
    case_prefix: Annotated[str, Field(max_length=16)] = ""
    # the order of the seats in the console's roll call and vote grid (issue 17);
    # seat_places: the municipality numbers in the body's own order (SeatOrder.CUSTOM)
    seat_order: SeatOrder = SeatOrder.MUNICIPALITY_NUMBER
    seat_places: list[MunicipalityNumber] = []

    @field_validator("qualified_denominator")
    @classmethod
    def _fraction(cls, value: int, info: ValidationInfo) -> int:
        numerator = info.data.get("qualified_numerator")
        if numerator is not None and value < numerator:
            raise ValueError(_("kvalifisert fleirtal kan ikkje vere meir enn heile organet"))
        return value


class BodyUpdate(In):
    """Changes to a body found by code; only the fields given are changed."""

    code: BodyCode
    name: Name | None = None
    kind: BodyKind | None = None
    seats: Annotated[int, _at_least(0)] | None = None
    notice_days: Annotated[int, _at_least(0)] | None = None
    remote_allowed: bool | None = None
    qualified_numerator: Annotated[int, _at_least(1)] | None = None
    qualified_denominator: Annotated[int, _at_least(1)] | None = None
    weighted_votes: bool | None = None
    case_prefix: Annotated[str, Field(max_length=16)] | None = None
    seat_order: SeatOrder | None = None
    seat_places: list[MunicipalityNumber] | None = None
    # The version the change is based on; a stale one is refused (ChangedElsewhere).
    expected_version: int | None = None


def seat_places_list(value: object) -> object:
    """body.seat_places is stored as the numbers joined by commas."""
    if isinstance(value, str):
        return [n for n in value.split(",") if n]
    return value


class BodyOut(Out):
    id: int
    code: str
    name: str
    kind: BodyKind
    seats: int
    notice_days: int
    remote_allowed: bool
    qualified_numerator: int
    qualified_denominator: int
    weighted_votes: bool
    case_prefix: str
    retired_on: dt.date | None = None  # the last day of a retired body
    seat_order: SeatOrder = SeatOrder.MUNICIPALITY_NUMBER
    seat_places: list[str] = []
    version: int = 1

    _places = field_validator("seat_places", mode="before")(seat_places_list)


class RetireBodyIn(In):
    """Retire a body from a day on (its last day), or take it into use again (None)."""

    code: BodyCode
    retired_on: dt.date | None
    # The version the change is based on; a stale one is refused (ChangedElsewhere).
    expected_version: int | None = None


# --- Persons ------------------------------------------------------------------------------


class PersonIn(In):
    name: Name
    email: Email = None
    phone: Phone = None
    municipality_number: MunicipalityNumber | None = None
    gender: Gender | None = None
    title: OptText = None


class PersonUpdate(In):
    """Changes to a person; only the fields given are changed (give None to clear one)."""

    id: int
    name: Name | None = None
    email: Email = None
    phone: Phone = None
    municipality_number: MunicipalityNumber | None = None
    gender: Gender | None = None
    title: OptText = None
    # The version the change is based on; a stale one is refused (ChangedElsewhere).
    expected_version: int | None = None


class PersonOut(Out):
    id: int
    name: str
    email: str | None
    phone: str | None
    municipality_number: str | None
    municipality_name: str | None
    gender: Gender | None
    title: str | None
    version: int = 1


# --- Memberships --------------------------------------------------------------------------


class MembershipIn(In):
    person_id: int
    body_code: BodyCode
    municipality_number: MunicipalityNumber
    role: Role
    deputy_rank: int | None = Field(default=None, validate_default=True)
    valid_from: dt.date
    valid_to: dt.date | None = Field(default=None, validate_default=True)
    electing_decision: OptText = None
    vote_weight: Annotated[int, _at_least(1)] = 1

    @field_validator("deputy_rank")
    @classmethod
    def _rank_for_deputies(cls, value: int | None, info: ValidationInfo) -> int | None:
        return check_deputy_rank(info.data.get("role"), value)

    @field_validator("valid_to")
    @classmethod
    def _term_end(cls, value: dt.date | None, info: ValidationInfo) -> dt.date | None:
        return check_term_end(info.data.get("valid_from"), value)


def check_deputy_rank(role: Role | None, rank: int | None) -> int | None:
    """R-1: deputies (and only deputies) have a rank, starting at 1."""
    if role is Role.VARAMEDLEM and rank is None:
        raise ValueError(_("må fyllast ut for varamedlemer (1 for første varamedlem)"))
    if role is not None and role is not Role.VARAMEDLEM and rank is not None:
        raise ValueError(
            _("skal berre fyllast ut for varamedlemer, ikkje for {role}").format(
                role=role_word(role)
            )
        )
    if rank is not None and rank < 1:
        raise ValueError(_("må vere 1 eller meir"))
    return rank


def check_term_end(start: dt.date | None, end: dt.date | None) -> dt.date | None:
    """R-2: a term ends after it starts; without an end it runs the default four years."""
    if start is None:
        return end
    if end is None:
        return default_term_end(start)
    if end < start:
        raise ValueError(_("kan ikkje vere før perioden tek til"))
    return end


class MembershipOut(Out):
    id: int
    person_id: int
    person_name: str
    body_code: str
    municipality_number: str
    municipality_name: str
    role: Role
    deputy_rank: int | None
    valid_from: dt.date
    valid_to: dt.date | None
    electing_decision: str | None
    ended_reason: MembershipEnd | None
    vote_weight: int
    version: int = 1  # for ReorderDeputiesIn.expected_versions


class EndMembershipIn(In):
    membership_id: int
    valid_to: dt.date
    reason: MembershipEnd


class ReleaseIn(In):
    """Fritak (R-3): the member leaves from from_date; the deputies move up."""

    membership_id: int
    from_date: dt.date
    electing_decision: OptText = None


class ReorderDeputiesIn(In):
    body_code: BodyCode
    municipality_number: MunicipalityNumber
    person_ids_in_new_order: list[int]
    from_date: dt.date
    electing_decision: OptText = None
    # The deputies' terms the new order is based on (membership id -> version, as the
    # seat showed them); a seat changed since is refused (ChangedElsewhere).
    expected_versions: dict[int, int] | None = None


class UndoReorderIn(In):
    """Take back a reordering just made (undo): the terms it began are voided as entered by
    mistake, and the terms it ended run on as before. Refused if the seat changed since."""

    body_code: BodyCode
    municipality_number: MunicipalityNumber
    from_date: dt.date
    ended_ids: list[int]  # ChangeResult.ended of the reordering
    created_ids: list[int]  # ChangeResult.created of the reordering


class ChangeResult(Out):
    """What a release or reordering changed: terms ended and terms begun (history kept)."""

    ended: list[MembershipOut]
    created: list[MembershipOut]
    notes: list[str] = []


class SeatOut(Out):
    """One municipality's seat(s) in a body on a day: member(s) and ranked deputies."""

    municipality_number: str
    municipality_name: str
    members: list[MembershipOut]
    deputies: list[MembershipOut]

    @property
    def vacant(self) -> bool:
        return not self.members


class GenderBalanceOut(Out):
    """R-4 (koml. §§ 7-5, 7-6): counts per gender, for information only.

    Keys are the Gender values plus "ukjent" for persons without a registered gender."""

    body_code: str
    on_date: dt.date
    members: dict[str, int]
    deputies: dict[str, int]


# --- What the Register tabs show in one go (registry.seats_view, registry.persons_view) ---


class SeatsViewIn(In):
    body_code: str
    on_date: dt.date
    person_id: int | None = None  # whose history to show beside the seats


class SeatsView(Out):
    """The seats of a body on a day, its gender balance (R-4) and one person's terms."""

    seats: list[SeatOut]
    balance: GenderBalanceOut
    person_id: int | None
    history: list[MembershipOut]  # empty without a person (or when the person is gone)


class PersonsViewIn(In):
    query: str = ""
    limit: int = 50
    person_id: int | None = None


class PersonsView(Out):
    """The persons found, and one person's terms."""

    persons: list[PersonOut]
    person_id: int | None
    history: list[MembershipOut]
