"""The notices page: a person's in-app notices, newest first; opening it marks them read."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from .. import notifications
from ..models import Notice


@login_required
def notices(request):
    page = Paginator(Notice.objects.filter(user=request.user), 30).get_page(request.GET.get("page"))
    unread = [n for n in page.object_list if n.read_at is None]
    response = render(request, "unions/notices.html", {"page": page, "unread_ids": {n.pk for n in unread}})
    notifications.mark_read(request.user, unread)
    return response
