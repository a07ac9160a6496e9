"""Migration 0013: a disqualification question that a not-quorate vote left stored as
"not disqualified" by earlier versions is opened again, except in an approved (frozen)
meeting, whose record stays as it was approved; the new columns go and come back."""

from __future__ import annotations

from meeting_setup import make_body, running
from sqlalchemy import text
from sqlalchemy.orm import Session

from dvmeet.db.migrate import current_revision, downgrade, upgrade
from dvmeet.db.models import Disqualification, Vote
from dvmeet.db.revisions import head_revision
from dvmeet.domain.enums import DisqualificationGround, VoteKind, VoteMethod, VoteOutcome
from dvmeet.services import voting
from dvmeet.services.context import Context
from dvmeet.services.voting.models import DisqualificationIn


def _old_not_quorate_question(ctx: Context, meeting_id: int, case_id: int, person: int) -> int:
    """What versions before 0013 stored: a not-quorate vote and decided = false."""
    d = voting.propose_disqualification(
        ctx,
        DisqualificationIn(
            case_id=case_id, person_id=person, ground=DisqualificationGround.FVL_6_2
        ),
    )
    with Session(ctx.db.engine) as s, s.begin():
        s.add(
            Vote(
                meeting_id=meeting_id,
                case_id=case_id,
                kind=VoteKind.DISQUALIFICATION,
                method=VoteMethod.UNANIMOUS,
                disqualification_id=d.id,
                round_no=1,
                votes_for=3,
                votes_against=0,
                votes_blank=0,
                eligible=3,
                seats=7,
                quorate=False,
                outcome=VoteOutcome.NOT_QUORATE,
                casting_vote_used=False,
                unanimous=False,
                reason="Organet var ikkje vedtaksført.",
            )
        )
        s.get_one(Disqualification, d.id).decided = False
    return d.id


def test_0013_opens_again_what_a_not_quorate_vote_left_as_not_disqualified(ctx: Context) -> None:
    body = make_body(ctx)
    live, (live_case,) = running(ctx, body)
    frozen, (frozen_case,) = running(ctx, body, day=live.date.replace(day=20))
    reopened = _old_not_quorate_question(ctx, live.id, live_case.id, body.member(3))
    kept = _old_not_quorate_question(ctx, frozen.id, frozen_case.id, body.member(4))
    with ctx.db.engine.begin() as conn:
        conn.execute(
            text("UPDATE meeting SET frozen = :t WHERE id = :m"), {"t": True, "m": frozen.id}
        )

    downgrade(ctx.db, "0012")
    assert current_revision(ctx.db) == "0012"
    upgrade(ctx.db)
    assert current_revision(ctx.db) == head_revision()

    with ctx.db.engine.connect() as conn:
        rows = dict(
            conn.execute(
                text("SELECT id, decided FROM disqualification WHERE id IN (:a, :b)"),
                {"a": reopened, "b": kept},
            ).all()
        )
    assert rows[reopened] is None  # open again: the body never decided it
    assert rows[kept] in (False, 0)  # an approved meeting's record is not rewritten
    (question,) = [q for q in voting.disqualifications(ctx, live.id) if q.id == reopened]
    assert question.is_open and question.participants == 6 and question.quorate_now
