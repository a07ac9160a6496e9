"""When pydantic builds a model's validator.

Built when the model is first used, not when its module is imported: a command imports
many models and uses a few (issue 21: 93 models were built to export one møtebok). Only
with pydantic 2.14 or later, whose first-use build holds a lock: the app's worker threads
may meet a model first at the same time."""

from __future__ import annotations

from pydantic.version import VERSION

DEFER_BUILD = tuple(int(p) for p in VERSION.split(".")[:2]) >= (2, 14)
