"""Benchmark (not a test): render the minutes of a 30-case and a 300-case meeting in-process,
and, where LibreOffice is installed, convert the same minutes written as .docx with
`soffice --headless --convert-to pdf`. Prints the times and ends with one line:

    minutes ratio libreoffice_over_dvmeet=X scale_300_over_30=Y

Targets (issue 4): X >= 10 (in-process at least 10 times faster), Y <= 10.
X and Y count the whole in-process path, data to PDF: the minutes model read from the
database through the services plus the render (LibreOffice is given a ready .docx, so this
is the honest comparison). The render alone is printed too.
The meetings are built through the services in a temporary SQLite database.
Run: uv run python benchmarks/minutes.py
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

from dvmeet.documents.minutes import minutes_pdf
from dvmeet.domain.enums import BodyKind, LegalForm, MeetingForm, ProposalKind, Role, VoteMethod
from dvmeet.services import attendance, meetings, minutes, registry, voting
from dvmeet.services.attendance.models import CloseMeetingIn, OpenMeetingIn, PresenceIn
from dvmeet.services.context import Context, open_context
from dvmeet.services.meetings.models import CaseIn, PlanMeetingIn, SendNoticeIn
from dvmeet.services.minutes.models import MinutesDraft
from dvmeet.services.registry.models import BodyIn, CooperationIn, MembershipIn, PersonIn
from dvmeet.services.voting.models import DecisionIn, VoteIn

REPEATS = 3  # LibreOffice conversions per size (a second or more each)
DV_REPEATS = 7  # in-process runs per size; medians, as the machine may be shared
SEATS = 20
TEXT = (
    "Representantskapet sluttar seg til tilrådinga frå sekretariatet og ber dagleg leiar "
    "følgje opp arbeidet i samarbeid med deltakarkommunane, innanfor dei økonomiske rammene "
    "som er vedtekne for året. Saka vert lagd fram att for representantskapet med ei "
    "vurdering av erfaringane."
)


def build(ctx: Context, code: str, cases: int, day: dt.date) -> int:
    registry.create_body(
        ctx,
        BodyIn(code=code, name=f"Representantskapet {code}", kind=BodyKind.ELECTED, seats=SEATS),
    )
    munis = [m for m in registry.list_municipalities(ctx)][:SEATS]
    members = []
    for i, m in enumerate(munis):
        person = registry.create_person(
            ctx, PersonIn(name=f"Åse Ørnes-Čuđe {code}{i}", municipality_number=m.number)
        )
        role = Role.LEIAR if i == 0 else Role.MEDLEM
        registry.add_membership(
            ctx,
            MembershipIn(
                person_id=person.id,
                body_code=code,
                municipality_number=m.number,
                role=role,
                valid_from=dt.date(2024, 1, 1),
            ),
        )
        members.append(person.id)
    meeting = meetings.plan_meeting(
        ctx,
        PlanMeetingIn(
            body_code=code,
            date=day,
            start_time=dt.time(10),
            place="Bergen rådhus",
            form=MeetingForm.FYSISK,
        ),
    )
    for n in range(cases):
        meetings.add_case(
            ctx,
            CaseIn(
                meeting_id=meeting.id,
                title=f"Sak nummer {n + 1}: handlingsplan for digitalisering",
                recommendation=TEXT,
                description=TEXT,
            ),
        )
    meetings.send_notice(
        ctx, SendNoticeIn(meeting_id=meeting.id, sent_on=day - dt.timedelta(days=20))
    )
    for pid in members:
        attendance.mark_present(ctx, PresenceIn(meeting_id=meeting.id, person_id=pid))
    attendance.open_meeting(
        ctx, OpenMeetingIn(meeting_id=meeting.id, opened_at=dt.datetime.combine(day, dt.time(10)))
    )
    for i, case in enumerate(meetings.get_meeting(ctx, meeting.id).cases):
        if case.standing is not None and not case.recommendation:
            voting.record_decision(ctx, DecisionIn(case_id=case.id, text="Ingen saker."))
            continue
        rec = next(
            p for p in voting.proposals(ctx, case.id) if p.kind is ProposalKind.RECOMMENDATION
        )
        split = i % 3 == 0
        vote = voting.record_vote(
            ctx,
            VoteIn(
                case_id=case.id,
                proposal_id=rec.id,
                method=VoteMethod.COUNTS if split else VoteMethod.UNANIMOUS,
                dissenters=members[-4:] if split else [],
            ),
        )
        voting.record_decision(ctx, DecisionIn(case_id=case.id, vote_id=vote.id))
    attendance.close_meeting(
        ctx,
        CloseMeetingIn(meeting_id=meeting.id, closed_at=dt.datetime.combine(day, dt.time(15))),
    )
    return meeting.id


def render_once(ctx: Context, meeting_id: int) -> tuple[float, float, int]:
    """(model seconds, render seconds, bytes): the model is read from the database through
    the services; the render turns it into a PDF (the counterpart of LibreOffice's
    conversion, which is given a ready .docx)."""
    start = time.perf_counter()
    document = minutes.minutes_document(ctx, meeting_id, public=False)
    built = time.perf_counter()
    data = minutes_pdf(document)
    return built - start, time.perf_counter() - built, len(data)


# --- the same content as .docx (minimal hand-made WordprocessingML) --------------------

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _p(text: str, bold: bool = False, size: int | None = None) -> str:
    props = ("<w:b/>" if bold else "") + (f'<w:sz w:val="{size}"/>' if size else "")
    rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
    return f'<w:p><w:r>{rpr}<w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>'


def _table(rows: list[list[str]]) -> str:
    grid = "".join(
        "<w:tr>" + "".join(f"<w:tc>{_p(c)}</w:tc>" for c in row) + "</w:tr>" for row in rows
    )
    borders = '<w:tblBorders><w:bottom w:val="single" w:sz="4"/></w:tblBorders>'
    return f'<w:tbl><w:tblPr><w:tblW w:w="5000" w:type="pct"/>{borders}</w:tblPr>{grid}</w:tbl>'


def write_docx(draft: MinutesDraft, path: Path) -> None:
    body = [
        _p(f"Møtebok – {draft.body_name}", bold=True, size=32),
        _p(f"Møtedato {draft.date:%d.%m.%Y}  Møtestad {draft.place}"),
        _p("Desse medlemene møtte:", bold=True),
        _table([[p.name, p.municipality] for p in draft.present]),
        _p("Sakliste", bold=True, size=26),
        _table([[c.label, c.title] for c in draft.cases]),
    ]
    for c in draft.cases:
        body.append(_p(f"{c.label}  {c.title}", bold=True, size=24))
        if c.recommendation:
            body += [_p("Innstilling:", bold=True), _p(f"«{c.recommendation}»")]
        for v in c.votes:
            body += [_p("Røysting:", bold=True), _p(f"{v.text} {v.quorum_sentence}")]
        if c.decision:
            body += [_p("Vedtak:", bold=True), _p(f"«{c.decision}»")]
    document = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {W}><w:body>'
        + "".join(body)
        + '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>'
    )
    types = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/word/document.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
    )
    rels = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", types)
        z.writestr("_rels/.rels", rels)
        z.writestr("word/document.xml", document)


def soffice_once(soffice: str, docx: Path, profile: Path) -> float:
    out = docx.parent / "lo"
    start = time.perf_counter()
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            str(docx),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    elapsed = time.perf_counter() - start
    if not (out / (docx.stem + ".pdf")).exists():
        raise RuntimeError(f"LibreOffice wrote no PDF for {docx}")
    return elapsed


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="dvmeet-bench-") as tmp:
        root = Path(tmp)
        os.environ["DVMEET_DATA_DIR"] = str(root / "data")
        ctx = open_context(root / "bench.sqlite", actor="benchmark")
        try:
            registry.load_municipalities(ctx)
            registry.set_cooperation(
                ctx, CooperationIn(name="DigiVestland", legal_form=LegalForm.OPPGAVEFELLESSKAP)
            )
            t0 = time.perf_counter()
            ids = {
                30: build(ctx, "A", 30, dt.date(2025, 3, 12)),
                300: build(ctx, "B", 300, dt.date(2025, 6, 12)),
            }
            print(f"built meetings through the services in {time.perf_counter() - t0:.1f} s")
            render_once(ctx, ids[30])  # warm: fonts registered, imports done
            dvmeet: dict[int, float] = {}  # render only
            model: dict[int, float] = {}  # model from the database only
            total: dict[int, float] = {}  # model + render, per run
            for n, mid in ids.items():
                runs = [render_once(ctx, mid) for _ in range(DV_REPEATS)]
                model[n] = statistics.median(m for m, _, _ in runs)
                dvmeet[n] = statistics.median(r for _, r, _ in runs)
                total[n] = statistics.median(m + r for m, r, _ in runs)
                print(
                    f"dvmeet in-process {n:>3} cases: model + render {total[n]:.3f} s "
                    f"(model from the database {model[n]:.3f} s, render {dvmeet[n]:.3f} s; "
                    f"medians of {DV_REPEATS}, {runs[0][2] // 1024} KiB)"
                )
            soffice = shutil.which("soffice") or shutil.which("libreoffice")
            lo: dict[int, float] = {}
            if soffice is None:
                print("LibreOffice (soffice) not found: conversion not measured")
            else:
                profile = root / "lo-profile"
                for n, mid in ids.items():
                    docx = root / f"minutes-{n}.docx"
                    write_docx(minutes.minutes_draft(ctx, mid), docx)
                    soffice_once(soffice, docx, profile)  # first start writes the profile
                    lo[n] = statistics.median(
                        soffice_once(soffice, docx, profile) for _ in range(REPEATS)
                    )
                    print(
                        f"LibreOffice docx->pdf {n:>3} cases: {lo[n]:.3f} s (median of {REPEATS})"
                    )
        finally:
            ctx.close()
    for n in total:
        if lo:
            print(
                f"libreoffice over dvmeet ({n:>3} cases): model + render "
                f"{lo[n] / total[n]:.1f}, render only {lo[n] / dvmeet[n]:.1f}"
            )
    print(
        f"dvmeet 300 over 30 cases: model + render {total[300] / total[30]:.1f}, "
        f"render only {dvmeet[300] / dvmeet[30]:.1f}"
    )
    # The final line counts model + render (data to PDF) against LibreOffice's docx to PDF.
    ratio = f"{lo[30] / total[30]:.1f}" if lo else "n/a"
    scale = total[300] / total[30]
    print(f"minutes ratio libreoffice_over_dvmeet={ratio} scale_300_over_30={scale:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
