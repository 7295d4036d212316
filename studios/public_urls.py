"""The public pages (no log-in), under /public/."""

from django.urls import path

from .views import public

app_name = "public"

urlpatterns = [
    path("publicity/", public.publicity_list, name="publicity_list"),
    path("publicity/<int:pk>/", public.publicity_detail, name="publicity"),
    path("publicity/<int:pk>/objection/", public.objection, name="objection"),
    path("named/", public.named_list, name="named"),
    path("verify/", public.verify, name="verify"),
    # path: a campaign's certificate pattern may put a slash in its numbers (e.g. 浙工/2026/0001).
    path("verify/<path:number>/", public.verify_number, name="verify_number"),
]
