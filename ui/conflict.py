"""«Endra av nokon andre»: a save refused because someone else saved the record first.

An edit dialog sends the version it was opened with; the service refuses a stale one with
ChangedElsewhere, which carries the record as it is now. This dialog shows the fields where
the form and the saved record differ, and lets the user choose:

- «Lagre mine endringar»: save the fields the user changed on top of what is saved now
  (knowingly overwriting those fields; the others stay as the other person left them);
- «Bruk det som er lagra»: drop the user's changes and show what is saved;
- «Avbryt»: back to the form, with everything typed kept.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from dvmeet.i18n import _
from ui.state import AppState
from ui.table import Column, RowsModel, make_table

KEEP_MINE = "mine"
USE_STORED = "stored"
CANCEL = "cancel"

SHORT = 120  # characters of a long text shown in the table; the whole text is its tooltip


@dataclass(frozen=True)
class Difference:
    """One field where the form and the saved record differ."""

    key: str
    label: str
    mine: str  # the form's value, as shown
    stored: str  # the saved value, as shown
    yours: bool  # the user changed this field in the form
    theirs: bool  # someone else changed it since the form was opened


def shown(value: Any) -> str:
    """A value as the table shows it: empty as «(tomt)», yes/no in words."""
    if value is None or value == "":
        return _("(tomt)")
    if isinstance(value, bool):
        return _("ja") if value else _("nei")
    return str(value)


def differences(
    fields: Sequence[tuple[str, str]],
    opened: Mapping[str, Any],
    mine: Mapping[str, Any],
    stored: Mapping[str, Any],
    show: Callable[[str, Any], str] | None = None,
) -> list[Difference]:
    """The fields (key, label) whose value in the form (`mine`) is not what is saved now
    (`stored`), marked by who changed them since the form was opened with `opened`.

    Fields both changed come first; then the user's, then the other person's."""
    show = show or (lambda _key, value: shown(value))
    rows = []
    for key, label in fields:
        before, form, now = opened.get(key), mine.get(key), stored.get(key)
        if form == now:
            continue
        rows.append(
            Difference(key, label, show(key, form), show(key, now), form != before, now != before)
        )
    order = {(True, True): 0, (True, False): 1, (False, True): 2, (False, False): 3}
    return sorted(rows, key=lambda d: order[(d.yours, d.theirs)])


def _short(text: str) -> str:
    line = " ".join(text.split())
    return line if len(line) <= SHORT else line[: SHORT - 1] + "…"


def _mine(d: Difference) -> str:
    return _short(d.mine) if d.yours else _("(ikkje endra av deg)")


def _tip(d: Difference, text: str) -> str:
    if d.yours and d.theirs:
        return _("Både du og den andre har endra dette feltet.") + "\n\n" + text
    return text


def difference_columns() -> list[Column[Difference]]:
    return [
        Column(
            _("Felt"),
            lambda d: d.label + (" *" if d.yours and d.theirs else ""),
            width=20,
            tooltip=lambda d: _tip(d, d.label),
        ),
        Column(
            _("Di endring"),
            _mine,
            tooltip=lambda d: _tip(d, d.mine) if d.yours else "",
            muted=lambda d: not d.yours,
        ),
        Column(
            _("Lagra no"),
            lambda d: _short(d.stored),
            tooltip=lambda d: _tip(d, d.stored),
        ),
    ]


class ConflictDialog(QDialog):
    """Asks what to do with a save that someone else's save got in before.

    `chosen` is emitted once with KEEP_MINE, USE_STORED or CANCEL (also for Esc or closing
    the window); `choice` holds it afterwards."""

    chosen = Signal(str)

    def __init__(
        self, what: str, rows: Sequence[Difference], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("conflict_dialog")
        title = _("Endra av nokon andre")
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.setModal(True)
        self.setMinimumWidth(640)
        self.rows = list(rows)
        self.choice = CANCEL

        heading = QLabel(
            _(
                "<p><b>Nokon andre har lagra {what} medan du arbeidde med det.</b></p>"
                "<p>Endringane dine er ikkje lagra enno, og ingenting av det du har skrive, "
                "er borte.</p>"
            ).format(what=what)
        )
        heading.setObjectName("conflict_text")
        heading.setWordWrap(True)
        heading.setTextFormat(Qt.TextFormat.RichText)

        self.model: RowsModel[Difference] = RowsModel(difference_columns(), self)
        self.model.set_rows(self.rows)
        self.table, self.proxy = make_table(self.model, "differences", self, sortable=False)
        self.table.setAccessibleName(_("Felt som er ulike"))
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.setMinimumHeight(self.table.verticalHeader().defaultSectionSize() * 5)
        self.empty = QLabel(
            _(
                "Felta i skjemaet er like det som er lagra no; den andre endra anna enn det "
                "du ser her."
            )
        )
        self.empty.setObjectName("no_differences")
        self.empty.setWordWrap(True)
        self.empty.setEnabled(False)
        self.table.setVisible(bool(self.rows))
        self.empty.setVisible(not self.rows)
        legend = QLabel(_("* Både du og den andre har endra feltet."))
        legend.setEnabled(False)
        legend.setVisible(any(d.yours and d.theirs for d in self.rows))

        explain = QLabel(
            _(
                "<p><b>Lagre mine endringar</b>: felta du har endra, blir lagra over det som "
                "er lagra no. Dei andre felta blir ståande slik den andre lagra dei.<br>"
                "<b>Bruk det som er lagra</b>: endringane dine blir forkasta, og du ser det "
                "som er lagra.<br>"
                "<b>Avbryt</b>: tilbake til skjemaet med det du har skrive.</p>"
            )
        )
        explain.setWordWrap(True)
        explain.setTextFormat(Qt.TextFormat.RichText)

        self.buttons = QDialogButtonBox()
        self.save_mine = self._button(
            _("&Lagre mine endringar"), "save_mine", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.use_stored = self._button(
            _("&Bruk det som er lagra"), "use_stored", QDialogButtonBox.ButtonRole.DestructiveRole
        )
        self.cancel = self._button(_("Avbryt"), "cancel", QDialogButtonBox.ButtonRole.RejectRole)
        self.save_mine.clicked.connect(lambda: self._choose(KEEP_MINE))
        self.use_stored.clicked.connect(lambda: self._choose(USE_STORED))
        self.cancel.clicked.connect(lambda: self._choose(CANCEL))
        self.cancel.setDefault(True)  # Enter does nothing that cannot be taken back

        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addWidget(heading)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        layout.addWidget(legend)
        layout.addWidget(explain)
        layout.addWidget(self.buttons)
        self.finished.connect(self._finished)
        self.cancel.setFocus()

    def _button(self, text: str, name: str, role: QDialogButtonBox.ButtonRole) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.setAccessibleName(text.replace("&", ""))
        button.setAutoDefault(False)
        self.buttons.addButton(button, role)
        return button

    def _finished(self, _result: int) -> None:
        self.chosen.emit(self.choice)
        self.deleteLater()

    def _choose(self, choice: str) -> None:
        self.choice = choice
        if choice == CANCEL:
            self.reject()
        else:
            self.accept()

    def reject(self) -> None:  # also Esc and the window's close button: back to the form
        self.choice = CANCEL
        super().reject()

    def fields(self) -> list[str]:
        """The labels of the fields listed (for tests and screen readers' summaries)."""
        return [d.label for d in self.rows]


class ConflictOwner(Protocol):
    """An edit dialog that can meet a conflict: it keeps the open ConflictDialog."""

    conflict: ConflictDialog | None

    def reject(self) -> None: ...


def open_conflict(
    owner: ConflictOwner,
    state: AppState,
    what: str,
    rows: Sequence[Difference],
    *,
    area: str,
    save_mine: Callable[[], None],
    back_to_form: Callable[[str], None],
) -> ConflictDialog:
    """Show the ConflictDialog over `owner` and carry out the choice: `save_mine()`, back to
    the form with `back_to_form(text)`, or close the form and reload `area`."""
    dialog = ConflictDialog(what, rows, owner if isinstance(owner, QWidget) else None)

    def chosen(choice: str) -> None:
        owner.conflict = None
        if choice == KEEP_MINE:
            save_mine()
        elif choice == CANCEL:
            back_to_form(
                _(
                    "Ikkje lagra: nokon andre har lagra {what} medan du arbeidde. Det du har "
                    "skrive, står her framleis; trykk Lagre for å velje på nytt."
                ).format(what=what)
            )
        else:  # use what is saved: drop the form, show the saved record
            state.message.emit(
                _("Endringane dine er forkasta; du ser det som er lagra for {what}.").format(
                    what=what
                )
            )
            owner.reject()
            state.changed.emit(area)

    dialog.chosen.connect(chosen)
    owner.conflict = dialog
    dialog.open()
    return dialog
