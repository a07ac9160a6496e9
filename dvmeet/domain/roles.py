"""The roles of a seat: their order in lists and who chairs (C-1)."""

from __future__ import annotations

from dvmeet.domain.enums import Role

# leiar, nestleiar, medlem, varamedlem: the order of the registry's lists and exports
ROLE_ORDER: tuple[Role, ...] = (Role.LEIAR, Role.NESTLEIAR, Role.MEDLEM, Role.VARAMEDLEM)

# C-1: the leiar chairs; if absent, the nestleiar
CHAIRING: tuple[Role, ...] = (Role.LEIAR, Role.NESTLEIAR)


def role_rank(role: Role) -> int:
    """Where a role comes in ROLE_ORDER (0 for the leiar)."""
    return ROLE_ORDER.index(role)


def chairs(role: Role) -> bool:
    """C-1: the role chairs the body's meetings (the leiar, or the nestleiar in its absence);
    it is elected to the person, so it must be elected anew when the person leaves."""
    return role in CHAIRING
