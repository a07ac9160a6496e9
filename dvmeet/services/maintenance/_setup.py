"""Opening, creating and demo databases for the front ends."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from dvmeet.db.models import Municipality
from dvmeet.paths import user_data_dir
from dvmeet.services.context import Context, open_context


def create_database(target: str | Path) -> Context:
    """A new database with the 43 Vestland municipalities loaded."""
    from dvmeet.services.registry import load_municipalities

    ctx = open_context(target)
    try:
        load_municipalities(ctx)
    except BaseException:
        ctx.close()
        raise
    return ctx


def demo_database_path() -> Path:
    return user_data_dir() / "demo.sqlite"


def open_demo(years: int = 2, target: Path | None = None) -> Context:
    """The demo database, filled the first time it is opened."""
    from dvmeet.services.maintenance._demo import fill_demo

    ctx = open_context(target or demo_database_path())
    try:
        with ctx.reading() as s:
            empty = not s.scalar(select(func.count(Municipality.id)))
        if empty:
            fill_demo(ctx, years=years)
    except BaseException:
        ctx.close()
        raise
    return ctx


def database_file_exists(target: str | Path | None) -> bool:
    from dvmeet.services.maintenance._backups import database_exists

    return database_exists(target)


def database_location(target: str | Path | None) -> str:
    """Where a path, URL or the default points, for showing to the user."""
    from dvmeet.db.database import resolve_url

    url = resolve_url(target)
    if url.get_backend_name() == "sqlite":
        return url.database or ""
    return url.render_as_string(hide_password=True)
