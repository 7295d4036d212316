"""The public pages (no log-in): the 公示 notices and their objection form, the named list (名录)
and the verification of a certificate by its number (the QR code's target).

Only what a published notice prints is shown: the studio, the person it is named after, the
unit and union, the dates and the organiser's contact; never a lead's phone, a score, a review
or a comment. A revoked title is shown as revoked, with the day, and never disappears.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from unions import client, pinyin

from .. import permissions, workflow
from ..forms.public import PublicObjectionForm, VerifyForm
from ..models import Application, Naming, NamingLevel, NamingTier, Publicity
from ..services import publicity as services


def _notices():
    return Publicity.objects.select_related("campaign__organiser")


def _internal_link(request, campaign):
    """The internal 公示 page, for those who may open it."""
    user = request.user
    return user.is_authenticated and permissions.can_see_publicity(user, campaign)


def publicity_list(request):
    """Every notice published, the running ones first."""
    today = timezone.localdate()
    notices = list(
        _notices().annotate(studios=Count("applications")).order_by("-ends_on", "-starts_on", "-pk")
    )
    running = [n for n in notices if n.is_running(today)]
    upcoming = [n for n in notices if not n.has_started(today)]
    past = [n for n in notices if n.has_ended(today)]
    return render(
        request,
        "public/publicity_list.html",
        {"section": "publicity", "running": running, "upcoming": upcoming, "past": past, "today": today},
    )


def publicity_detail(request, pk):
    """One notice as published: printable."""
    notice = get_object_or_404(_notices(), pk=pk)
    entries = (
        Application.objects.filter(publicity=notice)
        .select_related("studio__host_union")
        .order_by("studio__name_pinyin", "studio__name", "pk")
    )
    today = timezone.localdate()
    return render(
        request,
        "public/publicity_detail.html",
        {
            "section": "publicity",
            "notice": notice,
            "campaign": notice.campaign,
            "entries": entries,
            "running": notice.is_running(today),
            "started": notice.has_started(today),
            "internal_link": _internal_link(request, notice.campaign),
        },
    )


def objection(request, pk):
    """File an objection to a studio on a running notice, under a real name."""
    notice = get_object_or_404(_notices(), pk=pk)
    address = client.address(request)
    form = PublicObjectionForm(
        request.POST or None, request.FILES or None, applications=services.on_notice(notice)
    )
    running = notice.is_running()
    if request.method == "POST" and running and form.is_valid():
        data = form.cleaned_data
        try:
            services.file_public_objection(
                publicity=notice,
                application=data["application"],
                name=data["name"],
                phone=data["phone"],
                unit=data["unit"],
                text=data["text"],
                address=address,
                attachment=data["attachment"],
                attachment_info=form.attachment_info,
            )
        except workflow.TransitionError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Your objection is received. The organiser will look into it and may call you back."),
            )
            return redirect("public:publicity", pk=notice.pk)
    return render(
        request,
        "public/objection.html",
        {
            "section": "publicity",
            "notice": notice,
            "campaign": notice.campaign,
            "form": form,
            "running": running,
            "left": services.objections_left(address),
        },
    )


def named_list(request):
    """The named list (名录): every title granted, with its status; revoked ones stay, marked."""
    namings = Naming.objects.select_related("studio__host_union", "named_by")
    level = request.GET.get("level", "")
    if level in NamingLevel.values:
        namings = namings.filter(level=level)
    tier = request.GET.get("tier", "")
    if tier in NamingTier.values:
        namings = namings.filter(tier=tier)
    year = request.GET.get("year", "")
    if year.isdigit() and len(year) == 4:
        namings = namings.filter(year=int(year))
    else:
        year = ""
    q = request.GET.get("q", "").strip()[:100]
    if q:
        namings = namings.filter(pinyin.matches("studio__name", q) | Q(certificate_number__icontains=q))
    namings = namings.order_by("-year", "studio__name_pinyin", "studio__name", "pk")
    filters = request.GET.copy()
    filters.pop("page", None)
    return render(
        request,
        "public/named_list.html",
        {
            "section": "named",
            "page": Paginator(namings, 50).get_page(request.GET.get("page")),
            "levels": NamingLevel.choices,
            "level": level,
            "tiers": NamingTier.choices,
            "tier": tier if tier in NamingTier.values else "",
            "year": year,
            "q": q,
            "querystring": filters.urlencode(),
        },
    )


def verify(request):
    """Look a certificate up by its number; the answer is the number's own page (the QR target)."""
    form = VerifyForm(request.GET or None)
    if form.is_bound and form.is_valid():
        return redirect("public:verify_number", number=form.cleaned_data["number"])
    return render(request, "public/verify.html", {"section": "verify", "form": form})


def verify_number(request, number):
    naming = (
        Naming.objects.select_related("studio__host_union", "named_by")
        .filter(certificate_number=number.strip())
        .first()
    )
    return render(
        request,
        "public/verify.html",
        {
            "section": "verify",
            "form": VerifyForm(initial={"number": number}),
            "number": number,
            "naming": naming,
            "looked_up": True,
        },
        status=200 if naming else 404,
    )
