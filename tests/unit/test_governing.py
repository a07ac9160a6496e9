"""Governing documents: versions, content hashes, and which meeting adopted which version."""

from __future__ import annotations

import hashlib
import unicodedata

import pytest
from meeting_setup import make_body, recommendation, running

from dvmeet.domain.enums import BallotChoice, DocumentKind, ProposalKind, VoteMethod
from dvmeet.errors import Conflict, NotFound
from dvmeet.services import governing, voting
from dvmeet.services.context import Context
from dvmeet.services.governing._governing import content_hash
from dvmeet.services.voting.models import DecisionIn, ProposalIn, VoteIn

TEXT_V1 = "Mandat for styringsgruppa\n1. Styringsgruppa følgjer strategien."
TEXT_V2 = "Mandat for styringsgruppa\n1. Styringsgruppa følgjer strategien.\n2. Ny regel."


def _document(ctx: Context) -> governing.DocumentOut:
    return governing.create_document(
        ctx, governing.DocumentIn(kind=DocumentKind.MANDAT, title="Mandat for styringsgruppa")
    )


def _version(ctx: Context, doc_id: int, content: str) -> governing.VersionOut:
    return governing.add_version(ctx, governing.VersionIn(document_id=doc_id, content=content))


def test_versions_are_numbered_and_hashed(ctx: Context) -> None:
    doc = _document(ctx)
    v1 = _version(ctx, doc.id, TEXT_V1)
    v2 = _version(ctx, doc.id, TEXT_V2)
    assert (v1.version_no, v2.version_no) == (1, 2)
    expected = hashlib.sha256(unicodedata.normalize("NFC", TEXT_V2).encode("utf-8")).hexdigest()
    assert v2.content_hash == expected
    assert content_hash(TEXT_V2) == expected
    stored = governing.version_text(ctx, v2.id)
    assert hashlib.sha256(stored.encode("utf-8")).hexdigest() == v2.content_hash

    # A third version with other text gets number 3, even if it equals version 1.
    v3 = _version(ctx, doc.id, TEXT_V1)
    assert v3.version_no == 3 and v3.content_hash == v1.content_hash

    # Another document numbers from 1.
    other = governing.create_document(
        ctx, governing.DocumentIn(kind=DocumentKind.STRATEGI, title="Strategi")
    )
    assert _version(ctx, other.id, "Strategi").version_no == 1


def test_identical_content_to_the_latest_version_is_refused(ctx: Context) -> None:
    doc = _document(ctx)
    _version(ctx, doc.id, "Kapittel: å vere open")
    with pytest.raises(Conflict, match="versjon 1"):
        _version(ctx, doc.id, "Kapittel: å vere open")
    # The same words in decomposed Unicode (NFD) are the same text.
    decomposed = unicodedata.normalize("NFD", "Kapittel: å vere open")
    assert decomposed != "Kapittel: å vere open"
    with pytest.raises(Conflict):
        _version(ctx, doc.id, decomposed)
    assert content_hash(decomposed) == content_hash("Kapittel: å vere open")
    (listed,) = [d for d in governing.list_documents(ctx) if d.id == doc.id]
    assert [v.version_no for v in listed.versions] == [1]


def test_stored_text_is_nfc(ctx: Context) -> None:
    doc = _document(ctx)
    v = _version(ctx, doc.id, unicodedata.normalize("NFD", "Søknad om løyve"))
    assert governing.version_text(ctx, v.id) == unicodedata.normalize("NFC", "Søknad om løyve")


def test_decision_records_the_adopted_version_and_list_shows_it(ctx: Context) -> None:
    doc = _document(ctx)
    _version(ctx, doc.id, TEXT_V1)
    v2 = _version(ctx, doc.id, TEXT_V2)
    body = make_body(ctx)
    m, (case,) = running(ctx, body, case_fields={"document_version_id": v2.id})
    assert governing.cases_deciding(ctx, v2.id) == [case.id]
    rec = recommendation(ctx, case.id)
    vote = voting.record_vote(
        ctx, VoteIn(case_id=case.id, proposal_id=rec.id, method=VoteMethod.UNANIMOUS)
    )
    decision = voting.record_decision(ctx, DecisionIn(case_id=case.id, vote_id=vote.id))
    assert decision.adopted_version_id == v2.id

    (listed,) = [d for d in governing.list_documents(ctx) if d.id == doc.id]
    assert [v.version_no for v in listed.versions] == [1, 2]
    assert listed.versions[0].adopted_in == []
    (adoption,) = listed.versions[1].adopted_in
    assert adoption.meeting_id == m.id and adoption.meeting_date == m.date
    assert adoption.case_id == case.id and adoption.decision_id == decision.id


def test_an_adopted_alternative_does_not_adopt_the_version(ctx: Context) -> None:
    doc = _document(ctx)
    v1 = _version(ctx, doc.id, TEXT_V1)
    body = make_body(ctx)
    _, (case,) = running(ctx, body, case_fields={"document_version_id": v1.id})
    rec = recommendation(ctx, case.id)
    alt = voting.add_proposal(
        ctx,
        ProposalIn(
            case_id=case.id, kind=ProposalKind.ALTERNATIVE, text="Mandatet vert sendt tilbake."
        ),
    )
    vote = voting.record_vote(
        ctx,
        VoteIn(
            case_id=case.id,
            proposal_id=rec.id,
            against_proposal_id=alt.id,
            method=VoteMethod.COUNTS,
            dissenters=body.members[:2],
            dissent_choice=BallotChoice.FOR,
        ),
    )
    assert vote.adopted_proposal_id == alt.id
    decision = voting.record_decision(ctx, DecisionIn(case_id=case.id, vote_id=vote.id))
    assert decision.text == "Mandatet vert sendt tilbake."
    assert decision.adopted_version_id is None
    (listed,) = [d for d in governing.list_documents(ctx) if d.id == doc.id]
    assert listed.versions[0].adopted_in == []


def test_diff_versions(ctx: Context) -> None:
    doc = _document(ctx)
    v1 = _version(ctx, doc.id, TEXT_V1)
    v2 = _version(ctx, doc.id, TEXT_V2)
    diff = governing.diff_versions(ctx, v1.id, v2.id)
    assert diff[:2] == ["--- versjon 1", "+++ versjon 2"]
    assert "+2. Ny regel." in diff
    assert not any(line.startswith("-1.") for line in diff)
    assert governing.diff_versions(ctx, v1.id, v1.id) == []
    with pytest.raises(NotFound, match="Fann ikkje dokumentversjonen"):
        governing.diff_versions(ctx, v1.id, 9999)


def test_unknown_document(ctx: Context) -> None:
    with pytest.raises(NotFound, match="Fann ikkje dokumentet med id 4242"):
        _version(ctx, 4242, "Tekst")
