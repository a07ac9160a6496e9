"""An insider with raw SQL against approved (frozen) minutes (B-3): on SQLite the sqlite3
module straight on the file, as the sqlite3 command line would; on PostgreSQL a plain
connection. Every move is tried in its own transaction and must be refused by the
database itself; a move that goes through is a miss, and the suite fails.

Moves: change, delete, copy a row of the approved meeting; copy it under another
meeting's id (its parents still belong to the approved meeting); move it out to another
meeting; move another meeting's row into it; INSERT OR REPLACE / ON CONFLICT DO UPDATE
over it; unfreeze or replace the meeting; rewrite, delete or replace audit events; change
or delete a correction, or decide one in an approved meeting's case.
"""

from __future__ import annotations

from tamper_kit import Approved, Raw, Tally, freeze_moves


def refused_by_freeze(message: str) -> bool:
    return "dvmeet_frozen" in message


def test_every_insider_move_on_approved_minutes_is_refused(
    approved: Approved, owner: Raw, tally: Tally
) -> None:
    missed: list[str] = []
    other: list[str] = []
    tried = 0
    tables: set[str] = set()
    engine = "sqlite" if owner.sqlite else "postgresql"
    for name, sql, params in freeze_moves(owner, approved.frozen, approved.other):
        tried += 1
        tables.add(name.split(":")[0])
        move = f"{engine} owner: {name}"
        outcome = owner.attempt(sql, params)
        if outcome is None:
            missed.append(move)
            tally.missed.append(move)
        elif refused_by_freeze(outcome):
            tally.refused.append(move)
        else:
            other.append(f"{move}: {outcome.splitlines()[0]}")
    assert tried >= 40
    # this session's tables owned by a meeting: the case papers, the send log, speakers
    assert {"case_paper", "case_attachment", "mail_message", "speaker_entry"} <= tables, tables
    assert missed == []
    assert other == []  # refused, but not by the freeze: the move was not tested
