"""Quorum per case (rule Q-1, koml. § 11-9)."""

from __future__ import annotations

from dataclasses import dataclass

from dvmeet.i18n import _


def _validate(voters: int, seats: int) -> None:
    if voters < 0:
        raise ValueError(
            _("Talet på røystande kan ikkje vere negativt ({voters}).").format(voters=voters)
        )
    if seats < 1:
        raise ValueError(_("Organet må ha minst eitt sete ({seats}).").format(seats=seats))
    if voters > seats:
        raise ValueError(
            _("Fleire røystande ({voters}) enn sete i organet ({seats}).").format(
                voters=voters, seats=seats
            )
        )


def is_quorate(voters: int, seats: int) -> bool:
    """Q-1: the body is quorate in a case when ``2 * voters >= seats``.

    ``voters`` are the members (or deputies meeting for them) present and voting in the
    case; ``seats`` are the body's seats. Raises :class:`ValueError` for negative counts,
    a body without seats, or more voters than seats.
    """
    _validate(voters, seats)
    return 2 * voters >= seats


def minimum_voters(seats: int) -> int:
    """Q-1: the smallest number of voters that makes a body of ``seats`` quorate."""
    _validate(0, seats)
    return (seats + 1) // 2


@dataclass(frozen=True, slots=True)
class QuorumStatus:
    """Q-1: quorum in one case, with the text the minutes print ("37 av 43")."""

    voters: int
    seats: int
    quorate: bool

    @property
    def text(self) -> str:
        """Short form for the minutes: "37 av 43"."""
        return f"{self.voters} av {self.seats}"

    @property
    def sentence(self) -> str:
        """Full nynorsk sentence for the minutes."""
        if self.quorate:
            return f"Vedtaksfør: {self.text} medlemer røysta."
        return (
            f"Ikkje vedtaksfør: berre {self.text} medlemer røysta; "
            f"minst {minimum_voters(self.seats)} må røyste."
        )


def quorum_status(voters: int, seats: int) -> QuorumStatus:
    """Q-1: build the :class:`QuorumStatus` of a case (validates as :func:`is_quorate`)."""
    return QuorumStatus(voters=voters, seats=seats, quorate=is_quorate(voters, seats))
