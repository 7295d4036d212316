"""URLs of the ledgers app. Each subject adds its paths in its own section."""

from django.urls import path  # noqa: F401

app_name = "ledgers"

urlpatterns = []

# --- the studio's ledgers, import and export (issue 3) ----------------------

# --- creation-fund grants and the overview dashboard (issue 6) ---------------
