"""The møtebok read without SQLAlchemy (issue 21: `dvmeet export minutes` as a whole
process): the same document as the services build, for every meeting, internal and
public; the plain path taken only for a plain SQLite file at the head revision, and the
full path for anything else; nothing closed in the public PDF from either path."""

from __future__ import annotations

import io
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from dbtarget import is_postgres
from meeting_setup import make_body, plan
from sqlalchemy.engine import URL

from dvmeet.cli import main
from dvmeet.domain.enums import ClosureBasis
from dvmeet.services import _lookup as lookup
from dvmeet.services import meetings, minutes
from dvmeet.services._letterhead import letterhead
from dvmeet.services.context import Context, open_context
from dvmeet.services.exports import export_minutes_plain
from dvmeet.services.maintenance import fill_demo
from dvmeet.services.meetings.models import (
    CaseIn,
    ReorderCasesIn,
    SendNoticeIn,
    UpdateCaseIn,
    UpdateMeetingIn,
)
from dvmeet.services.minutes._minutes import build_minutes
from dvmeet.services.minutes._plain import draft_document, read_minutes_document
from dvmeet.services.minutes._snapshot import minutes_document_from, signatories_case
from dvmeet.services.minutes.models import CorrectionIn

sqlite_only = pytest.mark.skipif(is_postgres(), reason="the plain path reads SQLite files")

SECRET = "Løyndordet"  # only in the closed case's title, texts and proposals


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The demo (held, approved, under way, planned meetings), then rows of every kind the
    møtebok prints that the demo lacks, written into the meeting under way (6) and the
    planned one (7): a closed case with its decision public and a vote to close, a vote
    that was not quorate, the speakers' list in the minutes, a saksgang, an approval at
    the next meeting, corrections of approved minutes, a change logged after the notice."""
    folder = tmp_path_factory.mktemp("plain")
    path = folder / "demo.sqlite"
    ctx = open_context(path)
    fill_demo(ctx, years=1)
    case = lookup_case(path, 1)
    minutes.add_correction(
        ctx, CorrectionIn(meeting_id=1, target_table="decision", target_id=1, text="Retting")
    )
    minutes.add_correction(
        ctx,
        CorrectionIn(
            meeting_id=1,
            target_table="agenda_case",
            target_id=case,
            text="Rett tittel",
            public_text="Offentleg retting",
            decided_in_case_id=45,
        ),
    )
    minutes.add_correction(
        ctx, CorrectionIn(meeting_id=2, target_table="meeting", target_id=2, text="Møtet")
    )
    _notice_changes(ctx, 7)
    ctx.close()
    with sqlite3.connect(path) as conn:
        _write_rows(conn)
    conn.close()
    yield path


def _notice_changes(ctx: Context, meeting_id: int) -> None:
    """Changes after the notice was sent, through the services: the meeting changed, cases
    added (one closed), renamed, closed with the secret in its title, removed, reordered;
    and sentences stored by earlier versions (a legacy payload) naming closed titles."""
    meetings.send_notice(ctx, SendNoticeIn(meeting_id=meeting_id))
    meetings.update_meeting(ctx, UpdateMeetingIn(meeting_id=meeting_id, place="Florø"))
    added = meetings.add_case(ctx, CaseIn(meeting_id=meeting_id, title="Ny open sak"))
    hidden = meetings.add_case(
        ctx,
        CaseIn(
            meeting_id=meeting_id,
            title=f"Lukka {SECRET}",
            public_title="Lukka personalsak",
            closed=True,
            closure_basis=ClosureBasis.KOML_11_5_3A,
        ),
    )
    meetings.update_case(ctx, UpdateCaseIn(case_id=added.id, title=f"Omdøypt {SECRET}"))
    meetings.update_case(
        ctx,
        UpdateCaseIn(
            case_id=added.id,
            closed=True,
            closure_basis=ClosureBasis.KOML_11_5_3A,
            public_title="Offentleg namn",
        ),
    )
    gone = meetings.add_case(ctx, CaseIn(meeting_id=meeting_id, title=f"Borte {SECRET}"))
    meetings.update_case(
        ctx,
        UpdateCaseIn(
            case_id=gone.id,
            closed=True,
            closure_basis=ClosureBasis.KOML_11_5_2,
            public_title="Teken av",
        ),
    )
    meetings.remove_case(ctx, gone.id)
    order = [c.id for c in meetings.get_meeting(ctx, meeting_id).cases]
    meetings.reorder_cases(
        ctx,
        ReorderCasesIn(
            meeting_id=meeting_id, case_ids=[*order[:2], order[3], order[2], *order[4:]]
        ),
    )
    for description in (f"Ny sak PS 099/26: Lukka {SECRET}", f"Ny referatsak: Borte {SECRET}",
                        "Ny sak PS 098/26: Ny open sak", "Møtet er flytta"):  # fmt: skip
        ctx_audit(ctx, meeting_id, {"description": description})
    assert hidden.closed


def ctx_audit(ctx: Context, meeting_id: int, payload: dict[str, str]) -> None:
    with ctx.unit_of_work() as uow:
        uow.audit("notice.changed", "meeting", meeting_id, payload)


def lookup_case(path: Path, meeting_id: int) -> int:
    with sqlite3.connect(path) as conn:
        found = conn.execute(
            "SELECT id FROM agenda_case WHERE meeting_id = ? ORDER BY position DESC LIMIT 1",
            (meeting_id,),
        ).fetchone()
    conn.close()
    return int(found[0])


def _write_rows(conn: sqlite3.Connection) -> None:
    now = "2026-12-06 10:00:00.000000"
    # a closed case in the meeting under way, its content carrying the secret word
    conn.execute(
        "UPDATE agenda_case SET closed = 1, closure_basis = 'koml_11_5_3a', "
        "closure_note = 'jf. offl. § 13', public_title = 'Personalsak', decision_public = 0, "
        f"title = 'Tilsetjing {SECRET}', recommendation = 'Innstilling {SECRET}', "
        f"handling = 'Handsaming {SECRET}' WHERE id = 43"
    )
    conn.execute(
        "INSERT INTO proposal (meeting_id, case_id, kind, text, proposer_person_id, position, "
        f"withdrawn, created_at) VALUES (6, 43, 'alternative', 'Framlegg {SECRET}', "
        "(SELECT person_id FROM attendance_event WHERE meeting_id = 6 LIMIT 1), 5, 0, ?)",
        (now,),
    )
    conn.execute(
        "INSERT INTO decision (meeting_id, case_id, text, unanimous, created_at) "
        f"VALUES (6, 43, 'Vedtak {SECRET}', 1, ?)",
        (now,),
    )
    # a closed case whose decision is public, with the body's vote to close the meeting
    conn.execute(
        "UPDATE agenda_case SET closed = 1, closure_basis = 'koml_11_5_2', public_title = NULL, "
        "decision_public = 1 WHERE id = 44"
    )
    conn.execute(
        "INSERT INTO decision (meeting_id, case_id, text, unanimous, created_at) "
        "VALUES (6, 44, 'Budsjettet er vedteke.', 0, ?)",
        (now,),
    )
    for case_id, outcome, votes_for, against in ((44, "adopted", 5, 2), (43, "rejected", 2, 5)):
        conn.execute(
            "INSERT INTO vote (meeting_id, case_id, kind, method, round_no, votes_for, "
            "votes_against, votes_blank, eligible, seats, quorate, outcome, casting_vote_used, "
            "unanimous, reason, recorded_at) VALUES (6, ?, 'closure', 'counts', 1, ?, ?, 0, 7, "
            "9, 1, ?, 0, 0, '', ?)",
            (case_id, votes_for, against, outcome, now),
        )
    # a vote that was not quorate, in an open case
    conn.execute(
        "INSERT INTO vote (meeting_id, case_id, kind, method, round_no, votes_for, "
        "votes_against, votes_blank, eligible, seats, quorate, outcome, casting_vote_used, "
        "unanimous, reason, recorded_at) VALUES (6, 45, 'ordinary', 'counts', 1, 2, 1, 0, 3, "
        "40, 0, 'not_quorate', 0, 0, '', ?)",
        (now,),
    )
    # the speakers' list kept in the minutes of the body
    conn.execute(
        "INSERT OR REPLACE INTO speaker_settings (body_id, version, in_minutes) VALUES (1, 1, 1)"
    )
    people = [r[0] for r in conn.execute("SELECT person_id FROM membership WHERE body_id = 1")]
    for n, (case_id, kind) in enumerate(
        ((45, "innlegg"), (45, "replikk"), (45, "innlegg"), (43, "innlegg"))
    ):
        conn.execute(
            "INSERT INTO speaker_entry (version, meeting_id, case_id, person_id, kind, position, "
            "requested_at, started_at) VALUES (1, 6, ?, ?, ?, ?, ?, ?)",
            (case_id, people[n], kind, n + 1, now, f"2026-12-06 10:0{n}:00.000000"),
        )
    conn.execute(  # one waiting, never started: not printed
        "INSERT INTO speaker_entry (version, meeting_id, case_id, person_id, kind, position, "
        "requested_at) VALUES (1, 6, 45, ?, 'innlegg', 9, ?)",
        (people[5], now),
    )
    # a saksgang: KDM (not yet planned), then this case in the RS
    route = conn.execute("INSERT INTO case_route (version, updated_at) VALUES (1, ?)", (now,))
    conn.execute(
        "INSERT INTO case_route_step (route_id, position, body_id, case_id) VALUES (?, 1, 2, 50)",
        (route.lastrowid,),
    )
    conn.execute(
        "INSERT INTO case_route_step (route_id, position, body_id, case_id) VALUES (?, 2, 1, 45)",
        (route.lastrowid,),
    )
    conn.execute(
        "INSERT INTO case_route_step (route_id, position, body_id) VALUES (?, 3, 3)",
        (route.lastrowid,),
    )
    # disqualification questions of every kind in the open case 45: open (a deputy called),
    # found not disqualified without a vote, decided by a split vote with a casting vote
    # in which all took part, and one whose only vote was not quorate
    questions = (
        ("fvl_6_1_a", None, people[6], None, 0),
        ("fvl_6_1_b", 0, None, 5, 0),
        ("fvl_6_2", 1, people[7], None, 1),
        ("koml_11_10_preparer", 1, None, 4, 0),
    )
    made = []
    for n, (ground, decided, deputy, participants, everyone) in enumerate(questions):
        made.append(
            conn.execute(
                "INSERT INTO disqualification (meeting_id, case_id, person_id, ground, decided, "
                "deputy_person_id, participants, all_took_part) VALUES (6, 45, ?, ?, ?, ?, ?, ?)",
                (people[10 + n], ground, decided, deputy, participants, everyone),
            ).lastrowid
        )
    for question, outcome, unanimous, casting in (
        (made[2], "adopted", 0, 1),
        (made[3], "not_quorate", 0, 0),
    ):
        vote = conn.execute(
            "INSERT INTO vote (meeting_id, case_id, kind, method, disqualification_id, round_no, "
            "votes_for, votes_against, votes_blank, eligible, seats, quorate, outcome, "
            "casting_vote_used, unanimous, reason, recorded_at) VALUES (6, 45, "
            "'disqualification', 'roll_call', ?, 1, 2, 2, 0, 4, 40, 1, ?, ?, ?, '', ?)",
            (question, outcome, casting, unanimous, now),
        ).lastrowid
        for person, choice in zip(people[14:18], ("for", "for", "mot", "mot"), strict=True):
            conn.execute(
                "INSERT INTO ballot (meeting_id, vote_id, person_id, choice, weight) "
                "VALUES (6, ?, ?, ?, 1)",
                (vote, person, choice),
            )
    # minutes approved at the next meeting (no snapshot: the draft path prints the approval)
    minutes_id = conn.execute(
        "INSERT INTO minutes (meeting_id, status, remarks, approval_method, approved_on, "
        "approved_in_meeting_id, audit_head, version) VALUES (6, 'approved', 'Merknad', "
        "'next_meeting', '2026-12-14', 7, 'abc', 1)"
    ).lastrowid
    for person, chair in ((people[1], 0), (people[2], 0), (people[0], 1)):
        conn.execute(
            "INSERT INTO minutes_signatory (minutes_id, meeting_id, person_id, is_chair) "
            "VALUES (?, 6, ?, ?)",
            (minutes_id, person, chair),
        )


def _services_document(path: Path, meeting_id: int, public: bool) -> tuple[object, object]:
    """(minutes_document, the document build_minutes makes from today's rows)."""
    ctx = open_context(path)
    try:
        document = minutes.minutes_document(ctx, meeting_id, public=public)
        with ctx.reading() as s:
            meeting = lookup.meeting(s, meeting_id)
            draft = minutes_document_from(
                build_minutes(s, meeting, public=public),
                signatories_case=signatories_case(meeting),
                letterhead=letterhead(s),
            )
        return document, draft
    finally:
        ctx.close()


def _read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)


def _meeting_ids(path: Path) -> list[int]:
    with closing_conn(path) as conn:
        return [int(r[0]) for r in conn.execute("SELECT id FROM meeting ORDER BY id")]


class closing_conn:  # a context manager read like a function
    def __init__(self, path: Path) -> None:
        self.conn = _read_only(path)

    def __enter__(self) -> sqlite3.Connection:
        return self.conn

    def __exit__(self, *exc: object) -> None:
        self.conn.close()


def _logged_change(path: Path, meeting_id: int) -> None:
    with sqlite3.connect(path) as conn:
        conn.execute(
            "INSERT INTO audit_event (at, actor, action, entity, entity_id, payload, prev_hash, "
            "hash) VALUES ('2026-12-06 11:00:00.000000', 'test', 'notice.changed', 'meeting', ?, "
            "'{\"change\": \"moved_to_the_moon\"}', 'x', 'y')",
            (meeting_id,),
        )
    conn.close()


@sqlite_only
@pytest.mark.parametrize("public", [False, True], ids=["intern", "offentleg"])
def test_every_meeting_gives_the_services_document(demo: Path, public: bool) -> None:
    """Every meeting of the demo and of the rows added to it: the plain reader's document
    equals the services' (the approved ones from their snapshot and corrections), and its
    draft from today's rows equals build_minutes' for every meeting, approved ones too."""
    with closing_conn(demo) as conn:
        for meeting_id in _meeting_ids(demo):
            document, draft = _services_document(demo, meeting_id, public)
            plain = read_minutes_document(conn, meeting_id, public=public)
            assert plain is not None, meeting_id
            assert plain == document, meeting_id
            assert plain.model_dump() == document.model_dump(), meeting_id  # type: ignore[attr-defined]
            plain_draft = draft_document(conn, meeting_id, public=public)
            assert plain_draft == draft, meeting_id
            assert plain_draft.model_dump() == draft.model_dump(), meeting_id  # type: ignore[attr-defined]


@sqlite_only
def test_the_added_rows_are_in_the_documents(demo: Path) -> None:
    """The rows the fixture adds are printed (else the equality above proves little)."""
    with closing_conn(demo) as conn:
        six = read_minutes_document(conn, 6, public=False)
        six_public = read_minutes_document(conn, 6, public=True)
        one = read_minutes_document(conn, 1, public=True)
    assert six is not None and six_public is not None and one is not None
    cases = {c.label: c for c in six.minutes.cases}
    assert any(c.speakers for c in cases.values())
    assert any(len(c.saksgang) == 3 for c in cases.values())
    assert any(
        v.text.endswith("det vart ikkje gjort vedtak.") for c in cases.values() for v in c.votes
    )
    assert {p.decision for p in six.minutes.closed_parts} >= {
        "Vedteke med 5 mot 2 røyster",
        "Ikkje vedteke (2 for, 5 mot): møtet vart ikkje lukka",
    }
    questions = next(c.disqualification for c in cases.values() if len(c.disqualification) == 4)
    assert any("vart ikkje avgjort" in q for q in questions)
    assert any("Røystelikskap" in q and "alle medlemene" in q for q in questions)
    assert any(q.startswith("Organet fann") and "Vedtaksfør: 4 av" in q for q in questions)
    approval = six.minutes.approval
    assert approval is not None and approval.approved_in is not None and approval.chair
    withheld = [c for c in six_public.minutes.cases if c.withheld]
    assert len(withheld) == 2
    assert {c.decision for c in withheld} == {None, "Budsjettet er vedteke."}
    with closing_conn(demo) as conn:
        seven = read_minutes_document(conn, 7, public=True)
        seven_internal = read_minutes_document(conn, 7, public=False)
    assert seven is not None and seven_internal is not None
    logged = [r for r in seven.minutes.notice_remarks if r.startswith("Endring etter")]
    assert len(logged) >= 10
    assert SECRET not in " ".join(seven.minutes.notice_remarks)
    assert SECRET in " ".join(seven_internal.minutes.notice_remarks)
    assert [c.text for c in one.corrections] == ["Retting", "Offentleg retting"]
    assert one.corrections[1].decided_in is not None


@sqlite_only
def test_a_closed_case_stays_out_of_the_public_documents(demo: Path) -> None:
    with closing_conn(demo) as conn:
        internal = read_minutes_document(conn, 6, public=False)
        public = read_minutes_document(conn, 6, public=True)
    assert internal is not None and public is not None
    assert SECRET in internal.model_dump_json()
    assert SECRET not in public.model_dump_json()


def _pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(path.read_bytes())).pages)


def _cli(
    db: Path, meeting_id: int, out: Path, *extra: str, full: bool = False
) -> tuple[int, str, str]:
    import os

    env = {k: v for k, v in os.environ.items() if k != "DVMEET_MINUTES_FULL"}
    if full:
        env["DVMEET_MINUTES_FULL"] = "1"
    code = (
        "import sys\n"
        "from dvmeet.cli import main\n"
        "code = main(sys.argv[1:])\n"
        "print('sqlalchemy' in sys.modules, 'dvmeet.db.models' in sys.modules)\n"
        "sys.exit(code)\n"
    )
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            code,
            "--database",
            str(db),
            "export",
            "minutes",
            str(meeting_id),
            "-o",
            str(out),
            *extra,
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    return done.returncode, done.stdout, done.stderr


@sqlite_only
def test_the_command_takes_the_plain_path_and_writes_what_the_full_path_writes(
    demo: Path, tmp_path: Path
) -> None:
    """`dvmeet export minutes` on a plain SQLite file imports neither SQLAlchemy nor the
    ORM, says what the full path says and writes the same approved møtebok byte for byte;
    a draft's public PDF has no word of the closed case from either path."""
    db = tmp_path / "copy.sqlite"
    shutil.copyfile(demo, db)
    for meeting_id, extra in ((1, ()), (1, ("--public",)), (2, ("--pdfa",))):
        plain, full = tmp_path / "plain.pdf", tmp_path / "full.pdf"
        rc, out, err = _cli(db, meeting_id, plain, *extra)
        assert rc == 0, err
        lines = out.splitlines()
        assert lines[-1] == "False False"  # no SQLAlchemy, no ORM
        rc_full, out_full, err_full = _cli(db, meeting_id, full, *extra, full=True)
        assert rc_full == 0, err_full
        assert out_full.splitlines()[-1] == "True True"
        assert lines[0] == out_full.splitlines()[0].replace(str(full), str(plain))
        if "--pdfa" in extra:  # the PDF/A writer's colour profile differs run to run
            assert b"/OutputIntents" in plain.read_bytes()
            assert _pdf_text(plain) == _pdf_text(full)
        else:
            assert plain.read_bytes() == full.read_bytes()  # approved: stamped, same bytes
    for full_path in (False, True):
        pdf = tmp_path / f"public-{full_path}.pdf"
        rc, out, err = _cli(db, 6, pdf, "--public", full=full_path)
        assert rc == 0, err
        text = _pdf_text(pdf)
        assert "Personalsak" in text and SECRET not in text
    internal = tmp_path / "internal.pdf"
    assert _cli(db, 6, internal)[0] == 0
    assert SECRET in _pdf_text(internal)


@sqlite_only
def test_a_draft_renders_to_the_same_bytes_from_either_document(
    demo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reportlab import rl_config

    from dvmeet.documents.minutes import minutes_pdf

    monkeypatch.setattr(rl_config, "invariant", 1)  # no clock, no random /ID in the file
    document, _draft = _services_document(demo, 6, False)
    with closing_conn(demo) as conn:
        plain = read_minutes_document(conn, 6, public=False)
    assert plain is not None
    assert minutes_pdf(plain) == minutes_pdf(document)  # type: ignore[arg-type]


@sqlite_only
def test_a_missing_meeting_gives_the_full_paths_message(demo: Path, tmp_path: Path) -> None:
    db = tmp_path / "copy.sqlite"
    shutil.copyfile(demo, db)
    plain = _cli(db, 999, tmp_path / "a.pdf")
    full = _cli(db, 999, tmp_path / "b.pdf", full=True)
    assert plain[0] == full[0] == 2
    assert plain[2] == full[2] and "999" in plain[2]
    assert not (tmp_path / "a.pdf").exists()


@sqlite_only
def test_the_full_path_for_anything_unusual(
    demo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """None (nothing written, the caller opens the database properly) for a URL, a forced
    full path, a -wal or restore left-over beside the file, another revision, a damaged
    file and a change logged after the notice; the file is never written to."""
    db = tmp_path / "copy.sqlite"
    shutil.copyfile(demo, db)
    out = tmp_path / "m.pdf"

    def plain() -> object:
        return export_minutes_plain(str(db), 6, out, public=False)

    before = db.read_bytes()
    assert plain() is not None and out.exists()
    beside = sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(db.name))
    assert beside == [db.name, f"{db.name}.lock"]  # no -wal, no -shm: nothing written
    out.unlink()
    assert export_minutes_plain(f"sqlite:///{db}", 6, out, public=False) is None
    monkeypatch.setenv("DVMEET_MINUTES_FULL", "1")
    assert plain() is None
    monkeypatch.delenv("DVMEET_MINUTES_FULL")
    for beside in ("-wal", "-journal", "-shm", ".restore-state", ".replaced-20261206"):
        left = db.with_name(db.name + beside)
        left.write_bytes(b"x")
        assert plain() is None, beside
        left.unlink()
    assert db.read_bytes() == before and not out.exists()
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0028'")
    conn.close()
    assert plain() is None
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE alembic_version SET version_num = ?", (_head(),))
    conn.close()
    assert plain() is not None
    out.unlink()
    _logged_change(db, 6)
    assert plain() is None  # a change this version does not know: the full path's
    with closing_conn(db) as conn:
        assert read_minutes_document(conn, 6, public=True) is None
    damaged = tmp_path / "damaged.sqlite"
    data = bytearray(db.read_bytes())
    data[4096 * 3 : 4096 * 3 + 200] = b"\xff" * 200
    damaged.write_bytes(bytes(data))
    assert export_minutes_plain(str(damaged), 6, out, public=False) is None
    assert not out.exists()


def _head() -> str:
    from dvmeet.db.revisions import head_revision

    return head_revision()


def test_the_plain_reader_imports_neither_sqlalchemy_nor_the_storage_layer() -> None:
    code = (
        "import sys\n"
        "import dvmeet.services.minutes._plain, dvmeet.services.exports._plain\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'sqlalchemy'"
        " or m.startswith('dvmeet.db')))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert done.stdout.strip() == "[]"


@sqlite_only
def test_main_in_process_still_exports(demo: Path, tmp_path: Path) -> None:
    db = tmp_path / "copy.sqlite"
    shutil.copyfile(demo, db)
    out = tmp_path / "m.pdf"
    assert main(["--database", str(db), "export", "minutes", "7", "-o", str(out)]) == 0
    assert out.read_bytes().startswith(b"%PDF")


def test_the_reader_fills_every_field_of_the_document_models() -> None:
    """A new fact in the møtebok (a field of its models) must be read by the plain reader
    too: until `_plain.KNOWN_FIELDS` names it, the reader answers None (the full path)."""
    from dvmeet.services.minutes._plain import unknown_fields

    assert unknown_fields() == {}, (
        "fill the new fields in dvmeet/services/minutes/_plain.py as the services do, "
        "then name them in KNOWN_FIELDS"
    )


def test_a_database_url_takes_the_full_path(
    ctx: Context, database_url: URL, tmp_path: Path
) -> None:
    """A URL (PostgreSQL, or a SQLite file named by URL) is never read by the plain path;
    the command exports through the full path as before, on either engine."""
    meeting = plan(ctx, make_body(ctx))
    url = database_url.render_as_string(hide_password=False)
    out = tmp_path / "m.pdf"
    assert export_minutes_plain(url, meeting.id, out, public=False) is None
    assert not out.exists()
    assert main(["--database", url, "export", "minutes", str(meeting.id), "-o", str(out)]) == 0
    assert out.read_bytes().startswith(b"%PDF")
