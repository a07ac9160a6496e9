"""The design inside the repository stays true: docs/rules.md lists every rule ID the code
cites, the files the docs name exist, and the README points to both documents."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
# A rule ID as the code cites it: "Q-1", "AR-3"; not the "A-2" of "PDF/A-2".
RULE_ID = re.compile(r"(?<![\w/])[A-Z]{1,2}-[0-9]+\b")
# A path in backquotes: has a slash, no placeholder, no spaces.
PATH = re.compile(r"`([\w./-]+/[\w./-]*)`")


def cited_rule_ids() -> dict[str, list[str]]:
    cited: dict[str, list[str]] = {}
    for path in sorted((ROOT / "dvmeet").rglob("*.py")):
        for rule in set(RULE_ID.findall(path.read_text(encoding="utf-8"))):
            cited.setdefault(rule, []).append(str(path.relative_to(ROOT)))
    return cited


def catalogue() -> set[str]:
    return set(re.findall(r"^- \*\*([A-Z]{1,2}-[0-9]+)\*\*", read("rules.md"), re.M))


def read(name: str) -> str:
    return (DOCS / name).read_text(encoding="utf-8")


def test_every_rule_the_code_cites_is_in_the_catalogue() -> None:
    missing = {rule: where for rule, where in cited_rule_ids().items() if rule not in catalogue()}
    assert missing == {}


def test_the_catalogue_holds_the_rules_of_each_group() -> None:
    rules = catalogue()
    for group, last in {
        "R": 5,
        "M": 8,
        "C": 1,
        "O": 2,
        "A": 1,
        "H": 3,
        "Q": 8,
        "B": 4,
        "AR": 3,
    }.items():
        assert {f"{group}-{n}" for n in range(1, last + 1)} <= rules, group


def test_the_files_the_docs_name_exist() -> None:
    missing = []
    for name in ("architecture.md", "rules.md"):
        for written in PATH.findall(read(name)):
            if not any((base / written).exists() for base in (ROOT, ROOT / "dvmeet", ROOT / "ui")):
                missing.append(f"{name}: {written}")
    assert missing == []


def test_the_readme_points_to_the_docs_not_outside_the_repository() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "docs/architecture.md" in readme and "docs/rules.md" in readme
    assert "../shared" not in readme


def test_the_checks_see_a_missing_rule_and_a_path(tmp_path: Path) -> None:
    text = "PDF/A-2 is no rule; Q-9 is (H-1 too).\nsee `dvmeet/domain/quorum.py` and `x`"
    assert sorted(RULE_ID.findall(text)) == ["H-1", "Q-9"]
    assert PATH.findall(text) == ["dvmeet/domain/quorum.py"]
