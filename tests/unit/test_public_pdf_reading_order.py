"""The public PDFs read in order (issue 20), and approved minutes keep their layout.

`pdftotext -raw` (poppler) gives the text in the order the page draws it, which is the
order a screen reader or a copy-and-paste follows in an untagged PDF. The møtebok listed
the members present in two columns side by side (layout 1), so its text ran Alver, Etne,
Askøy, Fitjar, ...; layout 2 has one column. Approved minutes are rendered in the layout
they were approved in (kept in the snapshot, named in the PDF's keywords), so an approved
møtebok stays the same bytes and `dvmeet verify` checks an older copy against its own
layout. Both engines."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from meeting_setup import make_body
from test_constituent_meeting import run_constituent_meeting

from dvmeet.db.models import Minutes
from dvmeet.documents.minutes import minutes_pdf, read_keywords
from dvmeet.documents.minutes_model import LAYOUT, PersonLine
from dvmeet.documents.notice import notice_pdf
from dvmeet.domain.enums import ApprovalMethod
from dvmeet.services import exports, maintenance, minutes
from dvmeet.services.context import Context
from dvmeet.services.minutes.models import ApproveMinutesIn


def raw_text(pdf: bytes, tmp_path: Path, *pages: str) -> str:
    """The text as `pdftotext -raw` reads it (`pages`: e.g. "-f", "1", "-l", "1")."""
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is not installed (apt: poppler-utils; .ci/run installs it)")
    path = tmp_path / "les.pdf"
    path.write_bytes(pdf)
    done = subprocess.run(
        ["pdftotext", "-raw", "-enc", "UTF-8", *pages, str(path), "-"],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return " ".join(done.stdout.split())


def in_order(text: str, words: list[str]) -> bool:
    """Whether every word is in `text`, each after the one before it."""
    at = 0
    for word in words:
        found = text.find(word, at)
        if found < 0:
            return False
        at = found + len(word)
    return True


@pytest.fixture
def held(ctx: Context) -> dict[str, Any]:
    run = run_constituent_meeting(ctx, make_body(ctx))
    run["ctx"] = ctx
    return run


def _present(document: Any) -> list[str]:
    return [p.name for p in document.minutes.present]


def attendance(text: str) -> str:
    """The list of the members present: from its heading to "Forfall"."""
    start = text.index("Desse medlemene møtte")
    return text[start : text.index("Forfall", start)]


def test_the_public_minutes_read_the_members_in_order(held: dict[str, Any], tmp_path: Path) -> None:
    document = minutes.minutes_document(held["ctx"], held["meeting_id"], public=True)
    assert document.layout == LAYOUT
    names = _present(document)
    assert len(names) >= 6
    text = attendance(raw_text(minutes_pdf(document), tmp_path))
    assert in_order(text, names), text
    # the same check fails on the two columns of layout 1: it does look at the order
    old = attendance(raw_text(minutes_pdf(document.model_copy(update={"layout": 1})), tmp_path))
    assert all(name in old for name in names)
    assert not in_order(old, names)


def test_a_long_list_of_members_starts_under_its_heading(
    held: dict[str, Any], tmp_path: Path
) -> None:
    """Forty members in one column: the list starts on the first page, right under its
    heading, and goes on over the next (the header row repeated), in order; it does not
    jump whole to a new page and leave the first one half empty."""
    document = minutes.minutes_document(held["ctx"], held["meeting_id"], public=True)
    people = [
        PersonLine(name=f"Medlem {n:02d}", municipality=f"Kommune {n:02d}") for n in range(40)
    ]
    draft = document.minutes.model_copy(update={"present": people})
    pdf = minutes_pdf(document.model_copy(update={"minutes": draft}))
    first = raw_text(pdf, tmp_path, "-f", "1", "-l", "1")
    assert "Desse medlemene møtte (40): Namn Deltakarkommune Medlem 00 Kommune 00" in first
    assert "Medlem 39" not in first
    names = [p.name for p in people]
    assert in_order(attendance(raw_text(pdf, tmp_path)), names)


def test_the_public_notice_reads_the_cases_in_order(held: dict[str, Any], tmp_path: Path) -> None:
    document = exports.notice_document(held["ctx"], held["meeting_id"], public=True)
    text = raw_text(notice_pdf(document), tmp_path)
    labels = [c.label for c in document.cases]
    assert len(labels) >= 5
    # the sakliste, then each case's heading, in order
    assert in_order(text, ["Sakliste", *labels, "Saksframlegg", *labels]), text[:1500]


def _approve(held: dict[str, Any]) -> None:
    minutes.approve_minutes(
        held["ctx"],
        ApproveMinutesIn(
            meeting_id=held["meeting_id"],
            method=ApprovalMethod.SIGNATURES,
            approved_on=dt.date(2024, 12, 13),
            signatory_person_ids=held["signatories"],
        ),
    )


def _approve_as_before_the_layout(held: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    """Approve as dvmeet did before issue 20: both variants in layout 1, and a snapshot
    without the layout field (the hashes kept are those of that snapshot and those PDFs)."""
    from dvmeet.services.minutes import _snapshot

    real_snapshot_of, real_json = _snapshot.snapshot_of, _snapshot.canonical_json

    def old_json(value: dict[str, Any]) -> str:
        variants = set(_snapshot.VARIANTS.values())
        return real_json(
            {
                k: {kk: vv for kk, vv in v.items() if kk != "layout"} if k in variants else v
                for k, v in value.items()
            }
        )

    def old_snapshot_of(internal: Any, public: Any, columns: Any) -> Any:
        return real_snapshot_of(
            internal.model_copy(update={"layout": 1}),
            public.model_copy(update={"layout": 1}),
            columns,
        )

    with monkeypatch.context() as m:
        m.setattr(_snapshot, "canonical_json", old_json)
        m.setattr(_snapshot, "snapshot_of", old_snapshot_of)
        _approve(held)


def _kept(held: dict[str, Any]) -> Minutes:
    with held["ctx"].reading() as s:
        kept: Minutes = s.query(Minutes).filter_by(meeting_id=held["meeting_id"]).one()
        s.expunge(kept)
        return kept


def _keywords(pdf: bytes, tmp_path: Path) -> dict[str, str]:
    path = tmp_path / "nøkkelord.pdf"
    path.write_bytes(pdf)
    with pikepdf.open(path) as doc:
        return read_keywords(str(doc.docinfo["/Keywords"]))


def test_minutes_approved_in_the_old_layout_keep_it_and_verify(
    held: dict[str, Any], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    ctx, mid = held["ctx"], held["meeting_id"]
    _approve_as_before_the_layout(held, monkeypatch)
    kept = _kept(held)
    assert '"layout"' not in (kept.snapshot or "")
    document = minutes.minutes_document(ctx, mid, public=True)
    assert document.layout == 1  # read from a snapshot that has no layout
    public = exports.meeting_pdf(ctx, "minutes", mid, public=True)
    # the same bytes as at approval: the export of an approved møtebok does not change
    assert hashlib.sha256(public).hexdigest() == kept.public_pdf_hash
    assert "dvmeet-layout" not in _keywords(public, tmp_path)
    assert not in_order(attendance(raw_text(public, tmp_path)), _present(document))
    # a copy that is not those bytes (the PDF/A archive copy) is checked by re-rendering
    # it in its own layout, and holds
    archive = tmp_path / "arkiv.pdf"
    archive.write_bytes(exports.meeting_pdf(ctx, "minutes", mid, public=True, pdfa=True))
    verdict = maintenance.verify_pdf(ctx, archive)
    assert verdict.ok, verdict.verdict
    assert "har det same innhaldet som den godkjende møteboka" in verdict.verdict


def test_minutes_approved_now_name_their_layout_and_verify(
    held: dict[str, Any], tmp_path: Path
) -> None:
    ctx, mid = held["ctx"], held["meeting_id"]
    _approve(held)
    kept = _kept(held)
    assert f'"layout":{LAYOUT}' in (kept.snapshot or "").replace(" ", "")
    public = exports.meeting_pdf(ctx, "minutes", mid, public=True)
    assert hashlib.sha256(public).hexdigest() == kept.public_pdf_hash
    assert _keywords(public, tmp_path)["dvmeet-layout"] == str(LAYOUT)
    document = minutes.minutes_document(ctx, mid, public=True)
    assert in_order(attendance(raw_text(public, tmp_path)), _present(document))
    archive = tmp_path / "arkiv.pdf"
    archive.write_bytes(exports.meeting_pdf(ctx, "minutes", mid, public=True, pdfa=True))
    assert maintenance.verify_pdf(ctx, archive).ok


def test_minutes_approved_in_layout_2_keep_it_and_verify(
    held: dict[str, Any], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Minutes approved before issue 21 (layout 2, ReportLab's paragraphs) render to the
    bytes they were approved as, name layout 2, and a copy of them verifies in layout 2."""
    from dvmeet.services.minutes import _snapshot

    ctx, mid = held["ctx"], held["meeting_id"]
    real_snapshot_of = _snapshot.snapshot_of

    def layout_2(internal: Any, public: Any, columns: Any) -> Any:
        return real_snapshot_of(
            internal.model_copy(update={"layout": 2}),
            public.model_copy(update={"layout": 2}),
            columns,
        )

    with monkeypatch.context() as m:
        m.setattr(_snapshot, "snapshot_of", layout_2)
        _approve(held)
    kept = _kept(held)
    assert '"layout":2' in (kept.snapshot or "").replace(" ", "")
    for public, kept_hash in ((True, kept.public_pdf_hash), (False, kept.pdf_hash)):
        document = minutes.minutes_document(ctx, mid, public=public)
        assert document.layout == 2
        pdf = exports.meeting_pdf(ctx, "minutes", mid, public=public)
        assert hashlib.sha256(pdf).hexdigest() == kept_hash
        assert _keywords(pdf, tmp_path)["dvmeet-layout"] == "2"
        # the layout of now draws other bytes from the same snapshot: the check is real
        fresh = minutes_pdf(document.model_copy(update={"layout": LAYOUT}))
        assert hashlib.sha256(fresh).hexdigest() != kept_hash
    archive = tmp_path / "arkiv.pdf"
    archive.write_bytes(exports.meeting_pdf(ctx, "minutes", mid, public=True, pdfa=True))
    verdict = maintenance.verify_pdf(ctx, archive)
    assert verdict.ok, verdict.verdict
    assert "har det same innhaldet som den godkjende møteboka" in verdict.verdict


def test_a_layout_this_version_does_not_know_is_said(held: dict[str, Any], tmp_path: Path) -> None:
    ctx, mid = held["ctx"], held["meeting_id"]
    _approve(held)
    path = tmp_path / "nyare.pdf"
    path.write_bytes(exports.meeting_pdf(ctx, "minutes", mid, public=False, pdfa=True))
    with pikepdf.open(path, allow_overwriting_input=True) as doc:
        words = str(doc.docinfo["/Keywords"]).replace(f"dvmeet-layout:{LAYOUT}", "dvmeet-layout:9")
        doc.docinfo["/Keywords"] = pikepdf.String(words)
        doc.save(path)
    verdict = maintenance.verify_pdf(ctx, path)
    assert verdict.status == "mismatch"
    assert verdict.verdict == (
        "Fila nyare.pdf er laga med oppsett 9 av møteboka, som denne versjonen av dvmeet ikkje "
        "kjenner: kontroller ho med ein nyare versjon."
    )
