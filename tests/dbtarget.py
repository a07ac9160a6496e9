"""Which database the tests run against: SQLite by default, PostgreSQL when
DVMEET_TEST_DATABASE_URL is set (a role that may CREATE DATABASE)."""

from __future__ import annotations

import os

PG_URL = os.environ.get("DVMEET_TEST_DATABASE_URL")


def is_postgres() -> bool:
    return bool(PG_URL)
