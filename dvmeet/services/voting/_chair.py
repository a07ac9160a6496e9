"""Who chairs the vote (C-1, koml. § 11-2): the leiar, else the nestleiar; when neither is
present the body elects a chair for the case, and no vote is taken before it has."""

from __future__ import annotations

from dvmeet.db.models import Case
from dvmeet.domain.legal import legal_reference
from dvmeet.domain.verdict import RuleFinding, Severity
from dvmeet.i18n import _
from dvmeet.services._kept_warnings import enforce_and_keep
from dvmeet.services._records import CaseVoters, case_label
from dvmeet.services.context import UnitOfWork


def require_chair(uow: UnitOfWork, case: Case, cv: CaseVoters) -> None:
    """Refuse a vote in a case nobody chairs (an administrative body: a kept warning)."""
    if cv.chair_person_id is not None or not cv.voters:
        return
    body = case.meeting.body
    finding = RuleFinding(
        "C-1",
        Severity.REFUSAL,
        _(
            "Verken leiaren eller nestleiaren er til stades i sak {label}. Organet må velje "
            "ein møteleiar for saka før det kan røystast ({law})."
        ).format(label=case_label(case, body), law=legal_reference("koml_11_2").short),
    )
    enforce_and_keep(uow, [finding], case.meeting, action="vote.chair", case=case)
