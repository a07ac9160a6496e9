"""The pure pieces of the møtebok that both of its readers use, in one copy: the services
(`_disqualification.py`, `_minutes.py`, `_snapshot.py`, reading through SQLAlchemy) and
the plain read (`_plain.py`, sqlite3 only, for `dvmeet export minutes`). The readers
fetch the rows; the wording and the fields made of them are decided here.

Imports neither SQLAlchemy nor dvmeet.db (the plain read must not load them)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from dvmeet.documents.minutes_model import MinutesDraft
from dvmeet.documents.models import Letterhead
from dvmeet.documents.text import short_date
from dvmeet.domain import lifecycle
from dvmeet.domain.enums import ClosureBasis, MinutesStatus
from dvmeet.domain.legal import format_reference, legal_reference
from dvmeet.domain.quorum import quorum_status


def meta_fields(draft: MinutesDraft, letterhead: Letterhead | None) -> dict[str, Any]:
    """The fields of the møtebok's `DocumentMeta` (_snapshot.minutes_document_from)."""
    return {
        "kind": "MØTEBOK",
        "title": f"Møtebok – {draft.body_name} {short_date(draft.date)}",
        "subject": f"Møtebok frå møtet i {draft.body_name} {short_date(draft.date)}, {draft.place}",
        "author": draft.cooperation,
        "cooperation": draft.cooperation,
        "body_name": draft.body_name,
        "public": draft.public,
        "draft": draft.status is not MinutesStatus.APPROVED,
        "date": draft.date,
        "letterhead": letterhead,
    }


def case_heading(number: int, year: int) -> str:
    """«Sak 007/26»."""
    return f"Sak {number:03d}/{year % 100:02d}"


def withheld_case_fields(
    *,
    label: str,
    heading: str,
    title: str,
    closure_reference: str | None,
    published: tuple[str, bool] | None,
    saksgang: list[Any],
) -> dict[str, Any]:
    """The fields of a closed case's `CaseMinutes` in a public møtebok: its title and
    closure only, and (O-2) its decision text when marked «vedtaket er offentleg»
    (`published`: the text and whether it was unanimous)."""
    return {
        "label": label,
        "heading": heading,
        "title": title,
        "closed": True,
        "closure_reference": closure_reference,
        "withheld": True,
        "recommendation": None,
        "handling": None,
        "proposals": [],
        "votes": [],
        "decision": published[0] if published else None,
        "decision_unanimous": published[1] if published else False,
        "chair_name": None,
        "adopted_document": None,
        "saksgang": saksgang,
    }


def question_paragraph(
    *,
    who: str,
    ground: str,
    deputy: str | None,
    decided: bool | None,
    all_took_part: bool,
    vote: tuple[Callable[[], str], int, int] | None,
    participants: int | None,
    seats: int,
) -> str:
    """The møtebok's paragraph on one disqualification question (H-1, B-1): `ground` the
    ground in full, `vote` the vote that decided it (its sentence, made only when needed;
    the members eligible and the body's seats), `participants` the members who took part
    in a decision made without a vote, `seats` the body's."""
    fvl_8_2 = legal_reference("fvl_8_2").short
    if decided is None:
        parts = [
            f"Spørsmålet om {who} er ugild etter {ground}, vart ikkje avgjort, og {who} "
            "røysta difor ikkje i saka."
        ]
        if deputy:
            parts.append(f"{deputy} var kalla inn for {who}.")
        return " ".join(parts)
    if vote is None:
        found = "er ugild" if decided else "ikkje er ugild"
        parts = [f"Organet fann at {who} {found} etter {ground}."]
    else:
        parts = [vote[0]()]
    if all_took_part:
        parts.append(
            "Spørsmålet gjaldt fleire medlemer, og organet ville elles ikkje ha vore "
            f"vedtaksfør; alle medlemene var difor med på avgjerda ({fvl_8_2})."
        )
    else:
        parts.append(f"{who} var ikkje med på avgjerda ({fvl_8_2}).")
    if vote is not None:
        parts.append(quorum_status(vote[1], vote[2]).sentence)
    elif participants is not None:
        parts.append(f"Vedtaksfør: {participants} av {seats} medlemer var med på avgjerda.")
    if deputy and decided:
        parts.append(f"{deputy} møtte for {who} i saka.")
    elif deputy:
        parts.append(f"{deputy} var kalla inn for {who} og var med på avgjerda.")
    return " ".join(parts)


def question_vote_sentence(
    *,
    who: str,
    ground: str,
    adopted: bool,
    unanimous: bool,
    votes_for: int,
    votes_against: int,
    casting_vote_used: bool,
    ballots: Callable[[], tuple[list[str], list[str]]],
) -> str:
    """The sentence of the vote on a disqualification question; `ballots` gives the names
    voting for and against (read only for a vote that was not unanimous)."""
    subject = f"Framlegget om at {who} er ugild etter {ground},"
    verb = "vart vedteke" if adopted else "fall"
    if unanimous:
        return f"{subject} {verb} samrøystes."
    for_names, against = ballots()
    text = (
        f"{subject} {verb} med {votes_for} røyster for{_names(sorted(for_names))} "
        f"mot {votes_against}{_names(sorted(against))}."
    )
    if casting_vote_used:
        text += (
            " Røystelikskap – møteleiaren si røyst var avgjerande "
            f"({legal_reference('koml_11_9').short})."
        )
    return text


def _names(names: list[str]) -> str:
    return f" ({', '.join(names)})" if names else ""


def correction_target(
    *, table: str, word: str | None, case: tuple[str, str, str | None, bool] | None, public: bool
) -> str:
    """What a correction of the approved minutes names (B-3): «Møtet», the record's word
    (`word`, what the møtebok calls the table's record) when its case is gone, else the
    case's label and title (O-2: a closed case's public title in a public møtebok), with
    the record's word after it; `case`: label, title, public title, closed."""
    if table == "meeting":
        return "Møtet"
    assert word is not None
    if case is None:
        return word.capitalize()
    label, title, public_title, closed = case
    target = f"{label} {lifecycle.shown_title(title, public_title, public and closed)}"
    if table != "agenda_case":
        target += f", {word}"
    return target


def correction_text(text: str, public_text: str | None, *, public: bool, closed: bool) -> str:
    """A correction's text as the møtebok prints it: a public møtebok prints its public
    text, else for a closed case's record a sentence saying it is withheld (O-2)."""
    if public:
        if public_text:
            return public_text
        if closed:
            return "Rettinga gjeld innhald som er unnateke offentlegheit."
    return text


def closure_text(basis: ClosureBasis | None, note: str | None) -> str:
    """The legal basis a closed case's minutes give (O-1): the reference, or that it is
    missing."""
    if basis is None:
        return "heimel manglar"
    return format_reference(basis, note)


def adopted_document_text(title: str, version_no: int, content_hash: str) -> str:
    """The governing document a decision adopted, as the møtebok names it."""
    return f"{title}, versjon {version_no} (SHA-256 {content_hash[:16]}…)"
