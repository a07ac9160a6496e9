"""The command line: a second front end over dvmeet.services (opens the GUI by default)."""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from dvmeet import __version__
from dvmeet.errors import DvmeetError, ImportRejected

log = logging.getLogger("dvmeet")

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_ERROR = 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dvmeet",
        description="dvmeet: møte, møtebok og medlemsregister for DigiVestland.",
    )
    parser.add_argument("--version", action="version", version=f"dvmeet {__version__}")
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

    check = sub.add_parser("check", help="kontroller databasen (integritet, nøklar, revisjonslogg)")
    check.set_defaults(handler=cmd_check)
    return parser


def _context(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from dvmeet.services.context import open_context

    return open_context(args.database)


def cmd_demo(args: argparse.Namespace) -> int:
    from dvmeet.services.demo import fill_demo

    if args.years < 0 or args.years > 30:
        raise DvmeetError("--years må vere mellom 0 og 30.")
    ctx = _context(args)
    try:
        summary = fill_demo(ctx, years=args.years)
    finally:
        ctx.close()
    print(summary.describe())
    return EXIT_OK


def cmd_registry_import(args: argparse.Namespace) -> int:
    from dvmeet.services.registry_io import import_members

    ctx = _context(args)
    try:
        result = import_members(ctx, args.file)
    finally:
        ctx.close()
    print(f"Importerte {result.rows} rader frå {args.file}.")
    return EXIT_OK


def cmd_registry_export(args: argparse.Namespace) -> int:
    from dvmeet.services.registry_io import export_members

    ctx = _context(args)
    try:
        count = export_members(ctx, args.body, args.file)
    finally:
        ctx.close()
    print(f"Eksporterte {count} rader til {args.file}.")
    return EXIT_OK


def cmd_backup(args: argparse.Namespace) -> int:
    from dvmeet.services.maintenance import backup_now

    ctx = _context(args)
    try:
        result = backup_now(ctx)
    finally:
        ctx.close()
    print(f"Reservekopi: {result.path}")
    for old in result.removed:
        print(f"Sletta gammal reservekopi: {old.name}")
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    from dvmeet.services.maintenance import check_database, database_exists

    if not database_exists(args.database):
        raise DvmeetError(f"Databasen finst ikkje: {args.database or 'standardfila'}")
    ctx = _context(args)
    try:
        report = check_database(ctx)
    finally:
        ctx.close()
    if report.clean:
        print(f"Databasen {report.database} er i orden.")
        print(f"Revisjonsloggen: {report.audit_events} hendingar, siste hash {report.audit_head}")
        return EXIT_OK
    print(f"Databasen {report.database} har feil:", file=sys.stderr)
    for problem in report.problems:
        print(f"  - {problem}", file=sys.stderr)
    return EXIT_PROBLEMS


def _run(handler: Callable[[argparse.Namespace], int], args: argparse.Namespace) -> int:
    try:
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


def _log_bug() -> Path | None:
    """Log the exception being handled. With no logging set up, Python would print the
    traceback on stderr (its last-resort handler): write it to the log file instead."""
    target: Path | None = None
    if not log.handlers and not logging.getLogger().handlers:
        from dvmeet.paths import log_dir, make_private_dir

        try:
            make_private_dir(log_dir())
            target = log_dir() / "dvmeet.log"
            handler = logging.FileHandler(target, encoding="utf-8")
        except OSError:
            target = None
        else:
            handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
            log.addHandler(handler)
    log.exception("Uventa feil")
    return target


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
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
