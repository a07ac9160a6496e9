"""The roles of a seat (dvmeet.domain.roles): list order and who chairs (C-1)."""

from __future__ import annotations

from dvmeet.domain.enums import Role
from dvmeet.domain.roles import ROLE_ORDER, chairs, role_rank


def test_every_role_has_a_place_in_the_order() -> None:
    assert set(ROLE_ORDER) == set(Role)
    assert sorted(Role, key=role_rank) == [
        Role.LEIAR,
        Role.NESTLEIAR,
        Role.MEDLEM,
        Role.VARAMEDLEM,
    ]


def test_the_leiar_and_the_nestleiar_chair() -> None:
    """C-1."""
    assert {r for r in Role if chairs(r)} == {Role.LEIAR, Role.NESTLEIAR}
