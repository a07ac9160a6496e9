"""The tamper tally: every insider move tried in this run, and what came of it.

A move is *refused* (the database would not do it), *detected* (it went through, and
`dvmeet check` reports it) or *missed* (neither). Each test records its moves here and
fails on a miss of its own; at the end of the run one line sums them up:

    tamper: tried=N refused=R detected=D missed=M
"""

from __future__ import annotations

import datetime as dt
import io
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from dbtarget import is_postgres
from pypdf import PdfWriter
from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL
from tamper_kit import Approved, Logins, Raw, Tally

from dvmeet.db.database import connect
from dvmeet.domain.enums import MeetingKind, MeetingStatus
from dvmeet.services import mail, meetings, minutes, papers
from dvmeet.services.context import Context
from dvmeet.services.mail.models import SendNoticeMailIn
from dvmeet.services.maintenance import fill_demo, init_roles
from dvmeet.services.meetings.models import CaseIn, PlanMeetingIn
from dvmeet.services.minutes.models import CorrectionIn
from dvmeet.services.papers.models import AttachmentIn, PaperIn

_TALLY = Tally()


@pytest.fixture(scope="session")
def tally() -> Tally:
    return _TALLY


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if _TALLY.tried:
        terminalreporter.write_line(_TALLY.line())
        for name in _TALLY.missed:
            terminalreporter.write_line(f"tamper: missed: {name}")


@pytest.fixture
def approved(ctx: Context, database_url: URL, tmp_path: Path) -> Approved:
    fill_demo(ctx, years=1)
    listed = meetings.list_meetings(ctx)
    # the constituent meeting: approved, with a saksframlegg and an attachment
    frozen = next(
        m.id
        for m in listed
        if m.status is MeetingStatus.APPROVED and m.kind is MeetingKind.CONSTITUENT
    )
    other = meetings.plan_meeting(
        ctx,
        PlanMeetingIn(
            body_code="RS", date=dt.date(2030, 6, 4), start_time=dt.time(10), place="Førde"
        ),
    ).id
    case = meetings.add_case(ctx, CaseIn(meeting_id=other, title="Ei open sak"))
    papers.update_paper(ctx, PaperIn(case_id=case.id, expected_version=0, background="Bakgrunn"))
    blank = io.BytesIO()
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.write(blank)
    papers.add_attachment(
        ctx,
        AttachmentIn(case_id=case.id, title="Vedlegg", filename="v.pdf", content=blank.getvalue()),
    )
    # the send log: the open meeting's notice written as .eml files
    mail.send_notice_mail(ctx, SendNoticeMailIn(meeting_id=other, eml_folder=tmp_path / "eml"))
    minutes.add_correction(
        ctx, CorrectionIn(meeting_id=frozen, target_table="decision", target_id=1, text="Retting")
    )
    ctx.close()
    return Approved(database_url, frozen, other)


@pytest.fixture
def owner(approved: Approved) -> Iterator[Raw]:
    raw = Raw(approved.url)
    yield raw
    raw.close()


@pytest.fixture
def logins(ctx: Context, approved: Approved) -> Iterator[Logins]:
    """A login in the secretariat group and one in the observer group (made with
    init_roles by the owner); the database and the roles are dropped afterwards."""
    if not is_postgres():
        pytest.skip("PostgreSQL only")
    url = approved.url
    tag = uuid.uuid4().hex[:8]
    rw, ro = f"sekr_{tag}", f"lesar_{tag}"
    kari, ola = f"kari_{tag}", f"ola_{tag}"
    owner_ctx = Context(connect(url), "eigar")
    try:
        init_roles(owner_ctx, rw, ro)
    finally:
        owner_ctx.close()
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f"CREATE ROLE {kari} LOGIN PASSWORD 'k' IN ROLE {rw}")
        conn.exec_driver_sql(f"CREATE ROLE {ola} LOGIN PASSWORD 'o' IN ROLE {ro}")
    admin.dispose()
    yield Logins(url.set(username=kari, password="k"), url.set(username=ola, password="o"), rw, ro)
    with create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT").connect() as c:
        c.execute(text(f'DROP DATABASE IF EXISTS "{url.database}" WITH (FORCE)'))
        for role in (kari, ola, rw, ro):
            c.exec_driver_sql(f"DROP ROLE IF EXISTS {role}")
