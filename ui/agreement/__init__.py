"""The Avtale view: the agreement process per municipality and the cost shares."""
