"""The boundaries of docs/architecture.md, read from the import statements of the source.

Layers point one way: domain <- db <- services -> documents; ui and cli -> services.
- the core (dvmeet/) never imports Qt or ui;
- ui never imports dvmeet.db or dvmeet.documents; the command line never imports dvmeet.db;
- documents are renderers: they never import dvmeet.services or dvmeet.db;
- a service package's private modules (dvmeet.services.<package>._name) are used by that
  package only, and the shared private modules directly under dvmeet/services/ (_records,
  _lookup, ...) by service modules only;
- no import cycle between modules of dvmeet/, and none between service packages.

Every import counts: at module level, inside functions and under TYPE_CHECKING alike, with
relative imports resolved. Each check is also run on a planted violation (tmp_path), so a
checker that sees nothing cannot pass for a clean tree.
"""

from __future__ import annotations

import ast
import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ("dvmeet", "ui")
SERVICES = "dvmeet.services"


@dataclass(frozen=True)
class Import:
    source: str  # the importing module, for example "ui.meetings.view"
    where: str  # path:line, for the message
    target: str  # the imported module (or module.name for `from module import name`)


def imported_modules(path: Path) -> list[tuple[int, str]]:
    """(line, module) for each absolute import in one file, as written."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
    return found


def module_names(root: Path) -> dict[str, Path]:
    """Every module of dvmeet/ and ui/ under `root`, by dotted name (a package by its name)."""
    modules: dict[str, Path] = {}
    for top in SOURCES:
        for path in sorted((root / top).rglob("*.py")):
            parts = path.relative_to(root).with_suffix("").parts
            if parts[-1] == "__init__":
                parts = parts[:-1]
            modules[".".join(parts)] = path
    return modules


@functools.cache  # one parse of the tree serves every check
def imports(root: Path) -> tuple[Import, ...]:
    """Every import of every module, relative ones resolved. `from a import b` gives a, and
    a.b as well when a.b is a module (so `from pkg import _private` is seen)."""
    modules = module_names(root)
    found: list[Import] = []
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        where = f"{path.relative_to(root)}"
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    found.append(Import(name, f"{where}:{node.lineno}", alias.name))
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    parts = package.split(".")
                    parts = parts[: len(parts) - node.level + 1]
                    base = ".".join([*parts, base] if base else parts)
                found.append(Import(name, f"{where}:{node.lineno}", base))
                for alias in node.names:
                    if f"{base}.{alias.name}" in modules:
                        found.append(Import(name, f"{where}:{node.lineno}", f"{base}.{alias.name}"))
    return tuple(found)


def within(module: str, prefix: str) -> bool:
    return module == prefix or module.startswith(prefix + ".")


FORBIDDEN: list[tuple[str, tuple[str, ...]]] = [
    ("dvmeet", ("PySide6", "shiboken6", "ui")),
    ("ui", ("dvmeet.db", "dvmeet.documents")),
    ("dvmeet.cli", ("dvmeet.db",)),
    ("dvmeet.documents", ("dvmeet.services", "dvmeet.db")),
    ("dvmeet.domain", ("dvmeet.db", "dvmeet.services", "dvmeet.documents")),
    ("dvmeet.db", ("dvmeet.services", "dvmeet.documents")),
]


def layer_offences(
    found: Iterable[Import], rules: list[tuple[str, tuple[str, ...]]] = FORBIDDEN
) -> list[str]:
    return [
        f"{i.where} ({i.source}) imports {i.target}"
        for i in found
        for source, targets in rules
        if within(i.source, source) and any(within(i.target, t) for t in targets)
    ]


def rules_for(source: str) -> list[tuple[str, tuple[str, ...]]]:
    return [rule for rule in FORBIDDEN if rule[0] == source]


def private_offences(found: Iterable[Import], root: Path) -> list[str]:
    """Imports of a service package's private module from outside that package, and of a
    shared private service module (dvmeet/services/_x.py) from outside dvmeet.services."""
    services = root / "dvmeet" / "services"
    packages = {p.parent.name for p in services.glob("*/__init__.py")}
    bad = []
    for i in found:
        if not within(i.target, SERVICES):
            continue
        parts = i.target.split(".")[2:]
        if not parts:
            continue
        if parts[0] in packages:
            owner = f"{SERVICES}.{parts[0]}"
            if any(p.startswith("_") for p in parts[1:]) and not within(i.source, owner):
                bad.append(f"{i.where} ({i.source}) imports {i.target}, private to {owner}")
        elif parts[0].startswith("_") and not within(i.source, SERVICES):
            bad.append(f"{i.where} ({i.source}) imports {i.target}, private to the services")
    return bad


def graph(found: Iterable[Import], root: Path, prefix: str = "dvmeet") -> dict[str, set[str]]:
    """Module -> the modules it imports, both within `prefix`."""
    modules = {m for m in module_names(root) if within(m, prefix)}
    edges: dict[str, set[str]] = {m: set() for m in modules}
    for i in found:
        if i.source in modules and i.target in modules and i.target != i.source:
            edges[i.source].add(i.target)
    return edges


def cycles(edges: Mapping[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one node (Tarjan, without recursion)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for start in sorted(edges):
        if start in index:
            continue
        work = [(start, iter(sorted(edges[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def package_graph(edges: Mapping[str, set[str]], root: Path) -> dict[str, set[str]]:
    """The module graph with each service package (its door and private modules) as one
    node. A package's models module stays a node of its own: it holds data only, and the
    private modules of two packages may use each other's models."""
    services = root / "dvmeet" / "services"
    packages = {p.parent.name for p in services.glob("*/__init__.py")}

    def node(module: str) -> str:
        parts = module.split(".")
        in_package = within(module, SERVICES) and len(parts) > 2 and parts[2] in packages
        if in_package and parts[3:] != ["models"]:
            return ".".join(parts[:3])
        return module

    collapsed: dict[str, set[str]] = {}
    for source, targets in edges.items():
        collapsed.setdefault(node(source), set())
        for target in targets:
            if node(target) != node(source):
                collapsed[node(source)].add(node(target))
    return collapsed


def package_cycles(edges: Mapping[str, set[str]], root: Path) -> list[list[str]]:
    services = root / "dvmeet" / "services"
    packages = {f"{SERVICES}.{p.parent.name}" for p in services.glob("*/__init__.py")}
    return [c for c in cycles(package_graph(edges, root)) if packages.intersection(c)]


# The tree as it is.


def test_core_never_imports_qt_or_ui() -> None:
    assert layer_offences(imports(ROOT), rules_for("dvmeet")) == []


def test_ui_never_imports_the_storage_layer_or_the_renderers() -> None:
    assert layer_offences(imports(ROOT), rules_for("ui")) == []


def test_the_command_line_never_imports_the_storage_layer() -> None:
    assert layer_offences(imports(ROOT), rules_for("dvmeet.cli")) == []


def test_documents_are_renderers_below_the_services() -> None:
    assert layer_offences(imports(ROOT), rules_for("dvmeet.documents")) == []


def test_domain_and_storage_never_import_upwards() -> None:
    rules = rules_for("dvmeet.domain") + rules_for("dvmeet.db")
    assert layer_offences(imports(ROOT), rules) == []


def test_private_service_modules_stay_private() -> None:
    assert private_offences(imports(ROOT), ROOT) == []


def test_no_import_cycle_in_the_core() -> None:
    assert cycles(graph(imports(ROOT), ROOT)) == []


def test_no_import_cycle_between_service_packages() -> None:
    assert package_cycles(graph(imports(ROOT), ROOT), ROOT) == []


# The checker sees a planted violation of each kind.


def plant(root: Path, files: Mapping[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    for top in SOURCES:  # every folder a package, as in the real tree
        (root / top).mkdir(exist_ok=True)
        for folder in [root / top, *(p for p in (root / top).rglob("*") if p.is_dir())]:
            (folder / "__init__.py").touch()
    return root


def test_the_checker_sees_a_forbidden_import(tmp_path: Path) -> None:
    sample = tmp_path / "x.py"
    sample.write_text("import os\nfrom PySide6.QtWidgets import QWidget\n", encoding="utf-8")
    assert (2, "PySide6.QtWidgets") in imported_modules(sample)


def test_the_checker_sees_each_layer_offence(tmp_path: Path) -> None:
    root = plant(
        tmp_path,
        {
            "dvmeet/db/models.py": "",
            "dvmeet/documents/notice.py": (
                "def build():\n    from dvmeet.services.meetings import get_meeting\n"
            ),
            "dvmeet/documents/ics.py": "from ..db import models\n",
            "dvmeet/cli.py": "def run():\n    from dvmeet.db.lock import acquire_writer_lock\n",
            "dvmeet/errors.py": "from PySide6.QtCore import QObject\n",
            "dvmeet/services/meetings/_planning.py": "",
            "ui/view.py": "from dvmeet.db import models\nimport dvmeet.documents.notice\n",
            "ui/clean.py": "from dvmeet.services import meetings\n",
        },
    )
    offences = layer_offences(imports(root))
    assert sorted(o.split(" (")[0] for o in offences) == [
        "dvmeet/cli.py:2",
        "dvmeet/documents/ics.py:1",  # relative, resolved: dvmeet.db and dvmeet.db.models
        "dvmeet/documents/ics.py:1",
        "dvmeet/documents/notice.py:2",  # inside a function
        "dvmeet/errors.py:1",
        "ui/view.py:1",
        "ui/view.py:1",  # dvmeet.db and dvmeet.db.models
        "ui/view.py:2",
    ]


def test_the_checker_sees_private_modules_used_from_outside(tmp_path: Path) -> None:
    root = plant(
        tmp_path,
        {
            "dvmeet/services/_records.py": "",
            "dvmeet/services/context.py": "from dvmeet.services import _records\n",
            "dvmeet/services/meetings/_planning.py": "STANDING_TITLES = {}\n",
            "dvmeet/services/meetings/models.py": "",
            "dvmeet/services/meetings/_cases.py": "from ._planning import STANDING_TITLES\n",
            "dvmeet/services/minutes/_draft.py": (
                "from dvmeet.services.meetings._planning import STANDING_TITLES\n"
                "from dvmeet.services.meetings.models import X\n"
                "from dvmeet.services._records import meeting_out\n"
            ),
            "ui/panel.py": "from dvmeet.services.meetings import _planning\n",
            "ui/other.py": "from dvmeet.services.meetings import STANDING_TITLES\n",
            "dvmeet/documents/minutes.py": (
                "def f():\n    from dvmeet.services._records import case_out\n"
            ),
            "dvmeet/cli.py": "import dvmeet.services.meetings._planning\n",
        },
    )
    assert sorted(private_offences(imports(root), root)) == [
        "dvmeet/cli.py:1 (dvmeet.cli) imports dvmeet.services.meetings._planning, "
        "private to dvmeet.services.meetings",
        "dvmeet/documents/minutes.py:2 (dvmeet.documents.minutes) imports "
        "dvmeet.services._records, private to the services",
        "dvmeet/services/minutes/_draft.py:1 (dvmeet.services.minutes._draft) imports "
        "dvmeet.services.meetings._planning, private to dvmeet.services.meetings",
        "ui/panel.py:1 (ui.panel) imports dvmeet.services.meetings._planning, "
        "private to dvmeet.services.meetings",
    ]


def test_the_checker_sees_a_module_cycle(tmp_path: Path) -> None:
    root = plant(
        tmp_path,
        {
            "dvmeet/errors.py": "def m():\n    from dvmeet.i18n import _\n",
            "dvmeet/i18n.py": "from dvmeet import resources\n",
            "dvmeet/resources.py": "from .errors import DvmeetError\n",
            "dvmeet/paths.py": "from dvmeet import errors\n",
            "ui/a.py": "import ui.b\n",
            "ui/b.py": "import ui.a\n",  # outside dvmeet: not the core's cycle
        },
    )
    assert cycles(graph(imports(root), root)) == [
        ["dvmeet.errors", "dvmeet.i18n", "dvmeet.resources"]
    ]


def test_the_checker_sees_a_cycle_between_service_packages(tmp_path: Path) -> None:
    root = plant(
        tmp_path,
        {
            "dvmeet/services/meetings/_planning.py": (
                "def f():\n    from dvmeet.services.attendance import voters\n"
            ),
            "dvmeet/services/meetings/models.py": "",
            "dvmeet/services/attendance/_timeline.py": (
                "from dvmeet.services.meetings import get_meeting\n"
            ),
            "dvmeet/services/voting/_votes.py": (
                "from dvmeet.services.meetings.models import MeetingOut\n"
            ),
            "dvmeet/services/meetings/_cases.py": "from dvmeet.services.voting import models\n",
            "dvmeet/services/voting/models.py": "",
        },
    )
    edges = graph(imports(root), root)
    assert cycles(edges) == []  # no module imports itself round about
    assert package_cycles(edges, root) == [
        ["dvmeet.services.attendance", "dvmeet.services.meetings"]
    ]
