"""URLs of the ledgers app. Each subject adds its paths in its own section."""

from django.urls import path  # noqa: F401

app_name = "ledgers"

urlpatterns = []

# --- the studio's ledgers, import and export (issue 3) ----------------------

# --- creation-fund grants and the overview dashboard (issue 6) ---------------
from . import views_overview as overview  # noqa: E402

urlpatterns += [
    path("dashboard/", overview.dashboard_view, name="dashboard"),
    path("dashboard/<slug:key>.xlsx", overview.dashboard_xlsx, name="dashboard_xlsx"),
    path("search/", overview.studio_search, name="studio_search"),
    path("grants/", overview.grants_view, name="grants"),
    path("grants.xlsx", overview.grants_xlsx, name="grants_xlsx"),
    path("grants/new/<int:studio_pk>/", overview.grant_create, name="grant_create"),
]
