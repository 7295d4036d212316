"""Views of the ledgers app, one module per subject (pages.py: the studio's five ledgers)."""
