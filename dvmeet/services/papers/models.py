"""The models of the case papers: the saksframlegg, a body's template, the attachments."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from dvmeet.services.models import In, Out

# The largest attachment taken in (after conversion to PDF).
MAX_ATTACHMENT_BYTES = 30 * 1024 * 1024
TEXT_LIMIT = 200_000


class PaperIn(In):
    """The saksframlegg's parts of a case. The innstilling is the case's own
    (meetings.update_case, `recommendation`): one text, never a copy.

    `expected_version`: the paper's version the user read, 0 when there was none yet."""

    case_id: int
    expected_version: int | None = None
    background: str | None = Field(default=None, max_length=TEXT_LIMIT)
    assessment: str | None = Field(default=None, max_length=TEXT_LIMIT)
    economy: str | None = Field(default=None, max_length=TEXT_LIMIT)


class PaperOut(Out):
    case_id: int
    meeting_id: int
    body_code: str
    label: str
    title: str
    closed: bool
    recommendation: str | None  # the case's innstilling
    background: str | None
    assessment: str | None
    economy: str | None
    version: int  # 0: no saksframlegg saved yet (the texts are the body's template)
    from_template: bool
    editable: bool  # False once the meeting's minutes are approved


class TemplateIn(In):
    """A body's default texts for a new saksframlegg (`expected_version` 0: none read)."""

    body_code: str = Field(min_length=1, max_length=16)
    expected_version: int | None = None
    background: str | None = Field(default=None, max_length=TEXT_LIMIT)
    assessment: str | None = Field(default=None, max_length=TEXT_LIMIT)
    economy: str | None = Field(default=None, max_length=TEXT_LIMIT)


class TemplateOut(Out):
    body_code: str
    body_name: str
    background: str | None
    assessment: str | None
    economy: str | None
    version: int  # 0: the body has no template yet


class AttachmentIn(In):
    """A file to attach: a PDF, or a Word/Excel/OpenDocument file converted to PDF."""

    case_id: int
    title: str = Field(min_length=1, max_length=300)
    filename: str = Field(min_length=1, max_length=255)
    content: bytes
    closed: bool = False


class AttachmentUpdate(In):
    attachment_id: int
    expected_version: int | None = None
    title: str = Field(min_length=1, max_length=300)
    closed: bool


class MoveAttachmentIn(In):
    attachment_id: int
    expected_version: int | None = None
    step: Literal[-1, 1]


class AttachmentOut(Out):
    """A case's attachment. `automatic`: the governing document the case adopts, rendered
    from its version (no id; it follows the case and cannot be removed or reordered)."""

    id: int | None
    case_id: int
    title: str
    filename: str
    sha256: str
    size: int
    closed: bool
    position: int
    version: int
    automatic: bool = False
    document_version_id: int | None = None
    created_at: dt.datetime | None = None


class SakspapirWritten(Out):
    path: str
    pages: int
    public: bool
