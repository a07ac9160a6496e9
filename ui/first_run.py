"""First run and databases that cannot be opened: clear choices, never a traceback."""

from __future__ import annotations

from enum import Enum

from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from dvmeet.i18n import _


class Choice(Enum):
    CREATE = "create"
    DEMO = "demo"
    OPEN = "open"
    QUIT = "quit"


class ChoiceDialog(QDialog):
    """A short question with one big button per way forward."""

    def __init__(
        self,
        parent: QWidget | None,
        title: str,
        text: str,
        choices: list[tuple[Choice, str, str]],
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setModal(True)
        self.choice = Choice.QUIT
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        label = QLabel(text)
        label.setWordWrap(True)
        label.setMinimumWidth(440)
        layout.addWidget(label)
        for choice, caption, hint in choices:
            button = QPushButton(caption)
            button.setObjectName(f"choice_{choice.value}")
            button.setAccessibleName(caption)
            button.setToolTip(hint)
            button.setMinimumHeight(34)
            button.clicked.connect(lambda _checked=False, c=choice: self._pick(c))
            layout.addWidget(button)
            if hint:
                note = QLabel(hint)
                note.setWordWrap(True)
                note.setStyleSheet("color: palette(mid); margin-left: 4px; margin-bottom: 4px;")
                layout.addWidget(note)

    def _pick(self, choice: Choice) -> None:
        self.choice = choice
        self.accept()


def first_run_dialog(parent: QWidget | None, path: str) -> ChoiceDialog:
    return ChoiceDialog(
        parent,
        _("Velkommen til dvmeet"),
        _("Det finst ingen database her enno:\n{path}\n\nVel korleis du vil byrje.").format(
            path=path
        ),
        [
            (
                Choice.CREATE,
                _("Opprett ny database"),
                _("Ein tom database med dei 43 kommunane i Vestland."),
            ),
            (
                Choice.DEMO,
                _("Opne demodata"),
                _("Ein eigen database med døme på representantskap, møte og møtebøker."),
            ),
            (Choice.OPEN, _("Opne ei anna databasefil …"), ""),
            (Choice.QUIT, _("Avslutt"), ""),
        ],
    )


def cannot_open_dialog(parent: QWidget | None, message: str) -> ChoiceDialog:
    return ChoiceDialog(
        parent,
        _("Databasen kan ikkje opnast"),
        message,
        [
            (Choice.OPEN, _("Opne ei anna databasefil …"), ""),
            (Choice.CREATE, _("Opprett ny database …"), ""),
            (Choice.QUIT, _("Avslutt"), ""),
        ],
    )
