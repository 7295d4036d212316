"""Actions of the studios app, one module per subject (studio.py: studios, evidence, leads)."""
