"""Onboarding from one workbook (unions/onboarding.py): upload → preview → apply; and the one-time code page.

Between the preview and "apply" the checked upload waits in private storage (unions/staging.py: a
token bound to the administrator, this import and this union, expiring); "apply" reads it again,
plans again under a lock and writes it whole, then removes it. The one-time codes of the new accounts are shown on the answer to
"apply" only.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import onboarding, staging
from ..uploads import EXCEL, check_upload
from .manage import managed_union_or_404

PURPOSE = "onboarding"


@login_required
def template(request, pk):
    managed_union_or_404(request.user, pk)
    return onboarding.template_response()


@login_required
def upload(request, pk):
    union = managed_union_or_404(request.user, pk)
    form = onboarding.WorkbookForm(request.POST or None, request.FILES or None)
    context = {"union": union, "form": form, "errors": []}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            check_upload(upload, families=(EXCEL,))
            plan = onboarding.plan(upload, root=union, by=request.user)
        except ValidationError as exc:
            form.add_error("file", exc)
        else:
            if plan.errors:
                context["errors"] = plan.errors
            else:
                token = staging.stage(upload, owner=request.user, purpose=PURPOSE, target=union.pk)
                return render(
                    request,
                    "unions/onboarding/preview.html",
                    {"union": union, "plan": plan, "token": token, "first": onboarding.PREVIEW_ROWS},
                )
    return render(request, "unions/onboarding/upload.html", context)


@login_required
@require_POST
def apply(request, pk):
    union = managed_union_or_404(request.user, pk)
    staged = {"owner": request.user, "purpose": PURPOSE, "target": union.pk}
    token = request.POST.get("token", "")
    try:
        with staging.open_staged(token, **staged) as upload:
            applied = onboarding.apply(upload, root=union, by=request.user, request=request)
    except staging.Expired:
        messages.error(request, _("This preview has expired or was applied already; upload the file again."))
        return redirect("unions:onboarding", pk=union.pk)
    except ValidationError:
        messages.error(request, _("The file no longer fits the tree; upload it again to see why."))
        return redirect("unions:onboarding", pk=union.pk)
    finally:
        staging.discard(token, **staged)
    return render(request, "unions/onboarding/applied.html", {"union": union, "applied": applied})


def setup_code(request):
    """Anyone with a username and its one-time code sets the account's password here, once."""
    form = onboarding.SetupCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        onboarding.spend_setup_code(user=form.user, password=form.cleaned_data["password1"])
        messages.success(request, _("Your password is set; log in with it."))
        return redirect("login")
    return render(request, "unions/onboarding/setup_code.html", {"form": form})
