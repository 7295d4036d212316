"""The studio search: the drill-down behind every figure of the dashboard, and its export."""

from django.db.models import Q

from studios import warnings
from studios.models import Naming, Studio
from unions import access, pinyin


def search_studios(user, data, today):
    """The studios of the user's scope matching the search `data` (cleaned), annotated with warnings."""
    studios = access.scope(Studio.objects.all(), user, via="host_union")
    union = None
    if data.get("union"):
        union = access.get_union_or_404(user, data["union"])
        studios = studios.filter(host_union=union) if data.get("own") else studios.within(union)
    q = (data.get("q") or "").strip()
    if q:
        studios = studios.filter(
            pinyin.matches("name", q)
            | pinyin.matches("person_name", q)
            | Q(unit__icontains=q)
            | Q(host_union__name__icontains=q)
        )
    for name in ("kind", "stage"):
        if data.get(name):
            studios = studios.filter(**{name: data[name]})
    if data.get("topic"):
        studios = studios.filter(topics__icontains=f'"{data["topic"]}"')
    if data.get("level"):
        studios = studios.filter(
            stage=Studio.Stage.NAMED,
            pk__in=Naming.objects.filter(revoked=False, level=data["level"]).values("studio_id"),
        )
    if data.get("named_year"):
        studios = studios.filter(pk__in=Naming.objects.filter(year=data["named_year"]).values("studio_id"))
    studios = warnings.annotate_flags(studios, today)
    flag = data.get("flag")
    if flag == "any":
        studios = studios.filter(Q(is_quiet=True) | Q(lacks_results=True))
    elif flag == "quiet":
        studios = studios.filter(is_quiet=True)
    elif flag == "no_results":
        studios = studios.filter(lacks_results=True)
    return union, studios
