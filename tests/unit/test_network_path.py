"""A database on a network share is refused with a clear message (WAL does not work there)."""

from __future__ import annotations

from pathlib import Path

import pytest

from dvmeet.db.storage import open_database
from dvmeet.errors import StorageError
from dvmeet.paths import filesystem_type, is_network_path


def test_filesystem_type_picks_the_deepest_mount(tmp_path: Path) -> None:
    mounts = tmp_path / "mounts"
    mounts.write_text(
        "/dev/vda / ext4 rw 0 0\n//server/share /mnt/share cifs rw 0 0\n", encoding="utf-8"
    )
    assert filesystem_type(Path("/mnt/share/dvmeet.sqlite"), mounts) == "cifs"
    assert filesystem_type(Path("/home/x/dvmeet.sqlite"), mounts) == "ext4"


def test_unc_path_counts_as_network() -> None:
    assert is_network_path(Path("//server/share/dvmeet.sqlite"))
    assert not is_network_path(Path("/tmp/dvmeet.sqlite"))


def test_open_refuses_a_network_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("dvmeet.db.storage.is_network_path", lambda p: True)
    target = tmp_path / "x.sqlite"
    with pytest.raises(StorageError, match="nettverksdisk"):
        open_database(target)
    assert not target.exists()
