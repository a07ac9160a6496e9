"""The door of a service package: its `__init__` names the public functions and models
(`__all__`, imported for type checkers only) and takes `__getattr__` from `open_door`,
which loads the package's private modules on first use.

Loading on first use keeps a models module (`dvmeet.services.meetings.models`) cheap to
import, and lets private modules of two packages use each other's models without the
order of imports mattering."""

from __future__ import annotations

import importlib
import pkgutil
import sys
from collections.abc import Callable, Sequence


def open_door(package: str, public: Sequence[str]) -> Callable[[str], object]:
    names = frozenset(public)

    def __getattr__(name: str) -> object:
        module = sys.modules[package]
        if name not in names:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        for info in pkgutil.iter_modules(module.__path__):
            if not info.name.startswith("_"):
                continue
            inner = importlib.import_module(f"{package}.{info.name}")
            if name in vars(inner):
                value = vars(inner)[name]
                setattr(module, name, value)
                return value
        raise AttributeError(f"{package}.{name} is in __all__ but no private module defines it")

    return __getattr__
