"""The status report PDF of the agreement process (smoke test of the rendered PDF)."""

from __future__ import annotations

from io import BytesIO

from pypdf import PdfReader
from test_agreement_process import TODAY, numbers, run_seed_process  # noqa: F401

from dvmeet.documents.agreement_report import agreement_report_document, agreement_report_pdf
from dvmeet.services.context import Context


def test_status_report(ctx: Context, numbers: list[str]) -> None:  # noqa: F811
    run_seed_process(ctx, numbers)
    doc = agreement_report_document(ctx, TODAY)
    assert len(doc.overview.rows) == 43
    assert len(doc.reminders) == 3
    reader = PdfReader(BytesIO(agreement_report_pdf(ctx, TODAY)))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Status per onsdag 20. november 2024" in text
    assert "39 deltakarar → 39 sete; vedtaksfør med 20" in text
    assert "Askøy (4627)" in text
    assert f"Side 1 av {len(reader.pages)}" in text
