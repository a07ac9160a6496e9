"""The database lifecycle on its own (no main window): what it signals while it opens,
creates, fails, restores and closes a real database."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox, QPushButton, QWidget
from pytestqt.qtbot import QtBot
from uihelpers import wait_idle, when_dialog_opens

from dvmeet.services import registry
from dvmeet.services.maintenance import backup_now
from dvmeet.services.registry.models import PersonIn
from ui.database import DatabaseLifecycle
from ui.state import AppState


class Seen:
    """Every signal of one lifecycle, in the order they came."""

    def __init__(self, database: DatabaseLifecycle) -> None:
        self.events: list[tuple[str, object]] = []
        for name in ("busy", "peeked", "opened", "closed", "failed", "quit_chosen"):
            signal = getattr(database, name)
            signal.connect(lambda *args, name=name: self.events.append((name, args)))

    def names(self) -> list[str]:
        return [name for name, _args in self.events]

    def args(self, name: str) -> list[object]:
        return [args[0] if args else None for n, args in self.events if n == name]


@pytest.fixture
def app_state(qtbot: QtBot, ui_settings: QSettings) -> Iterator[AppState]:
    state = AppState(ui_settings)
    yield state
    wait_idle(qtbot, state)
    state.close()


def lifecycle(
    qtbot: QtBot, state: AppState, database: str | None, first_look: bool = False
) -> tuple[DatabaseLifecycle, Seen]:
    window = QWidget()
    qtbot.addWidget(window)
    keeper = DatabaseLifecycle(state, window, database, first_look=lambda: first_look)
    return keeper, Seen(keeper)


def click(name: str):  # type: ignore[no-untyped-def]
    def handle(dialog: QDialog) -> None:
        button = dialog.findChild(QPushButton, name)
        assert button is not None, name
        button.click()

    return handle


def test_an_existing_file_is_opened_on_the_worker_and_remembered(
    qtbot: QtBot, app_state: AppState, demo_copy: Path, ui_settings: QSettings
) -> None:
    keeper, seen = lifecycle(qtbot, app_state, str(demo_copy))
    with qtbot.waitSignal(keeper.opened, timeout=30_000):
        keeper.start()
    assert seen.names() == ["busy", "opened"]
    assert seen.args("busy") == [f"Opnar {demo_copy} …"]
    assert app_state.ctx is not None and seen.args("opened") == [app_state.ctx.display_name]
    assert ui_settings.value("database") == str(demo_copy)


def test_the_meeting_list_is_offered_before_the_database_opens(
    qtbot: QtBot, app_state: AppState, held_demo_copy: Path
) -> None:
    keeper, seen = lifecycle(qtbot, app_state, str(held_demo_copy), first_look=True)
    open_when_peeked: list[bool] = []
    keeper.peeked.connect(lambda _peek: open_when_peeked.append(app_state.is_open))
    with qtbot.waitSignal(keeper.opened, timeout=30_000):
        keeper.start()  # nothing paints the first look here: it opens after a grace period
    assert seen.names() == ["busy", "peeked", "opened"]
    assert open_when_peeked == [False]
    peek = seen.args("peeked")[0]
    assert peek.meetings and peek.opening is not None  # type: ignore[attr-defined]


def test_a_meeting_under_way_is_left_to_the_proper_open(
    qtbot: QtBot, app_state: AppState, demo_copy: Path
) -> None:
    """The demo has a meeting under way (its console opens at start): no first look."""
    keeper, seen = lifecycle(qtbot, app_state, str(demo_copy), first_look=True)
    with qtbot.waitSignal(keeper.opened, timeout=30_000):
        keeper.start()
    assert seen.names() == ["busy", "opened"]


def test_first_run_creates_the_database_it_was_asked_about(
    qtbot: QtBot, app_state: AppState, tmp_path: Path
) -> None:
    target = tmp_path / "ny.sqlite"
    keeper, seen = lifecycle(qtbot, app_state, str(target))
    when_dialog_opens(qtbot, click("choice_create"))
    with qtbot.waitSignal(keeper.opened, timeout=30_000):
        keeper.start()
    assert seen.names() == ["busy", "opened"]
    assert seen.args("busy") == ["Opprettar databasen …"]
    assert target.exists()
    assert app_state.ctx is not None and app_state.ctx.database_path == target


def test_a_file_that_cannot_be_opened_says_why_and_offers_a_way_out(
    qtbot: QtBot, app_state: AppState, tmp_path: Path
) -> None:
    target = tmp_path / "skadd.sqlite"
    target.write_bytes(b"SQLite format 3\x00" + b"\x13" * 5000)
    before = target.read_bytes()
    keeper, seen = lifecycle(qtbot, app_state, str(target))
    asked: list[list[str]] = []

    def read_and_quit(dialog: QDialog) -> None:
        asked.append(seen.names())
        click("choice_quit")(dialog)

    when_dialog_opens(qtbot, read_and_quit, timeout=30_000)
    with qtbot.waitSignal(keeper.quit_chosen, timeout=30_000):
        keeper.start()
    assert asked == [["busy", "failed"]]  # the window is told before the dialog shows
    message = str(seen.args("failed")[0])
    assert "skadd" in message and "Traceback" not in message
    assert not app_state.is_open
    assert target.read_bytes() == before


def test_choosing_a_file_in_the_first_run_dialog_opens_it_without_asking_again(
    qtbot: QtBot,
    app_state: AppState,
    demo_copy: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", lambda *_args: (str(demo_copy), "dvmeet-database")
    )
    keeper, seen = lifecycle(qtbot, app_state, str(tmp_path / "ingen.sqlite"))
    dialogs: list[str] = []

    def choose_open(dialog: QDialog) -> None:
        dialogs.append(dialog.windowTitle())
        if len(dialogs) == 1:
            click("choice_open")(dialog)
        else:  # asked again (as it once did while the chosen file opened): end it
            when_dialog_opens(qtbot, choose_open)
            dialog.reject()

    when_dialog_opens(qtbot, choose_open)
    with qtbot.waitSignal(keeper.opened, timeout=30_000):
        keeper.start()
    wait_idle(qtbot, app_state)
    qtbot.wait(200)
    assert dialogs == ["Velkommen til dvmeet"]
    assert seen.names() == ["busy", "opened"]
    assert app_state.ctx is not None and app_state.ctx.database_path == demo_copy


def test_restore_closes_the_database_and_opens_the_restored_one(
    qtbot: QtBot, app_state: AppState, demo_copy: Path
) -> None:
    keeper, seen = lifecycle(qtbot, app_state, str(demo_copy))
    with qtbot.waitSignal(keeper.opened, timeout=30_000):
        keeper.start()
    wait_idle(qtbot, app_state)
    assert app_state.ctx is not None
    taken = backup_now(app_state.ctx).path
    registry.create_person(app_state.ctx, PersonIn(name="Etter Reservekopien"))
    seen.events.clear()

    with qtbot.waitSignal(keeper.opened, timeout=30_000):
        keeper.restore_from(taken)
    assert seen.names() == ["closed", "busy", "opened"]
    assert seen.args("busy") == [f"Gjenopprettar frå {taken.name} …"]
    assert app_state.ctx is not None
    assert not registry.search_persons(app_state.ctx, "Etter Reservekopien")
    done = keeper.window.findChild(QMessageBox, "restore_done")
    assert done is not None and taken.name in done.text()
    done.accept()


def test_close_closes_the_database_once(qtbot: QtBot, app_state: AppState, demo_copy: Path) -> None:
    keeper, seen = lifecycle(qtbot, app_state, str(demo_copy))
    with qtbot.waitSignal(keeper.opened, timeout=30_000):
        keeper.start()
    wait_idle(qtbot, app_state)
    keeper.close()
    keeper.close()
    assert not app_state.is_open
    assert seen.names() == ["busy", "opened", "closed"]
