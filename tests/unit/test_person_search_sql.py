"""The registry's person search in SQL (issue 21): the same matches and Norwegian order as
checking every person in Python, with the filter, the order and the limit in the query."""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import event, text

from dvmeet.db.migrate import downgrade, upgrade
from dvmeet.domain.enums import BodyKind
from dvmeet.services.context import Context
from dvmeet.services.maintenance import erase_person
from dvmeet.services.registry import (
    _person_search,
    create_body,
    create_person,
    load_municipalities,
    persons_view,
    search_persons,
    update_person,
)
from dvmeet.services.registry._person_search import (
    FOLDED_LETTERS,
    INDEX_FOLDED,
    INDEX_TABLE,
    index_ready,
)
from dvmeet.services.registry.models import (
    BodyIn,
    PersonIn,
    PersonOut,
    PersonsViewIn,
    PersonUpdate,
)
from dvmeet.services.registry.text import nb_sort_key

MIGRATION_0030 = (
    Path(__file__).resolve().parents[2]
    / "dvmeet/db/migrations/versions/0030_person_name_trigrams.py"
)
NAMES = [
    ("Øystein Ås", "4601", None),
    ("ØRJAN ÆRVIK", "4602", "orjan@kinn.kommune.no"),
    ("Åse Ærø", "4602", None),
    ("åsmund øvrebø", "4611", "asmund@etne.kommune.no"),
    ("Ola Nordmann", "4602", "ola.nordmann@kinn.kommune.no"),
    ("Zara Berg", None, None),
    ("Berit Bergen", "4601", "berit@bergen.kommune.no"),
    ("Ærlend Sæbø", "4611", None),
    ("Kari 100% Prosent", None, "kari_p@example.no"),
    ("Hans Groß", None, None),
    ("Anne Aase", "4601", None),
    ("Bjørn Bø", "4602", None),
    ("bjørg bøe", "4602", None),
    ("Ane Hauge", "4611", "ane.hauge@etne.kommune.no"),
    ("Synnøve Førde", "4601", None),
]
QUERIES = [
    "", "ø", "Ø", "ås", "ÅS", "æ", "ærø", "bø", "BØ", "berg", "bergen.kommune", "kinn ola",
    "kommune", "a", "an", "AN", "100%", "_p", "%", "_", "gross", "groß", "øy ås", "hauge etne",
    "førde", "sæbø", "zzz", "etne", "ærvik orjan",
]  # fmt: skip


@pytest.fixture
def people(ctx: Context) -> Iterator[Context]:
    load_municipalities(ctx)
    create_body(ctx, BodyIn(code="RS", name="Representantskapet", kind=BodyKind.ELECTED, seats=43))
    for name, number, email in NAMES:
        create_person(ctx, PersonIn(name=name, municipality_number=number, email=email))
    yield ctx


def reference(everyone: list[PersonOut], query: str, limit: int) -> list[int]:
    """What the registry's search did before it was written in SQL: every person checked
    and sorted in Python."""
    words = query.casefold().split()
    found = [
        p
        for p in everyone
        if all(
            w in " ".join((p.name, p.email or "", p.municipality_name or "")).casefold()
            for w in words
        )
    ]
    found.sort(key=lambda p: (nb_sort_key(p.name), p.id))
    return [p.id for p in found[:limit]]


def test_sql_search_finds_and_orders_as_python_did(people: Context) -> None:
    everyone = search_persons(people, "", limit=10_000)
    assert len(everyone) == len(NAMES)
    for query in QUERIES:
        for limit in (1, 3, 100):
            got = [p.id for p in search_persons(people, query, limit)]
            assert got == reference(everyone, query, limit), (query, limit)
    names = [p.name for p in everyone]
    # Norwegian order whatever the case: ... Z, Æ, Ø, Å
    assert names[-6:] == [
        "Zara Berg", "Ærlend Sæbø", "ØRJAN ÆRVIK", "Øystein Ås", "Åse Ærø", "åsmund øvrebø",
    ]  # fmt: skip
    assert [p.name for p in search_persons(people, "bø")] == [
        "bjørg bøe", "Bjørn Bø", "Ærlend Sæbø", "åsmund øvrebø",
    ]  # fmt: skip
    assert [p.name for p in search_persons(people, "groß")] == ["Hans Groß"]
    assert [p.name for p in search_persons(people, "gross")] == ["Hans Groß"]
    assert [p.name for p in search_persons(people, "100%")] == ["Kari 100% Prosent"]
    view = persons_view(people, PersonsViewIn(query="ÅS", limit=2))
    assert [p.name for p in view.persons] == ["Øystein Ås", "Åse Ærø"]


def test_the_database_filters_sorts_and_limits(people: Context) -> None:
    """The query reads only the rows shown: the words, the order and the limit are in
    the SQL (not every person read and checked in Python). A rare word's persons are read
    by id from the trigram index (SQLite); when many match, the list is read in order."""
    for i in range(60):
        create_person(people, PersonIn(name=f"Fyll Person {i:02d}"))
    engine = people.db.engine

    def statements_of(query: str, limit: int) -> tuple[list[str], list[str]]:
        statements: list[str] = []

        def seen(conn: object, cursor: object, statement: str, *args: object) -> None:
            if "FROM person" in statement and "LIMIT 0" not in statement:  # not the probe
                statements.append(statement)

        event.listen(engine, "before_cursor_execute", seen)
        try:
            found = [p.name for p in search_persons(people, query, limit)]
        finally:
            event.remove(engine, "before_cursor_execute", seen)
        return found, statements

    first, (read,) = statements_of("", 5)
    assert first == ["Ane Hauge", "Anne Aase", "Berit Bergen", "bjørg bøe", "Bjørn Bø"]
    assert "LIMIT" in read.upper() and "ORDER BY" in read.upper() and "LIKE" not in read.upper()

    # 60 of 75 persons hold «fyll» and «person»: read in order until the page is full
    found, statements = statements_of("fyll person 1", 3)
    assert found == ["Fyll Person 01", "Fyll Person 10", "Fyll Person 11"]
    read = statements[-1].upper()
    assert "LIKE" in read and "LIMIT" in read and "ORDER BY" in read and " IN (" not in read

    rare, statements = statements_of("hauge", 3)
    assert rare == ["Ane Hauge"]
    read = statements[-1].upper()
    assert "ORDER BY" in read
    if index_ready_in(people):  # the one person holding «hauge», from the index, by id
        assert f"{INDEX_TABLE} MATCH".upper() in read and " IN (" in read
        assert "LIMIT" in read
    else:  # PostgreSQL: read in order, the words in the SQL
        assert " IN (" not in read and "LIKE" in read and "LIMIT" in read


def index_ready_in(ctx: Context) -> bool:
    with ctx.reading() as s:
        return index_ready(s)


def test_the_name_index_is_there_on_sqlite(people: Context) -> None:
    assert index_ready_in(people) == people.is_sqlite
    if people.is_sqlite:  # gone with its migration, back with it
        downgrade(people.db, "0029")
        assert not index_ready_in(people)
        upgrade(people.db)
        assert index_ready_in(people)
        assert names_of(people, "auge") == ["Ane Hauge"]


@pytest.mark.parametrize("cap", [0, 1, 3, 200])
def test_both_ways_of_reading_find_the_same(
    people: Context, monkeypatch: pytest.MonkeyPatch, cap: int
) -> None:
    """Whether a word's persons are read by id from the trigram index (few) or the list is
    read in order (many: cap 0 forces it), the answer is the Python rule's."""
    monkeypatch.setattr(_person_search, "candidate_cap", lambda limit, persons: cap)
    everyone = search_persons(people, "", limit=10_000)
    odd = ['"""', "hau*", 'a"b', "NEAR(x", "^ane", "hau\x00ge", "ane\x00"]  # FTS5's syntax
    for query in [*QUERIES, "rgen", "AASE", "auge", "ommune", "sæbø bjørn", "kinn.kommune", *odd]:
        for limit in (1, 3, 100):
            got = [p.id for p in search_persons(people, query, limit)]
            assert got == reference(everyone, query, limit), (cap, query, limit)


@pytest.mark.parametrize("cap", [0, 200])
def test_letters_that_fold_to_more_than_one_are_found(
    people: Context, monkeypatch: pytest.MonkeyPatch, cap: int
) -> None:
    """A name pasted from a PDF with a ligature, or written with «İ», «ß» or the Kelvin sign,
    is found as the registry's rule (casefold) finds it, read in order (cap 0) or by id from
    the trigram index."""
    monkeypatch.setattr(_person_search, "candidate_cap", lambda limit, persons: cap)
    for name in (
        "Ruﬁn Griﬃth", "İlker Yılmaz", "Jürgen Großmann", "\u212aari Ha\u017fen", "ᾈγγελος Παΐσιος",
    ):  # fmt: skip
        create_person(people, PersonIn(name=name))
    everyone = search_persons(people, "", limit=10_000)
    queries = [
        "ufin", "ruf", "iffi", "ruﬁn", "İlker", "i̇lk", "lker", "gros", "grossm", "großmann",
        "kari", "KARI", "hasen", "ha\u017fen", "ἀιγγ", "ᾀγγελος", "γγελ", "παΐσ", "ΐσιος",
    ]  # fmt: skip
    for query in queries:
        got = [p.id for p in search_persons(people, query, 10)]
        assert got == reference(everyone, query, 10), query
        assert got, query


def test_the_folded_letters_are_those_of_casefold() -> None:
    """The letters handed to the Python check (and indexed as their folding by 0030) are
    every letter whose casefold is more than one letter or an ASCII letter."""
    expected = {
        chr(c)
        for c in range(0x80, 0x30000)
        if not 0xD800 <= c <= 0xDFFF and (len(chr(c).casefold()) > 1 or chr(c).casefold().isascii())
    } | {"\xdf"}
    assert set(FOLDED_LETTERS) == expected
    spec = importlib.util.spec_from_file_location("m0030", MIGRATION_0030)
    assert spec is not None and spec.loader is not None
    migration = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migration)
    assert migration.INDEX_FOLDED == INDEX_FOLDED
    assert set(INDEX_FOLDED) <= set(FOLDED_LETTERS)


def test_the_name_index_follows_changes(people: Context) -> None:
    """The triggers of migration 0030 keep the index current: a new, renamed, re-mailed or
    erased person is found by the new words and no longer by the old."""
    kari = create_person(people, PersonIn(name="Kari Tverrbakk", email="kari@tverr.no"))
    assert names_of(people, "verrbak") == ["Kari Tverrbakk"]
    kari = update_person(
        people, PersonUpdate(id=kari.id, name="Kari Lyngstad", expected_version=kari.version)
    )
    assert names_of(people, "verrbak") == []
    assert names_of(people, "yngsta") == ["Kari Lyngstad"]
    assert names_of(people, "tverr.no") == ["Kari Lyngstad"]  # the e-mail is unchanged
    kari = update_person(
        people, PersonUpdate(id=kari.id, email="kari@lyng.no", expected_version=kari.version)
    )
    assert names_of(people, "tverr.no") == []
    assert names_of(people, "lyng.no") == ["Kari Lyngstad"]
    kari = update_person(
        people, PersonUpdate(id=kari.id, email=None, expected_version=kari.version)
    )
    assert names_of(people, "lyng.no") == []
    erase_person(people, kari.id)
    assert names_of(people, "yngsta") == []
    if people.is_sqlite:  # the index holds the words it finds, no more
        with people.reading() as s:
            for word in ("verrbak", "yngsta", "lyng.no", "tverr.no"):
                hits = s.execute(
                    text(f"SELECT rowid FROM {INDEX_TABLE} WHERE {INDEX_TABLE} MATCH :q"),
                    {"q": f'"{word}"'},
                ).all()
                assert hits == [], word


def names_of(ctx: Context, query: str) -> list[str]:
    return [p.name for p in search_persons(ctx, query, limit=10)]


def test_the_order_comes_from_the_name_order_index(people: Context) -> None:
    """The list's order is read from the index of migration 0026 (its expression matches
    the query's), so the database does not sort every person to show the first ones."""
    captured: list[tuple[str, object]] = []
    engine = people.db.engine

    def seen(conn: object, cursor: object, statement: str, parameters: object, *a: object) -> None:
        if "FROM person" in statement:
            captured.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", seen)
    try:
        search_persons(people, "", limit=5)
    finally:
        event.remove(engine, "before_cursor_execute", seen)
    ((statement, parameters),) = captured
    with engine.connect() as conn:
        raw = conn.connection.dbapi_connection
        assert raw is not None
        cursor = raw.cursor()
        if engine.dialect.name == "sqlite":
            cursor.execute("EXPLAIN QUERY PLAN " + statement, parameters)
            plan = " ".join(str(row[-1]) for row in cursor.fetchall())
            assert "ix_person_name_order" in plan and "TEMP B-TREE" not in plan, plan
        else:  # a handful of rows: make a sort the planner's last choice
            cursor.execute("SET enable_sort = off")
            cursor.execute("EXPLAIN " + statement, parameters)
            plan = " ".join(str(row[0]) for row in cursor.fetchall())
            assert "ix_person_name_order" in plan, plan
        raw.rollback()
