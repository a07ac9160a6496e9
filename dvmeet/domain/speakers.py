"""The speakers' list (talarliste): the kinds of turn, time on the floor and the limits of
a body, as pure rules. The services keep the list in `speaker_entry` and ask these."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from dvmeet import i18n


class SpeakerKind(StrEnum):
    INNLEGG = "innlegg"  # a turn on the list
    REPLIKK = "replikk"  # a short reply to the innlegg just held


def kind_word(kind: SpeakerKind) -> str:
    """The interface's word for a kind of turn."""
    _ = i18n._
    return {SpeakerKind.INNLEGG: _("innlegg"), SpeakerKind.REPLIKK: _("replikk")}[kind]


def elapsed_seconds(
    started_at: dt.datetime | None, ended_at: dt.datetime | None, now: dt.datetime
) -> int:
    """Seconds on the floor, from the stored times: a turn not started has 0, a turn
    under way counts to `now` (so it survives a restart), an ended one to its end."""
    if started_at is None:
        return 0
    end = ended_at if ended_at is not None else now
    return max(0, int((end - started_at).total_seconds()))


def time_limit(
    kind: SpeakerKind, innlegg_seconds: int | None, replikk_seconds: int | None
) -> int | None:
    """The body's limit for a turn of this kind (None: no limit)."""
    return innlegg_seconds if kind is SpeakerKind.INNLEGG else replikk_seconds


def over_limit(elapsed: int, limit: int | None) -> bool:
    return limit is not None and elapsed > limit


def replikk_allowed(replikkar_so_far: int, max_replikkar: int | None) -> bool:
    """Whether one more replikk fits under the body's limit per innlegg (None: no limit)."""
    return max_replikkar is None or replikkar_so_far < max_replikkar


def clock_text(seconds: int) -> str:
    """02:05, or 1:02:05 past an hour."""
    hours, rest = divmod(max(0, seconds), 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"
