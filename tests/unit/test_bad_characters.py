"""Control characters and NUL are refused where text comes in (forms through the service
inputs, the member import), with the field (and row) named, on SQLite and PostgreSQL
alike, and the database is left as it was. Tabs and line breaks stay allowed."""

from __future__ import annotations

from pathlib import Path

import pytest
from snapshots import rows_of

from dvmeet.db.models import Body, Membership, Person
from dvmeet.domain.enums import BodyKind
from dvmeet.errors import ImportRejected, InvalidInput
from dvmeet.services.context import Context
from dvmeet.services.models import refuse_control_characters, validate
from dvmeet.services.registry import create_body, create_person, import_members, load_municipalities
from dvmeet.services.registry.models import BodyIn, PersonIn

HEADER = "namn;e-post;telefon;kommunenummer;organ;rolle;vararang;frå;til;vedtak;kjønn"


@pytest.mark.parametrize(
    ("bad", "code"),
    [
        ("\x00", "U+0000"),
        ("\x07", "U+0007"),
        ("\x1b", "U+001B"),
        ("\x7f", "U+007F"),
        ("\x85", "U+0085"),
    ],
)
def test_a_control_character_in_a_form_is_refused_with_the_field_named(
    ctx: Context, bad: str, code: str
) -> None:
    before = rows_of(ctx, Person)
    with pytest.raises(InvalidInput) as info:
        create_person(ctx, validate(PersonIn, {"name": f"Kari{bad}Nordmann"}))
    assert str(info.value).startswith("namn: inneheld eit usynleg kontrollteikn")
    assert code in str(info.value)
    assert rows_of(ctx, Person) == before


def test_tabs_and_line_breaks_are_text_not_control_characters(ctx: Context) -> None:
    person = create_person(ctx, PersonIn(name="Kari Nordmann", title="Ordførar\tKinn"))
    assert person.name == "Kari Nordmann"
    refuse_control_characters(["linje 1\nlinje 2\r\n", {"k": "a\tb"}])


def test_control_characters_are_found_inside_lists_and_dicts() -> None:
    with pytest.raises(ValueError, match=r"U\+0001"):
        refuse_control_characters(["ok", ("ok", "ikkje\x01ok")])
    with pytest.raises(ValueError, match=r"U\+009F"):
        refuse_control_characters({"x": "ikkje\x9fok"})


def test_the_import_names_the_row_and_field_and_writes_nothing(
    ctx: Context, tmp_path: Path
) -> None:
    load_municipalities(ctx)
    create_body(ctx, BodyIn(code="RS", name="Representantskapet", kind=BodyKind.ELECTED, seats=43))
    lines = [
        "Kari Nordmann;;;4602;RS;medlem;;2025-01-01;;;",
        "Per\x00Vara;;;4602;RS;varamedlem;1;2025-01-01;;;",
        "Åse Ærø;;;4611;RS;medlem;;2025-01-01;;KS\x0b12/24;",
    ]
    path = tmp_path / "m.csv"
    path.write_bytes(("\r\n".join([HEADER, *lines]) + "\r\n").encode("utf-8"))
    before = rows_of(ctx, Person, Body, Membership)
    with pytest.raises(ImportRejected) as info:
        import_members(ctx, path)
    bad = dict(info.value.rows)
    assert sorted(bad) == [3, 4]
    assert "namn: inneheld eit usynleg kontrollteikn (U+0000)" in bad[3]
    assert "vedtak: inneheld eit usynleg kontrollteikn (U+000B)" in bad[4]
    assert rows_of(ctx, Person, Body, Membership) == before
