"""Undo for the edits a user expects to take back: case list order, case edits, and the
registry's edits (deputy order, persons, participation, terms entered by mistake).

One QUndoStack per AppState (a child of it, so views find it without knowing the window).
A command is a pair of service calls run through `state.call`, each behind a check that
runs on the worker first (for example: the meeting can still be edited); the views showing
what a step changed reload, as the core reports it. When a check or
a call fails, the error is shown and the stack is cleared: what it remembers no longer
matches the database.

`ServiceCommand` repeats the same two calls. `ChainedCommand` builds each step from what
the step before returned (a new id, a new version), so an edit of a versioned record is
taken back on the version it left, and is refused, not overwritten, when someone else has
saved the record since.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QKeySequence, QUndoCommand, QUndoStack

from dvmeet.errors import ChangedElsewhere
from dvmeet.i18n import _
from ui.state import AppState

if TYPE_CHECKING:
    from pydantic import BaseModel

    from dvmeet.services.context import Context

Check = Callable[["Context"], None]  # raises a DvmeetError when the step may not run
Step = tuple[Callable[..., Any], tuple[Any, ...]]
# One step of a ChainedCommand, run on the worker: given what the step before returned,
# make the change and return what the service returned.
Action = Callable[["Context", Any], Any]

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


class _StateCommand(QUndoCommand):
    """What both kinds of command share: the first redo may be skipped, failures clear."""

    def __init__(
        self,
        state: AppState,
        text: str,
        *,
        done: bool,
        on_error: Callable[[BaseException], None] | None,
        on_done: Callable[[Any], None] | None,
    ) -> None:
        super().__init__(text)
        self.state = state
        self._skip_first_redo = done
        self._on_error = on_error
        self._on_done = on_done

    def redo(self) -> None:
        if self._skip_first_redo:  # the change was made before the command was pushed
            self._skip_first_redo = False
            return
        self._step(forward=True)

    def undo(self) -> None:
        self._step(forward=False)

    def _step(self, forward: bool) -> None:
        raise NotImplementedError

    def _start(self, job: Callable[..., Any], *args: Any) -> None:
        if not self.state.is_open:
            self.setObsolete(True)
            return
        self.state.call(job, *args, on_done=self._on_done, on_error=self._failed)

    def _failed(self, exc: BaseException) -> None:
        stack = undo_stack(self.state)
        if self._on_error is not None:
            self._on_error(exc)
        else:
            self.state.runner.error.emit(exc)
        stack.clear()


class ServiceCommand(_StateCommand):
    """Redo and undo are service calls; `done=True` when the change has already been made."""

    def __init__(
        self,
        state: AppState,
        text: str,
        redo: Step,
        undo: Step,
        *,
        check: Check | None = None,
        done: bool = False,
        on_error: Callable[[BaseException], None] | None = None,
        on_done: Callable[[Any], None] | None = None,
    ) -> None:
        super().__init__(state, text, done=done, on_error=on_error, on_done=on_done)
        self._redo = redo
        self._undo = undo
        self._check = check

    def _step(self, forward: bool) -> None:
        service, args = self._redo if forward else self._undo
        self._start(_guarded, self._check, service, *args)


class _Last:
    """What the latest step returned. Written on the worker as soon as a step has run, so a
    step queued right behind it (a quick Ctrl+Z after Ctrl+Shift+Z) builds on it."""

    def __init__(self, value: Any) -> None:
        self.value = value


class ChainedCommand(_StateCommand):
    """A change already made (`result` is what it returned); redo and undo are actions that
    each get what the step before returned. `stale` replaces the message of a
    ChangedElsewhere: someone else has saved the record since, so it is not taken back."""

    def __init__(
        self,
        state: AppState,
        text: str,
        redo: Action,
        undo: Action,
        *,
        result: Any,
        stale: str | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        on_done: Callable[[Any], None] | None = None,
    ) -> None:
        super().__init__(state, text, done=True, on_error=on_error, on_done=on_done)
        self._redo = redo
        self._undo = undo
        self._last = _Last(result)
        self._stale = stale

    def _step(self, forward: bool) -> None:
        action = self._redo if forward else self._undo
        last, stale = self._last, self._stale

        def step(ctx: Context) -> Any:
            try:
                result = action(ctx, last.value)
            except ChangedElsewhere as exc:
                if stale is None:
                    raise
                raise ChangedElsewhere(exc.current, message=stale) from exc
            last.value = result
            return result

        self._start(step)


def versioned_edit(
    state: AppState,
    text: str,
    service: Callable[[Context, Any], Any],
    redo: BaseModel,
    undo: BaseModel,
    *,
    saved: Any,
    stale: str,
    check: Check | None = None,
    on_error: Callable[[BaseException], None] | None = None,
) -> ChainedCommand:
    """Undo for an edit of a record with a `version` (`saved` is what the edit returned):
    `redo` and `undo` are the service's inputs, each sent with `expected_version` set to
    the version the step before left. A record someone else has saved since is left as it
    is: the step is refused with `stale` and the stack is cleared."""

    def on(data: BaseModel) -> Action:
        def run(ctx: Context, last: Any) -> Any:
            if check is not None:
                check(ctx)
            return service(ctx, data.model_copy(update={"expected_version": last.version}))

        return run

    return ChainedCommand(
        state,
        text,
        on(redo),
        on(undo),
        result=saved,
        stale=stale,
        on_error=on_error,
    )


def push(state: AppState, command: QUndoCommand) -> None:
    undo_stack(state).push(command)


UNDO_KEYS = [QKeySequence.StandardKey.Undo]
REDO_KEYS: list[str | QKeySequence.StandardKey] = ["Ctrl+Shift+Z", QKeySequence.StandardKey.Redo]


def undo_actions(state: AppState, parent: QObject, *, shortcuts: bool = True) -> tuple[Any, Any]:
    """The Edit menu's "Angre" and "Gjer om" actions, with their standard shortcuts (or
    without: the main window sets them after its first paint)."""
    stack = undo_stack(state)
    undo = stack.createUndoAction(parent, _("Angre"))
    undo.setObjectName("undo_action")
    redo = stack.createRedoAction(parent, _("Gjer om"))
    redo.setObjectName("redo_action")
    if shortcuts:
        undo.setShortcuts([QKeySequence(k) for k in UNDO_KEYS])
        redo.setShortcuts([QKeySequence(k) for k in REDO_KEYS])
    return undo, redo
