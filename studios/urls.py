"""URLs of the studios app. Each subject adds its paths in its own section."""

from django.urls import path  # noqa: F401

app_name = "studios"

urlpatterns = []

# --- studios, criteria, evidence (issue 3) ----------------------------------

# --- campaigns, applications, review, experts, 公示, naming (issue 4) -------

# --- nomination packages (issue 5) ------------------------------------------

# --- assessments, dashboard (issue 6) ----------------------------------------
