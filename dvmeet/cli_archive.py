"""`dvmeet export arkivmelding MØTE MAPPE`: the Fiks Arkiv hand-off of a meeting with
approved minutes (issue 19): the arkivmelding messages and the files they name, in a
folder of their own in MAPPE, written whole or not at all; one line per file printed."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dvmeet.errors import DvmeetError
from dvmeet.i18n import _

if TYPE_CHECKING:
    from contextlib import AbstractContextManager

    from dvmeet.services.context import Context

    Opener = Callable[..., AbstractContextManager[Context]]

EXIT_OK = 0


def add_arkivmelding_command(export_sub: Any, opened: Opener) -> None:
    """`export arkivmelding` under the `export` commands; `opened(args)` opens the database
    named on the command line (the command line's own opener)."""
    cmd = export_sub.add_parser(
        "arkivmelding",
        help=_("arkivmelding til Fiks Arkiv med innkalling, sakspapir og godkjend møtebok"),
    )
    cmd.add_argument(
        "meeting", type=int, metavar=_("MØTE"), help=_("møtenummeret (sjå meetings list)")
    )
    cmd.add_argument(
        "folder",
        type=Path,
        nargs="?",
        metavar=_("MAPPE"),
        help=_("mappa arkivmeldinga får ei eiga mappe i"),
    )
    cmd.add_argument("-o", "--output", type=Path, metavar=_("MAPPE"), help=_("same som MAPPE"))
    cmd.set_defaults(handler=cmd_export_arkivmelding, opened=opened)


def cmd_export_arkivmelding(args: argparse.Namespace) -> int:
    from dvmeet.services.archive import export_arkivmelding

    target = args.output or args.folder
    if target is None or (args.output is not None and args.folder is not None):
        raise DvmeetError(_("Oppgje éi mappe å skrive arkivmeldinga til (MAPPE eller -o MAPPE)."))
    with args.opened(args) as ctx:
        written = export_arkivmelding(ctx, args.meeting, target)
    for path in [*written.messages, *written.documents]:
        print(path.name)
    print(
        _("Skreiv {messages} arkivmeldingar og {files} filer til {folder}.").format(
            messages=len(written.messages), files=len(written.documents), folder=written.folder
        )
    )
    return EXIT_OK
