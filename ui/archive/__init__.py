"""The archive's side of a meeting (issue 19): its references in the archive."""
