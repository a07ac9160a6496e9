"""Case papers (issue 19): the saksframlegg of a case with a body's template, the case's
attachments (PDF in the database; Word/Excel converted by LibreOffice; the governing
document a case adopts listed and rendered automatically), and the sakspapir (the notice
with every case's paper and attachments as one PDF, internal or public).

The door: the functions a front end may call (context in, pydantic out) and their
models. Session and ORM helpers stay in the private modules of this package."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dvmeet.services._door import open_door

if TYPE_CHECKING:
    from dvmeet.services.papers._attachments import (
        add_attachment,
        attachment_content,
        list_attachments,
        move_attachment,
        remove_attachment,
        update_attachment,
    )
    from dvmeet.services.papers._convert import office_program
    from dvmeet.services.papers._papers import (
        get_paper,
        get_template,
        update_paper,
        update_template,
    )
    from dvmeet.services.papers._sakspapir import (
        adopted_document_pdf,
        default_filename,
        export_sakspapir,
        export_sakspapir_files,
        paper_document,
        saksframlegg_pdf,
        sakspapir_document,
        sakspapir_pdf,
    )
    from dvmeet.services.papers.models import (
        AttachmentIn,
        AttachmentOut,
        AttachmentUpdate,
        MoveAttachmentIn,
        PaperIn,
        PaperOut,
        SakspapirWritten,
        TemplateIn,
        TemplateOut,
    )

__all__ = [
    "AttachmentIn",
    "AttachmentOut",
    "AttachmentUpdate",
    "MoveAttachmentIn",
    "PaperIn",
    "PaperOut",
    "SakspapirWritten",
    "TemplateIn",
    "TemplateOut",
    "add_attachment",
    "adopted_document_pdf",
    "attachment_content",
    "default_filename",
    "export_sakspapir",
    "export_sakspapir_files",
    "get_paper",
    "get_template",
    "list_attachments",
    "move_attachment",
    "office_program",
    "paper_document",
    "remove_attachment",
    "saksframlegg_pdf",
    "sakspapir_document",
    "sakspapir_pdf",
    "update_attachment",
    "update_paper",
    "update_template",
]
__getattr__ = open_door(__name__, __all__)
