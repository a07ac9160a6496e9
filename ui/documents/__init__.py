"""Dokument: governing documents, their versions, adoptions and differences."""
