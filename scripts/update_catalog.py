"""Extract `_()` strings from ui/ and dvmeet/ and merge them into the bokmål catalog.

Usage: uv run python scripts/update_catalog.py

Collects the first string-literal argument of every call to `_` (also `_("...").format(...)`),
then merges into resources/locale/nb/LC_MESSAGES/dvmeet.po: existing translations are kept,
messages are sorted and carry their source locations. Messages no longer in the source are dropped.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
SOURCE_DIRS = ("ui", "dvmeet")
LANGUAGE = "nb"
CATALOG = ROOT / "resources" / "locale" / LANGUAGE / "LC_MESSAGES" / "dvmeet.po"


def extract_file(path: Path) -> list[tuple[str, int]]:
    """(message, line) for every `_("literal", ...)` call in one file."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
            continue
        if node.func.id != "_" or not node.args:
            continue
        first = node.args[0]
        if isinstance(first, ast.Constant) and isinstance(first.value, str) and first.value:
            found.append((first.value, node.lineno))
    return found


def extract() -> dict[str, list[tuple[str, int]]]:
    """Message id -> sorted source locations (paths relative to the repo root)."""
    messages: dict[str, list[tuple[str, int]]] = {}
    for directory in SOURCE_DIRS:
        for path in sorted((ROOT / directory).rglob("*.py")):
            rel = path.relative_to(ROOT).as_posix()
            for text, line in extract_file(path):
                messages.setdefault(text, []).append((rel, line))
    return messages


def load_existing() -> dict[str, tuple[str, frozenset[str]]]:
    if not CATALOG.exists():
        return {}
    with CATALOG.open("rb") as fh:
        old = read_po(fh, locale=LANGUAGE)
    return {
        m.id: (str(m.string or ""), frozenset(m.flags))
        for m in old
        if m.id and isinstance(m.id, str)
    }


def main() -> int:
    messages = extract()
    existing = load_existing()
    catalog = Catalog(
        locale=LANGUAGE,
        project="dvmeet",
        language_team="Bokmål",
        charset="utf-8",
        fuzzy=False,
    )
    for msgid in sorted(messages):
        string, flags = existing.get(msgid, ("", frozenset()))
        catalog.add(
            msgid,
            string,
            locations=sorted(messages[msgid]),
            flags=flags - {"fuzzy"} if string else flags,
        )
    CATALOG.parent.mkdir(parents=True, exist_ok=True)
    with CATALOG.open("wb") as fh:
        write_po(fh, catalog, width=100, sort_output=True, include_previous=False)
    translated = sum(1 for m in catalog if m.id and m.string)
    dropped = len(set(existing) - set(messages))
    print(f"{len(messages)} strings extracted, {translated} translated, {dropped} dropped")
    print(f"-> {CATALOG.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
