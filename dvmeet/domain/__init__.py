"""Pure domain: enums, value objects and the rules of domain.md. No database, no I/O."""
