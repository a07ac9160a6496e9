"""Long work reports progress and can be cancelled without leaving anything behind:
backup, the notice, the minutes and the archive package."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from dbtarget import is_postgres

from dvmeet.domain.enums import MeetingStatus
from dvmeet.errors import InvalidInput
from dvmeet.services import meetings
from dvmeet.services.context import Context, open_context
from dvmeet.services.exports import export_archive, export_minutes, export_notice, write_all
from dvmeet.services.maintenance import backup_now, fill_demo
from dvmeet.services.progress import Cancelled, Progress

pytestmark = pytest.mark.skipif(is_postgres(), reason="one demo file is enough")


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("progress") / "demo.sqlite"
    ctx = open_context(path)
    fill_demo(ctx, years=1)
    ctx.close()
    return path


@pytest.fixture
def demo(demo_file: Path) -> Iterator[Context]:
    ctx = open_context(demo_file)
    yield ctx
    ctx.close()


def approved_meeting(ctx: Context) -> int:
    return next(m.id for m in meetings.list_meetings(ctx) if m.status is MeetingStatus.APPROVED)


class Recorder:
    """Reports seen, and a cancel after `stop_after` of them (None: never)."""

    def __init__(self, stop_after: int | None = None) -> None:
        self.steps: list[tuple[int, int, str]] = []
        self.progress = Progress(self.report)
        self.stop_after = stop_after

    def report(self, done: int, total: int, text: str) -> None:
        self.steps.append((done, total, text))
        if self.stop_after is not None and len(self.steps) >= self.stop_after:
            self.progress.cancel()


def test_progress_reports_then_stops_when_cancelled() -> None:
    rec = Recorder()
    rec.progress.step(1, 3, "eitt")
    assert rec.steps == [(1, 3, "eitt")]
    rec.progress.cancel()
    assert rec.progress.cancelled
    with pytest.raises(Cancelled, match="Ingenting er endra"):
        rec.progress.step(2, 3, "to")


def test_backup_reports_its_pages(demo: Context, tmp_path: Path) -> None:
    rec = Recorder()
    made = backup_now(demo, directory=tmp_path, progress=rec.progress)
    assert made.path.exists()
    done, total, _text = rec.steps[-1]
    assert total > 0 and done == total
    assert [d for d, *_rest in rec.steps] == sorted(d for d, *_rest in rec.steps)


def test_cancelled_backup_leaves_no_file(demo: Context, tmp_path: Path) -> None:
    rec = Recorder(stop_after=1)
    with pytest.raises(Cancelled):
        backup_now(demo, directory=tmp_path, progress=rec.progress)
    assert list(tmp_path.iterdir()) == []


def test_notice_export_makes_three_files_and_one_calendar_event(
    demo: Context, tmp_path: Path
) -> None:
    rec = Recorder()
    written = export_notice(demo, approved_meeting(demo), tmp_path, progress=rec.progress)
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == sorted(p.name for p in written.files) and len(names) == 3
    assert sum(n.endswith(".pdf") for n in names) == 2
    ics = next(p for p in written.files if p.suffix == ".ics")
    assert ics.read_bytes().count(b"BEGIN:VEVENT") == 1
    assert rec.steps[-1][0] == rec.steps[-1][1] == 3


@pytest.mark.parametrize("stop_after", [1, 2, 3])
def test_cancelled_notice_export_writes_nothing(
    demo: Context, tmp_path: Path, stop_after: int
) -> None:
    rec = Recorder(stop_after=stop_after)
    with pytest.raises(Cancelled):
        export_notice(demo, approved_meeting(demo), tmp_path, progress=rec.progress)
    assert list(tmp_path.iterdir()) == []


def test_cancelled_minutes_export_writes_nothing(demo: Context, tmp_path: Path) -> None:
    rec = Recorder(stop_after=1)
    with pytest.raises(Cancelled):
        export_minutes(demo, approved_meeting(demo), tmp_path, public=True, progress=rec.progress)
    assert list(tmp_path.iterdir()) == []


def test_archive_reports_each_document_and_cancels_before_writing(
    demo: Context, tmp_path: Path
) -> None:
    meeting = approved_meeting(demo)
    rec = Recorder()
    written = export_archive(demo, meeting, tmp_path / "heile", progress=rec.progress)
    pdfs = [p for p in written.files if p.suffix == ".pdf"]
    assert len(pdfs) == 6 and all(p.exists() for p in written.files)
    assert len(rec.steps) == 7 and rec.steps[-1][:2] == (6, 7)
    for stop_after in (1, 4, 7):
        target = tmp_path / f"avbrote-{stop_after}"
        cancelling = Recorder(stop_after=stop_after)
        with pytest.raises(Cancelled):
            export_archive(demo, meeting, target, progress=cancelling.progress)
        assert list(tmp_path.glob("avbrote-*")) == []


def test_a_folder_that_is_gone_is_a_clear_message_and_leaves_nothing(tmp_path: Path) -> None:
    gone = tmp_path / "fjerna"
    with pytest.raises(InvalidInput, match=r"Kunne ikkje skrive til .*fjerna"):
        write_all([(tmp_path / "a.pdf", b"%PDF"), (gone / "b.pdf", b"%PDF")])
    assert list(tmp_path.iterdir()) == []


def test_a_failed_write_takes_back_the_files_already_written(tmp_path: Path) -> None:
    (tmp_path / "a.pdf").write_bytes(b"%PDF-gammal")  # from an earlier export
    (tmp_path / "b.pdf").mkdir()  # the second file's name is taken by a folder
    with pytest.raises(InvalidInput, match="Kunne ikkje skrive"):
        write_all([(tmp_path / "a.pdf", b"%PDF-ny"), (tmp_path / "b.pdf", b"%PDF-2")])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.pdf", "b.pdf"]
    assert (tmp_path / "a.pdf").read_bytes() == b"%PDF-gammal"


def test_an_earlier_export_is_replaced_whole(tmp_path: Path) -> None:
    (tmp_path / "a.pdf").write_bytes(b"%PDF-gammal")
    written = write_all([(tmp_path / "a.pdf", b"%PDF-ny"), (tmp_path / "b.pdf", b"%PDF-2")])
    assert written.folder == tmp_path
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.pdf", "b.pdf"]
    assert (tmp_path / "a.pdf").read_bytes() == b"%PDF-ny"
