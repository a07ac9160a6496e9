"""`dvmeet export sakspapir MØTE FIL [--public]`: the notice with every case's saksframlegg
and attachments as one PDF (issue 19), written whole or not at all, one line printed."""

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


def add_sakspapir_command(export_sub: Any, opened: Opener) -> None:
    """`export sakspapir` under the `export` commands; `opened(args)` opens the database
    named on the command line (the command line's own opener)."""
    cmd = export_sub.add_parser(
        "sakspapir",
        help=_("innkalling, saksframlegg og vedlegg som éin PDF med bokmerke og sidetal"),
    )
    cmd.add_argument(
        "meeting", type=int, metavar=_("MØTE"), help=_("møtenummeret (sjå meetings list)")
    )
    cmd.add_argument(
        "file", type=Path, nargs="?", metavar=_("FIL.pdf"), help=_("fila som skal skrivast")
    )
    cmd.add_argument("-o", "--output", type=Path, metavar=_("FIL.pdf"), help=_("same som FIL.pdf"))
    cmd.add_argument(
        "--public",
        action="store_true",
        help=_("offentleg versjon: utan lukka saker, lukka vedlegg og lukka titlar"),
    )
    cmd.set_defaults(handler=cmd_export_sakspapir, opened=opened)


def cmd_export_sakspapir(args: argparse.Namespace) -> int:
    from dvmeet.services.papers import export_sakspapir

    target = args.output or args.file
    if target is None or (args.output is not None and args.file is not None):
        raise DvmeetError(_("Oppgje éi fil å skrive sakspapira til (FIL.pdf eller -o FIL.pdf)."))
    with args.opened(args) as ctx:
        saved = export_sakspapir(ctx, args.meeting, target, public=args.public)
    variant = _("offentleg versjon") if saved.public else _("intern versjon")
    print(
        _("Skreiv sakspapira ({variant}, {pages} sider) til {path}.").format(
            variant=variant, pages=saved.pages, path=saved.path
        )
    )
    return EXIT_OK
