"""The README's newcomer blocks (issue 16): .ci/newcomer runs the Debian/Ubuntu set-up
lines, the start command and the test command exactly as README.md has them, read by
.ci/readme_lines.py from the blocks marked there. These checks keep the markers in place
and the blocks what the README shows."""

from __future__ import annotations

import importlib.util
import subprocess
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _reader() -> ModuleType:
    spec = importlib.util.spec_from_file_location("readme_lines", ROOT / ".ci" / "readme_lines.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_readme_has_every_block_the_newcomer_test_runs() -> None:
    reader = _reader()
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = {name: reader.block(text, name) for name in reader.BLOCKS}
    assert blocks["run"] == ["uv run dvmeet"]
    assert blocks["test"] == ["uv run pytest"]
    setup = "\n".join(blocks["setup-debian"])
    assert setup.startswith("sudo apt install python3 pipx ")
    assert "pipx install uv" in setup and "poppler-utils qpdf" in setup
    # the Qt libraries the offscreen and the desktop start need (field notes)
    for package in ("libegl1", "libxkbcommon-x11-0", "libxcb-cursor0", "fonts-dejavu-core"):
        assert package in setup
    # every block is shown in the README as code, right under its marker
    for name, lines in blocks.items():
        assert all(line.strip() in text for line in lines), name


def test_the_newcomer_script_reads_the_blocks_it_runs() -> None:
    script = (ROOT / ".ci" / "newcomer").read_text(encoding="utf-8")
    reader = _reader()
    for name in reader.BLOCKS:
        assert f"read_block {name})" in script
    assert "UV_CACHE_DIR=" in script and 'HOME="$work/home"' in script
    assert subprocess.run(["bash", "-n", str(ROOT / ".ci" / "newcomer")]).returncode == 0
    run = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert ".ci/newcomer" in run


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("no markers here", "0 blocks"),
        ("<!-- newcomer: run -->\n    uv run dvmeet\n", "no <!-- /newcomer -->"),
        ("<!-- newcomer: run -->\nprose\n<!-- /newcomer -->", "not code"),
        ("<!-- newcomer: run -->\n<!-- /newcomer -->", "is empty"),
        (
            "<!-- newcomer: run -->\n    a\n<!-- /newcomer -->\n"
            "<!-- newcomer: run -->\n    b\n<!-- /newcomer -->",
            "2 blocks",
        ),
    ],
)
def test_a_broken_block_is_said(text: str, words: str) -> None:
    with pytest.raises(ValueError, match=words):
        _reader().block(text, "run")
