"""In-app notices and e-mails to whoever must act next.

`notify(users, text, link)` writes one `Notice` per person and sends each an e-mail
(Django's send_mail: the console backend by default, SMTP from EMAIL_URL). Call it
after the change is committed (workflow moves queue their `notify` on commit).
The header shows the unread count through `badge`, registered in UnionsConfig.ready().
"""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from . import compiled
from .models import Membership, Notice


def users_with_roles(union, roles):
    """Active accounts holding one of `roles` on exactly this union."""
    return [
        m.user
        for m in Membership.objects.active()
        .filter(union=union, role__in=roles, user__is_active=True)
        .select_related("user")
        .order_by("user_id")
    ]


def notify(users, text, link="", *, email=True):
    """Tell each of `users` (once each) that `text`; `link` is a path within the site."""
    seen = set()
    recipients = []
    for user in users:
        if user is None or user.pk in seen:
            continue
        seen.add(user.pk)
        recipients.append(user)
    Notice.objects.bulk_create([Notice(user=u, text=text[:300], link=link[:300]) for u in recipients])
    if email:
        site = getattr(settings, "SITE_URL", "").rstrip("/")
        body = text + (f"\n\n{site}{link}" if link else "")
        for user in recipients:
            if user.email:
                send_mail(
                    _("[Innovation studios] %(text)s") % {"text": text[:60]},
                    body,
                    None,
                    [user.email],
                    fail_silently=True,
                )
    return recipients


def mark_read(user, notices=None):
    qs = Notice.objects.unread().filter(user=user)
    if notices is not None:
        qs = qs.filter(pk__in=[n.pk for n in notices])
    return qs.update(read_at=timezone.now())


def _unread_query(user):
    """The user's unread notices counted (no row when there are none), compiled once."""
    return (
        Notice.objects.unread()
        .filter(user_id=user)
        .order_by()
        .values("user_id")
        .annotate(n=Count("*"))
        .values_list("n")
    )


def badge(request):
    """The header badge: notices with the unread count."""
    found = compiled.rows("unions.unread_count", _unread_query, user=request.user.pk)
    count = found[0][0] if found else 0
    return {"label": _("Notices"), "url": reverse("unions:notices"), "count": count}


def notify_each(items, *, email=True):
    """Tell each person their own `text` with their own `link`: `items` are (user, text, link).

    One bulk insert for every notice however many people and subjects (a round opened for a
    whole province), in the caller's transaction; the e-mails (links absolute from SITE_URL) go
    after that transaction commits, so a change rolled back sends none. Each (user, text) is
    told once. Returns the notices written.
    """
    seen = set()
    notices = []
    for user, text, link in items:
        if user is None or (user.pk, text) in seen:
            continue
        seen.add((user.pk, text))
        notices.append(Notice(user=user, text=text[:300], link=(link or "")[:300]))
    Notice.objects.bulk_create(notices)
    if email:
        transaction.on_commit(lambda: _email_each(notices))
    return notices


def _email_each(notices):
    site = getattr(settings, "SITE_URL", "").rstrip("/")
    for notice in notices:
        if notice.user.email:
            send_mail(
                _("[Innovation studios] %(text)s") % {"text": notice.text[:60]},
                notice.text + (f"\n\n{site}{notice.link}" if notice.link else ""),
                None,
                [notice.user.email],
                fail_silently=True,
            )
