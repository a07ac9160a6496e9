"""Benchmark (not a test): the minutes (møtebok) of a 30-case and a 300-case meeting as PDF,
against LibreOffice converting the same content (written as .docx) to PDF, like with like:

- whole process vs whole process: `python -m dvmeet.cli export minutes MØTE -o F.pdf` (start,
  imports, open the database, read the minutes model, render, write) against
  `soffice --headless --convert-to pdf F.docx` (start, load, lay out, write);
- warm vs warm: inside one running dvmeet process (model read from the database, render,
  file written; imports done, fonts registered by a first render) against a LibreOffice
  that is already running (`soffice --accept=...` listener; a UNO client loads the .docx
  and stores the PDF, each conversion timed around those calls).

Both at 1x and 10x data (benchmarks/make_data.py): the two meetings are added to a copy
of that database through the services. Needs LibreOffice (`soffice`) and, for the warm
pair, Debian's python3-uno for /usr/bin/python3; without them it says so and reports what
it could measure. Runs are interleaved (dvmeet, LibreOffice, dvmeet, ...) and medians
taken, as the machine may be shared. Ends with one line (ratios LibreOffice over dvmeet,
above 1 means dvmeet is faster; process_cpu = the same pair by CPU time, the operating
system's account of each finished process; warm_cpu = the warm pair by CPU time: this
process's for dvmeet, for LibreOffice the CPU time of every thread of the listener and
the processes it started, read from /proc/<pid>/task/*/schedstat around each conversion;
scale = dvmeet warm 300 cases over 30 cases, by wall time):

    minutes ratio 1x: process_30=A process_cpu_30=A' process_300=B process_cpu_300=B' warm_30=C
    warm_cpu_30=C' warm_300=D warm_cpu_300=D' scale=E | 10x: ...

Targets (issue 21): process >= 3, warm >= 1.5, scale <= 10.
Run: uv run python benchmarks/minutes.py [--repeats N] [--scales 1,10]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

from make_data import copy_of
from startup import environment

from dvmeet.documents.minutes import minutes_pdf
from dvmeet.domain.enums import BodyKind, MeetingForm, ProposalKind, Role, VoteMethod
from dvmeet.services import attendance, meetings, minutes, registry, voting
from dvmeet.services.attendance.models import (
    CloseMeetingIn,
    OpenMeetingIn,
    PresenceIn,
)
from dvmeet.services.context import Context, open_context
from dvmeet.services.meetings.models import CaseIn, PlanMeetingIn, SendNoticeIn
from dvmeet.services.minutes.models import MinutesDraft
from dvmeet.services.registry.models import BodyIn, MembershipIn, PersonIn
from dvmeet.services.voting.models import DecisionIn, VoteIn

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
    munis = [m for m in registry.list_municipalities(ctx) if m.participant_from][:SEATS]
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
    if cases >= 300:
        print(f"  ... {code}: {cases} cases being recorded", file=sys.stderr, flush=True)
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


UNO_CLIENT = r"""
import os, sys, time, uno
from com.sun.star.beans import PropertyValue

def prop(name, value):
    p = PropertyValue()
    p.Name = name
    p.Value = value
    return p

port, repeats, out, office = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], int(sys.argv[4])


def office_cpu():
    # CPU seconds LibreOffice has used so far: every thread of the listener and of the
    # processes it started (soffice.bin), from /proc (nanoseconds; 0.0 off Linux)
    try:
        parents = {}
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    with open(f"/proc/{entry}/stat") as f:
                        parents[int(entry)] = int(f.read().rsplit(")", 1)[1].split()[1])
                except OSError:
                    pass
        tree, grew = {office}, True
        while grew:
            more = {pid for pid, parent in parents.items() if parent in tree} - tree
            tree |= more
            grew = bool(more)
        total = 0
        for pid in tree:
            for task in os.listdir(f"/proc/{pid}/task"):
                with open(f"/proc/{pid}/task/{task}/schedstat") as f:
                    total += int(f.read().split()[0])
        return total / 1e9
    except OSError:
        return 0.0

local = uno.getComponentContext()
resolver = local.ServiceManager.createInstanceWithContext(
    "com.sun.star.bridge.UnoUrlResolver", local)
for _ in range(300):
    try:
        remote = resolver.resolve(
            f"uno:socket,host=127.0.0.1,port={port};urp;StarOffice.ComponentContext")
        break
    except Exception:
        time.sleep(0.1)
else:
    raise SystemExit("LibreOffice listener did not answer")
desktop = remote.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", remote)
target = uno.systemPathToFileUrl(out)
for line in sys.stdin:
    path = line.strip()
    if not path:
        break
    source = uno.systemPathToFileUrl(path)
    for run in range(repeats):
        cpu = office_cpu()
        started = time.perf_counter()
        doc = desktop.loadComponentFromURL(source, "_blank", 0, (prop("Hidden", True),))
        doc.storeToURL(target, (prop("FilterName", "writer_pdf_Export"),))
        doc.close(True)
        took = time.perf_counter() - started
        print(path, run, took, office_cpu() - cpu, flush=True)
    print("done", flush=True)
try:
    desktop.terminate()
except Exception:
    pass
"""


class WarmLibreOffice:
    """A running LibreOffice (listener) and a UNO client that converts on request."""

    def __init__(self, soffice: str, root: Path, repeats: int) -> None:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        profile = (root / "lo-warm-profile").as_uri()
        self.office = subprocess.Popen(
            [
                soffice,
                f"-env:UserInstallation={profile}",
                "--headless",
                "--invisible",
                "--norestore",
                f"--accept=socket,host=127.0.0.1,port={port};urp;",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        script = root / "uno_client.py"
        script.write_text(UNO_CLIENT, encoding="utf-8")
        self.client = subprocess.Popen(
            [
                "/usr/bin/python3",
                str(script),
                str(port),
                str(repeats),
                str(root / "warm.pdf"),
                str(self.office.pid),
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def convert(self, docx: Path) -> tuple[list[float], list[float]]:
        """The wall time and LibreOffice's CPU time of each conversion of `docx` (the
        first is a warm-up, left out)."""
        assert self.client.stdin is not None and self.client.stdout is not None
        self.client.stdin.write(f"{docx}\n")
        self.client.stdin.flush()
        times: list[float] = []
        cpus: list[float] = []
        for line in self.client.stdout:
            if line.strip() == "done":
                return times[1:], cpus[1:]
            *_, wall, cpu = line.split()
            times.append(float(wall))
            cpus.append(float(cpu))
        raise RuntimeError(f"the UNO client stopped ({self.client.poll()})")

    def close(self) -> None:
        if self.client.stdin is not None:
            self.client.stdin.write("\n")
            self.client.stdin.close()
        try:
            self.client.wait(timeout=30)
            self.office.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.client.kill()
            self.office.kill()


def _children_cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def whole_process(cmd: list[str], env: dict[str, str], out: Path) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one run: the CPU time is the operating system's
    account of the finished process and the children it waited for (LibreOffice's
    soffice.bin), steadier than the wall time when other work shares the machine."""
    out.unlink(missing_ok=True)
    cpu = _children_cpu()
    started = time.perf_counter()
    subprocess.run(cmd, env=env, check=True, capture_output=True, timeout=600)
    took = time.perf_counter() - started
    if not out.exists():
        raise RuntimeError(f"{cmd[0]} wrote no {out}")
    return took, _children_cpu() - cpu


def warm_dvmeet(ctx: Context, meeting_id: int, out: Path) -> tuple[float, float]:
    """Model from the database, render, file written: what the command does once started
    (wall seconds, CPU seconds of this process)."""
    cpu = time.process_time()
    started = time.perf_counter()
    data = minutes_pdf(minutes.minutes_document(ctx, meeting_id, public=False))
    out.write_bytes(data)
    return time.perf_counter() - started, time.process_time() - cpu


def med(values: list[float]) -> float:
    return statistics.median(values)


def fmt(values: list[float]) -> str:
    return f"{med(values) * 1000:8.1f} ms (min {min(values) * 1000:.1f}, n={len(values)})"


def run_scale(
    scale: int, root: Path, repeats: int, soffice: str | None, uno: bool
) -> dict[str, float]:
    folder = root / f"x{scale}"
    folder.mkdir()
    env = environment(folder / "userdata")
    os.environ["DVMEET_DATA_DIR"] = str(folder / "userdata")
    db = copy_of(scale, folder)
    ctx = open_context(db, actor="benchmark")
    try:
        started = time.perf_counter()
        ids = {
            30: build(ctx, "MA", 30, dt.date(2026, 10, 14)),
            300: build(ctx, "MB", 300, dt.date(2026, 10, 21)),
        }
        took = time.perf_counter() - started
        print(f"{scale}x: built the 30- and 300-case meetings in {took:.0f} s")
        docx = {}
        for n, mid in ids.items():
            docx[n] = folder / f"minutes-{n}.docx"
            write_docx(minutes.minutes_draft(ctx, mid), docx[n])
    finally:
        ctx.close()
    result: dict[str, float] = {}
    profile = (folder / "lo-profile").as_uri()
    for n, mid in ids.items():
        pdf = folder / f"dv-{n}.pdf"
        dv_cmd = [sys.executable, "-m", "dvmeet.cli", "--database", str(db), "export",
                  "minutes", str(mid), "-o", str(pdf)]  # fmt: skip
        lo_cmd = [soffice or "", f"-env:UserInstallation={profile}", "--headless",
                  "--convert-to", "pdf", "--outdir", str(folder / "lo"), str(docx[n])]  # fmt: skip
        lo_pdf = folder / "lo" / f"minutes-{n}.pdf"
        whole_process(dv_cmd, env, pdf)  # warm-up: bytecode caches, page cache
        if soffice:
            whole_process(lo_cmd, env, lo_pdf)  # warm-up: the first start writes the profile
        dv: list[float] = []
        lo: list[float] = []
        dv_cpu: list[float] = []
        lo_cpu: list[float] = []
        for _ in range(repeats):
            wall, cpu = whole_process(dv_cmd, env, pdf)
            dv.append(wall)
            dv_cpu.append(cpu)
            if soffice:
                wall, cpu = whole_process(lo_cmd, env, lo_pdf)
                lo.append(wall)
                lo_cpu.append(cpu)
        print(f"{scale}x {n:3d} cases, whole process: dvmeet export minutes {fmt(dv)}")
        print(f"{scale}x {n:3d} cases, whole process, CPU: dvmeet export minutes {fmt(dv_cpu)}")
        if lo:
            print(f"{scale}x {n:3d} cases, whole process: soffice --convert-to pdf {fmt(lo)}")
            print(f"{scale}x {n:3d} cases, whole process, CPU: soffice --convert-to pdf "
                  f"{fmt(lo_cpu)}")  # fmt: skip
            result[f"process_{n}"] = med(lo) / med(dv)
            result[f"process_cpu_{n}"] = med(lo_cpu) / med(dv_cpu)
    # warm: one dvmeet process (this one) and one running LibreOffice
    ctx = open_context(db, actor="benchmark")
    office = WarmLibreOffice(soffice, folder, repeats + 1) if soffice and uno else None
    try:
        warm_dvmeet(ctx, ids[30], folder / "warm-up.pdf")  # imports done, fonts registered
        warm: dict[int, list[float]] = {}
        for n, mid in ids.items():
            runs = [warm_dvmeet(ctx, mid, folder / f"warm-{n}.pdf") for _ in range(repeats)]
            lo, lo_cpu = office.convert(docx[n]) if office else ([], [])
            runs += [warm_dvmeet(ctx, mid, folder / f"warm-{n}.pdf") for _ in range(repeats)]
            dv = [wall for wall, _ in runs]
            dv_cpu = [cpu for _, cpu in runs]
            warm[n] = dv
            print(f"{scale}x {n:3d} cases, warm: dvmeet model + render + write {fmt(dv)}")
            print(f"{scale}x {n:3d} cases, warm, CPU: dvmeet model + render + write "
                  f"{fmt(dv_cpu)}")  # fmt: skip
            if lo:
                print(f"{scale}x {n:3d} cases, warm: LibreOffice load + store as PDF {fmt(lo)}")
                result[f"warm_{n}"] = med(lo) / med(dv)
                if all(lo_cpu):
                    print(f"{scale}x {n:3d} cases, warm, CPU: LibreOffice load + store as PDF "
                          f"{fmt(lo_cpu)}")  # fmt: skip
                    result[f"warm_cpu_{n}"] = med(lo_cpu) / med(dv_cpu)
        result["scale"] = med(warm[300]) / med(warm[30])
    finally:
        ctx.close()
        if office:
            office.close()
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--scales", default="1,10")
    args = parser.parse_args()
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    uno = (
        soffice is not None
        and subprocess.run(["/usr/bin/python3", "-c", "import uno"], capture_output=True).returncode
        == 0
        if Path("/usr/bin/python3").exists()
        else False
    )
    if soffice is None:
        print("LibreOffice (soffice) is not installed: only dvmeet is measured, no ratio "
              "(Debian: apt-get install libreoffice-writer-nogui python3-uno)")  # fmt: skip
    elif not uno:
        print("python3-uno is not installed for /usr/bin/python3: the warm pair is not measured")
    line = []
    with tempfile.TemporaryDirectory(prefix="dvmeet-minutes-") as tmp:
        for scale in (int(s) for s in args.scales.split(",")):
            r = run_scale(scale, Path(tmp), args.repeats, soffice, uno)
            line.append(f"{scale}x: " + " ".join(f"{k}={v:.2f}" for k, v in r.items()))
    print("minutes ratio " + " | ".join(line))
    return 0


if __name__ == "__main__":
    sys.exit(main())
