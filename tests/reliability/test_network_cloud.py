"""Item 5: SQLite must not live on a network file system or in a synchronised cloud folder.
Table-driven: Windows, macOS and Linux paths of OneDrive, Dropbox, Google Drive and iCloud,
UNC paths, network file-system types; and local paths that must stay allowed."""

from __future__ import annotations

from pathlib import Path

import pytest
from faults import sqlite_only

from dvmeet.db.storage import open_database
from dvmeet.errors import StorageError
from dvmeet.paths import NETWORK_FILESYSTEMS, cloud_folder, filesystem_type, is_unc_path

pytestmark = pytest.mark.reliability

CLOUD = [
    # Windows
    (r"C:\Users\kari\OneDrive\Dokument\dvmeet.sqlite", "OneDrive"),
    (r"C:\Users\kari\OneDrive - Vestland fylkeskommune\dvmeet.sqlite", "OneDrive"),
    (r"D:\OneDrive - DigiVestland\Møte\dvmeet.sqlite", "OneDrive"),
    (r"C:\Users\kari\Dropbox\dvmeet.sqlite", "Dropbox"),
    (r"C:\Users\kari\Dropbox (Personal)\møte\dvmeet.sqlite", "Dropbox"),
    (r"C:\Users\kari\Dropbox (DigiVestland)\dvmeet.sqlite", "Dropbox"),
    (r"G:\My Drive\dvmeet.sqlite", "Google Drive"),
    (r"G:\Min disk\møte\dvmeet.sqlite", "Google Drive"),
    (r"C:\Users\kari\Google Drive\dvmeet.sqlite", "Google Drive"),
    (r"C:\Users\kari\GoogleDrive\My Drive\dvmeet.sqlite", "Google Drive"),
    (r"C:\Users\kari\iCloudDrive\dvmeet.sqlite", "iCloud"),
    (r"C:\Users\kari\iCloud Drive\dvmeet.sqlite", "iCloud"),
    # macOS
    ("/Users/kari/Library/CloudStorage/OneDrive-Personal/dvmeet.sqlite", "OneDrive"),
    ("/Users/kari/Library/CloudStorage/OneDrive-DigiVestland/Møte/dvmeet.sqlite", "OneDrive"),
    ("/Users/kari/Library/CloudStorage/Dropbox/dvmeet.sqlite", "Dropbox"),
    ("/Users/kari/Library/CloudStorage/Dropbox-DigiVestland/dvmeet.sqlite", "Dropbox"),
    (
        "/Users/kari/Library/CloudStorage/GoogleDrive-kari@example.no/My Drive/x.sqlite",
        "Google Drive",
    ),
    ("/Users/kari/Library/Mobile Documents/com~apple~CloudDocs/dvmeet.sqlite", "iCloud"),
    ("/Users/kari/Library/CloudStorage/Box-Box/dvmeet.sqlite", "Box"),
    ("/Users/kari/Dropbox/dvmeet.sqlite", "Dropbox"),
    ("/Users/kari/OneDrive/dvmeet.sqlite", "OneDrive"),
    ("/Volumes/GoogleDrive/My Drive/dvmeet.sqlite", "Google Drive"),
    # Linux
    ("/home/kari/Dropbox/møte/dvmeet.sqlite", "Dropbox"),
    ("/home/kari/OneDrive/dvmeet.sqlite", "OneDrive"),
    ("/home/kari/Google Drive/dvmeet.sqlite", "Google Drive"),
    ("/run/user/1000/gvfs/google-drive:host=example.no,user=kari/x/dvmeet.sqlite", "Google Drive"),
    ("/home/kari/ONEDRIVE/dvmeet.sqlite", "OneDrive"),
]

LOCAL = [
    r"C:\Users\kari\AppData\Local\DigiVestland\dvmeet\dvmeet.sqlite",
    r"C:\Users\kari\Documents\Drive\dvmeet.sqlite",
    r"D:\Data\My Drive notes\x.sqlite",
    r"\\?\C:\Users\kari\dvmeet.sqlite",
    "/home/kari/.local/share/dvmeet/dvmeet.sqlite",
    "/home/kari/dropbox-export/dvmeet.sqlite",
    "/home/kari/Documents/My Drive/dvmeet.sqlite",
    "/Users/kari/Library/Application Support/dvmeet/dvmeet.sqlite",
    "/Users/kari/Documents/icloud-notes/dvmeet.sqlite",
    "/tmp/dvmeet.sqlite",
]

UNC = [
    (r"\\fileserver\felles\dvmeet.sqlite", True),
    (r"\\fileserver.kommune.no\møte$\dvmeet.sqlite", True),
    (r"\\?\UNC\fileserver\felles\dvmeet.sqlite", True),
    ("//fileserver/felles/dvmeet.sqlite", True),
    (r"\\?\C:\dvmeet.sqlite", False),
    (r"\\.\C:\dvmeet.sqlite", False),
    (r"C:\dvmeet.sqlite", False),
    ("/srv/dvmeet.sqlite", False),
]

FILESYSTEMS = [
    ("nfs4", True),
    ("cifs", True),
    ("smb3", True),
    ("fuse.sshfs", True),
    ("fuse.rclone", True),
    ("fuse.gvfsd-fuse", True),
    ("ceph", True),
    ("ext4", False),
    ("btrfs", False),
    ("xfs", False),
    ("tmpfs", False),
    ("overlay", False),
]


@pytest.mark.parametrize(("path", "service"), CLOUD)
def test_cloud_folders_are_recognised(path: str, service: str) -> None:
    assert cloud_folder(path) == service


@pytest.mark.parametrize("path", LOCAL)
def test_local_folders_are_not_cloud_or_network(path: str) -> None:
    assert cloud_folder(path) is None
    assert not is_unc_path(path)


@pytest.mark.parametrize(("path", "network"), UNC)
def test_unc_paths(path: str, network: bool) -> None:
    assert is_unc_path(path) is network


@pytest.mark.parametrize(("fs", "network"), FILESYSTEMS)
def test_network_file_system_types(tmp_path: Path, fs: str, network: bool) -> None:
    mounts = tmp_path / "mounts"
    mounts.write_text(f"/dev/vda / ext4 rw 0 0\nserver:/x /mnt/x {fs} rw 0 0\n", encoding="utf-8")
    assert filesystem_type(Path("/mnt/x/dvmeet.sqlite"), mounts) == fs
    assert (fs in NETWORK_FILESYSTEMS) is network


def test_table_has_enough_cases() -> None:
    assert len(CLOUD) + len(LOCAL) + len(UNC) + len(FILESYSTEMS) >= 30


@sqlite_only
@pytest.mark.parametrize("folder", ["OneDrive - DigiVestland", "Dropbox", "Google Drive"])
def test_open_refuses_a_cloud_folder_and_points_to_postgresql(tmp_path: Path, folder: str) -> None:
    target = tmp_path / folder / "dvmeet.sqlite"
    with pytest.raises(StorageError) as err:
        open_database(target)
    assert "PostgreSQL" in str(err.value)
    assert "skysynkronisert" in str(err.value)
    assert not target.parent.exists()  # nothing was created
