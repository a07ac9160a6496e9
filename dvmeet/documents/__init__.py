"""Documents: data first (pydantic models built from the services), then rendering to bytes.

Public variants are built from public fields only (O-2, B-4, R-5); renderers never filter.
"""
