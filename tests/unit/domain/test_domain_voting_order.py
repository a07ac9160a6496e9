"""Q-8: voting order."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dvmeet.domain.enums import ProposalKind
from dvmeet.domain.voting_order import ProposalRef, StepKind, voting_order

K = ProposalKind


def test_full_order() -> None:
    steps = voting_order(
        [
            ProposalRef(5, K.ADDITION, 4),
            ProposalRef(2, K.ALTERNATIVE, 2),
            ProposalRef(1, K.RECOMMENDATION, 0),
            ProposalRef(4, K.POSTPONEMENT, 3),
            ProposalRef(3, K.ALTERNATIVE, 1),
            ProposalRef(6, K.ADDITION, 1),
        ]
    )
    assert [(s.number, s.kind, s.proposal_ids) for s in steps] == [
        (1, StepKind.POSTPONEMENT, (4,)),
        (2, StepKind.ALTERNATIVE, (1, 3, 2)),
        (3, StepKind.ADDITION, (6,)),
        (4, StepKind.ADDITION, (5,)),
    ]
    assert "Utsetjingsframlegget vert røysta over først" in steps[0].text
    assert "innstillinga vert sett opp mot dei andre framlegga" in steps[1].text
    assert "for seg" in steps[2].text


def test_recommendation_alone() -> None:
    steps = voting_order([ProposalRef(1, K.RECOMMENDATION, 0)])
    assert [(s.kind, s.proposal_ids) for s in steps] == [(StepKind.SINGLE, (1,))]
    assert steps[0].text == "Innstillinga vert røysta over, for eller mot."


def test_recommendation_against_one_alternative() -> None:
    steps = voting_order([ProposalRef(2, K.ALTERNATIVE, 1), ProposalRef(1, K.RECOMMENDATION, 0)])
    assert steps[0].proposal_ids == (1, 2)
    assert "det andre framlegget" in steps[0].text


def test_alternatives_without_recommendation() -> None:
    steps = voting_order([ProposalRef(2, K.ALTERNATIVE, 1), ProposalRef(3, K.ALTERNATIVE, 0)])
    assert steps[0].kind is StepKind.ALTERNATIVE and steps[0].proposal_ids == (3, 2)


def test_empty() -> None:
    assert voting_order([]) == []


@pytest.mark.parametrize(
    "proposals",
    [
        [ProposalRef(1, K.RECOMMENDATION, 0), ProposalRef(1, K.ALTERNATIVE, 1)],
        [ProposalRef(1, K.RECOMMENDATION, 0), ProposalRef(2, K.RECOMMENDATION, 1)],
        [ProposalRef(1, K.CANDIDATE, 0)],
    ],
)
def test_invalid(proposals: list[ProposalRef]) -> None:
    with pytest.raises(ValueError):
        voting_order(proposals)


kinds = st.sampled_from([K.POSTPONEMENT, K.ALTERNATIVE, K.ADDITION, K.RECOMMENDATION])


@given(st.lists(st.tuples(kinds, st.integers(0, 20)), max_size=12))
def test_properties(items: list[tuple[ProposalKind, int]]) -> None:
    seen_rec = False
    proposals = []
    for i, (kind, order) in enumerate(items):
        if kind is K.RECOMMENDATION:
            if seen_rec:
                kind = K.ALTERNATIVE
            seen_rec = True
        proposals.append(ProposalRef(i, kind, order))
    steps = voting_order(proposals)
    # every proposal appears exactly once
    ids = [pid for s in steps for pid in s.proposal_ids]
    assert sorted(ids) == [p.id for p in proposals]
    # postponements first, then at most one main step, then additions
    rank = {
        StepKind.POSTPONEMENT: 0,
        StepKind.SINGLE: 1,
        StepKind.ALTERNATIVE: 1,
        StepKind.ADDITION: 2,
    }
    assert [rank[s.kind] for s in steps] == sorted(rank[s.kind] for s in steps)
    assert sum(1 for s in steps if rank[s.kind] == 1) <= 1
    assert [s.number for s in steps] == list(range(1, len(steps) + 1))
    # the recommendation leads the main vote
    main = [s for s in steps if rank[s.kind] == 1]
    rec = [p.id for p in proposals if p.kind is K.RECOMMENDATION]
    if main and rec:
        assert main[0].proposal_ids[0] == rec[0]
