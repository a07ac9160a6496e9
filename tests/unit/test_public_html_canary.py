"""The public web pages (issue 20) carry no closed content (O-2, B-4, R-5).

The canary meeting of tests/unit/documents/test_doc_canary_paths.py (a case closed by
every path the app offers, a marker in every field) is published as web pages through the
exports door, as the UI and the command line do, after the notice, once held and once
approved; canary_scan reads each page (raw, entities resolved, tags removed). No closed
marker may be found, while the public fields are there; and with the rule that decides a
closed case's public title broken, the same scan finds the closed titles in the pages."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent / "documents"))

from canary_scan import assert_clean, found
from test_doc_canary_paths import Run, approve, hold, plan_and_notify

from dvmeet.services.context import Context
from dvmeet.services.exports import export_public_page


def pages(ctx: Context, run: Run, folder: Path, *, held: bool) -> dict[str, bytes]:
    folder.mkdir(parents=True, exist_ok=True)
    out: dict[str, bytes] = {}
    for kind in ("notice", "minutes") if held else ("notice",):
        path = folder / f"{kind}.html"
        saved = export_public_page(ctx, kind, run.meeting_id, path)  # type: ignore[arg-type]
        assert saved.public and saved.path == path
        out[kind] = path.read_bytes()
    return out


def test_public_pages_carry_no_closed_content(ctx: Context, tmp_path: Path) -> None:
    run = plan_and_notify(ctx)
    m = run.marks
    for stage, step in (("notice", None), ("held", hold), ("approved", approve)):
        if step is not None:
            step(ctx, run)
        public = pages(ctx, run, tmp_path / stage, held=stage != "notice")
        closed = [
            v for k, v in m.closed.items() if stage != "notice" or k not in m.open_before_meeting
        ]
        assert_clean(closed + list(m.never.values()), public)
        # The controls: what the public may read is on the pages, so the scan read them.
        for key in ("open title", "open recommendation", "place", "meeting title"):
            assert m.public[key] in found([m.public[key]], "notice", public["notice"]), key
        titles = [k for k in m.public if k.endswith(" public title")]
        shown = [k for k in titles if found([m.public[k]], "notice", public["notice"])]
        assert len(shown) >= 3, f"{stage}: public titles of closed cases on the notice page"
        if stage != "notice":
            for key in ("open proposal", "open decision", "minutes remarks"):
                assert found([m.public[key]], "minutes", public["minutes"]), f"{stage}: {key}"


def test_the_scan_finds_closed_titles_when_the_public_title_rule_breaks(
    ctx: Context, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Break O-2 (`shown_title`) and the pages show the closed titles: the test above
    would fail if the pages were made from anything but the public model."""
    from dvmeet.domain import lifecycle

    run = plan_and_notify(ctx)
    hold(ctx, run)
    monkeypatch.setattr(lifecycle, "shown_title", lambda title, public_title, closed: title)
    public = pages(ctx, run, tmp_path, held=True)
    title = run.marks.closed["planned title"]
    assert title in found([title], "notice", public["notice"])
    assert title in found([title], "minutes", public["minutes"])
