"""The areas of the app a change can touch, and which area shows which audited entity.

A write service appends audit events naming the entities it changed; the unit of work
turns those entities into areas (`areas_of`) and the context records them
(`Context.recording_changes`), so a front end learns what a call changed without naming
it. Other users' changes are found the same way (dvmeet.services.changes.poll).

Standard library only: the UI imports this before its first window has painted.
"""

from __future__ import annotations

from collections.abc import Iterable

AREAS = ("meetings", "registry", "documents", "minutes", "agreement")

# Audit entity -> the areas of the app that show it. An unknown entity reloads all.
_ENTITY_AREAS: dict[str, tuple[str, ...]] = {
    "person": ("registry",),
    "membership": ("registry",),
    "body": ("registry",),
    "municipality": ("registry",),
    "cooperation": ("registry",),
    "cost_share_budget": ("agreement",),  # the cost shares are shown under Avtale
    "governing_document": ("documents",),
    "document_version": ("documents",),
    "meeting": ("meetings",),
    "case": ("meetings",),
    "agenda_case": ("meetings",),
    "urgent_decision": ("meetings",),
    "attendance_event": ("meetings", "minutes"),
    "disqualification": ("meetings", "minutes"),
    "proposal": ("meetings", "minutes"),
    "vote": ("meetings", "minutes"),
    "decision": ("meetings", "minutes"),
    "minutes": ("minutes", "meetings"),
    "correction": ("minutes", "meetings"),
    "archive_reference": ("minutes", "meetings"),  # issue 19: the archive's references
    "minutes_signature": ("minutes",),  # issue 19: signatures on the approved møtebok
    "trust_root": ("minutes",),  # issue 19: the CA certificates trusted for signatures
    "rule_warning": ("meetings",),
    "case_paper": ("meetings",),
    "case_attachment": ("meetings",),
    "paper_template": ("meetings",),
    "speaker_entry": ("meetings", "minutes"),
    "speaker_settings": ("meetings",),
    "distribution_recipient": ("registry",),
    "mail_message": ("meetings",),
    "case_route": ("meetings",),  # issue 19: a matter's saksgang across bodies
}


def areas_of(entity: str) -> tuple[str, ...]:
    """The areas that show an audited entity (all of them for an entity not known here)."""
    if entity in _ENTITY_AREAS:
        return _ENTITY_AREAS[entity]
    if entity.startswith("agreement"):
        return ("agreement",)
    if entity.startswith("cost_share"):
        return ("agreement",)
    return AREAS


def areas_of_all(entities: Iterable[str]) -> set[str]:
    """The areas that show any of `entities`."""
    return {area for entity in entities for area in areas_of(entity)}
