"""A new installation gets its cooperation, its participating municipalities and its bodies
(issue 16), through the services and through `dvmeet setup …`, on a new empty database (not
the demo), up to a planned meeting whose notice is exported. And `demo --years N` makes N
years of meetings."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import URL, func, select

from dvmeet import cli
from dvmeet.db.models import AuditEvent, Municipality
from dvmeet.domain.enums import BodyKind, LegalForm, MeetingStatus
from dvmeet.errors import ChangedElsewhere, InvalidInput
from dvmeet.services import exports, meetings, registry
from dvmeet.services.context import Context
from dvmeet.services.maintenance import fill_demo
from dvmeet.services.meetings.models import PlanMeetingIn
from dvmeet.services.models import validate
from dvmeet.services.registry.models import BodyIn, CooperationIn, ParticipationManyIn


def _participation(ctx: Context) -> dict[str, tuple[dt.date | None, dt.date | None]]:
    return {
        m.number: (m.participant_from, m.participant_to) for m in registry.list_municipalities(ctx)
    }


def _audit_count(ctx: Context) -> int:
    with ctx.reading() as s:
        return int(s.scalar(select(func.count(AuditEvent.id))) or 0)


def test_a_new_installation_through_the_services(ctx: Context, tmp_path: Path) -> None:
    assert registry.list_bodies(ctx) == []
    assert registry.get_cooperation(ctx) is None
    registry.load_municipalities(ctx)
    coop = registry.set_cooperation(
        ctx,
        CooperationIn(
            name="Nordhordland IKS",
            legal_form=LegalForm.IKS,
            host_municipality_number="4631",
            established=dt.date(2025, 1, 1),
            expected_version=0,
        ),
    )
    assert (coop.name, coop.host_municipality_name) == ("Nordhordland IKS", "Alver")
    numbers = [m.number for m in registry.list_municipalities(ctx)]
    assert len(numbers) == 43
    changed = registry.set_participations(
        ctx, ParticipationManyIn(numbers=numbers, participant_from=dt.date(2025, 1, 1))
    )
    assert [m.number for m in changed] == sorted(numbers)
    assert set(_participation(ctx).values()) == {(dt.date(2025, 1, 1), None)}
    body = registry.create_body(
        ctx,
        BodyIn(code="rs", name="Representantskapet", kind=BodyKind.ELECTED, seats=43),
    )
    assert (body.code, body.notice_days) == ("RS", 14)
    meeting = meetings.plan_meeting(
        ctx,
        PlanMeetingIn(
            body_code="RS",
            date=dt.date.today() + dt.timedelta(days=30),
            start_time=dt.time(10, 0),
            place="Alver rådhus",
        ),
    )
    out = tmp_path / "innkalling.pdf"
    exports.export_document(ctx, "notice", meeting.id, out, public=False)
    assert out.read_bytes().startswith(b"%PDF")


def test_participation_for_many_is_all_or_nothing(ctx: Context) -> None:
    registry.load_municipalities(ctx)
    before = _participation(ctx)
    events = _audit_count(ctx)
    with pytest.raises(InvalidInput, match="9999 finst ikkje"):
        registry.set_participations(
            ctx,
            ParticipationManyIn(
                numbers=["4601", "4602", "9999"], participant_from=dt.date(2025, 1, 1)
            ),
        )
    assert _participation(ctx) == before
    assert _audit_count(ctx) == events
    with pytest.raises(InvalidInput, match="før deltakinga tek til"):
        validate(
            ParticipationManyIn,
            {
                "numbers": ["4601"],
                "participant_from": dt.date(2025, 1, 1),
                "participant_to": dt.date(2024, 1, 1),
            },
        )
    with pytest.raises(InvalidInput, match="4601 står to gonger"):
        validate(ParticipationManyIn, {"numbers": ["4601", "4601"]})
    with pytest.raises(InvalidInput):
        validate(ParticipationManyIn, {"numbers": []})


def test_participation_for_many_refuses_a_stale_version_whole(ctx: Context) -> None:
    registry.load_municipalities(ctx)
    versions = {m.number: m.version for m in registry.list_municipalities(ctx)}
    registry.set_participations(
        ctx, ParticipationManyIn(numbers=["4602"], participant_from=dt.date(2024, 1, 1))
    )
    before = _participation(ctx)
    with pytest.raises(ChangedElsewhere, match="deltakinga til"):
        registry.set_participations(
            ctx,
            ParticipationManyIn(
                numbers=["4601", "4602"],
                participant_from=dt.date(2025, 1, 1),
                participant_to=dt.date(2028, 12, 31),
                expected_versions={n: versions[n] for n in ("4601", "4602")},
            ),
        )
    assert _participation(ctx) == before
    done = registry.set_participations(
        ctx,
        ParticipationManyIn(
            numbers=["4601", "4602"],
            participant_from=dt.date(2025, 1, 1),
            participant_to=dt.date(2028, 12, 31),
            expected_versions={m.number: m.version for m in registry.list_municipalities(ctx)},
        ),
    )
    assert {(m.participant_from, m.participant_to) for m in done} == {
        (dt.date(2025, 1, 1), dt.date(2028, 12, 31))
    }


def _db(url: URL) -> str:
    return url.render_as_string(hide_password=False)


def test_a_new_installation_through_the_command_line(
    database_url: URL, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = _db(database_url)

    def run(*words: str) -> str:
        assert cli.main(["--database", db, *words]) == 0, capsys.readouterr().err
        out = capsys.readouterr().out
        assert out.count("\n") == 1, out  # one line per command
        return out

    out = run(
        "setup", "cooperation", "--name", "DigiVestland", "--legal-form", "oppgavefellesskap",
        "--host", "4601",
    )  # fmt: skip
    assert out == (
        "Samarbeidet «DigiVestland» er lagra: Kommunalt oppgåvefellesskap (koml. kap. 19), "
        "vertskommune Bergen.\n"
    )
    assert run("setup", "participation", "--from", "2025-01-01", "--all") == (
        "43 kommunar deltek frå 01.01.2025.\n"
    )
    out = run(
        "setup", "body", "--code", "RS", "--name", "Representantskapet", "--kind", "elected",
        "--seats", "43",
    )  # fmt: skip
    assert out == "Oppretta organet RS Representantskapet: 43 plassar, innkalling 14 dagar før.\n"
    out = run(
        "setup", "body", "--code", "KDM", "--name", "Kommunedirektørmøtet", "--kind",
        "administrative", "--seats", "43", "--notice-days", "7", "--no-remote",
    )  # fmt: skip
    assert "KDM Kommunedirektørmøtet: 43 plassar, innkalling 7 dagar før" in out
    # Run again (a scripted install run twice): the body is changed, not refused.
    out = run(
        "setup", "body", "--code", "RS", "--name", "Representantskapet", "--kind", "elected",
        "--seats", "40",
    )  # fmt: skip
    assert out.startswith("Endra organet RS Representantskapet: 40 plassar")
    out = run(
        "setup", "participation", "--from", "2025-01-01", "--to", "2028-12-31", "4601", "4602"
    )
    assert out == "2 kommunar deltek frå 01.01.2025 til og med 31.12.2028.\n"

    from dvmeet.services.context import open_context

    ctx = open_context(db)
    try:
        bodies = {b.code: b for b in registry.list_bodies(ctx)}
        assert bodies["RS"].seats == 40 and bodies["RS"].kind is BodyKind.ELECTED
        assert bodies["KDM"].kind is BodyKind.ADMINISTRATIVE and not bodies["KDM"].remote_allowed
        part = _participation(ctx)
        assert part["4601"] == (dt.date(2025, 1, 1), dt.date(2028, 12, 31))
        assert part["4611"] == (dt.date(2025, 1, 1), None)
        meeting = meetings.plan_meeting(
            ctx,
            PlanMeetingIn(
                body_code="RS",
                date=dt.date.today() + dt.timedelta(days=20),
                start_time=dt.time(10, 0),
                place="Bergen rådhus",
            ),
        )
    finally:
        ctx.close()
    out_file = tmp_path / "innkalling.pdf"
    run("export", "notice", str(meeting.id), "-o", str(out_file))
    assert out_file.read_bytes().startswith(b"%PDF")


def test_setup_refusals_change_nothing(
    database_url: URL, capsys: pytest.CaptureFixture[str]
) -> None:
    db = _db(database_url)
    assert cli.main(["--database", db, "setup", "participation", "--from", "2025-01-01",
                     "4601", "9999"]) == cli.EXIT_ERROR  # fmt: skip
    assert "Kommunenummeret 9999 finst ikkje" in capsys.readouterr().err
    assert cli.main(["--database", db, "setup", "participation", "--from", "2025-01-01"]) == 2
    assert "--all" in capsys.readouterr().err
    assert cli.main(["--database", db, "setup", "body", "--code", "R S", "--name", "X",
                     "--kind", "elected", "--seats", "3"]) == 2  # fmt: skip
    assert "store bokstavar eller siffer" in capsys.readouterr().err
    assert cli.main(["--database", db, "setup", "cooperation", "--name", "", "--legal-form",
                     "iks"]) == 2  # fmt: skip
    assert "må fyllast ut" in capsys.readouterr().err
    from dvmeet.services.context import open_context

    ctx = open_context(db)
    try:
        assert registry.list_bodies(ctx) == []
        assert registry.get_cooperation(ctx) is None
        assert all(m.participant_from is None for m in registry.list_municipalities(ctx))
        with ctx.reading() as s:
            assert s.scalar(select(func.count(Municipality.id))) == 43
    finally:
        ctx.close()


def test_setup_help_is_nynorsk(capsys: pytest.CaptureFixture[str]) -> None:
    for words in (["setup", "--help"], ["setup", "participation", "--help"]):
        with pytest.raises(SystemExit):
            cli.main(words)
        text = capsys.readouterr().out
        assert text.startswith("bruk: ")
        assert "show this help" not in text and "options" not in text
    assert "første dag kommunane deltek" in text


def _expected_meetings(years: int) -> int:
    """The constituent meeting plus four ordinary meetings a year (March, June, September,
    November) in each of the last `years` years, as far as they have passed."""
    today = dt.date.today()
    days = [dt.date(today.year - y, month, 12) for y in range(years) for month in (3, 6, 9, 11)]
    return 1 + sum(1 for d in days if d + dt.timedelta(days=2) < today)


@pytest.mark.parametrize("years", [1, 2, 5])
def test_demo_years_make_that_many_years(ctx: Context, years: int) -> None:
    summary = fill_demo(ctx, years=years, agreement=False)
    listed = meetings.list_meetings(ctx, None, None)
    held = [m for m in listed if m.status is MeetingStatus.APPROVED]
    # the held meetings, and the two to practise on (one under way, one planned)
    assert len(held) == _expected_meetings(years)
    assert summary.meetings == len(listed) == len(held) + 2
    ordinary_years = {m.date.year for m in held if m.date != dt.date(2024, 12, 11)}
    assert ordinary_years == set(range(dt.date.today().year - years + 1, dt.date.today().year + 1))


def test_member_import_says_a_body_must_exist_first(ctx: Context, tmp_path: Path) -> None:
    registry.load_municipalities(ctx)
    header = "namn;kommunenummer;organ;rolle;frå"
    path = tmp_path / "medlemer.csv"
    path.write_text(f"{header}\nKari Nordmann;4601;RS;medlem;2025-01-01\n", encoding="utf-8")
    preview = registry.import_preview(ctx, path)
    assert not preview.rows
    [rejected] = preview.rejected
    assert "det finst ikkje noko organ enno: lag organet «RS» fyrst" in rejected.reason
    assert "Innstillingar → Organ" in rejected.reason
    registry.create_body(ctx, BodyIn(code="KDM", name="K", kind=BodyKind.ADMINISTRATIVE, seats=3))
    [rejected] = registry.import_preview(ctx, path).rejected
    assert "organet «RS» finst ikkje (organa er KDM)" in rejected.reason
    registry.create_body(ctx, BodyIn(code="RS", name="R", kind=BodyKind.ELECTED, seats=3))
    preview = registry.import_preview(ctx, path)
    assert not preview.rejected and len(preview.rows) == 1


def _body_with_meeting(ctx: Context, day: dt.date) -> tuple[int, int]:
    registry.load_municipalities(ctx)
    body = registry.create_body(
        ctx, BodyIn(code="SG", name="Styringsgruppa", kind=BodyKind.ADMINISTRATIVE, seats=7)
    )
    meeting = meetings.plan_meeting(
        ctx, PlanMeetingIn(body_code="SG", date=day, start_time=dt.time(9), place="Bergen")
    )
    return body.version, meeting.id


def test_a_retired_body_keeps_its_meetings_and_gets_no_new_ones(ctx: Context) -> None:
    from dvmeet.services.meetings.models import UpdateMeetingIn
    from dvmeet.services.registry.models import RetireBodyIn

    day = dt.date(2026, 3, 10)
    version, meeting = _body_with_meeting(ctx, day)
    events = _audit_count(ctx)
    # A meeting after the last day: refused, nothing changed.
    with pytest.raises(InvalidInput, match=r"møte 10\.03\.2026, etter 01\.03\.2026"):
        registry.retire_body(
            ctx, RetireBodyIn(code="SG", retired_on=dt.date(2026, 3, 1), expected_version=version)
        )
    assert registry.get_body(ctx, "SG").retired_on is None and _audit_count(ctx) == events
    retired = registry.retire_body(
        ctx, RetireBodyIn(code="SG", retired_on=dt.date(2026, 6, 30), expected_version=version)
    )
    assert retired.retired_on == dt.date(2026, 6, 30)
    assert [b.code for b in registry.list_bodies(ctx)] == ["SG"]  # still listed, with its day
    assert meetings.get_meeting(ctx, meeting).date == day  # its meetings stay
    with pytest.raises(InvalidInput, match=r"avvikla, og 30\.06\.2026 var siste dagen"):
        meetings.plan_meeting(
            ctx,
            PlanMeetingIn(
                body_code="SG", date=dt.date(2026, 7, 1), start_time=dt.time(9), place="Bergen"
            ),
        )
    with pytest.raises(InvalidInput, match="avvikla"):
        meetings.update_meeting(ctx, UpdateMeetingIn(meeting_id=meeting, date=dt.date(2026, 9, 1)))
    assert meetings.get_meeting(ctx, meeting).date == day
    meetings.plan_meeting(  # on the last day itself: allowed
        ctx,
        PlanMeetingIn(
            body_code="SG", date=dt.date(2026, 6, 30), start_time=dt.time(9), place="Bergen"
        ),
    )
    # A stale version is refused; taken into use again, meetings can be planned.
    with pytest.raises(ChangedElsewhere, match="organet SG"):
        registry.retire_body(
            ctx, RetireBodyIn(code="SG", retired_on=None, expected_version=version)
        )
    again = registry.retire_body(
        ctx, RetireBodyIn(code="SG", retired_on=None, expected_version=retired.version)
    )
    assert again.retired_on is None
    meetings.plan_meeting(
        ctx,
        PlanMeetingIn(
            body_code="SG", date=dt.date(2026, 9, 1), start_time=dt.time(9), place="Bergen"
        ),
    )
