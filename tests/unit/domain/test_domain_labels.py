"""The words of the enums (dvmeet.domain.labels): every value has one, in nynorsk and bokmål."""

from __future__ import annotations

from collections.abc import Iterator
from enum import Enum

import pytest
from babel.messages.pofile import read_po

from dvmeet.domain import labels
from dvmeet.domain.agreement import MilestoneState, MilestoneTrack, NoteKind, OverviewFilter
from dvmeet.domain.cost_shares import Bound
from dvmeet.domain.enums import (
    AgreementOutcome,
    ApprovalMethod,
    CaseKind,
    CouncilKind,
    DisqualificationGround,
    DocumentKind,
    Gender,
    HitKind,
    MeetingForm,
    MeetingKind,
    MeetingStatus,
    MembershipEnd,
    ProposalKind,
    Role,
    SeatStatus,
    VoteMethod,
    VoteOutcome,
)
from dvmeet.i18n import catalog_path, set_language

USER_FACING: tuple[type[Enum], ...] = (
    AgreementOutcome,
    ApprovalMethod,
    Bound,
    CaseKind,
    CouncilKind,
    DisqualificationGround,
    DocumentKind,
    Gender,
    HitKind,
    MeetingForm,
    MeetingKind,
    MeetingStatus,
    MembershipEnd,
    MilestoneState,
    MilestoneTrack,
    NoteKind,
    OverviewFilter,
    ProposalKind,
    Role,
    SeatStatus,
    VoteMethod,
    VoteOutcome,
)


@pytest.fixture(autouse=True)
def nynorsk_after() -> Iterator[None]:
    yield
    set_language("nn")


def _bokmal() -> dict[str, str]:
    with open(catalog_path("nb"), "rb") as fh:
        po = read_po(fh, locale="nb")
    return {m.id: str(m.string) for m in po if isinstance(m.id, str) and m.id and m.string}


def _members() -> list[tuple[Enum, str | None]]:
    plain: list[tuple[Enum, str | None]] = [(v, None) for kind in USER_FACING for v in kind]
    styled = [(v, style) for style, (kind, _t) in labels.STYLES.items() for v in kind]
    return plain + styled


def test_every_user_facing_enum_has_a_table() -> None:
    assert set(USER_FACING) <= set(labels.tables())


@pytest.mark.parametrize(("value", "style"), _members(), ids=repr)
def test_every_value_has_a_word_in_nynorsk_and_bokmal(value: Enum, style: str | None) -> None:
    source = labels.nynorsk(value, style)
    assert source.strip()
    assert labels.label(value, style) == source  # nynorsk is the source language
    bokmal = _bokmal()
    assert bokmal.get(source, "").strip(), f"no bokmål for {source!r}"
    set_language("nb")
    assert labels.label(value, style) == bokmal[source]
    assert labels.nynorsk(value, style) == source  # documents stay nynorsk


def test_words_follow_a_change_of_language() -> None:
    assert labels.label(MilestoneState.LATE) == "Forseinka"
    set_language("nb")
    assert labels.label(MilestoneState.LATE) == "Forsinket"
    assert labels.label(AgreementOutcome.DECLINE) == "Takket nei"
    set_language("nn")
    assert labels.label(AgreementOutcome.DECLINE) == "Takka nei"


def test_styles() -> None:
    assert labels.label(Role.LEIAR) == "Leiar"
    assert labels.label(Role.LEIAR, "in_sentence") == "leiar"
    assert labels.label(MembershipEnd.MOVED_UP) == "rykt opp"
    assert labels.label(MembershipEnd.MOVED_UP, "registry_column") == "rykt opp / ny rang"
    assert labels.label(MeetingStatus.NOTICE_SENT) == "Innkalling send"
    assert labels.label(MeetingStatus.NOTICE_SENT, "short") == "Innkalla"


def test_a_style_of_another_enum_is_refused() -> None:
    with pytest.raises(KeyError):
        labels.label(Gender.MANN, "short")


def test_document_phrases_cover_forms_and_approval_methods() -> None:
    for value in (*MeetingForm, *ApprovalMethod):
        assert labels.document_phrase(value).strip()
    assert labels.document_phrase(MeetingForm.HYBRID) == "Hybrid møte (reknast som fjernmøte)"
    set_language("nb")  # documents are nynorsk whatever the interface says
    assert labels.document_phrase(ApprovalMethod.NEXT_MEETING) == "i neste møte"
