"""The speakers' list (talarliste) of a case in a running meeting: the queue, replikkar
to the innlegg on the floor within the body's limit, who has the floor and for how long
(from the stored times), and the body's rules for it.

The door: the functions a front end may call (context in, pydantic out) and their
models. Session and ORM helpers stay in the private modules of this package."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dvmeet.services._door import open_door

if TYPE_CHECKING:
    from dvmeet.services.speakers._speakers import (
        add_speaker,
        meeting_speakers,
        move_speaker,
        remove_speaker,
        set_speaker_settings,
        speaker_settings,
        speakers_list,
        start_speaker,
        stop_speaker,
    )
    from dvmeet.services.speakers.models import (
        MoveSpeakerIn,
        SpeakerActIn,
        SpeakerCandidate,
        SpeakerIn,
        SpeakerOut,
        SpeakerSettingsIn,
        SpeakerSettingsOut,
        SpeakersOut,
    )

__all__ = [
    "MoveSpeakerIn",
    "SpeakerActIn",
    "SpeakerCandidate",
    "SpeakerIn",
    "SpeakerOut",
    "SpeakerSettingsIn",
    "SpeakerSettingsOut",
    "SpeakersOut",
    "add_speaker",
    "meeting_speakers",
    "move_speaker",
    "remove_speaker",
    "set_speaker_settings",
    "speaker_settings",
    "speakers_list",
    "start_speaker",
    "stop_speaker",
]
__getattr__ = open_door(__name__, __all__)
