"""B-3 with `dvmeet verify`: a correction made after approval is printed in «Rettingar»;
a copy made before it and a copy made after it both verify as the approved møtebok."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from test_verify_pdf import files, verify  # noqa: F401  (the fixture and the runner)

from dvmeet.services import exports, minutes, voting
from dvmeet.services.minutes.models import CorrectionIn


def test_copies_before_and_after_a_correction_verify(
    files: dict[str, Any],  # noqa: F811
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    ctx = files["ctx"]
    mid = files["meeting_id"]
    decision = voting.decisions(ctx, mid)[0]
    minutes.add_correction(
        ctx,
        CorrectionIn(
            meeting_id=mid,
            target_table="decision",
            target_id=decision.id,
            text="Skrivefeil i vedtaket er retta.",
        ),
    )
    after = tmp_path / "after.pdf"
    after.write_bytes(exports.meeting_pdf(ctx, "minutes", mid, public=False, pdfa=True))
    assert after.read_bytes() != files["archive"].read_bytes()
    code, line = verify(files, files["archive"], capsys)  # made before the correction
    assert code == 0 and "har det same innhaldet som den godkjende møteboka" in line
    code, line = verify(files, after, capsys)  # made after: with «Rettingar»
    assert code == 0 and "har det same innhaldet som den godkjende møteboka" in line
