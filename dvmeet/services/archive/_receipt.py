"""The archive's receipt read back (Fiks Arkiv arkivmelding kvittering): the saksår,
sekvensnummer and journalpost number the archive gave each folder and record, found by
dvmeet's own key (referanseEksternNoekkel) and set on the meeting and its cases.

The file is parsed without DTDs, entities or network (defusedxml) and only the elements
named here are read, in any namespace. Every value is validated as if typed by hand; one
bad value refuses the whole receipt and nothing is changed."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from dvmeet.errors import InvalidInput
from dvmeet.i18n import _
from dvmeet.services import _lookup as lookup
from dvmeet.services._records import meeting_cases
from dvmeet.services.archive._refs import (
    _row,
    case_key,
    database_uid,
    meeting_key,
    ref_out,
    store_reference,
)
from dvmeet.services.archive.models import ArchiveRefIn, ReceiptRead
from dvmeet.services.context import Context
from dvmeet.services.models import validate

MAX_BYTES = 5_000_000
FIELDS = {
    "saksaar": "case_year",
    "sakssekvensnummer": "case_sequence",
    "journalpostnummer": "record_number",
}


def _local(tag: object) -> str:
    return str(tag).rsplit("}", 1)[-1]


def _child(el: ET.Element, name: str) -> ET.Element | None:
    for child in el:
        if _local(child.tag) == name:
            return child
    return None


def _receipt_entries(data: bytes, source: Path) -> list[tuple[str, dict[str, str]]]:
    """(key, {field: text}) for every element of the receipt that names a key."""
    try:
        root = fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except (ET.ParseError, DefusedXmlException) as exc:
        raise InvalidInput(
            _("«{file}» er ikkje ei kvittering frå arkivet som kan lesast: {reason}").format(
                file=source.name, reason=exc
            )
        ) from exc
    found: list[tuple[str, dict[str, str]]] = []
    for el in root.iter():
        ref = _child(el, "referanseEksternNoekkel")
        if ref is None:
            continue
        key_el = _child(ref, "noekkel")
        if key_el is None or not (key_el.text or "").strip():
            continue
        values: dict[str, str] = {}
        for name in FIELDS:
            # the values sit beside the key, or one level down (saksnummer/saksaar)
            hit = _child(el, name)
            if hit is None:
                for child in el:
                    hit = _child(child, name) if _local(child.tag) == "saksnummer" else None
                    if hit is not None:
                        break
            if hit is not None and (hit.text or "").strip():
                values[name] = (hit.text or "").strip()
        if values:
            found.append(((key_el.text or "").strip(), values))
    return found


def import_archive_receipt(ctx: Context, meeting_id: int, path: Path) -> ReceiptRead:
    """Read the archive's receipt `path` and set the references it gives the meeting and
    its cases (other references kept as they are). Refused whole, changing nothing, when
    the file cannot be read, names another meeting or database, or gives a bad value."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise InvalidInput(
                _("«{file}» er for stor til å vere ei kvittering frå arkivet.").format(
                    file=path.name
                )
            )
        data = path.read_bytes()
    except OSError as exc:
        raise InvalidInput(
            _("Kunne ikkje lese {where}: {reason}").format(where=path, reason=exc.strerror or exc)
        ) from exc
    entries = _receipt_entries(data, path)
    with ctx.unit_of_work() as uow:
        s = uow.session
        meeting = lookup.meeting(s, meeting_id)
        uid = database_uid(s)
        owners: dict[str, dict[str, int | None]] = {
            meeting_key(uid, meeting.id): {"meeting_id": meeting.id, "case_id": None}
        }
        for case in meeting_cases(s, meeting.id):
            owners[case_key(uid, case.id)] = {"meeting_id": None, "case_id": case.id}
        mine = [(owners[key], values) for key, values in entries if key in owners]
        if not mine:
            raise InvalidInput(
                _(
                    "Kvitteringa «{file}» nemner ikkje dette møtet eller nokon av sakene i "
                    "det. Vel kvitteringa arkivet gav for dette møtet."
                ).format(file=path.name)
            )
        changed = []
        for owner, values in mine:
            row = _row(s, meeting_id=owner["meeting_id"], case_id=owner["case_id"])
            given = {FIELDS[name]: text for name, text in values.items()}
            kept = {
                "case_year": row.case_year if row else None,
                "case_sequence": row.case_sequence if row else None,
                "record_number": row.record_number if row else None,
                "series": row.series if row else None,
                "class_id": row.class_id if row else None,
            }
            try:
                data_in = validate(ArchiveRefIn, {**owner, **kept, **given})
            except InvalidInput as exc:
                raise InvalidInput(
                    _("Kvitteringa «{file}» har ein verdi som ikkje kan brukast: {reason}").format(
                        file=path.name, reason=exc
                    ),
                    exc.problems,
                ) from exc
            stored, label = store_reference(s, data_in)
            out = ref_out(stored, label, **owner)
            uow.audit(
                "archive_reference.receipt",
                "archive_reference",
                stored.id,
                {**out.model_dump(mode="json", exclude={"label", "version"}), "file": path.name},
            )
            changed.append(out)
        return ReceiptRead(source=path, changed=changed)
