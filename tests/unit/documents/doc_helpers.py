"""Helpers for the document tests: a held constituent meeting, PDF text, external tools."""

from __future__ import annotations

import io
import shutil
import subprocess
from typing import Any

import pytest
from meeting_setup import make_body
from pypdf import PdfReader
from test_constituent_meeting import run_constituent_meeting

from dvmeet.services import registry
from dvmeet.services.context import Context
from dvmeet.services.registry.models import PersonUpdate

SAMI = "Máret Čuđe"
NORWEGIAN = "Åse Ærø-Øvrebø"


@pytest.fixture
def held(ctx: Context) -> dict[str, Any]:
    """The constituent meeting, held but not approved; two members renamed so the split
    vote names a Sami name and one with æøå."""
    body = make_body(ctx)
    registry.update_person(ctx, PersonUpdate(id=body.member(4), name=SAMI))
    registry.update_person(ctx, PersonUpdate(id=body.member(5), name=NORWEGIAN))
    run = run_constituent_meeting(ctx, body)
    run["body"] = body
    return run


def pdf_text(data: bytes) -> str:
    """All text of a PDF, whitespace collapsed (lines wrap anywhere)."""
    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join((page.extract_text() or "") for page in reader.pages).split())


def pdf_reader(data: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(data))


def outline_titles(data: bytes) -> list[str]:
    titles: list[str] = []

    def walk(items: list[Any]) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                titles.append(str(item.title))

    walk(pdf_reader(data).outline)
    return titles


def run_tool(tool: str, *args: str) -> subprocess.CompletedProcess[str]:
    if shutil.which(tool) is None:
        pytest.skip(f"{tool} is not installed (apt: qpdf / poppler-utils; .ci/run installs them)")
    return subprocess.run([tool, *args], capture_output=True, text=True, timeout=60)
