"""The database as a whole: create, demo data, backups, checks, roles, erasure.

The door: the functions a front end may call (context in, pydantic out) and their
models. Session and ORM helpers stay in the private modules of this package."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dvmeet.services._door import open_door

if TYPE_CHECKING:
    from dvmeet.services.maintenance._backups import (
        BackupInfo,
        BackupOut,
        CheckReport,
        DamagedOut,
        RestoreOut,
        backup_now,
        backups,
        check_database,
        check_file,
        database_exists,
        newest_backup,
        restore_database,
    )
    from dvmeet.services.maintenance._demo import DemoSummary, fill_demo
    from dvmeet.services.maintenance._integrity import IntegrityOut, integrity_check
    from dvmeet.services.maintenance._privacy import ErasureOut, erase_person
    from dvmeet.services.maintenance._roles import RolesOut, init_roles
    from dvmeet.services.maintenance._setup import (
        create_database,
        database_file_exists,
        database_location,
        demo_database_path,
        open_demo,
    )
    from dvmeet.services.maintenance._verify import VerifyOut, verify_pdf

__all__ = [
    "BackupInfo",
    "BackupOut",
    "CheckReport",
    "DamagedOut",
    "DemoSummary",
    "ErasureOut",
    "IntegrityOut",
    "RestoreOut",
    "RolesOut",
    "VerifyOut",
    "backup_now",
    "backups",
    "check_database",
    "check_file",
    "create_database",
    "database_exists",
    "database_file_exists",
    "database_location",
    "demo_database_path",
    "erase_person",
    "fill_demo",
    "init_roles",
    "integrity_check",
    "newest_backup",
    "open_demo",
    "restore_database",
    "verify_pdf",
]
__getattr__ = open_door(__name__, __all__)
