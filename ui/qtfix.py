"""Guard against a reference-count bug: PySide6 6.12 on CPython 3.11 drops one reference
to None each time an invalid QVariant becomes None (model data, combo data, item data) or
None becomes a QVariant. A table view paints thousands of those, and when None's count
reaches zero the interpreter aborts ("none_dealloc: deallocating None").

`protect_none()` gives None a very large reference count once, so the lost references can
never bring it to zero (CPython 3.12 and later make None immortal, so it does nothing there).
The ui package calls it on import (ui/__init__.py), so every front-end module is safe
whoever imports it first.
"""

from __future__ import annotations

import ctypes
import sys

_EXTRA = 1 << 40
_done = False


def protect_none() -> None:
    global _done
    if _done or sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return
    # True and False have been seen to meet the same fate ("bool_dealloc") in a long run.
    for singleton in (None, True, False):
        refcount = ctypes.c_ssize_t.from_address(id(singleton))
        refcount.value += _EXTRA
    _done = True
