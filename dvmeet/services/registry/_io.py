"""Import and export of members as CSV or XLSX, with nynorsk column headers.

An import is all rows or none: every row is checked (fields, then the membership rules of
R-1 and R-2 against the registry and against the other rows), and one bad row refuses the
whole file, listing every bad row with its line number (the header is line 1).

An export uses the same headers, so it can be imported again; no cell can start a
spreadsheet formula (OWASP's CSV injection rule).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import ParseError

import openpyxl
from openpyxl.utils.exceptions import InvalidFileException
from pydantic import Field, ValidationError, ValidationInfo, field_validator
from sqlalchemy import or_, select
from sqlalchemy.orm import Session, joinedload

from dvmeet.db.backup import backup_sqlite
from dvmeet.db.models import Body, Membership, Municipality, Person
from dvmeet.documents.tables import FORMULA_STARTS
from dvmeet.domain.enums import Gender, Role
from dvmeet.domain.roles import role_rank
from dvmeet.errors import ImportRejected, InvalidInput, NotFound
from dvmeet.i18n import _
from dvmeet.services._lookup import find_body
from dvmeet.services.context import Context, UnitOfWork
from dvmeet.services.models import In, Out, explain_validation, field_names
from dvmeet.services.progress import Progress, quiet
from dvmeet.services.registry._terms import (
    Term,
    TermIndex,
    load_terms,
    membership_out,
    not_voided,
    person_key,
    term_problems,
)
from dvmeet.services.registry.models import (
    MEMBER_COLUMNS,
    BodyCode,
    Email,
    Name,
    OptText,
    Phone,
    check_deputy_rank,
    check_term_end,
)

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000
MAX_COLUMNS = 50

COLUMNS = MEMBER_COLUMNS
REQUIRED = ("namn", "kommunenummer", "organ", "rolle", "frå")
_ALIASES = {
    "namn": ("navn", "name"),
    "e-post": ("epost", "e-mail", "email", "mail"),
    "telefon": ("tlf", "tlf.", "mobil", "phone"),
    "kommunenummer": ("kommunenr", "kommunenr.", "kommune", "municipality", "municipality_number"),
    "organ": ("body", "body_code"),
    "rolle": ("role",),
    "vararang": ("rang", "rank", "deputy_rank"),
    "frå": ("fra", "gjeld frå", "gjelder fra", "from", "valid_from"),
    "til": ("gjeld til", "gjelder til", "to", "valid_to"),
    "vedtak": ("valt i vedtak", "decision", "electing_decision"),
    "kjønn": ("kjonn", "gender"),
}
HEADER_OF: dict[str, str] = {c: c for c in COLUMNS} | {
    alias: column for column, aliases in _ALIASES.items() for alias in aliases
}
_FIELD_OF_COLUMN = {
    "namn": "name",
    "e-post": "email",
    "telefon": "phone",
    "kommunenummer": "municipality_number",
    "organ": "body_code",
    "rolle": "role",
    "vararang": "deputy_rank",
    "frå": "valid_from",
    "til": "valid_to",
    "vedtak": "electing_decision",
    "kjønn": "gender",
}
_ROLES = {
    "leiar": Role.LEIAR,
    "leder": Role.LEIAR,
    "chair": Role.LEIAR,
    "nestleiar": Role.NESTLEIAR,
    "nestleder": Role.NESTLEIAR,
    "medlem": Role.MEDLEM,
    "member": Role.MEDLEM,
    "varamedlem": Role.VARAMEDLEM,
    "vara": Role.VARAMEDLEM,
    "deputy": Role.VARAMEDLEM,
}
_GENDERS = {
    "kvinne": Gender.KVINNE,
    "k": Gender.KVINNE,
    "female": Gender.KVINNE,
    "mann": Gender.MANN,
    "m": Gender.MANN,
    "male": Gender.MANN,
    "anna": Gender.ANNA,
    "annet": Gender.ANNA,
    "other": Gender.ANNA,
}
_DOTTED_DATE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")

Cell = str | dt.date | None


# --- Output models ------------------------------------------------------------------------


class ImportRowOut(Out):
    line: int
    name: str
    email: str | None
    phone: str | None
    municipality_number: str
    municipality_name: str
    body_code: str
    role: Role
    deputy_rank: int | None
    valid_from: dt.date
    valid_to: dt.date | None
    electing_decision: str | None
    gender: Gender | None
    person_id: int | None  # None: a new person is created
    already_registered: bool  # the same term is in the registry: left as it is


class RejectedRow(Out):
    line: int
    reason: str


class ImportPreview(Out):
    file_name: str
    rows: list[ImportRowOut]
    rejected: list[RejectedRow]
    ignored_columns: list[str]

    @property
    def ok(self) -> bool:
        return not self.rejected


class ImportResult(Out):
    file_name: str
    rows: int
    persons_created: int
    memberships_created: int
    unchanged: int


# --- Reading a file -----------------------------------------------------------------------


@dataclass
class Table:
    file_name: str
    rows: list[tuple[int, dict[str, Cell]]]
    ignored_columns: list[str]


def read_table(path: Path) -> Table:
    """The rows of a .csv or .xlsx file by column; refuses files it cannot take whole."""
    if not path.is_file():
        raise InvalidInput(_("Finn ikkje fila {path}.").format(path=path))
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise ImportRejected(
            _(
                "Fila er for stor ({size} MB). Største storleik er {most} MB. "
                "Del opp fila og importer delane kvar for seg."
            ).format(size=f"{size / 1024 / 1024:.1f}", most=MAX_BYTES // 1024 // 1024),
            rows=[],
        )
    suffix = path.suffix.lower()
    if suffix == ".csv":
        raw = _csv_rows(path)
    elif suffix == ".xlsx":
        raw = _xlsx_rows(path)
    else:
        raise ImportRejected(
            _("Fila «{name}» er verken .csv eller .xlsx. Lagra ho i eit av desse formata.").format(
                name=path.name
            ),
            rows=[],
        )
    return _table(path.name, raw)


def _csv_rows(path: Path) -> Iterator[list[Any]]:
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportRejected(
            _(
                "Fila er ikkje lagra som UTF-8, så æ, ø og å kan bli feil. "
                "Vel «CSV UTF-8» når du lagrar fila i Excel, og prøv igjen."
            ),
            rows=[],
        ) from exc
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") >= first.count(",") and ";" in first else ","
    try:
        yield from csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    except csv.Error as exc:
        raise ImportRejected(
            _("Fila kan ikkje lesast som CSV: {error}").format(error=exc), rows=[]
        ) from exc


MAX_UNPACKED_BYTES = 25 * 1024 * 1024  # a 5,000-row sheet unpacks to about 3 MB


def _refuse_zip_bomb(path: Path) -> None:
    """An .xlsx is a zip archive: refuse one that unpacks to far more than a member list
    can hold, before anything is unpacked (the sizes in the archive bound what zipfile reads)."""
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError) as exc:
        raise ImportRejected(
            _(
                "Fila kan ikkje lesast som ei Excel-fil (.xlsx). Er ho skadd, eller i eit anna "
                "format?"
            ),
            rows=[],
        ) from exc
    if unpacked > MAX_UNPACKED_BYTES:
        raise ImportRejected(
            _(
                "Excel-fila blir {size} MB når ho blir pakka ut; største storleik er {most} MB. "
                "Lagra berre medlemslista i ei ny fil og prøv igjen."
            ).format(size=f"{unpacked / 1024 / 1024:.0f}", most=MAX_UNPACKED_BYTES // 1024 // 1024),
            rows=[],
        )


def _xlsx_rows(path: Path) -> Iterator[list[Any]]:
    _refuse_zip_bomb(path)
    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
        try:
            sheet = wb.worksheets[0]
            for row in sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS):
                yield list(row)
        finally:
            wb.close()
    except (
        zipfile.BadZipFile,
        InvalidFileException,
        KeyError,
        ValueError,
        OSError,
        EOFError,
        zlib.error,  # a damaged deflate stream inside the archive
        NotImplementedError,  # zipfile: a damaged "version needed to extract" of a part
        ParseError,  # damaged XML inside it
        # openpyxl's own reaction to damaged parts: a workbook with no sheet (IndexError),
        # a mangled attribute name handed to a constructor (TypeError), a missing element
        IndexError,
        TypeError,
        AttributeError,
    ) as exc:
        raise ImportRejected(
            _(
                "Fila kan ikkje lesast som ei Excel-fil (.xlsx). Er ho skadd, eller i eit anna "
                "format?"
            ),
            rows=[],
        ) from exc


def _header(cells: Sequence[Any]) -> tuple[dict[int, str], list[str]]:
    columns: dict[int, str] = {}
    ignored: list[str] = []
    problems: list[str] = []
    for index, cell in enumerate(cells):
        text = _cell(cell)
        if not isinstance(text, str):
            continue
        column = HEADER_OF.get(text.casefold())
        if column is None:
            ignored.append(text)
        elif column in columns.values():
            problems.append(_("kolonnen «{column}» står meir enn éin gong").format(column=column))
        else:
            columns[index] = column
    missing = [c for c in REQUIRED if c not in columns.values()]
    if missing:
        problems.append(
            _("manglar kolonnane {columns}").format(columns=", ".join(f"«{c}»" for c in missing))
        )
    if problems:
        reason = _("{problems}. Første rad skal vere overskrifter: {columns}").format(
            problems="; ".join(problems), columns=", ".join(COLUMNS)
        )
        raise ImportRejected(_("Overskriftsrada i fila er ikkje som venta."), rows=[(1, reason)])
    return columns, ignored


def _table(file_name: str, raw: Iterator[list[Any]]) -> Table:
    header = next(raw, None)
    if header is None:
        raise ImportRejected(_("Fila er tom."), rows=[])
    columns, ignored = _header(header)
    rows: list[tuple[int, dict[str, Cell]]] = []
    for line, cells in enumerate(raw, start=2):
        values = {col: _cell(cells[i]) for i, col in columns.items() if i < len(cells)}
        if all(v is None for v in values.values()):
            continue
        if len(rows) == MAX_ROWS:
            raise ImportRejected(
                _(
                    "Fila har meir enn {n} rader. Del ho opp og importer delane kvar for seg."
                ).format(n=MAX_ROWS),
                rows=[],
            )
        rows.append((line, values))
    if not rows:
        raise ImportRejected(_("Fila har ingen rader under overskriftene."), rows=[])
    return Table(file_name, rows, ignored)


def _cell(value: Any) -> Cell:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    if len(text) > 1 and text[0] == "'" and text[1] in FORMULA_STARTS:
        text = text[1:].strip()  # undo the neutralising of an export
    return text or None


# --- One row ------------------------------------------------------------------------------


def _parse_date(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    match = _DOTTED_DATE.fullmatch(value)
    try:
        if match:
            day, month, year = (int(g) for g in match.groups())
            return dt.date(year, month, day)
        return dt.date.fromisoformat(value[:10] if len(value) > 10 else value)
    except ValueError:
        raise ValueError(
            _("ugyldig dato «{value}» (skriv til dømes 2025-01-01 eller 01.01.2025)").format(
                value=value
            )
        ) from None


class MemberRow(In):
    """One row of an import file, before it is matched against the registry."""

    name: Name
    email: Email = None
    phone: Phone = None
    municipality_number: str  # number, or the municipality's name
    body_code: BodyCode
    role: Role
    deputy_rank: int | None = Field(default=None, validate_default=True)
    valid_from: dt.date
    valid_to: dt.date | None = Field(default=None, validate_default=True)
    electing_decision: OptText = None
    gender: Gender | None = None

    @field_validator("role", mode="before")
    @classmethod
    def _role(cls, value: Any) -> Any:
        if isinstance(value, str):
            role = _ROLES.get(value.strip().casefold())
            if role is None:
                raise ValueError(
                    _(
                        "«{value}» er ikkje ei rolle (leiar, nestleiar, medlem eller varamedlem)"
                    ).format(value=value)
                )
            return role
        return value

    @field_validator("gender", mode="before")
    @classmethod
    def _gender(cls, value: Any) -> Any:
        if isinstance(value, str):
            gender = _GENDERS.get(value.strip().casefold())
            if gender is None:
                raise ValueError(
                    _("«{value}» er ikkje eit kjønn (kvinne, mann eller anna)").format(value=value)
                )
            return gender
        return value

    @field_validator("deputy_rank", mode="before")
    @classmethod
    def _rank_text(cls, value: Any) -> Any:
        return value.rstrip(".") if isinstance(value, str) else value

    @field_validator("valid_from", "valid_to", mode="before")
    @classmethod
    def _dates(cls, value: Any) -> Any:
        return _parse_date(value)

    @field_validator("deputy_rank")
    @classmethod
    def _rank(cls, value: int | None, info: ValidationInfo) -> int | None:
        return check_deputy_rank(info.data.get("role"), value)

    @field_validator("valid_to")
    @classmethod
    def _term_end(cls, value: dt.date | None, info: ValidationInfo) -> dt.date | None:
        return check_term_end(info.data.get("valid_from"), value)


# --- Matching rows against the registry ---------------------------------------------------


@dataclass
class _NewPerson:
    key: str
    row: MemberRow
    municipality: Municipality


@dataclass
class _Planned:
    line: int
    row: MemberRow
    municipality: Municipality
    body: Body
    person: Person | _NewPerson
    term: Term
    already_registered: bool


@dataclass
class Plan:
    file_name: str
    rows: list[_Planned] = field(default_factory=list)
    rejected: dict[int, list[str]] = field(default_factory=dict)
    ignored_columns: list[str] = field(default_factory=list)
    new_persons: list[_NewPerson] = field(default_factory=list)

    def reject(self, line: int, reasons: Sequence[str]) -> None:
        self.rejected.setdefault(line, []).extend(reasons)


class _Registry:
    """What the rows are matched against, loaded in a handful of queries."""

    def __init__(self, session: Session) -> None:
        munis = list(session.scalars(select(Municipality)))
        self.by_number = {m.number: m for m in munis}
        self.by_name = {m.name.casefold(): m for m in munis}
        self.bodies = {b.code: b for b in session.scalars(select(Body))}
        persons = list(session.scalars(select(Person).options(joinedload(Person.municipality))))
        self.by_email: dict[str, list[Person]] = {}
        self.by_name_muni: dict[tuple[str, str], list[Person]] = {}
        for p in persons:
            if p.email:
                self.by_email.setdefault(p.email.casefold(), []).append(p)
            if p.municipality is not None:
                key = (p.name.casefold(), p.municipality.number)
                self.by_name_muni.setdefault(key, []).append(p)
        self.new: dict[str, _NewPerson] = {}
        self.terms: list[Term] = []
        if self.bodies:
            self.terms = load_terms(
                session, Membership.body_id.in_(b.id for b in self.bodies.values())
            )
        self.known = {_identity(t) for t in self.terms}

    def municipality(self, text: str) -> Municipality | None:
        number = text.zfill(4) if text.isdigit() else text  # a spreadsheet may drop a 0
        return self.by_number.get(number) or self.by_name.get(text.casefold())

    def person(self, row: MemberRow, muni: Municipality) -> Person | _NewPerson:
        """The registry's person for a row (by e-mail, else name and municipality), or new."""
        found: list[Person] = []
        if row.email:
            found = self.by_email.get(row.email.casefold(), [])
        if not found:
            # By name and municipality; a row's e-mail never matches someone with another.
            found = [
                p
                for p in self.by_name_muni.get((row.name.casefold(), muni.number), [])
                if not (row.email and p.email)
            ]
        if len(found) > 1:
            raise ValueError(
                _(
                    "fleire personar i registeret passar til {name} ({municipality}); "
                    "skriv e-postadressa for å skilje dei"
                ).format(name=row.name, municipality=muni.name)
            )
        if found:
            return found[0]
        return self._new(row, muni)

    def _new(self, row: MemberRow, muni: Municipality) -> _NewPerson:
        keys = [f"e:{row.email.casefold()}"] if row.email else []
        keys.append(f"n:{row.name.casefold()}|{muni.number}")
        for key in keys:
            if key in self.new:
                known = self.new[key]
                if known.row.name.casefold() != row.name.casefold():
                    raise ValueError(
                        _("e-postadressa {email} står òg ved eit anna namn ({name})").format(
                            email=row.email, name=known.row.name
                        )
                    )
                return known
        person = _NewPerson(f"ny:{keys[0]}", row, muni)
        for key in keys:
            self.new[key] = person
        return person


REPORT_EVERY = 25  # rows checked between two progress reports


def plan_import(session: Session, table: Table, progress: Progress | None = None) -> Plan:
    """Check every row (fields, references, then R-1/R-2 against registry and file)."""
    progress = progress or quiet()
    registry = _Registry(session)
    plan = Plan(table.file_name, ignored_columns=table.ignored_columns)
    total = len(table.rows)
    for n, (line, values) in enumerate(table.rows):
        if n % REPORT_EVERY == 0:
            progress.step(
                n, total, _("Kontrollerer rad {n} av {total}").format(n=n + 1, total=total)
            )
        planned = _plan_row(registry, plan, line, values)
        if planned is not None:
            plan.rows.append(planned)
    _check_rules(registry, plan)
    plan.new_persons = list({id(p): p for p in registry.new.values()}.values())
    return plan


def _plan_row(
    registry: _Registry, plan: Plan, line: int, values: dict[str, Cell]
) -> _Planned | None:
    data = {_FIELD_OF_COLUMN[c]: v for c, v in values.items() if v is not None}
    try:
        row = MemberRow.model_validate(data)
    except ValidationError as exc:
        plan.reject(line, [_by_column(problem) for problem in explain_validation(exc)])
        return None
    muni = registry.municipality(row.municipality_number)
    body = registry.bodies.get(row.body_code)
    problems = []
    if muni is None:
        problems.append(
            _("kommunen «{number}» finst ikkje i registeret").format(number=row.municipality_number)
        )
    if body is None:
        problems.append(_missing_body(registry, row.body_code))
    if muni is None or body is None:
        plan.reject(line, problems)
        return None
    try:
        person = registry.person(row, muni)
    except ValueError as exc:
        plan.reject(line, [str(exc)])
        return None
    term = _term(line, row, muni, body, person)
    known = _identity(term) in registry.known
    return _Planned(line, row, muni, body, person, term, known)


def _missing_body(registry: _Registry, code: str) -> str:
    """Why a row naming an unknown body is refused, and what to do about it: a new
    database has no bodies until the secretariat makes them."""
    if not registry.bodies:
        return _(
            "det finst ikkje noko organ enno: lag organet «{code}» fyrst (Innstillingar → "
            "Organ …), og importer fila på nytt"
        ).format(code=code)
    return _("organet «{code}» finst ikkje (organa er {codes})").format(
        code=code, codes=", ".join(sorted(registry.bodies))
    )


def _by_column(problem: str) -> str:
    """Name the file's column in a validation message ("gjeld frå: ..." -> "frå: ...")."""
    field_name, sep, rest = problem.partition(": ")
    names = field_names()
    columns = {names[f]: column for column, f in _FIELD_OF_COLUMN.items()}
    return f"{columns.get(field_name, field_name)}{sep}{rest}"


def _term(
    line: int, row: MemberRow, muni: Municipality, body: Body, person: Person | _NewPerson
) -> Term:
    if isinstance(person, Person):
        key, name = person_key(person.id), person.name
        home = person.municipality.number if person.municipality else None
    else:
        key, name, home = person.key, person.row.name, person.municipality.number
    return Term(
        person=key,
        person_name=name,
        person_municipality=home,
        body=body.code,
        municipality=muni.number,
        municipality_name=muni.name,
        role=row.role,
        rank=row.deputy_rank,
        start=row.valid_from,
        end=row.valid_to,
        where=f" (rad {line})",
    )


def _identity(t: Term) -> tuple[object, ...]:
    return (t.person, t.body, t.municipality, t.role, t.rank, t.start, t.end)


def _check_rules(registry: _Registry, plan: Plan) -> None:
    """R-1/R-2 for each new row against the registry and the rows above it (gaps: all rows)."""
    new_terms = [p.term for p in plan.rows if not p.already_registered]
    pool = TermIndex([*registry.terms, *new_terms])
    earlier = TermIndex(registry.terms)
    for planned in plan.rows:
        if planned.already_registered:
            continue
        term = planned.term
        problems = term_problems(term, earlier.near(term), pool.same_seat(term))
        if problems:
            plan.reject(planned.line, [message for _rule, message in problems])
        earlier.add(term)


def _preview(plan: Plan) -> ImportPreview:
    return ImportPreview(
        file_name=plan.file_name,
        rows=[_row_out(p) for p in plan.rows if p.line not in plan.rejected],
        rejected=[
            RejectedRow(line=line, reason="; ".join(reasons))
            for line, reasons in sorted(plan.rejected.items())
        ],
        ignored_columns=plan.ignored_columns,
    )


def _row_out(p: _Planned) -> ImportRowOut:
    r = p.row
    return ImportRowOut(
        line=p.line,
        name=p.person.name if isinstance(p.person, Person) else r.name,
        email=r.email,
        phone=r.phone,
        municipality_number=p.municipality.number,
        municipality_name=p.municipality.name,
        body_code=p.body.code,
        role=r.role,
        deputy_rank=r.deputy_rank,
        valid_from=r.valid_from,
        valid_to=r.valid_to,
        electing_decision=r.electing_decision,
        gender=r.gender,
        person_id=p.person.id if isinstance(p.person, Person) else None,
        already_registered=p.already_registered,
    )


def _refuse_if_rejected(plan: Plan) -> None:
    if plan.rejected:
        bad = sorted(plan.rejected.items())
        raise ImportRejected(
            _(
                "Importen vart avvist: {n} rad(er) har feil. Ingenting vart lagra. "
                "Rett radene og importer fila på nytt."
            ).format(n=len(bad)),
            rows=[(line, "; ".join(reasons)) for line, reasons in bad],
        )


# --- Import -------------------------------------------------------------------------------


def import_preview(ctx: Context, path: Path, progress: Progress | None = None) -> ImportPreview:
    """What an import of the file would do, row by row, without writing anything."""
    table = read_table(path)
    with ctx.reading() as s:
        return _preview(plan_import(s, table, progress))


def import_members(ctx: Context, path: Path, progress: Progress | None = None) -> ImportResult:
    """Import every row of the file, or none: ImportRejected names every bad row.

    Cancelling (through `progress`) is possible until the rows are written: a backup cut
    short is removed, and the writing transaction is rolled back."""
    steps = progress or quiet()
    table = read_table(path)
    with ctx.reading() as s:
        _refuse_if_rejected(plan_import(s, table, steps))
    if ctx.database_path is not None:
        backup_sqlite(
            ctx.database_path,
            reason="import",
            progress=lambda done, total: steps.step(done, total, _("Tek reservekopi")),
        )
    with ctx.unit_of_work() as uow:
        plan = plan_import(uow.session, table, steps)  # again, inside the writing transaction
        _refuse_if_rejected(plan)
        steps.step(len(table.rows), len(table.rows), _("Lagrar"))
        return _write(uow, plan)


def _write(uow: UnitOfWork, plan: Plan) -> ImportResult:
    s = uow.session
    persons: dict[str, Person] = {}
    for new in plan.new_persons:
        r = new.row
        persons[new.key] = Person(
            name=r.name,
            email=r.email,
            phone=r.phone,
            municipality=new.municipality,
            gender=r.gender,
        )
    s.add_all(persons.values())
    s.flush()
    for new in plan.new_persons:
        person = persons[new.key]
        payload = {"name": person.name, "email": person.email, "source": plan.file_name}
        uow.audit("person.create", "person", person.id, payload)
    created = [_membership(p, persons) for p in plan.rows if not p.already_registered]
    s.add_all(created)
    s.flush()
    for m in created:
        payload = membership_out(m).model_dump(mode="json", exclude={"id"})
        uow.audit("membership.add", "membership", m.id, payload | {"source": plan.file_name})
    result = ImportResult(
        file_name=plan.file_name,
        rows=len(plan.rows),
        persons_created=len(persons),
        memberships_created=len(created),
        unchanged=len(plan.rows) - len(created),
    )
    uow.audit("members.import", "membership", None, result.model_dump(mode="json"))
    return result


def _membership(p: _Planned, persons: dict[str, Person]) -> Membership:
    person = p.person if isinstance(p.person, Person) else persons[p.person.key]
    return Membership(
        person=person,
        body=p.body,
        municipality=p.municipality,
        role=p.row.role,
        deputy_rank=p.row.deputy_rank,
        valid_from=p.row.valid_from,
        valid_to=p.row.valid_to,
        electing_decision=p.row.electing_decision,
    )


# --- Export -------------------------------------------------------------------------------


def export_rows(ctx: Context, body_code: str, on_date: dt.date | None) -> list[list[Cell | int]]:
    """The export's rows: the terms valid on `on_date`, or every term when it is None."""
    with ctx.reading() as s:
        body = find_body(s, body_code)
        if body is None:
            raise NotFound(_("Organet «{code}» finst ikkje.").format(code=body_code))
        where = [Membership.body_id == body.id, not_voided()]
        if on_date is not None:
            where += [
                Membership.valid_from <= on_date,
                or_(Membership.valid_to.is_(None), Membership.valid_to >= on_date),
            ]
        stmt = (
            select(Membership)
            .options(joinedload(Membership.person), joinedload(Membership.municipality))
            .where(*where)
            .order_by(Membership.valid_from, Membership.id)
        )
        terms = sorted(s.scalars(stmt).unique(), key=_export_order)
        return [_export_row(m, body.code) for m in terms]


def _export_order(m: Membership) -> tuple[str, dt.date, int, int]:
    return (m.municipality.number, m.valid_from, role_rank(m.role), m.deputy_rank or 0)


def _export_row(m: Membership, body_code: str) -> list[Cell | int]:
    p = m.person
    return [
        p.name,
        p.email,
        p.phone,
        m.municipality.number,
        body_code,
        m.role.value,
        m.deputy_rank,
        m.valid_from,
        m.valid_to,
        m.electing_decision,
        p.gender.value if p.gender else None,
    ]
