"""Top-level URL map."""

from django.contrib import admin
from django.urls import include, path

from ledgers.api import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("unions.urls")),
    path("studios/", include("studios.urls")),
    path("ledgers/", include("ledgers.urls")),
    path("api/", api.urls),  # read-only, per-union tokens; docs at /api/docs
    path("public/", include("studios.public_urls")),  # no log-in: 公示, the named list, verification
]

handler400 = "unions.views.errors.bad_request"
handler403 = "unions.views.errors.permission_denied"
handler404 = "unions.views.errors.page_not_found"
