"""The command line: a second front end over dvmeet.services (opens the GUI by default)."""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import importlib
import logging
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dvmeet import __version__
from dvmeet.errors import DvmeetError, ImportRejected
from dvmeet.i18n import _

if TYPE_CHECKING:
    from dvmeet.services.context import Context
    from dvmeet.services.signing.models import SignedMinutesOut

log = logging.getLogger("dvmeet")

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_ERROR = 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dvmeet",
        description="dvmeet: møte, møtebok og medlemsregister for DigiVestland.",
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"dvmeet {__version__}",
        help=_("vis versjonen og avslutt"),
    )
    parser.add_argument(
        "--database",
        metavar="STI_ELLER_URL",
        help="SQLite-fil eller PostgreSQL-adresse (elles DVMEET_DATABASE_URL eller standardfila)",
    )
    sub = parser.add_subparsers(dest="command", metavar="KOMMANDO")

    demo = sub.add_parser("demo", help="fyll ein tom database med demodata")
    demo.add_argument("--years", type=int, default=1, help="år med tidlegare møte (standard 1)")
    demo.set_defaults(handler=cmd_demo)

    registry = sub.add_parser("registry", help="medlemsregisteret: import og eksport")
    reg_sub = registry.add_subparsers(dest="registry_command", metavar="KOMMANDO", required=True)
    imp = reg_sub.add_parser(
        "import", help="importer medlemer frå CSV eller XLSX (alt eller ingenting)"
    )
    imp.add_argument("file", type=Path, metavar="FIL")
    imp.set_defaults(handler=cmd_registry_import)
    exp = reg_sub.add_parser("export", help="eksporter medlemer til CSV eller XLSX")
    exp.add_argument("file", type=Path, metavar="FIL")
    exp.add_argument("--body", default="RS", help="organ (standard RS)")
    exp.set_defaults(handler=cmd_registry_export)

    backup = sub.add_parser("backup", help="ta ein reservekopi av databasen no")
    backup.set_defaults(handler=cmd_backup)

    _add_meeting_commands(sub)
    _add_export_commands(sub)
    _add_setup_commands(sub)
    from dvmeet.cli_offline import add_offline_commands

    add_offline_commands(sub, _opened)

    check = sub.add_parser("check", help="kontroller databasen (integritet, nøklar, revisjonslogg)")
    check.set_defaults(handler=cmd_check)

    verify = sub.add_parser(
        "verify",
        help="kontroller ei godkjend møtebok (PDF) mot databasen: 0 stemmer, 1 stemmer ikkje, "
        "2 ikkje ei møtebok frå dvmeet",
    )
    verify.add_argument("pdf", type=Path, metavar="FIL.pdf")
    verify.set_defaults(handler=cmd_verify)

    restore = sub.add_parser(
        "restore", help="erstatt databasen med ein reservekopi (den gamle fila blir teken vare på)"
    )
    restore.add_argument("backup", type=Path, metavar="RESERVEKOPI")
    restore.set_defaults(handler=cmd_restore)

    db = sub.add_parser("db", help="databasen: roller for fleire brukarar (PostgreSQL)")
    db_sub = db.add_subparsers(dest="db_command", metavar="KOMMANDO", required=True)
    roles = db_sub.add_parser(
        "init-roles", help="lag ei skriverolle for sekretariatet og ei lesarolle (PostgreSQL)"
    )
    roles.add_argument("--secretariat", required=True, metavar="NAMN", help="skriverolla")
    roles.add_argument("--observer", required=True, metavar="NAMN", help="lesarolla")
    roles.set_defaults(handler=cmd_db_init_roles)
    return parser


def _add_meeting_commands(sub: Any) -> None:
    meetings = sub.add_parser("meetings", help="møte")
    m_sub = meetings.add_subparsers(dest="meetings_command", metavar="KOMMANDO", required=True)
    lst = m_sub.add_parser("list", help="list møta, eitt per linje med nummeret fyrst")
    lst.add_argument("--body", help="berre møte i dette organet")
    lst.add_argument("--year", type=int, help="berre møte dette året")
    lst.set_defaults(handler=cmd_meetings_list)


def _add_setup_commands(sub: Any) -> None:
    from dvmeet.cli_setup import add_setup_commands

    add_setup_commands(sub, _opened)


def _add_export_commands(sub: Any) -> None:
    export = sub.add_parser("export", help="dokument: innkalling, møtebok, register, kalender")
    e_sub = export.add_subparsers(dest="export_command", metavar="KOMMANDO", required=True)
    for name, help_text in (
        ("notice", "innkalling med sakliste som PDF"),
        ("minutes", "møtebok som PDF"),
        ("attendance", "frammøteliste per sak som PDF"),
    ):
        cmd = e_sub.add_parser(name, help=help_text)
        cmd.add_argument(
            "meeting", type=int, metavar="MØTE", help="møtenummeret (sjå meetings list)"
        )
        cmd.add_argument("--public", action="store_true", help="offentleg versjon")
        cmd.add_argument("--pdfa", action="store_true", help="arkivformat PDF/A-2b")
        if name in ("notice", "minutes"):
            cmd.add_argument(
                "--format",
                choices=("pdf", "html"),
                default="pdf",
                help="html: offentleg nettside (alltid den offentlege versjonen)",
            )
        cmd.add_argument("-o", "--output", type=Path, required=True, metavar="FIL.pdf")
        cmd.set_defaults(handler=cmd_export_document, document=name)
    reg = e_sub.add_parser("registry", help="medlemer og varamedlemer i eit organ som PDF")
    reg.add_argument("body", metavar="ORGAN")
    reg.add_argument("--date", type=_iso_date, help="dato (ÅÅÅÅ-MM-DD), standard i dag")
    reg.add_argument("--pdfa", action="store_true", help="arkivformat PDF/A-2b")
    reg.add_argument("-o", "--output", type=Path, required=True, metavar="FIL.pdf")
    reg.set_defaults(handler=cmd_export_registry)
    cal = e_sub.add_parser("calendar", help="møta som iCalendar-fil (.ics)")
    cal.add_argument("--body", help="berre møte i dette organet")
    cal.add_argument("--internal", action="store_true", help="intern versjon med lukka titlar")
    cal.add_argument("-o", "--output", type=Path, required=True, metavar="FIL.ics")
    cal.set_defaults(handler=cmd_export_calendar)
    votes = e_sub.add_parser("votes", help="røystingane i eit møte som CSV eller XLSX")
    votes.add_argument("meeting", type=int, metavar="MØTE")
    votes.add_argument("--public", action="store_true", help="offentleg versjon")
    votes.add_argument("-o", "--output", type=Path, required=True, metavar="FIL")
    votes.set_defaults(handler=cmd_export_votes)
    arc = e_sub.add_parser(
        "archive", help="arkivpakke (PDF/A og metadata.json) for eit møte, utan Fiks Arkiv"
    )
    arc.add_argument("meeting", type=int, metavar="MØTE")
    arc.add_argument("-o", "--output", type=Path, required=True, metavar="MAPPE")
    arc.set_defaults(handler=cmd_export_archive)
    from dvmeet.cli_papers import add_sakspapir_command

    add_sakspapir_command(e_sub, _opened)
    from dvmeet.cli_archive import add_arkivmelding_command

    add_arkivmelding_command(e_sub, _opened)


def _iso_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"ugyldig dato: {text} (bruk ÅÅÅÅ-MM-DD)") from exc


@contextmanager
def _opened(args: argparse.Namespace, *, writes: bool = False) -> Iterator[Context]:
    """The database named by --database (or the default), closed afterwards. What opening
    found and did (an interrupted restore cleaned up) is said on stderr first; a command
    that `writes` to a database open for reading only is refused with its one sentence."""
    from dvmeet.errors import ReadOnlyAccess
    from dvmeet.services.context import open_context

    ctx = open_context(args.database)
    try:
        for notice in ctx.notices:
            print(notice, file=sys.stderr)
        if writes and ctx.read_only_notice is not None:
            raise ReadOnlyAccess(ctx.read_only_notice)
        yield ctx
    finally:
        ctx.close()


def cmd_demo(args: argparse.Namespace) -> int:
    from dvmeet.services.maintenance import fill_demo

    if args.years < 0 or args.years > 30:
        raise DvmeetError(_("--years må vere mellom 0 og 30."))
    with _opened(args, writes=True) as ctx:
        summary = fill_demo(ctx, years=args.years)
    print(summary.describe())
    return EXIT_OK


def cmd_registry_import(args: argparse.Namespace) -> int:
    from dvmeet.services.registry import import_members

    with _opened(args, writes=True) as ctx:
        result = import_members(ctx, args.file)
    print(f"Importerte {result.rows} rader frå {args.file}.")
    return EXIT_OK


def cmd_registry_export(args: argparse.Namespace) -> int:
    from dvmeet.services.exports import export_members

    with _opened(args) as ctx:
        result = export_members(ctx, args.body, args.file)
    print(f"Eksporterte {result.rows} rader til {result.path}.")
    return EXIT_OK


def cmd_meetings_list(args: argparse.Namespace) -> int:
    from dvmeet.domain.labels import label
    from dvmeet.services.meetings import list_meetings

    with _opened(args) as ctx:
        rows = list_meetings(ctx, args.body, args.year)
    for m in rows:
        title = f"  {m.title}" if m.title else ""
        status = label(m.status, "short")
        print(
            f"{m.id}\t{m.body_code}\t{m.date:%Y-%m-%d} {m.start_time:%H:%M}\t{status}"
            f"\t{m.case_count} saker\t{m.place}{title}"
        )
    return EXIT_OK


@contextmanager
def _collector_kept_off_what_the_export_makes() -> Iterator[None]:
    """The cyclic garbage collector paused while the plain export loads the renderer, reads
    and renders, and what it made then (modules, the document, the renderer's caches) kept
    out of the collector's later passes and its pass at the interpreter's exit (gc.freeze):
    a command's process ends after its export, and walking those objects again and again
    was about a third of the command's CPU (issue 21). Objects are still freed when their
    last reference goes; only reference cycles made during the export stay (few: the peak
    memory of a 300-case export is the same). The collector runs again after, if it ran."""
    running = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if running:
            gc.enable()


def cmd_export_document(args: argparse.Namespace) -> int:
    if args.document == "minutes" and getattr(args, "format", "pdf") == "pdf":
        # issue 21: a plain SQLite file's møtebok is read without SQLAlchemy; None: the
        # file needs the proper open (a URL, a migration, a crash's -wal, ...), below
        from dvmeet.services.exports import export_minutes_plain

        with _collector_kept_off_what_the_export_makes():
            written = export_minutes_plain(
                args.database, args.meeting, args.output, public=args.public, pdfa=args.pdfa
            )
        if written is not None:
            print(f"Skreiv {written.title} ({written.version_word.lower()}) til {written.path}.")
            return EXIT_OK
    from dvmeet.services.exports import export_document, export_public_page

    if getattr(args, "format", "pdf") == "html":
        if args.pdfa:
            raise DvmeetError(_("--pdfa gjeld berre PDF, ikkje --format html."))
        with _opened(args) as ctx:
            saved = export_public_page(ctx, args.document, args.meeting, args.output)
        print(f"Skreiv {saved.title} ({saved.version_word.lower()}, nettside) til {saved.path}.")
        return EXIT_OK
    with _opened(args) as ctx:
        saved = export_document(
            ctx, args.document, args.meeting, args.output, public=args.public, pdfa=args.pdfa
        )
    print(f"Skreiv {saved.title} ({saved.version_word.lower()}) til {saved.path}.")
    return EXIT_OK


def cmd_export_registry(args: argparse.Namespace) -> int:
    from dvmeet.services.exports import export_registry

    with _opened(args) as ctx:
        saved = export_registry(ctx, args.body, args.output, args.date, pdfa=args.pdfa)
    print(f"Skreiv {saved.title} til {saved.path}.")
    return EXIT_OK


def cmd_export_calendar(args: argparse.Namespace) -> int:
    from dvmeet.services.exports import export_calendar

    with _opened(args) as ctx:
        export_calendar(ctx, args.output, body_code=args.body, public=not args.internal)
    print(f"Skreiv kalenderen til {args.output}.")
    return EXIT_OK


def cmd_export_votes(args: argparse.Namespace) -> int:
    from dvmeet.services.exports import export_vote_results

    with _opened(args) as ctx:
        result = export_vote_results(ctx, args.meeting, args.output, public=args.public)
    print(f"Eksporterte {result.rows} rader til {result.path}.")
    return EXIT_OK


def cmd_export_archive(args: argparse.Namespace) -> int:
    from dvmeet.services.exports import archive_package

    with _opened(args) as ctx:
        result = archive_package(ctx, args.meeting, args.output)
    for f in result.files:
        print(f"{f.sha256}  {f.file}")
    print(f"Arkivpakke med {len(result.files)} filer og metadata i {result.directory}.")
    return EXIT_OK


def cmd_backup(args: argparse.Namespace) -> int:
    from dvmeet.services.maintenance import backup_now

    with _opened(args) as ctx:
        result = backup_now(ctx)
    print(f"Reservekopi: {result.path}")
    for old in result.removed:
        print(f"Sletta gammal reservekopi: {old.name}")
    return EXIT_OK


def cmd_db_init_roles(args: argparse.Namespace) -> int:
    from dvmeet.services.maintenance import init_roles

    with _opened(args, writes=True) as ctx:
        result = init_roles(ctx, args.secretariat, args.observer)
    made = ", ".join(result.created) or "ingen nye"
    print(
        f"Rollene er klare: {result.secretariat} (les og skriv), {result.observer} (berre les). "
        f"Oppretta: {made}. Gje kvar brukar ei eiga innloggingsrolle, til dømes "
        f"CREATE ROLE kari LOGIN PASSWORD '…' IN ROLE {result.secretariat};"
    )
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    from dvmeet.errors import DatabaseDamaged
    from dvmeet.services.maintenance import check_database, check_file, database_exists

    if not database_exists(args.database):
        raise DvmeetError(
            _("Databasen finst ikkje: {database}").format(
                database=args.database or _("standardfila")
            )
        )
    damaged = check_file(args.database)
    if damaged is not None:  # checked read-only, before anything opens it for writing
        for problem in damaged.problems[:10]:
            print(f"  - {problem}", file=sys.stderr)
        lines = [f"Databasen {damaged.database} er skadd. Fila er ikkje endra."]
        if damaged.set_aside is not None:
            lines.append(f"Ein kopi er lagd til side: {damaged.set_aside}.")
        good = damaged.newest_good_backup
        if good is None:
            lines.append("Det finst ingen god reservekopi.")
        else:
            lines.append(f"Nyaste gode reservekopi: {good.path}.")
            lines.append(f"Gjenopprett med: dvmeet restore {good.path}")
        raise DatabaseDamaged(" ".join(lines))
    with _opened(args) as ctx:
        report = check_database(ctx)
    for note in report.notes:
        print(f"Merk: {note}.")
    if report.clean:
        print(f"Databasen {report.database} er i orden.")
        print(f"Revisjonsloggen: {report.audit_events} hendingar, siste hash {report.audit_head}")
        return EXIT_OK
    print(f"Databasen {report.database} har feil:", file=sys.stderr)
    for problem in report.problems:
        print(f"  - {problem}", file=sys.stderr)
    return EXIT_PROBLEMS


def cmd_verify(args: argparse.Namespace) -> int:
    from dvmeet.services.maintenance import database_exists, verify_pdf

    if not database_exists(args.database):  # verifying must not create an empty database
        raise DvmeetError(
            _("Databasen finst ikkje: {database}").format(
                database=args.database or _("standardfila")
            )
        )
    from dvmeet.services.signing import file_signatures

    with _opened(args) as ctx:
        result = verify_pdf(ctx, args.pdf)
        signed = file_signatures(ctx, args.pdf) if result.status == "ok" else None
    if result.status == "ok":
        print(result.verdict)
        if signed is not None:  # a signed møtebok: each signature as the validator saw it
            _print_signatures(signed)
            if signed.problem or not signed.all_valid:
                return EXIT_PROBLEMS
        return EXIT_OK
    print(result.verdict, file=sys.stderr)
    return EXIT_PROBLEMS if result.status == "mismatch" else EXIT_ERROR


def _print_signatures(signed: SignedMinutesOut) -> None:
    from dvmeet.services.signing import signature_verdict

    if signed.problem:
        print(signed.problem)
        return
    print(_("Fila har {n} signatur(ar):").format(n=len(signed.signatures)))
    for s in signed.signatures:
        when = f"{s.signed_at:%d.%m.%Y %H:%M} UTC" if s.signed_at else _("ukjend tid")
        print(f"  {s.position}. {s.signer}, {when}: {signature_verdict(s)}")
    if not signed.trust_roots:
        print(
            _(
                "  Ingen tillitsrøter er sette opp (Innstillingar → Tillitsrøter for "
                "signaturar): utferdarane er ikkje kontrollerte."
            )
        )


def cmd_restore(args: argparse.Namespace) -> int:
    from dvmeet.services.maintenance import restore_database

    result = restore_database(args.backup, args.database)
    print(f"Databasen {result.database} er gjenoppretta frå {result.restored_from}.")
    if result.replaced is not None:
        print(f"Den førre databasefila er teken vare på som {result.replaced}")
    return EXIT_OK


def _claim_early(args: argparse.Namespace) -> Callable[[], None]:
    """Claim an existing SQLite file before the slow imports, so that a second instance is
    told at once that the file is in use; open_database shares the claim. Returns release."""
    import os

    from dvmeet.paths import default_database_path
    from dvmeet.services.claim import claim_database_file

    if args.command == "restore":  # restore claims the file itself
        return lambda: None
    target = args.database or os.environ.get("DVMEET_DATABASE_URL")
    if target and "://" in str(target):
        return lambda: None  # a URL: open_database claims a SQLite file named in it
    path = Path(target).expanduser().absolute() if target else default_database_path()
    if not path.is_file():
        return lambda: None
    return claim_database_file(path)


def _run(handler: Callable[[argparse.Namespace], int], args: argparse.Namespace) -> int:
    release: Callable[[], None] = lambda: None  # noqa: E731
    try:
        release = _claim_early(args)
        return handler(args)
    except ImportRejected as exc:
        print(f"Feil: {exc.message}", file=sys.stderr)
        for line, reason in exc.rows:
            print(f"  linje {line}: {reason}", file=sys.stderr)
        return EXIT_ERROR
    except DvmeetError as exc:
        print(f"Feil: {exc.message}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("Avbrote.", file=sys.stderr)
        return EXIT_ERROR
    except Exception as exc:  # a bug: log it in full, show the user one line
        logged_to = _log_bug()
        print(f"Uventa feil ({type(exc).__name__}): {exc}", file=sys.stderr)
        if logged_to is not None:
            print(f"Detaljar er skrivne til {logged_to}", file=sys.stderr)
        return EXIT_ERROR
    finally:
        release()


def _log_bug() -> Path | None:
    """Log the exception being handled. With no logging set up, Python would print the
    traceback on stderr (its last-resort handler): write it to the log file instead."""
    target: Path | None = None
    if not log.handlers and not logging.getLogger().handlers:
        from dvmeet.paths import log_dir, make_private_dir

        try:
            make_private_dir(log_dir())
            target = log_dir() / "dvmeet.log"
            import os

            os.close(os.open(target, os.O_CREAT | os.O_WRONLY | os.O_APPEND, 0o600))
            handler = logging.FileHandler(target, encoding="utf-8")
        except OSError:
            target = None
        else:
            handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
            log.addHandler(handler)
    log.exception("Uventa feil")
    return target


def _file_to_open(argv: list[str], commands: Sequence[str]) -> list[str]:
    """`dvmeet FILE.sqlite` (the desktop entry's `Exec=dvmeet %F`, a double-click on a
    database file) opens the app on that file: a first word that is no command but an
    existing file, or a name ending like a database file, is taken as --database."""
    for i, word in enumerate(argv):
        if word.startswith("-"):
            if word == "--database":
                return argv
            continue
        if word in commands:
            return argv
        path = Path(word)
        if path.suffix.lower() in DATABASE_SUFFIXES or path.is_file():
            return [*argv[:i], "--database", word, *argv[i + 1 :]]
        return argv
    return argv


DATABASE_SUFFIXES = (".sqlite", ".sqlite3", ".db", ".dvmeet")


def _commands(parser: argparse.ArgumentParser) -> list[str]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return list(action.choices)
    return []


def main(argv: Sequence[str] | None = None) -> int:
    from dvmeet import cli_words

    cli_words.install()
    parser = build_parser()
    words = list(sys.argv[1:] if argv is None else argv)
    args = parser.parse_args(_file_to_open(words, _commands(parser)))
    if args.command is None:
        # The core never imports ui (DESIGN.md): the GUI is found at run time, by name.
        try:
            app = importlib.import_module("ui.app")
        except ModuleNotFoundError as exc:
            if exc.name not in ("ui", "ui.app"):
                raise
            parser.print_help()
            return EXIT_OK
        return int(app.run_app(args.database))
    return _run(args.handler, args)


if __name__ == "__main__":
    sys.exit(main())
