"""`dvmeet setup …`: the cooperation, its bodies and the participating municipalities from
the command line, for scripted installs. Each command makes one service call (all or
nothing) and prints one line."""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dvmeet.domain.enums import BodyKind, LegalForm
from dvmeet.errors import DvmeetError
from dvmeet.i18n import _

if TYPE_CHECKING:
    from contextlib import AbstractContextManager

    from dvmeet.services.context import Context
    from dvmeet.services.setup.models import CooperationDetailsIn

    Opener = Callable[..., AbstractContextManager[Context]]

EXIT_OK = 0


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(
            _("ugyldig dato: {text} (bruk ÅÅÅÅ-MM-DD)").format(text=text)
        ) from exc


def add_setup_commands(sub: Any, opened: Opener) -> None:
    """The `setup` commands; `opened(args, writes=True)` opens the database named on the
    command line (the command line's own opener, so both say the same on opening)."""
    setup = sub.add_parser(
        "setup", help=_("set opp samarbeidet, organa og kva kommunar som deltek")
    )
    setup.set_defaults(opened=opened)
    s_sub = setup.add_subparsers(dest="setup_command", metavar=_("KOMMANDO"), required=True)

    coop = s_sub.add_parser(
        "cooperation", help=_("namn, samarbeidsform og vertskommune for samarbeidet")
    )
    coop.add_argument("--name", required=True, metavar=_("NAMN"), help=_("namnet på samarbeidet"))
    coop.add_argument(
        "--legal-form",
        required=True,
        choices=[f.value for f in LegalForm],
        help=_(
            "samarbeidsform: oppgavefellesskap (koml. kap. 19), vertskommune (koml. kap. 20), "
            "iks, politisk_rad (koml. kap. 18) eller anna"
        ),
    )
    coop.add_argument(
        "--host",
        metavar=_("KOMMUNENUMMER"),
        help=_("vertskommune eller kontorkommune, til dømes 4601"),
    )
    coop.add_argument(
        "--agreement", metavar=_("TEKST"), help=_("kva avtale samarbeidet byggjer på")
    )
    coop.add_argument(
        "--established", type=_date, metavar=_("ÅÅÅÅ-MM-DD"), help=_("når samarbeidet tok til")
    )
    for flag, meta, words in (
        ("--org-number", _("NUMMER"), _("organisasjonsnummeret, ni siffer")),
        ("--address", _("TEKST"), _("adressa som står på dokumenta")),
        ("--contact-name", _("NAMN"), _("kontaktperson i sekretariatet")),
        ("--contact-email", _("E-POST"), _("e-post til sekretariatet")),
        ("--contact-phone", _("TELEFON"), _("telefon til sekretariatet")),
        ("--letterhead", _("TEKST"), _("brevhovud: ei kort linje på kvart dokument")),
    ):
        coop.add_argument(flag, metavar=meta, help=words)
    coop.add_argument(
        "--logo", type=Path, metavar=_("FIL"), help=_("logo på kvart dokument (PNG eller JPEG)")
    )
    coop.set_defaults(handler=cmd_setup_cooperation)

    body = s_sub.add_parser(
        "body", help=_("opprett eit organ, eller endre det om koden finst frå før")
    )
    body.add_argument("--code", required=True, metavar=_("KODE"), help=_("kort kode, til dømes RS"))
    body.add_argument("--name", required=True, metavar=_("NAMN"), help=_("namnet på organet"))
    body.add_argument(
        "--kind",
        required=True,
        choices=[k.value for k in BodyKind],
        help=_(
            "elected: folkevalt (reglane i kommunelova gjeld), administrative: administrativt "
            "(reglane gir åtvaringar)"
        ),
    )
    body.add_argument(
        "--seats", required=True, type=int, metavar=_("TAL"), help=_("talet på plassar i organet")
    )
    body.add_argument(
        "--notice-days",
        type=int,
        metavar=_("DAGAR"),
        help=_("kor mange dagar før møtet innkallinga skal sendast (standard 14)"),
    )
    body.add_argument("--no-remote", action="store_true", help=_("organet held ikkje fjernmøte"))
    body.add_argument(
        "--case-prefix", metavar=_("TEKST"), help=_("tekst framfor saksnummera (standard ingen)")
    )
    body.set_defaults(handler=cmd_setup_body)

    part = s_sub.add_parser(
        "participation", help=_("kva kommunar som deltek, og frå kva dato (alle eller ingen)")
    )
    part.add_argument(
        "numbers", nargs="*", metavar=_("KOMMUNENUMMER"), help=_("kommunane, til dømes 4601 4602")
    )
    part.add_argument("--all", action="store_true", help=_("alle kommunane i registeret"))
    part.add_argument(
        "--from",
        dest="participant_from",
        required=True,
        type=_date,
        metavar=_("ÅÅÅÅ-MM-DD"),
        help=_("første dag kommunane deltek"),
    )
    part.add_argument(
        "--to",
        dest="participant_to",
        type=_date,
        metavar=_("ÅÅÅÅ-MM-DD"),
        help=_("siste dag kommunane deltek (standard: utan sluttdato)"),
    )
    part.set_defaults(handler=cmd_setup_participation)

    preset = s_sub.add_parser(
        "preset",
        help=_("lag organa i eit oppsett etter samarbeidsforma (etter at kommunane er valde)"),
    )
    preset.add_argument(
        "key",
        metavar=_("OPPSETT"),
        help=_(
            "oppgavefellesskap (koml. kap. 19), iks (IKS-lova), vertskommune (koml. kap. 20), "
            "politisk_rad (koml. kap. 18) eller eige (ingen organ)"
        ),
    )
    preset.set_defaults(handler=cmd_setup_preset)


def _municipalities_loaded(ctx: Context) -> None:
    """A database made by the command line has no municipalities yet: load the shipped
    list first (as «Opprett ny database» does)."""
    from dvmeet.services.registry import list_municipalities, load_municipalities

    if not list_municipalities(ctx):
        load_municipalities(ctx)


def cmd_setup_cooperation(args: argparse.Namespace) -> int:
    from dvmeet.domain.labels import label
    from dvmeet.services.models import validate
    from dvmeet.services.registry import get_cooperation, set_cooperation
    from dvmeet.services.registry.models import CooperationIn

    with args.opened(args, writes=True) as ctx:
        _municipalities_loaded(ctx)
        before = get_cooperation(ctx)
        data = validate(
            CooperationIn,
            dict(
                name=args.name,
                legal_form=args.legal_form,
                host_municipality_number=args.host,
                agreement_reference=args.agreement,
                established=args.established,
                expected_version=before.version if before is not None else 0,
            ),
        )
        details = _checked_details(ctx, args)  # refused before anything is saved
        coop = set_cooperation(ctx, data)
        if details is not None:
            from dvmeet.services.setup import set_cooperation_details

            set_cooperation_details(
                ctx, details.model_copy(update={"expected_version": coop.version})
            )
    host = (
        _(", vertskommune {name}").format(name=coop.host_municipality_name)
        if coop.host_municipality_name
        else ""
    )
    print(
        _("Samarbeidet «{name}» er lagra: {form}{host}.").format(
            name=coop.name, form=label(coop.legal_form), host=host
        )
    )
    return EXIT_OK


DETAILS = ("org_number", "address", "contact_name", "contact_email", "contact_phone", "letterhead")


def _details(args: argparse.Namespace) -> dict[str, Any] | None:
    """The details given on the command line (None: none given); the logo file read."""
    given = {k: getattr(args, k) for k in DETAILS if getattr(args, k) is not None}
    if args.logo is not None:
        try:
            given["logo"] = args.logo.read_bytes()
        except OSError as exc:
            raise DvmeetError(
                _("Logofila {path} kan ikkje lesast: {error}").format(path=args.logo, error=exc)
            ) from exc
    return given or None


def _checked_details(ctx: Context, args: argparse.Namespace) -> CooperationDetailsIn | None:
    """The details given on the command line over the ones recorded (None: none given),
    validated and the logo checked, so a refusal comes before anything is saved."""
    from dvmeet.services.models import validate
    from dvmeet.services.setup import get_cooperation_details, logo_type
    from dvmeet.services.setup.models import CooperationDetailsIn

    given = _details(args)
    if given is None:
        return None
    now = get_cooperation_details(ctx)
    kept = {k: getattr(now, k) for k in DETAILS} if now is not None else {}
    checked = validate(CooperationDetailsIn, {**kept, **given})
    if checked.logo is not None:
        logo_type(checked.logo)
    return checked


def cmd_setup_body(args: argparse.Namespace) -> int:
    from dvmeet.errors import NotFound
    from dvmeet.services.models import validate
    from dvmeet.services.registry import create_body, get_body, update_body
    from dvmeet.services.registry.models import BodyIn, BodyUpdate

    fields: dict[str, Any] = {
        "name": args.name,
        "kind": args.kind,
        "seats": args.seats,
    }
    if args.notice_days is not None:
        fields["notice_days"] = args.notice_days
    if args.no_remote:
        fields["remote_allowed"] = False
    if args.case_prefix is not None:
        fields["case_prefix"] = args.case_prefix
    with args.opened(args, writes=True) as ctx:
        try:
            existing = get_body(ctx, args.code.upper())
        except NotFound:
            existing = None
        if existing is None:
            body = create_body(ctx, validate(BodyIn, {"code": args.code, **fields}))
            sentence = _(
                "Oppretta organet {code} {name}: {seats} plassar, innkalling {days} dagar før."
            )
        else:
            body = update_body(
                ctx,
                validate(
                    BodyUpdate,
                    {"code": args.code, "expected_version": existing.version, **fields},
                ),
            )
            sentence = _(
                "Endra organet {code} {name}: {seats} plassar, innkalling {days} dagar før."
            )
    print(sentence.format(code=body.code, name=body.name, seats=body.seats, days=body.notice_days))
    return EXIT_OK


def cmd_setup_participation(args: argparse.Namespace) -> int:
    from dvmeet.documents.text import short_date
    from dvmeet.services.models import validate
    from dvmeet.services.registry import list_municipalities, set_participations
    from dvmeet.services.registry.models import ParticipationManyIn

    if args.all and args.numbers:
        raise DvmeetError(_("Vel anten --all eller kommunenummer, ikkje begge."))
    if not args.all and not args.numbers:
        raise DvmeetError(
            _("Skriv kommunenummera som skal delta (til dømes 4601 4602), eller --all.")
        )
    with args.opened(args, writes=True) as ctx:
        _municipalities_loaded(ctx)
        numbers = [m.number for m in list_municipalities(ctx)] if args.all else list(args.numbers)
        data = validate(
            ParticipationManyIn,
            {
                "numbers": numbers,
                "participant_from": args.participant_from,
                "participant_to": args.participant_to,
            },
        )
        changed = set_participations(ctx, data)
    until = (
        _(" til og med {day}").format(day=short_date(args.participant_to))
        if args.participant_to
        else ""
    )
    print(
        _("{count} kommunar deltek frå {day}{until}.").format(
            count=len(changed), day=short_date(args.participant_from), until=until
        )
    )
    return EXIT_OK


def cmd_setup_preset(args: argparse.Namespace) -> int:
    from dvmeet.services.models import validate
    from dvmeet.services.setup import apply_preset, list_presets
    from dvmeet.services.setup.models import ApplyPresetIn

    with args.opened(args, writes=True) as ctx:
        _municipalities_loaded(ctx)
        applied = apply_preset(ctx, validate(ApplyPresetIn, {"key": args.key}))
        name = next(p.name for p in list_presets(ctx) if p.key == applied.key)
    if applied.created:
        print(
            _("Oppsettet «{name}» er brukt: organa {codes} ({n} deltakande kommunar).").format(
                name=name, codes=", ".join(applied.created), n=applied.participants
            )
        )
    else:
        print(
            _("Oppsettet «{name}» lagar ingen organ; lag dei med «setup body».").format(name=name)
        )
    return EXIT_OK
