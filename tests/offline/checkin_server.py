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
from typing import Any

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


def child(command: dict[str, Any]) -> None:
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


def laptop(command: dict[str, Any]) -> None:
    """The chair's laptop: framlegg after framlegg in the meeting file, each acknowledged
    (`P <id> <text>`) once add_proposal has returned, until killed."""
    from dvmeet.domain.enums import ProposalKind
    from dvmeet.services import voting
    from dvmeet.services.voting.models import ProposalIn

    ctx = Context(open_database(command["file"]), actor="møteleiar")
    say("open")
    for i in range(int(command["count"])):
        text = f"{command['tag']}-{i}"
        out = voting.add_proposal(
            ctx,
            ProposalIn(case_id=int(command["case"]), kind=ProposalKind.ALTERNATIVE, text=text),
        )
        say(f"P {out.id} {text}")
    ctx.close()
    say("done 0")


def main() -> None:
    for line in sys.stdin:
        command = json.loads(line)
        pid = os.fork()
        if pid == 0:
            try:
                if command.get("mode") == "laptop":
                    laptop(command)
                else:
                    child(command)
            except BaseException as exc:
                say(f"X {type(exc).__name__} {exc} {traceback.format_exc()}")
            finally:
                os._exit(0)
        say(f"child {pid}")
        _, status = os.waitpid(pid, 0)
        say(f"exit {pid} {status}")


if __name__ == "__main__":
    main()
