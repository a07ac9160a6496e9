"""The log file: where unexpected errors are written in full (front ends show one line)."""

from __future__ import annotations

import logging
from pathlib import Path

from dvmeet.paths import log_dir, make_private_dir

LOG_NAME = "dvmeet.log"
_handler: logging.Handler | None = None


def log_file() -> Path:
    return log_dir() / LOG_NAME


def setup_logging(level: int = logging.INFO) -> Path | None:
    """Send the `dvmeet` and `ui` loggers to the log file; return its path (None if unwritable)."""
    global _handler
    target = log_file()
    if _handler is not None:
        return target
    try:
        make_private_dir(target.parent)
        handler = logging.FileHandler(target, encoding="utf-8")
    except OSError:
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    for name in ("dvmeet", "ui"):
        logger = logging.getLogger(name)
        logger.addHandler(handler)
        logger.setLevel(level)
    _handler = handler
    return target
