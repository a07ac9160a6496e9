"""The only door into the core for any front end. Functions take and return pydantic models."""

from dvmeet.services.context import Context, open_context

__all__ = ["Context", "open_context"]
