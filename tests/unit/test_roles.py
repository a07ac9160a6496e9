"""Several users on PostgreSQL: a read-write secretariat and a read-only observer (issue 7)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from dbtarget import is_postgres
from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL

from dvmeet.cli import main
from dvmeet.db.database import connect
from dvmeet.domain.enums import BodyKind
from dvmeet.errors import ReadOnlyAccess, StorageError
from dvmeet.services import registry
from dvmeet.services.context import Context
from dvmeet.services.maintenance import init_roles
from dvmeet.services.registry.models import BodyIn, PersonIn, PersonUpdate


def test_sqlite_has_no_roles(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    if is_postgres():
        pytest.skip("SQLite only")
    code = main(
        ["--database", str(tmp_path / "a.sqlite"), "db", "init-roles",
         "--secretariat", "sekr", "--observer", "lesar"]
    )  # fmt: skip
    assert code == 2
    assert "berre på ein PostgreSQL-tenar" in capsys.readouterr().err


@pytest.fixture
def users(ctx: Context, database_url: URL) -> Iterator[tuple[Context, Context, str, str]]:
    """The two group roles, a login user in each, and a Context for each user."""
    if not is_postgres():
        pytest.skip("PostgreSQL only")
    tag = uuid.uuid4().hex[:8]
    rw, ro = f"sekr_{tag}", f"lesar_{tag}"
    out = init_roles(ctx, rw, ro)
    assert set(out.created) == {rw, ro}
    admin = create_engine(database_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f"CREATE ROLE kari_{tag} LOGIN PASSWORD 'k' IN ROLE {rw}")
        conn.exec_driver_sql(f"CREATE ROLE ola_{tag} LOGIN PASSWORD 'o' IN ROLE {ro}")
    writer = Context(connect(database_url.set(username=f"kari_{tag}", password="k")), "kari")
    reader = Context(connect(database_url.set(username=f"ola_{tag}", password="o")), "ola")
    yield writer, reader, rw, ro
    writer.close()
    reader.close()
    ctx.close()
    database = database_url.database
    with create_engine(
        database_url.set(database="postgres"), isolation_level="AUTOCOMMIT"
    ).connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
        for role in (f"kari_{tag}", f"ola_{tag}", rw, ro):
            conn.exec_driver_sql(f"DROP ROLE IF EXISTS {role}")
    admin.dispose()


def test_observer_reads_everything_and_every_write_is_refused(
    ctx: Context, users: tuple[Context, Context, str, str]
) -> None:
    writer, reader, _rw, _ro = users
    registry.load_municipalities(ctx)
    rs = BodyIn(code="RS", name="Representantskapet", kind=BodyKind.ELECTED, seats=7)
    registry.create_body(ctx, rs)
    person = registry.create_person(writer, PersonIn(name="Kari Skrivar"))
    assert registry.get_person(reader, person.id).name == "Kari Skrivar"
    assert [b.code for b in registry.list_bodies(reader)] == ["RS"]
    writes = [
        lambda: registry.create_person(reader, PersonIn(name="Ola Lesar")),
        lambda: registry.update_person(reader, PersonUpdate(id=person.id, title="X")),
        lambda: registry.create_body(
            reader, BodyIn(code="AU", name="Arbeidsutval", kind=BodyKind.ELECTED, seats=3)
        ),
    ]
    for write in writes:
        with pytest.raises(ReadOnlyAccess) as refused:
            write()
        assert isinstance(refused.value, StorageError)
        assert "berre lesetilgang" in str(refused.value)
    # The secretariat writes, versions included.
    changed = registry.update_person(
        writer, PersonUpdate(id=person.id, title="Rådgjevar", expected_version=person.version)
    )
    assert changed.version == person.version + 1
    assert registry.get_person(reader, person.id).title == "Rådgjevar"


def test_init_roles_is_repeatable_and_checks_names(
    ctx: Context, users: tuple[Context, Context, str, str]
) -> None:
    _writer, _reader, rw, ro = users
    assert init_roles(ctx, rw, ro).created == ()
    with pytest.raises(Exception, match="ugyldig"):
        init_roles(ctx, "Robert'); DROP TABLE person;--", ro)
