"""Benchmark data (not a test): a database with 1x, 10x or 100x the demo's meetings, cases,
ballots and persons, built through the services so every row obeys the rules and the
result passes `dvmeet check`.

1x is `dvmeet demo --years 2` without its two meetings to practise on (a meeting under
way would open its console at every start the benchmarks time): 43 municipalities, 161
persons, 9 held meetings (in December), 64 cases, 47 votes, about 1,800 ballots. Each
further unit adds a body of the same shape as the representantskap (40 seats, a member
and two ranked deputies per participating municipality, and a kommunedirektør-like
administrative body of 40 more persons) and 9 meetings held like the demo's ordinary
meetings: the standing cases, 2 to 4 topics, about 30% of the votes split with named
dissenters, every vote with a ballot per voter, minutes approved. So --scale 10 has about
90 meetings, 640 cases, 18,000 ballots and 1,610 persons; --scale 100 ten times that.

The file is built on /dev/shm when it exists (the services commit with synchronous=FULL,
and on a disk every one of the many thousand commits would wait for fsync; that wait is
not what the benchmarks measure), then copied whole to --out and checked there.

Run: uv run python benchmarks/make_data.py --scale 10 [--out FILE]
Other benchmarks call `dataset(scale)`, which builds the file once and keeps it in
$DVMEET_BENCH_DATA (default ~/.cache/dvmeet-bench), named by the schema's revision.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

GENERATOR = "g2"  # change when the data made changes, so cached files are rebuilt
FIRST = (
    "Anne", "Ingrid", "Kari", "Marit", "Solveig", "Ragnhild", "Sigrid", "Astrid", "Liv",
    "Gunn", "Åse", "Torunn", "Hilde", "Eli", "Synnøve", "Bjørg", "Kristin", "Oddny",
    "Ola", "Per", "Knut", "Lars", "Nils", "Olav", "Tore", "Arne", "Steinar", "Øystein",
    "Håkon", "Jostein", "Eirik", "Sindre", "Bjørn", "Geir", "Trond", "Asbjørn",
)  # fmt: skip
SURNAMES = (
    "Hauge", "Myklebust", "Sandal", "Brekke", "Kvamme", "Nesheim", "Tveit", "Vik",
    "Hatlestad", "Sæbø", "Førde", "Bøe", "Skjerven", "Lunde", "Aase", "Helland", "Øvrebø",
    "Rørvik", "Djupvik", "Fjæra", "Hjelmeland", "Årdal", "Grønsdal", "Instebø",
)  # fmt: skip
TOPICS = (
    "Årsmelding og rekneskap",
    "Budsjett og økonomiplan",
    "Handlingsplan for digitalisering",
    "Felles løysing for innbyggjardialog",
    "Informasjonstryggleik – statusrapport",
    "Samarbeid om skyløysingar",
    "Kompetanseprogram for tilsette",
    "Revisjon av samarbeidsavtalen",
    "Felles innkjøp av fagsystem",
    "Personvern og internkontroll",
    "Tenestedesign i helse og omsorg",
    "Felles arkivløysing og dokumentfangst",
)
MEETING_DAYS = ((2024, 12), (2025, 2), (2025, 4), (2025, 6), (2025, 9), (2025, 11),
                (2026, 2), (2026, 4), (2026, 6))  # fmt: skip
PLACES = ("Bergen rådhus", "Førde, Sogn og Fjordane kommunehus", "Fjernmøte (Teams)")


def schema_revision() -> str:
    versions = Path(__file__).resolve().parent.parent / "dvmeet" / "db" / "migrations" / "versions"
    return max(p.stem.split("_")[0] for p in versions.glob("[0-9]*.py"))


def dataset(scale: int) -> Path:
    """The cached database of this scale (built on first use). Copy it before writing."""
    root = Path(os.environ.get("DVMEET_BENCH_DATA", Path.home() / ".cache" / "dvmeet-bench"))
    path = root / f"scale{scale}-{schema_revision()}-{GENERATOR}.sqlite"
    if not path.exists():
        root.mkdir(parents=True, exist_ok=True)
        print(f"building the {scale}x database (once) at {path} ...", file=sys.stderr, flush=True)
        subprocess.run(
            [sys.executable, __file__, "--scale", str(scale), "--out", str(path)], check=True
        )
    return path


def copy_of(scale: int, folder: Path) -> Path:
    """A private copy of the scale's database in `folder` (WAL checkpointed first)."""
    target = folder / f"scale{scale}.sqlite"
    shutil.copyfile(dataset(scale), target)
    return target


class Unit:
    """One more body of the representantskap's shape with nine held meetings."""

    def __init__(self, ctx: object, k: int, rng: random.Random, names: list[str]) -> None:
        self.ctx = ctx
        self.k = k
        self.rng = rng
        self.names = names
        self.code = f"F{k}"
        self.members: list[int] = []
        self.deputies: list[int] = []

    def name(self) -> str:
        return self.names.pop()

    def build(self, participants: list[tuple[str, str]]) -> tuple[int, int]:
        from dvmeet.domain.enums import BodyKind, Gender, Role
        from dvmeet.services import registry
        from dvmeet.services.registry.models import BodyIn, MembershipIn, PersonIn

        ctx = self.ctx
        start = dt.date(2024, 1, 1)
        registry.create_body(
            ctx,
            BodyIn(
                code=self.code,
                name=f"Fagrådet for digitalisering {self.k}",
                kind=BodyKind.ELECTED,
                seats=len(participants),
                notice_days=14,
            ),
        )
        registry.create_body(
            ctx,
            BodyIn(
                code=f"A{self.k}",
                name=f"Fagnettverk {self.k}",
                kind=BodyKind.ADMINISTRATIVE,
                seats=len(participants),
                notice_days=7,
            ),
        )
        persons = 0

        def person(number: str, muni: str) -> int:
            nonlocal persons
            name = self.name()
            local = name.lower().replace(" ", ".")
            local = local.translate(str.maketrans("æøåÆØÅ", "eoaeoa"))
            persons += 1
            return registry.create_person(
                ctx,
                PersonIn(
                    name=name,
                    email=f"{local}@{muni.lower().replace(' ', '')}.kommune.no",
                    phone=f"+47 9{self.rng.randrange(1000000, 9999999)}",
                    municipality_number=number,
                    gender=self.rng.choice((Gender.KVINNE, Gender.MANN)),
                ),
            ).id

        def member(pid: int, body: str, number: str, role: Role, rank: int | None) -> None:
            registry.add_membership(
                ctx,
                MembershipIn(
                    person_id=pid,
                    body_code=body,
                    municipality_number=number,
                    role=role,
                    deputy_rank=rank,
                    valid_from=start,
                    valid_to=dt.date(2028, 12, 31),
                    electing_decision=f"Kommunestyresak {start.year}/{self.rng.randrange(10, 99)}",
                ),
            )

        self.seats: list[tuple[int, list[int]]] = []
        for i, (number, muni) in enumerate(participants):
            m = person(number, muni)
            role = Role.LEIAR if i == 0 else Role.NESTLEIAR if i == 5 else Role.MEDLEM
            member(m, self.code, number, role, None)
            deps = []
            for rank in (1, 2):
                d = person(number, muni)
                member(d, self.code, number, Role.VARAMEDLEM, rank)
                deps.append(d)
            self.seats.append((m, deps))
            member(person(number, muni), f"A{self.k}", number, Role.MEDLEM, None)
        meetings_held = 0
        for year, month in MEETING_DAYS:
            day = dt.date(year, month, 10 + self.k % 15)
            while day.weekday() >= 5:
                day += dt.timedelta(days=1)
            self.meeting(day, self.rng.sample(TOPICS, self.rng.randrange(2, 5)))
            meetings_held += 1
        return persons, meetings_held

    def meeting(self, day: dt.date, topics: list[str]) -> None:
        from dvmeet.domain.enums import (
            ApprovalMethod,
            CaseKind,
            MeetingForm,
            ProposalKind,
            StandingCase,
            VoteMethod,
        )
        from dvmeet.services import attendance, meetings, minutes, voting
        from dvmeet.services.attendance.models import CloseMeetingIn, OpenMeetingIn, RollCallIn
        from dvmeet.services.meetings.models import CaseIn, PlanMeetingIn, SendNoticeIn
        from dvmeet.services.minutes.models import ApproveMinutesIn
        from dvmeet.services.voting.models import DecisionIn, ProposalIn, VoteIn

        ctx = self.ctx
        rng = self.rng
        place = rng.choice(PLACES)
        meeting = meetings.plan_meeting(
            ctx,
            PlanMeetingIn(
                body_code=self.code,
                date=day,
                start_time=dt.time(10, 0),
                place=place,
                form=MeetingForm.FJERNMOTE if "Teams" in place else MeetingForm.FYSISK,
            ),
        )
        cases = [
            meetings.add_case(
                ctx,
                CaseIn(
                    meeting_id=meeting.id,
                    title=t,
                    recommendation=f"{self.code} sluttar seg til framlegget: {t}.",
                    description=f"Saksutgreiing: {t}. Sjå vedlagt dokument.",
                ),
            )
            for t in topics
        ]
        meetings.send_notice(
            ctx, SendNoticeIn(meeting_id=meeting.id, sent_on=day - dt.timedelta(days=15))
        )
        absent = rng.sample(self.seats[1:], rng.randrange(0, 6))  # the leader chairs
        attendance.record_roll_call(
            ctx,
            RollCallIn(
                meeting_id=meeting.id,
                present=[m for m, _ in self.seats if (m, _) not in absent],
                forfall={m: None for m, _ in absent},
                deputies={deps[0]: m for m, deps in absent[:2]},
            ),
        )
        attendance.open_meeting(
            ctx,
            OpenMeetingIn(meeting_id=meeting.id, opened_at=dt.datetime.combine(day, dt.time(10))),
        )
        refreshed = meetings.get_meeting(ctx, meeting.id)
        standing = {c.standing: c for c in refreshed.cases if c.standing}

        def proposal(case: object) -> int:
            props = voting.proposals(ctx, case.id)  # type: ignore[attr-defined]
            rec = [p for p in props if p.kind is ProposalKind.RECOMMENDATION]
            if rec:
                return rec[0].id
            return voting.add_proposal(
                ctx,
                ProposalIn(
                    case_id=case.id,  # type: ignore[attr-defined]
                    kind=ProposalKind.ALTERNATIVE,
                    text="Saka vert teken til vitande.",
                ),
            ).id

        def vote(case: object, against: int = 0, decision: str | None = None) -> None:
            attendance.set_current_case(ctx, meeting.id, case.id)  # type: ignore[attr-defined]
            if case.kind is not CaseKind.PS or decision is not None:  # type: ignore[attr-defined]
                voting.record_decision(
                    ctx,
                    DecisionIn(
                        case_id=case.id,  # type: ignore[attr-defined]
                        text=decision or "Meldinga vert teken til vitande.",
                    ),
                )
                return
            dissenters: list[int] = []
            if against:
                voters = attendance.voters(ctx, case.id)  # type: ignore[attr-defined]
                pool = [v.person_id for v in voters.voters if v.person_id != voters.chair_person_id]
                dissenters = rng.sample(pool, min(against, len(pool)))
            recorded = voting.record_vote(
                ctx,
                VoteIn(
                    case_id=case.id,  # type: ignore[attr-defined]
                    proposal_id=proposal(case),
                    method=VoteMethod.COUNTS if against else VoteMethod.UNANIMOUS,
                    dissenters=dissenters,
                ),
            )
            voting.record_decision(
                ctx,
                DecisionIn(case_id=case.id, vote_id=recorded.id),  # type: ignore[attr-defined]
            )

        vote(standing[StandingCase.NOTICE_APPROVAL])
        sign_case = standing[StandingCase.SIGNATORIES]
        attendance.set_current_case(ctx, meeting.id, sign_case.id)
        voters = attendance.voters(ctx, sign_case.id)
        chosen = [v.person_id for v in voters.voters if v.person_id != voters.chair_person_id][:2]
        names = ", ".join(v.name for v in voters.voters if v.person_id in chosen)
        voting.record_decision(
            ctx,
            DecisionIn(
                case_id=sign_case.id,
                text=f"{names} vart samrøystes valde til å skrive under møteboka.",
            ),
        )
        if StandingCase.PREVIOUS_MINUTES in standing:
            vote(standing[StandingCase.PREVIOUS_MINUTES])
        for case in cases:
            vote(case, against=rng.randrange(1, 12) if rng.random() < 0.3 else 0)
        vote(standing[StandingCase.EVENTUELT], decision="Ingen saker under eventuelt.")
        attendance.close_meeting(
            ctx,
            CloseMeetingIn(
                meeting_id=meeting.id,
                closed_at=dt.datetime.combine(day, dt.time(12, rng.randrange(0, 59))),
            ),
        )
        minutes.approve_minutes(
            ctx,
            ApproveMinutesIn(
                meeting_id=meeting.id,
                method=ApprovalMethod.SIGNATURES,
                approved_on=day + dt.timedelta(days=3),
                signatory_person_ids=chosen,
            ),
        )


def unique_names(count: int, rng: random.Random) -> list[str]:
    """`count` different names (first, middle surname, surname), in a shuffled order."""
    names = [f"{f} {m} {s}" for s in SURNAMES for m in SURNAMES if m != s for f in FIRST]
    if count > len(names):
        raise SystemExit(f"only {len(names)} distinct names; asked for {count}")
    rng.shuffle(names)
    return names[:count]


def build(path: Path, scale: int) -> dict[str, int]:
    from dvmeet.services import registry
    from dvmeet.services.context import open_context
    from dvmeet.services.maintenance import fill_demo

    ctx = open_context(path, actor="benchmark")
    try:
        started = time.perf_counter()
        summary = fill_demo(ctx, years=2, practice=False)
        print(f"  1x (the demo): {time.perf_counter() - started:.0f} s", flush=True)
        participants = [
            (m.number, m.name)
            for m in registry.list_municipalities(ctx)
            if m.participant_from is not None
        ]
        rng = random.Random(2026)
        names = unique_names((scale - 1) * 4 * len(participants), rng)
        for k in range(1, scale):
            Unit(ctx, k, rng, names).build(participants)
            print(f"  unit {k + 1}/{scale}: {time.perf_counter() - started:.0f} s", flush=True)
        del summary
    finally:
        ctx.close()
    counts = {}
    with sqlite3.connect(path) as con:
        for table in ("meeting", "agenda_case", "vote", "ballot", "person", "audit_event"):
            counts[table] = con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    return counts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, choices=(1, 10, 100), required=True)
    parser.add_argument("--out", type=Path, help="the database file (default scaleN.sqlite)")
    args = parser.parse_args()
    out: Path = (args.out or Path(f"scale{args.scale}.sqlite")).absolute()
    if out.exists():
        raise SystemExit(f"{out} exists; give another --out")
    shm = Path("/dev/shm")
    with tempfile.TemporaryDirectory(
        prefix="dvmeet-data-", dir=shm if shm.is_dir() else None
    ) as tmp:
        os.environ["DVMEET_DATA_DIR"] = str(Path(tmp) / "userdata")
        built = Path(tmp) / "data.sqlite"
        started = time.perf_counter()
        counts = build(built, args.scale)
        print(f"built {args.scale}x in {time.perf_counter() - started:.0f} s: {counts}")
        out.parent.mkdir(parents=True, exist_ok=True)
        partial = out.with_name(out.name + ".part")
        shutil.copyfile(built, partial)
        check = subprocess.run(
            [sys.executable, "-m", "dvmeet.cli", "--database", str(partial), "check"],
            env={**os.environ, "DVMEET_DATA_DIR": str(Path(tmp) / "userdata")},
            capture_output=True,
            text=True,
        )
        print(check.stdout.strip())
        if check.returncode != 0:
            partial.unlink()
            raise SystemExit(f"dvmeet check failed on the {args.scale}x data:\n{check.stderr}")
        for suffix in ("-wal", "-shm", ".lock"):
            Path(str(partial) + suffix).unlink(missing_ok=True)
        partial.rename(out)
    print(f"wrote {out} ({out.stat().st_size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
