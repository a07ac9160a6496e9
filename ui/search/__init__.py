"""Søk: one search field over cases, decisions and governing documents."""
