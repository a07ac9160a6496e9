"""Damage one index page of a SQLite file so that the quick check passes and the full check
does not: one index entry is made to point at another row (the rowid at the end of the
entry changed), as a torn or misdirected write of that page would."""

from __future__ import annotations

import sqlite3
import struct
from pathlib import Path

LEAF_INDEX_PAGE = 0x0A


def _varint(data: bytes | bytearray, at: int) -> tuple[int, int]:
    value = 0
    for k in range(9):
        byte = data[at + k]
        if k == 8:
            return (value << 8) | byte, at + 9
        value = (value << 7) | (byte & 0x7F)
        if byte < 0x80:
            return value, at + k + 1
    raise AssertionError("unreachable")


def damage_an_index_page(path: Path) -> str:
    """Change the rowid in the second entry of the first index whose root page is a leaf
    with at least two entries; returns the index's name. The file must have no -wal."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page_size = int(conn.execute("PRAGMA page_size").fetchone()[0])
        indexes = conn.execute(
            "SELECT name, rootpage FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
            "ORDER BY name"
        ).fetchall()
    finally:
        conn.close()
    data = bytearray(path.read_bytes())
    for name, root in indexes:
        page = (root - 1) * page_size
        cells = struct.unpack(">H", data[page + 3 : page + 5])[0]
        if data[page] != LEAF_INDEX_PAGE or cells < 2:
            continue
        cell = page + struct.unpack(">H", data[page + 10 : page + 12])[0]
        size, payload = _varint(data, cell)
        data[payload + size - 1] ^= 0x01  # the low byte of the entry's rowid
        path.write_bytes(bytes(data))
        return str(name)
    raise AssertionError("no index with a leaf root page of two entries")
