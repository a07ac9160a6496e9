"""Rows written without the ORM's per-attribute work (issue 21) are what the ORM gives:
an audit event as appended equals its row read back; a row made with new_row and written
with insert_persistent is persistent, reads back the same and can be changed with its
version checked; new_row takes column names only. Both engines."""

from __future__ import annotations

import datetime as dt

import pytest
from meeting_setup import make_body, recommendation, running
from sqlalchemy import inspect, select

from dvmeet.db.audit import append_event
from dvmeet.db.models import AuditEvent, Decision, Vote
from dvmeet.domain.enums import BallotChoice, VoteMethod
from dvmeet.services import voting
from dvmeet.services._records import insert_persistent, new_row
from dvmeet.services.context import Context
from dvmeet.services.voting.models import VoteIn

_EVENT_COLUMNS = ("id", "at", "actor", "action", "entity", "entity_id", "payload", "prev_hash")


def test_an_appended_event_is_its_row(ctx: Context) -> None:
    make_body(ctx, municipalities=1)
    with ctx.unit_of_work() as uow:
        event = append_event(
            uow.session,
            actor="prøve",
            action="meeting.test",
            entity="meeting",
            entity_id=7,
            payload={"ø": [1, "å"], "b": None},
        )
        made = {c: getattr(event, c) for c in (*_EVENT_COLUMNS, "hash")}
        assert uow.audited[-1] == "meeting"
    with ctx.reading() as s:
        row = s.get_one(AuditEvent, made["id"])
        assert {c: getattr(row, c) for c in (*_EVENT_COLUMNS, "hash")} == made
    assert made["payload"] == '{"b":null,"ø":[1,"å"]}'


def test_a_new_row_written_in_one_insert_is_persistent_and_versioned(ctx: Context) -> None:
    body = make_body(ctx, municipalities=3)
    meeting, (case,) = running(ctx, body, present=body.members, day=dt.date(2025, 5, 6))
    at = dt.datetime(2025, 5, 6, 10, 30)
    with ctx.unit_of_work() as uow:
        s = uow.session
        decision = new_row(
            Decision,
            meeting_id=meeting.id,
            case_id=case.id,
            text="Vedteke.",
            vote_id=None,
            adopted_version_id=None,
            unanimous=True,
            created_at=at,
        )
        insert_persistent(s, decision)
        state = inspect(decision)
        assert state.persistent and not s.dirty and decision.version == 1
        decision.text = "Vedteke med endring."  # an UPDATE with the version checked
        s.flush()
        assert decision.version == 2
        kept = decision.id
    with ctx.reading() as s:
        row = s.get_one(Decision, kept)
        assert (row.text, row.version, row.unanimous, row.created_at, row.vote_id) == (
            "Vedteke med endring.",
            2,
            True,
            at,
            None,
        )


def test_new_row_takes_column_names_only() -> None:
    with pytest.raises(TypeError, match="tekst"):
        new_row(Decision, tekst="Vedteke.")
    with pytest.raises(TypeError, match="ballots"):  # a relationship, not a column
        new_row(Vote, ballots=[])


def test_a_vote_and_its_decision_read_back_as_written(ctx: Context) -> None:
    body = make_body(ctx, municipalities=5)
    _meeting, (case,) = running(ctx, body, present=body.members, day=dt.date(2025, 5, 7))
    rec = recommendation(ctx, case.id)
    ballots = {p: BallotChoice.FOR for p in body.members}
    out = voting.record_vote(
        ctx,
        VoteIn(case_id=case.id, proposal_id=rec.id, method=VoteMethod.ROLL_CALL, ballots=ballots),
    )
    (read,) = voting.votes(ctx, case.id)
    assert out == read
    with ctx.reading() as s:
        decision = s.scalars(select(Decision).where(Decision.case_id == case.id)).one()
        assert (decision.vote_id, decision.text, decision.version) == (
            out.id,
            rec.text,
            1,
        )
