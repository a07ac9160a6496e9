"""The document tests reuse the meeting helpers in tests/unit (no packages under tests/)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from doc_helpers import held  # noqa: F401  (fixture)
