"""The archive's models: references in and out, the receipt read, the hand-off written."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, field_validator, model_validator

from dvmeet.i18n import _
from dvmeet.services.models import In, Out


class ArchiveRefIn(In):
    """The archive references of one meeting or one case (exactly one of the two ids).
    Empty fields are allowed: the archive may give some references and not others.
    `expected_version`: the version read (0: no references were there), None: no check."""

    meeting_id: int | None = None
    case_id: int | None = None
    case_year: int | None = None
    case_sequence: int | None = None
    record_number: int | None = None
    series: str | None = Field(default=None, max_length=100)
    class_id: str | None = Field(default=None, max_length=100)
    expected_version: int | None = None

    @field_validator("series", "class_id", mode="after")
    @classmethod
    def _blank_is_none(cls, value: str | None) -> str | None:
        return value or None

    @field_validator("case_year", mode="after")
    @classmethod
    def _year(cls, value: int | None) -> int | None:
        if value is not None and not 1000 <= value <= 9999:
            raise ValueError(_("må vere eit årstal med fire siffer, til dømes 2025"))
        return value

    @field_validator("case_sequence", "record_number", mode="after")
    @classmethod
    def _positive(cls, value: int | None) -> int | None:
        if value is not None and value < 1:
            raise ValueError(_("må vere eit heiltal større enn 0"))
        return value

    @model_validator(mode="after")
    def _one_owner_and_whole_number(self) -> ArchiveRefIn:
        if (self.meeting_id is None) == (self.case_id is None):
            raise ValueError(_("Vel anten eit møte eller ei sak for arkivreferansane."))
        if (self.case_year is None) != (self.case_sequence is None):
            raise ValueError(
                _("Saksnummeret i arkivet treng både saksår og sekvensnummer (til dømes 2025/123).")
            )
        return self


class ArchiveRefOut(Out):
    """The references of a meeting or a case as kept (version 0: none kept yet)."""

    meeting_id: int | None = None
    case_id: int | None = None
    label: str  # "Møtet 12.03.2025" or the case's number and title
    case_year: int | None = None
    case_sequence: int | None = None
    record_number: int | None = None
    series: str | None = None
    class_id: str | None = None
    version: int = 0

    @property
    def case_number(self) -> str | None:
        """The archive's case number, "2025/123", or None."""
        if self.case_year is None or self.case_sequence is None:
            return None
        return f"{self.case_year}/{self.case_sequence}"


class ArchiveRefs(Out):
    """The references of a meeting and of each of its cases, in case-list order."""

    meeting: ArchiveRefOut
    cases: list[ArchiveRefOut]


class ReceiptRead(Out):
    """What a receipt gave: the references it set, by meeting or case."""

    source: Path
    changed: list[ArchiveRefOut]


class HandoffWritten(Out):
    """The hand-off folder and every file written into it, the messages first."""

    folder: Path
    messages: list[Path]
    documents: list[Path]
