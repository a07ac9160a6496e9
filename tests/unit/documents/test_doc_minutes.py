"""The møtebok PDF against the data: every B-1 element, split votes, casting vote, letters."""

from __future__ import annotations

import datetime as dt
from typing import Any

from doc_helpers import NORWEGIAN, SAMI, outline_titles, pdf_text

from dvmeet.documents.minutes import minutes_pdf
from dvmeet.domain.enums import ApprovalMethod
from dvmeet.services import minutes
from dvmeet.services.context import Context
from dvmeet.services.minutes.models import ApproveMinutesIn


def test_internal_minutes_show_every_b1_element(ctx: Context, held: dict[str, Any]) -> None:
    mid = held["meeting_id"]
    draft = minutes.minutes_draft(ctx, mid)
    text = pdf_text(minutes_pdf(minutes.minutes_document(ctx, mid, public=False)))
    # Time and place.
    assert "Møtedato 11.12.2024" in text
    assert "Møtetid 10:00–12:30" in text
    assert "Møtestad Bergen rådhus" in text
    assert "Møteform Fysisk møte" in text
    # Who attended, who was absent, which deputies met for whom.
    for person in draft.present:
        assert person.name in text
    assert "Desse medlemene møtte (6)" in text
    assert "Forfall (1)" in text and "RS Person 4615-0" in text
    assert "RS Person 4615-1 RS Person 4615-0" in text  # deputy, for whom
    # Movements during the meeting.
    assert "gjekk 11:00 PS 006/24" in text
    # Every case with its proposals and decision.
    for case in draft.cases:
        assert f"{case.label} {case.title}" in text
        if case.recommendation:
            assert f"«{case.recommendation}»" in text
        if case.decision:
            assert f"«{case.decision}»" in text
        for vote in case.votes:
            assert vote.text in text
    # Closed parts and legal basis, in the closed-part table and at the case.
    assert "PS 007/24 koml. § 11-5 (3) a, jf. offl. § 25" in text
    assert "Lukka møte – heimel: koml. § 11-5 (3) a, jf. offl. § 25" in text
    # Remarks on the notice and case list; the quorum statement; the end.
    assert "Merknader til innkalling og sakliste" in text
    assert "Vedtaksfør: 7 av 7 medlemer røysta." in text or "Vedtaksfør" in text
    assert "Møtet vart heva kl. 12:30." in text
    assert "Ingen merknader." in text
    # A draft: marked and with a signature block naming the signatories' case.
    assert "UTKAST" in text
    assert "medlem vald i sak PS 002/24" in text
    assert "Versjon: Intern" in text


def test_split_vote_names_and_counts_and_casting_vote(ctx: Context, held: dict[str, Any]) -> None:
    text = pdf_text(minutes_pdf(minutes.minutes_document(ctx, held["meeting_id"], public=False)))
    split = (
        "Innstillinga vart vedteken med 5 røyster for (RS Person 4601-0, RS Person 4602-0, "
        "RS Person 4611-0, RS Person 4612-0, RS Person 4615-1) "
        f"mot 2 ({SAMI}, {NORWEGIAN})."
    )
    assert split in text
    assert "Røystelikskap – møteleiaren si røyst var avgjerande (koml. § 11-9)." in text
    assert "med 3 røyster for" in text and "mot 3 (" in text


def test_letters_survive_extraction(ctx: Context, held: dict[str, Any]) -> None:
    text = pdf_text(minutes_pdf(minutes.minutes_document(ctx, held["meeting_id"], public=False)))
    for word in (SAMI, NORWEGIAN, "Č", "đ", "Møtegodtgjersle", "Tilsetjing av dagleg leiar"):
        assert word in text


def test_public_minutes_withhold_closed_case_and_show_basis(
    ctx: Context, held: dict[str, Any]
) -> None:
    data = minutes_pdf(minutes.minutes_document(ctx, held["meeting_id"], public=True))
    text = pdf_text(data)
    assert "PS 007/24 Tilsetjing av dagleg leiar" in text
    assert "Kari Nordmann" not in text and b"Kari Nordmann" not in data
    assert "Saka vart handsama for lukka dører (koml. § 11-5 (3) a, jf. offl. § 25)" in text
    assert "Offentleg versjon" in text
    assert "Versjon: Offentleg" in text
    assert all("Kari Nordmann" not in t for t in outline_titles(data))


def test_approved_minutes_have_no_draft_mark_and_print_approval(
    ctx: Context, held: dict[str, Any]
) -> None:
    mid = held["meeting_id"]
    approved = minutes.approve_minutes(
        ctx,
        ApproveMinutesIn(
            meeting_id=mid,
            method=ApprovalMethod.SIGNATURES,
            approved_on=dt.date(2024, 12, 13),
            signatory_person_ids=held["signatories"],
        ),
    )
    assert approved.approval is not None and approved.approval.audit_head
    document = minutes.minutes_document(ctx, mid, public=False)
    assert not document.meta.draft
    text = pdf_text(minutes_pdf(document))
    assert "UTKAST" not in text
    assert "Godkjend 13.12.2024, med underskrift av møteleiaren og to medlemer" in text
    assert approved.approval.audit_head in text.replace(" ", "")
    assert "Underskrivarar RS Person 4611-0, RS Person 4612-0" in text


def test_page_header_footer_and_outline(ctx: Context, held: dict[str, Any]) -> None:
    data = minutes_pdf(minutes.minutes_document(ctx, held["meeting_id"], public=False))
    text = pdf_text(data)
    assert text.count("DigiVestland") >= 1 and "Organ RS" in text
    assert "Side 1 av " in text
    titles = outline_titles(data)
    assert "Sakliste" in titles and any(t.startswith("PS 003/24") for t in titles)


def test_signature_block_names_the_case_that_elected_the_signatories(
    ctx: Context, held: dict[str, Any]
) -> None:
    document = minutes.minutes_document(ctx, held["meeting_id"], public=False)
    case = next(c for c in document.minutes.cases if c.title.startswith("Val av to medlemer"))
    assert document.signatories_case == case.label
    text = pdf_text(minutes_pdf(document))
    assert f"medlem vald i sak {case.label} medlem vald i sak {case.label}" in text
