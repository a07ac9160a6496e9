"""One version number (issue 20): dvmeet.__version__. pyproject.toml says the same, the
PyInstaller spec reads it from dvmeet/__init__.py (and writes it into the Windows programs'
version resource), the Inno Setup script reads it from the built dvmeet.exe, the Linux
build names its tarball with it, and the AppStream metainfo's newest release is it. No
packaging file writes another version number. Fast: nothing is built."""

from __future__ import annotations

import ast
import re
import tomllib
from pathlib import Path
from xml.etree import ElementTree

import dvmeet

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"
VERSION_LIKE = re.compile(r"(?<![\w.])\d+\.\d+\.\d+(?:[-.\w]*)?(?![\w.])")


def test_pyproject_says_the_version_of_the_package() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["version"] == dvmeet.__version__


def test_the_spec_reads_the_version_from_the_package() -> None:
    spec = (PACKAGING / "pyinstaller" / "dvmeet.spec").read_text(encoding="utf-8")
    tree = ast.parse(spec)
    function = next(
        node for node in tree.body if isinstance(node, ast.FunctionDef) and node.name == "_version"
    )
    module = ast.Module(body=[function], type_ignores=[])
    scope: dict[str, object] = {"re": re, "ROOT": ROOT}
    exec(compile(module, "dvmeet.spec", "exec"), scope)
    assert scope["_version"]() == dvmeet.__version__  # type: ignore[operator]
    # both programs carry it (Windows: the installer reads the ProductVersion)
    assert spec.count("version=_windows_version_info()") == 2
    assert 'StringStruct("ProductVersion", VERSION)' in spec


def test_the_installer_reads_the_version_of_the_built_program() -> None:
    iss = (PACKAGING / "windows" / "dvmeet.iss").read_text(encoding="utf-8")
    assert 'GetStringFileInfo(Bundle + "\\dvmeet.exe", "ProductVersion")' in iss
    assert "AppVersion={#AppVersion}" in iss
    assert not re.search(r'#define\s+AppVersion\s+"', iss)


def test_the_installer_claims_no_language_it_does_not_speak() -> None:
    """Inno Setup's Norwegian.isl is bokmål: the entry may not be called nynorsk."""
    iss = (PACKAGING / "windows" / "dvmeet.iss").read_text(encoding="utf-8")
    languages = re.findall(r'^Name:\s*"(\w+)";\s*MessagesFile:\s*"([^"]+)"', iss, re.M)
    assert languages == [("nb", "compiler:Languages\\Norwegian.isl")]
    # per-machine install for locked-down PCs, per-user without administrator rights
    assert "DefaultDirName={autopf}" in iss and "PrivilegesRequired=lowest" in iss
    assert "PrivilegesRequiredOverridesAllowed=dialog commandline" in iss
    assert "AppLocker" in iss


def test_the_linux_build_and_the_metainfo_use_the_version() -> None:
    build = (PACKAGING / "build-linux.sh").read_text(encoding="utf-8")
    assert "import dvmeet; print(dvmeet.__version__)" in build
    assert "dvmeet-$version-linux-" in build
    meta = ElementTree.parse(PACKAGING / "linux" / "no.digivestland.dvmeet.metainfo.xml")
    releases = [r.get("version") for r in meta.getroot().iter("release")]
    assert releases and releases[0] == dvmeet.__version__  # the newest first (AppStream)


def test_no_packaging_file_writes_another_version() -> None:
    """A version number written by hand anywhere under packaging/ is the package's (the
    metainfo's release history may name older ones after the newest)."""
    for path in sorted(p for p in PACKAGING.rglob("*") if p.is_file()):
        text = path.read_text(encoding="utf-8", errors="replace")
        found = VERSION_LIKE.findall(text)
        if path.name.endswith(".metainfo.xml"):
            found = found[:1]
        wrong = [v for v in found if v != dvmeet.__version__]
        assert not wrong, f"{path.relative_to(ROOT)}: {wrong}"
