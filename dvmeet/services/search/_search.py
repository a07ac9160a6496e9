"""One search over cases, decisions and governing document versions (Søk).

Meaning of a query, the same on every backend: the query is split into words; a row is a
hit when every word is the beginning of a word somewhere in its text (prefix match,
"økon" finds "Økonomi"), ignoring case but not diacritics ("år" does not match "ar").

- SQLite with FTS5: the index of migration 0003 (`search_index_fts`) finds the rows.
- SQLite without FTS5 (a bundled SQLite may lack it): every row is checked in Python.
- PostgreSQL: full-text search, prefix tsqueries against the GIN indexes of migration 0027
  (dvmeet.db.search_text) narrow the rows; Python checks them and they are read a page at
  a time, newest first, until the limit is reached.

Hits are ordered newest first. The search serves the secretariat, so hits carry internal
titles; hits from closed cases are marked `closed` so a front end can show it.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, TypeVarTuple

from sqlalchemy import (
    ColumnElement,
    Integer,
    Row,
    Select,
    TextClause,
    TextualSelect,
    and_,
    column,
    select,
    text,
    true,
)
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from dvmeet.db import search_text
from dvmeet.db.models import Body, Case, Decision, DocumentVersion, GoverningDocument, Meeting
from dvmeet.domain.enums import HitKind as HitKind  # the search door exports it
from dvmeet.errors import InvalidInput
from dvmeet.i18n import _
from dvmeet.services.context import Context
from dvmeet.services.models import Out

FTS_TABLE = "search_index_fts"
MAX_QUERY_LENGTH = 200
MAX_TERMS = 12
MAX_LIMIT = 1000
SNIPPET_BEFORE = 30
SNIPPET_AFTER = 120

_WORD = re.compile(r"[^\W_]+")  # what FTS5's unicode61 tokenizer keeps as one token


_Ts = TypeVarTuple("_Ts")

_KIND_CODE = {HitKind.CASE: 1, HitKind.DECISION: 2, HitKind.DOCUMENT: 3}
_KIND_RANK = {HitKind.CASE: 0, HitKind.DECISION: 1, HitKind.DOCUMENT: 2}


class SearchHit(Out):
    kind: HitKind
    title: str  # the internal title (closed cases included: the search is internal)
    snippet: str
    date: dt.date | None
    label: str | None = None  # "PS 003/24" for cases and decisions, "versjon 2" for documents
    public_title: str | None = None
    closed: bool = False  # from a closed case (O-2): internal text, not for publication
    meeting_id: int | None = None
    case_id: int | None = None
    decision_id: int | None = None
    document_id: int | None = None
    version_id: int | None = None
    version_no: int | None = None


# --- the query ------------------------------------------------------------------------------


def fold(value: str) -> str:
    """NFC, then lower case: the folding of FTS5's unicode61 with diacritics kept."""
    return unicodedata.normalize("NFC", value).lower()


def query_terms(query: str) -> list[str]:
    """The words of a query, folded, in order, without repeats; refuses an empty query."""
    if len(query) > MAX_QUERY_LENGTH:
        raise InvalidInput(_("Søket er for langt (høgst {n} teikn).").format(n=MAX_QUERY_LENGTH))
    terms = list(dict.fromkeys(_WORD.findall(fold(query))))
    if not terms:
        raise InvalidInput(_("Skriv minst eitt ord å søkje etter."))
    return terms[:MAX_TERMS]


def _term_pattern(term: str) -> re.Pattern[str]:
    return re.compile(r"(?<![^\W_])" + re.escape(term), re.IGNORECASE)


def any_term_pattern(terms: Sequence[str]) -> re.Pattern[str]:
    """One pattern for «a term begins a word here»: its first match is where the earliest
    of the terms begins (the snippet's anchor)."""
    return re.compile(
        r"(?<![^\W_])(?:" + "|".join(re.escape(t) for t in terms) + ")", re.IGNORECASE
    )


def matches(texts: Iterable[str | None], terms: Sequence[str]) -> bool:
    """True when every term begins a word in one of the texts (the rule of the index)."""
    return _matches_all(texts, [_term_pattern(term) for term in terms])


def _matches_all(texts: Iterable[str | None], patterns: Sequence[re.Pattern[str]]) -> bool:
    folded = "\n".join(fold(t) for t in texts if t)
    return all(p.search(folded) for p in patterns)


def snippet(texts: Iterable[str | None], terms: Sequence[str]) -> str:
    """A short excerpt around the first match in the first text that has one."""
    return _snippet(texts, any_term_pattern(terms))


def _snippet(texts: Iterable[str | None], pattern: re.Pattern[str]) -> str:
    candidates = [unicodedata.normalize("NFC", t) for t in texts if t and t.strip()]
    for value in candidates:
        if found := pattern.search(value):
            return _excerpt(value, found.start())
    return _excerpt(candidates[0], 0) if candidates else ""


def _excerpt(value: str, at: int) -> str:
    start = max(0, at - SNIPPET_BEFORE)
    end = min(len(value), at + SNIPPET_AFTER)
    if start > 0:  # begin at a word
        space = value.find(" ", start, at)
        start = space + 1 if space >= 0 else start
    if end < len(value):
        space = value.rfind(" ", at, end)
        end = space if space > at else end
    piece = " ".join(value[start:end].split())
    return ("… " if start > 0 else "") + piece + (" …" if end < len(value) else "")


def case_label(kind: str, number: int, year: int, prefix: str = "") -> str:
    label = f"{kind} {number:03d}/{year % 100:02d}"
    return f"{prefix} {label}" if prefix else label


# --- backends ---------------------------------------------------------------------------


def fts_ready(session: Session) -> bool:
    """SQLite with the index of migration 0003 and an FTS5 module to read it."""
    if session.get_bind().dialect.name != "sqlite":
        return False
    exists = session.execute(
        text("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = :n"), {"n": FTS_TABLE}
    ).first()
    if exists is None:
        return False
    try:
        session.execute(text(f"SELECT rowid FROM {FTS_TABLE} LIMIT 0"))
    except DBAPIError:  # "no such module: fts5" in a SQLite built without it
        return False
    return True


def fts_query(terms: Sequence[str]) -> str:
    """Each term as a quoted FTS5 prefix query; terms hold word characters only."""
    return " ".join(f'"{t}"*' for t in terms)


def _fts_ids(kind: HitKind, terms: Sequence[str]) -> TextualSelect:
    return (
        text(
            f"SELECT rowid / 4 AS id FROM {FTS_TABLE} "
            f"WHERE {FTS_TABLE} MATCH :fts_query AND rowid % 4 = {_KIND_CODE[kind]}"
        )
        .bindparams(fts_query=fts_query(terms))
        .columns(column("id", Integer))
    )


def _tsv_all(expression: str, terms: Sequence[str], also: str | None = None) -> ColumnElement[bool]:
    """PostgreSQL: every term begins a word of the indexed text (of `also`'s text, if given).

    The expressions are those of the indexes of migration 0027, so the planner uses them."""
    conditions: list[TextClause] = []
    for n, term in enumerate(terms):
        query = f"to_tsquery('{search_text.CONFIG}'::regconfig, :tsq{n})"
        sql = f"{expression} @@ {query}"
        if also is not None:
            sql = f"({sql} OR {also} @@ {query})"
        conditions.append(text(sql).bindparams(**{f"tsq{n}": search_text.tsquery(term)}))
    return and_(true(), *conditions)


def _rows(s: Session, stmt: Select[*_Ts], plan: _Plan) -> Iterator[Row[*_Ts]]:
    """The rows of `stmt` in its order: the FTS5 hits up to the limit, PostgreSQL's candidates
    a page at a time (the caller stops when it has the limit), or every row (scan)."""
    if plan.mode == "fts":
        yield from s.execute(stmt.limit(plan.limit))
    elif plan.mode == "tsv":
        offset = 0
        while True:
            page = s.execute(stmt.limit(plan.limit).offset(offset)).all()
            yield from page
            if len(page) < plan.limit:
                return
            offset += plan.limit
    else:
        yield from s.execute(stmt)


@dataclass
class _Plan:
    terms: Sequence[str]
    limit: int
    mode: str  # "fts", "tsv" (PostgreSQL) or "scan" (SQLite without FTS5)

    def __post_init__(self) -> None:
        self.each = [_term_pattern(t) for t in self.terms]  # the Python check (not FTS5)
        self.anchor = any_term_pattern(self.terms)  # where a snippet begins


@dataclass(frozen=True, slots=True)
class _Found:
    """A row found, before it becomes a hit: the hits of the three kinds are merged by
    date and cut to the limit first, so only the hits shown get a snippet and a model."""

    date: dt.date | None
    rank: int  # the kind's place among hits of the same day
    build: Callable[[Any, _Plan], SearchHit]
    row: Any


def _cases(s: Session, plan: _Plan) -> list[_Found]:
    stmt = (
        select(
            Case.id,
            Case.title,
            Case.public_title,
            Case.recommendation,
            Case.description,
            Case.kind,
            Case.number,
            Case.year,
            Case.closed,
            Case.meeting_id,
            Meeting.date,
            Body.case_prefix,
        )
        .join(Meeting, Meeting.id == Case.meeting_id)
        .join(Body, Body.id == Case.body_id)
        .order_by(Meeting.date.desc(), Case.id.desc())
    )
    if plan.mode == "fts":
        stmt = stmt.where(Case.id.in_(_fts_ids(HitKind.CASE, plan.terms)))
    elif plan.mode == "tsv":
        stmt = stmt.where(_tsv_all(search_text.case_text(), plan.terms))
    found: list[_Found] = []
    rank = _KIND_RANK[HitKind.CASE]
    for row in _rows(s, stmt, plan):
        if plan.mode != "fts":
            label = case_label(row.kind.value, row.number, row.year)  # as the index holds it
            texts = (label, row.title, row.public_title, row.recommendation, row.description)
            if not _matches_all(texts, plan.each):
                continue
        found.append(_Found(row.date, rank, _case_hit, row))
        if len(found) >= plan.limit:
            break
    return found


def _case_hit(row: Any, plan: _Plan) -> SearchHit:
    texts = (row.recommendation, row.description, row.title, row.public_title)
    return SearchHit(
        kind=HitKind.CASE,
        title=row.title,
        public_title=row.public_title,
        snippet=_snippet(texts, plan.anchor),
        date=row.date,
        label=case_label(row.kind.value, row.number, row.year, row.case_prefix),
        closed=row.closed,
        meeting_id=row.meeting_id,
        case_id=row.id,
    )


def _decisions(s: Session, plan: _Plan) -> list[_Found]:
    stmt = (
        select(
            Decision.id,
            Decision.text,
            Decision.meeting_id,
            Case.id.label("case_id"),
            Case.title,
            Case.public_title,
            Case.kind,
            Case.number,
            Case.year,
            Case.closed,
            Meeting.date,
            Body.case_prefix,
        )
        .join(Case, Case.id == Decision.case_id)
        .join(Meeting, Meeting.id == Decision.meeting_id)
        .join(Body, Body.id == Case.body_id)
        .order_by(Meeting.date.desc(), Decision.id.desc())
    )
    if plan.mode == "fts":
        stmt = stmt.where(Decision.id.in_(_fts_ids(HitKind.DECISION, plan.terms)))
    elif plan.mode == "tsv":
        stmt = stmt.where(_tsv_all(search_text.decision_text(), plan.terms))
    found: list[_Found] = []
    rank = _KIND_RANK[HitKind.DECISION]
    for row in _rows(s, stmt, plan):
        if plan.mode != "fts" and not _matches_all((row.text,), plan.each):
            continue
        found.append(_Found(row.date, rank, _decision_hit, row))
        if len(found) >= plan.limit:
            break
    return found


def _decision_hit(row: Any, plan: _Plan) -> SearchHit:
    return SearchHit(
        kind=HitKind.DECISION,
        title=row.title,
        public_title=row.public_title,
        snippet=_snippet((row.text,), plan.anchor),
        date=row.date,
        label=case_label(row.kind.value, row.number, row.year, row.case_prefix),
        closed=row.closed,
        meeting_id=row.meeting_id,
        case_id=row.case_id,
        decision_id=row.id,
    )


def _documents(s: Session, plan: _Plan) -> list[_Found]:
    stmt = (
        select(
            DocumentVersion.id,
            DocumentVersion.content,
            DocumentVersion.created_at,
            DocumentVersion.version_no,
            GoverningDocument.id.label("document_id"),
            GoverningDocument.title,
        )
        .join(GoverningDocument, GoverningDocument.id == DocumentVersion.document_id)
        .order_by(DocumentVersion.created_at.desc(), DocumentVersion.id.desc())
    )
    if plan.mode == "fts":
        stmt = stmt.where(DocumentVersion.id.in_(_fts_ids(HitKind.DOCUMENT, plan.terms)))
    elif plan.mode == "tsv":
        condition = _tsv_all(
            search_text.version_text(), plan.terms, also=search_text.document_title_text()
        )
        stmt = stmt.where(condition)
    found: list[_Found] = []
    rank = _KIND_RANK[HitKind.DOCUMENT]
    for row in _rows(s, stmt, plan):
        if plan.mode != "fts" and not _matches_all((row.title, row.content), plan.each):
            continue
        found.append(_Found(row.created_at.date(), rank, _document_hit, row))
        if len(found) >= plan.limit:
            break
    return found


def _document_hit(row: Any, plan: _Plan) -> SearchHit:
    return SearchHit(
        kind=HitKind.DOCUMENT,
        title=row.title,
        snippet=_snippet((row.content, row.title), plan.anchor),
        date=row.created_at.date(),
        label=f"versjon {row.version_no}",
        document_id=row.document_id,
        version_id=row.id,
        version_no=row.version_no,
    )


# --- the service ----------------------------------------------------------------------------


def search(ctx: Context, query: str, limit: int = 100) -> list[SearchHit]:
    """Cases, decisions and document versions matching every word of `query`, newest first.

    At most `limit` hits; a front end that gets exactly `limit` may say there are more."""
    terms = query_terms(query)
    if not 1 <= limit <= MAX_LIMIT:
        raise InvalidInput(_("Talet på treff må vere mellom 1 og {n}.").format(n=MAX_LIMIT))
    with ctx.reading() as s:
        plan = _Plan(terms, limit, _mode(s))
        found = _cases(s, plan) + _decisions(s, plan) + _documents(s, plan)
    # Stable sort: within a kind, the order of its query (newest first, then highest id).
    found.sort(key=lambda f: (-(f.date or dt.date.min).toordinal(), f.rank))
    return [f.build(f.row, plan) for f in found[:limit]]


def search_mode(ctx: Context) -> str:
    """How this database is searched: "fts", "tsv" (PostgreSQL) or "scan"."""
    with ctx.reading() as s:
        return _mode(s)


def _mode(s: Session) -> str:
    if fts_ready(s):
        return "fts"
    return "tsv" if s.get_bind().dialect.name == "postgresql" else "scan"
