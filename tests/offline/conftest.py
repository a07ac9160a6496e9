"""The offline meeting file's tests (issue 18) use the meeting set-up of tests/unit."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "unit"))
