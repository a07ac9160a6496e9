"""Service models are built on first use, not at import (issue 21), and a first use from
several threads at once validates as the model says (pydantic's rebuild lock)."""

from __future__ import annotations

import subprocess
import sys
import textwrap

SCRIPT = textwrap.dedent(
    """
    from concurrent.futures import ThreadPoolExecutor

    import pydantic
    from pydantic import BaseModel

    from dvmeet.model_build import DEFER_BUILD
    from dvmeet.documents.minutes_model import MinutesDocument
    from dvmeet.services.registry.models import PersonIn

    assert DEFER_BUILD
    assert not PersonIn.__pydantic_complete__, "built at import"
    assert not MinutesDocument.__pydantic_complete__, "built at import"

    def make(n):
        try:
            PersonIn(name=f"Ola {n}", municipality_number="4601", unknown=1)
        except pydantic.ValidationError as exc:  # extra fields are refused by every thread
            assert "unknown" in str(exc), str(exc)
        else:
            raise AssertionError("an unknown field was let through")
        return PersonIn(name=f"  Ola {n} ", municipality_number="4601").name

    with ThreadPoolExecutor(8) as pool:
        names = list(pool.map(make, range(64)))
    assert names == [f"Ola {n}" for n in range(64)], names
    assert PersonIn.__pydantic_complete__
    print("ok")
    """
)


def test_models_are_built_on_first_use_and_safely_from_threads() -> None:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "ok"
