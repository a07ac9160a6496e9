"""What is still open when the chair is about to close the meeting ("Hev møtet"): every
case without a decision and every vote not finished, so the console can ask first."""

from __future__ import annotations

from sqlalchemy import select

from dvmeet.db.models import Case, Decision, Disqualification, Vote, VoteDraft
from dvmeet.domain.enums import VoteKind, VoteOutcome
from dvmeet.i18n import _
from dvmeet.services import _lookup as lookup
from dvmeet.services._meeting_reads import case_voting_plan, vote_draft_out
from dvmeet.services._records import case_label, meeting_cases
from dvmeet.services.attendance.models import OpenItem, OpenItemsOut
from dvmeet.services.context import Context


def open_items(ctx: Context, meeting_id: int) -> OpenItemsOut:
    """Cases without a decision and votes begun but not finished, in case-list order."""
    with ctx.reading() as s:
        meeting = lookup.meeting(s, meeting_id)
        body = meeting.body
        cases = meeting_cases(s, meeting.id)
        decided = set(s.scalars(select(Decision.case_id).where(Decision.meeting_id == meeting.id)))
        votes: dict[int, list[Vote]] = {}
        for v in s.scalars(select(Vote).where(Vote.meeting_id == meeting.id).order_by(Vote.id)):
            votes.setdefault(v.case_id, []).append(v)
        drafts = set(s.scalars(select(VoteDraft.case_id).where(VoteDraft.meeting_id == meeting.id)))
        pending_disq = set(
            s.scalars(
                select(Disqualification.case_id).where(
                    Disqualification.meeting_id == meeting.id,
                    Disqualification.decided.is_(None),
                )
            )
        )
        without: list[OpenItem] = []
        unfinished: list[OpenItem] = []
        for case in cases:
            label = case_label(case, body)

            def item(text: str, case: Case = case, label: str = label) -> OpenItem:
                return OpenItem(case_id=case.id, case_label=label, title=case.title, text=text)

            if case.id not in decided:
                without.append(item(_("ikkje gjort vedtak")))
            if case.id in pending_disq:
                unfinished.append(item(_("ugildskap er ikkje avgjort")))
            case_votes = votes.get(case.id, [])
            rounds = [v for v in case_votes if v.kind is VoteKind.ELECTION]
            if rounds and rounds[-1].outcome is VoteOutcome.NEW_ROUND:
                unfinished.append(item(_("valet treng ein ny runde")))
            elif rounds and rounds[-1].elected_person_id is None:
                unfinished.append(item(_("valet skal avgjerast ved loddtrekking")))
            if case.id in drafts:
                draft = vote_draft_out(s, case.id)
                if draft is not None and draft.ballots:
                    unfinished.append(item(_("røystinga er byrja på, men ikkje registrert")))
            ordinary = [v for v in case_votes if v.kind is VoteKind.ORDINARY]
            if ordinary:
                voted = {v.proposal_id for v in ordinary} | {
                    v.against_proposal_id for v in ordinary
                }
                for step in case_voting_plan(s, case.id):
                    if not voted & set(step.proposal_ids):
                        unfinished.append(
                            item(
                                _("ikkje røysta over: {step}").format(
                                    step=f"{step.number}. {step.text}"
                                )
                            )
                        )
        return OpenItemsOut(
            meeting_id=meeting.id, without_decision=without, unfinished_votes=unfinished
        )
