"""Shared pydantic building blocks for service inputs and outputs."""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError

from dvmeet.errors import InvalidInput


class In(BaseModel):
    """Base for service inputs: strict about unknown fields, strips surrounding blanks."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


class Out(BaseModel):
    model_config = ConfigDict(frozen=True, from_attributes=True)


_FIELD_NAMES_NN: dict[str, str] = {
    "name": "namn",
    "email": "e-post",
    "phone": "telefon",
    "municipality_number": "kommunenummer",
    "role": "rolle",
    "deputy_rank": "vararang",
    "valid_from": "gjeld frå",
    "valid_to": "gjeld til",
    "body_code": "organ",
    "gender": "kjønn",
    # Registry (dvmeet.services.registry)
    "code": "kode",
    "kind": "type organ",
    "seats": "tal plassar",
    "notice_days": "frist for innkalling (dagar)",
    "qualified_numerator": "kvalifisert fleirtal (teljar)",
    "qualified_denominator": "kvalifisert fleirtal (nemnar)",
    "case_prefix": "prefiks for saknummer",
    "title": "tittel",
    "person_id": "person",
    "electing_decision": "vedtak",
    "vote_weight": "røystevekt",
    "membership_id": "medlemskap",
    "reason": "grunn",
    "from_date": "frå dato",
    "number": "kommunenummer",
    "participant_from": "deltakar frå",
    "participant_to": "deltakar til",
    "legal_form": "organisasjonsform",
    "host_municipality_number": "kontorkommune",
    "agreement_reference": "avtalereferanse",
    "established": "oppretta",
    "municipality": "kommune",
}


def explain_validation(exc: ValidationError) -> list[str]:
    """Turn pydantic errors into sentences a secretary understands (nynorsk)."""
    out = []
    for err in exc.errors():
        loc = ".".join(str(p) for p in err["loc"])
        field = _FIELD_NAMES_NN.get(loc, loc)
        msg = err.get("ctx", {}).get("error") if err["type"] == "value_error" else None
        if msg is not None:
            out.append(f"{field}: {msg}")
        elif err["type"] == "missing":
            out.append(f"{field}: må fyllast ut")
        elif err["type"] in ("date_from_datetime_parsing", "date_parsing", "date_type"):
            out.append(f"{field}: ugyldig dato (skriv til dømes 2025-01-01)")
        elif err["type"] in ("int_parsing", "int_type"):
            out.append(f"{field}: må vere eit heiltal")
        elif err["type"] == "enum":
            expected = err.get("ctx", {}).get("expected", "")
            out.append(f"{field}: ugyldig verdi (lovlege verdiar: {expected})")
        elif err["type"] == "string_too_short":
            out.append(f"{field}: må fyllast ut")
        elif err["type"] == "string_too_long":
            out.append(f"{field}: er for lang")
        elif err["type"] == "extra_forbidden":
            out.append(f"{field}: ukjent felt")
        else:
            out.append(f"{field}: {err['msg']}")
    return out


M = TypeVar("M", bound=BaseModel)


def validate(model: type[M], data: Any) -> M:
    """Validate raw data into a model, raising InvalidInput with nynorsk messages."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems = explain_validation(exc)
        raise InvalidInput("; ".join(problems), problems) from exc
