"""Shared pydantic building blocks for service inputs and outputs."""

from __future__ import annotations

import re
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from dvmeet.errors import InvalidInput
from dvmeet.i18n import _
from dvmeet.model_build import DEFER_BUILD

# C0 controls but tab, line feed and carriage return; DEL; C1 controls. NUL is refused by
# PostgreSQL, and spreadsheets and PDFs cannot carry any of them.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def refuse_control_characters(value: Any) -> None:
    """Raise ValueError (a secretary's message) when text in `value` holds a control
    character; looks into lists, tuples, sets and dict values."""
    if isinstance(value, str):
        found = _CONTROL.search(value)
        if found is not None:
            raise ValueError(
                _(
                    "inneheld eit usynleg kontrollteikn ({code}) som ikkje kan lagrast; "
                    "skriv teksten inn på nytt utan det"
                ).format(code=f"U+{ord(found.group()):04X}")
            )
    elif isinstance(value, (list, tuple, set, frozenset)):
        for item in value:
            refuse_control_characters(item)
    elif isinstance(value, dict):
        for item in value.values():
            refuse_control_characters(item)


class In(BaseModel):
    """Base for service inputs: strict about unknown fields, strips surrounding blanks,
    refuses control characters in text."""

    model_config = ConfigDict(
        extra="forbid", str_strip_whitespace=True, frozen=True, defer_build=DEFER_BUILD
    )

    @field_validator("*", mode="after")
    @classmethod
    def _no_control_characters(cls, value: Any) -> Any:
        refuse_control_characters(value)
        return value


class Out(BaseModel):
    model_config = ConfigDict(frozen=True, from_attributes=True, defer_build=DEFER_BUILD)


def field_names() -> dict[str, str]:
    """The secretary's word for each input field, in the interface language."""
    return {
        "name": _("namn"),
        "email": _("e-post"),
        "phone": _("telefon"),
        "municipality_number": _("kommunenummer"),
        "role": _("rolle"),
        "deputy_rank": _("vararang"),
        "valid_from": _("gjeld frå"),
        "valid_to": _("gjeld til"),
        "body_code": _("organ"),
        "gender": _("kjønn"),
        # Registry (dvmeet.services.registry)
        "code": _("kode"),
        "kind": _("type organ"),
        "seats": _("tal plassar"),
        "notice_days": _("frist for innkalling (dagar)"),
        "qualified_numerator": _("kvalifisert fleirtal (teljar)"),
        "qualified_denominator": _("kvalifisert fleirtal (nemnar)"),
        "case_prefix": _("prefiks for saknummer"),
        "title": _("tittel"),
        "person_id": _("person"),
        "electing_decision": _("vedtak"),
        "vote_weight": _("røystevekt"),
        "membership_id": _("medlemskap"),
        "reason": _("grunn"),
        "from_date": _("frå dato"),
        "number": _("kommunenummer"),
        "participant_from": _("deltakar frå"),
        "participant_to": _("deltakar til"),
        "legal_form": _("organisasjonsform"),
        "host_municipality_number": _("kontorkommune"),
        "agreement_reference": _("avtalereferanse"),
        "established": _("oppretta"),
        "municipality": _("kommune"),
        # Archive references (dvmeet.services.archive)
        "case_year": _("saksår"),
        "case_sequence": _("sekvensnummer"),
        "record_number": _("journalpostnummer"),
        "series": _("arkivdel"),
        "class_id": _("klasse"),
        # The cooperation's details (dvmeet.services.setup)
        "org_number": _("organisasjonsnummer"),
        "address": _("adresse"),
        "contact_name": _("kontaktperson i sekretariatet"),
        "contact_email": _("e-post til sekretariatet"),
        "contact_phone": _("telefon til sekretariatet"),
        "letterhead": _("brevhovud"),
        "logo": _("logo"),
    }


def explain_validation(exc: ValidationError) -> list[str]:
    """Turn pydantic errors into sentences a secretary understands (interface language)."""
    out = []
    names = field_names()
    for err in exc.errors():
        loc = ".".join(str(p) for p in err["loc"])
        field = names.get(loc, loc)
        msg = err.get("ctx", {}).get("error") if err["type"] == "value_error" else None
        if msg is not None:
            out.append(f"{field}: {msg}")
        elif err["type"] == "missing":
            out.append(_("{field}: må fyllast ut").format(field=field))
        elif err["type"] in ("date_from_datetime_parsing", "date_parsing", "date_type"):
            out.append(_("{field}: ugyldig dato (skriv til dømes 2025-01-01)").format(field=field))
        elif err["type"] in ("int_parsing", "int_type"):
            out.append(_("{field}: må vere eit heiltal").format(field=field))
        elif err["type"] == "enum":
            expected = err.get("ctx", {}).get("expected", "")
            out.append(
                _("{field}: ugyldig verdi (lovlege verdiar: {expected})").format(
                    field=field, expected=expected
                )
            )
        elif err["type"] == "string_too_short":
            out.append(_("{field}: må fyllast ut").format(field=field))
        elif err["type"] == "string_too_long":
            out.append(_("{field}: er for lang").format(field=field))
        elif err["type"] == "extra_forbidden":
            out.append(_("{field}: ukjent felt").format(field=field))
        else:
            out.append(f"{field}: {err['msg']}")
    return out


M = TypeVar("M", bound=BaseModel)


def validate(model: type[M], data: Any) -> M:
    """Validate raw data into a model, raising InvalidInput with the secretary's messages."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems = explain_validation(exc)
        raise InvalidInput("; ".join(problems), problems) from exc
