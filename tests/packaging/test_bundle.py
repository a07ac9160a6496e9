"""The Linux bundle builds from the repository and runs headless (slow: builds with PyInstaller)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if shutil.which("uv") is None:
        pytest.skip("uv is needed to build the bundle")
    out = tmp_path_factory.mktemp("bundle")
    result = subprocess.run(
        ["bash", str(ROOT / "packaging" / "build-linux.sh"), str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    exe = out / "dist" / "dvmeet" / "dvmeet"
    assert exe.exists()
    assert list(out.glob("dvmeet-*-linux-*.tar.gz")), "no tarball"
    return exe


def run(exe: Path, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(exe), *args], capture_output=True, text=True, timeout=300, env=env, cwd=exe.parent
    )


def test_bundle_runs_headless(bundle: Path, tmp_path: Path) -> None:
    env = {**os.environ, "DVMEET_DATA_DIR": str(tmp_path / "data"), "QT_QPA_PLATFORM": "offscreen"}
    version = run(bundle, "--version", env=env)
    assert version.returncode == 0 and version.stdout.startswith("dvmeet ")

    db = tmp_path / "demo.sqlite"
    demo = run(bundle, "--database", str(db), "demo", "--years", "0", env=env)
    assert demo.returncode == 0, demo.stderr
    assert "Demodata laga" in demo.stdout
    check = run(bundle, "--database", str(db), "check", env=env)
    assert check.returncode == 0, check.stderr

    listing = run(bundle, "--database", str(db), "meetings", "list", env=env)
    if listing.returncode == 0 and listing.stdout.strip():
        meeting_id = listing.stdout.split()[0]
        pdf = tmp_path / "minutes.pdf"
        export = run(
            bundle, "--database", str(db), "export", "minutes", meeting_id, "-o", str(pdf), env=env
        )
        assert export.returncode == 0, export.stderr
        assert pdf.read_bytes().startswith(b"%PDF")
        assert b"/FontFile2" in pdf.read_bytes()  # the font came along and is embedded

    # The bundle's own time zone data: calendar export with no system zone files.
    no_zones = {**env, "PYTHONTZPATH": str(tmp_path / "ingen-soner")}
    ics = tmp_path / "m.ics"
    cal = run(bundle, "--database", str(db), "export", "calendar", "-o", str(ics), env=no_zones)
    assert cal.returncode == 0, cal.stderr
    assert "TZID=Europe/Oslo" in ics.read_text(encoding="utf-8")

    gui = subprocess.Popen(
        [str(bundle), "--database", str(db)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=bundle.parent,
    )
    try:
        time.sleep(5)
        assert gui.poll() is None, gui.stderr.read() if gui.stderr else ""
    finally:
        gui.terminate()
        _out, err = gui.communicate(timeout=20)
    assert "Traceback" not in err
    assert "Error" not in err.replace("propagateSizeHints", "")


def _glibc(version: str) -> tuple[int, ...]:
    return tuple(int(n) for n in version.split("."))


def test_the_bundle_needs_no_newer_glibc_than_the_readme_says(bundle: Path) -> None:
    """The highest GLIBC_ symbol version any program or library of the bundle asks for
    (objdump -T), against the floor packaging/README.md states for the Linux bundle."""
    if shutil.which("objdump") is None:
        pytest.skip("objdump is not installed (apt: binutils)")
    folder = bundle.parent
    files = [folder / "dvmeet", folder / "dvmeet-cli"]
    files += [p for p in folder.rglob("*.so*") if p.is_file() and not p.is_symlink()]
    needed: dict[str, tuple[int, ...]] = {}
    for path in files:
        done = subprocess.run(
            ["objdump", "-T", str(path)], capture_output=True, text=True, timeout=60
        )
        versions = re.findall(r"\(GLIBC_(\d+\.\d+(?:\.\d+)?)\)", done.stdout)
        if versions:
            needed[str(path.relative_to(folder))] = max(_glibc(v) for v in versions)
    assert len(needed) > 100  # the Qt and Python libraries were read
    highest = max(needed.values())
    readme = (ROOT / "packaging" / "README.md").read_text(encoding="utf-8")
    stated = re.search(r"needs \*\*glibc (\d+\.\d+) or newer\*\*", readme)
    assert stated, "packaging/README.md no longer states the bundle's glibc floor"
    newest = sorted(f for f, v in needed.items() if v == highest)
    assert highest <= _glibc(stated.group(1)), (
        f"the bundle needs glibc {'.'.join(map(str, highest))} ({', '.join(newest)}), "
        f"newer than packaging/README.md states ({stated.group(1)})"
    )


def test_the_console_program_prints(bundle: Path, tmp_path: Path) -> None:
    """dvmeet-cli (a console program on Windows, where dvmeet is windowed) is the same
    command line."""
    cli = bundle.parent / "dvmeet-cli"
    env = {**os.environ, "DVMEET_DATA_DIR": str(tmp_path / "data"), "QT_QPA_PLATFORM": "offscreen"}
    version = run(cli, "--version", env=env)
    assert (
        version.returncode == 0
        and version.stdout.strip() == run(bundle, "--version", env=env).stdout.strip()
    )
    missing = run(cli, "--database", str(tmp_path / "ingen.sqlite"), "check", env=env)
    assert missing.returncode == 2 and missing.stderr.strip()


def test_install_icons_for_a_new_user(bundle: Path, tmp_path: Path) -> None:
    """The tarball's install-icons.sh, run from the unpacked folder by a user who has never
    had a desktop entry (no ~/.local/share/applications yet)."""
    home = tmp_path / "home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("XDG_")}
    env["HOME"] = str(home)
    script = bundle.parent / "install-icons.sh"
    assert script.exists()
    done = subprocess.run(
        ["bash", str(script)], capture_output=True, text=True, timeout=60, env=env
    )
    assert done.returncode == 0, done.stderr
    entry = home / ".local/share/applications/no.digivestland.dvmeet.desktop"
    text = entry.read_text(encoding="utf-8")
    assert f'Exec="{bundle}" %F' in text
    assert "MimeType=application/vnd.sqlite3;" in text
    for size in (16, 48, 256):
        icon = home / f".local/share/icons/hicolor/{size}x{size}/apps/no.digivestland.dvmeet.png"
        assert icon.read_bytes().startswith(b"\x89PNG")
