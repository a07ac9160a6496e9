"""Undo for the registry's edits (Rediger → Angre, Ctrl+Z), each back through the services.

Taken back:
- a new rank order of deputies: `undo_reorder` voids the terms it began and lets the terms
  it ended run on, exactly as before; redo reorders again;
- a person's details: the old values are saved on the version the edit left;
- a municipality's participation: the old dates, if nobody has changed them since;
- a term entered (medlem, varamedlem …): voided as entered by mistake (`end_membership`
  with the reason "retta"), so it stays in the history; redo enters it again.

Not taken back (their dialogs ask first, and say what will happen): fritak and ending a
term. The services have no inverse for them: a term cannot be reopened or made longer
(R-2), and a fritak is a decision of the electing council.

Every step is a registry write, so the registry views reload after each (AppState.call
emits the areas the core recorded).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from dvmeet.domain.enums import MembershipEnd
from dvmeet.errors import Conflict
from dvmeet.i18n import _
from dvmeet.services.registry import (
    add_membership,
    end_membership,
    list_municipalities,
    reorder_deputies,
    set_participation,
    undo_reorder,
    update_person,
)
from dvmeet.services.registry.models import (
    ChangeResult,
    EndMembershipIn,
    MembershipIn,
    MembershipOut,
    MunicipalityOut,
    ParticipationIn,
    PersonOut,
    PersonUpdate,
    ReorderDeputiesIn,
    UndoReorderIn,
)
from ui.registry.formats import seat_label
from ui.state import AppState
from ui.undo import ChainedCommand, push, versioned_edit

if TYPE_CHECKING:
    from dvmeet.services.context import Context

PERSON_FIELDS = ("name", "email", "phone", "municipality_number", "gender", "title")


def reorder_command(
    state: AppState, data: ReorderDeputiesIn, result: ChangeResult, municipality: str
) -> ChainedCommand | None:
    """Undo for `reorder_deputies(data)`, which returned `result`; None if nothing moved."""
    if not result.created:
        return None

    def again(ctx: Context, last: ChangeResult) -> ChangeResult:
        # on the seat as the undo left it: the terms it restored, the others as they were
        versions = dict(data.expected_versions or {})
        versions.update({m.id: m.version for m in last.created})
        update = {"expected_versions": versions} if data.expected_versions is not None else {}
        return reorder_deputies(ctx, data.model_copy(update=update))

    def back(ctx: Context, last: ChangeResult) -> ChangeResult:
        return undo_reorder(
            ctx,
            UndoReorderIn(
                body_code=data.body_code,
                municipality_number=data.municipality_number,
                from_date=data.from_date,
                ended_ids=[m.id for m in last.ended],
                created_ids=[m.id for m in last.created],
            ),
        )

    return ChainedCommand(
        state,
        _("endring av vararekkjefølgja for {municipality}").format(municipality=municipality),
        again,
        back,
        result=result,
    )


def changed_person_fields(before: PersonOut, after: PersonOut) -> list[str]:
    return [k for k in PERSON_FIELDS if getattr(before, k) != getattr(after, k)]


def person_command(state: AppState, before: PersonOut, after: PersonOut) -> ChainedCommand | None:
    """Undo for a saved edit of a person (`before` is what the save was based on)."""
    fields = changed_person_fields(before, after)
    if not fields:
        return None
    try:
        back = PersonUpdate(id=before.id, **{k: getattr(before, k) for k in fields})
        again = PersonUpdate(id=after.id, **{k: getattr(after, k) for k in fields})
    except ValidationError:  # an old value the registry would no longer accept
        return None
    return versioned_edit(
        state,
        _("endring av {name}").format(name=after.name),
        update_person,
        again,
        back,
        saved=after,
        stale=_(
            "{name} er endra av nokon andre sidan, så endringa di kan ikkje angrast. "
            "Sjå over personen og endre han på nytt om det trengst."
        ).format(name=after.name),
    )


def _participation(m: MunicipalityOut) -> tuple[Any, Any]:
    return m.participant_from, m.participant_to


def participation_command(
    state: AppState, before: MunicipalityOut, after: MunicipalityOut
) -> ChainedCommand | None:
    """Undo for a saved participation: the dates go back if nobody has changed them since."""
    if _participation(before) == _participation(after):
        return None
    stale = _(
        "Deltakinga til {name} er endra av nokon andre sidan, så endringa di kan ikkje angrast."
    ).format(name=after.name)

    def to(target: MunicipalityOut) -> Any:
        def run(ctx: Context, last: MunicipalityOut) -> MunicipalityOut:
            now = next((m for m in list_municipalities(ctx) if m.number == last.number), None)
            if now is None or _participation(now) != _participation(last):
                raise Conflict(stale)
            return set_participation(
                ctx,
                ParticipationIn(
                    number=target.number,
                    participant_from=target.participant_from,
                    participant_to=target.participant_to,
                    expected_version=last.version,  # on what the step before left
                ),
            )

        return run

    return ChainedCommand(
        state,
        _("endring av deltakinga til {name}").format(name=after.name),
        to(after),
        to(before),
        result=after,
        stale=stale,
    )


def membership_command(state: AppState, data: MembershipIn, added: MembershipOut) -> ChainedCommand:
    """Undo for a term just entered: it is voided as entered by mistake (and kept in the
    history); redo enters it again, as a new term."""

    def again(ctx: Context, _last: Any) -> MembershipOut:
        return add_membership(ctx, data)

    def back(ctx: Context, last: MembershipOut) -> MembershipOut:
        return end_membership(
            ctx,
            EndMembershipIn(
                membership_id=last.id,
                valid_to=last.valid_to or last.valid_from,
                reason=MembershipEnd.CORRECTED,
            ),
        )

    return ChainedCommand(
        state,
        _("innføring av {name} som {what}").format(
            name=added.person_name, what=seat_label(added.role, added.deputy_rank).lower()
        ),
        again,
        back,
        result=added,
    )


def remember(state: AppState, command: ChainedCommand | None) -> None:
    """Put a command on the undo stack (nothing when there is nothing to take back)."""
    if command is not None:
        push(state, command)
