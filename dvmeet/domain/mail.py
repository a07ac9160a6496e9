"""Recipients and sending of notices by e-mail (issue 20): who gets what, and the state of
each message. Pure: no database, no I/O."""

from __future__ import annotations

from enum import StrEnum


class RecipientKind(StrEnum):
    """Why an address gets the notice. Members and deputies called in come from the
    registry and the attendance; the others are kept on the body's distribution list."""

    MEMBER = "member"
    DEPUTY = "deputy"  # a deputy called in for the meeting
    OBSERVER = "observer"
    POST = "post"  # a participating municipality's post address (postmottak)
    COPY = "copy"  # a copy recipient, for example the host municipality's archive

    @property
    def internal(self) -> bool:
        """Gets the internal notice (closed cases in full): those who sit in the meeting.
        Everyone else gets the public notice (M-3, M-4, O-2)."""
        return self in (RecipientKind.MEMBER, RecipientKind.DEPUTY)

    @property
    def on_list(self) -> bool:
        """Kept on the body's distribution list (not taken from the registry)."""
        return self in (RecipientKind.OBSERVER, RecipientKind.POST, RecipientKind.COPY)

    @property
    def invited(self) -> bool:
        """Invited to the meeting: the calendar file is an invitation (METHOD:REQUEST) with
        the recipient as attendee; the others get it to publish (METHOD:PUBLISH)."""
        return self in (RecipientKind.MEMBER, RecipientKind.DEPUTY, RecipientKind.OBSERVER)


class MailKind(StrEnum):
    NOTICE = "notice"  # innkalling
    CHANGED_NOTICE = "changed_notice"  # endra innkalling


class MailStatus(StrEnum):
    PENDING = "pending"  # logged, not yet handed over (or the program stopped meanwhile)
    SENT = "sent"  # accepted by the SMTP server
    WRITTEN = "written"  # written as an .eml file (no SMTP server set up)
    FAILED = "failed"

    @property
    def done(self) -> bool:
        return self in (MailStatus.SENT, MailStatus.WRITTEN)


class Transport(StrEnum):
    SMTP = "smtp"
    EML = "eml"
