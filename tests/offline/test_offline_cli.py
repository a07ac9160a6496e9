"""Issue 18: `dvmeet meeting checkout|checkin|cancel-checkout`."""

from __future__ import annotations

from pathlib import Path

import pytest
from constituent import prepare
from meeting_setup import make_body, snapshot_all
from sqlalchemy.engine import URL

from dvmeet import cli
from dvmeet.db.storage import open_database
from dvmeet.services import attendance, offline
from dvmeet.services.attendance.models import PresenceIn
from dvmeet.services.context import Context


def test_checkout_checkin_and_cancel_from_the_command_line(
    ctx: Context, database_url: URL, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    body = make_body(ctx)
    mid = prepare(ctx, body).meeting_id
    db = database_url.render_as_string(hide_password=False)
    file = tmp_path / "møte.dvmeet"

    assert cli.main(["--database", db, "meeting", "checkout", str(mid), str(file)]) == 0
    assert f"Møte {mid} er teke med ut på {file}" in capsys.readouterr().out
    assert cli.main(["--database", db, "meeting", "checkout", str(mid), str(file)]) == 2
    assert "finst frå før" in capsys.readouterr().err

    laptop = Context(open_database(file), actor="møteleiar")
    try:
        attendance.mark_present(laptop, PresenceIn(meeting_id=mid, person_id=body.member(0)))
    finally:
        laptop.close()

    # Without --yes and with no terminal to ask: the preview, then nothing done.
    before = snapshot_all(database_url)
    assert cli.main(["--database", db, "meeting", "checkin", str(file)]) == 1
    out = capsys.readouterr().out
    assert "Blir lagt til: frammøte: 1" in out and "Ingenting er henta inn" in out
    assert snapshot_all(database_url) == before
    assert cli.main(["--database", db, "meeting", "checkin", str(file), "--yes"]) == 0
    assert f"Møte {mid} er henta inn" in capsys.readouterr().out
    assert offline.meeting_checkout(ctx, mid) is None
    assert cli.main(["--database", db, "meeting", "checkin", str(file), "--yes"]) == 2
    assert "allereie henta inn" in capsys.readouterr().err

    second = tmp_path / "andre.dvmeet"
    assert cli.main(["--database", db, "meeting", "checkout", str(mid), str(second)]) == 0
    assert cli.main(["--database", db, "meeting", "cancel-checkout", str(mid)]) == 0
    assert "kan endrast her att" in capsys.readouterr().out
    assert cli.main(["--database", db, "meeting", "cancel-checkout", str(mid)]) == 2
    assert "ikkje teke med ut" in capsys.readouterr().err


def test_meeting_help_is_nynorsk(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        cli.main(["meeting", "checkin", "--help"])
    text = capsys.readouterr().out
    assert "hent inn utan å spørje" in text and "NØKKEL=home|file" in text
