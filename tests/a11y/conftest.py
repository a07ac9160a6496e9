"""The accessibility tests reuse the meeting helpers in tests/unit (no packages under tests/)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "unit"))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "unit" / "documents"))
sys.path.insert(0, str(Path(__file__).resolve().parent))
