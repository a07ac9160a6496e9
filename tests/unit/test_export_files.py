"""Exports are private (files 0600, folders 0700, whatever the umask) and atomic (a failed
export leaves the earlier file as it was, and no temporary file behind)."""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from dbtarget import is_postgres

from dvmeet.domain.enums import MeetingStatus
from dvmeet.errors import InvalidInput
from dvmeet.services import meetings
from dvmeet.services.context import Context, open_context
from dvmeet.services.exports import (
    export_archive,
    export_calendar,
    export_members,
    export_minutes,
    export_notice,
    export_vote_results,
    write_file,
)
from dvmeet.services.maintenance import fill_demo

pytestmark = [
    pytest.mark.skipif(is_postgres(), reason="file modes do not depend on the engine"),
    pytest.mark.skipif(os.name != "posix", reason="POSIX file modes"),
]


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("exportfiles") / "demo.sqlite"
    ctx = open_context(path)
    fill_demo(ctx, years=1)
    ctx.close()
    return path


@pytest.fixture
def demo(demo_file: Path) -> Iterator[Context]:
    ctx = open_context(demo_file)
    yield ctx
    ctx.close()


@pytest.fixture
def open_umask() -> Iterator[None]:
    """The most careless umask there is: everything the process creates is 0666/0777
    unless the writer says otherwise."""
    earlier = os.umask(0)
    yield
    os.umask(earlier)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def approved_meeting(ctx: Context) -> int:
    return next(m.id for m in meetings.list_meetings(ctx) if m.status is MeetingStatus.APPROVED)


def test_every_internal_export_is_readable_by_the_user_only(
    demo: Context, tmp_path: Path, open_umask: None
) -> None:
    meeting_id = approved_meeting(demo)
    made: list[Path] = []
    made += export_notice(demo, meeting_id, tmp_path).files
    made += export_minutes(demo, meeting_id, tmp_path, public=False).files
    made.append(export_vote_results(demo, meeting_id, tmp_path / "røyster.csv", public=False).path)
    made += export_calendar(demo, tmp_path / "møte.ics").files
    made.append(export_members(demo, "RS", tmp_path / "medlemer.xlsx").path)
    archive = export_archive(demo, meeting_id, tmp_path / "arkiv" / "2026")
    made += archive.files
    assert len(made) >= 8
    assert {p.name: oct(mode(p)) for p in made} == {p.name: oct(0o600) for p in made}
    folder = archive.folder
    assert folder is not None
    for created in (folder, folder.parent, folder.parent.parent):
        assert oct(mode(created)) == oct(0o700), created
    assert not list(tmp_path.rglob("*.part")) and not list(tmp_path.rglob("*.old"))


def test_an_existing_file_becomes_private_when_written_again(
    tmp_path: Path, open_umask: None
) -> None:
    target = tmp_path / "møtebok.pdf"
    target.write_bytes(b"old")
    target.chmod(0o644)
    (tmp_path / "møtebok.pdf.part").write_bytes(b"left over")
    (tmp_path / "møtebok.pdf.part").chmod(0o666)
    write_file(target, b"new")
    assert target.read_bytes() == b"new"
    assert oct(mode(target)) == oct(0o600)
    assert not (tmp_path / "møtebok.pdf.part").exists()


def test_a_failed_export_leaves_the_earlier_file_as_it_was(
    demo: Context, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    meeting_id = approved_meeting(demo)
    first = export_minutes(demo, meeting_id, tmp_path, public=False).files[0]
    good = first.read_bytes()
    assert good.startswith(b"%PDF")

    def disk_full(_fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(InvalidInput, match="Kunne ikkje skrive til"):
        export_minutes(demo, meeting_id, tmp_path, public=False)
    assert first.read_bytes() == good
    assert sorted(p.name for p in tmp_path.iterdir()) == [first.name]


def test_a_failed_rename_puts_every_earlier_file_back(
    demo: Context, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    meeting_id = approved_meeting(demo)
    earlier = {p: p.read_bytes() for p in export_notice(demo, meeting_id, tmp_path).files}
    assert len(earlier) == 3
    real_replace = os.replace
    calls = {"n": 0}
    empty_names: list[str] = []

    def second_rename_fails(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        calls["n"] += 1
        if Path(dst) in earlier and not Path(dst).is_file():
            empty_names.append(str(dst))  # an earlier file's name held nothing for a moment
        if calls["n"] == 2:  # the second file's .part taking its name
            raise OSError(errno.EIO, "Input/output error", str(dst))
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", second_rename_fails)
    with pytest.raises(InvalidInput):
        export_notice(demo, meeting_id, tmp_path)
    monkeypatch.setattr(os, "replace", real_replace)
    assert empty_names == []
    assert {p: p.read_bytes() for p in earlier} == earlier
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in earlier)
