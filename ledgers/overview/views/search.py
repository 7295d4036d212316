"""The studio search: every studio a figure of the dashboard drills down to."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import render
from django.utils import timezone

from studios import warnings
from studios.models import Naming

from ..forms import SearchForm
from ..search import search_studios


@login_required
def studio_search(request):
    form = SearchForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    union, studios = search_studios(request.user, data, timezone.localdate())
    studios = studios.select_related("host_union").prefetch_related(
        Prefetch("namings", queryset=Naming.objects.filter(revoked=False).order_by("-year"), to_attr="titles")
    )
    page = Paginator(studios.order_by("name_pinyin", "name", "pk"), 25).get_page(request.GET.get("page"))
    for studio in page:
        studio.flags = warnings.flags_of(studio)
    return render(request, "ledgers/overview/search.html", {"form": form, "page": page, "union": union})
