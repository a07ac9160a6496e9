"""The status report PDF of the agreement process (smoke test of the rendered PDF)."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader
from test_agreement_process import TODAY, numbers, run_seed_process  # noqa: F401

from dvmeet.services.context import Context
from dvmeet.services.exports import agreement_report_document, export_agreement_report


def test_status_report(ctx: Context, numbers: list[str], tmp_path: Path) -> None:  # noqa: F811
    run_seed_process(ctx, numbers)
    doc = agreement_report_document(ctx, TODAY)
    assert len(doc.rows) == 43
    assert len(doc.reminders) == 3
    saved = export_agreement_report(ctx, tmp_path / "status.pdf", TODAY)
    assert (saved.path, saved.title) == (tmp_path / "status.pdf", doc.meta.title)
    reader = PdfReader(saved.path)
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Status per onsdag 20. november 2024" in text
    assert "39 deltakarar → 39 sete; vedtaksfør med 20" in text
    assert "Askøy (4627)" in text
    assert f"Side 1 av {len(reader.pages)}" in text
