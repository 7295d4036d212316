"""URLs of the ledgers app: a studio's ledgers, then the overview of a union's subtree."""

from django.urls import path, register_converter

from .overview.views import api_tokens, dashboard, exports, grants, search, statistics
from .views import alliances
from .views import pages as ledger_pages

app_name = "ledgers"


class LedgerConverter:
    regex = "members|activities|trainings|achievements|funds"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(LedgerConverter, "ledger")

# --- the studio's ledgers, import and export ----------------------------------------------

urlpatterns = [
    path("studio/<int:studio_pk>/", ledger_pages.overview, name="overview"),
    path("studio/<int:studio_pk>/<ledger:ledger>/", ledger_pages.ledger_list, name="list"),
    path("studio/<int:studio_pk>/<ledger:ledger>/new/", ledger_pages.edit, name="add"),
    path("studio/<int:studio_pk>/<ledger:ledger>/<int:pk>/edit/", ledger_pages.edit, name="edit"),
    path("studio/<int:studio_pk>/<ledger:ledger>/<int:pk>/void/", ledger_pages.void, name="void"),
    path("studio/<int:studio_pk>/<ledger:ledger>/<int:pk>/history/", ledger_pages.history, name="history"),
    path("studio/<int:studio_pk>/<ledger:ledger>/export.xlsx", ledger_pages.export, name="export"),
    path("studio/<int:studio_pk>/<ledger:ledger>/import/", ledger_pages.import_rows, name="import"),
    path(
        "studio/<int:studio_pk>/<ledger:ledger>/import/apply/",
        ledger_pages.import_apply,
        name="import_apply",
    ),
    path(
        "studio/<int:studio_pk>/<ledger:ledger>/template.xlsx", ledger_pages.import_template, name="template"
    ),
    path("studio/<int:studio_pk>/members/<int:pk>/left/", ledger_pages.member_left, name="member_left"),
    path("studio/<int:studio_pk>/photos/<int:pk>/", ledger_pages.activity_photo, name="photo"),
    path("studio/<int:studio_pk>/proofs/<int:pk>/", ledger_pages.achievement_proof, name="proof"),
    path("studio/<int:studio_pk>/<slug:kind>/<int:pk>/delete/", ledger_pages.delete_file, name="delete_file"),
]

# --- studio alliances (工作室联盟) -------------------------------------------------------------

urlpatterns += [
    path("alliances/", alliances.alliance_list, name="alliances"),
    path("alliances/new/", alliances.alliance_new, name="alliance_new"),
    path("alliances/<int:pk>/", alliances.alliance_detail, name="alliance_detail"),
    path("alliances/<int:pk>/edit/", alliances.alliance_edit, name="alliance_edit"),
]

# --- the overview: dashboard, studio search, creation funds, large Excel exports -----------

urlpatterns += [
    path("dashboard/", dashboard.dashboard_view, name="dashboard"),
    path("dashboard/<slug:key>.xlsx", dashboard.dashboard_xlsx, name="dashboard_xlsx"),
    path("search/", search.studio_search, name="studio_search"),
    path("grants/", grants.grants_view, name="grants"),
    path("grants/new/<int:studio_pk>/", grants.grant_create, name="grant_create"),
    path("grants/batches/new/", grants.batch_create, name="grant_batch_create"),
    path("grants/batches/<int:pk>/", grants.batch_detail, name="grant_batch"),
    path("grants/earmark/", grants.earmark_view, name="earmark"),
    path("grants/earmark.xlsx", grants.earmark_xlsx, name="earmark_xlsx"),
    path("exports/", exports.export_list, name="exports"),
    path("exports/new/<slug:kind>/", exports.export_request, name="export_request"),
    path("exports/<int:pk>/download/", exports.export_download, name="export_download"),
]

# --- the yearly statistics (统计年报) ----------------------------------------------------------

urlpatterns += [
    path("statistics/", statistics.statistics_view, name="statistics"),
    path("statistics/file/", statistics.statistics_file, name="statistics_file"),
    path("statistics/studios/", statistics.statistics_studios, name="statistics_studios"),
    path("statistics/filings/", statistics.statistics_filings, name="statistics_filings"),
    path("statistics/reports/<int:pk>/", statistics.statistics_report, name="statistics_report"),
    path("statistics/reports/<int:pk>.xlsx", statistics.statistics_xlsx, name="statistics_xlsx"),
    path("statistics/reports/<int:pk>.pdf", statistics.statistics_pdf, name="statistics_pdf"),
    # The API's tokens (the API itself is at /api/, ledgers/api.py).
    path("api-tokens/", api_tokens.token_list, name="api_tokens"),
    path("api-tokens/<int:pk>/revoke/", api_tokens.token_revoke, name="api_token_revoke"),
]
