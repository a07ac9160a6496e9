"""Bringing a meeting file back (issue 18): verify, compare, and apply in one transaction.

Three versions of every row the meeting owns are compared: as it was at checkout (the
snapshot kept at home), as it is at home now, and as it is in the file. What only the
file changed is applied; what the home database changed after the checkout is a conflict
the secretariat settles per item (`Side`); without a choice for every conflict nothing
is done. Rows the file added get new ids at home, and every reference to them follows."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Table, and_, delete, func, insert, select, update
from sqlalchemy.orm import Session

from dvmeet.db.audit import verify_audit_chain
from dvmeet.db.base import Base
from dvmeet.db.database import Database
from dvmeet.db.models import AuditEvent, DatabaseIdentity, OfflineCheckout, OfflineManifest
from dvmeet.db.offline_seal import audit_head, content_digest, registry_digest
from dvmeet.errors import Conflict
from dvmeet.i18n import _
from dvmeet.services._saksgang import carry_meeting_decisions
from dvmeet.services.context import Context
from dvmeet.services.offline._file import manifest_out, opened_file
from dvmeet.services.offline._rows import (
    GUARDED,
    NEVER_COMPARED,
    Key,
    Row,
    all_meeting_rows,
    owned_tables,
    plain_rows,
)
from dvmeet.services.offline.models import (
    CheckinCounts,
    CheckinIn,
    CheckinOut,
    CheckinPreviewOut,
    ConflictOut,
    MeetingFileOut,
    Side,
)


def _words() -> dict[str, str]:
    return {
        "meeting": _("møtet"),
        "agenda_case": _("saker"),
        "attendance_event": _("frammøte"),
        "absence_reason": _("grunnar for forfall"),
        "disqualification": _("ugildskap"),
        "proposal": _("framlegg"),
        "vote": _("røystingar"),
        "ballot": _("røyster"),
        "decision": _("vedtak"),
        "minutes": _("møtebok"),
        "minutes_signatory": _("underskrivarar"),
        "meeting_progress": _("kvar møtet er"),
        "vote_draft": _("påbyrja røystingar"),
        "rule_warning": _("åtvaringar"),
        "speaker_entry": _("talarlista"),
        "speaker_settings": _("taletid"),
    }


@dataclass
class Change:
    table: Table
    key: Key
    values: Row  # typed, in the file's ids


@dataclass
class Plan:
    meeting_id: int
    manifest: MeetingFileOut
    checkout_uid: str
    inserts: list[Change] = field(default_factory=list)
    updates: list[Change] = field(default_factory=list)
    deletes: list[Change] = field(default_factory=list)
    conflicts: list[ConflictOut] = field(default_factory=list)
    # per conflict key: the change to make when the file wins
    file_wins: dict[str, Change] = field(default_factory=dict)
    file_events: list[dict[str, Any]] = field(default_factory=list)
    # the keys of the meeting's rows at checkout, per table (ids the home database knows)
    at_checkout: dict[str, set[Key]] = field(default_factory=dict)
    # what the preview should say besides the counts (a case that gets another number)
    notes: list[str] = field(default_factory=list)

    def counts(self, choices: dict[str, Side] | None = None) -> CheckinCounts:
        words = _words()
        added: Counter[str] = Counter(words[c.table.name] for c in self.inserts)
        changed: Counter[str] = Counter()
        for c in self.updates:
            changed[words[c.table.name]] += 1
        removed: Counter[str] = Counter(words[c.table.name] for c in self.deletes)
        return CheckinCounts(added=dict(added), changed=dict(changed), removed=dict(removed))


def altered(path: Path, why: str) -> Conflict:
    return Conflict(
        _(
            "Møtefila {file} er endra utanom dvmeet ({why}). Ho vert ikkje henta inn; "
            "ingenting er endra i databasen."
        ).format(file=path, why=why)
    )


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def _verify(
    path: Path, file_db: Database, home: Session
) -> tuple[OfflineManifest, OfflineCheckout]:
    with file_db.session() as fs:
        manifest = fs.scalars(select(OfflineManifest)).one()
        fs.expunge(manifest)
        chain = verify_audit_chain(fs)
        conn = fs.connection()
        head, digest = audit_head(conn), content_digest(conn)
        registry = registry_digest(conn)
    identity = home.get(DatabaseIdentity, 1)
    if identity is None or identity.uid != manifest.origin_uid:
        raise Conflict(
            _(
                "Møtefila {file} høyrer til ein annan database ({origin}), ikkje denne. "
                "Opne databasen møtet vart teke med ut frå, og hent det inn der."
            ).format(file=path, origin=manifest.origin_name)
        )
    checkout = home.scalars(
        select(OfflineCheckout).where(OfflineCheckout.uid == manifest.checkout_uid)
    ).first()
    if checkout is None or checkout.meeting_id != manifest.meeting_id:
        raise Conflict(
            _(
                "Denne databasen kjenner ikkje att møtefila {file}: ho vart aldri ferdig "
                "teken ut herifrå."
            ).format(file=path)
        )
    if checkout.state == "in":
        raise Conflict(
            _("Møtefila {file} er allereie henta inn ({when}, av {who}).").format(
                file=path,
                when=checkout.ended_at.strftime("%d.%m.%Y %H:%M") if checkout.ended_at else "",
                who=checkout.ended_by or "",
            )
        )
    if checkout.state == "cancelled":
        raise Conflict(
            _(
                "Møtefila {file} vart lagd bort («Ikkje bruk fila», {when}, av {who}) og kan "
                "ikkje hentast inn. Ta møtet med ut på nytt om det trengst."
            ).format(
                file=path,
                when=checkout.ended_at.strftime("%d.%m.%Y %H:%M") if checkout.ended_at else "",
                who=checkout.ended_by or "",
            )
        )
    if chain.broken_at is not None:
        raise altered(path, _("revisjonsloggen i fila heng ikkje saman"))
    if head != manifest.seal_head or digest != manifest.seal_digest:
        raise altered(path, _("innhaldet samsvarer ikkje med seglet dvmeet sette"))
    if (
        registry != checkout.registry_hash
        or manifest.registry_hash != checkout.registry_hash
        or manifest.content_hash != checkout.content_hash
    ):
        raise altered(path, _("registeret eller innhaldet frå uttaket er endra"))
    return manifest, checkout


def _field(column: str) -> str:
    """A column in the user's words, through the catalogue (bokmål for bokmål users); a
    column without a word is named as stored."""
    words = {
        "place": _("møtestad"),
        "date": _("dato"),
        "start_time": _("starttid"),
        "end_time": _("sluttid"),
        "actual_start": _("faktisk starttid"),
        "actual_end": _("faktisk sluttid"),
        "title": _("tittel"),
        "form": _("møteform"),
        "secretariat": _("frå sekretariatet"),
        "notice_remarks": _("merknader til innkalling og sakliste"),
        "status": _("status"),
        "opened_at": _("opna"),
        "closed_at": _("heva"),
        "notice_sent_at": _("innkalling send"),
        "recorded_afterwards": _("ført inn etterpå"),
        "text": _("tekst"),
        "handling": _("handsaming"),
        "chair_person_id": _("møteleiar for saka"),
        "number": _("saknr."),
        "remarks": _("merknader"),
        "kind": _("sakstype"),
        "public_title": _("offentleg tittel"),
        "closed": _("lukka"),
        "closure_basis": _("heimel for lukking"),
        "closure_note": _("merknad til heimelen"),
        "recommendation": _("innstilling"),
        "description": _("saksutgreiing"),
        "preparer_person_id": _("sakshandsamar"),
        "document_version_id": _("saksdokument"),
        "qualified_majority": _("krav om kvalifisert fleirtal"),
        "is_election": _("val"),
        "seats_to_fill": _("kor mange som skal veljast"),
        "decision_public": _("vedtaket er offentleg"),
    }
    return words.get(column, column)


def _what(table: str, key: Key, column: str | None) -> str:
    ident = ", ".join(str(v) for v in json.loads(key))
    word = _words().get(table, table)
    if column is None:
        return _("{what} {id}: heile oppføringa").format(what=word, id=ident)
    field = _field(column)
    if table == "meeting":
        return _("Møtet: {field}").format(field=field)
    return _("{what} {id}: {field}").format(what=word, id=ident, field=field)


def _plan(home: Session, file_db: Database, path: Path) -> Plan:
    manifest, checkout = _verify(path, file_db, home)
    mid = manifest.meeting_id
    tables = owned_tables()
    snapshot: dict[str, dict[Key, Row]] = json.loads(checkout.snapshot)
    with file_db.engine.connect() as fconn:
        file_typed = all_meeting_rows(fconn, mid)
        events = [
            {
                "at": e.at.isoformat(),
                "actor": e.actor,
                "action": e.action,
                "entity": e.entity,
                "entity_id": e.entity_id,
                "payload": e.payload,
                "hash": e.hash,
            }
            for e in Session(bind=fconn).scalars(select(AuditEvent).order_by(AuditEvent.id))
        ]
    home_conn = home.connection()
    home_typed = all_meeting_rows(home_conn, mid)
    file_plain = plain_rows(tables, file_typed)
    home_plain = plain_rows(tables, home_typed)
    plan = Plan(
        mid,
        manifest_out(file_db),
        checkout.uid,
        file_events=events,
        at_checkout={name: set(rows) for name, rows in snapshot.items()},
    )
    for table in tables:
        name = table.name
        s_rows = snapshot.get(name, {})
        f_rows, h_rows = file_plain.get(name, {}), home_plain.get(name, {})
        compared = [c.name for c in table.columns if c.name not in NEVER_COMPARED]
        for key, s in s_rows.items():
            f, h = f_rows.get(key), h_rows.get(key)
            if f is None and h is None:
                continue
            if f is None:
                if all(h[c] == s.get(c) for c in compared):  # type: ignore[index]
                    plan.deletes.append(Change(table, key, home_typed[name][key]))
                else:
                    item = f"{name}:{key}:"
                    plan.conflicts.append(
                        ConflictOut(
                            key=item,
                            what=_what(name, key, None),
                            at_checkout=_("finst"),
                            home=_("endra"),
                            file=_("sletta"),
                        )
                    )
                    plan.file_wins[item] = Change(table, key, home_typed[name][key])
                continue
            if h is None:
                item = f"{name}:{key}:"
                plan.conflicts.append(
                    ConflictOut(
                        key=item,
                        what=_what(name, key, None),
                        at_checkout=_("finst"),
                        home=_("sletta"),
                        file=_("finst"),
                    )
                )
                plan.file_wins[item] = Change(table, key, file_typed[name][key])
                continue
            changes: Row = {}
            for c in compared:
                home_changed = h[c] != s.get(c)
                if not home_changed:
                    if f[c] != s.get(c):
                        changes[c] = file_typed[name][key][c]
                    continue
                if f[c] == h[c]:
                    continue
                item = f"{name}:{key}:{c}"
                plan.conflicts.append(
                    ConflictOut(
                        key=item,
                        what=_what(name, key, c),
                        at_checkout=_text(s.get(c)),
                        home=_text(h[c]),
                        file=_text(f[c]),
                    )
                )
                plan.file_wins[item] = Change(table, key, {c: file_typed[name][key][c]})
            if changes:
                plan.updates.append(Change(table, key, changes))
        for key in f_rows.keys() - s_rows.keys():
            plan.inserts.append(Change(table, key, file_typed[name][key]))
        if name in GUARDED or name == "meeting":
            for key in h_rows.keys() - s_rows.keys():
                item = f"{name}:{key}:"
                plan.conflicts.append(
                    ConflictOut(
                        key=item,
                        what=_what(name, key, None),
                        at_checkout=_("fanst ikkje"),
                        home=_("lagd til"),
                        file=_("fanst ikkje"),
                    )
                )
                plan.file_wins[item] = Change(table, key, {})  # the file wins: removed
    plan.conflicts.sort(key=lambda c: c.key)
    _number_notes(home_conn, plan, file_typed)
    return plan


def _number_notes(conn: Connection, plan: Plan, file_rows: dict[str, dict[Key, Row]]) -> None:
    """A case the file added or renumbered onto a number the home database has given to a
    case of another meeting since the checkout gets the next free number: say so."""
    cases = Base.metadata.tables["agenda_case"]
    for c in [*plan.inserts, *plan.updates]:
        if c.table.name != "agenda_case" or "number" not in c.values:
            continue
        row = file_rows["agenda_case"][c.key]
        taken = conn.scalar(
            select(cases.c.id).where(
                cases.c.body_id == row["body_id"],
                cases.c.year == row["year"],
                cases.c.kind == row["kind"],
                cases.c.number == row["number"],
                cases.c.meeting_id != plan.meeting_id,
            )
        )
        if taken is not None:
            plan.notes.append(
                _(
                    "Saka «{title}» får eit anna saksnummer her: nummeret {number} er gjeve "
                    "til ei sak i eit anna møte sidan uttaket."
                ).format(title=row["title"], number=row["number"])
            )


def _lines(plan: Plan) -> list[str]:
    counts = plan.counts()
    lines = []
    for label, part in (
        (_("Blir lagt til"), counts.added),
        (_("Blir endra"), counts.changed),
        (_("Blir fjerna"), counts.removed),
    ):
        for word, n in sorted(part.items()):
            lines.append(f"{label}: {word}: {n}")
    fields = [
        _field(column)
        for c in plan.updates
        if c.table.name == "meeting"
        for column in c.values
        if column != "version"
    ]
    if fields:
        lines.append(_("Møtet: {fields}").format(fields=", ".join(dict.fromkeys(fields))))
    lines.extend(plan.notes)
    lines.append(
        _("Hendingar i revisjonsloggen frå fila som blir førte over: {n}").format(
            n=len(plan.file_events)
        )
    )
    if plan.conflicts:
        lines.append(
            _("Endra heime etter uttaket (du må velje side for kvar): {n}").format(
                n=len(plan.conflicts)
            )
        )
    return lines


def preview_checkin(ctx: Context, file: Path) -> CheckinPreviewOut:
    """What checking the file in would add, change and remove, and the conflicts; writes
    nothing. Refused (with the reason) when the file cannot be checked in."""
    with opened_file(file) as file_db, ctx.reading() as home:
        plan = _plan(home, file_db, file)
    return CheckinPreviewOut(
        meeting_id=plan.meeting_id,
        meeting_title=plan.manifest.meeting_title,
        file=plan.manifest,
        counts=plan.counts(),
        lines=_lines(plan),
        file_events=len(plan.file_events),
        conflicts=plan.conflicts,
    )


def checkin_conflicts(ctx: Context, file: Path) -> list[ConflictOut]:
    """What was changed at home after the checkout: one item per field (or row)."""
    return preview_checkin(ctx, file).conflicts


# --- applying -----------------------------------------------------------------------------


def _pk_where(table: Table, key: Key) -> Any:
    values = json.loads(key)
    return and_(*(c == v for c, v in zip(table.primary_key.columns, values, strict=True)))


def _map_key(table: Table, key: Key, ids: dict[str, dict[Any, Any]]) -> Key:
    cols = list(table.primary_key.columns)
    values = json.loads(key)
    out = []
    for c, v in zip(cols, values, strict=True):
        for fk in c.foreign_keys:
            v = ids.get(fk.column.table.name, {}).get(v, v)
        out.append(v)
    return json.dumps(out)


def _references_new(table: Table, column: str, value: Any, new: dict[str, set[Any]]) -> bool:
    return any(value in new.get(fk.column.table.name, set()) for fk in table.c[column].foreign_keys)


def _mapped(table: Table, values: Row, ids: dict[str, dict[Any, Any]]) -> Row:
    out = dict(values)
    for name, value in values.items():
        if value is None:
            continue
        for fk in table.c[name].foreign_keys:
            out[name] = ids.get(fk.column.table.name, {}).get(value, value)
    return out


ASIDE = 1_000_000  # added to a case number while the renumbered cases change places


def _apply(conn: Connection, plan: Plan, choices: dict[str, Side]) -> dict[str, dict[Any, Any]]:
    """Apply the plan; returns the new ids at home of the rows the file added, per table
    (the file's id → the home id)."""
    updates = list(plan.updates)
    deletes = list(plan.deletes)
    restore: list[Change] = []
    for item in plan.conflicts:
        if choices[item.key] is not Side.FILE:
            continue
        change = plan.file_wins[item.key]
        column = item.key.rsplit(":", 1)[1]
        if column:
            updates.append(change)
        elif item.home == _("sletta"):
            restore.append(change)
        else:
            deletes.append(change)
    # the ids of rows the file added, per table (in the file's numbering)
    new: dict[str, set[Any]] = {}
    for c in plan.inserts:
        pk = list(c.table.primary_key.columns)
        if len(pk) == 1:
            new.setdefault(c.table.name, set()).add(c.values[pk[0].name])
    later: list[Change] = []
    # Case numbers renumbered on the laptop step aside first: (body, year, kind, number)
    # is unique, and a swap would otherwise meet itself half done. Then each takes its
    # number from the file, or, when the home database has given that number to a case of
    # another meeting since the checkout, the next free one (as a case added on the laptop).
    renumbered = [c for c in updates if c.table.name == "agenda_case" and "number" in c.values]
    for c in renumbered:
        conn.execute(
            update(c.table).where(_pk_where(c.table, c.key)).values(number=c.table.c.number + ASIDE)
        )
    for c in renumbered:
        row = dict(conn.execute(select(c.table).where(_pk_where(c.table, c.key))).mappings().one())
        wanted = {**row, **{k: v for k, v in c.values.items() if k in ("body_id", "year", "kind")}}
        wanted["number"] = c.values["number"]
        number = _free_number(conn, c.table, wanted, row["id"])
        conn.execute(update(c.table).where(_pk_where(c.table, c.key)).values(number=number))
    updates = [
        Change(c.table, c.key, {k: v for k, v in c.values.items() if k != "number"})
        if c.table.name == "agenda_case"
        else c
        for c in updates
    ]
    # 1. changes that name no new row; 2. removals (children first); 3. new rows (parents
    # first), each reference to a new row mapped; 4. the changes that name a new row.
    for c in updates:
        now = {k: v for k, v in c.values.items() if not _references_new(c.table, k, v, new)}
        rest = {k: v for k, v in c.values.items() if k not in now}
        if rest:
            later.append(Change(c.table, c.key, rest))
        if now:
            _update(conn, c.table, c.key, now)
    order = {t.name: i for i, t in enumerate(owned_tables())}
    # A warning the rules kept at home about a case the laptop removed stays, unlinked (as
    # removing a case does to its warnings).
    warnings = Base.metadata.tables["rule_warning"]
    for c in deletes:
        if c.table.name == "agenda_case":
            conn.execute(
                update(warnings)
                .where(warnings.c.case_id == json.loads(c.key)[0])
                .values(case_id=None)
            )
    for c in sorted(deletes, key=lambda c: -order[c.table.name]):
        conn.execute(delete(c.table).where(_pk_where(c.table, c.key)))
    ids: dict[str, dict[Any, Any]] = {}
    inserted = {id(c) for c in plan.inserts}
    for c in sorted([*restore, *plan.inserts], key=lambda c: order[c.table.name]):
        table = c.table
        pk = list(table.primary_key.columns)
        values = _mapped(table, c.values, ids)
        is_new = id(c) in inserted
        if is_new and table.name == "agenda_case":
            values["number"] = _free_number(conn, table, values)
        if is_new and len(pk) == 1 and pk[0].autoincrement and not pk[0].foreign_keys:
            old = values.pop(pk[0].name)
            new_id = conn.execute(insert(table).values(values).returning(pk[0])).scalar_one()
            ids.setdefault(table.name, {})[old] = new_id
        else:
            conn.execute(insert(table).values(values))
    for c in later:
        _update(conn, c.table, _map_key(c.table, c.key, ids), _mapped(c.table, c.values, ids))
    return ids


def _free_number(conn: Connection, table: Table, values: Row, own: int | None = None) -> int:
    """A case from the laptop keeps its number unless the home database has given that
    number (of the body, year and kind) to another case since: then the next free one
    (numbers set aside for a moment are not counted)."""
    same = and_(
        table.c.body_id == values["body_id"],
        table.c.year == values["year"],
        table.c.kind == values["kind"],
    )
    taken = conn.scalar(
        select(table.c.id).where(same, table.c.number == values["number"], table.c.id != own)
        if own is not None
        else select(table.c.id).where(same, table.c.number == values["number"])
    )
    if taken is None:
        return int(values["number"])
    highest = conn.scalar(select(func.max(table.c.number)).where(same, table.c.number < ASIDE))
    return int(highest or 0) + 1


def _update(conn: Connection, table: Table, key: Key, values: Row) -> None:
    if "version" in table.c:
        values = {**values, "version": table.c.version + 1}
    conn.execute(update(table).where(_pk_where(table, key)).values(values))


# Audit entities named otherwise than their table.
ENTITY_TABLES = {"case": "agenda_case", "attendance": "attendance_event"}


def _home_id(
    plan: Plan, ids: dict[str, dict[Any, Any]], entity: str, file_id: int | None
) -> int | None:
    """A carried event's entity id at home: a row the file added has a new id; a row the
    meeting had at checkout keeps its id; a row of the meeting made and removed on the
    laptop never came home (None; the payload keeps the file's id either way). Rows the
    meeting does not own (the registry) were read-only in the file: their ids are home's."""
    if file_id is None:
        return None
    table = ENTITY_TABLES.get(entity, entity)
    if file_id in ids.get(table, {}):
        return int(ids[table][file_id])
    owned = {t.name for t in owned_tables()}
    if table in owned and table != "meeting":
        return file_id if json.dumps([file_id]) in plan.at_checkout.get(table, set()) else None
    return file_id


def checkin_meeting(ctx: Context, data: CheckinIn) -> CheckinOut:
    """Bring the meeting back from its file: everything in one transaction, with an
    audit event for the import and each of the file's own events carried over (marked
    with the file's origin), or nothing at all."""
    with opened_file(data.file) as file_db, ctx.unit_of_work() as uow:
        home = uow.session
        # lock the checkout row first: a second checkin waits here, then finds it 'in'
        with file_db.session() as fs:
            uid = fs.scalars(select(OfflineManifest.checkout_uid)).one()
        home.scalars(
            select(OfflineCheckout.id).where(OfflineCheckout.uid == uid).with_for_update()
        ).all()
        plan = _plan(home, file_db, data.file)
        missing = [c for c in plan.conflicts if c.key not in data.choices]
        if missing:
            raise Conflict(
                _(
                    "Møtet er endra heime etter at det vart teke med ut ({n} endringar, "
                    "til dømes {what}). Vel for kvar endring om det som er heime eller det "
                    "som er i fila skal gjelde; ingenting er henta inn."
                ).format(n=len(missing), what=missing[0].what)
            )
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)
        conn = home.connection()
        released = conn.execute(
            update(OfflineCheckout)
            .where(OfflineCheckout.uid == plan.checkout_uid, OfflineCheckout.state == "out")
            .values(state="in", ended_at=now, ended_by=ctx.actor)
        )
        if released.rowcount != 1:  # pragma: no cover - checked in _plan under the lock
            raise Conflict(_("Møtefila er allereie henta inn."))
        ids = _apply(conn, plan, data.choices)
        # issue 19: a decision made on the laptop becomes the next body's innstilling
        carry_meeting_decisions(uow, plan.meeting_id)
        counts = plan.counts()
        uow.audit(
            "offline.checkin",
            "meeting",
            plan.meeting_id,
            {
                "checkout": plan.checkout_uid,
                "file": str(data.file),
                "added": counts.added,
                "changed": counts.changed,
                "removed": counts.removed,
                "choices": {k: v.value for k, v in sorted(data.choices.items())},
                "file_events": len(plan.file_events),
            },
        )
        for event in plan.file_events:
            uow.audit(
                "offline.carried",
                event["entity"],
                _home_id(plan, ids, event["entity"], event["entity_id"]),
                {
                    "origin": {
                        "checkout": plan.checkout_uid,
                        "file": str(data.file),
                        "entity_id": event["entity_id"],
                    },
                    **event,
                },
            )
        return CheckinOut(
            meeting_id=plan.meeting_id,
            counts=counts,
            file_events=len(plan.file_events),
            conflicts_resolved=len(plan.conflicts),
        )
