"""The door of a service package: its `__init__` names the public functions and models
(`__all__`, imported for type checkers only) and takes `__getattr__` from `open_door`,
which loads the package's private modules on first use.

Loading on first use keeps a models module (`dvmeet.services.meetings.models`) cheap to
import, and lets private modules of two packages use each other's models without the
order of imports mattering."""

from __future__ import annotations

import ast
import importlib
import pkgutil
import sys
from collections.abc import Callable, Sequence

_MISSING = object()


def open_door(package: str, public: Sequence[str]) -> Callable[[str], object]:
    names = frozenset(public)
    homes: dict[str, tuple[str, str]] = {}

    def __getattr__(name: str) -> object:
        module = sys.modules[package]
        if name not in names:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        if not homes:
            homes.update(_declared_homes(package, module.__file__))
        home = homes.get(name)
        if home is not None:  # the module the door names: only that one is loaded
            value = getattr(importlib.import_module(home[0]), home[1], _MISSING)
            if value is not _MISSING:
                setattr(module, name, value)
                return value
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


def _declared_homes(package: str, init_file: str | None) -> dict[str, tuple[str, str]]:
    """Where the door's `TYPE_CHECKING` block imports each name from:
    {name: (module, its name there)}.
    Loading just that module keeps a command that needs one function from loading every
    private module of the package (and what they import)."""
    if init_file is None:
        return {}
    try:
        with open(init_file, encoding="utf-8") as f:
            tree = ast.parse(f.read(), init_file)
    except (OSError, SyntaxError, ValueError):
        return {}
    homes: dict[str, tuple[str, str]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                homes[alias.asname or alias.name] = (node.module, alias.name)
    return homes
