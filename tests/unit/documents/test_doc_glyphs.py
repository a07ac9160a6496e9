"""Characters the embedded font cannot carry into a PDF's text layer (emoji beyond U+FFFF,
scripts DejaVu Sans lacks) show as a visible replacement mark, never as garbage; Sami and
Norwegian letters stay exactly as written."""

from __future__ import annotations

from typing import Any

from doc_helpers import NORWEGIAN, SAMI, pdf_text

from dvmeet.documents.fonts import REPLACEMENT, drawable
from dvmeet.documents.minutes import minutes_pdf
from dvmeet.services import minutes, registry
from dvmeet.services.context import Context
from dvmeet.services.registry.models import PersonUpdate

SMILE = "\U0001f600"
HAN = "中文"


def test_drawable_keeps_what_the_font_carries_and_marks_the_rest() -> None:
    assert (
        drawable("Máret Čuđe Ŋuolga Ánde Ŧeahkká Åse Ærø")
        == "Máret Čuđe Ŋuolga Ánde Ŧeahkká Åse Ærø"
    )
    assert drawable(f"Kari {SMILE} Nordmann {HAN}") == (
        f"Kari {REPLACEMENT} Nordmann {REPLACEMENT}{REPLACEMENT}"
    )
    assert drawable("linje 1\nlinje\t2") == "linje 1\nlinje\t2"


def test_an_emoji_in_a_name_is_marked_not_garbled_in_the_minutes(
    ctx: Context, held: dict[str, Any]
) -> None:
    body = held["body"]
    registry.update_person(ctx, PersonUpdate(id=body.member(6), name=f"Kari {SMILE} {HAN} Vik"))
    text = pdf_text(minutes_pdf(minutes.minutes_document(ctx, held["meeting_id"], public=False)))
    assert f"Kari {REPLACEMENT} {REPLACEMENT}{REPLACEMENT} Vik" in text
    assert SMILE not in text and HAN not in text and "\x00" not in text
    for name in (SAMI, NORWEGIAN):
        assert name in text
