"""A fork server for the checkin kill test: imports dvmeet once, then forks one checkin per
command, so a run starts in milliseconds and is killed somewhere inside the checkin.

    python checkin_server.py

Reads one JSON command per line: {"target": main database path or URL, "file": the meeting
file}. For each it forks a child, prints `child <pid>`, waits for it and prints
`exit <pid> <status>`. The child opens the main database like the app does, checks the
file in and writes `done <seconds>` (or `E <message>` for a refusal, `X ...` for a bug)."""

from __future__ import annotations

import json
import os
import sys
import time
import traceback
from pathlib import Path

import dvmeet.db.migrate  # noqa: F401  (warm: alembic)
from dvmeet.db.storage import open_database
from dvmeet.errors import DvmeetError
from dvmeet.services import offline
from dvmeet.services.context import Context
from dvmeet.services.offline.models import CheckinIn

# warm the door and the private modules before forking
offline.checkin_meeting  # noqa: B018
offline.preview_checkin  # noqa: B018


def say(line: str) -> None:
    os.write(1, (line.replace("\n", " ")[:500] + "\n").encode("utf-8"))


def child(command: dict[str, str]) -> None:
    start = time.perf_counter()
    try:
        ctx = Context(open_database(command["target"]), actor="kill-test")
        try:
            offline.checkin_meeting(ctx, CheckinIn(file=Path(command["file"])))
        finally:
            ctx.close()
        say(f"done {time.perf_counter() - start:.4f}")
    except DvmeetError as exc:
        say(f"E {type(exc).__name__} {exc.message}")
    except BaseException as exc:
        say(f"X {type(exc).__name__} {exc} {traceback.format_exc()}")


def main() -> None:
    for line in sys.stdin:
        command = json.loads(line)
        pid = os.fork()
        if pid == 0:
            try:
                child(command)
            finally:
                os._exit(0)
        say(f"child {pid}")
        _, status = os.waitpid(pid, 0)
        say(f"exit {pid} {status}")


if __name__ == "__main__":
    main()
