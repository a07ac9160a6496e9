"""Documents: pure renderers below the services. A document model (pydantic, defined here)
in, bytes out: PDF with ReportLab (and PDF/A), iCalendar, CSV/XLSX (one writer with one
formula rule, `tables`), HTML, JSON. No context, session or service imports.

dvmeet.services builds every model (the minutes in dvmeet.services.minutes, the others in
dvmeet.services.exports) and writes the files. Public variants are built from public
fields only (O-2, B-4, R-5); renderers never filter.
"""
