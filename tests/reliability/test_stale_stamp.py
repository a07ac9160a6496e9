"""A database whose schema stamp does not match its content (stamped older than its tables)
is refused with one clear sentence, never SQL, and is left as it was."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from faults import live_file, meeting_file, sqlite_only  # noqa: F401

from dvmeet.db.storage import open_database
from dvmeet.errors import StorageError

pytestmark = [pytest.mark.reliability, sqlite_only]


def schema(path: Path) -> tuple[list[tuple[str, str]], list[str]]:
    conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        master = conn.execute("SELECT name, sql FROM sqlite_master ORDER BY name").fetchall()
        stamp = [r[0] for r in conn.execute("SELECT version_num FROM alembic_version")]
        return master, stamp
    finally:
        conn.close()


@pytest.mark.parametrize("stamp", ["0001", "0003", "0005"])
def test_a_stale_stamp_gets_one_sentence_and_changes_nothing(
    live_file: Path, tmp_path: Path, stamp: str
) -> None:
    conn = sqlite3.connect(live_file)
    conn.execute("UPDATE alembic_version SET version_num = ?", (stamp,))
    conn.commit()
    conn.close()
    before = schema(live_file)
    with pytest.raises(StorageError) as caught:
        open_database(live_file, backup_directory=tmp_path / "backups").dispose()
    message = str(caught.value)
    assert f"versjon {stamp}" in message
    assert "\n" not in message
    assert message.count(". ") == 0 and message.endswith(".")
    for sql_word in ("CREATE", "TABLE", "SQL", "INSERT", "sqlite3"):
        assert sql_word not in message
    assert schema(live_file) == before
