"""Approved minutes are kept as a snapshot (B-3): later exports render from it, so
today's registry (a renamed person or body) never changes an approved møtebok; the
snapshot's hash is printed in it, and `check` finds a snapshot edited behind the
database's back."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from doc_helpers import pdf_text
from sqlalchemy import text

from dvmeet.db.models import Minutes
from dvmeet.documents.minutes import minutes_pdf
from dvmeet.domain.enums import ApprovalMethod
from dvmeet.services import minutes, registry
from dvmeet.services.context import Context
from dvmeet.services.maintenance import check_database
from dvmeet.services.minutes.models import ApproveMinutesIn
from dvmeet.services.registry.models import BodyUpdate, PersonUpdate


def _approve(ctx: Context, held: dict[str, Any]) -> int:
    mid = int(held["meeting_id"])
    minutes.approve_minutes(
        ctx,
        ApproveMinutesIn(
            meeting_id=mid,
            method=ApprovalMethod.SIGNATURES,
            approved_on=dt.date(2024, 12, 13),
            signatory_person_ids=held["signatories"],
        ),
    )
    return mid


def _kept(ctx: Context, mid: int) -> Minutes:
    with ctx.reading() as s:
        row = s.query(Minutes).filter_by(meeting_id=mid).one()
        s.expunge(row)
        return row


def test_renaming_after_approval_leaves_the_minutes_as_approved(
    ctx: Context, held: dict[str, Any]
) -> None:
    mid = _approve(ctx, held)
    before = {
        p: pdf_text(minutes_pdf(minutes.minutes_document(ctx, mid, public=p)))
        for p in (False, True)
    }
    signer = held["signatories"][0]
    old_name = registry.get_person(ctx, signer).name
    registry.update_person(ctx, PersonUpdate(id=signer, name="Heilt Anna Namn"))
    body = held["body"]
    registry.update_body(ctx, BodyUpdate(code=body.code, name="Nytt organnamn"))
    for public, was in before.items():
        now = pdf_text(minutes_pdf(minutes.minutes_document(ctx, mid, public=public)))
        assert now == was
        assert "Heilt Anna Namn" not in now and "Nytt organnamn" not in now
    assert old_name in before[False]
    preview = minutes.minutes_preview(ctx, mid, public=False)
    assert "Heilt Anna Namn" not in preview.html and old_name in preview.html


def test_the_snapshot_hash_is_printed_and_kept(ctx: Context, held: dict[str, Any]) -> None:
    mid = _approve(ctx, held)
    kept = _kept(ctx, mid)
    assert kept.snapshot is not None and kept.snapshot_hash and kept.pdf_hash
    assert hashlib.sha256(kept.snapshot.encode("utf-8")).hexdigest() == kept.snapshot_hash
    text_ = pdf_text(minutes_pdf(minutes.minutes_document(ctx, mid, public=False)))
    assert "Innhald (SHA-256)" in text_
    assert kept.snapshot_hash in text_.replace(" ", "")
    assert check_database(ctx).clean


def test_check_finds_a_snapshot_edited_with_the_triggers_dropped(
    ctx: Context, held: dict[str, Any]
) -> None:
    mid = _approve(ctx, held)
    assert check_database(ctx).clean
    postgres = ctx.db.engine.dialect.name == "postgresql"
    with ctx.db.engine.begin() as conn:
        if postgres:
            conn.execute(text("ALTER TABLE minutes DISABLE TRIGGER USER"))
        else:
            names = (
                conn.execute(
                    text(
                        "SELECT name FROM sqlite_master "
                        "WHERE type = 'trigger' AND tbl_name = 'minutes'"
                    )
                )
                .scalars()
                .all()
            )
            for name in names:
                conn.execute(text(f'DROP TRIGGER "{name}"'))
        conn.execute(
            text(
                "UPDATE minutes SET snapshot = replace(snapshot, 'RS Person', 'Falsk Person') "
                "WHERE meeting_id = :m"
            ),
            {"m": mid},
        )
    report = check_database(ctx)
    assert not report.clean
    assert any("er endra etter godkjenninga" in p for p in report.problems), report.problems
