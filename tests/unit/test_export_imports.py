"""`dvmeet export minutes` as a whole process loads only what the plain path uses (issue 21):
no SQLAlchemy, no babel, no pikepdf for a draft; nor the modules that documents.text,
domain.labels, db.lock and paths used to pull in at import."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from dbtarget import is_postgres

from dvmeet.services.context import open_context
from dvmeet.services.maintenance import fill_demo

pytestmark = pytest.mark.skipif(is_postgres(), reason="the plain path reads SQLite files")

# Loaded by none of the plain export's modules (the reasons they were loaded before).
NOT_LOADED = (
    "sqlalchemy",  # the plain path reads with sqlite3
    "babel",  # documents.text's long date
    "xml.sax.saxutils",  # documents.text's escape: it loads urllib.request, http.client, email
    "urllib.request",
    "email",
    "dvmeet.domain.agreement",  # domain.labels' agreement tables
    "dvmeet.domain.cost_shares",
    "socket",  # db.lock's host name
    "platformdirs",  # paths, when the database and DVMEET_DATA_DIR are given
)

_RUN = (
    "import sys\n"
    "from dvmeet.cli import main\n"
    "code = main(sys.argv[1:])\n"
    "print(' '.join(sorted(sys.modules)))\n"
    "sys.exit(code)\n"
)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("imports") / "demo.sqlite"
    ctx = open_context(path)
    fill_demo(ctx, years=1)
    ctx.close()
    return path


def _export(db: Path, meeting_id: int, out: Path) -> set[str]:
    env = {k: v for k, v in os.environ.items() if k != "DVMEET_MINUTES_FULL"}
    env["DVMEET_DATA_DIR"] = str(out.parent / "data")
    command = ["--database", str(db), "export", "minutes", str(meeting_id), "-o", str(out)]
    done = subprocess.run(
        [sys.executable, "-c", _RUN, *command],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert out.read_bytes().startswith(b"%PDF-")
    return set(done.stdout.splitlines()[-1].split())


def _loaded(modules: set[str], name: str) -> bool:
    return any(m == name or m.startswith(name + ".") for m in modules)


def test_a_drafts_export_loads_neither_sqlalchemy_nor_babel_nor_pikepdf(
    demo: Path, tmp_path: Path
) -> None:
    modules = _export(demo, 7, tmp_path / "draft.pdf")  # the demo's planned meeting
    assert "dvmeet.services.minutes._plain" in modules  # the plain path was taken
    assert [n for n in (*NOT_LOADED, "pikepdf") if _loaded(modules, n)] == []


def test_an_approved_export_loads_pikepdf_to_stamp(demo: Path, tmp_path: Path) -> None:
    """pikepdf stamps the approved møtebok; validating the stored snapshot (pydantic's
    plugin look-up, importlib.metadata) loads email and socket, the rest stays out."""
    modules = _export(demo, 1, tmp_path / "approved.pdf")
    assert _loaded(modules, "pikepdf")
    kept_out = [n for n in NOT_LOADED if n not in ("email", "socket")]
    assert [n for n in kept_out if _loaded(modules, n)] == []


def test_labels_load_the_agreement_tables_when_first_asked() -> None:
    code = (
        "import sys\n"
        "from dvmeet.domain import labels\n"
        "from dvmeet.domain.enums import Role\n"
        "print(labels.nynorsk(Role.LEIAR), 'dvmeet.domain.agreement' in sys.modules)\n"
        "from dvmeet.domain.cost_shares import Bound\n"
        "from dvmeet.domain.agreement import MilestoneState\n"
        "print(labels.nynorsk(Bound.MINIMUM), labels.label(MilestoneState.LATE))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert done.stdout.splitlines() == ["Leiar False", "Minstebeløp Forseinka"]


def test_the_collector_is_paused_for_the_export_and_kept_off_what_it_made(
    demo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No cyclic collection runs while the plain path loads, reads and renders; what it
    made is frozen (out of later passes); the collector runs again afterwards, also after
    a failed export, and stays off when it was off."""
    from dvmeet import cli
    from dvmeet.services import exports

    collections: list[int] = []
    inside: list[bool] = []
    export = exports.export_minutes_plain

    def watched(*args: Any, **kwargs: Any) -> Any:
        inside.append(True)
        try:
            return export(*args, **kwargs)
        finally:
            inside.pop()

    def count(phase: str, info: dict[str, int]) -> None:
        if phase == "start" and inside:
            collections.append(info["generation"])

    monkeypatch.setattr(exports, "export_minutes_plain", watched)
    gc.collect()
    gc.unfreeze()
    gc.callbacks.append(count)
    out = tmp_path / "draft.pdf"
    draft = ["--database", str(demo), "export", "minutes", "7", "-o", str(out)]
    try:
        assert cli.main(draft) == 0
        assert out.read_bytes().startswith(b"%PDF-")
        assert gc.isenabled()
        assert gc.get_freeze_count() > 0
        missing = tmp_path / "missing.pdf"
        assert cli.main(["--database", str(demo), "export", "minutes", "999", "-o", str(missing)])
        assert gc.isenabled()
        gc.disable()
        try:
            assert cli.main(draft) == 0
            assert not gc.isenabled()
        finally:
            gc.enable()
    finally:
        gc.callbacks.remove(count)
        gc.unfreeze()
    assert collections == []
