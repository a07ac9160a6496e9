"""The models of the set-up: presets by legal form (read from resources/presets/*.toml)
and the cooperation's details printed on every document."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from dvmeet.domain import orgnr
from dvmeet.domain.enums import BodyKind, LegalForm
from dvmeet.i18n import _
from dvmeet.services.models import In, Out
from dvmeet.services.registry.models import BodyCode, Email, MunicipalityNumber, Name, Phone

# --- Presets --------------------------------------------------------------------------------


class _PresetPart(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class PresetBody(_PresetPart):
    """One body a preset creates. Seats are either fixed (`seats`) or a number per
    participating municipality (`seats_per_municipality`), never both."""

    code: BodyCode
    name: Name
    kind: BodyKind
    seats: Annotated[int, Field(ge=1)] | None = None
    seats_per_municipality: Annotated[int, Field(ge=1)] | None = None
    notice_days: Annotated[int, Field(ge=0)] = 14
    remote_allowed: bool = True
    qualified_numerator: Annotated[int, Field(ge=1)] = 2
    qualified_denominator: Annotated[int, Field(ge=1)] = 3
    case_prefix: Annotated[str, Field(max_length=16)] = ""
    reference: Annotated[str, Field(min_length=1)]  # the law that sets the body up
    note: str = ""
    note_nb: str = ""

    @model_validator(mode="after")
    def _seats_one_way(self) -> PresetBody:
        if (self.seats is None) == (self.seats_per_municipality is None):
            raise ValueError(_("eit organ skal ha anten «seats» eller «seats_per_municipality»"))
        if self.qualified_denominator < self.qualified_numerator:
            raise ValueError(_("kvalifisert fleirtal kan ikkje vere meir enn heile organet"))
        return self


class Preset(_PresetPart):
    """A preset file: a legal form with its legal references and the bodies it sets up."""

    key: Annotated[str, Field(pattern=r"^[a-z_]{2,40}$")]
    order: int = 100
    legal_form: LegalForm
    name: Annotated[str, Field(min_length=1)]
    name_nb: Annotated[str, Field(min_length=1)]
    description: Annotated[str, Field(min_length=1)]
    description_nb: Annotated[str, Field(min_length=1)]
    references: list[Annotated[str, Field(min_length=1)]]
    bodies: list[PresetBody] = []

    @model_validator(mode="after")
    def _unique_codes(self) -> Preset:
        codes = [b.code for b in self.bodies]
        if len(codes) != len(set(codes)):
            raise ValueError(_("to organ har same kode"))
        return self


class PresetOut(Out):
    """A preset as the interface shows it, in the interface language."""

    key: str
    legal_form: LegalForm
    name: str
    description: str
    references: list[str]
    bodies: list[PresetBody]


class ApplyPresetIn(In):
    key: Annotated[str, Field(min_length=1, max_length=40)]


class AppliedPresetOut(Out):
    key: str
    legal_form: LegalForm
    created: list[str]  # the codes of the bodies made
    participants: int  # the participating municipalities the seats were counted from


# --- The cooperation's details -------------------------------------------------------------

LOGO_MAX_BYTES = 512 * 1024
LOGO_MAX_PIXELS = 4000  # the longer side
LOGO_TYPES = ("image/png", "image/jpeg")


def _org_number(value: str | None) -> str | None:
    if value is None:
        return None
    digits = orgnr.normalise(value)
    if not digits:
        return None
    if len(digits) != 9 or not digits.isascii() or not digits.isdigit():
        raise ValueError(_("må vere ni siffer, til dømes 974 760 673"))
    if not orgnr.is_valid(digits):
        # short enough for one line under the field
        raise ValueError(_("feil kontrollsiffer; sjekk nummeret i Einingsregisteret"))
    return digits


def _optional(value: str | None) -> str | None:
    return value or None


OrgNumber = Annotated[str | None, AfterValidator(_org_number)]
Address = Annotated[str | None, Field(max_length=300), AfterValidator(_optional)]
Letterhead = Annotated[str | None, Field(max_length=500), AfterValidator(_optional)]


class CooperationDetailsIn(In):
    """The details printed on every document. `logo` is the file's bytes (PNG or JPEG);
    `keep_logo` keeps the stored one when no new file is given."""

    org_number: OrgNumber = None
    address: Address = None
    contact_name: Annotated[str | None, Field(max_length=200), AfterValidator(_optional)] = None
    contact_email: Email = None
    contact_phone: Phone = None
    letterhead: Letterhead = None
    logo: bytes | None = None
    keep_logo: bool = True
    # The version of the cooperation the change is based on; a stale one is refused.
    expected_version: int | None = None


class CooperationDetailsOut(Out):
    name: str
    org_number: str | None
    address: str | None
    contact_name: str | None
    contact_email: str | None
    contact_phone: str | None
    letterhead: str | None
    logo: bytes | None
    logo_type: str | None
    version: int


# --- The first-run guide -------------------------------------------------------------------


class SetupStatusOut(Out):
    """How far the set-up has come, for the guide's steps."""

    cooperation: str | None  # its name; None: not recorded
    legal_form: LegalForm | None = None
    org_number: str | None
    participants: int  # municipalities participating today or later
    bodies: list[str]  # codes
    memberships: int
    meetings: int


class NewMunicipalityIn(In):
    """A municipality outside the shipped list (another county, a new merger)."""

    number: MunicipalityNumber
    name: Name
    population: Annotated[int, Field(ge=0)] | None = None
