"""The only door into the core for any front end: one module per area (registry, meetings,
attendance, voting, minutes, governing, search, agreement, ...). Functions take and return
pydantic models. Import the modules themselves; this package imports nothing eagerly, so a
front end can show its window before the storage layer is loaded."""
