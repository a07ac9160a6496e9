"""The words for every enum value the user sees, in one place.

Each table is written once, in nynorsk (the source language), inside a function that takes
the translator: `label(...)` passes `dvmeet.i18n._` (the interface language, nynorsk or
bokmål through the catalogue in resources/), `nynorsk(...)` passes the identity (documents
and the status report are always nynorsk). Because each word is written as `_("...")`, the
catalogue extraction (scripts/update_catalog.py) finds it.

A few values have a longer phrase in documents (MeetingForm, ApprovalMethod); those phrases
are nynorsk only and live in `document_phrase`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from enum import Enum
from typing import Final

from dvmeet import i18n
from dvmeet.domain.enums import (
    AgreementOutcome,
    ApprovalMethod,
    BodyKind,
    CaseKind,
    CouncilKind,
    DisqualificationGround,
    DocumentKind,
    Gender,
    HitKind,
    LegalForm,
    MeetingForm,
    MeetingKind,
    MeetingStatus,
    MembershipEnd,
    ProposalKind,
    Role,
    SeatOrder,
    SeatStatus,
    VoteMethod,
    VoteOutcome,
)

Translate = Callable[[str], str]
Table = Callable[[Translate], Mapping[Enum, str]]


def keep_nynorsk(text: str) -> str:
    """The translator for documents: keeps the nynorsk source text (as agreement's)."""
    return text


# --- the tables (nynorsk source; `_` is the translator passed in) -------------------------


def _legal_form(_: Translate) -> Mapping[Enum, str]:
    return {
        LegalForm.OPPGAVEFELLESSKAP: _("Kommunalt oppgåvefellesskap (koml. kap. 19)"),
        LegalForm.VERTSKOMMUNE: _("Vertskommunesamarbeid (koml. kap. 20)"),
        LegalForm.IKS: _("Interkommunalt selskap (IKS)"),
        LegalForm.POLITISK_RAD: _("Interkommunalt politisk råd (koml. kap. 18)"),
        LegalForm.ANNA: _("Anna samarbeidsform"),
    }


def _body_kind(_: Translate) -> Mapping[Enum, str]:
    return {
        BodyKind.ELECTED: _("Folkevalt organ (reglane i koml. kap. 11 gjeld)"),
        BodyKind.ADMINISTRATIVE: _("Administrativt organ (reglane gir åtvaringar)"),
    }


def _seat_order(_: Translate) -> Mapping[Enum, str]:
    return {
        SeatOrder.MUNICIPALITY_NUMBER: _("Kommunenummer"),
        SeatOrder.MUNICIPALITY_NAME: _("Kommunenamn"),
        SeatOrder.SURNAME: _("Etternamnet til medlemen"),
        SeatOrder.CUSTOM: _("Eiga rekkjefølgje av kommunane"),
    }


def _role(_: Translate) -> Mapping[Enum, str]:
    return {
        Role.LEIAR: _("Leiar"),
        Role.NESTLEIAR: _("Nestleiar"),
        Role.MEDLEM: _("Medlem"),
        Role.VARAMEDLEM: _("Varamedlem"),
    }


def _role_word(_: Translate) -> Mapping[Enum, str]:
    """The role inside a sentence ("vald som leiar")."""
    return {
        Role.LEIAR: _("leiar"),
        Role.NESTLEIAR: _("nestleiar"),
        Role.MEDLEM: _("medlem"),
        Role.VARAMEDLEM: _("varamedlem"),
    }


def _gender(_: Translate) -> Mapping[Enum, str]:
    return {Gender.KVINNE: _("Kvinne"), Gender.MANN: _("Mann"), Gender.ANNA: _("Anna")}


def _end_reason(_: Translate) -> Mapping[Enum, str]:
    """Why a term ended, inside a sentence."""
    return {
        MembershipEnd.TERM: _("perioden gjekk ut"),
        MembershipEnd.FRITAK: _("fritak"),
        MembershipEnd.REPLACED: _("erstatta ved nyval"),
        MembershipEnd.MOVED_UP: _("rykt opp"),
        MembershipEnd.CORRECTED: _("retta (ført inn ved ein feil)"),
    }


def _end_column(_: Translate) -> Mapping[Enum, str]:
    """Why a term ended, in the registry's column (a deputy's move is named in full)."""
    return {
        MembershipEnd.TERM: _("perioden gjekk ut"),
        MembershipEnd.FRITAK: _("fritak"),
        MembershipEnd.REPLACED: _("erstatta ved nyval"),
        MembershipEnd.MOVED_UP: _("rykt opp / ny rang"),
        MembershipEnd.CORRECTED: _("retta (ført inn ved ein feil)"),
    }


def _form(_: Translate) -> Mapping[Enum, str]:
    return {
        MeetingForm.FYSISK: _("Fysisk"),
        MeetingForm.FJERNMOTE: _("Fjernmøte"),
        MeetingForm.HYBRID: _("Hybrid"),
    }


def _meeting_kind(_: Translate) -> Mapping[Enum, str]:
    return {
        MeetingKind.ORDINARY: _("Ordinært"),
        MeetingKind.EXTRAORDINARY: _("Ekstraordinært"),
        MeetingKind.CONSTITUENT: _("Konstituerande"),
    }


def _status(_: Translate) -> Mapping[Enum, str]:
    return {
        MeetingStatus.PLANNED: _("Planlagt"),
        MeetingStatus.NOTICE_SENT: _("Innkalling send"),
        MeetingStatus.IN_PROGRESS: _("Pågår"),
        MeetingStatus.HELD: _("Halde – møtebok til godkjenning"),
        MeetingStatus.APPROVED: _("Møtebok godkjend"),
    }


def _short_status(_: Translate) -> Mapping[Enum, str]:
    return {
        MeetingStatus.PLANNED: _("Planlagt"),
        MeetingStatus.NOTICE_SENT: _("Innkalla"),
        MeetingStatus.IN_PROGRESS: _("Pågår"),
        MeetingStatus.HELD: _("Halde"),
        MeetingStatus.APPROVED: _("Godkjend"),
    }


def _case_kind(_: Translate) -> Mapping[Enum, str]:
    return {
        CaseKind.PS: _("PS – politisk sak"),
        CaseKind.RS: _("RS – referatsak"),
        CaseKind.OS: _("OS – orienteringssak"),
    }


def _approval(_: Translate) -> Mapping[Enum, str]:
    return {
        ApprovalMethod.SIGNATURES: _("Underskrift av møteleiaren og to medlemer"),
        ApprovalMethod.NEXT_MEETING: _("Godkjend i eit seinare møte"),
        ApprovalMethod.EMAIL_ROUND: _("E-postrunde"),
    }


def _proposal_kind(_: Translate) -> Mapping[Enum, str]:
    return {
        ProposalKind.RECOMMENDATION: _("Innstilling"),
        ProposalKind.ALTERNATIVE: _("Alternativt framlegg"),
        ProposalKind.ADDITION: _("Tilleggsframlegg"),
        ProposalKind.POSTPONEMENT: _("Utsetjingsframlegg"),
        ProposalKind.CANDIDATE: _("Kandidat"),
    }


def _vote_method(_: Translate) -> Mapping[Enum, str]:
    return {
        VoteMethod.ROLL_CALL: _("Namneopprop (tastatur)"),
        VoteMethod.COUNTS: _("Tal, med namn på dei som røysta annleis"),
        VoteMethod.UNANIMOUS: _("Samrøystes"),
    }


def _vote_outcome(_: Translate) -> Mapping[Enum, str]:
    return {
        VoteOutcome.ADOPTED: _("Vedteke"),
        VoteOutcome.REJECTED: _("Ikkje vedteke"),
        VoteOutcome.ELECTED: _("Vald"),
        VoteOutcome.NEW_ROUND: _("Ny valrunde"),
        VoteOutcome.LOTS: _("Loddtrekking"),
        VoteOutcome.NOT_QUORATE: _("Ikkje vedtaksfør"),
    }


def _ground(_: Translate) -> Mapping[Enum, str]:
    return {
        DisqualificationGround.FVL_6_1_A: _("Er sjølv part i saka"),
        DisqualificationGround.FVL_6_1_B: _("I slekt eller svogerskap med ein part"),
        DisqualificationGround.FVL_6_1_C: _(
            "Gift, sambuar, forlova eller fosterforeldre med ein part"
        ),
        DisqualificationGround.FVL_6_1_D: _("Verje eller fullmektig for ein part"),
        DisqualificationGround.FVL_6_1_E: _("Leiar eller styremedlem i eit selskap som er part"),
        DisqualificationGround.FVL_6_2: _("Andre særeigne forhold"),
        DisqualificationGround.KOML_11_10_PREPARER: _("Har førebudd saka som tilsett"),
    }


def _document_kind(_: Translate) -> Mapping[Enum, str]:
    return {
        DocumentKind.MANDAT: _("Mandat"),
        DocumentKind.STRATEGI: _("Strategi"),
        DocumentKind.OPPDRAGSBREV: _("Oppdragsbrev"),
        DocumentKind.AVTALE: _("Avtale"),
        DocumentKind.BUDSJETT: _("Budsjett"),
        DocumentKind.ANNA: _("Anna"),
    }


def _agreement_outcome(_: Translate) -> Mapping[Enum, str]:
    return {
        AgreementOutcome.JOIN: _("Slutta seg til"),
        AgreementOutcome.DECLINE: _("Takka nei"),
        AgreementOutcome.POSTPONED: _("Utsett"),
    }


def _council(_: Translate) -> Mapping[Enum, str]:
    return {
        CouncilKind.KOMMUNESTYRE: _("Kommunestyret"),
        CouncilKind.HERADSSTYRE: _("Heradsstyret"),
        CouncilKind.BYSTYRE: _("Bystyret"),
    }


def _milestone_state(_: Translate) -> Mapping[Enum, str]:
    from dvmeet.domain.agreement import MilestoneState

    return {
        MilestoneState.DONE: _("Gjort"),
        MilestoneState.DONE_LATE: _("Gjort etter fristen"),
        MilestoneState.LATE: _("Forseinka"),
        MilestoneState.PENDING: _("Ventar"),
        MilestoneState.NOT_DUE: _("Ikkje opna"),
        MilestoneState.NOT_APPLICABLE: _("Ikkje aktuell"),
    }


def _track(_: Translate) -> Mapping[Enum, str]:
    """The column header of a track."""
    from dvmeet.domain.agreement import MilestoneTrack

    return {
        MilestoneTrack.FEEDBACK: _("Tilbakemelding"),
        MilestoneTrack.DECISION: _("Vedtak"),
        MilestoneTrack.SIGNING: _("Signert"),
    }


def _note_kind(_: Translate) -> Mapping[Enum, str]:
    from dvmeet.domain.agreement import NoteKind

    return {
        NoteKind.AMENDMENT: _("Tillegg til tilbakemeldinga"),
        NoteKind.CONTACT: _("Kontakt"),
        NoteKind.DECISION: _("Tidlegare vedtak"),
    }


def _overview_filter(_: Translate) -> Mapping[Enum, str]:
    from dvmeet.domain.agreement import OverviewFilter

    return {
        OverviewFilter.ALL: _("Alle kommunar"),
        OverviewFilter.MISSING_DECISION: _("Manglar vedtak"),
        OverviewFilter.LATE: _("Forseinka"),
        OverviewFilter.MISSING_FEEDBACK: _("Manglar tilbakemelding"),
        OverviewFilter.CHANGE_OF_PRINCIPLE: _("Ber om prinsipiell endring"),
        OverviewFilter.DECLINED: _("Takka nei"),
        OverviewFilter.NOT_SIGNED: _("Ikkje signert"),
    }


def _bound(_: Translate) -> Mapping[Enum, str]:
    """The limit a municipality's cost share was held at."""
    from dvmeet.domain.cost_shares import Bound

    return {Bound.MINIMUM: _("Minstebeløp"), Bound.MAXIMUM: _("Maksimumsbeløp")}


def _hit_kind(_: Translate) -> Mapping[Enum, str]:
    return {HitKind.CASE: _("Sak"), HitKind.DECISION: _("Vedtak"), HitKind.DOCUMENT: _("Dokument")}


def _seat_status(_: Translate) -> Mapping[Enum, str]:
    return {
        SeatStatus.PRESENT: _("Til stades"),
        SeatStatus.FORFALL: _("Forfall"),
        SeatStatus.DEPUTY_FOR: _("Møter som vara"),
        SeatStatus.NOT_RECORDED: _("Ikkje registrert"),
        SeatStatus.LEFT: _("Gått"),
    }


# The plain label of each user-facing enum (one table per enum). The agreement's and the
# cost shares' enums join at the first word asked of one (tables(), _table): their modules
# are not loaded for a document that names none (the minutes).
LABELS: Final[dict[type[Enum], Table]] = {
    Role: _role,
    Gender: _gender,
    MembershipEnd: _end_reason,
    MeetingForm: _form,
    MeetingKind: _meeting_kind,
    MeetingStatus: _status,
    CaseKind: _case_kind,
    ApprovalMethod: _approval,
    ProposalKind: _proposal_kind,
    VoteMethod: _vote_method,
    VoteOutcome: _vote_outcome,
    DisqualificationGround: _ground,
    DocumentKind: _document_kind,
    AgreementOutcome: _agreement_outcome,
    CouncilKind: _council,
    HitKind: _hit_kind,
    SeatStatus: _seat_status,
    LegalForm: _legal_form,
    BodyKind: _body_kind,
    SeatOrder: _seat_order,
}

_EARLY: Final = len(LABELS)

# Other wordings of some enums: the style name -> (enum, table).
STYLES: Final[dict[str, tuple[type[Enum], Table]]] = {
    "in_sentence": (Role, _role_word),
    "registry_column": (MembershipEnd, _end_column),
    "short": (MeetingStatus, _short_status),
}


def _late_tables() -> dict[type[Enum], Table]:
    from dvmeet.domain.agreement import MilestoneState, MilestoneTrack, NoteKind, OverviewFilter
    from dvmeet.domain.cost_shares import Bound

    return {
        MilestoneState: _milestone_state,
        MilestoneTrack: _track,
        NoteKind: _note_kind,
        OverviewFilter: _overview_filter,
        Bound: _bound,
    }


def tables() -> dict[type[Enum], Table]:
    """Every enum's plain table (the late ones loaded)."""
    if len(LABELS) == _EARLY:
        LABELS.update(_late_tables())
    return LABELS


def _table(value: Enum, style: str | None) -> Table:
    if style is None:
        plain = LABELS.get(type(value))
        return plain if plain is not None else tables()[type(value)]
    kind, table = STYLES[style]
    if not isinstance(value, kind):
        raise KeyError(f"no {style!r} wording for {type(value).__name__}")
    return table


def label(value: Enum, style: str | None = None) -> str:
    """The word for an enum value in the interface language (translated when asked, so a
    change of language reaches it)."""
    return _table(value, style)(i18n._)[value]


def nynorsk(value: Enum, style: str | None = None) -> str:
    """The same word in nynorsk whatever the interface language (documents, reports)."""
    return _table(value, style)(keep_nynorsk)[value]


# --- documents: longer nynorsk phrases ------------------------------------------------------

_DOCUMENT_PHRASES: Final[dict[Enum, str]] = {
    MeetingForm.FYSISK: "Fysisk møte",
    MeetingForm.FJERNMOTE: "Fjernmøte",
    MeetingForm.HYBRID: "Hybrid møte (reknast som fjernmøte)",
    ApprovalMethod.SIGNATURES: "med underskrift av møteleiaren og to medlemer valde i møtet",
    ApprovalMethod.NEXT_MEETING: "i neste møte",
    ApprovalMethod.EMAIL_ROUND: "ved e-postrunde",
}


def document_phrase(value: MeetingForm | ApprovalMethod) -> str:
    """How the notice, the minutes and the calendar entry say a meeting form or an approval
    method (nynorsk: documents are nynorsk)."""
    return _DOCUMENT_PHRASES[value]


# --- the change log after the notice: the fields a change names -----------------------------

# Stored facts name the fields of UpdateMeetingIn and UpdateCaseIn (their Python names);
# documents print these words instead (nynorsk: documents are nynorsk).
_FIELD_WORDS: Final[dict[str, str]] = {
    # the meeting
    "date": "dato",
    "start_time": "starttid",
    "end_time": "sluttid",
    "place": "møtestad",
    "form": "møteform",
    "secretariat": "frå sekretariatet",
    "notice_remarks": "merknader til innkalling og sakliste",
    "actual_start": "faktisk starttid",
    "actual_end": "faktisk sluttid",
    # a case (and the meeting's title)
    "title": "tittel",
    "kind": "sakstype",
    "public_title": "offentleg tittel",
    "closed": "lukka",
    "closure_basis": "heimel for lukking",
    "closure_note": "merknad til heimelen",
    "recommendation": "innstilling",
    "description": "saksutgreiing",
    "preparer_person_id": "sakshandsamar",
    "document_version_id": "saksdokument",
    "qualified_majority": "krav om kvalifisert fleirtal",
    "is_election": "val",
    "seats_to_fill": "kor mange som skal veljast",
    "decision_public": "vedtaket er offentleg",
}


def field_word(name: str) -> str:
    """A stored field name ("closure_basis") as the change log prints it ("heimel for
    lukking"). A name without a word (a field added later) is "anna", never the name."""
    return _FIELD_WORDS.get(name, "anna")


def field_words(names: Iterable[str]) -> str:
    """ "lukka, heimel for lukking, offentleg tittel" (each word once, in the given order)."""
    return ", ".join(dict.fromkeys(field_word(n) for n in names))
