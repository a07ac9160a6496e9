"""How failures reach the user: a DvmeetError as its own nynorsk sentence; anything else is
logged in full and shown as an unexpected error with the path of the log file."""

from __future__ import annotations

import logging

from PySide6.QtWidgets import QMessageBox, QWidget

from dvmeet.errors import DvmeetError, ImportRejected, RuleRefused
from dvmeet.i18n import _
from dvmeet.logs import log_file, setup_logging

log = logging.getLogger("ui")


def describe(exc: BaseException) -> str:
    if isinstance(exc, ImportRejected):
        lines = [exc.message, ""]
        lines += [
            _("Linje {line}: {reason}").format(line=line, reason=reason)
            for line, reason in exc.rows[:20]
        ]
        if len(exc.rows) > 20:
            lines.append(_("… og {n} rader til.").format(n=len(exc.rows) - 20))
        return "\n".join(lines)
    if isinstance(exc, RuleRefused):
        # the rule's ID goes to the log; the user reads the message without it
        log.info("Avvist etter regel %s: %s", exc.rule_id, exc.message)
        return exc.message
    if isinstance(exc, DvmeetError):
        return exc.message
    setup_logging()
    log.error("Uventa feil", exc_info=(type(exc), exc, exc.__traceback__))
    return _(
        "Det oppstod ein uventa feil. Ingenting er endra i databasen.\n\n"
        "Detaljar er skrivne til loggfila:\n{path}"
    ).format(path=log_file())


def show_error(parent: QWidget | None, exc: BaseException, title: str | None = None) -> None:
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(title if title is not None else _("Det gjekk ikkje"))
    box.setText(describe(exc))
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.setAccessibleName(_("Feilmelding"))
    box.open()


def confirm(parent: QWidget | None, title: str, text: str, action: str) -> bool:
    """Ask before a destructive action; the safe choice is the default."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(title)
    box.setText(text)
    ok = box.addButton(action, QMessageBox.ButtonRole.AcceptRole)
    cancel = box.addButton(_("Avbryt"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(cancel)
    box.exec()
    return box.clickedButton() is ok
