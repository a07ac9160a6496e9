"""The command line in the user's language, `python -m dvmeet`, and `dvmeet FILE.sqlite`
(the desktop entry's `Exec=dvmeet %F`)."""

from __future__ import annotations

import subprocess
import sys
import types
from collections.abc import Iterator
from pathlib import Path

import pytest

from dvmeet import __version__, cli, i18n
from dvmeet.cli_words import language_from_environment

ENGLISH = ("usage:", "show this help", "options:", "positional arguments", "error:", "invalid")


@pytest.fixture(autouse=True)
def _back_to_nynorsk() -> Iterator[None]:
    yield
    i18n.set_language("nn")


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    with pytest.raises(SystemExit) as stop:
        cli.main(argv)
    out = capsys.readouterr()
    return int(stop.value.code or 0), out.out + out.err


def test_python_m_dvmeet_prints_the_version() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "dvmeet", "--version"], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"dvmeet {__version__}"


def test_help_is_nynorsk_throughout(capsys: pytest.CaptureFixture[str]) -> None:
    code, text = _run(["--help"], capsys)
    assert code == 0
    assert text.startswith("bruk: dvmeet")
    assert "vis denne hjelpa og avslutt" in text and "vis versjonen og avslutt" in text
    assert "val:" in text
    assert not [word for word in ENGLISH if word in text], text
    code, text = _run(["export", "--help"], capsys)
    assert code == 0 and "bruk: dvmeet export" in text
    assert not [word for word in ENGLISH if word in text], text


def test_errors_are_nynorsk(capsys: pytest.CaptureFixture[str]) -> None:
    code, text = _run(["export", "minutes"], capsys)
    assert code == 2
    assert "dvmeet export minutes: feil: desse argumenta manglar: MØTE, -o/--output" in text
    code, text = _run(["meetings", "list", "--year", "tjue"], capsys)
    assert code == 2 and "ugyldig verdi (int): 'tjue'" in text
    code, text = _run(["tull"], capsys)
    assert code == 2 and "ukjent val: 'tull' (vel mellom" in text
    assert not [word for word in ENGLISH if word in text], text


def test_bokmal_when_chosen(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DVMEET_LANGUAGE", "nb")
    code, text = _run(["--help"], capsys)
    assert code == 0 and "vis denne hjelpen og avslutt" in text and "valg:" in text


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"DVMEET_LANGUAGE": "nb", "LANG": "nn_NO.UTF-8"}, "nb"),
        ({"LANG": "nb_NO.UTF-8"}, "nb"),
        ({"LC_ALL": "no_NO.UTF-8", "LANG": "nn_NO.UTF-8"}, "nb"),
        ({"LANG": "nn_NO.UTF-8"}, "nn"),
        ({"LANG": "en_GB.UTF-8"}, "nn"),
        ({}, "nn"),
        ({"DVMEET_LANGUAGE": "sv"}, "nn"),
    ],
)
def test_language_from_the_environment(environ: dict[str, str], expected: str) -> None:
    assert language_from_environment(environ) == expected


@pytest.fixture
def fake_app(monkeypatch: pytest.MonkeyPatch) -> list[str | None]:
    """The GUI, replaced by a module that records the database it was asked to open."""
    opened: list[str | None] = []
    module = types.ModuleType("ui.app")

    def run_app(database: str | None = None) -> int:
        opened.append(database)
        return 0

    module.run_app = run_app  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "ui.app", module)
    return opened


def test_a_database_file_as_the_only_argument_opens_the_app_on_it(
    tmp_path: Path, fake_app: list[str | None]
) -> None:
    existing = tmp_path / "Møte 2027.sqlite"
    existing.write_bytes(b"")
    assert cli.main([str(existing)]) == 0
    other = tmp_path / "kopi.db"  # not there yet: the suffix says it is a database file
    assert cli.main([str(other)]) == 0
    plain = tmp_path / "møtedata"  # any existing file (a desktop double-click)
    plain.write_bytes(b"")
    assert cli.main([str(plain)]) == 0
    assert fake_app == [str(existing), str(other), str(plain)]


def test_a_command_is_still_a_command(
    tmp_path: Path, fake_app: list[str | None], capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "d.sqlite"
    assert cli.main(["--database", str(db), "meetings", "list"]) == 0
    assert fake_app == []
    assert cli.main(["--database", str(db)]) == 0
    assert fake_app == [str(db)]


def test_meeting_list_says_the_status_in_words(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "demo.sqlite"
    assert cli.main(["--database", str(db), "demo", "--years", "1"]) == 0
    capsys.readouterr()
    assert cli.main(["--database", str(db), "meetings", "list"]) == 0
    listing = capsys.readouterr().out
    assert "Godkjend" in listing
    assert not any(w in listing for w in ("approved", "planned", "notice_sent", "held"))
