"""The facts digest of approved minutes (B-3): `check` recomputes, for every approved
meeting, the digest of the rows it owns, so a frozen row changed, added or removed with
the database's triggers dropped is found and named; corrections are held against their
audit events. Both engines."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from meeting_setup import make_body, plan
from sqlalchemy import Connection, text
from test_constituent_meeting import run_constituent_meeting

from dvmeet.db.models import Minutes
from dvmeet.domain.enums import ApprovalMethod
from dvmeet.services import minutes, registry
from dvmeet.services.context import Context
from dvmeet.services.maintenance import check_database
from dvmeet.services.minutes import _facts
from dvmeet.services.minutes.models import ApproveMinutesIn, CorrectionIn
from dvmeet.services.registry.models import PersonUpdate

APPROVED_ON = dt.date(2024, 12, 13)


@pytest.fixture
def approved(ctx: Context) -> dict[str, Any]:
    body = make_body(ctx)
    run = run_constituent_meeting(ctx, body)
    minutes.approve_minutes(
        ctx,
        ApproveMinutesIn(
            meeting_id=run["meeting_id"],
            method=ApprovalMethod.SIGNATURES,
            approved_on=APPROVED_ON,
            signatory_person_ids=run["signatories"],
        ),
    )
    run["body"] = body
    with ctx.reading() as s:
        kept = s.query(Minutes).filter_by(meeting_id=run["meeting_id"]).one()
        run["facts_hash"] = kept.facts_hash
        run["snapshot"] = kept.snapshot
        run["public_pdf_hash"] = kept.public_pdf_hash
    run["named"] = f"{registry.get_body(ctx, body.code).name} 11.12.2024"
    return run


def _postgres(ctx: Context) -> bool:
    return ctx.db.engine.dialect.name == "postgresql"


@contextmanager
def without_triggers(ctx: Context, *tables: str) -> Iterator[Connection]:
    """An insider's connection with the triggers of `tables` out of the way: dropped on
    SQLite (sqlite3 on the file), disabled on PostgreSQL (the owner)."""
    with ctx.db.engine.begin() as conn:
        for table in tables:
            if _postgres(ctx):
                conn.execute(text(f"ALTER TABLE {table} DISABLE TRIGGER USER"))
            else:
                names = conn.execute(
                    text("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = :t"),
                    {"t": table},
                ).scalars()
                for name in list(names):
                    conn.execute(text(f'DROP TRIGGER "{name}"'))
        yield conn
        if _postgres(ctx):
            for table in tables:
                conn.execute(text(f"ALTER TABLE {table} ENABLE TRIGGER USER"))


def _facts_problems(ctx: Context) -> list[str]:
    return [p for p in check_database(ctx).problems if "summen av radene" in p]


def test_approval_keeps_the_digest_and_check_recomputes_it(
    ctx: Context, approved: dict[str, Any]
) -> None:
    assert approved["facts_hash"] and len(approved["facts_hash"]) == 64
    assert approved["public_pdf_hash"] and len(approved["public_pdf_hash"]) == 64
    columns = _facts.manifest_of(approved["snapshot"])
    assert columns == _facts.manifest()
    with ctx.reading() as s:
        assert _facts.facts_digest(s, approved["meeting_id"], columns) == approved["facts_hash"]
        rows = _facts.owned_rows(s, approved["meeting_id"], columns)
    for table in ("meeting", "agenda_case", "vote", "ballot", "decision", "minutes"):
        assert rows[table], table
    report = check_database(ctx)
    assert report.clean, report.problems
    assert report.notes == []


def test_the_digest_covers_every_table_the_freeze_triggers_protect(ctx: Context) -> None:
    """A table a later migration freezes with its meeting must join the digest too."""
    with ctx.db.engine.connect() as conn:
        if _postgres(ctx):
            names = conn.execute(
                text(
                    "SELECT DISTINCT event_object_table FROM information_schema.triggers "
                    "WHERE trigger_name LIKE 'trg\\_%\\_owner' "
                    "OR trigger_name LIKE 'trg\\_meeting\\_frozen\\_%'"
                )
            ).scalars()
        else:
            names = conn.execute(
                text(
                    "SELECT DISTINCT tbl_name FROM sqlite_master WHERE type = 'trigger' AND "
                    "(name LIKE 'trg\\_%\\_owner\\_insert' ESCAPE '\\' "
                    "OR name LIKE 'trg\\_meeting\\_frozen\\_%' ESCAPE '\\')"
                )
            ).scalars()
        frozen = set(names)
    assert frozen == set(_facts.OWNERS)


@pytest.mark.parametrize(
    "move",
    [
        "UPDATE ballot SET choice = CASE WHEN choice = 'for' THEN 'mot' ELSE 'for' END "
        "WHERE id = (SELECT min(b.id) FROM ballot b JOIN vote v ON v.id = b.vote_id "
        "WHERE v.meeting_id = :m)",
        "DELETE FROM ballot WHERE id = (SELECT max(b.id) FROM ballot b JOIN vote v "
        "ON v.id = b.vote_id WHERE v.meeting_id = :m)",
        "UPDATE decision SET text = text || ' (endra)' WHERE meeting_id = :m",
        "UPDATE meeting SET place = 'Ein annan stad' WHERE id = :m",
        "UPDATE attendance_event SET kind = 'forfall' WHERE id = "
        "(SELECT min(id) FROM attendance_event WHERE meeting_id = :m)",
        "UPDATE minutes SET approved_on = '2024-12-20' WHERE meeting_id = :m",
    ],
    ids=[
        "ballot-changed",
        "ballot-deleted",
        "decision-text",
        "meeting-place",
        "attendance",
        "approval-date",
    ],
)
def test_a_frozen_row_changed_with_the_triggers_dropped_is_found(
    ctx: Context, approved: dict[str, Any], move: str
) -> None:
    tables = ("ballot", "decision", "meeting", "attendance_event", "minutes")
    with without_triggers(ctx, *tables) as conn:
        changed = conn.execute(text(move), {"m": approved["meeting_id"]})
        assert changed.rowcount >= 1
    found = _facts_problems(ctx)
    assert found == [
        f"Opplysningane i møtet {approved['named']} er endra etter at møteboka vart godkjend "
        "(summen av radene møtet eig, stemmer ikkje)"
    ]


def test_a_ballot_added_under_another_meetings_id_is_found(
    ctx: Context, approved: dict[str, Any]
) -> None:
    """Found through its vote, though its own meeting_id names another (open) meeting."""
    other = plan(ctx, approved["body"], dt.date(2025, 3, 4)).id
    with without_triggers(ctx, "ballot") as conn:
        vote = conn.execute(
            text("SELECT min(id) FROM vote WHERE meeting_id = :m"), {"m": approved["meeting_id"]}
        ).scalar_one()
        person = conn.execute(
            text(
                "SELECT min(id) FROM person WHERE id NOT IN (SELECT person_id FROM ballot "
                "WHERE vote_id = :v)"
            ),
            {"v": vote},
        ).scalar_one()
        conn.execute(
            text(
                "INSERT INTO ballot (vote_id, meeting_id, person_id, choice, weight) "
                "VALUES (:v, :o, :p, 'for', 1)"
            ),
            {"v": vote, "o": other, "p": person},
        )
    assert len(_facts_problems(ctx)) == 1


def test_registry_changes_after_approval_are_not_changes_of_the_record(
    ctx: Context, approved: dict[str, Any]
) -> None:
    signer = approved["signatories"][0]
    registry.update_person(ctx, PersonUpdate(id=signer, name="Nytt Namn"))
    assert check_database(ctx).clean


def test_the_columns_kept_at_approval_are_the_ones_checked(
    ctx: Context, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Minutes approved before a migration added a column to an owned table keep their
    digest: check uses the columns the snapshot kept, not the schema of today."""
    body = make_body(ctx)
    run = run_constituent_meeting(ctx, body)
    monkeypatch.setattr(_facts, "LEFT_OUT", _facts.LEFT_OUT | {("agenda_case", "title")})
    minutes.approve_minutes(
        ctx,
        ApproveMinutesIn(
            meeting_id=run["meeting_id"],
            method=ApprovalMethod.SIGNATURES,
            approved_on=APPROVED_ON,
            signatory_person_ids=run["signatories"],
        ),
    )
    monkeypatch.undo()
    with ctx.reading() as s:
        kept = s.query(Minutes).filter_by(meeting_id=run["meeting_id"]).one()
        columns = _facts.manifest_of(kept.snapshot or "")
    assert columns is not None and "title" not in columns["agenda_case"]
    assert "title" in _facts.manifest()["agenda_case"]
    report = check_database(ctx)
    assert report.clean, report.problems


def _as_before_0009(ctx: Context, meeting_id: int) -> None:
    """Minutes as approved before migration 0009: no digest and no column list, with a
    snapshot hash that holds (so only the missing digest is at issue)."""
    with without_triggers(ctx, "minutes") as conn:
        snapshot = conn.execute(
            text("SELECT snapshot FROM minutes WHERE meeting_id = :m"), {"m": meeting_id}
        ).scalar_one()
        kept = json.loads(snapshot)
        del kept["fakta"]
        from dvmeet.db.audit import canonical_json
        from dvmeet.services.minutes._snapshot import digest

        old = canonical_json(kept)
        conn.execute(
            text(
                "UPDATE minutes SET snapshot = :s, snapshot_hash = :h, facts_hash = NULL, "
                "public_pdf_hash = NULL WHERE meeting_id = :m"
            ),
            {"s": old, "h": digest(old), "m": meeting_id},
        )


def test_minutes_approved_before_digests_are_noted_not_certified(
    ctx: Context, approved: dict[str, Any]
) -> None:
    _as_before_0009(ctx, approved["meeting_id"])
    report = check_database(ctx)
    assert report.clean, report.problems
    assert report.notes == [
        f"Møteboka for {approved['named']} vart godkjend før dvmeet tok vare på ein sum av "
        "opplysningane i møtet, så endringar i dei kan ikkje finnast for denne møteboka "
        "(innhaldet i sjølve møteboka blir kontrollert)"
    ]


def test_a_digest_removed_is_found(ctx: Context, approved: dict[str, Any]) -> None:
    with without_triggers(ctx, "minutes") as conn:
        conn.execute(
            text("UPDATE minutes SET facts_hash = NULL WHERE meeting_id = :m"),
            {"m": approved["meeting_id"]},
        )
    problems = check_database(ctx).problems
    assert problems == [
        f"Summen av opplysningane i den godkjende møteboka for {approved['named']} er fjerna "
        "eller øydelagd etter godkjenninga"
    ]


def test_a_meeting_unlocked_is_found(ctx: Context, approved: dict[str, Any]) -> None:
    with without_triggers(ctx, "meeting") as conn:
        conn.execute(
            text("UPDATE meeting SET frozen = :f WHERE id = :m"),
            {"f": False, "m": approved["meeting_id"]},
        )
    problems = check_database(ctx).problems
    assert problems == [
        f"Møteboka for {approved['named']} er godkjend, men møtet er ikkje lenger låst: "
        "låsen er teken av utanom dvmeet"
    ]


def _correct(ctx: Context, approved: dict[str, Any]) -> int:
    out = minutes.add_correction(
        ctx,
        CorrectionIn(
            meeting_id=approved["meeting_id"],
            target_table="decision",
            target_id=1,
            text="Vedtaket skal lyde: Representantskapet godkjende mandatet.",
        ),
    )
    return out.id


def test_a_correction_is_a_linked_record_not_a_change(
    ctx: Context, approved: dict[str, Any]
) -> None:
    _correct(ctx, approved)
    assert check_database(ctx).clean


@pytest.mark.parametrize(
    ("move", "expected"),
    [
        (
            "DELETE FROM correction WHERE id = :c",
            "er sletta: revisjonsloggen har ho, men ho finst ikkje lenger",
        ),
        (
            "UPDATE correction SET text = 'Noko anna' WHERE id = :c",
            "er endra etter at ho vart ført: ho stemmer ikkje med revisjonsloggen",
        ),
    ],
    ids=["deleted", "edited"],
)
def test_a_correction_deleted_or_edited_is_found(
    ctx: Context, approved: dict[str, Any], move: str, expected: str
) -> None:
    cid = _correct(ctx, approved)
    with without_triggers(ctx, "correction") as conn:
        conn.execute(text(move), {"c": cid})
    assert check_database(ctx).problems == [
        f"Retting nr. {cid} til møteboka for {approved['named']} {expected}"
    ]


def test_a_correction_slipped_in_without_the_log_is_found(
    ctx: Context, approved: dict[str, Any]
) -> None:
    """The triggers let a correction be inserted; one that dvmeet did not log is named."""
    with ctx.db.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO correction (meeting_id, target_table, target_id, text, created_at) "
                "VALUES (:m, 'decision', 1, 'Innsmett', :t)"
            ),
            {"m": approved["meeting_id"], "t": dt.datetime(2024, 12, 20, 12, 0)},
        )
        cid = conn.execute(text("SELECT max(id) FROM correction")).scalar_one()
    assert check_database(ctx).problems == [
        f"Retting nr. {cid} til møteboka for {approved['named']} finst ikkje i "
        "revisjonsloggen: ho er lagd inn utanom dvmeet"
    ]
