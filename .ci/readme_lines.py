"""The commands of one README block, as a newcomer would type them.

A block is marked in README.md by `<!-- newcomer: NAME ... -->` and `<!-- /newcomer -->`
around an indented code block; .ci/newcomer runs the blocks `setup-debian`, `run` and
`test` in a fresh clone, so the README and that test cannot drift apart.

    python3 .ci/readme_lines.py README.md setup-debian
"""

from __future__ import annotations

import re
import sys
import textwrap
from pathlib import Path

BLOCKS = ("setup-debian", "run", "test")


def block(text: str, name: str) -> list[str]:
    """The code lines of block `name` (dedented; blank lines dropped). Raises ValueError
    when the block is missing, found twice, or holds anything but an indented code
    block."""
    starts = [
        m
        for m in re.finditer(r"^[ \t]*<!-- newcomer: ([\w-]+)[^>]*-->[ \t]*$", text, re.M)
        if m.group(1) == name
    ]
    if len(starts) != 1:
        raise ValueError(f"README: {len(starts)} blocks named {name!r} (want one)")
    end = text.find("<!-- /newcomer -->", starts[0].end())
    if end < 0:
        raise ValueError(f"README: block {name!r} has no <!-- /newcomer -->")
    body = text[starts[0].end() : end].rstrip(" \t")
    lines = [line for line in body.splitlines() if line.strip()]
    if not lines:
        raise ValueError(f"README: block {name!r} is empty")
    indent = len(starts[0].group(0)) - len(starts[0].group(0).lstrip())
    for line in lines:
        if len(line) - len(line.lstrip()) < indent + 4:
            raise ValueError(f"README: block {name!r} holds a line that is not code: {line!r}")
    return textwrap.dedent("\n".join(lines)).splitlines()


def main(argv: list[str]) -> int:
    path, name = argv
    print("\n".join(block(Path(path).read_text(encoding="utf-8"), name)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
