"""Search over cases, decisions and governing documents (issue 5, Søk).

The same tests run on SQLite (FTS5 index of migration 0003) and on PostgreSQL
(DVMEET_TEST_DATABASE_URL); the Python scan used without FTS5 must agree with both."""

from __future__ import annotations

import datetime as dt

import pytest
from dbtarget import is_postgres
from meeting_setup import Body, add_case, make_body, plan
from sqlalchemy import event, text

from dvmeet.db.migrate import downgrade, upgrade
from dvmeet.db.models import Case, Decision, Meeting
from dvmeet.domain.enums import ClosureBasis, DocumentKind
from dvmeet.errors import FrozenRecord, InvalidInput
from dvmeet.services import governing, meetings, search
from dvmeet.services.context import Context
from dvmeet.services.meetings import models as meeting_models
from dvmeet.services.meetings.models import CaseOut, UpdateCaseIn
from dvmeet.services.search import HitKind, SearchHit
from dvmeet.services.search import _search as search_internals

sqlite_only = pytest.mark.skipif(is_postgres(), reason="the FTS5 index is SQLite's")


@pytest.fixture
def body(ctx: Context) -> Body:
    return make_body(ctx, municipalities=3)


def decide(ctx: Context, case: CaseOut, words: str) -> int:
    with ctx.unit_of_work() as uow:
        decision = Decision(meeting_id=case.meeting_id, case_id=case.id, text=words)
        uow.session.add(decision)
        uow.session.flush()
        return decision.id


def titles(hits: list[SearchHit]) -> list[str]:
    return [h.title for h in hits]


def find(ctx: Context, query: str) -> list[SearchHit]:
    return search.search(ctx, query)


# --- the query ------------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["", "   ", "?!", "– …"])
def test_an_empty_query_is_refused_in_nynorsk(ctx: Context, query: str) -> None:
    with pytest.raises(InvalidInput, match="Skriv minst eitt ord"):
        search.search(ctx, query)


def test_a_too_long_query_and_a_bad_limit_are_refused(ctx: Context) -> None:
    with pytest.raises(InvalidInput, match="for langt"):
        search.search(ctx, "ord " * 100)
    with pytest.raises(InvalidInput, match="Talet på treff"):
        search.search(ctx, "budsjett", limit=0)


def test_query_terms_fold_case_and_keep_diacritics() -> None:
    assert search_internals.query_terms("Økonomi ÅR økonomi, «plan»") == ["økonomi", "år", "plan"]
    assert search_internals.fts_query(["år", "plan"]) == '"år"* "plan"*'


# --- matching ---------------------------------------------------------------------------


def test_prefix_and_case_folding(ctx: Context, body: Body) -> None:
    meeting = plan(ctx, body)
    add_case(ctx, meeting.id, "Økonomiplan 2025–2028", recommendation="Planen vert vedteken.")
    add_case(ctx, meeting.id, "Budsjett", recommendation="Sjå økonomi-rapporten.")
    assert set(titles(find(ctx, "økon"))) == {"Økonomiplan 2025–2028", "Budsjett"}
    assert set(titles(find(ctx, "Økonomi"))) == {"Økonomiplan 2025–2028", "Budsjett"}
    assert set(titles(find(ctx, "ØKONOMIPLAN"))) == {"Økonomiplan 2025–2028"}
    assert find(ctx, "nomi") == []  # a prefix of a word, not any substring


def test_aa_does_not_match_a(ctx: Context, body: Body) -> None:
    meeting = plan(ctx, body)
    add_case(
        ctx, meeting.id, "Årsmelding for året", recommendation="Meldinga vert teken til vitande."
    )
    add_case(ctx, meeting.id, "Arkivplan", recommendation="Arkivplanen vert vedteken.")
    assert titles(find(ctx, "år")) == ["Årsmelding for året"]
    assert titles(find(ctx, "ÅR")) == ["Årsmelding for året"]
    assert titles(find(ctx, "ar")) == ["Arkivplan"]


def test_every_word_must_match(ctx: Context, body: Body) -> None:
    meeting = plan(ctx, body)
    add_case(ctx, meeting.id, "Budsjett 2025", description="Rammer for skyløysingar.")
    add_case(ctx, meeting.id, "Budsjett 2026", description="Rammer for kompetanse.")
    assert titles(find(ctx, "budsjett sky")) == ["Budsjett 2025"]
    assert find(ctx, "budsjett personvern") == []


def test_a_case_is_found_by_its_number(ctx: Context, body: Body) -> None:
    meeting = plan(ctx, body)
    case = add_case(ctx, meeting.id, "Felles innkjøp")
    number = f"{case.number:03d}/{case.year % 100:02d}"
    hits = find(ctx, f"PS {number}")
    assert [h.case_id for h in hits if h.kind is HitKind.CASE] == [case.id]
    assert hits[0].label == case.label


# --- what a hit says ----------------------------------------------------------------------


def test_case_hit(ctx: Context, body: Body) -> None:
    meeting = plan(ctx, body)
    case = add_case(
        ctx,
        meeting.id,
        "Informasjonstryggleik",
        recommendation="Representantskapet tek statusrapporten om tryggleik til vitande.",
    )
    (hit,) = find(ctx, "statusrapport")
    assert hit.kind is HitKind.CASE
    assert (hit.meeting_id, hit.case_id, hit.label) == (meeting.id, case.id, case.label)
    assert hit.date == meeting.date
    assert "statusrapporten" in hit.snippet
    assert hit.closed is False


def test_closed_case_hits_are_marked_and_show_the_internal_title(ctx: Context, body: Body) -> None:
    meeting = plan(ctx, body)
    case = add_case(
        ctx,
        meeting.id,
        "Tilsetjing av dagleg leiar Kari Nordmann",
        public_title="Tilsetjing",
        closed=True,
        closure_basis=ClosureBasis.KOML_11_5_2,
    )
    decide(ctx, case, "Kari Nordmann vert tilsett som dagleg leiar.")
    hits = find(ctx, "nordmann")
    assert {h.kind for h in hits} == {HitKind.CASE, HitKind.DECISION}
    assert all(h.closed for h in hits)
    assert all(h.title == "Tilsetjing av dagleg leiar Kari Nordmann" for h in hits)
    assert all(h.public_title == "Tilsetjing" for h in hits)


def test_decision_hit(ctx: Context, body: Body) -> None:
    meeting = plan(ctx, body)
    case = add_case(ctx, meeting.id, "Handlingsplan")
    decision_id = decide(ctx, case, "Handlingsplanen vert vedteken med endringane i møtet.")
    hits = [h for h in find(ctx, "endringane") if h.kind is HitKind.DECISION]
    assert len(hits) == 1
    hit = hits[0]
    assert (hit.decision_id, hit.case_id, hit.meeting_id) == (decision_id, case.id, meeting.id)
    assert hit.label == case.label
    assert hit.title == "Handlingsplan"


def test_document_versions_are_found_by_title_and_content(ctx: Context) -> None:
    doc = governing.create_document(
        ctx, governing.DocumentIn(kind=DocumentKind.STRATEGI, title="Strategi for DigiVestland")
    )
    v1 = governing.add_version(
        ctx, governing.VersionIn(document_id=doc.id, content="Mål 1: felles skyløysingar.")
    )
    v2 = governing.add_version(
        ctx,
        governing.VersionIn(document_id=doc.id, content="Mål 1: felles skyløysingar.\nMål 2: år."),
    )
    hits = find(ctx, "skyløysing")
    assert [h.version_id for h in hits] == [v2.id, v1.id]  # newest first
    assert all(h.kind is HitKind.DOCUMENT and h.document_id == doc.id for h in hits)
    assert [h.version_no for h in hits] == [2, 1]
    assert [h.version_id for h in find(ctx, "år")] == [v2.id]
    assert {h.version_id for h in find(ctx, "strategi digivest")} == {v1.id, v2.id}


def test_snippet_is_short_and_centred_on_the_match(ctx: Context, body: Body) -> None:
    meeting = plan(ctx, body)
    filler = " ".join(["Lang innleiing om bakgrunnen for saka."] * 20)
    add_case(ctx, meeting.id, "Sak", description=f"{filler} Personvernet er viktig. {filler}")
    (hit,) = find(ctx, "personvern")
    assert hit.snippet.startswith("… ") and hit.snippet.endswith(" …")
    assert "Personvernet er viktig." in hit.snippet
    assert len(hit.snippet) < 200


def test_newest_first_and_limit(ctx: Context, body: Body) -> None:
    for month in (3, 6, 9):
        meeting = plan(ctx, body, dt.date(2025, month, 12))
        add_case(ctx, meeting.id, f"Rapport {month}")
    hits = find(ctx, "rapport")
    assert titles(hits) == ["Rapport 9", "Rapport 6", "Rapport 3"]
    assert titles(search.search(ctx, "rapport", limit=2)) == ["Rapport 9", "Rapport 6"]


# --- the index stays current ------------------------------------------------------------------


def test_changed_and_removed_cases_change_the_hits(ctx: Context, body: Body) -> None:
    meeting = plan(ctx, body)
    case = add_case(ctx, meeting.id, "Kompetanseprogram", recommendation="Vert vedteke.")
    meetings.update_case(ctx, UpdateCaseIn(case_id=case.id, title="Opplæringsprogram"))
    assert find(ctx, "kompetanse") == []
    assert titles(find(ctx, "opplæring")) == ["Opplæringsprogram"]
    meetings.remove_case(ctx, case.id)
    assert find(ctx, "opplæring") == []


def test_reordered_cases_are_found_by_their_new_numbers(ctx: Context, body: Body) -> None:
    meeting = plan(ctx, body)
    first = add_case(ctx, meeting.id, "Fyrste")
    second = add_case(ctx, meeting.id, "Andre")
    order = [c.id for c in meetings.get_meeting(ctx, meeting.id).cases]
    i, j = order.index(first.id), order.index(second.id)
    order[i], order[j] = order[j], order[i]
    meetings.reorder_cases(
        ctx, meeting_models.ReorderCasesIn(meeting_id=meeting.id, case_ids=order)
    )
    moved = {c.id: c for c in meetings.get_meeting(ctx, meeting.id).cases}[second.id]
    assert moved.number == first.number
    hits = find(ctx, f"{moved.number:03d}/{moved.year % 100:02d}")
    assert [h.case_id for h in hits] == [second.id]


def test_frozen_meetings_stay_frozen_and_keep_their_hits(ctx: Context, body: Body) -> None:
    meeting = plan(ctx, body)
    case = add_case(ctx, meeting.id, "Revisjon av samarbeidsavtalen")
    decide(ctx, case, "Avtalen vert revidert.")
    with ctx.unit_of_work() as uow:
        uow.session.execute(
            text("UPDATE meeting SET frozen = true WHERE id = :m"), {"m": meeting.id}
        )
    with pytest.raises(FrozenRecord):
        meetings.update_case(ctx, UpdateCaseIn(case_id=case.id, title="Noko anna"))
    with pytest.raises(FrozenRecord):
        decide(ctx, case, "Ein ny revisjon.")
    with pytest.raises(FrozenRecord), ctx.unit_of_work() as uow:
        uow.session.execute(text("DELETE FROM decision WHERE case_id = :c"), {"c": case.id})
    assert {h.kind for h in find(ctx, "revisjon")} == {HitKind.CASE}
    assert {h.kind for h in find(ctx, "revidert")} == {HitKind.DECISION}
    assert find(ctx, "noko anna") == []


# --- backends -----------------------------------------------------------------------------


def _sample(ctx: Context, body: Body) -> list[str]:
    meeting = plan(ctx, body)
    add_case(ctx, meeting.id, "Årsmelding og rekneskap", description="Økonomien er god.")
    add_case(ctx, meeting.id, "Arkiv og ar-kode", recommendation="Arkivet vert flytta.")
    case = add_case(
        ctx,
        meeting.id,
        "Personalsak",
        public_title="Personalsak",
        closed=True,
        closure_basis=ClosureBasis.KOML_11_5_2,
    )
    decide(ctx, case, "Økonomisk oppgjer vert godkjent.")
    doc = governing.create_document(
        ctx, governing.DocumentIn(kind=DocumentKind.MANDAT, title="Mandat for styringsgruppa")
    )
    governing.add_version(
        ctx, governing.VersionIn(document_id=doc.id, content="Styringsgruppa rapporterer kvart år.")
    )
    return ["år", "ar", "økon", "ØKONOMI", "arkiv", "styr", "mandat år", "ps", "rekneskap økon"]


def test_the_python_scan_agrees_with_the_database(
    ctx: Context, body: Body, monkeypatch: pytest.MonkeyPatch
) -> None:
    queries = _sample(ctx, body)
    expected = {q: find(ctx, q) for q in queries}
    assert any(expected.values())
    monkeypatch.setattr(search_internals, "fts_ready", lambda _s: False)
    monkeypatch.setattr(search_internals, "_mode", lambda _s: "scan")
    assert {q: find(ctx, q) for q in queries} == expected


def test_search_mode(ctx: Context) -> None:
    assert search.search_mode(ctx) == ("tsv" if is_postgres() else "fts")


@sqlite_only
def test_migration_builds_the_index_from_existing_rows(ctx: Context, body: Body) -> None:
    queries = _sample(ctx, body)
    before = {q: find(ctx, q) for q in queries}
    downgrade(ctx.db, "0002")
    assert search.search_mode(ctx) == "scan"
    # The ORM (at head: record versions of 0006) cannot read a database at 0002, so the
    # scan search is not run here; rebuilding the index from the rows is what is tested.
    upgrade(ctx.db)
    assert search.search_mode(ctx) == "fts"
    assert {q: find(ctx, q) for q in queries} == before


# --- PostgreSQL's full-text search (migration 0027) -------------------------------------------

postgres_only = pytest.mark.skipif(
    not is_postgres(), reason="the tsvector indexes are PostgreSQL's"
)


def test_words_joined_by_punctuation_and_long_words_are_found(ctx: Context, body: Body) -> None:
    # PostgreSQL's parser keeps "1.5", "post@x.no" and "2025/26" whole; FTS5 does not; nor
    # may a stemmer cut "kommunane" to "kommun" (a prefix query of "kommunan" must find it).
    meeting = plan(ctx, body)
    add_case(ctx, meeting.id, "Ramme 1.5 mill.", description="Svar til post@døme.no om 2025/26.")
    add_case(ctx, meeting.id, "Kommunane sitt tilskot", recommendation="Ås-Øye og Ørsta.")
    for query in ("5 mill", "døme no", "26", "post"):
        assert titles(find(ctx, query)) == ["Ramme 1.5 mill."], query
    for query in ("kommunan", "kommunane", "øye", "ås", "ørst", "tilskot"):
        assert titles(find(ctx, query)) == ["Kommunane sitt tilskot"], query
    assert find(ctx, "ommunane") == []
    assert find(ctx, "orsta") == []  # ø is not o


@postgres_only
def test_postgres_search_uses_the_full_text_indexes(ctx: Context, body: Body) -> None:
    meeting = plan(ctx, body)
    add_case(ctx, meeting.id, "Økonomiplan")
    sent: list[tuple[str, object]] = []

    def seen(conn: object, cursor: object, statement: str, params: object, *_: object) -> None:
        if "to_tsquery" in statement:
            sent.append((statement, params))

    event.listen(ctx.db.engine, "before_cursor_execute", seen)
    try:
        assert titles(find(ctx, "økon")) == ["Økonomiplan"]
    finally:
        event.remove(ctx.db.engine, "before_cursor_execute", seen)
    assert len(sent) == 3  # cases, decisions, documents: each one page
    plans = []
    with ctx.db.engine.connect() as conn:
        conn.exec_driver_sql("SET enable_seqscan = off")  # tiny tables: ask for the index
        for statement, params in sent:
            rows = conn.exec_driver_sql("EXPLAIN " + statement, params)  # type: ignore[arg-type]
            plans.append("\n".join(r[0] for r in rows))
    # Cases and decisions (the many rows) by their index; a document version's words may be
    # in its content or its document's title, an OR across two tables, and governing
    # documents are a few dozen versions.
    for name in ("ix_search_case_tsv", "ix_search_decision_tsv"):
        assert any(name in p for p in plans), (name, plans)


@postgres_only
def test_postgres_indexes_come_and_go_with_migration_0027(ctx: Context, body: Body) -> None:
    meeting = plan(ctx, body)
    add_case(ctx, meeting.id, "Årsmelding")

    def indexes() -> set[str]:
        with ctx.reading() as s:
            rows = s.execute(
                text("SELECT indexname FROM pg_indexes WHERE indexname LIKE 'ix_search_%'")
            )
            return {r[0] for r in rows}

    assert indexes() == {
        "ix_search_case_tsv",
        "ix_search_decision_tsv",
        "ix_search_version_tsv",
        "ix_search_document_title_tsv",
    }
    downgrade(ctx.db, "0026")
    assert indexes() == set()
    upgrade(ctx.db)
    assert len(indexes()) == 4
    assert titles(find(ctx, "års")) == ["Årsmelding"]


# --- what a search builds (issue 21) ----------------------------------------------------------


def test_only_the_hits_shown_get_a_snippet_and_no_orm_object_is_loaded(
    ctx: Context, body: Body, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The three kinds are merged and cut to the limit before any hit is made, and the rows
    are read as columns: a search loads no ORM object and writes one snippet per hit shown,
    with the hits and their order as without a limit."""
    meeting = plan(ctx, body)
    for n in range(4):
        case = add_case(ctx, meeting.id, f"Budsjett del {n}", description="Budsjettet.")
        decide(ctx, case, f"Budsjett del {n} vert vedteke.")
    everything = find(ctx, "budsjett")
    assert len(everything) == 8
    snippets: list[str] = []
    made = search_internals._snippet

    def counted(*args: object) -> str:
        snippets.append(made(*args))  # type: ignore[arg-type]
        return snippets[-1]

    monkeypatch.setattr(search_internals, "_snippet", counted)
    loaded: list[object] = []

    def on_load(target: object, context: object) -> None:
        loaded.append(target)

    for model in (Case, Decision, Meeting):
        event.listen(model, "load", on_load)
    try:
        three = search.search(ctx, "budsjett", limit=3)
    finally:
        for model in (Case, Decision, Meeting):
            event.remove(model, "load", on_load)
    assert three == everything[:3]
    assert snippets == [h.snippet for h in three]
    assert loaded == []
