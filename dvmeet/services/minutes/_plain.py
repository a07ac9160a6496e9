"""The møtebok's document model read with the standard library's sqlite3 (issue 21).

`dvmeet export minutes` on a SQLite file spends most of its time loading SQLAlchemy and
declaring the ORM before it reads a row. This module builds the same `MinutesDocument`
as `dvmeet.services.minutes.minutes_document` (`_document.py`, `_minutes.py`,
`_closed.py`, `_disqualification.py`, `_speakers.py`, `_corrections.py`, `_snapshot.py`)
from a read-only sqlite3 connection, without SQLAlchemy and without dvmeet.db. A test
compares the two for every meeting of the demo, of the benchmark data and of meetings
made for it, internal and public.

It is a second implementation of a read, so it never guesses: whatever it does not
handle in the file it is given makes it answer None, and the caller takes the full path
(`UNHANDLED` says what). The public variant is built as the services build it: nothing of
a withheld case is read but its title, public title, closure and a decision marked
public (O-2, B-4).

The models are made with `model_construct` from values of the types their fields hold:
pydantic then builds no validator for them (the better part of the time a first
validation takes in a process that makes one document); the tests compare them with the
services' validated ones."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from dvmeet.documents.minutes_model import (
    ApprovalLine,
    CaseMinutes,
    ClosedLine,
    CorrectionLine,
    DeputyLine,
    DisqualificationLine,
    MinutesDocument,
    MinutesDraft,
    MovementLine,
    PersonLine,
    ProposalLine,
    VoteLine,
)
from dvmeet.documents.models import DocumentMeta, Letterhead, SaksgangRow
from dvmeet.domain import lifecycle, notice_log
from dvmeet.domain.attendance import TimelineEvent, present_at
from dvmeet.domain.enums import (
    ApprovalMethod,
    AttendanceKind,
    ClosureBasis,
    DisqualificationGround,
    MeetingForm,
    MeetingKind,
    MinutesStatus,
    ProposalKind,
    Role,
    StandingCase,
    VoteKind,
    VoteOutcome,
)
from dvmeet.domain.labels import nynorsk
from dvmeet.domain.legal import legal_reference
from dvmeet.domain.quorum import quorum_status
from dvmeet.domain.roles import CHAIRING
from dvmeet.services.minutes._shared import (
    adopted_document_text,
    case_heading,
    closure_text,
    correction_target,
    correction_text,
    meta_fields,
    question_paragraph,
    question_vote_sentence,
    withheld_case_fields,
)

# What makes this reader answer None (the full path then builds the document):
UNHANDLED = (
    "a meeting that does not exist",
    "a change logged after the notice was sent of a kind this version does not know",
    "a correction naming a table the møtebok does not know",
    "a field of the document models that KNOWN_FIELDS does not name (a new fact)",
)

VARIANTS = {False: "intern", True: "offentleg"}  # the snapshot's keys (_snapshot.VARIANTS)
DECIDING_VOTES = (VoteKind.ORDINARY, VoteKind.ELECTION)
ROLE_WORDS = {r: nynorsk(r, "in_sentence") for r in CHAIRING}
CLOSURE_SUBJECT = "Framlegget om å lukke møtet"  # _closed.CLOSURE_SUBJECT
NOTICE_CHANGED = "notice.changed"
TARGET_WORDS = {  # _corrections._targets: the table, what the møtebok calls the record
    "agenda_case": "saka",
    "decision": "vedtaket",
    "vote": "røystinga",
    "proposal": "framlegget",
    "attendance_event": "frammøtet",
    "disqualification": "ugildskapen",
}


# The fields of the models this reader fills, as it knows them. A field added to one of
# them (a new fact in the møtebok) makes the reader answer None until it fills it too:
# a field with a default would otherwise be left at its default here and filled by the
# services, a different document (tests/unit/test_minutes_plain.py says which).
KNOWN_FIELDS = {
    "MinutesDocument": "meta minutes signatories_case snapshot_hash corrections layout",
    "MinutesDraft": "public status cooperation body_code body_name meeting_id meeting_kind "
    "meeting_title date start_time end_time opened_at closed_at place form chair present "
    "absent deputies disqualifications movements secretariat closed_parts notice_remarks "
    "cases remarks approval",
    "CaseMinutes": "label heading title closed closure_reference withheld recommendation "
    "handling disqualification speakers proposals votes decision decision_unanimous "
    "no_decision chair_name adopted_document saksgang",
    "VoteLine": "text for_names against_names casting_vote_used quorum_sentence unanimous",
    "ProposalLine": "kind text proposer",
    "PersonLine": "name municipality role",
    "DeputyLine": "name for_name municipality",
    "DisqualificationLine": "name case_label legal_basis deputy_name",
    "MovementLine": "name kind at_time case_label",
    "ClosedLine": "case_label legal_basis decision",
    "ApprovalLine": "method approved_on signatories chair audit_head approved_in",
    "CorrectionLine": "made_on target text decided_in",
    "DocumentMeta": "kind title subject author cooperation body_name public draft date "
    "language letterhead",
    "Letterhead": "org_number address contact text logo_base64",
    "SaksgangRow": "body_name meeting_date label",
}


def unknown_fields() -> dict[str, set[str]]:
    """{model: fields it has that KNOWN_FIELDS does not name, or names that it lacks}."""
    models = {
        m.__name__: m
        for m in (
            MinutesDocument,
            MinutesDraft,
            CaseMinutes,
            VoteLine,
            ProposalLine,
            PersonLine,
            DeputyLine,
            DisqualificationLine,
            MovementLine,
            ClosedLine,
            ApprovalLine,
            CorrectionLine,
            DocumentMeta,
            Letterhead,
            SaksgangRow,
        )
    }
    found = {
        name: set(model.model_fields) ^ set(KNOWN_FIELDS[name].split())
        for name, model in models.items()
    }
    return {name: diff for name, diff in found.items() if diff}


class Unhandled(Exception):
    """Something in the file this reader does not build: take the full path."""


Row = sqlite3.Row


def _rows(conn: sqlite3.Connection, sql: str, args: Sequence[Any] = ()) -> list[Row]:
    cur = conn.cursor()
    cur.row_factory = sqlite3.Row
    try:
        return list(cur.execute(sql, args))
    finally:
        cur.close()


def _one(conn: sqlite3.Connection, sql: str, args: Sequence[Any] = ()) -> Row | None:
    found = _rows(conn, sql, args)
    return found[0] if found else None


def _marks(ids: Iterable[int]) -> str:
    return ",".join("?" * len(list(ids)))


def _date(v: Any) -> dt.date:
    return dt.date.fromisoformat(str(v))


def _odate(v: Any) -> dt.date | None:
    return None if v is None else _date(v)


def _time(v: Any) -> dt.time:
    return dt.time.fromisoformat(str(v))


def _otime(v: Any) -> dt.time | None:
    return None if v is None else _time(v)


def _odatetime(v: Any) -> dt.datetime | None:
    return None if v is None else dt.datetime.fromisoformat(str(v))


def _bool(v: Any) -> bool:
    return bool(v)


# --- the document ---------------------------------------------------------------------------


def read_minutes_document(
    conn: sqlite3.Connection, meeting_id: int, *, public: bool
) -> MinutesDocument | None:
    """The møtebok of the meeting as `minutes_document(ctx, meeting_id, public=public)`
    builds it, or None when the file holds something this reader does not handle."""
    if unknown_fields():
        return None  # the model has a fact this reader does not fill: the services' path
    try:
        return _document(conn, meeting_id, public)
    except Unhandled:
        return None


def _document(conn: sqlite3.Connection, meeting_id: int, public: bool) -> MinutesDocument:
    meeting = _one(conn, "SELECT * FROM meeting WHERE id = ?", (meeting_id,))
    if meeting is None:
        raise Unhandled("no such meeting")  # the full path says so in its words
    body = _one(conn, "SELECT * FROM body WHERE id = ?", (meeting["body_id"],))
    assert body is not None
    kept = _one(conn, "SELECT * FROM minutes WHERE meeting_id = ?", (meeting_id,))
    if kept is not None and kept["snapshot"] is not None and kept["snapshot_hash"] is not None:
        approved = _from_snapshot(kept["snapshot"], kept["snapshot_hash"], public)
        made = _corrections(conn, meeting, body, public)
        return approved.model_copy(update={"corrections": made}) if made else approved
    return _draft_document(conn, meeting, body, kept, public)


def draft_document(conn: sqlite3.Connection, meeting_id: int, *, public: bool) -> MinutesDocument:
    """The møtebok as `build_minutes` and `minutes_document_from` make it from today's
    rows, approved or not (what approval keeps in the snapshot); for the tests."""
    meeting = _one(conn, "SELECT * FROM meeting WHERE id = ?", (meeting_id,))
    assert meeting is not None
    body = _one(conn, "SELECT * FROM body WHERE id = ?", (meeting["body_id"],))
    kept = _one(conn, "SELECT * FROM minutes WHERE meeting_id = ?", (meeting_id,))
    assert body is not None
    return _draft_document(conn, meeting, body, kept, public)


def _draft_document(
    conn: sqlite3.Connection, meeting: Row, body: Row, kept: Row | None, public: bool
) -> MinutesDocument:
    draft = _Draft(conn, meeting, body, kept, public).build()
    cases = _rows(
        conn, "SELECT * FROM agenda_case WHERE meeting_id = ? ORDER BY position", (meeting["id"],)
    )
    signatories = next(
        (_label(c, body) for c in cases if c["standing"] == StandingCase.SIGNATORIES.value),
        None,
    )
    return _document_from(draft, signatories, _letterhead(conn))


def _document_from(
    draft: MinutesDraft, signatories_case: str | None, letterhead: Letterhead | None
) -> MinutesDocument:
    """_snapshot.minutes_document_from."""
    meta = DocumentMeta.model_construct(**meta_fields(draft, letterhead))
    return MinutesDocument.model_construct(
        meta=meta, minutes=draft, signatories_case=signatories_case
    )


def _from_snapshot(text: str, snapshot_hash: str, public: bool) -> MinutesDocument:
    """_snapshot.from_snapshot."""
    data = json.loads(text)[VARIANTS[public]]
    data.setdefault("layout", 1)
    stored = MinutesDocument.model_validate(data)
    return stored.model_copy(update={"snapshot_hash": snapshot_hash})


def _letterhead(conn: sqlite3.Connection) -> Letterhead | None:
    """_letterhead.letterhead."""
    import base64

    coop = _one(conn, "SELECT * FROM cooperation ORDER BY id LIMIT 1")
    if coop is None:
        return None
    contact = ", ".join(
        p for p in (coop["contact_name"], coop["contact_email"], coop["contact_phone"]) if p
    )
    logo = coop["logo"]
    head = Letterhead.model_construct(
        org_number=coop["org_number"],
        address=coop["address"],
        contact=contact or None,
        text=coop["letterhead"],
        logo_base64=base64.b64encode(logo).decode("ascii") if logo else None,
    )
    shown = (head.org_number, head.address, head.contact, head.text, head.logo_base64)
    return head if any(shown) else None


def _label(case: Row, body: Row) -> str:
    """_records.case_label."""
    return lifecycle.case_label(body["case_prefix"], case["kind"], case["number"], case["year"])


def _closure_text(case: Row) -> str:
    basis = case["closure_basis"]
    return closure_text(None if basis is None else ClosureBasis(basis), case["closure_note"])


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


# --- corrections (B-3) ----------------------------------------------------------------------


def _corrections(
    conn: sqlite3.Connection, meeting: Row, body: Row, public: bool
) -> list[CorrectionLine]:
    """_corrections.correction_lines."""
    lines: list[CorrectionLine] = []
    for c in _rows(
        conn, "SELECT * FROM correction WHERE meeting_id = ? ORDER BY id", (meeting["id"],)
    ):
        table = c["target_table"]
        if table != "meeting" and table not in TARGET_WORDS:
            raise Unhandled(f"correction of {table}")
        case = _case_of(conn, table, c["target_id"])
        target = correction_target(
            table=table,
            word=TARGET_WORDS.get(table),
            case=None
            if case is None
            else (_label(case, body), case["title"], case["public_title"], _bool(case["closed"])),
            public=public,
        )
        text = correction_text(
            c["text"],
            c["public_text"],
            public=public,
            closed=case is not None and _bool(case["closed"]),
        )
        decided_in = None
        if c["decided_in_case_id"] is not None:
            other = _one(conn, "SELECT * FROM agenda_case WHERE id = ?", (c["decided_in_case_id"],))
            if other is None:
                raise Unhandled("correction decided in a case that is gone")
            other_body = _one(
                conn,
                "SELECT b.* FROM body b JOIN meeting m ON m.body_id = b.id WHERE m.id = ?",
                (other["meeting_id"],),
            )
            assert other_body is not None
            decided_in = _label(other, other_body)
        lines.append(
            CorrectionLine.model_construct(
                made_on=dt.datetime.fromisoformat(str(c["created_at"])).date(),
                target=target,
                text=text,
                decided_in=decided_in,
            )
        )
    return lines


def _case_of(conn: sqlite3.Connection, table: str, target_id: int) -> Row | None:
    if table == "meeting":
        return None
    if table == "agenda_case":
        return _one(conn, "SELECT * FROM agenda_case WHERE id = ?", (target_id,))
    row = _one(conn, f"SELECT case_id FROM {table} WHERE id = ?", (target_id,))
    if row is None or row["case_id"] is None:
        return None
    return _one(conn, "SELECT * FROM agenda_case WHERE id = ?", (row["case_id"],))


# --- the draft (_minutes.build_minutes) -----------------------------------------------------


@dataclass
class _CaseData:
    proposals: dict[int, list[Row]] = field(default_factory=dict)
    votes: dict[int, list[Row]] = field(default_factory=dict)
    ballots: dict[int, list[tuple[int, str]]] = field(default_factory=dict)
    decisions: dict[int, Row] = field(default_factory=dict)
    questions: dict[int, list[str]] = field(default_factory=dict)
    chairs: dict[int, int | None] = field(default_factory=dict)


class _Draft:
    def __init__(
        self, conn: sqlite3.Connection, meeting: Row, body: Row, kept: Row | None, public: bool
    ) -> None:
        self.conn = conn
        self.meeting = meeting
        self.body = body
        self.kept = kept
        self.public = public
        self.persons: dict[int, Row | None] = {}
        self.municipalities: dict[int, str] = {}

    # persons and municipalities, read in batches, each once
    def _load_persons(self, ids: Iterable[int]) -> None:
        wanted = sorted({i for i in ids if i is not None and i not in self.persons})
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            for p in _rows(
                self.conn,
                f"SELECT id, name, municipality_id FROM person WHERE id IN ({_marks(chunk)})",
                chunk,
            ):
                self.persons[p["id"]] = p
            for i in chunk:
                self.persons.setdefault(i, None)

    def _person(self, pid: int) -> Row | None:
        if pid not in self.persons:
            self._load_persons([pid])
        return self.persons[pid]

    def name(self, pid: int | None) -> str:
        if pid is None:
            return ""
        p = self._person(pid)
        return str(p["name"]) if p is not None else ""

    def _municipality(self, mid: int) -> str | None:
        if mid not in self.municipalities:
            row = _one(self.conn, "SELECT name FROM municipality WHERE id = ?", (mid,))
            if row is None:
                return None
            self.municipalities[mid] = str(row["name"])
        return self.municipalities[mid]

    def _load_municipalities(self, ids: Iterable[int]) -> None:
        wanted = sorted({i for i in ids if i is not None and i not in self.municipalities})
        if wanted:
            for m in _rows(
                self.conn,
                f"SELECT id, name FROM municipality WHERE id IN ({_marks(wanted)})",
                wanted,
            ):
                self.municipalities[m["id"]] = str(m["name"])

    def build(self) -> MinutesDraft:
        conn, meeting, body, public = self.conn, self.meeting, self.body, self.public
        mid = meeting["id"]
        memberships = _rows(
            conn,
            "SELECT * FROM membership WHERE body_id = ? AND valid_from <= ? AND "
            "(valid_to IS NULL OR valid_to >= ?) "
            "ORDER BY municipality_id, deputy_rank NULLS FIRST",
            (meeting["body_id"], meeting["date"], meeting["date"]),
        )
        by_person = {m["person_id"]: m for m in memberships}
        cases = _rows(
            conn, "SELECT * FROM agenda_case WHERE meeting_id = ? ORDER BY position", (mid,)
        )
        data = self._case_data(cases)
        labels = {c["id"]: _label(c, body) for c in cases}
        events = _rows(
            conn, "SELECT * FROM attendance_event WHERE meeting_id = ? ORDER BY sequence", (mid,)
        )
        timeline = self._timeline(cases, events)
        ever_present: dict[int, int] = {}
        placed = sorted(e.at_position for e in timeline if e.at_position is not None)
        seen = -1
        for c in cases:
            upto = bisect_right(placed, c["position"])
            if upto != seen:
                ever_present.update(present_at(timeline, c["position"]))
                seen = upto
        ever_present.update(present_at(timeline, 0))
        disq = _rows(
            conn,
            "SELECT * FROM disqualification WHERE meeting_id = ? AND decided IS 1 ORDER BY id",
            (mid,),
        )
        wanted = set(by_person) | set(ever_present) | set(ever_present.values())
        wanted |= {e["person_id"] for e in events}
        wanted |= {d["person_id"] for d in disq}
        wanted |= {d["deputy_person_id"] for d in disq if d["deputy_person_id"]}
        wanted |= {c["chair_person_id"] for c in cases if c["chair_person_id"]}
        for proposals in data.proposals.values():
            for p in proposals:
                wanted |= {x for x in (p["proposer_person_id"], p["candidate_person_id"]) if x}
        for votes in data.votes.values():
            wanted |= {pid for v in votes for pid, _c in data.ballots.get(v["id"], [])}
        self._load_persons(wanted)
        self._load_municipalities(
            {m["municipality_id"] for m in memberships}
            | {p["municipality_id"] for p in self.persons.values() if p is not None}
        )
        name = self.name

        def muni(pid: int) -> str:
            m = by_person.get(pid)
            return (self._municipality(m["municipality_id"]) or "") if m else ""

        def role(m: Row) -> Role:
            return Role(m["role"])

        present = [
            PersonLine.model_construct(
                name=name(p), municipality=muni(p), role=ROLE_WORDS.get(role(by_person[p]))
            )
            for p, seat in ever_present.items()
            if seat == p and p in by_person and role(by_person[p]) is not Role.VARAMEDLEM
        ]
        deputies = [
            DeputyLine.model_construct(name=name(p), for_name=name(seat), municipality=muni(p))
            for p, seat in ever_present.items()
            if seat != p
        ]
        members = [m for m in memberships if role(m) is not Role.VARAMEDLEM]
        absent = [
            PersonLine.model_construct(
                name=name(m["person_id"]),
                municipality=self._municipality(m["municipality_id"]) or "",
            )
            for m in members
            if m["person_id"] not in ever_present
        ]
        movements = [
            MovementLine.model_construct(
                name=name(e["person_id"]),
                kind="kom" if e["kind"] == AttendanceKind.ARRIVED.value else "gjekk",
                at_time=_otime(e["at_time"]),
                case_label=labels.get(e["case_id"]) if e["case_id"] else None,
            )
            for e in events
            if e["kind"] in (AttendanceKind.ARRIVED.value, AttendanceKind.LEFT.value)
        ]
        disq_lines = [
            DisqualificationLine.model_construct(
                name=name(d["person_id"]),
                case_label=labels[d["case_id"]],
                legal_basis=legal_reference(DisqualificationGround(d["ground"])).short,
                deputy_name=name(d["deputy_person_id"]) or None,
            )
            for d in disq
        ]
        closing = self._closure_decisions()
        closed_parts = [
            ClosedLine.model_construct(
                case_label=labels[c["id"]],
                legal_basis=_closure_text(c),
                decision=closing.get(c["id"]),
            )
            for c in cases
            if _bool(c["closed"])
        ]
        remarks = [meeting["notice_remarks"]] if meeting["notice_remarks"] else []
        remarks += [
            f"Endring etter utsending: {text}" for text in _logged_changes(conn, mid, public)
        ]
        coop = _one(conn, "SELECT name FROM cooperation LIMIT 1")
        data.questions = self._questions()
        holders = [(role(m), m["person_id"]) for m in memberships]
        chair = lifecycle.chair_of_case(None, holders, ever_present)
        data.chairs = self._case_chairs(cases, holders, timeline, disq, data)
        speakers_kept = self._speakers_in_minutes()
        routed = {
            r["case_id"]
            for r in _rows(
                conn,
                "SELECT s.case_id FROM case_route_step s JOIN agenda_case c ON c.id = s.case_id "
                "WHERE c.meeting_id = ?",
                (mid,),
            )
        }
        case_lines = [
            self._case_minutes(c, labels[c["id"]], data, speakers_kept, c["id"] in routed)
            for c in cases
        ]
        kept = self.kept
        return MinutesDraft.model_construct(
            public=public,
            status=MinutesStatus(kept["status"]) if kept is not None else MinutesStatus.DRAFT,
            cooperation=coop["name"] if coop is not None else "",
            body_code=body["code"],
            body_name=body["name"],
            meeting_id=mid,
            meeting_kind=MeetingKind(meeting["kind"]),
            meeting_title=meeting["title"],
            date=_date(meeting["date"]),
            start_time=_time(meeting["start_time"]),
            end_time=_otime(meeting["end_time"]),
            opened_at=_odatetime(meeting["opened_at"]),
            closed_at=_odatetime(meeting["closed_at"]),
            place=meeting["place"],
            form=MeetingForm(meeting["form"]),
            chair=name(chair) or None,
            present=sorted(present, key=lambda p: (p.municipality, p.name)),
            absent=sorted(absent, key=lambda p: (p.municipality, p.name)),
            deputies=sorted(deputies, key=lambda p: (p.municipality, p.name)),
            disqualifications=disq_lines,
            movements=movements,
            secretariat=meeting["secretariat"],
            closed_parts=closed_parts,
            notice_remarks=remarks,
            cases=case_lines,
            remarks=kept["remarks"] if kept is not None else None,
            approval=self._approval(),
        )

    def _approval(self) -> ApprovalLine | None:
        """_minutes._approval."""
        kept = self.kept
        if kept is None or kept["status"] != MinutesStatus.APPROVED.value:
            return None
        if kept["approval_method"] is None:
            return None
        signers = _rows(
            self.conn, "SELECT * FROM minutes_signatory WHERE minutes_id = ?", (kept["id"],)
        )
        approved_in = None
        if kept["approved_in_meeting_id"] is not None:
            other = _one(
                self.conn,
                "SELECT m.date, b.name FROM meeting m JOIN body b ON b.id = m.body_id "
                "WHERE m.id = ?",
                (kept["approved_in_meeting_id"],),
            )
            if other is None:
                raise Unhandled("approved in a meeting that is gone")
            approved_in = f"{other['name']} {_date(other['date']):%d.%m.%Y}"
        return ApprovalLine.model_construct(
            method=ApprovalMethod(kept["approval_method"]),
            approved_on=_date(kept["approved_on"]),
            signatories=[self.name(x["person_id"]) for x in signers if not _bool(x["is_chair"])],
            chair=next((self.name(x["person_id"]) for x in signers if _bool(x["is_chair"])), None),
            audit_head=kept["audit_head"],
            approved_in=approved_in,
        )

    def _case_data(self, cases: list[Row]) -> _CaseData:
        """_minutes._load_case_data: in the public variant nothing of a closed case."""
        ids = [c["id"] for c in cases if not (self.public and _bool(c["closed"]))]
        data = _CaseData()
        if not ids:
            return data
        marks = _marks(ids)
        for p in _rows(
            self.conn,
            f"SELECT * FROM proposal WHERE case_id IN ({marks}) ORDER BY case_id, position, id",
            ids,
        ):
            data.proposals.setdefault(p["case_id"], []).append(p)
        all_votes = _rows(
            self.conn, f"SELECT * FROM vote WHERE case_id IN ({marks}) ORDER BY case_id, id", ids
        )
        for v in all_votes:
            if v["kind"] == VoteKind.DISQUALIFICATION.value:
                continue
            data.votes.setdefault(v["case_id"], []).append(v)
        for b in _rows(
            self.conn,
            "SELECT vote_id, person_id, choice FROM ballot WHERE vote_id IN "
            f"(SELECT id FROM vote WHERE case_id IN ({marks}))",
            ids,
        ):
            data.ballots.setdefault(b["vote_id"], []).append((b["person_id"], b["choice"]))
        for d in _rows(
            self.conn, f"SELECT * FROM decision WHERE case_id IN ({marks}) ORDER BY id", ids
        ):
            data.decisions.setdefault(d["case_id"], d)
        return data

    def _timeline(self, cases: list[Row], events: list[Row]) -> list[TimelineEvent]:
        """_records.attendance_timeline."""
        positions = {c["id"]: c["position"] for c in cases}
        deputised = sorted({e["for_membership_id"] for e in events if e["for_membership_id"]})
        holders: dict[int, int] = {}
        if deputised:
            holders = {
                r["id"]: r["person_id"]
                for r in _rows(
                    self.conn,
                    f"SELECT id, person_id FROM membership WHERE id IN ({_marks(deputised)})",
                    deputised,
                )
            }
        return [
            TimelineEvent(
                sequence=e["sequence"],
                person_id=e["person_id"],
                kind=AttendanceKind(e["kind"]),
                at_position=positions.get(e["case_id"]) if e["case_id"] is not None else None,
                for_person=holders.get(e["for_membership_id"]) if e["for_membership_id"] else None,
            )
            for e in events
        ]

    def _closure_decisions(self) -> dict[int, str]:
        """_closed.closure_decisions."""
        words: dict[int, str] = {}
        for vote in _rows(
            self.conn,
            "SELECT * FROM vote WHERE meeting_id = ? AND kind = ? ORDER BY id",
            (self.meeting["id"], VoteKind.CLOSURE.value),
        ):
            outcome = VoteOutcome(vote["outcome"])
            if outcome is VoteOutcome.NOT_QUORATE:
                text = "Organet var ikkje vedtaksfør"
            elif outcome is VoteOutcome.ADOPTED:
                text = (
                    "Vedteke samrøystes"
                    if _bool(vote["unanimous"])
                    else f"Vedteke med {vote['votes_for']} mot {vote['votes_against']} røyster"
                )
            else:
                text = (
                    f"Ikkje vedteke ({vote['votes_for']} for, {vote['votes_against']} mot): "
                    "møtet vart ikkje lukka"
                )
            words[vote["case_id"]] = text
        return words

    def _questions(self) -> dict[int, list[str]]:
        """_disqualification.question_paragraphs."""
        mid = self.meeting["id"]
        questions = _rows(
            self.conn, "SELECT * FROM disqualification WHERE meeting_id = ? ORDER BY id", (mid,)
        )
        if not questions:
            return {}
        votes: dict[int, Row] = {}
        for v in _rows(
            self.conn,
            "SELECT * FROM vote WHERE meeting_id = ? AND kind = ? ORDER BY id",
            (mid, VoteKind.DISQUALIFICATION.value),
        ):
            if (
                v["disqualification_id"] is not None
                and v["outcome"] != VoteOutcome.NOT_QUORATE.value
            ):
                votes[v["disqualification_id"]] = v
        out: dict[int, list[str]] = {}
        for d in questions:
            out.setdefault(d["case_id"], []).append(
                self._paragraph(d, votes.get(d["id"]), self.body["seats"])
            )
        return out

    def _paragraph(self, d: Row, vote: Row | None, seats: int) -> str:
        """_disqualification.paragraph."""
        from dvmeet.domain.disqualification import GROUND_IN_FULL  # only with a question

        name = self.name
        who = name(d["person_id"])
        ground = GROUND_IN_FULL[DisqualificationGround(d["ground"])]

        def ballots(vote: Row) -> tuple[list[str], list[str]]:
            cast = _rows(
                self.conn,
                "SELECT b.choice, p.name FROM ballot b JOIN person p ON p.id = b.person_id "
                "WHERE b.vote_id = ?",
                (vote["id"],),
            )
            return (
                [b["name"] for b in cast if b["choice"] == "for"],
                [b["name"] for b in cast if b["choice"] == "mot"],
            )

        def vote_sentence(vote: Row) -> str:
            return question_vote_sentence(
                who=who,
                ground=ground,
                adopted=vote["outcome"] == VoteOutcome.ADOPTED.value,
                unanimous=_bool(vote["unanimous"]),
                votes_for=vote["votes_for"],
                votes_against=vote["votes_against"],
                casting_vote_used=_bool(vote["casting_vote_used"]),
                ballots=lambda: ballots(vote),
            )

        return question_paragraph(
            who=who,
            ground=ground,
            deputy=name(d["deputy_person_id"]) if d["deputy_person_id"] else None,
            decided=None if d["decided"] is None else _bool(d["decided"]),
            all_took_part=_bool(d["all_took_part"]),
            vote=None
            if vote is None
            else (lambda: vote_sentence(vote), vote["eligible"], vote["seats"]),
            participants=d["participants"],
            seats=seats,
        )

    def _case_chairs(
        self,
        cases: list[Row],
        holders: list[tuple[Role, int]],
        timeline: list[TimelineEvent],
        disq: list[Row],
        data: _CaseData,
    ) -> dict[int, int | None]:
        """_minutes._case_chairs."""
        chairs: dict[int, int | None] = {}
        earlier: list[int] = []
        deciding = {k.value for k in DECIDING_VOTES}
        for c in cases:
            voted = [v for v in data.votes.get(c["id"], []) if v["kind"] in deciding]
            if voted:
                chairs[c["id"]] = voted[-1]["chair_person_id"]
            else:
                out = {d["person_id"] for d in disq if d["case_id"] == c["id"]}
                present = [p for p in present_at(timeline, c["position"]) if p not in out]
                chairs[c["id"]] = lifecycle.chair_of_case(
                    c["chair_person_id"], holders, present, earlier
                )
            if c["chair_person_id"] is not None:
                earlier.append(c["chair_person_id"])
        return chairs

    def _speakers_in_minutes(self) -> bool:
        row = _one(
            self.conn,
            "SELECT in_minutes FROM speaker_settings WHERE body_id = ?",
            (self.body["id"],),
        )
        return row is not None and _bool(row["in_minutes"])

    def _speakers(self, case_id: int) -> list[str]:
        """_speakers.case_speakers."""
        rows = _rows(
            self.conn,
            "SELECT e.kind, p.name FROM speaker_entry e JOIN person p ON p.id = e.person_id "
            "WHERE e.case_id = ? AND e.started_at IS NOT NULL ORDER BY e.started_at, e.id",
            (case_id,),
        )
        return [f"{r['name']} (replikk)" if r["kind"] == "replikk" else r["name"] for r in rows]

    def _saksgang(self, case_id: int) -> list[SaksgangRow]:
        """_saksgang.saksgang_rows for a case on a route."""
        step = _one(self.conn, "SELECT route_id FROM case_route_step WHERE case_id = ?", (case_id,))
        if step is None:
            return []
        steps = _rows(
            self.conn,
            "SELECT s.*, b.name AS body_name, b.case_prefix AS case_prefix "
            "FROM case_route_step s JOIN body b ON b.id = s.body_id "
            "WHERE s.route_id = ? ORDER BY s.position",
            (step["route_id"],),
        )
        if len(steps) < 2:
            return []
        rows = []
        for s in steps:
            handling = None
            if s["case_id"] is not None:
                handling = _one(
                    self.conn,
                    "SELECT c.*, m.date AS meeting_date FROM agenda_case c "
                    "JOIN meeting m ON m.id = c.meeting_id WHERE c.id = ?",
                    (s["case_id"],),
                )
            rows.append(
                SaksgangRow.model_construct(
                    body_name=s["body_name"],
                    meeting_date=_date(handling["meeting_date"]) if handling is not None else None,
                    label=_label(handling, s) if handling is not None else None,
                )
            )
        return rows

    def _public_decision(self, case: Row) -> tuple[str, bool] | None:
        """_closed.public_decision."""
        if not (_bool(case["closed"]) and _bool(case["decision_public"])):
            return None
        d = _one(
            self.conn,
            "SELECT text, unanimous FROM decision WHERE case_id = ? ORDER BY id LIMIT 1",
            (case["id"],),
        )
        return (d["text"], _bool(d["unanimous"])) if d is not None else None

    def _case_minutes(
        self, case: Row, label: str, data: _CaseData, speakers_kept: bool, routed: bool
    ) -> CaseMinutes:
        """_minutes._case_minutes."""
        name = self.name
        closed = _bool(case["closed"])
        withheld = self.public and closed
        title = lifecycle.shown_title(case["title"], case["public_title"], withheld)
        heading = case_heading(case["number"], case["year"])
        saksgang = self._saksgang(case["id"]) if routed else []
        if withheld:
            return CaseMinutes.model_construct(
                **withheld_case_fields(
                    label=label,
                    heading=heading,
                    title=title,
                    closure_reference=_closure_text(case),
                    published=self._public_decision(case),
                    saksgang=saksgang,
                )
            )
        decision = data.decisions.get(case["id"])
        adopted_document = None
        if decision is not None and decision["adopted_version_id"] is not None:
            v = _one(
                self.conn,
                "SELECT v.version_no, v.content_hash, d.title FROM document_version v "
                "JOIN governing_document d ON d.id = v.document_id WHERE v.id = ?",
                (decision["adopted_version_id"],),
            )
            if v is None:
                raise Unhandled("adopted version gone")
            adopted_document = adopted_document_text(v["title"], v["version_no"], v["content_hash"])
        proposals = data.proposals.get(case["id"], [])
        proposal_lines = [
            ProposalLine.model_construct(
                kind=nynorsk(ProposalKind(p["kind"])),
                text=name(p["candidate_person_id"])
                if p["kind"] == ProposalKind.CANDIDATE.value and p["candidate_person_id"]
                else p["text"],
                proposer=self._proposer(p),
            )
            for p in proposals
            if p["kind"] != ProposalKind.RECOMMENDATION.value
        ]
        by_id = {p["id"]: p for p in proposals}
        votes = data.votes.get(case["id"], [])
        return CaseMinutes.model_construct(
            label=label,
            heading=heading,
            title=title,
            closed=closed,
            closure_reference=_closure_text(case) if closed else None,
            withheld=False,
            recommendation=case["recommendation"],
            handling=case["handling"],
            disqualification=data.questions.get(case["id"], []),
            speakers=self._speakers(case["id"]) if speakers_kept else [],
            proposals=proposal_lines,
            votes=[self._vote_line(v, data.ballots.get(v["id"], []), by_id) for v in votes],
            decision=decision["text"] if decision is not None else None,
            decision_unanimous=bool(decision is not None and _bool(decision["unanimous"])),
            no_decision=None if decision is not None else self._no_decision(votes, by_id),
            chair_name=name(data.chairs.get(case["id"])) or None,
            adopted_document=adopted_document,
            saksgang=saksgang,
        )

    def _proposer(self, p: Row) -> str | None:
        pid = p["proposer_person_id"]
        who = self._person(pid) if pid is not None else None
        if who is None:
            return None
        muni = (
            self._municipality(who["municipality_id"])
            if who["municipality_id"] is not None
            else None
        )
        return f"{who['name']}, {muni}" if muni else str(who["name"])

    def _subject_of(self, p: Row) -> str:
        if p["kind"] == ProposalKind.RECOMMENDATION.value:
            return "Innstillinga"
        pid = p["proposer_person_id"]
        who = self._person(pid) if pid is not None else None
        by = f" frå {who['name']}" if who else ""
        return f"{nynorsk(ProposalKind(p['kind']))}{by}"

    def _subject(self, vote: Row, by_id: dict[int, Row]) -> str:
        if vote["kind"] == VoteKind.DISQUALIFICATION.value:
            return "Framlegget om ugildskap"
        if vote["kind"] == VoteKind.CLOSURE.value:
            return CLOSURE_SUBJECT
        p = by_id.get(vote["proposal_id"]) if vote["proposal_id"] else None
        if p is None:
            return "Framlegget"
        return self._subject_of(p)

    def _no_decision(self, votes: list[Row], by_id: dict[int, Row]) -> str | None:
        deciding = {k.value for k in DECIDING_VOTES}
        voted = [v for v in votes if v["kind"] in deciding]
        if not voted:
            return None
        last = voted[-1]
        if last["kind"] == VoteKind.ELECTION.value:
            return "Det vart ikkje gjort vedtak: valet vart ikkje avgjort."
        if last["outcome"] == VoteOutcome.NOT_QUORATE.value:
            return "Det vart ikkje gjort vedtak: organet var ikkje vedtaksfør."
        return f"Det vart ikkje gjort vedtak: {_lower_first(self._subject(last, by_id))} fall."

    def _vote_line(
        self, vote: Row, ballots: list[tuple[int, str]], by_id: dict[int, Row]
    ) -> VoteLine:
        name = self.name
        for_names = sorted(name(pid) for pid, choice in ballots if choice == "for")
        against = sorted(name(pid) for pid, choice in ballots if choice == "mot")
        quorum = quorum_status(vote["eligible"], vote["seats"]).sentence
        casting = _bool(vote["casting_vote_used"])
        unanimous = _bool(vote["unanimous"])
        if vote["kind"] == VoteKind.ELECTION.value:
            return VoteLine.model_construct(
                text=f"Val, runde {vote['round_no']}: {vote['reason']}",
                for_names=[],
                against_names=[],
                casting_vote_used=False,
                quorum_sentence=quorum,
                unanimous=False,
            )
        subject = self._subject(vote, by_id)
        outcome = VoteOutcome(vote["outcome"])
        if outcome is VoteOutcome.NOT_QUORATE:
            text = f"{subject}: organet var ikkje vedtaksfør, og det vart ikkje gjort vedtak."
        else:
            adopted = outcome is VoteOutcome.ADOPTED
            verb = "vart vedteke" if adopted else "fall"
            if subject == "Innstillinga":
                verb = "vart vedteken" if adopted else "fall"
            if unanimous:
                text = f"{subject} {verb} samrøystes."
            else:
                text = (
                    f"{subject} {verb} med {vote['votes_for']} røyster for "
                    f"({', '.join(for_names)}) mot {vote['votes_against']} ({', '.join(against)})."
                )
            if vote["against_proposal_id"] is not None:
                other = by_id.get(vote["against_proposal_id"])
                if other is not None:
                    text += (
                        f" Røystene mot var røyster for {_lower_first(self._subject_of(other))}."
                    )
            if casting:
                text += (
                    " Røystelikskap – møteleiaren si røyst var avgjerande "
                    f"({legal_reference('koml_11_9').short})."
                )
        return VoteLine.model_construct(
            text=text,
            for_names=for_names,
            against_names=against,
            casting_vote_used=casting,
            quorum_sentence=quorum,
            unanimous=unanimous,
        )


# --- the changes logged after the notice was sent (services/_notice_log.py) ----------------


def _case_facts(conn: sqlite3.Connection, cases: list[Row], logged: set[int]) -> notice_log.Cases:
    """_notice_log._case_facts."""
    ids = sorted({c["id"] for c in cases} | logged)
    events = (
        _rows(
            conn,
            "SELECT id, entity_id, action, payload FROM audit_event WHERE entity = 'case' AND "
            f"entity_id IN ({_marks(ids)}) AND action IN ('case.added', 'case.updated', "
            "'case.removed') ORDER BY id",
            ids,
        )
        if ids
        else []
    )
    return notice_log.case_facts(
        (tuple(e) for e in events),
        ((c["id"], c["title"], c["public_title"], _bool(c["closed"])) for c in cases),
    )


def _logged_changes(conn: sqlite3.Connection, meeting_id: int, public: bool) -> list[str]:
    """_notice_log.logged_changes: the sentences, oldest first."""
    events = _rows(
        conn,
        "SELECT id, payload FROM audit_event WHERE action = ? AND entity = 'meeting' AND "
        "entity_id = ? ORDER BY id",
        (NOTICE_CHANGED, meeting_id),
    )
    if not events:
        return []
    payloads = [json.loads(e["payload"]) for e in events]
    logged = {p["case_id"] for p in payloads if p.get("change") in notice_log.CASE_CHANGES}
    cases = _rows(
        conn, "SELECT * FROM agenda_case WHERE meeting_id = ? ORDER BY position", (meeting_id,)
    )
    facts = _case_facts(conn, cases, logged)
    try:
        return [
            notice_log.text(payload, event["id"], facts, public)
            for event, payload in zip(events, payloads, strict=True)
        ]
    except notice_log.UnknownChange as unknown:
        raise Unhandled(str(unknown)) from None
