"""`dvmeet meeting checkout|checkin|cancel-checkout`: the offline meeting file (issue 18)
from the command line. Each command makes one service call (all or nothing) and says what
it did; the checkin shows what it will add first and asks, unless --yes."""

from __future__ import annotations

import argparse
import sys
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
EXIT_NOT_DONE = 1


def add_offline_commands(sub: Any, opened: Opener) -> None:
    """The `meeting` commands; `opened(args, writes=True)` opens the main database."""
    meeting = sub.add_parser("meeting", help=_("ta eit møte med ut på ei møtefil og hent det inn"))
    meeting.set_defaults(opened=opened)
    m_sub = meeting.add_subparsers(dest="meeting_command", metavar=_("KOMMANDO"), required=True)

    out = m_sub.add_parser(
        "checkout",
        help=_("skriv møtet til ei møtefil for ein berbar PC og merk det som teke med ut"),
    )
    out.add_argument(
        "meeting", type=int, metavar=_("MØTE"), help=_("møtenummeret (sjå meetings list)")
    )
    out.add_argument("file", type=Path, metavar=_("FIL"), help=_("møtefila som skal lagast"))
    out.add_argument(
        "--overwrite", action="store_true", help=_("skriv over fila om ho finst frå før")
    )
    out.set_defaults(handler=cmd_checkout)

    back = m_sub.add_parser(
        "checkin", help=_("hent møtet inn att frå møtefila (viser kva som kjem inn fyrst)")
    )
    back.add_argument("file", type=Path, metavar=_("FIL"), help=_("møtefila"))
    back.add_argument("--yes", action="store_true", help=_("hent inn utan å spørje"))
    back.add_argument(
        "--choose",
        action="append",
        default=[],
        metavar=_("NØKKEL=home|file"),
        help=_(
            "for ei endring gjort heime etter uttaket: behald det som er heime (home) eller "
            "bruk fila (file); nøklane står i førehandsvisinga"
        ),
    )
    back.set_defaults(handler=cmd_checkin)

    cancel = m_sub.add_parser(
        "cancel-checkout",
        help=_("ikkje bruk møtefila: møtet kan endrast her att, og fila kan ikkje hentast inn"),
    )
    cancel.add_argument("meeting", type=int, metavar=_("MØTE"), help=_("møtenummeret"))
    cancel.set_defaults(handler=cmd_cancel)


def cmd_checkout(args: argparse.Namespace) -> int:
    from dvmeet.services.offline import checkout_meeting
    from dvmeet.services.offline.models import CheckoutIn

    with args.opened(args, writes=True) as ctx:
        out = checkout_meeting(
            ctx, CheckoutIn(meeting_id=args.meeting, file=args.file, overwrite=args.overwrite)
        )
    print(
        _(
            "Møte {meeting} er teke med ut på {file}. Det kan ikkje endrast her før det er "
            "henta inn."
        ).format(meeting=out.meeting_id, file=out.file_name)
    )
    return EXIT_OK


def _choices(pairs: list[str]) -> dict[str, Any]:
    from dvmeet.services.offline.models import Side

    choices: dict[str, Any] = {}
    for pair in pairs:
        key, sep, side = pair.rpartition("=")
        if not sep or side not in ("home", "file"):
            raise DvmeetError(
                _("--choose må vere NØKKEL=home eller NØKKEL=file, ikkje {text}.").format(text=pair)
            )
        choices[key] = Side(side)
    return choices


def cmd_checkin(args: argparse.Namespace) -> int:
    from dvmeet.services.offline import checkin_meeting, preview_checkin
    from dvmeet.services.offline.models import CheckinIn

    choices = _choices(args.choose)
    with args.opened(args, writes=True) as ctx:
        preview = preview_checkin(ctx, args.file)
        print(
            _("Møte {meeting} ({title}), teke med ut av {who}:").format(
                meeting=preview.meeting_id,
                title=preview.meeting_title or preview.file.meeting_date.isoformat(),
                who=preview.file.taken_by,
            )
        )
        for line in preview.lines:
            print(f"  {line}")
        for c in preview.conflicts:
            print(
                _("  {key}: {what}: heime «{home}», i fila «{file}»").format(
                    key=c.key, what=c.what, home=c.home or "", file=c.file or ""
                )
            )
        if not args.yes:
            if not sys.stdin.isatty():
                print(_("Ingenting er henta inn. Køyr på nytt med --yes for å hente inn."))
                return EXIT_NOT_DONE
            answer = input(_("Hente inn møtet no? [j/N] ")).strip().lower()
            if answer not in ("j", "ja", "y", "yes"):
                print(_("Ingenting er henta inn."))
                return EXIT_NOT_DONE
        result = checkin_meeting(ctx, CheckinIn(file=args.file, choices=choices))
    print(
        _(
            "Møte {meeting} er henta inn frå {file} ({events} hendingar i revisjonsloggen "
            "ført over)."
        ).format(meeting=result.meeting_id, file=args.file, events=result.file_events)
    )
    return EXIT_OK


def cmd_cancel(args: argparse.Namespace) -> int:
    from dvmeet.services.offline import cancel_checkout

    with args.opened(args, writes=True) as ctx:
        out = cancel_checkout(ctx, args.meeting)
    print(
        _("Møte {meeting} kan endrast her att. Møtefila {file} kan ikkje hentast inn.").format(
            meeting=out.meeting_id, file=out.file_name
        )
    )
    return EXIT_OK
