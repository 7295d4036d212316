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
