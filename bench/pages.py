"""The main pages of the load benchmark and the EXPLAIN check, each as the role that uses it.

Needs the accounts and data of `manage.py seed_scale`.
"""

from django.contrib.auth import get_user_model
from django.urls import reverse
from guardian.shortcuts import get_objects_for_user


def main_pages():
    """[(label, username or None, url)] — the trivial view first, as the ceiling."""
    from studios.models import Application, Campaign, Studio

    User = get_user_model()
    lead = User.objects.get(username="scale_lead")
    lead_studio = get_objects_for_user(lead, "studios.lead_studio", klass=Studio.objects.all()).first()
    staff_union = User.objects.get(username="scale_staff").memberships.get().union
    staff_studio = Studio.objects.filter(host_union=staff_union).order_by("pk").first()
    co_union = User.objects.get(username="scale_co_reviewer").memberships.get().union
    campaign = (
        Campaign.objects.filter(status=Campaign.Status.OPEN, applications__current_union=co_union)
        .distinct()
        .first()
    )
    assert Application.objects.filter(campaign=campaign, current_union=co_union).exists()
    return [
        ("trivial view (ceiling)", None, reverse("healthz")),
        ("home (provincial reviewer)", "scale_prov_reviewer", reverse("home")),
        ("studio list (company reviewer)", "scale_co_reviewer", reverse("studios:list")),
        ("studio page (grassroots staff)", "scale_staff", reverse("studios:detail", args=[staff_studio.pk])),
        (
            "activity ledger (studio lead)",
            "scale_lead",
            reverse("ledgers:list", kwargs={"studio_pk": lead_studio.pk, "ledger": "activities"}),
        ),
        ("dashboard (provincial reviewer)", "scale_prov_reviewer", reverse("ledgers:dashboard")),
        (
            "reviewer inbox (company reviewer)",
            "scale_co_reviewer",
            reverse("studios:inbox", args=[campaign.pk]),
        ),
    ]


KINDS = ("studio page", "studio list", "activity ledger", "reviewer inbox", "home", "dashboard")
ROLES = ("scale_prov_reviewer", "scale_co_reviewer", "scale_staff", "scale_lead")


def browsing_pages(per_kind=300, seed=7):
    """{username: [(kind, path)]} — for each benchmark account, only pages it may open.

    Studio pages and activity ledgers of up to `per_kind` random studios of the person's scope
    (a lead: their own studios, with every page of their ledger), the studio list's pages,
    every page of the reviewer inbox of each open campaign with applications awaiting the
    person's union, the home page, and the dashboard of those who may see one.
    """
    import math
    import random

    from studios.models import Application, Campaign, Studio
    from unions import access

    rng = random.Random(seed)
    User = get_user_model()
    lists = {}
    for username in ROLES:
        user = User.objects.get(username=username)
        pages = [("home", reverse("home"))]
        is_lead = username == "scale_lead"
        studios = Studio.objects.led_by(user) if is_lead else Studio.objects.visible_to(user)
        pks = list(studios.order_by("pk").values_list("pk", flat=True))
        chosen = rng.sample(pks, min(per_kind, len(pks)))
        pages += [("studio page", reverse("studios:detail", args=[pk])) for pk in chosen]
        for pk in chosen:
            ledger = reverse("ledgers:list", kwargs={"studio_pk": pk, "ledger": "activities"})
            pages.append(("activity ledger", ledger))
            if is_lead:
                from ledgers.models import Activity

                n = Activity.objects.filter(studio_id=pk).count()
                pages += [("activity ledger", f"{ledger}?page={p}") for p in range(2, math.ceil(n / 25) + 1)]
        if access.has_any(user, access.VIEW):
            last = max(1, math.ceil(len(pks) / 25))
            numbers = sorted(rng.sample(range(1, last + 1), min(per_kind, last)))
            pages += [("studio list", f"{reverse('studios:list')}?page={n}") for n in numbers]
            pages.append(("dashboard", reverse("ledgers:dashboard")))
        reviewing = access.granted_unions(user, access.REVIEW)
        for campaign in Campaign.objects.filter(status=Campaign.Status.OPEN):
            mine = [u for u in reviewing if u.path.startswith(campaign.organiser.path)]
            waiting = Application.objects.filter(
                campaign=campaign, current_union__in=mine, status__in=Application.REVIEW_STATES
            ).count()
            inbox = reverse("studios:inbox", args=[campaign.pk])
            pages += [("reviewer inbox", f"{inbox}?page={p}") for p in range(1, math.ceil(waiting / 25) + 1)]
        lists[username] = pages
    return lists
