"""The text PostgreSQL's full-text search indexes, as SQL (migration 0027 and the search service).

A row of a searched table is a hit when every word of the query begins a word of its text,
ignoring case, keeping diacritics ("år" does not find "ar"; "økon" finds "Økonomi"). On
PostgreSQL each searched table has a GIN index on `to_tsvector('simple', ...)` of the
expressions below, and the search asks `@@ to_tsquery('simple', 'word:*')` (a prefix query,
which the GIN index answers). The service must use exactly these expressions, or the
planner will not use the indexes.

Why so:
- 'simple', not 'norwegian': the Norwegian configuration stems ("kommunane" is indexed as
  "kommun") and drops stop words, so a prefix query of a longer word ("kommunan") would miss
  it; 'simple' only folds case, like SQLite's FTS5 unicode61 tokenizer with diacritics kept.
  No unaccent: it would make å match a.
- ASCII punctuation becomes a space before parsing: PostgreSQL's parser keeps "003/24" (a
  file path), "1.5" (a number) and "post@x.no" whole, where FTS5 sees "003" and "24"; with
  punctuation out, the parser's words are the runs of letters and digits FTS5 sees.
- ÆØÅ are folded explicitly as well as by lower(), so a database whose ctype is plain C
  still finds "Økonomi" by "øk".
The service still checks each row in Python (the rule above, exactly), so a row the index
lets through by a difference between the parsers does not become a hit.
"""

from __future__ import annotations

CONFIG = "simple"
_PUNCTUATION = r"'[!-/:-@\[-`{-~]+'"  # ASCII punctuation, whatever the locale


def _normalised(value: str) -> str:
    return f"lower(translate(regexp_replace({value}, {_PUNCTUATION}, ' ', 'g'), 'ÆØÅ', 'æøå'))"


def tsvector(value: str) -> str:
    return f"to_tsvector('{CONFIG}'::regconfig, {_normalised(value)})"


def _number(column: str, width: int) -> str:
    return f"lpad(({column})::text, greatest({width}, length(({column})::text)), '0')"


def case_text(r: str = "agenda_case") -> str:
    """A case's label ("PS 003 24", as the index of 0003 has it) and its texts."""
    return tsvector(
        f"{r}.kind || ' ' || {_number(f'{r}.number', 3)} || ' ' || "
        f"{_number(f'{r}.year % 100', 2)} || ' ' || coalesce({r}.title, '') || ' ' || "
        f"coalesce({r}.public_title, '') || ' ' || coalesce({r}.recommendation, '') || ' ' || "
        f"coalesce({r}.description, '')"
    )


def decision_text(r: str = "decision") -> str:
    return tsvector(f"coalesce({r}.text, '')")


def version_text(r: str = "document_version") -> str:
    return tsvector(f"coalesce({r}.content, '')")


def document_title_text(r: str = "governing_document") -> str:
    return tsvector(f"coalesce({r}.title, '')")


# index name, table, expression
INDEXES = (
    ("ix_search_case_tsv", "agenda_case", case_text()),
    ("ix_search_decision_tsv", "decision", decision_text()),
    ("ix_search_version_tsv", "document_version", version_text()),
    ("ix_search_document_title_tsv", "governing_document", document_title_text()),
)


def tsquery(term: str) -> str:
    """A prefix query for one term (letters and digits only, folded as the index is)."""
    return f"{term}:*"
