"""The first-run guide's read (how far the set-up has come) and the member template."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from sqlalchemy import func, or_, select

from dvmeet.db.models import Body, Cooperation, Meeting, Membership, Municipality
from dvmeet.domain.labels import label
from dvmeet.i18n import _
from dvmeet.services._files import write_all
from dvmeet.services.context import Context
from dvmeet.services.registry.models import MEMBER_COLUMNS
from dvmeet.services.setup.models import SetupStatusOut


def setup_status(ctx: Context, today: dt.date | None = None) -> SetupStatusOut:
    """What each step of the guide has found done, in one read."""
    day = today or dt.date.today()
    with ctx.reading() as s:
        coop = s.scalar(select(Cooperation).order_by(Cooperation.id).limit(1))
        participants = s.scalar(
            select(func.count())
            .select_from(Municipality)
            .where(
                Municipality.participant_from.is_not(None),
                or_(Municipality.participant_to.is_(None), Municipality.participant_to >= day),
            )
        )
        bodies = list(s.scalars(select(Body.code).order_by(Body.code)))
        members = s.scalar(select(func.count()).select_from(Membership))
        meetings = s.scalar(select(func.count()).select_from(Meeting))
        return SetupStatusOut(
            cooperation=coop.name if coop is not None else None,
            legal_form=coop.legal_form if coop is not None else None,
            org_number=coop.org_number if coop is not None else None,
            participants=participants or 0,
            bodies=bodies,
            memberships=members or 0,
            meetings=meetings or 0,
        )


def member_template(ctx: Context, path: Path, today: dt.date | None = None) -> Path:
    """Write the member import template (XLSX): the first sheet has the import's column
    headings and nothing else, so it can be filled and imported as it is; a second sheet
    explains the columns and lists this database's bodies and participating
    municipalities."""
    import openpyxl
    from openpyxl.styles import Font

    day = today or dt.date.today()
    with ctx.reading() as s:
        bodies = list(s.execute(select(Body.code, Body.name, Body.kind).order_by(Body.code)))
        munis = list(
            s.execute(
                select(Municipality.number, Municipality.name)
                .where(
                    Municipality.participant_from.is_not(None),
                    or_(Municipality.participant_to.is_(None), Municipality.participant_to >= day),
                )
                .order_by(Municipality.number)
            )
        )
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = _("Medlemer")
    sheet.append(list(MEMBER_COLUMNS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for letter, width in zip("ABCDEFGHIJK", (28, 28, 14, 15, 8, 12, 9, 12, 12, 24, 8), strict=True):
        sheet.column_dimensions[letter].width = width
    guide = book.create_sheet(_("Rettleiing"))
    lines: list[tuple[str, str]] = [
        (_("Fyll ut arket «Medlemer», ei rad per person og organ, og importer fila i dvmeet."), ""),
        ("", ""),
        ("namn", _("Fullt namn (må fyllast ut)")),
        ("e-post", _("E-postadresse")),
        ("telefon", _("Telefonnummer")),
        ("kommunenummer", _("Kommunen personen representerer, fire siffer (må fyllast ut)")),
        ("organ", _("Koden til organet, sjå lista under (må fyllast ut)")),
        ("rolle", _("leiar, nestleiar, medlem eller varamedlem (må fyllast ut)")),
        ("vararang", _("For varamedlemer: 1 for fyrste vara, 2 for andre …")),
        ("frå", _("Første dag i perioden, til dømes 2025-01-01 (må fyllast ut)")),
        ("til", _("Siste dag i perioden; tom gir fire år")),
        ("vedtak", _("Vedtaket som valde personen, til dømes K-sak 12/25")),
        ("kjønn", _("K eller M")),
        ("", ""),
        (_("Organ"), ""),
    ]
    lines += [(code, f"{name} ({label(kind)})") for code, name, kind in bodies] or [
        (_("(ingen organ enno)"), "")
    ]
    lines += [("", ""), (_("Deltakande kommunar"), "")]
    lines += [(number, name) for number, name in munis] or [(_("(ingen enno)"), "")]
    for row in lines:
        guide.append(list(row))
    guide.column_dimensions["A"].width = 22
    guide.column_dimensions["B"].width = 70
    buffer = io.BytesIO()
    book.save(buffer)
    write_all([(path, buffer.getvalue())])
    return path
