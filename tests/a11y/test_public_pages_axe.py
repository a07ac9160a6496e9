"""The public notice and the public møtebok as web pages pass axe-core's WCAG 2.0/2.1 A
and AA rules in a real browser (issue 20): zero violations.

The pages are those of the canary meeting (tests/unit/documents/test_doc_canary_paths.py:
cases closed by every path, changes after the notice, an election, disqualification,
arrivals and departures), made through the exports door after the notice, once held (a
draft with its signature lines) and once approved (the approval's hashes). A page with
known faults proves the check finds them. Skips with the reason when Chromium or axe-core
is not installed (CI installs both: .ci/run)."""

from __future__ import annotations

from pathlib import Path

import pytest
from axe_run import missing_tools, run_axe
from test_doc_canary_paths import approve, hold, plan_and_notify

from dvmeet.services.context import Context
from dvmeet.services.exports import public_page

pytestmark = pytest.mark.skipif(missing_tools() is not None, reason=missing_tools() or "")

BAD_PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"></head><body>
<p style="color:#aaaaaa;background:#ffffff">Lys grå tekst</p>
<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
<a href="#x"></a>
</body></html>
""".encode()


def test_the_check_finds_what_it_should() -> None:
    found = {v["id"] for v in run_axe(BAD_PAGE)["violations"]}
    assert {"html-has-lang", "document-title", "image-alt", "link-name"} <= found
    assert "color-contrast" in found


def _assert_clean(name: str, page: bytes) -> None:
    result = run_axe(page)
    assert result["violations"] == [], f"{name}: {result['violations']}"
    # the rules that matter for these pages did run and pass
    for rule in ("html-has-lang", "html-lang-valid", "document-title", "color-contrast"):
        assert rule in result["passes"], f"{name}: {rule} did not run"


def test_public_pages_have_no_wcag_violations(ctx: Context, tmp_path: Path) -> None:
    run = plan_and_notify(ctx)
    title, notice = public_page(ctx, "notice", run.meeting_id)
    assert b'<html lang="nn">' in notice
    _assert_clean(title, notice)
    hold(ctx, run)
    title, minutes = public_page(ctx, "minutes", run.meeting_id)
    assert b"<table" in minutes
    _assert_clean(f"{title} (utkast)", minutes)
    approve(ctx, run)
    title, minutes = public_page(ctx, "minutes", run.meeting_id)
    assert b"Innhald (SHA-256)" in minutes
    _assert_clean(f"{title} (godkjend)", minutes)
    _, notice = public_page(ctx, "notice", run.meeting_id)
    _assert_clean("innkalling etter møtet", notice)
