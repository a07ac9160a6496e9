"""Alembic environment: always run programmatically with a connection from dvmeet.db."""

from __future__ import annotations

from alembic import context

from dvmeet.db import models  # noqa: F401  (registers the tables)
from dvmeet.db.base import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - only through dvmeet.db.migrate
    raise RuntimeError("dvmeet migrations run through dvmeet.db.migrate, not the alembic CLI")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite cannot ALTER most things: copy-and-move in batch mode
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
