"""The Fiks Arkiv hand-off (issue 19): the arkivmelding messages of an approved meeting
validate against KS's own schemas in ../shared/standards/fiks-arkiv-v1 (the outside copy;
the app's copy must be byte-identical), a closed case carries its skjerming and never its
title in a public-journal field, a roll-call vote is carried per voter, a message the
schema refuses is never written, and the archive's receipt is read back into the
references. Both engines."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from pathlib import Path
from typing import Any

import pytest
from documents.canary_scan import assert_clean, found
from lxml import etree
from meeting_setup import make_body, plan, recommendation, snapshot_all
from papers_kit import make_pdf
from sqlalchemy.engine import URL
from test_constituent_meeting import run_constituent_meeting

from dvmeet.documents import arkivmelding as am
from dvmeet.domain.enums import ApprovalMethod, BallotChoice, ClosureBasis, VoteMethod
from dvmeet.errors import ChangedElsewhere, InvalidInput
from dvmeet.services import archive, attendance, meetings, minutes, papers, voting
from dvmeet.services.archive.models import ArchiveRefIn
from dvmeet.services.attendance.models import CloseMeetingIn, OpenMeetingIn, PresenceIn
from dvmeet.services.context import Context
from dvmeet.services.meetings.models import CaseIn, UpdateMeetingIn
from dvmeet.services.minutes.models import ApproveMinutesIn
from dvmeet.services.voting.models import DecisionIn, VoteIn

OUTSIDE = Path(__file__).resolve().parents[3] / "shared" / "standards" / "fiks-arkiv-v1"
INSIDE = Path(__file__).resolve().parents[2] / "resources" / "standards" / "fiks-arkiv-v1"
NS = {"a": am.NS, "m": am.MDK, "xsi": am.XSI}


@pytest.fixture(scope="module")
def schema() -> etree.XMLSchema:
    if not OUTSIDE.is_dir():
        pytest.skip(f"the shared schemas are not at {OUTSIDE}")
    return etree.XMLSchema(etree.parse(str(OUTSIDE / am.SCHEMA_FILE)))


def _valid(schema: etree.XMLSchema, path: Path) -> etree._Element:
    doc = etree.parse(str(path))
    assert schema.validate(doc), (path.name, [str(e) for e in schema.error_log])
    return doc.getroot()


@pytest.fixture
def constituent(ctx: Context) -> int:
    """The constituent meeting with a saksframlegg and two attachments (one closed) per
    document case, approved."""
    body = make_body(ctx)
    run = run_constituent_meeting(ctx, body)
    cases = meetings.get_meeting(ctx, run["meeting_id"]).cases
    documents = [c for c in cases if c.document_version_id is not None]
    assert len(documents) == 3
    for n, case in enumerate(documents, start=1):
        papers.update_paper(
            ctx,
            papers.PaperIn(case_id=case.id, expected_version=0, background=f"Om {case.title}."),
        )
        papers.add_attachment(
            ctx,
            papers.AttachmentIn(
                case_id=case.id,
                title=f"Innspel {n}",
                filename=f"innspel-{n}.pdf",
                content=make_pdf(f"Opeinnspel{n}"),
            ),
        )
        papers.add_attachment(
            ctx,
            papers.AttachmentIn(
                case_id=case.id,
                title=f"Lukka vedlegg {n}",
                filename=f"lukka-{n}.pdf",
                content=make_pdf(f"LUKKAVEDLEGG{n}"),
                closed=True,
            ),
        )
    minutes.approve_minutes(
        ctx,
        ApproveMinutesIn(
            meeting_id=run["meeting_id"],
            method=ApprovalMethod.SIGNATURES,
            approved_on=dt.date(2024, 12, 13),
            signatory_person_ids=run["signatories"],
        ),
    )
    return int(run["meeting_id"])


@pytest.fixture
def closed_meeting(ctx: Context) -> dict[str, Any]:
    """A meeting with a closed case decided by roll call, the title marked, approved."""
    body = make_body(ctx)
    meeting = plan(ctx, body, dt.date(2024, 12, 11))
    meetings.update_meeting(ctx, UpdateMeetingIn(meeting_id=meeting.id, end_time=dt.time(14)))
    mark = f"KANARI{secrets.token_hex(6).upper()}"
    case = meetings.add_case(
        ctx,
        CaseIn(
            meeting_id=meeting.id,
            title=f"Personalsak {mark}",
            public_title="Personalsak",
            closed=True,
            closure_basis=ClosureBasis.KOML_11_5_3A,
            closure_note="offl. § 13",
            recommendation="Tilrådinga i personalsaka",
        ),
    )
    mid = meeting.id
    for i in range(6):
        attendance.mark_present(ctx, PresenceIn(meeting_id=mid, person_id=body.member(i)))
    attendance.open_meeting(
        ctx, OpenMeetingIn(meeting_id=mid, opened_at=dt.datetime(2024, 12, 11, 10))
    )
    rec = recommendation(ctx, case.id)
    choices = [BallotChoice.FOR, BallotChoice.FOR, BallotChoice.MOT, BallotChoice.FOR]
    ballots = {body.member(i): c for i, c in enumerate(choices)}
    ballots[body.member(4)] = BallotChoice.FOR
    ballots[body.member(5)] = BallotChoice.MOT
    vote = voting.record_vote(
        ctx,
        VoteIn(case_id=case.id, proposal_id=rec.id, method=VoteMethod.ROLL_CALL, ballots=ballots),
    )
    voting.record_decision(
        ctx, DecisionIn(case_id=case.id, vote_id=vote.id, text="Vedtaket i personalsaka")
    )
    attendance.close_meeting(
        ctx, CloseMeetingIn(meeting_id=mid, closed_at=dt.datetime(2024, 12, 11, 12))
    )
    minutes.approve_minutes(
        ctx,
        ApproveMinutesIn(
            meeting_id=mid, method=ApprovalMethod.EMAIL_ROUND, approved_on=dt.date(2024, 12, 20)
        ),
    )
    return {"meeting_id": mid, "case_id": case.id, "mark": mark, "ballots": len(ballots)}


def test_the_apps_schemas_are_the_shared_ones_unchanged() -> None:
    if not OUTSIDE.is_dir():
        pytest.skip(f"the shared schemas are not at {OUTSIDE}")
    names = sorted(p.name for p in OUTSIDE.iterdir() if p.is_file())
    assert am.SCHEMA_FILE in names and "LICENSE" in names
    for name in names:
        assert (INSIDE / name).read_bytes() == (OUTSIDE / name).read_bytes(), name


def test_constituent_meeting_hand_off_validates(
    ctx: Context, constituent: int, schema: etree.XMLSchema, tmp_path: Path
) -> None:
    refs = archive.archive_references(ctx, constituent)
    archive.set_archive_reference(
        ctx,
        ArchiveRefIn(
            meeting_id=constituent,
            case_year=2024,
            case_sequence=812,
            series="MØTEBØKER",
            class_id="033",
            expected_version=0,
        ),
    )
    first = refs.cases[0]
    archive.set_archive_reference(
        ctx,
        ArchiveRefIn(case_id=first.case_id, case_year=2024, case_sequence=77, expected_version=0),
    )
    written = archive.export_arkivmelding(ctx, constituent, tmp_path)
    names = [p.name for p in written.messages]
    assert names[0] == "01_moetemappe.xml"
    assert sum("moetesak" in n for n in names) == len(refs.cases)
    assert [n for n in names if "moetedokument" in n] == [
        f"{len(refs.cases) + 2:02d}_moetedokument_mi.xml",
        f"{len(refs.cases) + 3:02d}_moetedokument_sp.xml",
        f"{len(refs.cases) + 4:02d}_moetedokument_mp.xml",
    ]
    roots = {p.name: _valid(schema, p) for p in written.messages}

    folder = roots["01_moetemappe.xml"].find("a:mappe", NS)
    assert folder is not None
    assert folder.get(f"{{{am.XSI}}}type") == "moetemappe"
    assert folder.findtext("a:mappeID", namespaces=NS) == "2024/812"
    assert folder.findtext("a:arkivdel/m:kode", namespaces=NS) == "MØTEBØKER"
    assert folder.findtext("a:moetedato", namespaces=NS) == "2024-12-11"
    assert len(folder.findall("a:moetedeltaker", NS)) >= 6
    key = folder.findtext("a:referanseEksternNoekkel/m:noekkel", namespaces=NS)

    cases = [roots[n] for n in names if "moetesak" in n]
    for root in cases:
        reg = root.find("a:registrering", NS)
        assert reg is not None and reg.get(f"{{{am.XSI}}}type") == "moetesak"
        assert (
            reg.findtext(
                "a:referanseForelderMappe/m:referanseEksternNoekkel/m:noekkel", namespaces=NS
            )
            == key
        )
    with_vote = [r for r in cases if r.findall("a:registrering/a:vedtak/a:votering", NS)]
    assert with_vote, "the constituent meeting's fee is decided by roll call"
    votes = {v.text for v in with_vote[0].iterfind(".//a:votering/a:stemme", NS)}
    assert votes <= {"Ja", "Nei", "Blankt"} and "Ja" in votes
    first_case = cases[0].find("a:registrering", NS)
    assert first_case is not None
    assert (
        first_case.findtext(
            "a:kryssreferanse/a:referanseTilMappe/m:saksnummer/m:sakssekvensnummer", namespaces=NS
        )
        == "77"
    )

    # the documents lie beside the messages, named and summed in them
    formats = [roots[n].findtext(".//a:format/m:kode", namespaces=NS) for n in names[-3:]]
    assert formats == ["fmt/477", "fmt/276", "fmt/477"]  # PDF/A-2b; the sakspapir as PDF
    for name in names[-3:]:
        obj = roots[name].find(".//a:dokumentobjekt", NS)
        assert obj is not None
        file = written.folder / str(obj.findtext("a:referanseDokumentfil", namespaces=NS))
        data = file.read_bytes()
        assert data.startswith(b"%PDF")
        assert obj.findtext("a:sjekksum", namespaces=NS) == hashlib.sha256(data).hexdigest()
        assert obj.findtext("a:filstoerrelse", namespaces=NS) == str(len(data))
        objects = roots[name].findall(".//a:dokumentobjekt", NS)
        assert roots[name].findtext("a:antallFiler", namespaces=NS) == str(len(objects))
    # the sakspapir: the closed attachments in the archive's variant, not in the public one
    sakspapir = roots[names[-2]]
    variants = {
        str(o.findtext("a:variantformat/m:kode", namespaces=NS)): written.folder
        / str(o.findtext("a:referanseDokumentfil", namespaces=NS))
        for o in sakspapir.iterfind(".//a:dokumentobjekt", NS)
    }
    assert sorted(variants) == ["A", "O"]
    closed = ["LUKKAVEDLEGG1", "LUKKAVEDLEGG2", "LUKKAVEDLEGG3"]
    assert found(closed, "arkiv.pdf", variants["A"].read_bytes()) == set(closed)
    assert_clean(closed, {"offentleg.pdf": variants["O"].read_bytes()})


def test_closed_case_is_skjerma_and_its_title_never_public(
    ctx: Context, closed_meeting: dict[str, Any], schema: etree.XMLSchema, tmp_path: Path
) -> None:
    mid, mark = closed_meeting["meeting_id"], closed_meeting["mark"]
    written = archive.export_arkivmelding(ctx, mid, tmp_path)
    roots = {p.name: _valid(schema, p) for p in written.messages}
    case_roots = [r for n, r in roots.items() if "moetesak" in n]
    closed = [r for r in case_roots if mark in etree.tostring(r, encoding="unicode")]
    assert len(closed) == 1
    reg = closed[0].find("a:registrering", NS)
    assert reg is not None
    assert reg.findtext("a:skjerming/a:tilgangsrestriksjon/m:kode", namespaces=NS) == "13"
    assert reg.findtext("a:skjerming/a:skjermingshjemmel", namespaces=NS) == (
        "koml. § 11-5 (3) a, jf. offl. § 13"
    )
    assert mark in str(reg.findtext("a:tittel", namespaces=NS))  # the archive's own title
    ballots = reg.findall("a:vedtak/a:votering", NS)
    assert len(ballots) == closed_meeting["ballots"]
    assert sorted(str(b.findtext("a:stemme", namespaces=NS)) for b in ballots) == (
        ["Ja"] * 4 + ["Nei"] * 2
    )
    # canary: no public-journal field anywhere names the closed title
    public_fields = [
        el.text or "" for root in roots.values() for el in root.iter(f"{{{am.NS}}}offentligTittel")
    ]
    assert public_fields and not any(mark in t for t in public_fields)
    assert "Personalsak" in " ".join(public_fields)
    # the documents carry an archive and a public variant; the public one is skjerma-free
    docs = [r for n, r in roots.items() if "moetedokument" in n]
    for root in docs:
        variants = [v.text for v in root.iterfind(".//a:variantformat/m:kode", NS)]
        assert variants == ["A", "O"]
        assert root.findtext("a:antallFiler", namespaces=NS) == "2"
        assert root.find(".//a:dokumentbeskrivelse/a:skjerming", NS) is not None
    public_files = [p for p in written.documents if "offentleg" in p.name]
    assert len(public_files) == 3
    assert_clean([mark], {p.name: p.read_bytes() for p in public_files})


def test_an_invalid_message_is_refused_and_nothing_is_written(
    ctx: Context,
    constituent: int,
    database_url: URL,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    build = am.folder_message

    def broken(h: am.Handoff) -> etree._Element:
        root = build(h)
        number = root.find("a:mappe/a:moetenummer", NS)
        assert number is not None
        number.getparent().remove(number)  # required in a moetemappe
        return root

    monkeypatch.setattr(am, "folder_message", broken)
    before = snapshot_all(database_url)
    with pytest.raises(InvalidInput) as refused:
        archive.export_arkivmelding(ctx, constituent, tmp_path)
    assert "Fiks Arkiv-skjemaet" in str(refused.value)
    assert "01_moetemappe.xml" in str(refused.value)
    assert "ingenting er skrive" in str(refused.value)
    assert not (tmp_path / "ut").exists()
    assert snapshot_all(database_url) == before


def test_hand_off_needs_approved_minutes(ctx: Context, tmp_path: Path) -> None:
    body = make_body(ctx)
    meeting = plan(ctx, body, dt.date(2024, 12, 11))
    with pytest.raises(InvalidInput, match="godkjend"):
        archive.export_arkivmelding(ctx, meeting.id, tmp_path / "ut")
    assert not (tmp_path / "ut").exists()


def _receipt(keys: dict[str, dict[str, str]]) -> bytes:
    """A receipt as the archive answers (namespaced, one entry per key)."""
    ns = "https://ks-no.github.io/standarder/fiks-protokoll/fiks-arkiv/arkivmelding/kvittering/v1"
    parts = []
    for key, values in keys.items():
        fields = "".join(f"<{k}>{v}</{k}>" for k, v in values.items())
        parts.append(
            f"<mappeKvittering><referanseEksternNoekkel><fagsystem>dvmeet</fagsystem>"
            f"<noekkel>{key}</noekkel></referanseEksternNoekkel>{fields}</mappeKvittering>"
        )
    body = "".join(parts)
    return f'<?xml version="1.0"?><kvittering xmlns="{ns}">{body}</kvittering>'.encode()


def test_references_read_back_from_a_receipt(
    ctx: Context, closed_meeting: dict[str, Any], database_url: URL, tmp_path: Path
) -> None:
    mid, case_id = closed_meeting["meeting_id"], closed_meeting["case_id"]
    written = archive.export_arkivmelding(ctx, mid, tmp_path / "ut")
    keys = {}
    for path in written.messages:
        root = etree.parse(str(path)).getroot()
        first = root[2]  # mappe or registrering
        keys[path.name] = first.findtext("a:referanseEksternNoekkel/m:noekkel", namespaces=NS)
    folder_key = keys["01_moetemappe.xml"]
    case_key = next(
        v
        for k, v in keys.items()
        if "moetesak" in k and "Personalsak" in (written.folder / k).read_text()
    )
    archive.set_archive_reference(
        ctx, ArchiveRefIn(meeting_id=mid, series="MØTE", expected_version=0)
    )
    receipt = tmp_path / "kvittering.xml"
    receipt.write_bytes(
        _receipt(
            {
                folder_key: {"saksaar": "2024", "sakssekvensnummer": "1501"},
                case_key: {
                    "saksaar": "2024",
                    "sakssekvensnummer": "1502",
                    "journalpostnummer": "4",
                },
            }
        )
    )
    read = archive.import_archive_receipt(ctx, mid, receipt)
    assert len(read.changed) == 2
    refs = archive.archive_references(ctx, mid)
    assert (refs.meeting.case_number, refs.meeting.series) == ("2024/1501", "MØTE")
    case = next(c for c in refs.cases if c.case_id == case_id)
    assert (case.case_number, case.record_number) == ("2024/1502", 4)

    # a bad value, another meeting's receipt or a DTD are refused whole, nothing changed
    before = snapshot_all(database_url)
    bad = tmp_path / "feil.xml"
    bad.write_bytes(_receipt({folder_key: {"saksaar": "24", "sakssekvensnummer": "9"}}))
    with pytest.raises(InvalidInput, match="saksår"):
        archive.import_archive_receipt(ctx, mid, bad)
    other = tmp_path / "anna.xml"
    other.write_bytes(
        _receipt({"ein-annan/moete/1": {"saksaar": "2024", "sakssekvensnummer": "9"}})
    )
    with pytest.raises(InvalidInput, match="nemner ikkje"):
        archive.import_archive_receipt(ctx, mid, other)
    bomb = tmp_path / "dtd.xml"
    bomb.write_bytes(
        b'<?xml version="1.0"?><!DOCTYPE k [<!ENTITY a "aaaa">]><k><referanseEksternNoekkel>'
        b"<noekkel>&a;</noekkel></referanseEksternNoekkel></k>"
    )
    with pytest.raises(InvalidInput, match="kan lesast"):
        archive.import_archive_receipt(ctx, mid, bomb)
    assert snapshot_all(database_url) == before

    # the references are set after approval: the hand-off carries them
    again = archive.export_arkivmelding(ctx, mid, tmp_path / "igjen")
    folder = etree.parse(str(again.messages[0])).getroot()
    assert folder.findtext("a:mappe/a:mappeID", namespaces=NS) == "2024/1501"


def test_reference_validation_and_stale_version(ctx: Context, constituent: int) -> None:
    for fields, words in (
        ({"case_year": 24, "case_sequence": 1}, "fire siffer"),
        ({"case_year": 2024, "case_sequence": 0}, "større enn 0"),
        ({"case_year": 2024}, "både saksår og sekvensnummer"),
        ({"record_number": -3}, "større enn 0"),
    ):
        with pytest.raises(ValueError, match=words):
            ArchiveRefIn(meeting_id=constituent, **fields)
    with pytest.raises(ValueError, match="anten eit møte eller ei sak"):
        ArchiveRefIn(case_year=2024, case_sequence=1)
    first = archive.set_archive_reference(
        ctx, ArchiveRefIn(meeting_id=constituent, record_number=5, expected_version=0)
    )
    with pytest.raises(ChangedElsewhere):
        archive.set_archive_reference(
            ctx, ArchiveRefIn(meeting_id=constituent, record_number=6, expected_version=0)
        )
    again = archive.set_archive_reference(
        ctx,
        ArchiveRefIn(meeting_id=constituent, record_number=6, expected_version=first.version),
    )
    assert again.record_number == 6 and again.version == first.version + 1


def test_command_line_writes_the_hand_off(
    ctx: Context,
    constituent: int,
    database_url: URL,
    tmp_path: Path,
    schema: etree.XMLSchema,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from dvmeet import cli

    db = database_url.render_as_string(hide_password=False)
    code = cli.main(
        ["--database", db, "export", "arkivmelding", str(constituent), str(tmp_path / "ut")]
    )
    assert code == 0, capsys.readouterr().err
    out = capsys.readouterr().out
    (folder,) = (tmp_path / "ut").iterdir()
    messages = sorted(folder.glob("*.xml"))
    assert messages and all(m.name in out for m in messages)
    for m in messages:
        _valid(schema, m)
    assert f"Skreiv {len(messages)} arkivmeldingar" in out
    # a meeting whose minutes are not approved: refused with the reason, nothing written
    planned = plan(ctx, make_body(ctx, code="KD"), dt.date(2025, 3, 1))
    args = [
        "--database",
        db,
        "export",
        "arkivmelding",
        str(planned.id),
        "-o",
        str(tmp_path / "nei"),
    ]
    assert cli.main(args) != 0
    assert "godkjend" in capsys.readouterr().err
    assert not (tmp_path / "nei").exists()
