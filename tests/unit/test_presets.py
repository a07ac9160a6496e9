"""Presets by legal form (issue 16): the shipped data files load and are validated, a
broken file gives a clear message, and each preset makes its bodies, in which a meeting is
run from plan to approved minutes. The cooperation's details (organisation number with its
check digit, logo, letterhead) are checked and printed on the documents."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
from pathlib import Path

import pikepdf
import pytest
from PIL import Image
from sqlalchemy import URL

from dvmeet.domain import orgnr
from dvmeet.domain.enums import ApprovalMethod, BodyKind, LegalForm, MinutesStatus, Role, VoteMethod
from dvmeet.errors import ChangedElsewhere, Conflict, InvalidInput, NotFound
from dvmeet.services import attendance, exports, meetings, minutes, registry, setup, voting
from dvmeet.services.attendance.models import CloseMeetingIn, OpenMeetingIn, PresenceIn
from dvmeet.services.context import Context
from dvmeet.services.meetings.models import CaseIn, PlanMeetingIn
from dvmeet.services.minutes.models import ApproveMinutesIn
from dvmeet.services.models import validate
from dvmeet.services.registry.models import (
    BodyIn,
    BodyUpdate,
    CooperationIn,
    MembershipIn,
    ParticipationManyIn,
    PersonIn,
)
from dvmeet.services.setup._presets import BrokenPreset, load_preset, shipped_presets
from dvmeet.services.setup.models import ApplyPresetIn, CooperationDetailsIn, NewMunicipalityIn
from dvmeet.services.voting.models import DecisionIn, VoteIn
from tests.unit.meeting_setup import snapshot_all

PARTICIPANTS = ["4601", "4602", "4611", "4612", "4613"]
FROM = dt.date(2025, 1, 1)
DAY = dt.date(2025, 3, 12)


def _installation(ctx: Context, form: LegalForm = LegalForm.ANNA) -> None:
    registry.load_municipalities(ctx)
    registry.set_cooperation(
        ctx, CooperationIn(name="Testsamarbeidet", legal_form=form, host_municipality_number="4601")
    )
    registry.set_participations(
        ctx, ParticipationManyIn(numbers=PARTICIPANTS, participant_from=FROM)
    )


def _run_meeting(ctx: Context, code: str, tmp_path: Path) -> int:
    """Members in every seat, then plan, roll call, a vote, its decision, the meeting
    closed, the minutes approved by signatures and exported."""
    body = registry.get_body(ctx, code)
    people = []
    for i in range(body.seats):
        number = PARTICIPANTS[i % len(PARTICIPANTS)]
        person = registry.create_person(
            ctx, PersonIn(name=f"{code} Medlem {i + 1}", municipality_number=number)
        )
        role = Role.LEIAR if i == 0 else Role.NESTLEIAR if i == 1 else Role.MEDLEM
        registry.add_membership(
            ctx,
            MembershipIn(
                person_id=person.id,
                body_code=code,
                municipality_number=number,
                role=role,
                valid_from=FROM,
            ),
        )
        people.append(person.id)
    meeting = meetings.plan_meeting(
        ctx, PlanMeetingIn(body_code=code, date=DAY, start_time=dt.time(10), place="Rådhuset")
    )
    case = meetings.add_case(
        ctx,
        CaseIn(meeting_id=meeting.id, title="Budsjett", recommendation="Budsjettet vert vedteke."),
    )
    for person in people:
        attendance.mark_present(ctx, PresenceIn(meeting_id=meeting.id, person_id=person))
    attendance.open_meeting(
        ctx, OpenMeetingIn(meeting_id=meeting.id, opened_at=dt.datetime.combine(DAY, dt.time(10)))
    )
    proposal = next(p for p in voting.proposals(ctx, case.id))
    vote = voting.record_vote(
        ctx, VoteIn(case_id=case.id, proposal_id=proposal.id, method=VoteMethod.UNANIMOUS)
    )
    decision = voting.record_decision(ctx, DecisionIn(case_id=case.id, vote_id=vote.id))
    assert decision.unanimous and "Budsjettet vert vedteke." in decision.text
    attendance.close_meeting(
        ctx, CloseMeetingIn(meeting_id=meeting.id, closed_at=dt.datetime.combine(DAY, dt.time(12)))
    )
    approved = minutes.approve_minutes(
        ctx,
        ApproveMinutesIn(
            meeting_id=meeting.id,
            method=ApprovalMethod.SIGNATURES,
            approved_on=DAY + dt.timedelta(days=2),
            signatory_person_ids=people[1:3],
        ),
    )
    assert approved.status is MinutesStatus.APPROVED
    written = exports.export_minutes(ctx, meeting.id, tmp_path, public=True)
    text = _pdf_text(written.files[0])
    assert "Budsjettet vert vedteke." in text and body.name in text
    return meeting.id


def _pdf_text(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def test_the_shipped_presets_load_with_their_references() -> None:
    presets = {p.key: p for p in shipped_presets()}
    assert list(presets) == ["oppgavefellesskap", "iks", "vertskommune", "politisk_rad", "eige"]
    assert [b.code for b in presets["oppgavefellesskap"].bodies] == ["RS", "KDM", "SG"]
    assert [b.code for b in presets["iks"].bodies] == ["RS", "STY"]
    assert presets["iks"].bodies[0].notice_days == 28  # IKS-lova § 7: four weeks
    assert "§ 20-4" in presets["vertskommune"].bodies[0].note  # the limit, said where seen
    assert presets["eige"].bodies == []
    assert all(p.references for p in presets.values())
    assert any("kap. 18" in r for r in presets["politisk_rad"].references)
    assert {p.legal_form for p in presets.values()} == set(LegalForm)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("key = [", "kan ikkje lesast"),
        ('key = "x"', "er ikkje i orden"),
        (
            Path(__file__).parents[2].joinpath("resources/presets/iks.toml").read_text("utf-8")
            + '\n[[bodies]]\ncode = "Q"\nname = "Q"\nkind = "elected"\nseats = 2\n'
            'seats_per_municipality = 1\nreference = "x"\n',
            "anten «seats» eller «seats_per_municipality»",
        ),
    ],
)
def test_a_broken_preset_file_says_what_is_wrong(tmp_path: Path, text: str, words: str) -> None:
    path = tmp_path / "iks.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(BrokenPreset, match=words) as err:
        load_preset(path)
    assert "iks.toml" in str(err.value)


def test_a_preset_named_unlike_its_file_is_refused(tmp_path: Path) -> None:
    source = Path(__file__).parents[2] / "resources/presets/eige.toml"
    path = tmp_path / "anna.toml"
    path.write_text(source.read_text("utf-8"), encoding="utf-8")
    with pytest.raises(BrokenPreset, match="nøkkelen skal vere filnamnet"):
        load_preset(path)


@pytest.mark.parametrize(
    "key", ["oppgavefellesskap", "iks", "vertskommune", "politisk_rad", "eige"]
)
def test_each_preset_makes_its_bodies_and_runs_a_meeting(
    ctx: Context, tmp_path: Path, key: str
) -> None:
    _installation(ctx)
    preset = next(p for p in shipped_presets() if p.key == key)
    applied = setup.apply_preset(ctx, ApplyPresetIn(key=key), today=DAY)
    assert applied.created == [b.code for b in preset.bodies]
    assert applied.participants == len(PARTICIPANTS)
    assert registry.get_cooperation(ctx).legal_form is preset.legal_form  # type: ignore[union-attr]
    bodies = {b.code: b for b in registry.list_bodies(ctx)}
    for spec in preset.bodies:
        made = bodies[spec.code]
        expected = spec.seats or (spec.seats_per_municipality or 0) * len(PARTICIPANTS)
        assert (made.name, made.kind, made.seats, made.notice_days) == (
            spec.name,
            spec.kind,
            expected,
            spec.notice_days,
        )
    if not preset.bodies:  # «eige oppsett»: the secretary makes the body
        registry.create_body(ctx, BodyIn(code="RS", name="Rådet", kind=BodyKind.ELECTED, seats=5))
    code = next((b.code for b in preset.bodies if b.kind is BodyKind.ELECTED), "RS")
    # everything stays editable
    version = registry.get_body(ctx, code).version
    edited = registry.update_body(
        ctx, BodyUpdate(code=code, notice_days=21, expected_version=version)
    )
    assert edited.notice_days == 21
    _run_meeting(ctx, code, tmp_path)


def test_a_preset_refuses_whole_when_a_code_is_taken(ctx: Context, database_url: URL) -> None:
    _installation(ctx)
    registry.create_body(ctx, BodyIn(code="KDM", name="K", kind=BodyKind.ADMINISTRATIVE, seats=3))
    before = snapshot_all(database_url)
    with pytest.raises(Conflict, match="kodane KDM"):
        setup.apply_preset(ctx, ApplyPresetIn(key="oppgavefellesskap"), today=DAY)
    assert snapshot_all(database_url) == before
    with pytest.raises(NotFound, match="«ukjend» finst ikkje"):
        setup.apply_preset(ctx, ApplyPresetIn(key="ukjend"), today=DAY)


def test_a_preset_counted_per_municipality_needs_participants(
    ctx: Context, database_url: URL
) -> None:
    registry.load_municipalities(ctx)
    before = snapshot_all(database_url)
    with pytest.raises(InvalidInput, match="Vel dei deltakande kommunane fyrst"):
        setup.apply_preset(ctx, ApplyPresetIn(key="iks"), today=DAY)
    assert snapshot_all(database_url) == before
    assert setup.apply_preset(ctx, ApplyPresetIn(key="eige"), today=DAY).created == []


def test_the_presets_speak_the_interface_language(ctx: Context) -> None:
    from dvmeet.i18n import set_language

    set_language("nb")
    try:
        names = [p.name for p in setup.list_presets(ctx)]
    finally:
        set_language("nn")
    assert "Eget oppsett" in names
    assert "Eige oppsett" in [p.name for p in setup.list_presets(ctx)]


# --- The cooperation's details -----------------------------------------------------------


def _png(size: tuple[int, int] = (120, 60)) -> bytes:
    out = io.BytesIO()
    Image.new("RGBA", size, (31, 58, 95, 200)).save(out, "PNG")
    return out.getvalue()


def test_organisation_numbers_are_checked_by_modulus_11() -> None:
    assert orgnr.is_valid("974760673")  # Brønnøysundregistera
    assert not orgnr.is_valid("974760674")
    assert not orgnr.is_valid("97476067")
    with pytest.raises(InvalidInput, match="feil kontrollsiffer"):
        validate(CooperationDetailsIn, {"org_number": "974 760 674"})
    with pytest.raises(InvalidInput, match="ni siffer"):
        validate(CooperationDetailsIn, {"org_number": "12345"})
    assert validate(CooperationDetailsIn, {"org_number": "974 760 673"}).org_number == "974760673"
    assert validate(CooperationDetailsIn, {"org_number": " "}).org_number is None


def test_details_are_stored_and_printed_on_every_document(ctx: Context, tmp_path: Path) -> None:
    _installation(ctx)
    with pytest.raises(ChangedElsewhere):
        setup.set_cooperation_details(
            ctx, CooperationDetailsIn(org_number="974760673", expected_version=99)
        )
    version = setup.get_cooperation_details(ctx).version  # type: ignore[union-attr]
    saved = setup.set_cooperation_details(
        ctx,
        CooperationDetailsIn(
            org_number="974760673",
            address="Postboks 7900, 5020 Bergen",
            contact_name="Randi Hope",
            contact_email="post@testsamarbeidet.no",
            contact_phone="55 56 60 00",
            letterhead="Saman om digitalisering",
            logo=_png(),
            expected_version=version,
        ),
    )
    assert saved.logo_type == "image/png" and saved.logo == _png()
    # a later save without a new logo keeps it
    kept = setup.set_cooperation_details(
        ctx,
        CooperationDetailsIn(
            org_number="974760673", letterhead="Ny tekst", expected_version=saved.version
        ),
    )
    assert kept.logo == saved.logo and kept.address is None
    setup.set_cooperation_details(
        ctx,
        CooperationDetailsIn(
            org_number="974760673",
            address="Postboks 7900, 5020 Bergen",
            contact_name="Randi Hope",
            letterhead="Saman om digitalisering",
            expected_version=kept.version,
        ),
    )
    setup.apply_preset(ctx, ApplyPresetIn(key="iks"), today=DAY)
    meeting = meetings.plan_meeting(
        ctx, PlanMeetingIn(body_code="RS", date=DAY, start_time=dt.time(10), place="Rådhuset")
    )
    for kind in ("notice", "attendance"):
        out = tmp_path / f"{kind}.pdf"
        exports.export_document(ctx, kind, meeting.id, out, public=True)  # type: ignore[arg-type]
        text = _pdf_text(out)
        assert "Org.nr. 974 760 673" in text, kind
        assert "Postboks 7900, 5020 Bergen" in text and "Saman om digitalisering" in text
        if kind == "notice":  # the secretariat of this cooperation, not of another
            assert "Sekretariatet for Testsamarbeidet" in text and "DigiVestland" not in text
        with pikepdf.open(out) as pdf:
            images = [img for page in pdf.pages for img in page.get_images().values()]
        assert images, f"no logo on the {kind}"
        assert all("/SMask" not in img for img in images)  # flattened: no transparency
    draft = tmp_path / "draft"
    draft.mkdir()
    written = exports.export_minutes(ctx, meeting.id, draft, public=False)
    assert "Org.nr. 974 760 673" in _pdf_text(written.files[0])


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"GIF89a" + b"\0" * 40, "PNG- eller JPEG-fil"),
        (_png()[:60], "skadd eller ufullstendig"),
        (b"\x89PNG\r\n\x1a\n" + b"\0" * 600_000, "høgst 512 kB"),
        (_png((8, 8)), "mellom 16 og 4000"),
    ],
)
def test_a_bad_logo_is_refused_and_nothing_changes(
    ctx: Context, database_url: URL, data: bytes, words: str
) -> None:
    _installation(ctx)
    before = snapshot_all(database_url)
    with pytest.raises(InvalidInput, match=words):
        setup.set_cooperation_details(ctx, CooperationDetailsIn(logo=data))
    assert snapshot_all(database_url) == before


def test_details_need_the_cooperation_first(ctx: Context) -> None:
    with pytest.raises(NotFound, match="Skriv inn namnet"):
        setup.set_cooperation_details(ctx, CooperationDetailsIn(org_number="974760673"))


# --- Municipalities beyond the shipped list --------------------------------------------


def test_a_municipality_outside_vestland_is_added_and_takes_part(
    ctx: Context, database_url: URL
) -> None:
    registry.load_municipalities(ctx)
    added = setup.add_municipality(
        ctx, NewMunicipalityIn(number="1508", name="Ålesund", population=67000)
    )
    assert (added.number, added.name, added.participant_from) == ("1508", "Ålesund", None)
    registry.set_participations(ctx, ParticipationManyIn(numbers=["1508"], participant_from=FROM))
    found = {m.number: m for m in registry.list_municipalities(ctx)}
    assert len(found) == 44 and found["1508"].participant_from == FROM
    before = snapshot_all(database_url)
    with pytest.raises(Conflict, match="1508 finst alt: Ålesund"):
        setup.add_municipality(ctx, NewMunicipalityIn(number="1508", name="Anna"))
    with pytest.raises(InvalidInput, match="fire siffer"):
        validate(NewMunicipalityIn, {"number": "15", "name": "X"})
    assert snapshot_all(database_url) == before


def test_a_preset_from_the_command_line(
    database_url: URL, capsys: pytest.CaptureFixture[str]
) -> None:
    from dvmeet import cli

    db = database_url.render_as_string(hide_password=False)
    assert cli.main(["--database", db, "setup", "preset", "iks"]) == cli.EXIT_ERROR
    assert "Vel dei deltakande kommunane fyrst" in capsys.readouterr().err
    assert cli.main(["--database", db, "setup", "participation", "--from", "2025-01-01",
                     "4601", "4602", "4611"]) == 0  # fmt: skip
    capsys.readouterr()
    assert cli.main(["--database", db, "setup", "preset", "iks"]) == 0
    assert capsys.readouterr().out == (
        "Oppsettet «Interkommunalt selskap (IKS)» er brukt: organa RS, STY "
        "(3 deltakande kommunar).\n"
    )
    assert cli.main(["--database", db, "setup", "preset", "iks"]) == cli.EXIT_ERROR
    assert "kodane RS, STY" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        cli.main(["setup", "preset", "--help"])
    assert "politisk_rad (koml. kap. 18)" in capsys.readouterr().out


def test_approved_minutes_keep_the_letterhead_and_verify(ctx: Context, tmp_path: Path) -> None:
    """The letterhead with its logo goes into the snapshot at approval: the møtebok is the
    same bytes later, even after the details change, and `verify` certifies it; the PDF/A
    carries the logo without transparency."""
    from dvmeet.services.maintenance import verify_pdf

    _installation(ctx)
    version = setup.get_cooperation_details(ctx).version  # type: ignore[union-attr]
    setup.set_cooperation_details(
        ctx,
        CooperationDetailsIn(
            org_number="974760673", letterhead="Brevhovudet", logo=_png(), expected_version=version
        ),
    )
    setup.apply_preset(ctx, ApplyPresetIn(key="oppgavefellesskap"), today=DAY)
    meeting = _run_meeting(ctx, "RS", tmp_path)
    before = exports.meeting_pdf(ctx, "minutes", meeting, public=False)
    details = setup.get_cooperation_details(ctx)
    assert details is not None
    setup.set_cooperation_details(
        ctx,
        CooperationDetailsIn(
            letterhead="Eit nytt brevhovud", keep_logo=False, expected_version=details.version
        ),
    )
    assert exports.meeting_pdf(ctx, "minutes", meeting, public=False) == before
    path = tmp_path / "motebok.pdf"
    path.write_bytes(before)
    assert verify_pdf(ctx, path).ok
    assert "Brevhovudet" in _pdf_text(path) and "Org.nr. 974 760 673" in _pdf_text(path)
    archive = tmp_path / "arkiv.pdf"
    archive.write_bytes(exports.meeting_pdf(ctx, "minutes", meeting, public=False, pdfa=True))
    with pikepdf.open(archive) as pdf:
        images = [img for page in pdf.pages for img in page.get_images().values()]
        assert images and all("/SMask" not in img for img in images)
        assert "/OutputIntents" in pdf.Root


def test_the_details_from_the_command_line(
    database_url: URL, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from dvmeet import cli
    from dvmeet.services.context import open_context

    db = database_url.render_as_string(hide_password=False)
    base = ["--database", db, "setup", "cooperation", "--name", "Testrådet", "--legal-form",
            "politisk_rad"]  # fmt: skip
    assert cli.main([*base, "--org-number", "974760674"]) == 2  # refused before saving
    assert "feil kontrollsiffer" in capsys.readouterr().err
    bad = tmp_path / "logo.png"
    bad.write_bytes(b"not an image")
    assert cli.main([*base, "--logo", str(bad)]) == cli.EXIT_ERROR
    assert "PNG- eller JPEG-fil" in capsys.readouterr().err
    ctx = open_context(db)
    try:
        assert registry.get_cooperation(ctx) is None
    finally:
        ctx.close()
    logo = tmp_path / "ok.png"
    logo.write_bytes(_png())
    assert cli.main([*base, "--org-number", "974 760 673", "--letterhead", "Saman",
                     "--logo", str(logo)]) == 0  # fmt: skip
    assert cli.main([*base, "--address", "Rådhuset, 5000 Bergen"]) == 0  # the rest kept
    capsys.readouterr()
    ctx = open_context(db)
    try:
        details = setup.get_cooperation_details(ctx)
        assert details is not None
        assert (details.org_number, details.letterhead, details.address) == (
            "974760673",
            "Saman",
            "Rådhuset, 5000 Bergen",
        )
        assert details.logo == _png() and details.logo_type == "image/png"
        assert registry.get_cooperation(ctx).legal_form is LegalForm.POLITISK_RAD  # type: ignore[union-attr]
    finally:
        ctx.close()
