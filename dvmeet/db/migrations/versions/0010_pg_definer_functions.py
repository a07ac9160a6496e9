"""PostgreSQL: the audit log is written by the server, through SECURITY DEFINER functions.

Before this revision the secretariat role had INSERT on `audit_event`: its login could
append events with any time, link and hash it liked, and a GDPR erasure needed the table
owner (it lifts the update trigger to redact payloads). Now:

- `dvmeet_append_audit(actor, action, entity, entity_id, payload)` takes the chain's
  advisory lock, reads the head, takes the time in the server (UTC, whole seconds),
  computes the SHA-256 in the server from exactly the material of
  `dvmeet.db.audit.event_hash` (the canonical JSON array of previous hash, time, actor,
  action, entity, entity id and payload), inserts the event and returns its id and hash.
  The action `person.erased` is not accepted here: only the erasure writes it.
- `dvmeet_erase_person_audit(actor, person_id)` redacts the person's values (e-mail,
  phone, and the name unless the person is in approved minutes) from every audit payload
  and appends the `person.erased` event listing the SHA-256 of every redacted payload, so
  the chain still verifies and the redaction is on record. The values are read by the
  server from the person row: the caller names a person, never the text to remove.

Both run as the owner with a fixed search_path; EXECUTE is revoked from PUBLIC. Roles
that had INSERT on `audit_event` (the secretariat of `dvmeet db init-roles`) get EXECUTE on
both functions instead and lose every write on the table and its sequence. SQLite: no-op
(a SQLite file has no users; `dvmeet check` proves its chain instead).

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06 16:20:00
"""

from __future__ import annotations

from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

GENESIS = "0" * 64
REDACTED = "[sletta]"
APPEND = "dvmeet_append_audit(text, text, text, integer, text)"
ERASE = "dvmeet_erase_person_audit(text, integer)"
INSERT = "dvmeet_audit_insert(text, text, text, integer, text)"


def _functions(schema: str) -> list[str]:
    path = f"SET search_path = pg_catalog, {schema}, pg_temp"
    return [
        # The one place that writes a row of the chain (run as the owner, from the two
        # functions below; nobody else may execute it).
        f"""
        CREATE FUNCTION dvmeet_audit_insert(
            p_actor text, p_action text, p_entity text, p_entity_id integer, p_payload text
        ) RETURNS TABLE (event_id integer, event_hash text)
        LANGUAGE plpgsql {path}
        AS $$
        DECLARE
            v_prev text;
            v_at timestamp;
            v_material text;
            v_hash text;
            v_id integer;
        BEGIN
            IF p_actor IS NULL OR p_action IS NULL OR p_entity IS NULL OR p_payload IS NULL
               OR btrim(p_actor) = '' OR btrim(p_action) = '' OR btrim(p_entity) = '' THEN
                RAISE EXCEPTION 'dvmeet_audit: aktør, handling, eining og innhald må fyllast ut';
            END IF;
            BEGIN
                PERFORM p_payload::json;
            EXCEPTION WHEN invalid_text_representation THEN
                RAISE EXCEPTION 'dvmeet_audit: innhaldet er ikkje JSON';
            END;
            -- Serialise writers of the chain: two transactions never extend one head.
            PERFORM pg_advisory_xact_lock(7214001);
            SELECT a.hash INTO v_prev FROM audit_event a ORDER BY a.id DESC LIMIT 1;
            v_prev := coalesce(v_prev, '{GENESIS}');
            v_at := date_trunc('second', clock_timestamp() AT TIME ZONE 'UTC');
            -- dvmeet.db.audit.event_hash: json.dumps([...], ensure_ascii=False,
            -- separators=(",", ":")); to_json escapes a string exactly as Python does.
            v_material := '[' || to_json(v_prev)::text
                || ',' || to_json(to_char(v_at, 'YYYY-MM-DD"T"HH24:MI:SS'))::text
                || ',' || to_json(p_actor)::text
                || ',' || to_json(p_action)::text
                || ',' || to_json(p_entity)::text
                || ',' || coalesce(p_entity_id::text, 'null')
                || ',' || to_json(p_payload)::text || ']';
            v_hash := encode(sha256(convert_to(v_material, 'UTF8')), 'hex');
            INSERT INTO audit_event (at, actor, action, entity, entity_id, payload,
                                     prev_hash, hash)
            VALUES (v_at, p_actor, p_action, p_entity, p_entity_id, p_payload, v_prev, v_hash)
            RETURNING id INTO v_id;
            event_id := v_id;
            event_hash := v_hash;
            RETURN NEXT;
        END;
        $$
        """,
        f"""
        CREATE FUNCTION dvmeet_append_audit(
            p_actor text, p_action text, p_entity text, p_entity_id integer, p_payload text
        ) RETURNS TABLE (event_id integer, event_hash text)
        LANGUAGE plpgsql SECURITY DEFINER {path}
        AS $$
        BEGIN
            IF p_action = 'person.erased' THEN
                RAISE EXCEPTION 'dvmeet_audit: sletting av ein person blir berre ført '
                    'av dvmeet_erase_person_audit';
            END IF;
            RETURN QUERY SELECT * FROM dvmeet_audit_insert(
                p_actor, p_action, p_entity, p_entity_id, p_payload);
        END;
        $$
        """,
        f"""
        CREATE FUNCTION dvmeet_erase_person_audit(p_actor text, p_person_id integer)
        RETURNS TABLE (event_id integer, event_hash text, name_kept boolean,
                       frozen_meetings integer[], redacted integer)
        LANGUAGE plpgsql SECURITY DEFINER {path}
        AS $$
        DECLARE
            v_name text;
            v_email text;
            v_phone text;
            v_frozen integer[] := '{{}}';
            v_found integer[];
            v_needles text[];
            v_forms text[] := '{{}}';
            v_needle text;
            v_escaped text;
            v_ids integer[] := '{{}}';
            v_changed integer[];
            v_triggers text[];
            v_trigger text;
            v_digests text;
            v_payload text;
            r record;
        BEGIN
            SELECT p.name, p.email, p.phone INTO v_name, v_email, v_phone
            FROM person p WHERE p.id = p_person_id FOR UPDATE;
            IF NOT FOUND THEN
                RAISE EXCEPTION 'dvmeet_erase: det finst ingen person med id %', p_person_id;
            END IF;
            -- Approved meetings whose records refer to the person: every column pointing
            -- at person.id in a table of meeting records (as _privacy._frozen_meetings).
            FOR r IN
                SELECT c.conrelid::regclass AS tbl, a.attname AS col
                FROM pg_constraint c
                JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
                WHERE c.contype = 'f' AND c.confrelid = 'person'::regclass
                  AND cardinality(c.conkey) = 1
                  AND EXISTS (SELECT 1 FROM pg_attribute m WHERE m.attrelid = c.conrelid
                              AND m.attname = 'meeting_id' AND NOT m.attisdropped)
            LOOP
                EXECUTE format(
                    'SELECT array_agg(DISTINCT t.meeting_id) FROM %s t '
                    'JOIN meeting m ON m.id = t.meeting_id WHERE m.frozen AND t.%I = $1',
                    r.tbl, r.col) INTO v_found USING p_person_id;
                v_frozen := v_frozen || coalesce(v_found, '{{}}');
            END LOOP;
            SELECT coalesce(array_agg(DISTINCT x ORDER BY x), '{{}}') INTO v_frozen
            FROM unnest(v_frozen) AS x;
            -- The values to remove, longest first, each also as it stands inside JSON.
            SELECT coalesce(array_agg(n ORDER BY length(n) DESC, n), '{{}}') INTO v_needles
            FROM (SELECT DISTINCT n FROM unnest(ARRAY[
                    v_email, v_phone,
                    CASE WHEN cardinality(v_frozen) = 0 THEN v_name END]) AS n
                  WHERE n IS NOT NULL AND n ~ '\\S') AS s;
            FOREACH v_needle IN ARRAY v_needles LOOP
                v_forms := v_forms || v_needle;
                v_escaped := to_json(v_needle)::text;
                v_escaped := substr(v_escaped, 2, length(v_escaped) - 2);
                IF v_escaped <> v_needle THEN
                    v_forms := v_forms || v_escaped;
                END IF;
            END LOOP;
            IF EXISTS (SELECT 1 FROM audit_event a, unnest(v_forms) AS f
                       WHERE strpos(a.payload, f) > 0) THEN
                -- The update trigger refuses every change of the log; this redaction is
                -- the one exception, and it is chained below.
                SELECT array_agg(t.tgname::text) INTO v_triggers FROM pg_trigger t
                WHERE t.tgrelid = 'audit_event'::regclass AND NOT t.tgisinternal
                  AND t.tgenabled <> 'D';
                FOREACH v_trigger IN ARRAY coalesce(v_triggers, '{{}}') LOOP
                    EXECUTE format('ALTER TABLE audit_event DISABLE TRIGGER %I', v_trigger);
                END LOOP;
                FOREACH v_needle IN ARRAY v_forms LOOP
                    WITH changed AS (
                        UPDATE audit_event a SET payload = replace(a.payload, v_needle,
                                                                   '{REDACTED}')
                        WHERE strpos(a.payload, v_needle) > 0 RETURNING a.id
                    ) SELECT array_agg(id) INTO v_changed FROM changed;
                    v_ids := v_ids || coalesce(v_changed, '{{}}');
                END LOOP;
                FOREACH v_trigger IN ARRAY coalesce(v_triggers, '{{}}') LOOP
                    EXECUTE format('ALTER TABLE audit_event ENABLE TRIGGER %I', v_trigger);
                END LOOP;
            END IF;
            -- {{"frozen_meetings":[...],"name_kept":...,"redacted_events":{{id: sha256}}}}
            -- as canonical JSON (keys sorted as Python's json.dumps(sort_keys=True) does).
            SELECT coalesce(string_agg(
                       to_json(a.id::text)::text || ':'
                       || to_json(encode(sha256(convert_to(a.payload, 'UTF8')), 'hex'))::text,
                       ',' ORDER BY a.id::text COLLATE "C"), '')
            INTO v_digests
            FROM audit_event a WHERE a.id = ANY (v_ids);
            v_payload := '{{"frozen_meetings":[' || array_to_string(v_frozen, ',')
                || '],"name_kept":'
                || CASE WHEN cardinality(v_frozen) > 0 THEN 'true' ELSE 'false' END
                || ',"redacted_events":{{' || v_digests || '}}}}';
            SELECT i.event_id, i.event_hash INTO event_id, event_hash
            FROM dvmeet_audit_insert(p_actor, 'person.erased', 'person', p_person_id,
                                     v_payload) AS i;
            name_kept := cardinality(v_frozen) > 0;
            frozen_meetings := v_frozen;
            SELECT count(DISTINCT x)::integer INTO redacted FROM unnest(v_ids) AS x;
            RETURN NEXT;
        END;
        $$
        """,
    ]


def _audit_writers() -> list[str]:
    """Roles (not the owner) granted a direct write on audit_event."""
    rows = op.get_bind().exec_driver_sql(
        "SELECT DISTINCT pg_get_userbyid(a.grantee) FROM pg_class c, aclexplode(c.relacl) a "
        "WHERE c.oid = 'audit_event'::regclass AND a.grantee <> 0 "
        "AND a.grantee <> c.relowner AND a.privilege_type IN ('INSERT', 'UPDATE', 'DELETE')"
    )
    return sorted(str(r[0]) for r in rows)


def _function_users() -> list[str]:
    """Roles (not the owner) granted EXECUTE on the writer function."""
    rows = op.get_bind().exec_driver_sql(
        "SELECT DISTINCT pg_get_userbyid(a.grantee) FROM pg_proc p, aclexplode(p.proacl) a "
        f"WHERE p.oid = '{APPEND}'::regprocedure AND a.grantee <> 0 "
        "AND a.grantee <> p.proowner AND a.privilege_type = 'EXECUTE'"
    )
    return sorted(str(r[0]) for r in rows)


def _pg_upgrade() -> None:
    bind = op.get_bind()
    schema = bind.exec_driver_sql("SELECT current_schema()").scalar_one()
    for statement in _functions(f'"{schema}"'):
        op.execute(statement)
    for function in (INSERT, APPEND, ERASE):
        op.execute(f"REVOKE ALL ON FUNCTION {function} FROM PUBLIC")
    sequence = bind.exec_driver_sql(
        "SELECT pg_get_serial_sequence('audit_event', 'id')"
    ).scalar_one()
    for role in _audit_writers():
        op.execute(f'GRANT EXECUTE ON FUNCTION {APPEND}, {ERASE} TO "{role}"')
        op.execute(f'REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON audit_event FROM "{role}"')
        if sequence:
            op.execute(f'REVOKE USAGE, UPDATE ON SEQUENCE {sequence} FROM "{role}"')
    op.execute("REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON audit_event FROM PUBLIC")


def _pg_downgrade() -> None:
    bind = op.get_bind()
    sequence = bind.exec_driver_sql(
        "SELECT pg_get_serial_sequence('audit_event', 'id')"
    ).scalar_one()
    # The code of the earlier revision inserts events itself: whoever could call the
    # writer function gets the insert back.
    for role in _function_users():
        op.execute(f'GRANT INSERT ON audit_event TO "{role}"')
        if sequence:
            op.execute(f'GRANT USAGE, SELECT, UPDATE ON SEQUENCE {sequence} TO "{role}"')
    for function in (ERASE, APPEND, INSERT):
        op.execute(f"DROP FUNCTION IF EXISTS {function}")


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _pg_upgrade()


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _pg_downgrade()
