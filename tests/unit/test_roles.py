"""Several users on PostgreSQL: a read-write secretariat and a read-only observer (issue 7);
the audit log written only by the server's functions, erasure by the secretariat (issue 14)."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from dbtarget import is_postgres
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError

from dvmeet.cli import main
from dvmeet.db.audit import canonical_json, event_hash, verify_audit_chain
from dvmeet.db.database import connect
from dvmeet.db.migrate import downgrade, upgrade
from dvmeet.db.models import AuditEvent
from dvmeet.domain.enums import BodyKind
from dvmeet.errors import ReadOnlyAccess, StorageError
from dvmeet.services import registry
from dvmeet.services.context import Context
from dvmeet.services.maintenance import check_database, erase_person, fill_demo, init_roles
from dvmeet.services.maintenance._privacy import _frozen_meetings
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


def _refusal(ctx: Context, sql: str) -> str | None:
    """Run one raw statement on the context's login; None when it went through (then it is
    rolled back), else the server's message."""
    with ctx.db.engine.connect() as conn:
        tx = conn.begin()
        try:
            conn.exec_driver_sql(sql)
        except DBAPIError as exc:
            return str(exc.orig)
        finally:
            tx.rollback()
    return None


def test_secretariat_appends_only_through_the_server_and_owns_nothing(
    ctx: Context, users: tuple[Context, Context, str, str]
) -> None:
    writer, _reader, _rw, _ro = users
    person = registry.create_person(writer, PersonIn(name="Kari Skrivar"))
    with writer.reading() as s:
        event = s.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
        assert event is not None
        assert (event.actor, event.action, event.entity_id) == ("kari", "person.create", person.id)
        assert event.hash == event_hash(
            event.prev_hash, event.at, event.actor, event.action, event.entity,
            event.entity_id, event.payload,
        )  # fmt: skip
        assert verify_audit_chain(s).broken_at is None
    forged = (
        "INSERT INTO audit_event (id, at, actor, action, entity, entity_id, payload, "
        f"prev_hash, hash) VALUES ({event.id + 1}, now(), 'x', 'x', 'x', NULL, '{{}}', "
        f"'{event.hash}', '{'f' * 64}')"
    )
    for sql in (
        forged,
        f"UPDATE audit_event SET payload = '{{}}' WHERE id = {event.id}",
        f"DELETE FROM audit_event WHERE id = {event.id}",
        "TRUNCATE audit_event",
        "SELECT nextval(pg_get_serial_sequence('audit_event', 'id'))",
        "UPDATE alembic_version SET version_num = '0001'",
        "SELECT setval(pg_get_serial_sequence('audit_event', 'id'), 1)",
        "SELECT dvmeet_audit_insert('x', 'x', 'x', NULL, '{}')",
    ):
        refused = _refusal(writer, sql)
        assert refused is not None and "permission denied" in refused, sql
    for sql in (
        "ALTER TABLE audit_event DISABLE TRIGGER trg_audit_event_no_update",
        "ALTER TABLE ballot DISABLE TRIGGER ALL",
        "DROP TRIGGER trg_ballot_owner ON ballot",
        "DROP FUNCTION dvmeet_append_audit(text, text, text, integer, text)",
        "CREATE OR REPLACE FUNCTION dvmeet_refuse_audit_change() RETURNS trigger "
        "LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$",
    ):
        refused = _refusal(writer, sql)
        assert refused is not None, sql
        assert "must be owner" in refused or "permission denied for schema" in refused, sql
    # The erasure action is the erasure function's alone.
    refused = _refusal(
        writer,
        "SELECT dvmeet_append_audit('kari', 'person.erased', 'person', 1, "
        '\'{"redacted_events": {"1": "x"}}\')',
    )
    assert refused is not None and "dvmeet_audit" in refused


def test_observer_may_not_call_the_writer_functions(
    ctx: Context, users: tuple[Context, Context, str, str]
) -> None:
    _writer, reader, _rw, _ro = users
    person = registry.create_person(ctx, PersonIn(name="Ola Lesar", email="ola@example.no"))
    for sql in (
        "SELECT dvmeet_append_audit('ola', 'x', 'x', NULL, '{}')",
        f"SELECT dvmeet_erase_person_audit('ola', {person.id})",
        "SELECT dvmeet_audit_insert('ola', 'x', 'x', NULL, '{}')",
    ):
        for prefix in ("", "SET TRANSACTION READ WRITE; "):
            refused = _refusal(reader, prefix + sql)
            assert refused is not None and "permission denied for function" in refused, sql
    with pytest.raises(ReadOnlyAccess):
        erase_person(reader, person.id)
    assert registry.get_person(ctx, person.id).email == "ola@example.no"


def test_secretariat_erases_a_person_without_owning_a_table(
    ctx: Context, users: tuple[Context, Context, str, str]
) -> None:
    writer, _reader, _rw, _ro = users
    name, email, phone = "Gudrun «Slette» \\ Mark 🙂", "gudrun@example.no", "+47 987 65 432"
    person = registry.create_person(writer, PersonIn(name=name, email=email, phone=phone))
    registry.update_person(writer, PersonUpdate(id=person.id, title=f"Rådgjevar ({name})"))
    other = registry.create_person(writer, PersonIn(name="Nils Nabo", email="nils@example.no"))

    result = erase_person(writer, person.id)

    assert (result.name_kept, result.frozen_meetings) == (False, [])
    assert result.audit_events_redacted == 2
    with writer.reading() as s:
        events = list(s.scalars(select(AuditEvent).order_by(AuditEvent.id)))
        payloads = " ".join(e.payload for e in events)
        assert not [v for v in (name, email, phone, json.dumps(name)[1:-1]) if v in payloads]
        assert "nils@example.no" in payloads and "Nils Nabo" in payloads
        erased = events[-1]
        assert (erased.action, erased.entity_id, erased.actor) == (
            "person.erased", person.id, "kari",
        )  # fmt: skip
        listed = json.loads(erased.payload)
        assert listed["name_kept"] is False and listed["frozen_meetings"] == []
        assert len(listed["redacted_events"]) == 2
        assert erased.payload == canonical_json(listed)  # canonical, as on SQLite
        assert verify_audit_chain(s).broken_at is None
    assert check_database(writer).clean
    assert registry.get_person(writer, person.id).name == f"Sletta person {person.id}"
    assert registry.get_person(writer, other.id).email == "nils@example.no"
    # The triggers are back on: the log refuses changes again, even for the owner.
    refused = _refusal(ctx, "UPDATE audit_event SET payload = '{}'")
    assert refused is not None and "dvmeet_frozen" in refused


def test_roles_stay_as_granted_when_init_roles_runs_again_and_for_later_objects(
    ctx: Context, users: tuple[Context, Context, str, str], database_url: URL
) -> None:
    writer, reader, rw, ro = users
    assert init_roles(ctx, rw, ro).created == ()
    refused = _refusal(writer, "DELETE FROM audit_event")
    assert refused is not None and "permission denied" in refused
    # A later migration (run by the owner) adds a table, a trigger and a function.
    owner = create_engine(database_url)
    with owner.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE later_table (id serial PRIMARY KEY, v text)")
        conn.exec_driver_sql(
            "CREATE FUNCTION later_trigger() RETURNS trigger LANGUAGE plpgsql AS "
            "$$ BEGIN NEW.v := upper(NEW.v); RETURN NEW; END $$"
        )
        conn.exec_driver_sql(
            "CREATE TRIGGER trg_later BEFORE INSERT ON later_table "
            "FOR EACH ROW EXECUTE FUNCTION later_trigger()"
        )
        conn.exec_driver_sql(
            "CREATE FUNCTION later_writer() RETURNS void LANGUAGE sql SECURITY DEFINER "
            "AS $$ INSERT INTO later_table (v) VALUES ('x') $$"
        )
    owner.dispose()
    assert _refusal(writer, "INSERT INTO later_table (v) VALUES ('a')") is None
    refused = _refusal(
        reader, "SET TRANSACTION READ WRITE; INSERT INTO later_table (v) VALUES ('a')"
    )
    assert refused is not None and "permission denied" in refused
    assert _refusal(reader, "SELECT * FROM later_table") is None
    for login in (reader, writer):
        refused = _refusal(login, "SELECT later_writer()")
        assert refused is not None and "permission denied for function" in refused


def test_secretariat_erasing_a_person_in_approved_minutes_keeps_the_name(
    ctx: Context, users: tuple[Context, Context, str, str]
) -> None:
    writer, _reader, _rw, _ro = users
    fill_demo(ctx, years=1)
    with ctx.reading() as s:
        voter, frozen = s.execute(
            text(
                "SELECT b.person_id, b.meeting_id FROM ballot b JOIN meeting m "
                "ON m.id = b.meeting_id WHERE m.frozen ORDER BY b.id LIMIT 1"
            )
        ).one()
        expected = sorted(
            s.execute(
                text(
                    "SELECT DISTINCT m.id FROM meeting m WHERE m.frozen AND m.id IN ("
                    "SELECT meeting_id FROM ballot WHERE person_id = :p UNION "
                    "SELECT meeting_id FROM attendance_event WHERE person_id = :p)"
                ),
                {"p": voter},
            ).scalars()
        )
        python_side = _frozen_meetings(s, voter)  # what SQLite's erasure finds
    person = registry.get_person(ctx, voter)
    registry.update_person(
        writer,
        PersonUpdate(
            id=voter, email="kept@example.no", phone="+47 12 34 56 78",
            expected_version=person.version,
        ),
    )  # fmt: skip

    result = erase_person(writer, voter)

    assert result.name_kept and frozen in result.frozen_meetings
    assert set(expected) <= set(result.frozen_meetings)
    assert result.frozen_meetings == python_side
    assert result.audit_events_redacted >= 1
    after = registry.get_person(writer, voter)
    assert (after.name, after.email, after.phone) == (person.name, None, None)
    with writer.reading() as s:
        payloads = " ".join(s.scalars(select(AuditEvent.payload)))
        assert "kept@example.no" not in payloads and "+47 12 34 56 78" not in payloads
        assert person.name in payloads  # kept with the approved minutes
    assert check_database(writer).clean


def test_migration_0010_moves_a_secretariat_of_earlier_versions_to_the_functions(
    ctx: Context, database_url: URL
) -> None:
    """A database whose secretariat was set up before 0010 (INSERT on every table, the
    log included): the upgrade takes every write on the log away and grants the writer
    functions instead; the downgrade gives the insert back for the code of then."""
    if not is_postgres():
        pytest.skip("PostgreSQL only")
    ctx.close()
    tag = uuid.uuid4().hex[:8]
    rw = f"sekr_old_{tag}"
    db = connect(database_url)
    admin = create_engine(database_url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        downgrade(db, "0009")
        with db.engine.begin() as conn:
            conn.exec_driver_sql(f"CREATE ROLE {rw} NOLOGIN")
            conn.exec_driver_sql(
                f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {rw}"
            )
            conn.exec_driver_sql(
                f"GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO {rw}"
            )

        def rights() -> tuple[bool, ...]:
            with db.engine.connect() as conn:
                return tuple(
                    conn.execute(
                        text(
                            "SELECT has_table_privilege(:r, 'audit_event', 'INSERT'), "
                            "has_table_privilege(:r, 'audit_event', 'UPDATE'), "
                            "has_table_privilege(:r, 'audit_event', 'DELETE'), "
                            "has_sequence_privilege(:r, pg_get_serial_sequence('audit_event', "
                            "'id'), 'USAGE'), has_table_privilege(:r, 'person', 'INSERT'), "
                            "EXISTS (SELECT 1 FROM pg_proc WHERE proname = 'dvmeet_append_audit' "
                            "AND has_function_privilege(:r, oid, 'EXECUTE')), "
                            "EXISTS (SELECT 1 FROM pg_proc WHERE proname = "
                            "'dvmeet_erase_person_audit' "
                            "AND has_function_privilege(:r, oid, 'EXECUTE'))"
                        ),
                        {"r": rw},
                    ).one()
                )

        assert rights() == (True, True, True, True, True, False, False)
        upgrade(db)
        assert rights() == (False, False, False, False, True, True, True)
        downgrade(db, "0009")
        assert rights()[0] and rights()[3] and not rights()[5]
        upgrade(db)
    finally:
        db.dispose()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{database_url.database}" WITH (FORCE)'))
            conn.exec_driver_sql(f"DROP ROLE IF EXISTS {rw}")
        admin.dispose()
