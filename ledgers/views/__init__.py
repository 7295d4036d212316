"""Views of a studio's ledgers (pages.py: the five ledgers, from the specs of specs.py); the overview's are in ledgers/overview/views/."""
