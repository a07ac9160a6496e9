"""The Register view: municipalities, persons, and each body's seats (R-1 to R-4)."""
