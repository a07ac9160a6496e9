"""Budgets and each municipality's share of the cost.

The door: the functions a front end may call (context in, pydantic out) and their
models. Session and ORM helpers stay in the private modules of this package."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dvmeet.services._door import open_door

if TYPE_CHECKING:
    from dvmeet.services.cost_shares._cost_shares import (
        budget_for_case,
        delete_budget,
        get_budget,
        link_budget_case,
        list_budgets,
        participants_for,
        preview,
        recalculate,
        save_budget,
        unlink_budget_case,
    )

__all__ = [
    "budget_for_case",
    "delete_budget",
    "get_budget",
    "link_budget_case",
    "list_budgets",
    "participants_for",
    "preview",
    "recalculate",
    "save_budget",
    "unlink_budget_case",
]
__getattr__ = open_door(__name__, __all__)
