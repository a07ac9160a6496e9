"""Finding persons in SQL: filter, Norwegian order and limit in the database, so that a
search costs about the same with 160 persons as with 16,000.

Matching is the registry's (every word of the query in the name, the e-mail or the
municipality, case folded with æøå), in two steps: SQL narrows the rows with a pattern that
can only match more (ASCII letters case-insensitively, every other letter any one
character, since SQLite's LIKE folds ASCII only; a text holding a letter whose folding
the pattern cannot see, such as «ß» for «gros» or «ﬁ» for «ufi», passes too), and each row
it returns is checked with Python's `casefold`. The order is `nb_sort_key`'s (a–z, then
æ, ø, å), written in SQL.

Which rows SQL reads depends on how many match (issue 21):

- a word of three letters or more that few persons hold (see `candidate_cap`) is looked
  up in the trigram index of migration 0030 (SQLite; with the persons of a municipality
  whose name holds it, through 0030's index on the municipality), and only those persons
  are read, sorted and checked: a rare name costs the same among 160 persons as among
  16,000;
- otherwise (no such word, many matches, PostgreSQL, or a SQLite without the index) the
  persons are read in Norwegian order from the index of
  migration 0026, a batch at a time, until the page is full: when many match, the page
  fills after a few rows.
"""

from __future__ import annotations

from collections.abc import Iterator
from math import isqrt
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Integer,
    Select,
    TextualSelect,
    column,
    literal_column,
    or_,
    select,
    text,
)
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from dvmeet.db.models import Municipality, Person
from dvmeet.db.name_order import name_key_sql
from dvmeet.services._nb_order import nb_sort_expression
from dvmeet.services.registry.models import PersonOut

MIN_BATCH = 50  # rows fetched at a time (at least) while the Python check drops some
INDEX_TABLE = "person_name_fts"  # migration 0030: names and e-mails by trigram (SQLite)
MIN_INDEXED = 3  # a trigram index finds words of three letters or more
_INDEX_READY = "dvmeet_person_name_fts"  # key in a connection's info: (schema, index answers)
# The letters whose casefold is more than one letter («ß»: «ss», «ﬁ»: «fi», «İ»), or an ASCII
# letter (the Kelvin sign, «ſ»): a LIKE pattern made from the folded word cannot match them,
# so a text holding one is always handed to the Python check. (Python 3.11's Unicode 14; a
# test compares it with str.casefold.)
FOLDED_LETTERS = (
    "\xdf\u0130\u0149\u01f0\u0390\u03b0\u0587\u1e96\u1e97\u1e98\u1e99\u1e9a\u1e9e\u1f50"
    "\u1f52\u1f54\u1f56\u1f80\u1f81\u1f82\u1f83\u1f84\u1f85\u1f86\u1f87\u1f88\u1f89\u1f8a"
    "\u1f8b\u1f8c\u1f8d\u1f8e\u1f8f\u1f90\u1f91\u1f92\u1f93\u1f94\u1f95\u1f96\u1f97\u1f98"
    "\u1f99\u1f9a\u1f9b\u1f9c\u1f9d\u1f9e\u1f9f\u1fa0\u1fa1\u1fa2\u1fa3\u1fa4\u1fa5\u1fa6"
    "\u1fa7\u1fa8\u1fa9\u1faa\u1fab\u1fac\u1fad\u1fae\u1faf\u1fb2\u1fb3\u1fb4\u1fb6\u1fb7"
    "\u1fbc\u1fc2\u1fc3\u1fc4\u1fc6\u1fc7\u1fcc\u1fd2\u1fd3\u1fd6\u1fd7\u1fe2\u1fe3\u1fe4"
    "\u1fe6\u1fe7\u1ff2\u1ff3\u1ff4\u1ff6\u1ff7\u1ffc\ufb00\ufb01\ufb02\ufb03\ufb04\ufb05"
    "\ufb06\ufb13\ufb14\ufb15\ufb16\ufb17\u017f\u212a"
)
# Those of them migration 0030 indexes as their folding (the Latin ones); a word holding a
# letter of the others' foldings (Greek, Armenian, combining marks) is not looked up there.
INDEX_FOLDED = (
    "\xdf\u0130\u0149\u01f0\u1e96\u1e97\u1e98\u1e99\u1e9a\u1e9e"
    "\ufb00\ufb01\ufb02\ufb03\ufb04\ufb05\ufb06\u017f\u212a"
)
NOT_INDEXED = frozenset("".join(c.casefold() for c in FOLDED_LETTERS if c not in INDEX_FOLDED))
_FOLDED_BY_CHAR: dict[str, set[str]] = {}  # a letter of a folding: the letters folded to it
for _letter in FOLDED_LETTERS:
    for _ch in _letter.casefold():
        _FOLDED_BY_CHAR.setdefault(_ch, set()).add(_letter)


def like_pattern(word: str) -> str:
    """A case-insensitive LIKE pattern that matches every text whose casefold holds `word`
    (and possibly more): ASCII kept (escaped), any other character one wildcard, «ss» any
    run (ß folds to ss)."""
    out = []
    for ch in word:
        if ch in "%_\\":
            out.append("\\" + ch)
        elif ch.isascii():
            out.append(ch)
        else:
            out.append("_")
    return "%" + "".join(out).replace("ss", "%") + "%"


def _overlaps(word: str, folded: str) -> bool:
    """Whether `folded` can stand somewhere in a text so that it and `word` share letters
    and agree where they overlap (the word may begin or end inside it, or hold it)."""
    for start in range(1 - len(folded), len(word)):
        if all(word[start + j] == ch for j, ch in enumerate(folded) if 0 <= start + j < len(word)):
            return True
    return False


def folded_letters_for(word: str) -> list[str]:
    """The letters of FOLDED_LETTERS through whose folding a text may hold `word` where the
    LIKE pattern cannot see it (for «gros»: «ß», «ẞ», «ſ», «ﬅ» and «ﬆ»; for «hauge» none)."""
    near = set().union(*(_FOLDED_BY_CHAR.get(ch, ()) for ch in word))
    return sorted(x for x in near if _overlaps(word, x.casefold()))


def _matches(word: str, columns: tuple[Any, ...], dialect: str) -> ColumnElement[bool]:
    pattern = like_pattern(word)
    # a text holding a letter the pattern cannot see is handed to the Python check
    letters = "".join(folded_letters_for(word))
    if dialect == "sqlite":  # SQLite's LIKE folds ASCII itself: no lower() on every row
        like = [c.like(pattern, escape="\\") for c in columns]
        folded = [c.op("GLOB")(f"*[{letters}]*") for c in columns] if letters else []
    else:
        like = [c.ilike(pattern, escape="\\") for c in columns]
        folded = [c.regexp_match(f"[{letters}]") for c in columns] if letters else []
    return or_(*like, *folded)


def _statement(s: Session, words: list[str], by_id: bool = False) -> Select[*tuple[Any, ...]]:
    """The persons' columns in Norwegian name order, narrowed by the words' patterns. With
    `by_id` (the caller narrows by id), the order is written so that the name order index
    does not match it: the database then reads the persons by id and sorts those few, instead
    of walking every person in order to find them."""
    dialect = s.get_bind().dialect.name
    columns = (Person.name, Person.email, Municipality.name)
    stmt = (
        select(
            Person.id,
            Person.name,
            Person.email,
            Person.phone,
            Municipality.number,
            Municipality.name,
            Person.gender,
            Person.title,
            Person.version,
        )
        .outerjoin(Municipality, Person.municipality_id == Municipality.id)
        .order_by(
            literal_column(f"{name_key_sql('person.name', dialect)} || ''")
            if by_id
            else nb_sort_expression("person.name", dialect),
            Person.id,
        )
    )
    if words:
        stmt = stmt.where(*(_matches(w, columns, dialect) for w in words))
    return stmt


def _rows(s: Session, stmt: Select[*tuple[Any, ...]], size: int) -> Iterator[Any]:
    """The statement's rows in batches of `size`, read while asked for: the Python check
    may drop some, and the limit still ends the read early."""
    offset = 0
    while True:
        batch = s.execute(stmt.limit(size).offset(offset)).all()
        yield from batch
        if len(batch) < size:
            return
        offset += size


def candidate_cap(limit: int, persons: int) -> int:
    """The most persons a word may find for them to be read by id and sorted; a word that
    finds more is common, and the list is read in order instead, where the page fills after
    about limit × persons / found rows if the matches are spread over the alphabet, more
    if they cluster (first names: «ola» at 100x data read 12,000 persons in order). At
    √(limit × persons) neither way reads more than about that many rows."""
    return max(isqrt(limit * persons), limit)


def index_ready(s: Session) -> bool:
    """SQLite with the trigram index of migration 0030 and the FTS5 module to read it
    (looked up once per connection and schema: a migration changes the schema's version)."""
    if s.get_bind().dialect.name != "sqlite":
        return False
    conn = s.connection()
    schema = conn.exec_driver_sql("PRAGMA schema_version").scalar()
    known = conn.info.get(_INDEX_READY)
    if known is not None and known[0] == schema:
        return bool(known[1])
    exists = conn.exec_driver_sql(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (INDEX_TABLE,)
    ).first()
    ready = exists is not None
    if ready:
        try:
            conn.exec_driver_sql(f"SELECT rowid FROM {INDEX_TABLE} LIMIT 0")
        except DBAPIError:  # "no such module: fts5" in a SQLite built without it
            ready = False
    conn.info[_INDEX_READY] = (schema, ready)
    return ready


# the persons whose name or e-mail holds the phrase (the trigram index), and those of the
# municipalities whose name may hold the word (the pattern; CROSS JOIN: the municipalities
# first, their persons from the index on the municipality)
_HOLDERS = (
    f"SELECT rowid AS id FROM {INDEX_TABLE} WHERE {INDEX_TABLE} MATCH {{phrase}} "
    "UNION ALL SELECT person.id FROM municipality CROSS JOIN person "
    "ON person.municipality_id = municipality.id "
    "WHERE municipality.name LIKE {pattern} ESCAPE '\\'"
)
_HOLDERS_COUNTED = (  # as the driver takes it: how many, up to a most
    "SELECT count(*) FROM (" + _HOLDERS.format(phrase="?", pattern="?") + " LIMIT ?)"
)


def _candidates(s: Session, words: list[str], limit: int) -> TextualSelect | None:
    """The persons holding the longest indexed word that finds few of them (as a subquery
    of ids; `candidate_cap`); None when no word narrows the list that far. The ids stay in
    the database: the subquery is counted here (as written, to the driver: this runs on
    every keystroke of a search), and read with the rows."""
    indexed = sorted(
        (w for w in words if len(w) >= MIN_INDEXED and NOT_INDEXED.isdisjoint(w)),
        key=len,
        reverse=True,
    )
    if not indexed or not index_ready(s):
        return None
    conn = s.connection()
    persons = conn.exec_driver_sql("SELECT max(id) FROM person").scalar()  # about how many
    cap = candidate_cap(limit, persons or 0)
    for word in indexed:
        phrase = '"' + word.replace('"', '""') + '"'  # a trigram phrase: the word anywhere
        pattern = like_pattern(word)
        found = conn.exec_driver_sql(_HOLDERS_COUNTED, (phrase, pattern, cap + 1)).scalar_one()
        if found <= cap:
            return (
                text(_HOLDERS.format(phrase=":phrase", pattern=":pattern"))
                .bindparams(phrase=phrase, pattern=pattern)
                .columns(column("id", Integer))
            )
    return None


def find_persons(s: Session, query: str, limit: int) -> list[PersonOut]:
    """The persons matching every word of `query`, in Norwegian name order, at most `limit`."""
    limit = max(limit, 0)
    words = query.casefold().split()
    found: list[PersonOut] = []
    if limit == 0 or any("\x00" in w for w in words):
        # no text holds NUL (the services refuse control characters); FTS5 and PostgreSQL
        # would refuse the query
        return found
    holders = _candidates(s, words, limit)
    if holders is None:  # read in name order until the page is full
        stmt = _statement(s, words)
    else:  # few: the database reads them by id and sorts them
        stmt = _statement(s, words, by_id=True).where(Person.id.in_(holders))
    # without words the SQL is exact: one batch of `limit`; with words a little more
    size = limit if not words else max(limit + limit // 4, MIN_BATCH)
    for row in _rows(s, stmt, size):
        pid, name, email, phone, mnumber, mname, gender, title, version = row
        if words:
            haystack = " ".join((name, email or "", mname or "")).casefold()
            if not all(w in haystack for w in words):
                continue
        found.append(
            PersonOut(
                id=pid,
                name=name,
                email=email,
                phone=phone,
                municipality_number=mnumber,
                municipality_name=mname,
                gender=gender,
                title=title,
                version=version,
            )
        )
        if len(found) >= limit:
            break
    return found
