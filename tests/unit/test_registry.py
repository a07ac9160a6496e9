"""The registry services: municipalities, bodies, persons, memberships (R-1 to R-4)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from snapshots import Rows, audit_actions, rows_of
from sqlalchemy import event, func, select

from dvmeet.db.models import AuditEvent, Body, Cooperation, Membership, Municipality, Person
from dvmeet.domain.enums import BodyKind, Gender, LegalForm, MembershipEnd, Role
from dvmeet.errors import Conflict, InvalidInput, NotFound, RuleRefused
from dvmeet.services.context import Context
from dvmeet.services.models import validate
from dvmeet.services.registry import (
    add_membership,
    create_body,
    create_person,
    end_membership,
    gender_balance,
    get_body,
    get_cooperation,
    get_person,
    list_bodies,
    list_municipalities,
    load_municipalities,
    person_history,
    release_member,
    reorder_deputies,
    search_persons,
    seats,
    set_cooperation,
    set_participation,
    update_body,
    update_person,
)
from dvmeet.services.registry.models import (
    BodyIn,
    BodyUpdate,
    CooperationIn,
    EndMembershipIn,
    MembershipIn,
    MembershipOut,
    ParticipationIn,
    PersonIn,
    PersonUpdate,
    ReleaseIn,
    ReorderDeputiesIn,
)

START = dt.date(2025, 1, 1)
BERGEN, KINN, ETNE = "4601", "4602", "4611"


def snapshot(ctx: Context) -> Rows:
    return rows_of(ctx, Municipality, Cooperation, Body, Person, Membership)


@pytest.fixture
def reg(ctx: Context) -> Context:
    load_municipalities(ctx)
    create_body(ctx, BodyIn(code="RS", name="Representantskapet", kind=BodyKind.ELECTED, seats=43))
    return ctx


def person(ctx: Context, name: str, muni: str = KINN, **kw: Any) -> int:
    return create_person(ctx, PersonIn(name=name, municipality_number=muni, **kw)).id


def member(
    ctx: Context,
    person_id: int,
    muni: str = KINN,
    role: Role = Role.MEDLEM,
    rank: int | None = None,
    start: dt.date = START,
    end: dt.date | None = None,
) -> MembershipOut:
    return add_membership(
        ctx,
        MembershipIn(
            person_id=person_id,
            body_code="RS",
            municipality_number=muni,
            role=role,
            deputy_rank=rank,
            valid_from=start,
            valid_to=end,
            electing_decision="KS-sak 12/24",
        ),
    )


def deputy(ctx: Context, person_id: int, rank: int, muni: str = KINN, **kw: Any) -> MembershipOut:
    return member(ctx, person_id, muni, Role.VARAMEDLEM, rank, **kw)


@pytest.fixture
def kinn(reg: Context) -> dict[str, int]:
    """Kinn with a member and three ranked deputies."""
    ids = {n: person(reg, n) for n in ("Anne", "Bjørn", "Cecilie", "Dag")}
    ids["m"] = member(reg, ids["Anne"]).id
    for rank, name in enumerate(("Bjørn", "Cecilie", "Dag"), start=1):
        deputy(reg, ids[name], rank)
    return ids


# --- Municipalities, cooperation, bodies --------------------------------------------------


def test_load_municipalities_is_idempotent(ctx: Context) -> None:
    first = load_municipalities(ctx)
    assert (first.created, first.updated) == (43, 0)
    munis = list_municipalities(ctx)
    assert len(munis) == 43
    bergen = next(m for m in munis if m.number == BERGEN)
    assert bergen.name == "Bergen" and bergen.council == "bystyre"
    before = snapshot(ctx)
    again = load_municipalities(ctx)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 43)
    assert snapshot(ctx) == before
    assert audit_actions(ctx) == ["municipality.load"]


def test_load_municipalities_updates_names(ctx: Context) -> None:
    load_municipalities(ctx)
    with ctx.unit_of_work() as uow:
        uow.session.scalars(
            select(Municipality).where(Municipality.number == KINN)
        ).one().name = "Feil"
        uow.session.delete(uow.session.scalars(select(Municipality).filter_by(number=ETNE)).one())
    result = load_municipalities(ctx)
    assert (result.created, result.updated) == (1, 1)
    assert {m.number: m.name for m in list_municipalities(ctx)}[KINN] == "Kinn"


def test_participation(reg: Context) -> None:
    out = set_participation(
        reg, ParticipationIn(number=BERGEN, participant_from=START, participant_to=None)
    )
    assert out.participant_from == START
    with pytest.raises(InvalidInput, match="kan ikkje vere før"):
        validate(
            ParticipationIn,
            {"number": BERGEN, "participant_from": START, "participant_to": "2024-01-01"},
        )
    before = snapshot(reg)
    with pytest.raises(InvalidInput, match="finst ikkje"):
        set_participation(reg, ParticipationIn(number="9999", participant_from=START))
    assert snapshot(reg) == before


def test_cooperation_is_one_row(reg: Context) -> None:
    assert get_cooperation(reg) is None
    data = CooperationIn(
        name="DigiVestland",
        legal_form=LegalForm.OPPGAVEFELLESSKAP,
        host_municipality_number=BERGEN,
        established=START,
    )
    out = set_cooperation(reg, data)
    assert out.host_municipality_name == "Bergen"
    set_cooperation(reg, data.model_copy(update={"agreement_reference": "Avtale 2025"}))
    got = get_cooperation(reg)
    assert got is not None and got.agreement_reference == "Avtale 2025"
    with reg.reading() as s:
        assert s.scalar(select(func.count()).select_from(Cooperation)) == 1
    before = snapshot(reg)
    with pytest.raises(InvalidInput, match="Kommunenummeret 9999 finst ikkje"):
        set_cooperation(reg, data.model_copy(update={"host_municipality_number": "9999"}))
    assert snapshot(reg) == before
    assert audit_actions(reg)[-2:] == ["cooperation.create", "cooperation.update"]


def test_bodies(reg: Context) -> None:
    rs = get_body(reg, "rs")
    assert (rs.notice_days, rs.qualified_numerator, rs.qualified_denominator) == (14, 2, 3)
    kdm = create_body(
        reg,
        BodyIn(code="KDM", name="Kommunedirektørmøtet", kind=BodyKind.ADMINISTRATIVE, seats=43),
    )
    assert [b.code for b in list_bodies(reg)] == ["KDM", "RS"]
    updated = update_body(reg, BodyUpdate(code="KDM", notice_days=7))
    assert updated.notice_days == 7 and updated.name == kdm.name
    before = snapshot(reg)
    with pytest.raises(Conflict, match="finst alt eit organ"):
        create_body(reg, BodyIn(code="rs", name="X", kind=BodyKind.ELECTED, seats=1))
    with pytest.raises(InvalidInput, match="Kvalifisert fleirtal"):
        update_body(reg, BodyUpdate(code="RS", qualified_numerator=4))
    with pytest.raises(NotFound, match="finst ikkje"):
        update_body(reg, BodyUpdate(code="XX", seats=3))
    assert snapshot(reg) == before
    with pytest.raises(InvalidInput, match="tal plassar: må vere minst 0"):
        validate(BodyIn, {"code": "X", "name": "X", "kind": "elected", "seats": -1})
    with pytest.raises(NotFound):
        get_body(reg, "NOPE")
    assert audit_actions(reg).count("body.create") == 2


# --- Persons ------------------------------------------------------------------------------


def test_person_create_update_get(reg: Context) -> None:
    pid = person(reg, "Kari Nordmann", email="kari@kinn.kommune.no", gender=Gender.KVINNE)
    update_person(reg, PersonUpdate(id=pid, phone="+47 912 34 567", title="ordførar"))
    got = get_person(reg, pid)
    assert (got.phone, got.title, got.email, got.municipality_name) == (
        "+47 912 34 567",
        "ordførar",
        "kari@kinn.kommune.no",
        "Kinn",
    )
    update_person(reg, PersonUpdate(id=pid, municipality_number=None))
    assert get_person(reg, pid).municipality_number is None
    before = snapshot(reg)
    with pytest.raises(Conflict, match="høyrer alt til Kari Nordmann"):
        person(reg, "Kari To", email="KARI@kinn.kommune.no")
    with pytest.raises(NotFound):
        update_person(reg, PersonUpdate(id=999, name="X"))
    assert snapshot(reg) == before
    assert audit_actions(reg)[-3:] == ["person.create", "person.update", "person.update"]


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        ({"name": "Ola", "email": "ola.kinn.no"}, "e-post: «ola.kinn.no» er ikkje ei gyldig"),
        ({"name": "Ola", "email": "ola@kinn"}, "er ikkje ei gyldig e-postadresse"),
        ({"name": "", "email": "ola@kinn.no"}, "namn: må fyllast ut"),
        ({"name": "Ola", "municipality_number": "46"}, "kommunenummer: må vere fire siffer"),
        ({"name": "Ola", "phone": "ring meg"}, "telefon: «ring meg» er ikkje eit gyldig"),
    ],
)
def test_person_validation_is_nynorsk(data: dict[str, Any], fragment: str) -> None:
    with pytest.raises(InvalidInput) as info:
        validate(PersonIn, data)
    assert fragment in str(info.value)


def test_search_folds_norwegian_letters(reg: Context) -> None:
    for name in ("Øystein Ås", "Åse Ærø", "Ola Nordmann", "Zara Berg"):
        person(reg, name)
    person(reg, "Berit Bergen", BERGEN, email="berit@bergen.kommune.no")

    def names(query: str) -> list[str]:
        return [p.name for p in search_persons(reg, query)]

    assert names("øyst") == ["Øystein Ås"]
    assert names("ØYST") == ["Øystein Ås"]
    assert names("ås") == ["Øystein Ås", "Åse Ærø"]  # Ø before Å
    assert names("ÆRØ") == ["Åse Ærø"]
    assert names("berg") == ["Berit Bergen", "Zara Berg"]
    assert names("bergen.kommune") == ["Berit Bergen"]
    assert names("kinn ola") == ["Ola Nordmann"]
    # Norwegian order: ... Z, Æ, Ø, Å
    assert names("")[-3:] == ["Zara Berg", "Øystein Ås", "Åse Ærø"]
    assert len(search_persons(reg, "", limit=2)) == 2


# --- Memberships --------------------------------------------------------------------------


def test_add_membership_default_term_and_audit(reg: Context) -> None:
    pid = person(reg, "Anne")
    out = member(reg, pid)
    assert (out.valid_from, out.valid_to) == (START, dt.date(2028, 12, 31))
    assert (out.person_name, out.municipality_name, out.body_code) == ("Anne", "Kinn", "RS")
    leap = member(reg, person(reg, "Leap", ETNE), ETNE, start=dt.date(2024, 2, 29))
    assert leap.valid_to == dt.date(2028, 2, 28)
    with reg.reading() as s:
        ev = s.scalars(
            select(AuditEvent).where(
                AuditEvent.entity == "membership", AuditEvent.entity_id == out.id
            )
        ).one()
    assert (ev.action, ev.entity) == ("membership.add", "membership")
    assert '"person_name":"Anne"' in ev.payload


def test_next_term_after_the_first_is_allowed(reg: Context) -> None:
    first = member(reg, person(reg, "Anne"))
    nxt = member(reg, person(reg, "Berit"), start=dt.date(2029, 1, 1))
    assert first.valid_to is not None and nxt.valid_from > first.valid_to


def _refused(
    ctx: Context, error: type[Exception], fragment: str, data: dict[str, Any]
) -> Exception:
    before = snapshot(ctx)
    with pytest.raises(error) as info:
        add_membership(ctx, validate(MembershipIn, data))
    assert fragment in str(info.value)
    assert snapshot(ctx) == before
    return info.value


def test_membership_refusals(kinn: dict[str, int], reg: Context) -> None:
    base = {
        "person_id": person(reg, "Erik"),
        "body_code": "RS",
        "municipality_number": KINN,
        "role": "medlem",
        "valid_from": "2026-06-01",
    }
    unknown = "Kommunenummeret 9999 finst ikkje"
    _refused(reg, InvalidInput, unknown, base | {"municipality_number": "9999"})
    _refused(reg, InvalidInput, "Organet «XX» finst ikkje", base | {"body_code": "XX"})
    _refused(reg, InvalidInput, "Personen med nummer 999 finst ikkje", base | {"person_id": 999})
    err = _refused(reg, RuleRefused, "Kinn har alt medlem i RS i perioden: Anne", base)
    assert isinstance(err, RuleRefused) and err.rule_id == "R-1"
    _refused(reg, RuleRefused, "Kinn har alt medlem", base | {"role": "leiar"})
    deputy1 = base | {"role": "varamedlem", "deputy_rank": 1}
    _refused(reg, RuleRefused, "Kinn har alt 1. varamedlem i RS i perioden: Bjørn", deputy1)
    _refused(reg, RuleRefused, "har ingen 4. varamedlem", deputy1 | {"deputy_rank": 5})
    twice = deputy1 | {"person_id": kinn["Anne"], "deputy_rank": 4}
    err = _refused(reg, RuleRefused, "Anne sit alt i RS", twice)
    assert isinstance(err, RuleRefused) and err.rule_id == "R-2"
    stranger = person(reg, "Frode", BERGEN)
    other = deputy1 | {"person_id": stranger, "deputy_rank": 4}
    expected = "Frode høyrer til kommune 4601 og kan ikkje vere varamedlem for Kinn"
    _refused(reg, RuleRefused, expected, other)


@pytest.mark.parametrize(
    ("change", "fragment"),
    [
        ({"role": "varamedlem"}, "vararang: må fyllast ut for varamedlemer"),
        ({"deputy_rank": 1}, "vararang: skal berre fyllast ut for varamedlemer"),
        ({"role": "varamedlem", "deputy_rank": 0}, "vararang: må vere 1 eller meir"),
        ({"valid_to": "2024-12-31"}, "gjeld til: kan ikkje vere før perioden tek til"),
        ({"valid_from": "32.13.2025"}, "gjeld frå: ugyldig dato"),
        ({"role": "sjef"}, "rolle: ugyldig verdi"),
        ({"vote_weight": 0}, "røystevekt: må vere minst 1"),
    ],
)
def test_membership_input_validation(change: dict[str, Any], fragment: str) -> None:
    data = {
        "person_id": 1,
        "body_code": "RS",
        "municipality_number": KINN,
        "role": "medlem",
        "valid_from": "2025-01-01",
    }
    with pytest.raises(InvalidInput) as info:
        validate(MembershipIn, data | change)
    assert fragment in str(info.value)


def test_rank_gap_needs_the_whole_period(reg: Context) -> None:
    deputy(reg, person(reg, "Anne"), 1, end=dt.date(2026, 12, 31))
    berit = person(reg, "Berit")
    before = snapshot(reg)
    with pytest.raises(RuleRefused, match=r"har ingen 1\. varamedlem i RS i heile perioden"):
        deputy(reg, berit, 2)
    assert snapshot(reg) == before
    deputy(reg, person(reg, "Carl"), 1, start=dt.date(2027, 1, 1))
    assert deputy(reg, berit, 2).deputy_rank == 2  # the two rank-1 terms cover 2025–2028


def test_end_membership(kinn: dict[str, int], reg: Context) -> None:
    out = end_membership(
        reg,
        EndMembershipIn(
            membership_id=kinn["m"], valid_to=dt.date(2026, 5, 31), reason=MembershipEnd.TERM
        ),
    )
    assert (out.valid_to, out.ended_reason) == (dt.date(2026, 5, 31), MembershipEnd.TERM)
    before = snapshot(reg)
    with pytest.raises(Conflict, match="er alt avslutta"):
        end_membership(
            reg,
            EndMembershipIn(
                membership_id=kinn["m"], valid_to=dt.date(2026, 1, 1), reason=MembershipEnd.TERM
            ),
        )
    with pytest.raises(NotFound):
        end_membership(
            reg, EndMembershipIn(membership_id=999, valid_to=START, reason=MembershipEnd.TERM)
        )
    dep = seats(reg, "RS", START)[0].deputies[0].id
    with pytest.raises(InvalidInput, match="kan ikkje forlengjast"):
        end_membership(
            reg,
            EndMembershipIn(
                membership_id=dep, valid_to=dt.date(2030, 1, 1), reason=MembershipEnd.TERM
            ),
        )
    with pytest.raises(InvalidInput, match="er før perioden tok til"):
        end_membership(
            reg,
            EndMembershipIn(
                membership_id=dep, valid_to=dt.date(2024, 1, 1), reason=MembershipEnd.TERM
            ),
        )
    assert snapshot(reg) == before


# --- Release (fritak) and reordering (R-3) ------------------------------------------------


def _seat_view(ctx: Context, day: dt.date) -> tuple[list[str], list[tuple[int | None, str]]]:
    seat = next(s for s in seats(ctx, "RS", day) if s.municipality_number == KINN)
    return (
        [m.person_name for m in seat.members],
        [(d.deputy_rank, d.person_name) for d in seat.deputies],
    )


def test_release_moves_deputies_up_and_keeps_history(kinn: dict[str, int], reg: Context) -> None:
    day = dt.date(2026, 3, 1)
    events_before = len(audit_actions(reg))
    result = release_member(
        reg, ReleaseIn(membership_id=kinn["m"], from_date=day, electing_decision="KS-sak 5/26")
    )
    assert {(m.person_name, m.ended_reason) for m in result.ended} == {
        ("Anne", MembershipEnd.FRITAK),
        ("Bjørn", MembershipEnd.MOVED_UP),
        ("Cecilie", MembershipEnd.MOVED_UP),
        ("Dag", MembershipEnd.MOVED_UP),
    }
    assert [(m.person_name, m.role, m.deputy_rank) for m in result.created] == [
        ("Bjørn", Role.MEDLEM, None),
        ("Cecilie", Role.VARAMEDLEM, 1),
        ("Dag", Role.VARAMEDLEM, 2),
    ]
    assert all(m.valid_from == day and m.valid_to == dt.date(2028, 12, 31) for m in result.created)
    assert all(m.electing_decision == "KS-sak 5/26" for m in result.created)
    assert result.notes == []
    # The day before, the old seat; from the day, the new one.
    assert _seat_view(reg, day - dt.timedelta(days=1)) == (
        ["Anne"],
        [(1, "Bjørn"), (2, "Cecilie"), (3, "Dag")],
    )
    assert _seat_view(reg, day) == (["Bjørn"], [(1, "Cecilie"), (2, "Dag")])
    history = person_history(reg, kinn["Bjørn"])
    assert [(h.role, h.valid_from, h.valid_to, h.ended_reason) for h in history] == [
        (Role.MEDLEM, day, dt.date(2028, 12, 31), None),
        (Role.VARAMEDLEM, START, day - dt.timedelta(days=1), MembershipEnd.MOVED_UP),
    ]
    with reg.reading() as s:
        assert s.scalar(select(func.count()).select_from(Membership)) == 7  # nothing deleted
    new_events = audit_actions(reg)[events_before:]
    assert new_events.count("membership.end") == 4
    assert new_events.count("membership.add") == 3
    assert new_events[-1] == "membership.release"


def test_release_without_deputies_leaves_a_vacancy(reg: Context) -> None:
    m = member(reg, person(reg, "Anne"))
    result = release_member(reg, ReleaseIn(membership_id=m.id, from_date=dt.date(2026, 1, 1)))
    assert result.created == [] and "ingen varamedlem som kan rykkje opp" in result.notes[0]
    set_participation(reg, ParticipationIn(number=KINN, participant_from=START))
    kinn_seat = seats(reg, "RS", dt.date(2026, 1, 1))[0]
    assert kinn_seat.municipality_number == KINN and kinn_seat.vacant


def test_release_of_the_chair_notes_a_new_election(reg: Context) -> None:
    chair = member(reg, person(reg, "Leiar"), role=Role.LEIAR)
    deputy(reg, person(reg, "Vara"), 1)
    result = release_member(reg, ReleaseIn(membership_id=chair.id, from_date=dt.date(2026, 1, 1)))
    assert [m.role for m in result.created] == [Role.MEDLEM]
    assert any("leiar må veljast på nytt" in n for n in result.notes)


def test_release_of_a_deputy_moves_the_lower_ranks(kinn: dict[str, int], reg: Context) -> None:
    day = dt.date(2026, 3, 1)
    cecilie = next(d for d in seats(reg, "RS", day)[0].deputies if d.person_name == "Cecilie")
    release_member(reg, ReleaseIn(membership_id=cecilie.id, from_date=day))
    assert _seat_view(reg, day) == (["Anne"], [(1, "Bjørn"), (2, "Dag")])


def test_release_refusals(kinn: dict[str, int], reg: Context) -> None:
    before = snapshot(reg)
    with pytest.raises(InvalidInput, match="fritak frå den datoen er ikkje mogleg"):
        release_member(reg, ReleaseIn(membership_id=kinn["m"], from_date=START))
    with pytest.raises(InvalidInput, match="fritak frå den datoen er ikkje mogleg"):
        release_member(reg, ReleaseIn(membership_id=kinn["m"], from_date=dt.date(2030, 1, 1)))
    with pytest.raises(NotFound):
        release_member(reg, ReleaseIn(membership_id=999, from_date=dt.date(2026, 1, 1)))
    assert snapshot(reg) == before


def test_reorder_deputies(kinn: dict[str, int], reg: Context) -> None:
    day = dt.date(2026, 9, 1)
    order = [kinn["Dag"], kinn["Bjørn"], kinn["Cecilie"]]
    result = reorder_deputies(
        reg,
        ReorderDeputiesIn(
            body_code="RS", municipality_number=KINN, person_ids_in_new_order=order, from_date=day
        ),
    )
    assert len(result.ended) == 3 and len(result.created) == 3
    assert _seat_view(reg, day) == (["Anne"], [(1, "Dag"), (2, "Bjørn"), (3, "Cecilie")])
    assert _seat_view(reg, START)[1] == [(1, "Bjørn"), (2, "Cecilie"), (3, "Dag")]
    assert "membership.reorder" in audit_actions(reg)
    before = snapshot(reg)
    with pytest.raises(InvalidInput, match="nøyaktig éin gong"):
        reorder_deputies(
            reg,
            ReorderDeputiesIn(
                body_code="RS",
                municipality_number=KINN,
                person_ids_in_new_order=[kinn["Dag"], kinn["Dag"], kinn["Bjørn"]],
                from_date=dt.date(2027, 1, 1),
            ),
        )
    assert snapshot(reg) == before


def test_reorder_keeps_unchanged_ranks(kinn: dict[str, int], reg: Context) -> None:
    order = [kinn["Bjørn"], kinn["Dag"], kinn["Cecilie"]]
    result = reorder_deputies(
        reg,
        ReorderDeputiesIn(
            body_code="RS",
            municipality_number=KINN,
            person_ids_in_new_order=order,
            from_date=dt.date(2026, 1, 1),
        ),
    )
    assert sorted(m.person_name for m in result.created) == ["Cecilie", "Dag"]


# --- Reading ------------------------------------------------------------------------------


@pytest.fixture
def count_queries(ctx: Context) -> Iterator[list[str]]:
    statements: list[str] = []

    def record(*args: Any) -> None:
        statements.append(args[2])

    event.listen(ctx.db.engine, "before_cursor_execute", record)
    yield statements
    event.remove(ctx.db.engine, "before_cursor_execute", record)


def test_seats_for_all_municipalities_in_few_queries(
    reg: Context, count_queries: list[str]
) -> None:
    for muni in list_municipalities(reg):
        set_participation(reg, ParticipationIn(number=muni.number, participant_from=START))
        member(reg, person(reg, f"M {muni.name}", muni.number), muni.number)
        deputy(reg, person(reg, f"V {muni.name}", muni.number), 1, muni=muni.number)
    count_queries.clear()
    result = seats(reg, "RS", dt.date(2025, 6, 1))
    selects = [q for q in count_queries if q.lstrip().upper().startswith("SELECT")]
    assert len(selects) <= 4
    assert len(result) == 43
    bergen = result[0]
    assert (bergen.municipality_number, bergen.members[0].person_name) == (BERGEN, "M Bergen")
    assert bergen.deputies[0].deputy_rank == 1
    assert seats(reg, "RS", dt.date(2030, 1, 1))[0].vacant


def test_seats_orders_roles(reg: Context) -> None:
    member(reg, person(reg, "Leiar"), role=Role.LEIAR)
    deputy(reg, person(reg, "Vara"), 1)
    seat = seats(reg, "RS", START)[0]
    assert [m.role for m in seat.members] == [Role.LEIAR]
    with pytest.raises(NotFound):
        seats(reg, "XX", START)


def test_gender_balance(reg: Context) -> None:
    member(reg, person(reg, "Anne", gender=Gender.KVINNE))
    member(reg, person(reg, "Bjørn", ETNE, gender=Gender.MANN), ETNE)
    deputy(reg, person(reg, "Cecilie", gender=Gender.KVINNE), 1)
    deputy(reg, person(reg, "Ukjend"), 2)
    balance = gender_balance(reg, "RS", START)
    assert balance.members == {"kvinne": 1, "mann": 1, "anna": 0, "ukjent": 0}
    assert balance.deputies == {"kvinne": 1, "mann": 0, "anna": 0, "ukjent": 1}
