"""Undo for the edits a user expects to take back: case list order, case edits, deputy order.

One QUndoStack per AppState (a child of it, so views find it without knowing the window).
A command is a pair of service calls run through `state.call`, each behind a check that
runs on the worker first (for example: the meeting can still be edited). When a check or
a call fails, the error is shown and the stack is cleared: what it remembers no longer
matches the database.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QUndoCommand, QUndoStack

from dvmeet.i18n import _
from ui.state import AppState

if TYPE_CHECKING:
    from dvmeet.services.context import Context

Check = Callable[["Context"], None]  # raises a DvmeetError when the step may not run
Step = tuple[Callable[..., Any], tuple[Any, ...]]

_STACK_NAME = "undo_stack"


def undo_stack(state: AppState) -> QUndoStack:
    """The undo stack of this AppState, made on first use; cleared when a database opens."""
    stack = state.findChild(QUndoStack, _STACK_NAME)
    if stack is None:
        stack = QUndoStack(state)
        stack.setObjectName(_STACK_NAME)
        stack.setUndoLimit(50)
        state.database_opened.connect(lambda _name: stack.clear())
    return stack


def _guarded(ctx: Context, check: Check | None, service: Callable[..., Any], *args: Any) -> Any:
    if check is not None:
        check(ctx)
    return service(ctx, *args)


class ServiceCommand(QUndoCommand):
    """Redo and undo are service calls; `done=True` when the change has already been made."""

    def __init__(
        self,
        state: AppState,
        text: str,
        redo: Step,
        undo: Step,
        *,
        changes: str,
        check: Check | None = None,
        done: bool = False,
        on_error: Callable[[BaseException], None] | None = None,
        on_done: Callable[[Any], None] | None = None,
    ) -> None:
        super().__init__(text)
        self.state = state
        self._redo = redo
        self._undo = undo
        self._changes = changes
        self._check = check
        self._skip_first_redo = done
        self._on_error = on_error
        self._on_done = on_done

    def redo(self) -> None:
        if self._skip_first_redo:
            self._skip_first_redo = False
            return
        self._run(self._redo)

    def undo(self) -> None:
        self._run(self._undo)

    def _run(self, step: Step) -> None:
        if not self.state.is_open:
            self.setObsolete(True)
            return
        service, args = step
        self.state.call(
            _guarded,
            self._check,
            service,
            *args,
            on_done=self._on_done,
            on_error=self._failed,
            changes=self._changes,
        )

    def _failed(self, exc: BaseException) -> None:
        stack = undo_stack(self.state)
        if self._on_error is not None:
            self._on_error(exc)
        else:
            self.state.runner.error.emit(exc)
        stack.clear()


def push(state: AppState, command: QUndoCommand) -> None:
    undo_stack(state).push(command)


def undo_actions(state: AppState, parent: QObject) -> tuple[Any, Any]:
    """The Edit menu's "Angre" and "Gjer om" actions, with their standard shortcuts."""
    from PySide6.QtGui import QKeySequence

    stack = undo_stack(state)
    undo = stack.createUndoAction(parent, _("Angre"))
    undo.setShortcut(QKeySequence.StandardKey.Undo)
    undo.setObjectName("undo_action")
    redo = stack.createRedoAction(parent, _("Gjer om"))
    redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence(QKeySequence.StandardKey.Redo)])
    redo.setObjectName("redo_action")
    return undo, redo
