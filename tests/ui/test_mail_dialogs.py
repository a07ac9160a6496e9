"""Recipients and sending in the window (issue 20), against a real SMTP server on loopback:
the e-mail settings dialog tests the connection and saves (password to the keyring), the
distribution list takes an observer and the post addresses, and the meeting's mail dialog
sends the notice off the GUI thread, shows the one refused recipient in red, and «Prøv
igjen» sends it."""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TypeVar

import pytest
import shiboken6
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QPushButton, QWidget
from pytestqt.qtbot import QtBot
from uihelpers import wait_idle

from dvmeet.domain.enums import BodyKind, ClosureBasis, LegalForm, Role
from dvmeet.domain.mail import MailStatus, RecipientKind
from dvmeet.services import mail, meetings, registry
from dvmeet.services.context import Context, open_context
from dvmeet.services.mail.models import MailSettingsIn, Security
from dvmeet.services.maintenance import create_database
from dvmeet.services.meetings.models import CaseIn, PlanMeetingIn
from dvmeet.services.registry.models import (
    BodyIn,
    CooperationIn,
    MembershipIn,
    ParticipationManyIn,
    PersonIn,
)
from ui.mail import open_distribution_lists, open_mail_settings, open_send_dialog
from ui.mail.list_dialog import DistributionListDialog, RecipientDialog
from ui.mail.send_dialog import SendDialog
from ui.mail.settings_dialog import MailSettingsDialog
from ui.state import AppState

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "unit"))
from mail_loopback import PASSWORD, SENDER, USER, Loopback, memory_keyring, smtp_server

W = TypeVar("W", bound=QWidget)
NUMBERS = ("4601", "4602", "4611", "4612")
SHOTS = os.environ.get("DVMEET_MAIL_SCREENSHOTS")


def build(ctx: Context) -> int:
    """Four municipalities with a member each (addresses in the registry), a meeting a
    month ahead with a closed case."""
    registry.set_cooperation(
        ctx,
        CooperationIn(
            name="DigiVestland",
            legal_form=LegalForm.OPPGAVEFELLESSKAP,
            host_municipality_number="4601",
        ),
    )
    registry.set_participations(
        ctx, ParticipationManyIn(numbers=list(NUMBERS), participant_from=dt.date(2024, 1, 1))
    )
    registry.create_body(
        ctx, BodyIn(code="RS", name="Representantskapet", kind=BodyKind.ELECTED, seats=4)
    )
    for i, number in enumerate(NUMBERS):
        person = registry.create_person(
            ctx,
            PersonIn(
                name=f"Medlem {number}",
                email=f"medlem.{number}@example.no",
                municipality_number=number,
            ),
        )
        registry.add_membership(
            ctx,
            MembershipIn(
                person_id=person.id,
                body_code="RS",
                municipality_number=number,
                role=Role.LEIAR if i == 0 else Role.MEDLEM,
                valid_from=dt.date(2024, 1, 1),
            ),
        )
    day = dt.date.today() + dt.timedelta(days=30)
    meeting = meetings.plan_meeting(
        ctx,
        PlanMeetingIn(body_code="RS", date=day, start_time=dt.time(10), place="Bergen rådhus"),
    )
    meetings.add_case(
        ctx,
        CaseIn(
            meeting_id=meeting.id,
            title="Tilsetjing – Kari Hemmelegsen",
            public_title="Tilsetjing av dagleg leiar",
            closed=True,
            closure_basis=ClosureBasis.KOML_11_5_3A,
            closure_note="offl. § 25",
        ),
    )
    return meeting.id


@pytest.fixture
def world(
    qtbot: QtBot, tmp_path: Path, ui_settings: QSettings
) -> Iterator[tuple[AppState, int, Loopback, QWidget]]:
    path = tmp_path / "mail.sqlite"
    create_database(path).close()
    state = AppState(ui_settings)
    ctx = open_context(path)
    meeting_id = build(ctx)
    state.set_context(ctx)
    parent = QWidget()
    parent.resize(900, 700)
    qtbot.addWidget(parent)
    with memory_keyring(), smtp_server(tmp_path) as server:
        yield state, meeting_id, server, parent
        wait_idle(qtbot, state)
        for widget in QApplication.topLevelWidgets():
            if widget.isVisible() and widget is not parent:
                widget.close()
        state.close()


def shown(qtbot: QtBot, cls: type[W]) -> W:
    found: list[W] = []

    def visible() -> bool:
        found[:] = [
            w for w in QApplication.topLevelWidgets() if isinstance(w, cls) and w.isVisible()
        ]
        return bool(found)

    qtbot.waitUntil(visible, timeout=15_000)
    return found[-1]


def shoot(widget: QWidget, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        widget.grab().save(str(Path(SHOTS) / f"{name}.png"))


def button(root: QWidget, name: str) -> QPushButton:
    found = root.findChild(QPushButton, name)
    assert found is not None, name
    return found


def test_settings_list_and_sending_with_a_retry(
    qtbot: QtBot, world: tuple[AppState, int, Loopback, QWidget], monkeypatch: pytest.MonkeyPatch
) -> None:
    state, meeting_id, server, parent = world

    # Innstillingar → E-post …: a wrong password first, shown under the test button
    open_mail_settings(state, parent)
    dialog = shown(qtbot, MailSettingsDialog)
    dialog.host.setText(server.host)
    dialog.port.setValue(server.port)
    dialog.username.setText(USER)
    dialog.password.setText("feil")
    dialog.sender_address.setText(SENDER)
    dialog.sender_name.setText("DigiVestland sekretariatet")
    dialog.ca_file.setText(str(server.cert))
    dialog.test_button.click()
    qtbot.waitUntil(lambda: "godtok ikkje" in dialog.test_result.text(), timeout=20_000)
    dialog.password.setText(PASSWORD)
    dialog.test_button.click()
    qtbot.waitUntil(lambda: "Innlogging som" in dialog.test_result.text(), timeout=20_000)
    shoot(dialog, "mail_settings")
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: not shiboken6.isValid(dialog) or not dialog.isVisible(), timeout=10_000)
    saved = mail.mail_settings(None)
    assert saved is not None and saved.has_password and saved.port == server.port
    assert PASSWORD not in saved.path.read_text(encoding="utf-8")

    # Innstillingar → Mottakarlister …: an observer; a bad address refused in the form
    open_distribution_lists(state, parent)
    lists = shown(qtbot, DistributionListDialog)
    wait_idle(qtbot, state)
    button(lists, "add_observer").click()
    form = shown(qtbot, RecipientDialog)
    form.name_edit.setText("Dagleg leiar")
    form.email_edit.setText("leiar@digivestland")
    form.ok_button.click()
    qtbot.waitUntil(lambda: form.field_errors["email"].isVisible(), timeout=5_000)
    assert "ikkje ei gyldig e-postadresse" in form.field_errors["email"].text()
    form.email_edit.setText("leiar@digivestland.no")
    form.ok_button.click()
    qtbot.waitUntil(lambda: lists.entries.rowCount() == 1, timeout=10_000)
    button(lists, "add_all_post").click()
    qtbot.waitUntil(lambda: lists.entries.rowCount() == 5, timeout=10_000)
    assert "Dei 4 medlemene" in lists.members.text()
    shoot(lists, "mail_lists")
    lists.close()

    # The meeting's mail dialog: 4 members, the observer; post addresses missing (named)
    server.handler.refuse["medlem.4602@example.no"] = 1
    open_send_dialog(state, parent, meeting_id)
    send = shown(qtbot, SendDialog)
    wait_idle(qtbot, state)
    assert send.recipients.rowCount() == 5
    assert send.missing.isVisible() and "Postmottak" in send.missing.text()
    assert "5 mottakarar" in send.send_button.text()
    shoot(send, "mail_send_before")
    monkeypatch.setattr("ui.mail.send_dialog.confirm", lambda *a: True)
    send.send_button.click()
    qtbot.waitUntil(
        lambda: send.log.rowCount() == 5 and send.result_label.isVisible(), timeout=60_000
    )
    wait_idle(qtbot, state)
    failed = [e for e in send.log.rows if e.status is MailStatus.FAILED]
    assert [e.address for e in failed] == ["medlem.4602@example.no"]
    assert "1 feila" in send.result_label.text()
    assert send.retry_button.isEnabled()
    status_column = 4
    index = send.log.index(send.log.rows.index(failed[0]), status_column)
    assert send.log.data(index) == "Feila"
    shoot(send, "mail_send_failed")
    send.retry_button.click()
    qtbot.waitUntil(lambda: "Alle 1 er sende" in send.result_label.text(), timeout=60_000)
    wait_idle(qtbot, state)
    assert all(e.status is MailStatus.SENT for e in send.log.rows)
    assert not send.retry_button.isEnabled()
    assert len(server.handler.received) == 5
    kinds = {r.recipients[0]: r for r in server.handler.received}
    observer = kinds["leiar@digivestland.no"].message
    assert "offentleg.pdf" in " ".join(p.get_filename() or "" for p in observer.iter_attachments())
    # sent once: the dialog now offers an «endra innkalling» to the same list
    assert "endra innkalling" in send.send_button.text()
    shoot(send, "mail_send_done")
    log = mail.mail_log(state.ctx, meeting_id)  # type: ignore[arg-type]
    assert {e.recipient_kind for e in log} == {RecipientKind.MEMBER, RecipientKind.OBSERVER}
    assert sum(e.attempts for e in log) == 6
    send.close()


def test_without_a_server_the_dialog_writes_eml_files(
    qtbot: QtBot,
    world: tuple[AppState, int, Loopback, QWidget],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    state, meeting_id, _server, parent = world
    assert mail.mail_settings(None) is None
    folder = tmp_path / "utkast"
    monkeypatch.setattr("ui.meetings.export.choose_folder", lambda *a: folder)
    monkeypatch.setattr("ui.mail.send_dialog.confirm", lambda *a: True)
    open_send_dialog(state, parent, meeting_id)
    send = shown(qtbot, SendDialog)
    wait_idle(qtbot, state)
    assert ".eml-filer" in send.transport.text()
    send.send_button.click()
    qtbot.waitUntil(lambda: send.result_label.isVisible(), timeout=60_000)
    wait_idle(qtbot, state)
    assert "lagra som .eml-filer" in send.result_label.text()
    assert [e.status for e in send.log.rows] == [MailStatus.WRITTEN] * 4
    assert len(list(folder.glob("*.eml"))) == 4
    shoot(send, "mail_send_eml")
    send.close()


def test_a_server_that_cannot_be_reached_is_said_and_nothing_changes(
    qtbot: QtBot,
    world: tuple[AppState, int, Loopback, QWidget],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from mail_loopback import free_port

    from dvmeet.domain.enums import MeetingStatus

    state, meeting_id, server, parent = world
    mail.save_mail_settings(
        None,
        MailSettingsIn(
            host=server.host,
            port=free_port(),
            security=Security.STARTTLS,
            username=USER,
            password=PASSWORD,
            sender_address=SENDER,
            sender_name="Sekretariatet",
            ca_file=str(server.cert),
            timeout_seconds=5,
        ),
    )
    monkeypatch.setattr("ui.mail.send_dialog.confirm", lambda *a: True)
    open_send_dialog(state, parent, meeting_id)
    send = shown(qtbot, SendDialog)
    wait_idle(qtbot, state)
    send.send_button.click()
    qtbot.waitUntil(lambda: send.result_label.isVisible(), timeout=60_000)
    wait_idle(qtbot, state)
    assert "Får ikkje kontakt med e-posttenaren" in send.result_label.text()
    assert send.log.rowCount() == 0
    assert meetings.get_meeting(state.ctx, meeting_id).status is MeetingStatus.PLANNED  # type: ignore[arg-type]
    assert send.send_button.isEnabled()
    send.close()


def test_send_innkalling_sends_by_e_mail_once_a_server_is_set_up(
    qtbot: QtBot,
    world: tuple[AppState, int, Loopback, QWidget],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from ui.meetings.view import MeetingsView

    state, meeting_id, server, _parent = world
    mail.save_mail_settings(
        None,
        MailSettingsIn(
            host=server.host,
            port=server.port,
            username=USER,
            password=PASSWORD,
            sender_address=SENDER,
            sender_name="Sekretariatet",
            ca_file=str(server.cert),
        ),
    )
    view = MeetingsView(state)
    qtbot.addWidget(view)
    view.resize(1200, 760)
    view.show()
    wait_idle(qtbot, state)
    view.show_case(meeting_id)
    qtbot.waitUntil(lambda: view.meeting is not None and view.meeting.id == meeting_id)
    wait_idle(qtbot, state)
    assert view.send_button.isVisible() and view.mail_button.isVisible()
    view.send_button.click()  # «Send innkalling …» opens the mail dialog
    send = shown(qtbot, SendDialog)
    wait_idle(qtbot, state)
    assert send.view.meeting_id == meeting_id and send.recipients.rowCount() == 4
    monkeypatch.setattr("ui.mail.send_dialog.confirm", lambda *a: True)
    send.send_button.click()
    qtbot.waitUntil(lambda: send.result_label.isVisible(), timeout=60_000)
    wait_idle(qtbot, state)
    assert "Alle 4 er sende" in send.result_label.text()
    assert len(server.handler.received) == 4
    # the meeting view follows: the notice is sent, «Send innkalling» gone
    qtbot.waitUntil(lambda: not view.send_button.isVisible(), timeout=10_000)
    send.close()
